"""Mermaid only where there is a diagram (macros/mermaid_assets.py, docs/js/diagramas.js).

The page weight and draw time are measured in ``benchmarks/peso.py``; here, what must hold:
a page without diagrams downloads no Mermaid, a procedure page downloads the one local
module (preloaded from its ``<head>``) and draws, and instant navigation from a page without
diagrams draws too, all without leaving the site.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from macros.links import proc_url
from tests.navegador.apoyo import page_path, rendered_diagrams

pytestmark = pytest.mark.navegador


def _scripts(session) -> list[str]:
    """Paths of every script and module the page requested so far."""
    return session.page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => e.initiatorType === 'script' || e.initiatorType === 'link'
                     || e.initiatorType === 'other' || /\\.m?js$/.test(new URL(e.name).pathname))
        .map(e => new URL(e.name).pathname)""")


def _mermaid_files(paths: list[str]) -> list[str]:
    return sorted({p for p in paths if "/js/mermaid/" in p or p.endswith("mermaid.min.js")})


def test_la_pagina_de_inicio_no_descarga_mermaid(sesion):
    sesion.go("/")
    sesion.page.wait_for_load_state("networkidle")
    paths = _scripts(sesion)
    assert any(p.endswith("/js/diagramas.js") for p in paths), paths
    assert _mermaid_files(paths) == [], f"la página de inicio descargó Mermaid: {_mermaid_files(paths)}"
    assert sesion.page.evaluate("typeof window.mermaid.render") == "function"
    sesion.assert_clean()


def test_un_procedimiento_descarga_solo_el_modulo_local_y_lo_precarga(sesion, manual_elegido):
    proc = next(iter(manual_elegido.manual.procedures.values()))
    path = page_path(proc_url(proc.id))
    sesion.go(path)
    preload = sesion.page.locator('head link[rel="modulepreload"]')
    assert preload.count() == 1
    assert urlparse(preload.get_attribute("href")).path.endswith("js/mermaid/mermaid.js")
    sesion.wait_for_diagrams()
    sesion.page.wait_for_load_state("networkidle")
    assert rendered_diagrams(sesion.page), "no se dibujó ningún diagrama"
    assert _mermaid_files(_scripts(sesion)) == ["/js/mermaid/mermaid.js"]
    sesion.assert_clean()


def test_navegacion_instantanea_desde_una_pagina_sin_diagramas_carga_mermaid(sesion, manual_elegido):
    """From the home page (Mermaid not loaded) to a procedure without a reload."""
    proc = next(iter(manual_elegido.manual.procedures.values()))
    target = page_path(proc_url(proc.id))
    page = sesion.page
    sesion.go("/")
    page.wait_for_load_state("networkidle")
    assert _mermaid_files(_scripts(sesion)) == []
    page.evaluate("window.__sinRecarga = true")
    page.locator(f'.md-content a[href$="{target.lstrip("/")}"]').first.click()
    page.wait_for_url(sesion.site.url(target))
    sesion.wait_for_diagrams()
    assert page.evaluate("window.__sinRecarga === true"), "el clic recargó la página"
    assert _mermaid_files(_scripts(sesion)) == ["/js/mermaid/mermaid.js"]
    sesion.assert_clean()
