"""The search index is downloaded only when the reader uses search (docs/js/busqueda.js).

Material 9.8 requests ``search/search_index.json`` on every first view; with 1,000 procedures
it is most of the page's weight (README › Rendimiento › Primera vista). These tests, with the
site's Content-Security-Policy active, check that opening pages (also by instant navigation)
requests neither the index nor lunr, and that every way into the search requests it once and
still answers: a click on the box (an accent-free query finds the accented page, the result
link highlights the terms), Material's keyboard shortcuts, the search button on a phone, and a
deep link with ``?q=``.
"""
from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from macros.links import proc_url
from tests.navegador.apoyo import accented_search_word, fold, page_path
from tests.navegador.test_navegador import search

pytestmark = pytest.mark.navegador

INDEX = "/search/search_index.json"


def watch_index(session) -> list[str]:
    """Paths of the search requests (index, lunr, its languages) the page makes from now on."""
    seen: list[str] = []

    def record(req) -> None:
        path = urlparse(req.url).path
        if path == INDEX or "/assets/javascripts/lunr/" in path:
            seen.append(path)

    session.page.on("request", record)
    return seen


def settle(session, diagrams: bool) -> None:
    """Wait until the page shows its content (a procedure, ``diagrams``: its flowchart drawn;
    the home page: none, which after instant navigation also means the old content is gone)
    and the network is quiet (Material's requests at start done)."""
    page = session.page
    if diagrams:
        session.wait_for_diagrams()
    else:
        page.wait_for_function("() => !document.querySelector('div.mermaid, pre.mermaid')")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def index_requests(seen: list[str]) -> int:
    return sum(path == INDEX for path in seen)


def wait_index(session, seen: list[str]) -> None:
    """Wait until the index was requested (at most the usual timeout)."""
    page = session.page
    for _ in range(200):
        if index_requests(seen):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"no se pidió {INDEX} al usar la búsqueda (peticiones: {seen})")


def test_abrir_paginas_no_descarga_el_indice(sesion, manual_elegido):
    procedures = list(manual_elegido.manual.procedures.values())
    seen = watch_index(sesion)
    page = sesion.page
    sesion.go(page_path(proc_url(procedures[0].id)))
    settle(sesion, diagrams=True)
    assert seen == [], f"la primera vista de un procedimiento pidió {seen}"
    # Navegación instantánea al inicio (el logotipo) y de ahí a otro procedimiento: tampoco.
    page.evaluate("window.__sinRecarga = true")
    page.locator("a.md-logo").first.click()
    page.wait_for_url(sesion.site.url("/"))
    settle(sesion, diagrams=False)
    other = page_path(proc_url(procedures[-1].id))
    page.locator(f'.md-content a[href$="{other.lstrip("/")}"]').first.click()
    page.wait_for_url(sesion.site.url(other))
    settle(sesion, diagrams=True)
    assert page.evaluate("window.__sinRecarga === true"), "la navegación recargó la página"
    assert seen == [], f"la navegación instantánea pidió {seen}"
    sesion.assert_clean()


def test_al_buscar_se_descarga_el_indice_una_vez_y_encuentra_sin_tildes(sesion, manual_elegido):
    word, proc = accented_search_word(manual_elegido.manual.procedures.values())
    plain = fold(word)
    expected = page_path(proc_url(proc.id))
    page = sesion.page
    seen = watch_index(sesion)
    sesion.go("/")
    settle(sesion, diagrams=False)
    assert seen == [], f"la página de inicio pidió {seen} antes de usar la búsqueda"

    summary, found = search(sesion, plain)            # clic en la caja y escribir
    assert index_requests(seen) == 1, seen
    assert expected in found, (f"buscar «{plain}» (sin tildes) no encuentra {expected}, cuyo título dice "
                               f"«{word}» ({summary}: {found})")
    marks = page.locator(".md-search-result__list mark").all_inner_texts()
    assert any(fold(m) == plain for m in marks), f"los resultados no resaltan «{word}»: {marks[:10]}"
    sesion.screenshot("busqueda/resultados.png", full_page=False)

    # Con tildes también; su resultado lleva a la página con el término resaltado (Material
    # resalta en la página el texto tal como se escribió: «profesionalizacion» no marca
    # «profesionalización»), por navegación instantánea.
    query = word.casefold()
    summary, found = search(sesion, query)
    assert expected in found, (summary, found)
    page.evaluate("window.__sinRecarga = true")
    page.locator(f'.md-search-result__list a[href*="{expected.strip("/")}/?h="]').first.click()
    page.wait_for_url(lambda url: urlparse(url).path == expected)
    page.locator(".md-content mark[data-md-highlight]").first.wait_for()
    assert page.evaluate("window.__sinRecarga === true"), "el resultado recargó la página"
    marked = page.locator(".md-content mark[data-md-highlight]").all_inner_texts()
    assert any(m.casefold() == query for m in marked), marked[:10]
    settle(sesion, diagrams=True)
    assert index_requests(seen) == 1, f"el índice se pidió más de una vez: {seen}"
    sesion.assert_clean()


@pytest.mark.parametrize("tecla", ["/", "s", "f"])
def test_el_atajo_de_teclado_descarga_el_indice(sesion, tecla):
    page = sesion.page
    seen = watch_index(sesion)
    sesion.go("/")
    settle(sesion, diagrams=False)
    assert seen == [], f"se pidió {seen} antes de usar la búsqueda"
    page.keyboard.press(tecla)
    assert page.evaluate("document.activeElement.matches('input.md-search__input')"), \
        f"«{tecla}» no llevó el foco a la búsqueda"
    wait_index(sesion, seen)
    sesion.assert_clean()


def test_en_el_telefono_el_boton_de_busqueda_descarga_el_indice(navegador, sitio, manual_elegido):
    from tests.navegador.conftest import new_session

    word, proc = accented_search_word(manual_elegido.manual.procedures.values())
    session = new_session(navegador, sitio, viewport={"width": 390, "height": 844})
    try:
        page = session.page
        seen = watch_index(session)
        session.go("/")
        settle(session, diagrams=False)
        assert seen == [], f"se pidió {seen} antes de usar la búsqueda"
        page.locator('header label[for="__search"]').first.click()
        wait_index(session, seen)
        summary, found = search(session, fold(word))
        assert page_path(proc_url(proc.id)) in found, (summary, found)
        session.screenshot("busqueda/telefono.png", full_page=False)
        session.assert_clean()
    finally:
        session.context.close()


def test_la_busqueda_enlazada_descarga_el_indice_al_cargar(sesion, manual_elegido):
    word, proc = accented_search_word(manual_elegido.manual.procedures.values())
    page = sesion.page
    seen = watch_index(sesion)
    sesion.go(f"/?q={quote(fold(word))}")
    wait_index(sesion, seen)
    expected = page_path(proc_url(proc.id))
    page.wait_for_function(
        "p => [...document.querySelectorAll('.md-search-result__list a[href]')]"
        ".some(a => new URL(a.href).pathname === p)", arg=expected)
    sesion.assert_clean()
