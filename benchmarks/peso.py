"""What a reader pays on the first view of a page: bytes on the wire and time to the flowchart.

``.venv/bin/python benchmarks/peso.py [--sitio site] [--pagina /procedimientos/SPE-02/] [--buscar PALABRA]``
(also called from ``benchmarks/medir.py --peso``). Run by hand, not part of the tests.

The built site is served from 127.0.0.1 by a small HTTP/1.1 server that compresses text
responses with gzip (level 6, what Apache's mod_deflate and most servers apply; nginx's default
level 1 compresses a little less), as any web server would. Debian's Chromium, headless and with
an empty cache, opens the page:

* **bytes**: every response of the first view (the page, styles, scripts, Mermaid and its
  chunks, the search worker, the sitemap for instant navigation, fonts and images; the search
  index only if the page requests it, which since docs/js/busqueda.js it does only when the
  reader uses the search) until the network is idle after the diagrams were drawn; *on the wire* is
  the encoded body size Chromium reports (gzip where the server compressed), *raw* the decoded
  size;
* **draw time**: from the navigation start to the moment no ``pre.mermaid`` is left and every
  diagram is an SVG (a ``MutationObserver`` installed before the page runs records it), under
  DevTools' "Fast 3G" profile (``Network.emulateNetworkConditions``: 1.6 Mbit/s × 0.9 down,
  750 kbit/s × 0.9 up, 562.5 ms latency per request, the values of Chromium's DevTools) and
  also without throttling.

Requests that leave the site are blocked and reported (there must be none).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Chromium DevTools' presets (front_end/core/sdk/NetworkManager.ts), bytes per second.
FAST_3G = {"offline": False, "latency": 150 * 3.75,
           "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
           "uploadThroughput": 750 * 1000 / 8 * 0.9}
GZIP_LEVEL = 6
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map")

# Records when the last Mermaid code block became a drawn diagram (Material replaces each
# ``pre.mermaid`` with a ``div.mermaid`` holding the SVG in a closed shadow root).
_OBSERVE = """
(() => {
  const done = () => document.querySelector('div.mermaid') !== null
                     && document.querySelector('pre.mermaid') === null;
  const check = () => {
    if (window.__dibujado === undefined && done()) window.__dibujado = performance.now();
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true});
})();
"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1 with ``Content-Encoding: gzip`` for text, like a web server."""

    protocol_version = "HTTP/1.1"
    _cache: dict[tuple[str, float], bytes] = {}

    def log_message(self, format, *args):  # noqa: A002
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()                     # redirect to the slash form
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        key = (path, os.path.getmtime(path))
        body = self._cache.get(key)
        if body is None:
            with open(path, "rb") as fh:
                body = gzip.compress(fh.read(), compresslevel=GZIP_LEVEL, mtime=0)
            self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server:
    def __init__(self, directory: Path):
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def first_view(browser, origin: str, path: str, throttle: dict | None, timeout_s: float = 120,
               query: str | None = None) -> dict:
    """Open ``path`` once in a fresh context (empty cache); bytes and draw time. With ``query``,
    then type it in the search box: time to the first result and what that search requested."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    context.set_default_timeout(timeout_s * 1000)
    responses, external, errors = [], [], []

    def gate(route):
        url = route.request.url
        if url.startswith(origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", gate)
    context.on("requestfinished", lambda req: responses.append(req))
    context.add_init_script(_OBSERVE)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", throttle)
    try:
        page.goto(origin + path, wait_until="load")
        has_diagrams = page.evaluate("document.querySelector('pre.mermaid, div.mermaid') !== null")
        drawn = None
        if has_diagrams:
            # Polled from Python: wait_for_function evaluates strings, which the site's
            # Content-Security-Policy (no 'unsafe-eval') refuses.
            deadline = time.monotonic() + timeout_s
            while (value := page.evaluate("window.__dibujado")) is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if value is None:
                raise TimeoutError(f"{path}: el flujograma no se dibujó en {timeout_s:.0f} s")
            drawn = value / 1000
        page.wait_for_load_state("networkidle")
        time.sleep(0.5)
        load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
        origin_time = page.evaluate("performance.timeOrigin") / 1000
        search = _first_search(page, query, timeout_s) if query else None
        rows = _rows(responses, origin_time)
        if search:
            # What started after the click belongs to the search (the index, lunr).
            search["requests"] = [r for r in rows if r["start"] >= search["click"]]
            search["wire"] = sum(r["wire"] + max(r["headers"], 0) for r in search["requests"])
            rows = [r for r in rows if r["start"] < search["click"]]
    finally:
        cdp.detach()
        context.close()
    return {"draw": drawn, "load": load, "requests": rows, "external": external, "errors": errors,
            "search": search,
            "wire": sum(r["wire"] + max(r["headers"], 0) for r in rows),
            "wire_body": sum(r["wire"] for r in rows), "raw": sum(r["raw"] for r in rows)}


def _rows(requests, origin_time: float) -> list[dict]:
    """Bytes and timing of each finished request."""
    rows = []
    for req in requests:
        resp = req.response()
        if resp is None:
            continue
        sizes = req.sizes()
        try:
            body = resp.body()
        except Exception:           # bodies of redirects and aborted requests
            body = b""
        raw, wire = len(body), sizes["responseBodySize"]
        if wire <= 0 and body:      # Chromium reports no size for a worker's script
            gzipped = (resp.headers.get("content-encoding") or "") == "gzip"
            wire = len(gzip.compress(body, GZIP_LEVEL)) if gzipped else raw
        timing = req.timing
        start = timing["startTime"] / 1000 - origin_time
        end = start + max(timing["responseEnd"], 0) / 1000
        rows.append({"url": urlparse(req.url).path, "wire": wire,
                     "start": start, "end": end,
                     "headers": sizes["responseHeadersSize"], "raw": raw,
                     "encoding": (resp.headers.get("content-encoding") or "")})
    return rows


# The search results list holds a link, or the summary says nothing was found.
_RESULTS = """() => document.querySelector('.md-search-result__list a[href]') !== null
    || document.querySelector('.md-search-result__meta')?.textContent.trim()
       === JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']"""


def _first_search(page, query: str, timeout_s: float) -> dict:
    """Click the search box of the loaded page and type ``query`` (one keyup for the whole
    query, as a reader who types fast): seconds from the click to the first results, and when
    the click happened (seconds from the navigation start)."""
    box = page.locator("input.md-search__input")
    start = page.evaluate("performance.now()")
    box.click()
    box.fill(query[:-1])
    box.press(query[-1])
    deadline = time.monotonic() + timeout_s
    # Polled from Python, like the drawing (no string evaluation under the site's CSP).
    while not page.evaluate(_RESULTS):
        if time.monotonic() > deadline:
            raise TimeoutError(f"la búsqueda «{query}» no respondió en {timeout_s:.0f} s")
        time.sleep(0.05)
    seconds = (page.evaluate("performance.now()") - start) / 1000
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)
    return {"time": seconds, "click": start / 1000,
            "results": page.locator(".md-search-result__meta").inner_text().strip()}

def measure(site: Path, paths: list[str], reps: int = 3, query: str | None = None) -> list[dict]:
    """Median over ``reps`` fresh contexts of each page, with and without Fast 3G; with
    ``query``, also of the first search typed on the loaded page."""
    from playwright.sync_api import sync_playwright

    out = []
    with Server(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in paths:
                fast = [first_view(browser, server.origin, path, None, query=query) for _ in range(reps)]
                slow = [first_view(browser, server.origin, path, FAST_3G, query=query) for _ in range(reps)]
                last = slow[-1]
                draws = [v["draw"] for v in slow if v["draw"] is not None]
                out.append({
                    "pagina": path, "wire": statistics.median(v["wire"] for v in slow),
                    "wire_body": statistics.median(v["wire_body"] for v in slow),
                    "raw": statistics.median(v["raw"] for v in slow),
                    "draw_3g": statistics.median(draws) if draws else None,
                    "draw_local": statistics.median([v["draw"] for v in fast if v["draw"] is not None] or [0]),
                    "load_3g": statistics.median(v["load"] for v in slow),
                    "requests": last["requests"], "external": sorted({u for v in slow + fast for u in v["external"]}),
                    "errors": sorted({e for v in slow + fast for e in v["errors"]}),
                    "search": None if query is None else {
                        "query": query, "time_3g": statistics.median(v["search"]["time"] for v in slow),
                        "time_local": statistics.median(v["search"]["time"] for v in fast),
                        "wire": statistics.median(v["search"]["wire"] for v in slow),
                        "results": last["search"]["results"], "requests": last["search"]["requests"]}})
        finally:
            browser.close()
    return out


def mb(n: float) -> str:
    return f"{n / 1_000_000:.2f} MB"


def report(rows: list[dict], detail: bool = True) -> str:
    lines = ["| Página | Primera vista: bytes sin comprimir | En la red (gzip) | Flujograma dibujado, Fast 3G | Sin limitar |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for r in rows:
        draw = "—" if r["draw_3g"] is None else f"{r['draw_3g']:.2f} s"
        local = "—" if not r["draw_local"] else f"{r['draw_local']:.2f} s"
        lines.append(f"| `{r['pagina']}` | {mb(r['raw'])} | {mb(r['wire'])} | {draw} | {local} |")
    if detail:
        for r in rows:
            lines.append(f"\nPeticiones de `{r['pagina']}` (última vista con Fast 3G; bytes en la red / sin "
                         f"comprimir; inicio–fin desde la navegación):")
            for q in sorted(r["requests"], key=lambda q: q["start"]):
                lines.append(f"  {q['wire']:>9} / {q['raw']:>9}  {q['encoding'] or '-':4}  "
                             f"{q['start']:6.2f}–{q['end']:6.2f} s  {q['url']}")
            if r.get("search"):
                q = r["search"]
                lines.append(f"  Primera búsqueda «{q['query']}» ({q['results']}): "
                             f"{q['time_3g']:.2f} s del clic al primer resultado con Fast 3G "
                             f"({q['time_local']:.2f} s sin limitar), {mb(q['wire'])} en la red:")
                for x in sorted(q["requests"], key=lambda x: x["start"]):
                    lines.append(f"  {x['wire']:>9} / {x['raw']:>9}  {x['encoding'] or '-':4}  "
                                 f"{x['start']:6.2f}–{x['end']:6.2f} s  {x['url']}")
            if r["external"]:
                lines.append("  PETICIONES EXTERNAS (bloqueadas): " + ", ".join(r["external"]))
            if r["errors"]:
                lines.append("  ERRORES: " + "; ".join(r["errors"]))
    return "\n".join(lines)


# --- rows of benchmarks/medir.py -----------------------------------------------------------

def index_ratio(work: Path) -> dict:
    """Search index of the full build over the floor's (the same pages, built without the
    project's hook: no accent folding). Both sites are left in ``work`` by ``medir.py``."""
    full = work / "site-completo" / "search" / "search_index.json"
    floor = work / "site-piso" / "search" / "search_index.json"
    if not (full.is_file() and floor.is_file()):
        return {}
    a, b = full.stat().st_size, floor.stat().st_size
    # The same content serialised alike (Material writes \\u escapes, the project UTF-8).
    same = [len(json.dumps(json.loads(p.read_text(encoding="utf-8")), ensure_ascii=False,
                           separators=(",", ":")).encode("utf-8")) for p in (full, floor)]
    return {"indice": a, "indice_piso": b, "indice_razon": a / b, "indice_razon_igual": same[0] / same[1],
            "indice_gzip": len(gzip.compress(full.read_bytes(), GZIP_LEVEL)),
            "indice_piso_gzip": len(gzip.compress(floor.read_bytes(), GZIP_LEVEL))}


def procedure_page(site: Path) -> str | None:
    """SPE-02 (the page of issue 12) if the site has it, else its first procedure page."""
    root = site / "procedimientos"
    if (root / "SPE-02" / "index.html").is_file():
        return "/procedimientos/SPE-02/"
    pages = sorted(p.parent.name for p in root.glob("*/index.html"))
    return f"/procedimientos/{pages[0]}/" if pages else None


def measure_row(work: Path, browser: bool, reps: int = 3) -> dict:
    """What ``medir.py`` adds to each manual's row: the index ratio, and with ``browser`` the
    first view of a procedure page of the full build."""
    row = index_ratio(work)
    site = work / "site-completo"
    path = procedure_page(site) if browser else None
    if path:
        (view,) = measure(site, [path], reps)
        row.update({"peso_pagina": path, "peso_bruto": view["raw"], "peso_red": view["wire"],
                    "dibujo_3g": view["draw_3g"], "dibujo_local": view["draw_local"],
                    "peso_externas": view["external"], "peso_errores": view["errors"]})
    return row


def table(rows: list[dict]) -> str:
    """Table of ``medir.py`` for the rows that have these measurements."""
    out = ["| Manual | Índice de búsqueda / sin plegar acentos (gzip) | Página | Primera vista: sin comprimir "
           "/ en la red (gzip) | Flujograma dibujado, Fast 3G (sin limitar) |",
           "| --- | ---: | --- | ---: | ---: |"]
    for r in rows:
        if "indice" not in r:
            continue
        ratio = (f"{mb(r['indice'])} / {mb(r['indice_piso'])} = {r['indice_razon']:.2f}× "
                 f"({mb(r['indice_gzip'])} / {mb(r['indice_piso_gzip'])}; con la misma serialización "
                 f"{r['indice_razon_igual']:.2f}×)")
        if r.get("peso_pagina"):
            draw = "—" if r["dibujo_3g"] is None else f"{r['dibujo_3g']:.2f} s ({r['dibujo_local']:.2f} s)"
            bad = " **peticiones externas o errores**" if r["peso_externas"] or r["peso_errores"] else ""
            view = f"`{r['peso_pagina']}` | {mb(r['peso_bruto'])} / {mb(r['peso_red'])}{bad} | {draw}"
        else:
            view = "— | — | —"
        out.append(f"| {r['nombre']} | {ratio} | {view} |")
    return "\n".join(out)


def main(argv=None) -> int:
    sys.path.insert(0, str(ROOT))
    from checks.commands.base import SpanishArgumentParser

    parser = SpanishArgumentParser(description="Mide el peso de la primera vista y el tiempo hasta el flujograma.")
    parser.add_argument("--sitio", type=Path, default=ROOT / "site", help="sitio construido (por omisión site/)")
    parser.add_argument("--pagina", action="append", default=None,
                        help="ruta de la página (repetible; por omisión /procedimientos/SPE-02/ y /)")
    parser.add_argument("--repeticiones", type=int, default=3, help="vistas por página (mediana)")
    parser.add_argument("--sin-detalle", action="store_true", help="no listar las peticiones")
    parser.add_argument("--buscar", metavar="PALABRA", default=None,
                        help="tras cada primera vista, escribir PALABRA en la búsqueda: tiempo hasta el "
                             "primer resultado y bytes de esa búsqueda (el índice, lunr)")
    args = parser.parse_args(argv)
    if not (args.sitio / "index.html").is_file():
        parser.error(f"{args.sitio} no tiene un sitio construido (bash scripts/construir.sh)")
    paths = args.pagina or ["/procedimientos/SPE-02/", "/"]
    rows = measure(args.sitio, paths, args.repeticiones, args.buscar)
    print(report(rows, not args.sin_detalle))
    return 1 if any(r["external"] or r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
