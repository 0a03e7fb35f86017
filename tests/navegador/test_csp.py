"""Content-Security-Policy del sitio (issue 17, clase 9), en el HTML y en Chromium.

Cada página lleva la política como ``<meta http-equiv>`` (macros/csp.py). Con ella, en el
navegador: Mermaid dibuja, la búsqueda responde, la navegación instantánea funciona y no hay
ningún error de consola (una violación de la política es un error de consola). Todas las
pruebas de tests/navegador/test_navegador.py corren también con la política puesta. Y la
política actúa: un ``<script>`` o un ``onerror`` inyectados no se ejecutan."""
from __future__ import annotations

import re
import pytest
from bs4 import BeautifulSoup

from macros import csp
from macros.links import proc_url
from tests.navegador.apoyo import page_path
from tests.navegador.test_navegador import search

pytestmark = pytest.mark.navegador


def _directivas(politica: str) -> dict[str, list[str]]:
    out = {}
    for parte in politica.split(";"):
        palabras = parte.split()
        if palabras:
            out[palabras[0]] = palabras[1:]
    return out


def _politica_de(html: str) -> str:
    metas = BeautifulSoup(html, "html.parser").select('meta[http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1, f"{len(metas)} metas de política"
    return metas[0]["content"]


def test_cada_pagina_lleva_la_politica_antes_de_cualquier_script(sitio):
    paginas = sorted(sitio.directory.rglob("*.html"))
    assert len(paginas) > 5
    politicas = set()
    for pagina in paginas:
        html = pagina.read_text(encoding="utf-8")
        politica = _politica_de(html)
        politicas.add(politica)
        assert html.index("Content-Security-Policy") < html.index("<script"), pagina
        assert html.index("<meta charset") < html.index("Content-Security-Policy") < 1024, pagina
    assert len(politicas) == 1, "todas las páginas deben llevar la misma política"
    d = _directivas(politicas.pop())
    assert d["default-src"] == ["'none'"]
    assert d["object-src"] == ["'none'"] and d["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-eval'" not in d["script-src"]
    assert all(s == "'self'" or re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in d["script-src"])
    for nombre, fuentes in d.items():
        assert not [f for f in fuentes if re.match(r"(?i)(https?:|\*|//)", f)], (nombre, fuentes)
    # hashes exactos de los scripts en línea de las páginas
    hashes = set()
    for pagina in paginas:
        hashes |= csp.inline_script_hashes(pagina.read_text(encoding="utf-8"), str(pagina))
    assert set(d["script-src"]) - {"'self'"} == hashes
    # la línea para servidores que envían cabeceras, escrita por la construcción
    linea = (sitio.directory / csp.HEADER_FILE).read_text(encoding="utf-8").strip()
    assert linea == csp.header_line(hashes) and linea.endswith("frame-ancestors 'self'")


def test_un_script_desconocido_detiene_la_construccion(tmp_path):
    (tmp_path / "index.html").write_text("<html><head><meta charset=\"utf-8\"/></head><body>"
                                         "<script>alert(1)</script></body></html>", encoding="utf-8")
    from mkdocs.exceptions import PluginError
    with pytest.raises(PluginError, match="script en línea desconocido"):
        csp.apply(str(tmp_path))


def test_mermaid_busqueda_y_navegacion_con_la_politica(sesion, manual_elegido):
    page = sesion.page
    procs = list(manual_elegido.manual.procedures.values())
    sesion.go("/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("!!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')")
    page.evaluate("window.__sinRecarga = true")
    # navegación instantánea hacia un procedimiento: sin recarga, y Mermaid dibuja
    destino = page_path(proc_url(procs[0].id))
    page.locator(f'.md-content a[href$="{destino.lstrip("/")}"]').first.click()
    page.wait_for_url(sesion.site.url(destino))
    sesion.wait_for_diagrams()
    assert page.evaluate("window.__sinRecarga === true"), "la navegación instantánea recargó la página"
    # búsqueda: el trabajador de búsqueda responde con resultados
    palabra = max(re.findall(r"[^\W\d_]{6,}", procs[0].name), key=len).lower()
    resumen, encontradas = search(sesion, palabra)
    assert destino in encontradas, f"buscar «{palabra}» no encuentra {destino} ({resumen}: {encontradas})"
    page.wait_for_load_state("networkidle")
    sesion.assert_clean()


def test_la_politica_bloquea_lo_inyectado(sesion, manual_elegido):
    """Lo que la política detiene si algún texto escapara del escape: script en línea,
    manejador de evento y peticiones fuera del sitio (que no hace falta ``'unsafe-eval'`` lo
    prueban las demás pruebas: la política no lo incluye y no hay errores de consola)."""
    page = sesion.page
    sesion.go(page_path(proc_url(next(iter(manual_elegido.manual.procedures)))))
    sesion.wait_for_diagrams()
    resultado = page.evaluate("""async () => {
        const s = document.createElement('script');
        s.textContent = 'window.__inyectado = 1';
        document.body.appendChild(s);
        const d = document.createElement('div');
        d.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__img = 1" onerror="window.__img = 2">';
        document.body.appendChild(d);
        let red;
        try { await fetch('https://ejemplo.invalid/x'); red = 'salió'; } catch (e) { red = 'bloqueada'; }
        await new Promise(r => setTimeout(r, 300));
        return {script: window.__inyectado ?? null, img: window.__img ?? null, red};
    }""")
    assert resultado == {"script": None, "img": None, "red": "bloqueada"}, resultado
    violaciones = [e for e in sesion.errors if "Content Security Policy" in e]
    assert len(violaciones) >= 3, sesion.errors
    assert not sesion.external          # la política la detuvo antes de la red
