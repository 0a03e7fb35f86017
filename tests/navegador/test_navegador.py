"""The built site in Debian's Chromium: diagrams, offline, instant navigation, search, acronyms.

Every test runs in a fresh browser context on the site served from 127.0.0.1 and fails on any
console error and on any request that leaves the site (those are blocked and listed).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup

from macros.escape import abbr_title
from macros.links import proc_url
from tests.navegador.apoyo import accented_search_word, fold, page_path, rendered_diagrams

pytestmark = pytest.mark.navegador


def proc_path(proc) -> str:
    return page_path(proc_url(proc.id))


def flowchart_of(session, proc):
    """The rendered flowchart of ``proc`` on the current page, checked node by node."""
    diagrams = rendered_diagrams(session.page)
    assert diagrams, f"{session.page.url}: no hay ningún diagrama Mermaid dibujado"
    flows = [d for d in diagrams if d.step_nodes()]
    assert len(flows) == 1, (f"{session.page.url}: se esperaba un flujograma con nodos de paso y hay "
                             f"{len(flows)} (de {len(diagrams)} diagramas)")
    flow = flows[0]
    assert flow.svg_count == 1, f"el flujograma tiene {flow.svg_count} elementos <svg>"
    steps = flow.step_nodes()
    expected = list(range(1, len(proc.steps) + 1))
    assert sorted(steps) == expected, (f"{proc.id}: nodos de paso s{sorted(steps)} en el SVG; "
                                       f"se esperaban s1..s{len(proc.steps)}")
    repeated = {n: [x.id for x in nodes] for n, nodes in steps.items() if len(nodes) != 1}
    assert not repeated, f"{proc.id}: pasos con más de un nodo en el SVG: {repeated}"
    for number, step in enumerate(proc.steps, start=1):
        text = steps[number][0].text
        assert text.startswith(f"{step.cvo}."), (f"{proc.id}: el nodo s{number} debería ser el paso "
                                                 f"{step.cvo} y dice «{text[:80]}»")
    return flow


def assert_diagrams_visible(session) -> None:
    hosts = session.page.locator("div.mermaid")
    for i in range(hosts.count()):
        box = hosts.nth(i).bounding_box()
        assert box and box["width"] > 50 and box["height"] > 50, \
            f"{session.page.url}: el diagrama {i + 1} no ocupa espacio en la página ({box})"


def test_cada_procedimiento_dibuja_su_flujograma_sin_salir_del_sitio(sesion, procedimiento):
    response = sesion.go(proc_path(procedimiento))
    assert response is not None and response.status == 200, \
        f"{proc_path(procedimiento)}: HTTP {response and response.status}"
    sesion.wait_for_diagrams()
    sesion.page.wait_for_load_state("networkidle")
    shot = sesion.screenshot(f"procedimientos/{procedimiento.id}.png")
    assert shot.stat().st_size > 10_000
    flowchart_of(sesion, procedimiento)
    assert_diagrams_visible(sesion)
    sesion.assert_clean()


def test_navegacion_instantanea_desde_el_inicio_dibuja_el_flujograma(sesion, manual_elegido):
    procedures = list(manual_elegido.manual.procedures.values())
    first, other = procedures[0], procedures[-1]
    page = sesion.page
    with page.expect_response(lambda r: urlparse(r.url).path == "/sitemap.xml"):
        sesion.go("/")
    page.wait_for_load_state("networkidle")
    assert page.locator("pre.mermaid, div.mermaid").count() == 0, "la página de inicio no debería tener diagramas"
    page.evaluate("window.__sinRecarga = true")

    for proc in (first, other):
        link = page.locator(f'.md-content a[href$="{proc_path(proc).lstrip("/")}"]').first
        link.click()
        page.wait_for_url(sesion.site.url(proc_path(proc)))
        sesion.wait_for_diagrams()
        assert page.evaluate("window.__sinRecarga === true"), \
            f"el clic hacia {proc.id} recargó la página: la navegación instantánea no actuó"
        flowchart_of(sesion, proc)
        assert_diagrams_visible(sesion)
        page.go_back()
        page.wait_for_url(sesion.site.url("/"))
        # The home page's content is back (it has no diagram) before the next click.
        page.wait_for_function("() => !document.querySelector('div.mermaid, pre.mermaid')")
        page.locator(f'.md-content a[href$="{proc_path(other).lstrip("/")}"]').first.wait_for()

    assert page.evaluate("window.__sinRecarga === true"), "volver al inicio recargó la página"
    page.wait_for_load_state("networkidle")
    sesion.assert_clean()


def search(session, query: str) -> tuple[str, list[str]]:
    """Type ``query`` in Material's search box; (result summary, result page paths)."""
    page = session.page
    texts = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    if box.input_value() == "":
        # The worker answers only once its index is loaded; until then it shows another text.
        page.wait_for_function("t => document.querySelector('.md-search-result__meta')"
                               ".textContent.trim() === t", arg=texts["search.result.placeholder"])
    # Material searches on keyup. Filling all but the last letter fires none, so exactly one
    # search runs, for the whole query: no intermediate prefix's answer can be mistaken for it.
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_function(
        """([q, none]) => {
            if (document.querySelector('.md-search-result__meta').textContent.trim() === none) return true;
            return [...document.querySelectorAll('.md-search-result__list a[href]')]
                .some(a => new URL(a.href).searchParams.get('h') === q);
        }""", arg=[query, texts["search.result.none"]])
    links = page.eval_on_selector_all(".md-search-result__list a[href]", "els => els.map(a => a.href)")
    return meta.inner_text().strip(), [urlparse(h).path for h in links if parse_qs(urlparse(h).query).get("h")]


def test_buscar_sin_tildes_encuentra_la_pagina_con_tildes(sesion, manual_elegido):
    word, proc = accented_search_word(manual_elegido.manual.procedures.values())
    plain = fold(word)
    assert plain != word.casefold() and plain not in proc.name.casefold()
    expected = proc_path(proc)
    sesion.go("/")

    summary, found = search(sesion, word.casefold())
    assert expected in found, f"buscar «{word.casefold()}» no lleva a {expected} ({summary}: {found})"
    summary, found = search(sesion, plain)
    assert expected in found, (f"buscar «{plain}» (sin tildes) no encuentra {expected}, cuyo título dice "
                               f"«{word}» ({summary}: {found})")
    sesion.assert_clean()


def _first_acronym(site, terms) -> tuple[object, object, str]:
    """(procedure, glossary term, title attribute) of the first glossary acronym marked up
    with ``<abbr title>`` on a procedure page, read from the built HTML."""
    acronyms = {t.term: t for t in terms if t.acronym}
    assert acronyms, "el glosario no tiene siglas"
    for proc in site.manual.manual.procedures.values():
        html = (site.directory / proc_path(proc).strip("/") / "index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        for abbr in article.select("abbr[title]") if article else ():
            term = acronyms.get(abbr.get_text(strip=True))
            if term is not None:
                return proc, term, abbr["title"]
    raise AssertionError("ninguna página de procedimiento marca una sigla del glosario con <abbr title>")


def test_una_sigla_muestra_su_significado_al_pasar_el_raton(sesion, sitio):
    proc, term, title = _first_acronym(sitio, sitio.manual.manual.terms)
    assert title == abbr_title(term.definition), \
        f"el <abbr> de {term.term} dice «{title}» y el glosario «{term.definition}»"
    page = sesion.page
    sesion.go(proc_path(proc))
    abbr = page.locator("article abbr").filter(has_text=re.compile(rf"^\s*{re.escape(term.term)}\s*$")).first
    tooltip = page.locator(".md-tooltip2--active")
    assert tooltip.count() == 0
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    tooltip.wait_for(state="visible")
    # Shown, not merely present: the fade-in ends fully opaque.
    page.wait_for_function("el => getComputedStyle(el).opacity === '1'", arg=tooltip.element_handle())
    shown = " ".join(tooltip.inner_text().split())
    assert shown == title, f"al pasar el ratón sobre {term.term} se ve «{shown}», se esperaba «{title}»"
    sesion.screenshot("sigla.png", full_page=False)   # a full-page shot would move the tooltip
    page.mouse.move(0, 0)
    tooltip.wait_for(state="detached")
    sesion.assert_clean()


def test_el_arnes_registra_peticiones_externas_y_errores_de_consola(sesion):
    """The guards above can fail: an external request is recorded and blocked, and a console
    error is recorded."""
    page = sesion.page
    sesion.go("/")
    outcome = page.evaluate("""async () => {
        console.error('error de prueba');
        try { await fetch('https://unpkg.com/mermaid@11/dist/mermaid.min.js'); return 'llegó'; }
        catch (e) { return 'bloqueada'; }
    }""")
    assert outcome == "bloqueada"
    assert sesion.external == ["https://unpkg.com/mermaid@11/dist/mermaid.min.js"]
    assert any("error de prueba" in e for e in sesion.errors)
    with pytest.raises(AssertionError, match="unpkg.com"):
        sesion.assert_clean()
