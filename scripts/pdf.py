"""Print the built site's «Versión para imprimir» page to PDF with headless Chromium.

Usage (after ``mkdocs build``)::

    .venv/bin/python scripts/pdf.py [--sitio site] [--salida site/descargas/manual.pdf]

The site is served over HTTP on 127.0.0.1 (an ephemeral port; ``file://`` would not render
the diagrams), Debian's ``/usr/bin/chromium`` is driven with Playwright (never a downloaded
browser), every Mermaid flowchart is awaited until it became an SVG, and only then the page
is printed. Any request to a host other than the local server is blocked and makes the
script fail: the manual must print without internet. Exit codes: 0 written, 1 failure.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

_RAIZ_REPO = Path(__file__).resolve().parents[1]
if str(_RAIZ_REPO) not in sys.path:
    sys.path.insert(0, str(_RAIZ_REPO))
from checks.commands.base import SpanishArgumentParser  # noqa: E402  (ayuda y errores en español)
from checks.problem import printable  # noqa: E402  (mensajes seguros para el registro de CI)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
PAGE = "imprimir/"
TIMEOUT_MS = 120_000            # plus PER_DIAGRAM_MS for each flowchart (100 take about 45 s)
PER_DIAGRAM_MS = 2_000

# Forces Material's closed shadow roots (one per diagram) open, so the wait can see the SVG.
OPEN_SHADOW = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, {mode: "open"}));
  };
})();
"""

# True when no diagram is left as source and every rendered one holds an <svg>.
DIAGRAMS_READY = """
(expected) => {
  if (document.querySelectorAll("pre.mermaid").length) return false;
  const hosts = [...document.querySelectorAll("div.mermaid")];
  if (hosts.length < expected) return false;
  return hosts.every(h => h.shadowRoot && h.shadowRoot.querySelector("svg"));
}
"""

# Mermaid caps each SVG at its natural width, which leaves wide flowcharts tiny on paper.
# Size every diagram to the printable area (Letter minus margins, in CSS px at 96 dpi),
# enlarged at most MAX_SCALE times and never taller than a page.
FIT_DIAGRAMS = """
([maxW, maxH, maxScale]) => {
  let n = 0;
  for (const host of document.querySelectorAll("div.mermaid")) {
    if (host.closest(".simbologia__simbolo")) continue;   // the Simbología's small examples: natural size
    const svg = host.shadowRoot && host.shadowRoot.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) continue;
    const vb = svg.viewBox.baseVal;
    let w = Math.min(maxW, vb.width * maxScale);
    let h = w * vb.height / vb.width;
    if (h > maxH) { w = w * maxH / h; h = maxH; }
    svg.style.maxWidth = "none";
    svg.setAttribute("width", String(Math.floor(w)));
    svg.setAttribute("height", String(Math.floor(h)));
    svg.style.width = Math.floor(w) + "px";
    svg.style.height = Math.floor(h) + "px";
    n++;
  }
  return n;
}
"""

# Smallest label of each flowchart as printed, in CSS px (1 px = 0.75 pt): node labels are
# HTML inside <foreignObject>, drawn at their computed font size times the SVG's scale.
PRINTED_LABELS = """
() => {
  const out = [];
  for (const host of document.querySelectorAll("div.mermaid")) {
    const svg = host.shadowRoot && host.shadowRoot.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) continue;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("g.node foreignObject div")]
      .map(d => parseFloat(getComputedStyle(d).fontSize) * scale).filter(x => x > 0);
    if (!sizes.length) continue;
    const title = svg.querySelector("title");
    out.push({titulo: title ? title.textContent : "", px: Math.min(...sizes),
              ancho: Math.round(svg.viewBox.baseVal.width), alto: Math.round(svg.viewBox.baseVal.height)});
  }
  return out;
}
"""
PRINT_AREA = (700, 760, 1.6)
MIN_LABEL_PT = 8.0              # flowchart labels below this size are reported (issue 13)

# (Material rewrites every href to an absolute URL, hence ``a.hash``.)
# Contents lines get a dotted leader; their page number goes in data-pagina (CSS ::after,
# with a fixed minimum width, so filling the numbers in does not move anything).
PREPARE_CONTENTS = """
() => {
  const links = [...document.querySelectorAll(".imp-contenido li > a")].filter(a => a.hash);
  for (const a of links) {
    if (!a.querySelector(".imp-guia")) {
      // One flex item for the whole title: loose text and <abbr> as separate flex items
      // would lose the spaces between them.
      const t = document.createElement("span");
      t.className = "imp-texto";
      while (a.firstChild) t.appendChild(a.firstChild);
      a.appendChild(t);
      const g = document.createElement("span");
      g.className = "imp-guia";
      a.appendChild(g);
    }
    a.setAttribute("data-pagina", "");
  }
  return links.map(a => decodeURIComponent(a.hash.slice(1)));
}
"""
SET_PAGES = """
(pages) => {
  for (const a of document.querySelectorAll(".imp-contenido li > a")) {
    if (!a.hash) continue;
    const n = pages[decodeURIComponent(a.hash.slice(1))];
    a.setAttribute("data-pagina", n ? String(n) : "");
  }
}
"""

# Running header and footer, as the institute's documents read: title · Rev. · fecha · Hoja N de M.
# The values come from the print page's document-control element (``data-control-*``
# attributes, written by the site from the validated manual) and are HTML-escaped here.
HEADER = ('<div style="font-size:7pt;width:100%;padding:0 12mm;color:#333;font-family:sans-serif;'
          'display:flex;justify-content:space-between"><span>{titulo}</span>'
          '<span>Rev. {version} · {fecha} · Hoja <span class="pageNumber"></span> de '
          '<span class="totalPages"></span></span></div>')
FOOTER = ('<div style="font-size:7pt;width:100%;padding:0 12mm;color:#333;font-family:sans-serif;'
          'display:flex;justify-content:space-between"><span>{unidad}</span><span>{estado}</span></div>')
DRAFT_FOOTER = "BORRADOR — no vigente"

# Document control written by the print page (macros: the print version's control element).
CONTROL = """
() => {
  const e = document.querySelector("[data-control-version]");
  if (!e) return null;
  return {titulo: e.dataset.controlTitulo || "", unidad: e.dataset.controlUnidad || "",
          version: e.dataset.controlVersion || "", fecha: e.dataset.controlFecha || "",
          borrador: e.dataset.controlBorrador === "si"};
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}/"


def _diagrams_in(html_file: Path) -> int:
    """Mermaid diagrams in the built page (counted in the HTML, before any script runs)."""
    return len(re.findall(r'<pre class="mermaid"', html_file.read_text(encoding="utf-8")))


def _anchor_pages(pdf: Path, anchors: list[str]) -> dict[str, int]:
    """1-based page of each named destination (Chromium names them after the HTML ids)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    dests = reader.named_destinations
    out = {}
    for anchor in anchors:
        dest = dests.get("/" + anchor) or dests.get(anchor)
        if dest is not None:
            out[anchor] = reader.get_destination_page_number(dest) + 1
    return out


def _html_escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


@contextlib.contextmanager
def drawn_print_page(site_dir: Path, page_path: str = PAGE, timeout_ms: int | None = None, **context_options):
    """The built print page, served on 127.0.0.1 and open in Debian's Chromium, with every
    Mermaid diagram drawn and the print layout applied: yields ``(page, expected diagrams)``.

    Shared by the PDF and the Word export (``scripts/word.py``). Any request to another host
    is blocked and, like a JavaScript error, fails once the caller is done."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    if not (site_dir / page_path / "index.html").is_file():
        raise RuntimeError(f"no existe {site_dir / page_path / 'index.html'}: construya el sitio primero")
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"no existe {CHROMIUM}: instale el paquete chromium de Debian")
    expected = _diagrams_in(site_dir / page_path / "index.html")
    if timeout_ms is None:
        timeout_ms = TIMEOUT_MS + PER_DIAGRAM_MS * expected
    server, base = _serve(site_dir)
    blocked: list[str] = []
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context(service_workers="block", **context_options)
                context.add_init_script(OPEN_SHADOW)
                local = urlsplit(base).netloc

                def route(r):
                    parts = urlsplit(r.request.url)
                    if parts.scheme in ("http", "https") and parts.netloc != local:
                        blocked.append(r.request.url)
                        return r.abort()
                    return r.continue_()

                context.route("**/*", route)
                page = context.new_page()
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.goto(base + page_path, wait_until="load", timeout=timeout_ms)
                try:
                    page.wait_for_function(DIAGRAMS_READY, arg=expected, timeout=timeout_ms, polling=250)
                except PlaywrightTimeout:
                    left = page.evaluate("document.querySelectorAll('pre.mermaid').length")
                    raise RuntimeError(f"{left} de {expected} flujogramas no se dibujaron en {timeout_ms / 1000:.0f} s "
                                       "(¿falta docs/js/mermaid/mermaid.js o hay un error de sintaxis Mermaid?)"
                                       + (f"; errores: {'; '.join(errors[:3])}" if errors else "")) from None
                page.emulate_media(media="print")
                yield page, expected
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if blocked:
        raise RuntimeError("la página pidió recursos fuera del servidor local (el manual debe funcionar sin "
                           "internet): " + ", ".join(sorted(set(blocked))[:10]))
    if errors:
        raise RuntimeError("errores de JavaScript al preparar la impresión: " + "; ".join(errors[:5]))


def print_pdf(site_dir: Path, output: Path, page_path: str = PAGE, header: tuple[str, str] = ("", ""),
              timeout_ms: int | None = None) -> dict:
    """Print ``site_dir/page_path`` to ``output``; return facts (diagrams, bytes, seconds)."""
    started = time.monotonic()
    try:
        with drawn_print_page(site_dir, page_path, timeout_ms) as (page, expected):
            page.evaluate(FIT_DIAGRAMS, list(PRINT_AREA))
            labels = page.evaluate(PRINTED_LABELS)
            page.evaluate("document.fonts.ready")
            control = page.evaluate(CONTROL) or {"titulo": header[0], "unidad": header[1], "version": "",
                                                 "fecha": "", "borrador": False}
            shown = {key: _html_escape(str(control.get(key) or "")) for key in ("titulo", "unidad", "version",
                                                                                 "fecha")}
            output.parent.mkdir(parents=True, exist_ok=True)
            tmp = output.with_suffix(".pdf.tmp")
            # outline: bookmarks from the headings (CDP generateDocumentOutline); tagged: a
            # tagged PDF (generateTaggedPDF) whose structure follows the page, so text is
            # selectable and read in order by assistive technology.
            options = dict(path=str(tmp), format="Letter", print_background=True,
                           outline=True, tagged=True,
                           display_header_footer=True,
                           header_template=HEADER.format(**shown),
                           footer_template=FOOTER.format(unidad=shown["unidad"],
                                                         estado=DRAFT_FOOTER if control.get("borrador") else ""),
                           margin={"top": "18mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
            anchors = page.evaluate(PREPARE_CONTENTS)
            pages: dict[str, int] = {}
            for _attempt in range(3):       # print, read where each anchor landed, repeat
                page.pdf(**options)
                found = _anchor_pages(tmp, anchors)
                if found == pages:
                    break
                pages = found
                page.evaluate(SET_PAGES, pages)
            os.replace(tmp, output)
    except RuntimeError:
        output.unlink(missing_ok=True)
        raise
    return {"diagramas": expected, "bytes": output.stat().st_size, "segundos": time.monotonic() - started,
            "borrador": bool(control.get("borrador")),
            "etiquetas": [{"titulo": x["titulo"], "pt": round(x["px"] * 0.75, 2), "ancho": x["ancho"],
                           "alto": x["alto"]} for x in labels]}


def _header_from_site(site_dir: Path) -> tuple[str, str]:
    """Title and unit for the running header, read from the JSON export in the site."""
    import json

    try:
        data = json.loads((site_dir / "descargas" / "manual.json").read_text(encoding="utf-8"))
        info = data.get("manual") or {}
        return (f"{info.get('titulo', '')} {info.get('version', '')}".strip(),
                info.get("siglas_unidad") or info.get("unidad") or "")
    except (OSError, ValueError):
        return ("Manual de Procedimientos", "")


def main(argv: list[str] | None = None) -> int:
    parser = SpanishArgumentParser(
        prog="scripts/pdf.py",
        description="Imprime a PDF la versión para imprimir del sitio construido, con el Chromium de Debian.")
    parser.add_argument("--sitio", default="site", help="directorio del sitio construido (por omisión: site)")
    parser.add_argument("--salida", default=None,
                        help="archivo PDF (por omisión: <sitio>/descargas/manual.pdf)")
    args = parser.parse_args(argv)
    site_dir = Path(args.sitio)
    output = Path(args.salida) if args.salida else site_dir / "descargas" / "manual.pdf"
    try:
        facts = print_pdf(site_dir, output, header=_header_from_site(site_dir))
    except Exception as exc:  # noqa: BLE001 - any failure is reported in Spanish, exit 1
        sys.stderr.write(f"ERROR: no se pudo generar el PDF: {printable(str(exc))}\n")
        return 1
    sys.stderr.write(f"PDF escrito en {output}: {facts['bytes'] // 1024} KB, {facts['diagramas']} flujogramas, "
                     f"{facts['segundos']:.1f} s\n")
    small = [x for x in facts.get("etiquetas", ()) if x["pt"] < MIN_LABEL_PT]
    for x in small:
        sys.stderr.write(f"AVISO: «{x['titulo']}» se imprime con rótulos de {x['pt']:.1f} pt "
                         f"(mínimo {MIN_LABEL_PT:g} pt)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
