"""Accessibility (WCAG 2.2 AA, issue 14) of the built site in Debian's Chromium.

- axe-core (pinned, ``scripts/obtener_axe.sh``) on every page of the site built from the
  chosen manual (the real one when it validates) and from the minimal test manual, after
  Mermaid has drawn; any violation fails, listing rule, page and nodes. The runner itself is
  proven to fail on a deliberately bad page.
- Structure of every page: one ``h1``, headings in order, tables with ``scope`` and a name,
  ``lang="es"``, acronyms with their expansion.
- Keyboard: a walk inicio → procedure → its flowchart → the role page with Tab and Enter
  only, every stop with a visible focus ring (≥ 3:1); screenshots in
  ``tests/artefactos/navegador/teclado/``. On a procedure page every link, the search box,
  the table scroll regions and the navigation are reached with Tab.
- Phone (390 px): a procedure's activities as one card per step, no sideways scrolling,
  still a table for assistive technology and for print.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.links import proc_url, role_url
from tests.navegador.apoyo import page_path
from tests.navegador.axe_runner import (AXE_JS, DIAGRAMS_DRAWN, MISSING, OPEN_SHADOW, TAGS,
                                        assert_no_violations, report, run_axe, totals)
from tests.navegador.conftest import new_session

pytestmark = pytest.mark.navegador

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.fixture(scope="module", autouse=True)
def _axe_presente():
    if not AXE_JS.is_file():
        pytest.fail(MISSING)


def site_pages(directory: Path) -> list[str]:
    """URL path of every HTML page of the built site (``/``, ``/roles/X/``, ``/404.html``)."""
    out = []
    for html in sorted(directory.rglob("*.html")):
        rel = html.relative_to(directory).as_posix()
        if rel == "index.html":
            out.append("/")
        elif rel.endswith("/index.html"):
            out.append("/" + rel.removesuffix("index.html"))
        else:
            out.append("/" + rel)
    return out


def open_drawn(session, path: str) -> None:
    response = session.go(path)
    assert response is not None and response.status in (200, 404), f"{path}: HTTP {response and response.status}"
    session.page.wait_for_function(DIAGRAMS_DRAWN, timeout=60_000)
    session.page.evaluate(TWO_FRAMES)          # docs/js/accesibilidad.js has looked at the page


def axe_every_page(browser, site, viewport: dict) -> None:
    session = new_session(browser, site, viewport, init_scripts=[OPEN_SHADOW])
    try:
        pages = site_pages(site.directory)
        assert len(pages) > 5, f"el sitio tiene sólo {len(pages)} páginas"
        violations = []
        for path in pages:
            open_drawn(session, path)
            violations += run_axe(session.page, path)
        assert_no_violations(violations, len(pages))
        session.assert_clean()
    finally:
        session.context.close()


# --- axe on every page ------------------------------------------------------------------

def test_axe_sin_violaciones_en_cada_pagina_del_manual(navegador, sitio):
    """Every page of the chosen manual (the real one when it validates), at 1280 px."""
    axe_every_page(navegador, sitio, DESKTOP)


def test_axe_sin_violaciones_en_cada_pagina_del_manual_minimo(navegador, sitio_minimo):
    """Every page of the minimal test manual, at 1280 px and on a phone (390 px)."""
    axe_every_page(navegador, sitio_minimo, DESKTOP)
    axe_every_page(navegador, sitio_minimo, PHONE)


BAD_PAGE = """<!doctype html><html lang="es"><head><title>Página mala</title></head><body><main>
<h1>Página mala</h1>
<p style="color:#aaa;background:#fff">Texto gris claro sobre blanco.</p>
<p style="color:#222">Un párrafo con un <a href="#x" style="color:#333;text-decoration:none">enlace</a>
   que sólo se distingue por el color.</p>
<div id="ancha" style="width:200px;overflow-x:auto"><p style="width:900px;margin:0">Tabla muy ancha sin
   nada enfocable dentro</p></div>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<div id="sombra"></div>
<script>
  const root = document.getElementById("sombra").attachShadow({mode: "closed"});
  root.innerHTML = '<p style="color:#bbb;background:#fff">Texto pálido dentro de un diagrama</p>';
</script>
</main></body></html>"""

GOOD_PAGE = """<!doctype html><html lang="es"><head><title>Página buena</title></head><body><main>
<h1>Página buena</h1><p>Un párrafo con un <a href="#x">enlace subrayado</a>.</p>
<div style="width:200px;overflow-x:auto" tabindex="0" role="region" aria-label="Tabla ancha">
<p style="width:900px;margin:0">Contenido ancho</p></div></main></body></html>"""


def test_el_ejecutor_de_axe_falla_con_una_pagina_mala_y_pasa_con_una_buena(navegador):
    """The runner finds contrast, link, scroll region and image problems, also inside a closed
    shadow root (where Material draws the diagrams), and its assertion names rule, page and
    nodes; a clean page passes."""
    context = navegador.new_context(viewport=DESKTOP)
    context.add_init_script(OPEN_SHADOW)
    try:
        page = context.new_page()
        page.set_content(BAD_PAGE)
        found = run_axe(page, "/pagina-mala/")
        rules = totals(found)
        for rule in ("color-contrast", "link-in-text-block", "scrollable-region-focusable", "image-alt"):
            assert rule in rules, f"axe no detectó {rule}: {rules}"
        contrast = next(v for v in found if v.rule == "color-contrast")
        assert any(">>>" in n.target and "pálido" in n.html for n in contrast.nodes), \
            f"no revisó el contenido de la raíz de sombra cerrada: {[n.target for n in contrast.nodes]}"
        with pytest.raises(AssertionError) as failure:
            assert_no_violations(found, 1)
        message = str(failure.value)
        for expected in ("/pagina-mala/", "color-contrast", "link-in-text-block", "scrollable-region-focusable",
                         "#ancha", 'href="#x"', "1 de 1 páginas"):
            assert expected in message, f"el informe no dice «{expected}»:\n{message}"

        page.set_content(GOOD_PAGE)
        clean = run_axe(page, "/pagina-buena/")
        assert clean == [], report(clean)
        assert_no_violations(clean, 1)
    finally:
        context.close()


def test_axe_usa_las_etiquetas_wcag_22_aa():
    assert TAGS == ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


# --- structure of every page ------------------------------------------------------------

HEADING = re.compile(r"^h[1-6]$")


def structure_problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    if soup.html is None or soup.html.get("lang") != "es":
        problems.append('falta lang="es" en <html>')
    h1 = soup.find_all("h1")
    if len(h1) != 1:
        problems.append(f"{len(h1)} h1 (debe haber uno)")
    previous = 0
    for heading in soup.find_all(HEADING):
        level = int(heading.name[1])
        if previous and level > previous + 1:
            problems.append(f"salta de h{previous} a h{level} en «{heading.get_text(' ', strip=True)[:60]}»")
        previous = level
    for n, table in enumerate(soup.select("article table"), start=1):
        if not (table.find("caption") or table.get("aria-label") or table.get("aria-labelledby")):
            problems.append(f"la tabla {n} no tiene caption ni aria-label")
        headers = table.find_all("th")
        if not headers:
            problems.append(f"la tabla {n} no tiene celdas de encabezado")
        if any(not th.get("scope") for th in headers):
            problems.append(f"la tabla {n} tiene th sin scope")
    seen = set()
    for abbr in soup.select("article abbr"):
        if not abbr.get("title"):
            problems.append(f"<abbr>{abbr.get_text()}</abbr> sin title")
            continue
        key = abbr.get_text(strip=True)
        if key in seen:
            continue
        seen.add(key)
        after = abbr.find_next_sibling()
        if after is None or "sigla-expansion" not in (after.get("class") or []) \
                or abbr["title"].strip().rstrip(".") not in after.get_text():
            problems.append(f"la primera {key} no va seguida de su significado para lectores de pantalla")
    return problems


@pytest.mark.parametrize("cual", ["sitio", "sitio_minimo"])
def test_estructura_de_cada_pagina(request, cual):
    site = request.getfixturevalue(cual)
    problems = []
    pages = sorted(site.directory.rglob("*.html"))
    for html in pages:
        for problem in structure_problems(html.read_text(encoding="utf-8")):
            problems.append(f"{html.relative_to(site.directory)}: {problem}")
    assert not problems, f"{len(problems)} problemas de estructura en {len(pages)} páginas:\n" + "\n".join(problems)


def test_la_revision_de_estructura_detecta_lo_que_falta():
    bad = """<html><body><h1>A</h1><h3>C</h3><h1>B</h1><article><table><tr><td>x</td></tr></table>
    <table aria-label="t"><thead><tr><th>Col</th></tr></thead></table><abbr>XYZ</abbr></article></body></html>"""
    found = structure_problems(bad)
    for expected in ('lang="es"', "2 h1", "salta de h1 a h3", "tabla 1 no tiene caption",
                     "tabla 1 no tiene celdas de encabezado", "tabla 2 tiene th sin scope", "XYZ</abbr> sin title"):
        assert any(expected in p for p in found), (expected, found)


def test_las_siglas_se_anuncian_con_su_significado(sesion, manual_elegido):
    """Chromium's accessibility tree (what a screen reader gets) reads the first acronym of a
    procedure page followed by its expansion."""
    proc = next(iter(manual_elegido.manual.procedures.values()))
    sesion.go(page_path(proc_url(proc.id)))
    page = sesion.page
    abbr = page.locator("article abbr[title]").first
    title = abbr.get_attribute("title").strip().rstrip(".")
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article abbr[title] + .sigla-expansion"})
        assert node["nodeId"], "la primera sigla no va seguida de su significado"
        text_node = cdp.send("DOM.describeNode", {"nodeId": node["nodeId"], "depth": 1})["node"]["children"][0]
        tree = cdp.send("Accessibility.getPartialAXTree", {"backendNodeId": text_node["backendNodeId"],
                                                           "fetchRelatives": False})
    finally:
        cdp.detach()
    exposed = [n for n in tree["nodes"] if not n.get("ignored") and n["role"]["value"] == "StaticText"]
    text = " ".join(str(n.get("name", {}).get("value", "")) for n in exposed)
    assert exposed and title in text, f"el significado no llega al árbol de accesibilidad: {tree['nodes']}"
    assert page.locator("article abbr[title] + .sigla-expansion").first.bounding_box()["width"] <= 1, \
        "el significado debería estar oculto a la vista (la sugerencia ya lo muestra)"
    sesion.assert_clean()


# --- keyboard ---------------------------------------------------------------------------

# What has the focus, and whether its ring is visible: outline width and the contrast of the
# outline colour against the background behind the element (first opaque ancestor).
FOCUS = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  while (el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;   // inside a diagram
  const scope = el.getRootNode().elementsFromPoint ? el.getRootNode() : document;
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const s = getComputedStyle(el.matches("input.md-nav__toggle") ? el.nextElementSibling || el : el);
  const box = el.getBoundingClientRect();
  // Background where the ring is drawn: the first opaque background under a point just
  // outside the element (left of it, or right of it at the window's edge).
  const gap = (parseFloat(s.outlineOffset) || 0) + (parseFloat(s.outlineWidth) || 0) / 2;
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const x = box.left - gap - 1 >= 0 ? box.left - gap - 1 : Math.min(box.right + gap + 1, innerWidth - 1);
  // Translucent backgrounds (Material's footer) are composited over their ancestors'.
  const under = scope.elementsFromPoint(x, y).find(n => n !== el && !el.contains(n));
  const layers = [];
  for (let n = under; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    const alpha = c.length === 4 ? c[3] : c.length === 3 ? 1 : 0;
    if (alpha > 0) layers.push([c[0], c[1], c[2], alpha]);
    if (alpha === 1) break;
  }
  let bg = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 80),
    href: el.href || "", classes: el.className && el.className.baseVal === undefined ? el.className : "",
    id: el.getAttribute("data-kbd") || "", inContent: !!(el.getRootNode().host || el).closest(".md-content"),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
    // A two-tone ring (outline plus an outer box-shadow band) counts when the outline stands
    // out from the band and the band from the background.
    contrast: (() => {
      const ring = rgb(s.outlineColor).slice(0, 3);
      const direct = ratio(ring, bg);
      const band = s.boxShadow && s.boxShadow !== "none" ? rgb(s.boxShadow).slice(0, 3) : null;
      return band && band.length === 3 ? Math.max(direct, Math.min(ratio(ring, band), ratio(band, bg))) : direct;
    })(),
    visible: box.width > 0 && box.height > 0,
    // Not obscured (2.4.11, «not entirely hidden»): some point of its first line box is in
    // the window and shows the element itself, not something drawn over it.
    obscured: (() => {
      const line = el.getClientRects()[0] || box;          // a link broken over lines: its first line
      const top = Math.max(line.top + 1, 0), bottom = Math.min(line.bottom - 1, innerHeight - 1);
      const left = Math.max(line.left + 2, 0), right = Math.min(line.right - 2, innerWidth - 1);
      if (top > bottom || left > right) return "fuera de la ventana";
      const cy = (top + bottom) / 2;
      let cover = null;
      for (const cx of [left, (left + right) / 2, right]) {
        const hit = scope.elementFromPoint(cx, cy);
        if (hit && (hit === el || el.contains(hit) || (el.htmlFor && hit.closest("label") === el))) return "";
        cover = cover || hit;
      }
      return "tapado por " + (cover ? cover.tagName.toLowerCase() + "." + String(cover.className).split(" ")[0] : "nada");
    })(),
  };
}"""


# Waits until no CSS transition runs (the navigation drawer slides in when it gets the focus).
SETTLED = """async () => {
  for (let i = 0; i < 90; i++) {
    await new Promise(r => requestAnimationFrame(r));
    if (i >= 1 && !document.getAnimations().some(a => a.playState === "running" && a instanceof CSSTransition)) return;
  }
}"""


def focus(page) -> dict:
    page.evaluate(SETTLED)
    return page.evaluate(FOCUS)


def assert_focus_visible(state: dict, where: str) -> None:
    assert state is not None, f"{where}: nada tiene el foco"
    assert state["outlineStyle"] not in ("none", "hidden") and state["outlineWidth"] >= 2, \
        f"{where}: el foco en {state['tag']} «{state['text']}» no se ve (outline {state['outlineStyle']} {state['outlineWidth']}px)"
    assert not state["obscured"], f"{where}: el foco en {state['tag']} «{state['text']}» no se ve: {state['obscured']}"
    assert state["contrast"] >= 3, f"{where}: el anillo de foco de «{state['text']}» tiene contraste {state['contrast']:.2f}:1"


def tab_until(session, wanted, where: str, limit: int = 250, key: str = "Tab") -> list[dict]:
    """Press Tab (or ``key``) until ``wanted(state)``; every stop must show its focus.
    Returns the stops."""
    stops = []
    for _ in range(limit):
        session.page.keyboard.press(key)
        state = focus(session.page)
        assert_focus_visible(state, where)
        stops.append(state)
        if wanted(state):
            return stops
    raise AssertionError(f"{where}: tras {limit} Tab no se llegó a lo buscado; paradas: "
                         + " | ".join(f"{s['tag']} «{s['text'][:30]}»" for s in stops[-15:]))


def shot(session, name: str) -> Path:
    return session.screenshot(f"teclado/{name}.png", full_page=False)


def test_recorrido_con_teclado_inicio_procedimiento_flujograma_rol(sesion, manual_elegido):
    page = sesion.page
    proc = next(iter(manual_elegido.manual.procedures.values()))
    role_id = next(r for r in proc.roles if r in manual_elegido.manual.roles)
    sesion.context.add_init_script(OPEN_SHADOW)      # to read the focus inside the diagrams
    sesion.go("/")
    page.wait_for_load_state("networkidle")

    # 1. First Tab: «Saltar al contenido», visible while focused; Enter jumps to the content.
    page.keyboard.press("Tab")
    state = focus(page)
    assert state and "md-skip" in state["classes"] and state["text"] == "Saltar al contenido", state
    assert_focus_visible(state, "inicio")
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")   # shown
    shot(sesion, "01-inicio-saltar-al-contenido")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash.length > 1")
    page.evaluate(SETTLED)
    stops = tab_until(sesion, lambda s: s["tag"] == "a", "inicio tras saltar")
    assert stops[0]["inContent"], f"tras «Saltar al contenido», Tab lleva a «{stops[0]['text']}», fuera del contenido"
    shot(sesion, "02-inicio-primer-enlace-del-contenido")

    # 2. Tab to the procedure's link in the content and follow it with Enter.
    target = page_path(proc_url(proc.id))
    tab_until(sesion, lambda s: s["inContent"] and s["href"].endswith(target), "inicio")
    shot(sesion, "03-inicio-enlace-al-procedimiento")
    page.keyboard.press("Enter")
    page.wait_for_url(sesion.site.url(target))
    sesion.wait_for_diagrams()

    # 3. On the procedure: from the top, Tab reaches «En esta página → Flujograma»; Enter goes there.
    page.keyboard.press("Tab")
    state = focus(page)
    assert state and "md-skip" in state["classes"], f"en {proc.id} el primer Tab no da «Saltar al contenido»: {state}"
    tab_until(sesion, lambda s: s["href"].endswith("#flujograma"), proc.id)
    shot(sesion, "04-procedimiento-en-esta-pagina-flujograma")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#flujograma'")
    # 4. The next stops are the flowchart (a scroll region when it is wider than the column)
    #    and the lanes legend, whose role links lead to the role pages.
    role_path = page_path(role_url(role_id))
    stops = tab_until(sesion, lambda s: s["href"].endswith(role_path), f"{proc.id} flujograma")
    before = [s for s in stops[:-1] if s["inContent"]]
    assert all("flujograma" in s["classes"] or s["href"] for s in before), before
    shot(sesion, "05-procedimiento-flujograma-carril-del-rol")
    page.keyboard.press("Enter")
    page.wait_for_url(sesion.site.url(role_path))
    role = manual_elegido.manual.roles[role_id]
    page.wait_for_function("name => (document.querySelector('article h1') || {}).textContent?.includes(name)",
                           arg=role.name[:20])      # the new page is in place (instant navigation)
    page.evaluate(TWO_FRAMES)
    page.keyboard.press("Tab")
    state = focus(page)
    assert state and "md-skip" in state["classes"], f"en la página del rol el primer Tab no da «Saltar al contenido»: {state}"
    page.keyboard.press("Enter")
    tab_until(sesion, lambda s: s["inContent"] and s["tag"] == "a", "página del rol")
    shot(sesion, "06-rol-primer-enlace")
    sesion.assert_clean()


MARK_FOCUSABLE = """() => {
  const shown = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const wanted = [...document.querySelectorAll(
      '.md-content a[href], .md-sidebar--primary .md-nav__link[href], input.md-search__input, [data-desplazable]')]
    .filter(shown).filter(el => !el.closest('[hidden], [inert]'));
  wanted.forEach((el, i) => el.setAttribute('data-kbd', String(i)));
  return wanted.map(el => ({id: String(wanted.indexOf(el)), text: (el.innerText || el.getAttribute('aria-label') || el.placeholder || '').trim().slice(0, 50),
    kind: el.matches('[data-desplazable]') ? 'región' : el.matches('input') ? 'búsqueda' :
          el.closest('.md-content') ? 'contenido' : 'navegación'}));
}"""


@pytest.mark.parametrize("ancho", [1280, 1024, 390])
def test_con_tab_se_llega_a_cada_enlace_busqueda_region_y_navegacion(navegador, sitio, manual_elegido, ancho):
    """On the procedure page with the widest tables: one Tab sweep from the top reaches every
    visible link of the content and of the navigation, the search box and every table scroll
    region, in that order (search, navigation, content), and every stop shows its focus,
    unobscured. Below 1220 px the navigation is Material's drawer, shown while it has focus."""
    procs = list(manual_elegido.manual.procedures.values())
    proc = max(procs, key=lambda p: len(p.roles))      # the widest «Quién hace qué» table
    session = new_session(navegador, sitio, {"width": ancho, "height": 800}, init_scripts=[OPEN_SHADOW])
    try:
        open_drawn(session, page_path(proc_url(proc.id)))
        page = session.page
        wanted = page.evaluate(MARK_FOCUSABLE)
        kinds = {w["kind"] for w in wanted}
        assert {"búsqueda", "contenido", "navegación"} <= kinds, kinds
        order: list[str] = []
        seen: set[str] = set()
        for _ in range(len(wanted) + 80):
            page.keyboard.press("Tab")
            state = focus(page)
            if state is None:
                break
            assert_focus_visible(state, f"{proc.id} a {ancho} px")
            if state["id"]:
                if state["id"] in seen:
                    break
                seen.add(state["id"])
                order.append(next(w["kind"] for w in wanted if w["id"] == state["id"]))
        missing = [w for w in wanted if w["id"] not in seen]
        assert not missing, f"{len(missing)} de {len(wanted)} no se alcanzan con Tab: " + "; ".join(
            f"{w['kind']} «{w['text']}»" for w in missing[:15])
        first = {k: order.index(k) for k in ("búsqueda", "navegación", "contenido")}
        assert first["búsqueda"] < first["navegación"] < first["contenido"], order[:20]
        session.assert_clean()
    finally:
        session.context.close()


def test_las_tablas_anchas_son_regiones_enfocables_con_nombre(navegador, sitio, manual_elegido):
    procs = list(manual_elegido.manual.procedures.values())
    proc = max(procs, key=lambda p: len(p.roles))
    session = new_session(navegador, sitio, {"width": 1024, "height": 800}, init_scripts=[OPEN_SHADOW])
    try:
        open_drawn(session, page_path(proc_url(proc.id)))
        regions = session.page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap, .flujograma')]
            .map(el => ({scrolls: el.scrollWidth > el.clientWidth + 1, tab: el.getAttribute('tabindex'),
                         role: el.getAttribute('role'), label: el.getAttribute('aria-label')}))""")
        scrolling = [r for r in regions if r["scrolls"]]
        assert scrolling, f"a 1024 px ninguna tabla de {proc.id} se desplaza: la prueba no probaría nada"
        for r in regions:
            if r["scrolls"]:
                assert r["tab"] == "0" and r["role"] == "region" and r["label"], r
            else:
                assert r["tab"] is None and r["role"] is None, f"una tabla que no se desplaza es parada de Tab: {r}"
        session.assert_clean()
    finally:
        session.context.close()


# --- phone ------------------------------------------------------------------------------

CARD_ROW = """() => {
  const table = document.querySelector('article table[data-tarjetas]');
  const row = table.querySelector('tbody tr');
  row.scrollIntoView({block: 'center'});
  const cells = [...row.querySelectorAll('td')].map(td => {
    const r = td.getBoundingClientRect();
    return {label: td.getAttribute('data-label'), role: td.getAttribute('role'), left: r.left, right: r.right,
            top: r.top, bottom: r.bottom, before: getComputedStyle(td, '::before').content};
  });
  return {page: document.scrollingElement.scrollWidth, viewport: innerWidth, cells,
          display: getComputedStyle(table).display};
}"""


def test_en_el_telefono_cada_paso_es_una_tarjeta_sin_desplazamiento_lateral(navegador, sitio, manual_elegido):
    procs = manual_elegido.manual.procedures
    proc = procs.get("SPE-07") or next(iter(procs.values()))
    session = new_session(navegador, sitio, PHONE, init_scripts=[OPEN_SHADOW])
    try:
        open_drawn(session, page_path(proc_url(proc.id)))
        page = session.page
        card = page.evaluate(CARD_ROW)
        assert card["page"] <= card["viewport"], f"la página se desplaza de lado: {card['page']} > {card['viewport']} px"
        assert card["display"] == "block", "la tabla de actividades no se muestra como tarjetas"
        labels = [c["label"] for c in card["cells"]]
        assert labels == ["Cvo.", "Acción", "Responsable(s)", "Insumos", "Salida(s)"], labels
        for c in card["cells"]:
            assert 0 <= c["left"] and c["right"] <= card["viewport"], f"«{c['label']}» se sale de la pantalla: {c}"
            assert c["label"] in c["before"], f"la tarjeta no rotula «{c['label']}»: {c['before']}"
            assert c["role"] == "cell"
        top = min(c["top"] for c in card["cells"])
        bottom = max(c["bottom"] for c in card["cells"])
        page.evaluate(f"window.scrollBy(0, {top - 70})")     # the card under the sticky header
        assert bottom - top < PHONE["height"] - 80, "el paso 1 no cabe en una pantalla"
        shot_path = session.screenshot(f"telefono/{proc.id}-paso-1.png", full_page=False)
        assert shot_path.stat().st_size > 5_000

        # Still a table for a screen reader: Chromium's accessibility tree.
        cdp = page.context.new_cdp_session(page)
        try:
            root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article table[data-tarjetas]"})
            tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
            table = tree["nodes"][0]
            assert table["role"]["value"] == "table" and table["name"]["value"] == "Actividades", table
            children = cdp.send("Accessibility.queryAXTree", {"nodeId": node["nodeId"], "role": "cell"})
            headers = cdp.send("Accessibility.queryAXTree", {"nodeId": node["nodeId"], "role": "columnheader"})
        finally:
            cdp.detach()
        assert len(headers["nodes"]) == 5, f"columnas en el árbol de accesibilidad: {len(headers['nodes'])}"
        assert len(children["nodes"]) == 5 * len(proc.steps), \
            f"celdas en el árbol de accesibilidad: {len(children['nodes'])}, se esperaban {5 * len(proc.steps)}"

        # And a table again when printed.
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('article table[data-tarjetas]')).display") == "table"
        session.assert_clean()
    finally:
        session.context.close()


def test_el_organigrama_tiene_nombre_accesible(navegador, sitio):
    """The organisational chart's SVG is named («Organigrama», Mermaid accTitle) and described."""
    session = new_session(navegador, sitio, DESKTOP, init_scripts=[OPEN_SHADOW])
    try:
        open_drawn(session, "/manual/estructura/")
        svg = session.page.evaluate("""() => {
            const svg = document.querySelector('div.mermaid').shadowRoot.querySelector('svg');
            const text = ids => (ids || '').split(/\\s+/).map(id => svg.getElementById(id) || svg.querySelector('#' + CSS.escape(id)))
                                           .filter(Boolean).map(e => e.textContent).join(' ');
            return {name: text(svg.getAttribute('aria-labelledby')), description: text(svg.getAttribute('aria-describedby'))};
        }""")
        assert svg["name"] == "Organigrama", svg
        assert "unidades" in svg["description"], svg
        session.assert_clean()
    finally:
        session.context.close()


def test_en_el_cajon_de_navegacion_se_entra_y_se_sale_de_una_seccion_con_el_teclado(navegador, sitio, manual_elegido):
    """Below 1220 px the navigation is a drawer where the page's section covers the top level:
    its «←» title is reached with Tab and Enter on it goes back to the top level with the
    focus on the section's label; Enter there opens the section again. Every stop is seen."""
    proc = next(iter(manual_elegido.manual.procedures.values()))
    session = new_session(navegador, sitio, {"width": 1024, "height": 800}, init_scripts=[OPEN_SHADOW])
    try:
        open_drawn(session, page_path(proc_url(proc.id)))
        page = session.page
        tab_until(session, lambda s: "md-nav__title" in s["classes"], "cajón")
        assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
        section = page.evaluate("document.activeElement.htmlFor")
        page.keyboard.press("Enter")
        page.wait_for_function("id => !document.getElementById(id).checked", arg=section)
        state = focus(page)
        assert_focus_visible(state, "cajón, tras «←»")
        assert page.evaluate("document.activeElement.id") == f"{section}_label", state
        session.screenshot("teclado/07-cajon-nivel-superior.png", full_page=False)
        tab_until(session, lambda s: s["text"] == "Inicio", "cajón, nivel superior", key="Shift+Tab")
        tab_until(session, lambda s: s["id"] == "" and s["classes"].startswith("md-nav__link")
                  and page.evaluate("document.activeElement.id") == f"{section}_label", "cajón, de vuelta")
        page.keyboard.press("Enter")
        page.wait_for_function("id => document.getElementById(id).checked", arg=section)
        state = focus(page)
        assert_focus_visible(state, "cajón, sección abierta")
        assert "md-nav__title" in state["classes"], state
        session.assert_clean()
    finally:
        session.context.close()
