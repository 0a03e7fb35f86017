"""Accent-insensitive Spanish search, with an index that does not double.

lunr (with lunr.es) does no diacritic folding: «evaluacion» does not find «evaluación».
After the build, :func:`fold_search_index` rewrites ``search/search_index.json``: to each
entry's ``title`` and ``text`` it appends the accent-free form of every distinct word of that
field that has one (``evaluación del desempeño`` → ``… evaluacion desempeno``), so both
spellings match. Only those words are added, not an accent-free copy of the whole text (which
doubled the index: 1.77× at 12 procedures); the index grows by a few per cent. Material builds
the lunr index in the browser from this file.

Safety (issue 17, «transformations after escaping create markup»). The index ``title`` and
``text`` are HTML that Material's search results insert as markup, already escaped by the
search plugin. That HTML is never transformed here: the added words are computed from its
*text* (tags removed, entities decoded), folded (NFD, combining marks dropped, NFC), kept only
if every character is a letter, and HTML-escaped before they are appended. A character that
decomposes into markup (U+226E «≮» is ``<`` + U+0338) is not a letter, so it cannot enter the
index through folding, and the escaping would neutralise it anyway.
"""
from __future__ import annotations

import html
import json
import os
import re
import unicodedata

# Words that contain at least one non-ASCII letter (only those can have an accent).
_ACCENTED_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")
_TAG = re.compile(r"<[^>]*>")
_FIELDS = ("title", "text")

# value -> appended words; kept between builds of one process (mkdocs serve), pruned to the
# values of the last build so that it never grows beyond one index.
_MEMO: dict[str, str] = {}


def strip_accents(text: str) -> str:
    """``text`` without combining marks (NFD, marks dropped, NFC). Plain text only: never
    apply it to HTML, since characters such as U+226E decompose into ``<``."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# word -> its accent-free form, or None when it has none that can be added (a pure function
# of the word: the same few thousand words recur all over the index).
_WORDS: dict[str, str | None] = {}
_WORDS_MAX = 200_000


def _folded_word(word: str) -> str | None:
    try:
        return _WORDS[word]
    except KeyError:
        pass
    plain = strip_accents(word)
    folded = plain.casefold() if plain != word and plain.isalpha() else None
    if len(_WORDS) >= _WORDS_MAX:
        _WORDS.clear()
    _WORDS[word] = folded
    return folded


def _plain_text(markup: str) -> str:
    """The text a reader sees in an index field (tags removed, entities decoded)."""
    return html.unescape(_TAG.sub(" ", markup))


def folded_words(markup: str) -> str:
    """Accent-free forms of the accented words of ``markup``, distinct (case-insensitive),
    in order of appearance, HTML-escaped and space-separated; '' when there are none."""
    seen: dict[str, None] = {}
    for word in _ACCENTED_WORD.findall(_plain_text(markup)):
        folded = _folded_word(word)
        if folded is not None:
            seen.setdefault(folded, None)
    return html.escape(" ".join(seen), quote=True)


def _with_folded(value: str, memo: dict[str, str]) -> str:
    extra = memo.get(value)
    if extra is None:
        extra = _MEMO.get(value)
        if extra is None:
            extra = folded_words(value)
        memo[value] = extra
    return f"{value} {extra}" if extra else value


def fold_entries(docs: list[dict]) -> list[dict]:
    memo: dict[str, str] = {}
    for entry in docs:
        for key in _FIELDS:
            value = entry.get(key)
            if isinstance(value, str) and value:
                entry[key] = _with_folded(value, memo)
    _MEMO.clear()
    _MEMO.update(memo)
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
    # json.dumps, not json.dump: the same text, but from the C encoder (json.dump streams
    # through the pure-Python one: 0.6 s of a 2.5 s «serve --dirty» rebuild at 100 procedures)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return True
