"""The navigable manual, built from YAML: assertions on the generated HTML of the minimal
manual (``sitio_minimo``), of the same manual plus one procedure file (``sitio_ampliado``)
and, when it validates, of the real manual in procesos_yaml/."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from checks import check
from tests.common import REPO, build_site

STEP_NODE = re.compile(r'^\s*(s\d+)\["', re.M)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def article(html: str):
    return soup(html).select_one("article.md-content__inner")


def mermaid_sources(html: str) -> list[str]:
    return [pre.get_text() for pre in soup(html).select("pre.mermaid")]


def step_links(node) -> list[tuple[str, int]]:
    """(procedure id, cvo) of every link to a step anchor, in document order."""
    out = []
    for a in node.select('a[href*="#paso-"]'):
        m = re.search(r"procedimientos/([^/]+)/#paso-(\d+)$", a["href"])
        if m:
            out.append((m.group(1), int(m.group(2))))
    return out


def nav_hrefs(html: str) -> list[str]:
    nav = soup(html).select_one("nav.md-nav--primary")
    return [a.get("href", "") for a in nav.select("a")]


# --- flowcharts ---------------------------------------------------------------------------

def test_cada_procedimiento_tiene_un_nodo_por_paso(sitio_ampliado):
    manual = check(sitio_ampliado.procesos).manual
    assert len(manual.procedures) == 2
    for proc in manual.procedures.values():
        sources = mermaid_sources(sitio_ampliado.page(f"procedimientos/{proc.id}.md"))
        assert len(sources) == 1
        # nodes are declared lane by lane; node sK is step K and its box starts with its number
        labels = dict(re.findall(r'^\s*(s\d+)\["(?:<a href=[^>]*>)?(\d+)\. ', sources[0], re.M))
        assert len(STEP_NODE.findall(sources[0])) == len(labels) == len(proc.steps)
        assert [int(labels[f"s{k}"]) for k in range(1, len(proc.steps) + 1)] == [s.cvo for s in proc.steps]


def test_las_decisiones_dibujan_ramas_etiquetadas(sitio_ampliado):
    cv03 = mermaid_sources(sitio_ampliado.page("procedimientos/CV-03.md"))[0]
    assert re.search(r'^\s*d2\{"¿Es procedente\?"\}', cv03, re.M)
    assert "s2 --> d2" in cv03
    assert 'd2 -->|"Sí"| s3' in cv03
    assert 'd2 -->|"No"| s4' in cv03
    assert "s2 --> s3" not in cv03          # the decision replaces the plain next-step edge
    cv02 = mermaid_sources(sitio_ampliado.page("procedimientos/CV-02.md"))[0]
    assert "-->|" not in cv02               # no decision in the data, no branch in the chart


def test_un_paso_compartido_va_en_la_columna_de_su_primer_responsable(sitio_ampliado):
    cv03 = mermaid_sources(sitio_ampliado.page("procedimientos/CV-03.md"))[0]
    assert cv03.splitlines()[1] == "swimlane-beta TB"
    columns = re.findall(r'^  subgraph (c\d+)\[" "\]\n    h\d+\["([^"]*)"\]', cv03, re.M)
    titles = [" ".join(re.sub(r"<br>|#160;|</?i>", " ", t).split()) for _, t in columns]
    manual = check(sitio_ampliado.procesos).manual
    # one column per role, in order of first appearance, by acronym or name; never per combination
    assert titles == [manual.roles["DIRECCION"].name, "CV-INE", "TV-INE", "DEVySPE"], titles
    assert "compartido" not in cv03
    body = cv03.split('  subgraph c1[" "]')[1].split("  end")[0]        # the CV-INE column
    assert re.search(r'^    s2\["[^"]*<i>con TV-INE</i>"\]$', body, re.M)


def test_el_codigo_del_diagrama_no_se_indexa_en_la_busqueda(sitio_ampliado):
    index = json.loads((sitio_ampliado.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] for d in index["docs"])
    assert "classDef" not in texts and "subgraph" not in texts and "flowchart TB" not in texts


# --- role pages ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["TV-INE", "CV-INE", "DIRECCION", "DEVySPE"])
def test_la_pagina_de_rol_lista_sus_pasos_en_orden(sitio_ampliado, role):
    manual = check(sitio_ampliado.procesos).manual
    expected = [(p.id, s.cvo) for p in manual.procedures.values() for s in p.steps
                if role in s.real_responsibles]
    page = article(sitio_ampliado.page(f"roles/{role}.md"))
    assert step_links(page) == expected
    assert expected, "el caso de prueba debe tener pasos para el rol"


def test_un_rol_sin_pasos_lo_dice(sitio_minimo):
    manual = check(sitio_minimo.procesos).manual
    idle = [r for r in manual.roles if not any(r in s.real_responsibles
                                                for p in manual.procedures.values() for s in p.steps)]
    assert idle == ["DEVySPE"]
    assert step_links(article(sitio_minimo.page("roles/DEVySPE.md"))) == []


def test_la_matriz_de_roles_cruza_roles_y_procedimientos(sitio_ampliado):
    manual = check(sitio_ampliado.procesos).manual
    table = article(sitio_ampliado.page("consulta/matriz-roles.md")).select_one("table")
    header = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    role_ids = list(dict.fromkeys(r for p in manual.procedures.values() for r in p.roles))
    assert len(header) == len(role_ids)
    for tr in table.select("tbody tr"):
        cells = tr.select("td")
        proc = manual.procedures[cells[0].get_text(strip=True)]
        for role, td in zip(role_ids, cells[1:]):
            expected = [(proc.id, s.cvo) for s in proc.steps if role in s.real_responsibles]
            assert step_links(td) == expected


def test_el_procedimiento_tiene_matriz_de_pasos_por_rol(sitio_ampliado):
    page = article(sitio_ampliado.page("procedimientos/CV-03.md"))
    heading = page.find(id="quien-hace-que")
    table = heading.find_next("table")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    # roles in order of appearance: DIRECCION, CV-INE, TV-INE, DEVySPE
    assert rows == [["1", "●", "", "", ""], ["2", "", "◆", "◆", ""], ["3", "", "", "", "●"],
                    ["4", "", "", "●", ""]]


# --- a new procedure file appears everywhere ----------------------------------------------

def _mentions_cv03(html: str) -> bool:
    return any("procedimientos/CV-03/" in a.get("href", "") for a in article(html).select("a"))


@pytest.mark.parametrize("page", ["index.md", "consulta/matriz-roles.md", "consulta/documentos.md",
                                  "roles/TV-INE.md", "roles/DIRECCION.md", "roles/DEVySPE.md",
                                  "coordinaciones/CV-INE.md", "manual/marco-normativo.md",
                                  "consulta/riesgos.md"])
def test_un_procedimiento_nuevo_aparece_en_cada_pagina_que_le_toca(sitio_minimo, sitio_ampliado, page):
    assert not _mentions_cv03(sitio_minimo.page(page))
    assert _mentions_cv03(sitio_ampliado.page(page))


def test_un_procedimiento_nuevo_aparece_en_la_navegacion(sitio_minimo, sitio_ampliado):
    assert not any("CV-03" in h for h in nav_hrefs(sitio_minimo.page("procedimientos/CV-02.md")))
    assert any(h.endswith("CV-03/") for h in nav_hrefs(sitio_ampliado.page("procedimientos/CV-02.md")))


def test_la_navegacion_solo_despliega_la_seccion_activa(sitio_ampliado):
    """navigation.prune: a procedure page does not carry the links of the role pages."""
    hrefs = nav_hrefs(sitio_ampliado.page("procedimientos/CV-02.md"))
    assert not any("/roles/TV-INE/" in h for h in hrefs)
    assert any("/roles/TV-INE/" in h or h.endswith("TV-INE/")
               for h in nav_hrefs(sitio_ampliado.page("roles/CV-INE.md")))


def test_el_catalogo_de_documentos_dice_quien_produce_y_quien_usa(sitio_ampliado):
    table = article(sitio_ampliado.page("consulta/documentos.md")).select_one("table")
    rows = {}
    for tr in table.select("tbody tr"):
        cells = tr.select("td")
        anchor = cells[0].select_one("span[id]")["id"]
        rows[anchor] = (step_links(cells[1]), step_links(cells[2]))
    assert rows["doc-dictamen-preliminar-unico"] == ([("CV-03", 2)], [("CV-03", 3), ("CV-03", 4)])
    manual = check(sitio_ampliado.procesos).manual
    cv02 = manual.procedures["CV-02"]
    made = [("CV-02", s.cvo) for s in cv02.steps if "Oficio" in s.real_outputs]
    used = [("CV-02", s.cvo) for s in cv02.steps if "Oficio" in s.real_inputs]
    assert made and used
    assert rows["doc-oficio"] == (made, used)
    # documentos_externos appear as consumed by the procedure
    external = [tr for tr in table.select("tbody tr") if tr.select_one("span#doc-solicitud-externa")]
    assert external and "CV-03" in external[0].select("td")[2].get_text()


# --- search, acronyms ---------------------------------------------------------------------

def test_el_indice_de_busqueda_ignora_los_acentos(sitio_ampliado):
    index = json.loads((sitio_ampliado.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("procedimientos/CV-03/")]
    assert docs
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    for accented, plain in [("evaluación", "evaluacion"), ("Comisión", "Comision")]:
        assert accented in text and plain in text


def test_las_siglas_muestran_su_significado(sitio_minimo):
    manual = check(sitio_minimo.procesos).manual
    definition = next(t.definition for t in manual.terms if t.term == "CV-INE")
    page = soup(sitio_minimo.page("procedimientos/CV-02.md"))
    titles = {a.get_text(): a["title"] for a in page.select("article abbr[title]")}
    assert titles.get("CV-INE") == definition
    assert titles.get("TV-INE") == manual.roles["TV-INE"].name     # from the role catalogue
    for pre in page.select("pre.mermaid"):
        assert not pre.select("abbr")


# --- risks --------------------------------------------------------------------------------

def _grid(table) -> dict[tuple[int, int], list[str]]:
    out = {}
    for p, tr in zip((3, 2, 1), table.select("tbody tr")):
        for i, td in zip((1, 2, 3), tr.select("td")):
            out[(p, i)] = [a.get_text() for a in td.select("a")]
    return out


@pytest.mark.parametrize("page", ["coordinaciones/CV-INE.md", "consulta/riesgos.md"])
def test_el_mapa_de_calor_ubica_cada_riesgo(sitio_ampliado, page):
    html = article(sitio_ampliado.page(page))
    inherent = _grid(html.select_one("table.mapa-calor.inherente"))
    residual = _grid(html.select_one("table.mapa-calor.residual"))
    assert {k: v for k, v in inherent.items() if v} == {(3, 2): ["R-CV-03-A"]}
    assert {k: v for k, v in residual.items() if v} == {(1, 2): ["R-CV-03-A"]}
    assert "R-CV-03-B" in html.get_text()                    # listed as «sin ubicar»
    assert "td" not in [t.name for t in html.find_all(string=re.compile("R-CV-03-B"))[0].parents][:2]


def test_la_matriz_de_riesgos_tiene_las_columnas_del_manual(sitio_ampliado):
    table = article(sitio_ampliado.page("consulta/riesgos.md")).select("table")[-1]
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header[:1] == ["Riesgo"] and "NR = P × I" in header and "Tratamiento" in header
    assert "Fecha de inicio" in header and "Revaloración NR" in header
    row = next(tr for tr in table.select("tbody tr") if tr.select_one("span#riesgo-R-CV-03-A"))
    cells = dict(zip(header, [td.get_text(strip=True) for td in row.select("td")]))
    assert cells["NR = P × I"] == "6" and cells["Revaloración NR"] == "2"
    assert cells["Tratamiento"] == "Reducir" and cells["Fecha de inicio"] == "2025"


# --- compliance status and history ---------------------------------------------------------

def test_el_procedimiento_muestra_sus_hallazgos_y_excepciones(sitio_ampliado):
    report = check(sitio_ampliado.procesos)
    mine = [p for p in report.problems if p.subject == "CV-03"]
    assert any(p.rule == "RSK001" and p.excepted for p in mine)
    page = article(sitio_ampliado.page("procedimientos/CV-03.md"))
    table = page.find(id="estado-de-cumplimiento").find_next("table")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [(r[0], r[2]) for r in rows] == [(p.rule, f"CV-03.yaml:{p.location.line}") for p in mine]
    excepted = next(r for r in rows if r[0] == "RSK001")
    assert "2099-12-31" in excepted[4]
    badge = page.select_one(".insignia")
    assert badge is not None and "%" in badge.get_text()


def test_sin_git_el_historial_lo_dice(sitio_minimo):
    page = article(sitio_minimo.page("procedimientos/CV-02.md"))
    assert "Sin historial" in page.find(id="historial").find_next("p").get_text()


# --- front matter, glossary -----------------------------------------------------------------

@pytest.mark.parametrize("page,title", [("manual/introduccion.md", "Introducción"),
                                        ("manual/antecedentes.md", "Antecedentes"),
                                        ("manual/marco-normativo.md", "Marco normativo"),
                                        ("manual/objetivos.md", "Objetivos"),
                                        ("manual/estructura.md", "Estructura orgánica"),
                                        ("manual/firmas.md", "Hojas de identificación de firmas y rúbricas"),
                                        ("consulta/glosario.md", "Glosario"),
                                        ("roles/index.md", "Busco mi puesto")])
def test_las_paginas_del_manual_existen(sitio_minimo, page, title):
    assert article(sitio_minimo.page(page)).select_one("h1").get_text(strip=True).startswith(title)


def test_el_glosario_lista_cada_termino(sitio_minimo):
    manual = check(sitio_minimo.procesos).manual
    text = article(sitio_minimo.page("consulta/glosario.md")).get_text()
    assert all(t.term in text and t.definition in text for t in manual.terms)


def test_el_inicio_trae_version_coordinaciones_y_busco_mi_puesto(sitio_ampliado):
    manual = check(sitio_ampliado.procesos).manual
    page = article(sitio_ampliado.page("index.md"))
    assert f"Versión {manual.info.version}" in page.get_text()
    linked = {a["href"] for a in page.select("a")}
    assert any(h.endswith("roles/") for h in linked)
    for coord in manual.coordinations:
        assert any(f"coordinaciones/{coord}/" in h for h in linked)
    badges = page.select("table .insignia")
    assert len(badges) == len(manual.procedures)


# --- the real manual ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def sitio_real(tmp_path_factory):
    source = REPO / "procesos_yaml"
    base = tmp_path_factory.mktemp("sitio_real")
    procesos = base / "procesos_yaml"
    shutil.copytree(source, procesos)      # a snapshot: the manual is edited concurrently
    report = check(procesos)
    if report.blocking or not report.manual.procedures:
        pytest.skip(f"procesos_yaml/ no valida todavía ({len(report.blocking)} errores bloqueantes)")
    return build_site(procesos, base / "site"), report.manual


def test_el_manual_real_genera_cada_pagina(sitio_real):
    site, manual = sitio_real
    for proc in manual.procedures.values():
        nodes = STEP_NODE.findall(mermaid_sources(site.page(f"procedimientos/{proc.id}.md"))[0])
        assert len(nodes) == len(proc.steps), proc.id
    for coord in manual.coordinations:
        assert site.page(f"coordinaciones/{coord}.md")
    for role in manual.roles:
        assert site.page(f"roles/{role}.md")
    organigrama = mermaid_sources(site.page("manual/estructura.md"))[0]

    def units(u):
        return 1 + sum(units(c) for c in u.get("dependientes") or ())

    assert len(re.findall(r'^\s*o\d+\["', organigrama, re.M)) == units(manual.info.structure)
