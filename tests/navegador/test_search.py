"""Search results show hostile text as text (macros/search.py, issue 17 item 1).

A manual whose step and procedure name carry payloads that become markup only after Unicode
folding (U+226E/U+226F decompose into ``<``/``>`` + U+0338) is built with SEC001 switched off
in its ``reglas.yaml`` (a configuration the project allows), so nothing but the outputs
themselves stands between the text and the browser. Searching it in Chromium must list the
page, show the payload literally, create no element from it and run no handler.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.common import manual_copy
from tests.navegador.conftest import RAIZ, Session, ServedSite, _QuietHandler, _is_local
from tests.navegador.test_navegador import search

pytestmark = pytest.mark.navegador

MARK = "xsscanario"
PAYLOADS = ["\u226eimg src=x onerror=alert(1)\u226f",
            "\u226esvg onload=alert(2)\u226f",
            "\uff1cimg src=x onerror=alert(3)\uff1e"]


@pytest.fixture(scope="module")
def sitio_hostil(tmp_path_factory):
    work = tmp_path_factory.mktemp("busqueda-hostil")
    manual = manual_copy(work)
    proc = manual / "procedimientos" / "CV-02.yaml"
    text = proc.read_text(encoding="utf-8")
    text = text.replace("accion: Elaboración de oficio para notificar",
                        f"accion: Elaboración {MARK} {' '.join(PAYLOADS)} de oficio para notificar", 1)
    text = re.sub(r"^nombre: Notificación", f"nombre: Notificación {PAYLOADS[0]}", text, count=1, flags=re.M)
    assert MARK in text
    proc.write_text(text, encoding="utf-8")
    rules = (RAIZ / "reglas.yaml").read_text(encoding="utf-8")
    rules, n = re.subn(r"SEC001: \{nivel: error, activa: true\}", "SEC001: {nivel: error, activa: false}", rules)
    assert n == 1
    (work / "reglas.yaml").write_text(rules, encoding="utf-8")
    site = work / "site"
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(manual), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=RAIZ, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ServedSite(f"http://127.0.0.1:{server.server_address[1]}", site, None)
    server.shutdown()
    server.server_close()


def test_el_resultado_de_busqueda_muestra_la_carga_como_texto(navegador, sitio_hostil):
    raw = (sitio_hostil.directory / "search" / "search_index.json").read_text(encoding="utf-8")
    assert MARK in raw
    for bad in ("<img", "<svg", "\\u003cimg", "\\u003csvg"):
        assert bad not in raw.lower(), f"{bad} en search_index.json"

    context = navegador.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    page = context.new_page()
    session = Session(sitio_hostil, context, page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: session.errors.append(f"excepción: {exc}"))
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url, sitio_hostil.origin)
                  else (session.external.append(route.request.url), route.abort("blockedbyclient")))
    try:
        session.go("/")
        summary, found = search(session, MARK)
        assert any(p.startswith("/procedimientos/CV-02/") for p in found), (summary, found)
        results = page.locator(".md-search-result__list")
        shown = results.inner_text()
        assert PAYLOADS[0] in shown, shown[:500]
        created = page.evaluate("""() => [...document.querySelectorAll(
                '.md-search-result__list img, .md-search-result__list svg, .md-search-result__list script')]
            .filter(el => !el.closest('.md-search-result__icon')).map(el => el.outerHTML)""")
        assert created == [], created
        handlers = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__list *')]
            .flatMap(el => [...el.attributes].map(a => a.name)).filter(n => n.startsWith('on'))""")
        assert handlers == []
        page.wait_for_timeout(500)            # an onerror would fire right after insertion
        assert dialogs == [], f"se ejecutó código de la carga: {dialogs}"
        session.assert_clean()
    finally:
        context.close()
