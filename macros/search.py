"""Accent-insensitive Spanish search.

lunr (with lunr.es) does no diacritic folding: «evaluacion» does not find «evaluación».
After the build, :func:`fold_search_index` rewrites ``search/search_index.json`` and appends
to each entry's ``title`` and ``text`` a copy without accents (NFD, combining marks removed),
so both spellings match. Material builds the lunr index in the browser from this file.
"""
from __future__ import annotations

import json
import os
import unicodedata


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _folded(text: str) -> str:
    plain = strip_accents(text)
    return text if plain == text else f"{text} {plain}"


def fold_entries(docs: list[dict]) -> list[dict]:
    for entry in docs:
        for key in ("title", "text"):
            value = entry.get(key)
            if isinstance(value, str) and value:
                entry[key] = _folded(value)
    return docs


def fold_search_index(site_dir: str) -> bool:
    """Rewrite ``<site_dir>/search/search_index.json`` in place; False if there is none."""
    path = os.path.join(site_dir, "search", "search_index.json")
    if not os.path.isfile(path):
        return False
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    fold_entries(data.get("docs", []))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, path)
    return True
