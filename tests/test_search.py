"""macros/search.py: accent-insensitive search index that stays small and never creates markup.

The index ``title``/``text`` are HTML (Material's search plugin escapes the page text and keeps
some tags) that Material's search results insert as markup. Folding must never turn text into
markup (issue 17, item 1): U+226E «≮» decomposes (NFD) into ``<`` + U+0338, so folding the
escaped HTML, as the old code did, turned ``≮img src=x onerror=alert(1)≯`` into a live tag.
"""
from __future__ import annotations

import html
import json
import unicodedata

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from macros import search

# Characters whose canonical or compatibility decomposition contains markup characters.
DECOMPOSE_TO_MARKUP = ["\u226e", "\u226f", "\u2260", "\ufe64", "\ufe65", "\uff1c", "\uff1e", "\ufe60",
                       "\uff06", "\uff02", "\uff07", "\u037e"]


def material_html(text: str) -> str:
    """What Material's search plugin writes for a paragraph: the text escaped (quote=False)."""
    return f"<p>{html.escape(text, quote=False)}</p>"


def tags_and_handlers(markup: str) -> tuple[list[str], list[str]]:
    soup = BeautifulSoup(markup, "html.parser")
    tags = [t.name for t in soup.find_all(True)]
    handlers = [a for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")]
    return tags, handlers


def fold_one(title: str, text: str) -> dict:
    return search.fold_entries([{"location": "x/", "title": title, "text": text}])[0]


def test_solo_se_agregan_las_palabras_con_acento_una_vez():
    entry = fold_one("Evaluación del desempeño", material_html(
        "La evaluación y la Evaluación del desempeño; la comisión revisa. Sin tildes aquí no."))
    assert entry["title"] == "Evaluación del desempeño evaluacion desempeno"
    assert entry["text"].endswith("</p> evaluacion desempeno comision aqui")
    # Words without accents are not copied: the index does not double.
    assert entry["text"].count("revisa") == 1


def test_las_etiquetas_y_entidades_no_aportan_palabras():
    entry = fold_one("", '<p>camión &amp; <code>acción</code> &lt;b&gt;índice&lt;/b&gt;</p>')
    assert entry["text"].endswith(" camion accion indice")


def test_sin_acentos_no_cambia_nada():
    entry = fold_one("Sin tildes", "<p>nada que cambiar</p>")
    assert entry == {"location": "x/", "title": "Sin tildes", "text": "<p>nada que cambiar</p>"}


@pytest.mark.parametrize("field", ["title", "text"])
@pytest.mark.parametrize("payload", [
    "\u226eimg src=x onerror=alert(1)\u226f",            # the case of issue 17
    "\u226escript\u226falert(1)\u226e/script\u226f",
    "\u226esvg onload=alert(1)\u226f",
    "\uff1cimg src=x onerror=alert(1)\uff1e",            # full-width (NFKC → <>)
    "\ufe64img src=x onerror=alert(1)\ufe65",            # small form variants (NFKC → <>)
    "a\u2260b \u226ea href=javascript:alert(1)\u226fenlace\u226e/a\u226f",
    "evaluación \u226eimg src=x onerror=alert(1)\u226f desempeño",
])
def test_el_plegado_nunca_crea_marcado(field, payload):
    value = material_html(payload) if field == "text" else html.escape(payload, quote=False)
    before = tags_and_handlers(value)
    entry = fold_one(value if field == "title" else "Título", value if field == "text" else "")
    after = tags_and_handlers(entry[field])
    assert after == before, entry[field]
    assert "<img" not in entry[field] and "<script" not in entry[field] and "<svg" not in entry[field]
    added = entry[field][len(value):]
    assert all(c == " " or c.isalpha() for c in added), added      # only words were appended


def test_palabras_agregadas_solo_letras_y_escapadas():
    text = "".join(DECOMPOSE_TO_MARKUP) + " " + " ".join(f"x{c}y" for c in DECOMPOSE_TO_MARKUP)
    assert search.folded_words(material_html(text)) == ""
    assert search.folded_words(material_html("Ñandú ÉXITO ǅemal Ǆémal")) == "nandu exito ǆemal"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(min_size=0, max_size=30), st.sampled_from(
    DECOMPOSE_TO_MARKUP + ["evaluación", "img", " onerror=alert(1)", "script", "<", ">", "&", '"']
)), max_size=12))
def test_propiedad_el_indice_plegado_no_tiene_marcado_nuevo(pieces):
    """For random Unicode text, the folded entry has exactly the tags and attributes of the
    entry Material wrote; the appended words are letters and spaces only."""
    text = "".join(pieces)
    value = material_html(text)
    entry = fold_one(html.escape(text, quote=False), value)
    assert tags_and_handlers(entry["text"]) == tags_and_handlers(value)
    assert tags_and_handlers(entry["title"]) == tags_and_handlers(html.escape(text, quote=False))
    added = entry["text"][len(value):]
    assert all(c == " " or c.isalpha() for c in added), added
    # Nor can a later normalisation of the appended words produce markup characters.
    assert not set(unicodedata.normalize("NFKD", added)) & set("<>&\"'=")


def test_indice_escrito_en_sitio(tmp_path):
    (tmp_path / "search").mkdir()
    payload = "\u226eimg src=x onerror=alert(1)\u226f"
    index = {"config": {"lang": ["es"]}, "docs": [
        {"location": "a/", "title": html.escape(payload), "text": material_html(f"Acción {payload}")}]}
    path = tmp_path / "search" / "search_index.json"
    path.write_text(json.dumps(index, ensure_ascii=True), encoding="utf-8")
    assert search.fold_search_index(str(tmp_path))
    raw = path.read_text(encoding="utf-8")
    assert "<img" not in raw and "\\u003cimg" not in raw.lower()
    doc = json.loads(raw)["docs"][0]
    assert doc["text"] == material_html(f"Acción {payload}") + " accion"
    assert doc["title"] == html.escape(payload)


def test_el_indice_de_busqueda_agrega_las_palabras_sin_acentos(tmp_path):
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["es"]}, "docs": [
        {"location": "a/", "title": "Evaluación", "text": "La Comisión revisa"},
        {"location": "b/", "title": "Sin tildes", "text": "nada que cambiar"}]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert search.fold_search_index(str(tmp_path))
    docs = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert docs[0]["title"] == "Evaluación evaluacion"
    assert docs[0]["text"] == "La Comisión revisa comision"
    assert docs[1] == index["docs"][1]
    assert not search.fold_search_index(str(tmp_path / "sin-sitio"))


def _folded_words_reference(markup: str) -> str:
    """folded_words without the word memo: each word folded on the spot."""
    seen: dict[str, None] = {}
    for word in search._ACCENTED_WORD.findall(search._plain_text(markup)):
        plain = search.strip_accents(word)
        if plain != word and plain.isalpha():
            seen.setdefault(plain.casefold(), None)
    return html.escape(" ".join(seen), quote=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(min_size=0, max_size=20), st.sampled_from(
    DECOMPOSE_TO_MARKUP + ["evaluación", "Evaluación", "ÉXITO", "Ǆémal", "niño", "x\u0301y", " "]
)), max_size=12))
def test_propiedad_la_memoria_de_palabras_no_cambia_el_resultado(pieces):
    """The word memo (kept between builds of mkdocs serve) gives what folding each word on the
    spot gives, the first time and when every word is already in it."""
    value = material_html("".join(pieces))
    expected = _folded_words_reference(value)
    assert search.folded_words(value) == expected
    assert search.folded_words(value) == expected


def test_el_indice_se_escribe_igual_que_con_json_dump(tmp_path):
    """Same bytes as the former json.dump(…, ensure_ascii=False, separators=(",", ":"))."""
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["es"], "separator": "[\\s\\-]+"}, "docs": [
        {"location": "a/", "title": "Evaluación «x» \u2028 \"y\"", "text": "<p>Comisión &amp; ñ \U0001F600 \x01</p>"},
        {"location": "b/", "title": "", "text": "", "boost": 2.5, "tags": ["ü", 1]}]}
    path = tmp_path / "search" / "search_index.json"
    path.write_text(json.dumps(index), encoding="utf-8")
    assert search.fold_search_index(str(tmp_path))
    folded = search.fold_entries(json.loads(json.dumps(index))["docs"])
    with open(tmp_path / "esperado.json", "w", encoding="utf-8") as fh:
        json.dump({"config": index["config"], "docs": folded}, fh, ensure_ascii=False, separators=(",", ":"))
    assert path.read_bytes() == (tmp_path / "esperado.json").read_bytes()
