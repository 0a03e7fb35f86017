"""Accent folding of the search index (macros/search.py)."""
from __future__ import annotations

import json

from macros import search


def test_el_indice_de_busqueda_agrega_copias_sin_acentos(tmp_path):
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["es"]}, "docs": [
        {"location": "a/", "title": "Evaluación", "text": "La Comisión revisa"},
        {"location": "b/", "title": "Sin tildes", "text": "nada que cambiar"}]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert search.fold_search_index(str(tmp_path))
    docs = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs[0]["title"] == "Evaluación Evaluacion"
    assert docs[0]["text"] == "La Comisión revisa La Comision revisa"
    assert docs[1] == index["docs"][1]
    assert not search.fold_search_index(str(tmp_path / "sin-sitio"))
