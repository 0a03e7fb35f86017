"""Flowcharts readable at 1280 px: every procedure page of the real manual (a snapshot of
procesos_yaml/, or the extended test manual while the real one does not validate) opened in
Debian's Chromium, served on loopback.

For each page: the diagram renders with one node per step, fits the content column, and its
step labels are drawn at ≥ 12 px once Mermaid scales the SVG to the column. A screenshot of
every flowchart is left in tests/artefactos/sitio/ for review.

Material renders Mermaid into a *closed* shadow root; an init script makes ``attachShadow``
open instead, which changes only what scripts may read, not what is drawn.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import re
import threading
from pathlib import Path

import pytest

from checks import check
from tests.common import MINIMO, REPO, build_site
from tests.conftest import CV03, CV03_EXCEPTIONS

pytestmark = [pytest.mark.navegador, pytest.mark.lento]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
ARTEFACTOS = REPO / "tests" / "artefactos" / "sitio"
MIN_LABEL_PX = 12.0

OPEN_SHADOW = ("const attach = Element.prototype.attachShadow;"
               "Element.prototype.attachShadow = function (o) { return attach.call(this, {...o, mode: 'open'}); };")

MEASURE = """() => {
  const host = document.querySelector('.flujograma div.mermaid');
  const root = host && host.shadowRoot;
  const svg = root && root.querySelector('svg');
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const column = document.querySelector('article.md-content__inner').getBoundingClientRect();
  const steps = [...root.querySelectorAll('g.node')].filter(g => /-flowchart-s\\d+-\\d+$/.test(g.id));
  const sizes = steps.map(g => {
    const label = g.querySelector('.nodeLabel') || g.querySelector('text');
    return label ? parseFloat(getComputedStyle(label).fontSize) : 0;
  });
  return {scale: box.width / svg.viewBox.baseVal.width, width: box.width, column: column.width,
          steps: steps.length, minFont: Math.min(...sizes)};
}"""


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium (Debian's) for the module; each test opens its own page."""
    pw_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("falta /usr/bin/chromium (scripts/probar.sh lo instala)")
    with pw_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def new_page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(OPEN_SHADOW)
    return page


@pytest.fixture(scope="module")
def manual_servido(tmp_path_factory, chromium):
    base = tmp_path_factory.mktemp("legible")
    procesos = base / "procesos_yaml"
    shutil.copytree(REPO / "procesos_yaml", procesos)
    report = check(procesos)
    if report.blocking or not report.manual.procedures:
        shutil.rmtree(procesos)
        shutil.copytree(MINIMO, procesos)
        (procesos / "procedimientos" / "CV-03.yaml").write_text(CV03, encoding="utf-8")
        (procesos / "excepciones.yaml").write_text(CV03_EXCEPTIONS, encoding="utf-8")
        report = check(procesos)
    site = build_site(procesos, base / "site")
    ARTEFACTOS.mkdir(parents=True, exist_ok=True)
    with served(site.site) as origin:
        page = new_page(chromium)
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(origin) else None)
        yield report.manual, page, origin, outside
        page.close()


@contextlib.contextmanager
def served(directory: Path):
    """Serve ``directory`` on an ephemeral loopback port; yields the origin URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


UNSTICK = ".md-header { position: absolute !important; }"   # keeps the sticky header out of screenshots
WAIT_SVG = ("() => { const h = document.querySelector('.flujograma div.mermaid');"
            " return h && h.shadowRoot && h.shadowRoot.querySelector('svg'); }")


def test_cada_flujograma_se_lee_a_1280_px(manual_servido):
    manual, page, origin, outside = manual_servido
    problems = []
    for proc in manual.procedures.values():
        page.goto(f"{origin}procedimientos/{proc.id}/")
        page.wait_for_function(WAIT_SVG, timeout=20_000)
        m = page.evaluate(MEASURE)
        page.add_style_tag(content=UNSTICK)
        page.locator(".flujograma").screenshot(path=str(ARTEFACTOS / f"{proc.id}.png"))
        label_px = m["minFont"] * min(m["scale"], 1.0)
        if m["steps"] != len(proc.steps):
            problems.append(f"{proc.id}: {m['steps']} nodos de paso, {len(proc.steps)} pasos")
        if m["width"] > m["column"] + 1:
            problems.append(f"{proc.id}: el diagrama ({m['width']:.0f} px) no cabe en la columna ({m['column']:.0f} px)")
        if label_px < MIN_LABEL_PX:
            problems.append(f"{proc.id}: rótulos de {label_px:.1f} px (mínimo {MIN_LABEL_PX})")
    assert not problems, "\n".join(problems)
    assert outside == [], outside


def test_una_decision_se_dibuja_con_sus_ramas(sitio_ampliado, chromium):
    """The fixture procedure CV-03 has a decision after step 2 (the real manual has none)."""
    ARTEFACTOS.mkdir(parents=True, exist_ok=True)
    with served(sitio_ampliado.site) as origin:
        page = new_page(chromium)
        page.goto(f"{origin}procedimientos/CV-03/")
        page.wait_for_function(WAIT_SVG, timeout=20_000)
        drawn = page.evaluate("""() => {
          const root = document.querySelector('.flujograma div.mermaid').shadowRoot;
          const ids = [...root.querySelectorAll('g.node')].map(g => g.id);
          const labels = [...root.querySelectorAll('g.edgeLabel')].map(g => g.textContent.trim()).filter(Boolean);
          const decision = [...root.querySelectorAll('g.node')].find(g => /-flowchart-d2-/.test(g.id));
          return {ids, labels, question: decision ? decision.textContent.trim() : null,
                  diamond: decision ? !!decision.querySelector('polygon') : false};
        }""")
        page.add_style_tag(content=UNSTICK)
        page.locator(".flujograma").screenshot(path=str(ARTEFACTOS / "decision-CV-03.png"))
        page.close()
    steps = sorted(int(m.group(1)) for i in drawn["ids"] if (m := re.search(r"-flowchart-s(\d+)-", i)))
    assert steps == [1, 2, 3, 4]
    assert drawn["question"] == "¿Es procedente?" and drawn["diamond"]
    assert sorted(drawn["labels"]) == ["No", "Sí"]
