"""macros/a11y.py: every table finished for assistive technology (scope, name, cards) and
acronyms expanded once per page, on Markdown converted as MkDocs does."""
import markdown
from bs4 import BeautifulSoup

from macros.a11y import AccessibilityExtension
from macros.abbreviations import AbbreviationsExtension


def html(source: str, glossary: dict | None = None) -> BeautifulSoup:
    extensions = ["tables", "attr_list", "md_in_html", "toc", AccessibilityExtension()]
    if glossary:
        extensions.append(AbbreviationsExtension(glossary=glossary))
    md = markdown.Markdown(extensions=extensions, extension_configs={"toc": {"permalink": True}})
    return BeautifulSoup(md.convert(source), "html.parser")


ACTIVITIES = """# SPE-01 · Un procedimiento

## Actividades

| Cvo. | Acción | Responsable(s) | Insumos | Salida(s) |
| ---: | --- | --- | --- | --- |
| 1 | Revisar <span>algo</span> | DEVySPE | Oficio | Dictamen |
| 2 | Notificar | CSPE | Dictamen | — |

## Riesgos

| Riesgo | NR |
| --- | --- |
| R-1 | 6 |
"""


def test_encabezados_con_scope_y_tablas_con_nombre_del_titulo_sin_el_enlace_permanente():
    soup = html(ACTIVITIES)
    tables = soup.find_all("table")
    assert [t.get("aria-label") for t in tables] == ["Actividades", "Riesgos"]
    assert all(th.get("scope") == "col" for t in tables for th in t.find_all("th"))
    assert "¶" not in tables[0]["aria-label"]


def test_la_tabla_de_actividades_lleva_tarjetas_roles_y_rotulos():
    table = html(ACTIVITIES).find("table")
    assert table.has_attr("data-tarjetas") and table["role"] == "table"
    assert {g["role"] for g in table.find_all(["thead", "tbody"])} == {"rowgroup"}
    assert all(tr["role"] == "row" for tr in table.find_all("tr"))
    assert all(th["role"] == "columnheader" for th in table.find_all("th"))
    first = table.find("tbody").find("tr").find_all("td")
    assert [td["data-label"] for td in first] == ["Cvo.", "Acción", "Responsable(s)", "Insumos", "Salida(s)"]
    assert all(td["role"] == "cell" for td in first)


def test_otras_tablas_no_son_tarjetas():
    risks = html(ACTIVITIES).find_all("table")[1]
    assert not risks.has_attr("data-tarjetas") and not risks.has_attr("role")
    assert not any(td.has_attr("data-label") for td in risks.find_all("td"))


def test_una_linea_en_negritas_antes_de_la_tabla_le_da_nombre_y_no_se_pisa_un_caption():
    soup = html("## Procedimiento\n\n**Actividades de CV-03**\n\n| A | B |\n| - | - |\n| 1 | 2 |\n\n"
                '<table aria-label="Ya tiene"><tr><th>x</th></tr></table>\n')
    named = soup.find("table")
    assert named["aria-label"] == "Actividades de CV-03"


def test_la_primera_sigla_de_la_pagina_lleva_su_significado_oculto_una_sola_vez():
    soup = html("La DESPEN revisa.\n\nOtra vez la DESPEN.\n",
                glossary={"DESPEN": "Dirección Ejecutiva del Servicio."})
    expansions = soup.select(".sigla-expansion")
    assert [e.get_text() for e in expansions] == [" (Dirección Ejecutiva del Servicio)"]
    assert soup.find("abbr").find_next_sibling() is expansions[0]
    assert soup.find("p").get_text() == "La DESPEN (Dirección Ejecutiva del Servicio) revisa."


def test_el_significado_es_texto_aunque_traiga_marcas():
    soup = html("El INE decide.\n", glossary={"INE": 'Instituto <b onclick="x()">Nacional</b> & "Electoral"'})
    expansion = soup.select_one(".sigla-expansion")
    assert expansion.find("b") is None
    assert expansion.get_text() == ' (Instituto <b onclick="x()">Nacional</b> & "Electoral")'
