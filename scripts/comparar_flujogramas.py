"""Compara maneras de dibujar un flujograma por columnas con Mermaid 11 (issue 13).

Uso (con el sitio ya construido)::

    .venv/bin/python scripts/comparar_flujogramas.py [--sitio site] [--procedimiento SPE-02]
        [--salida macros/flujogramas]

Abre la página del procedimiento en el Chromium de Debian a 1280 px, sustituye el flujograma
por cada candidato (la misma página, el mismo Material y el mismo Mermaid local), espera a que
se dibuje y mide: ancho natural del SVG, ancho dibujado, escala, tamaño de los rótulos tal como
se ven, y las columnas (cajas de subgrafo o de carril: cuántas, si se enciman, si empiezan a la
misma altura). Escribe una captura por candidato y ``comparacion.md`` con la tabla.

Candidatos: subgrafos de flowchart (dagre), el mismo con ``layout: elk`` (no viene en el paquete
de Mermaid: cae a dagre), una cuadrícula ``block-beta``, ``swimlane-beta`` con la configuración
por omisión (con y sin ``useMaxWidth``) y el elegido (``macros/swimlanes.py``).
"""
from __future__ import annotations

import functools
import html
import http.server
import json
import re
import sys
import threading
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

from checks import check  # noqa: E402
from checks.commands.base import SpanishArgumentParser  # noqa: E402
from macros.escape import mermaid_label  # noqa: E402
from macros.swimlanes import column_name, columns, flowchart, home, short_text  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
OPEN_SHADOW = ("(() => { const a = Element.prototype.attachShadow; Element.prototype.attachShadow = "
               "function (i) { return a.call(this, Object.assign({}, i, {mode: 'open'})); }; })();")
MEASURE = """
() => {
  const host = document.querySelector('.flujograma div.mermaid');
  const svg = host.shadowRoot.querySelector('svg');
  const vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect(), scale = r.width / vb.width;
  const fonts = [...svg.querySelectorAll('g.node foreignObject div, g.node text')]
    .map(e => parseFloat(getComputedStyle(e).fontSize) * scale).filter(x => x > 0);
  const boxes = [...svg.querySelectorAll('g.cluster')].map(g => {
    const rs = [...g.querySelectorAll(':scope > rect')].map(e => e.getBoundingClientRect());
    return [Math.min(...rs.map(b => b.left)), Math.min(...rs.map(b => b.top)),
            Math.max(...rs.map(b => b.right)), Math.max(...rs.map(b => b.bottom))];
  }).filter(b => isFinite(b[0]));
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5) overlaps++;
  }
  const tops = boxes.map(b => b[1]);
  return {natural: Math.round(vb.width), naturalH: Math.round(vb.height), drawn: Math.round(r.width),
          container: Math.round(host.getBoundingClientRect().width), scale: +scale.toFixed(3),
          font: fonts.length ? +Math.min(...fonts).toFixed(1) : null, columns: boxes.length, overlaps,
          topSpread: boxes.length ? Math.round(Math.max(...tops) - Math.min(...tops)) : null};
}
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def _label(step, manual) -> str:
    text = mermaid_label(f"{step.cvo}. {short_text(step.action, 70)}", 300)
    others = step.real_responsibles[1:]
    if others:
        text += "<br><i>con " + mermaid_label(", ".join(column_name(r, manual) for r in others)) + "</i>"
    return text


def lanes(proc, manual, kind: str, init: str = "") -> str:
    """One top-level subgraph per role (``kind``: ``flowchart TB`` or ``swimlane-beta TB``)."""
    lines = ([init] if init else []) + [kind]
    for n, key in enumerate(columns(proc)):
        lines.append(f'  subgraph c{n}["{mermaid_label(column_name(key, manual))}"]')
        if kind.startswith("flowchart"):
            lines.append("    direction TB")
        if n == 0:
            lines.append('    inicio(["Inicio"])')
        for i, step in enumerate(proc.steps):
            if home(step) == key:
                lines.append(f'    s{i + 1}["{_label(step, manual)}"]')
        if key == home(proc.steps[-1]):
            lines.append('    fin(["Fin"])')
        lines.append("  end")
    lines.append("  inicio --> s1")
    lines += [f"  s{i} --> s{i + 1}" for i in range(1, len(proc.steps))]
    lines.append(f"  s{len(proc.steps)} --> fin")
    return "\n".join(lines)


def block(proc, manual) -> str:
    """A block-beta grid: one grid column per role, one row per step."""
    keys = columns(proc)
    n = len(keys)
    lines = ["block-beta", f"  columns {n}"]
    lines += [f'  t{c}["{mermaid_label(column_name(k, manual))}"]' for c, k in enumerate(keys)]
    lines += ['  inicio(["Inicio"])', f"  space:{n - 1}"] if n > 1 else ['  inicio(["Inicio"])']
    for i, step in enumerate(proc.steps):
        c = keys.index(home(step))
        lines += ([f"  space:{c}"] if c else []) + [f'  s{i + 1}["{_label(step, manual)}"]'] \
            + ([f"  space:{n - c - 1}"] if n - c - 1 else [])
    lines.append("  inicio --> s1")
    lines += [f"  s{i} --> s{i + 1}" for i in range(1, len(proc.steps))]
    return "\n".join(lines)


def candidates(proc, manual) -> dict[str, tuple[str, str]]:
    return {
        "1-flowchart-subgrafos": ("flowchart TB, un subgrafo por rol (dagre)", lanes(proc, manual, "flowchart TB")),
        "2-flowchart-elk": ("el mismo con layout: elk (ELK no viene en el paquete: cae a dagre)",
                            lanes(proc, manual, "flowchart TB", '%%{init: {"layout": "elk"}}%%')),
        "3-block-beta": ("cuadrícula block-beta con aristas", block(proc, manual)),
        "4-swimlane-omision": ("swimlane-beta, configuración por omisión (useMaxWidth)",
                               lanes(proc, manual, "swimlane-beta TB")),
        "5-swimlane-sin-maxwidth": ("swimlane-beta con useMaxWidth: false",
                                    lanes(proc, manual, "swimlane-beta TB",
                                          '%%{init: {"flowchart": {"useMaxWidth": false}}}%%')),
        "6-elegido": ("elegido: macros/swimlanes.py (swimlane-beta, carriles dimensionados, rótulos a 20 px)",
                      flowchart(proc, manual)),
    }


def run(site: Path, proc_id: str, out: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    manual = check(str(RAIZ / "procesos_yaml")).manual
    proc = manual.procedures[proc_id]
    page_file = site / "procedimientos" / proc_id / "index.html"
    original = page_file.read_text(encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{base}/procedimientos/{proc_id}/"
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, (description, source) in candidates(proc, manual).items():
                context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=0.5)
                context.add_init_script(OPEN_SHADOW)
                context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                page = context.new_page()
                body = re.sub(r'(<div class="flujograma"[^>]*>\s*<pre class="mermaid"><code>)(.*?)(</code></pre>)',
                              lambda m: m.group(1) + html.escape(source, quote=False) + m.group(3), original,
                              count=1, flags=re.S)
                page.route(url, lambda r, *_a, body=body: r.fulfill(status=200, body=body,
                                                                     content_type="text/html; charset=utf-8"))
                page.goto(url)
                page.wait_for_function("() => { const h = document.querySelector('.flujograma div.mermaid');"
                                       " return h && h.shadowRoot && h.shadowRoot.querySelector('svg'); }")
                row = {"candidato": name, "descripcion": description, **page.evaluate(MEASURE)}
                page.add_style_tag(content=".md-header { visibility: hidden; }")
                page.locator(".flujograma div.mermaid").screenshot(path=str(out / f"{proc_id}-{name}.png"))
                rows.append(row)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    lines = [f"# Comparación de flujogramas por columnas: {proc_id} a 1280 px", "",
             "Generado por `scripts/comparar_flujogramas.py`. Ancho natural: el del SVG; dibujado: el que "
             "ocupa en la columna de contenido; rótulo: el tamaño con que se ve el rótulo más chico; "
             "columnas: cajas de subgrafo o carril dibujadas, cuántos pares se enciman y la diferencia "
             "entre la más alta y la más baja de sus orillas superiores.", "",
             "| Candidato | Ancho natural | Dibujado | Escala | Rótulo (px) | Columnas | Pares encimados | "
             "Orillas superiores (px) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['descripcion']} ([captura]({proc_id}-{r['candidato']}.png)) | {r['natural']} | "
                     f"{r['drawn']} | {r['scale']} | {r['font']} | {r['columns']} | {r['overlaps']} | "
                     f"{r['topSpread']} |")
    (out / "comparacion.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "comparacion.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = SpanishArgumentParser(prog="scripts/comparar_flujogramas.py",
                                   description="Compara maneras de dibujar el flujograma por columnas.")
    parser.add_argument("--sitio", default="site", help="sitio construido (por omisión: site)")
    parser.add_argument("--procedimiento", default="SPE-02", help="procedimiento (por omisión: SPE-02)")
    parser.add_argument("--salida", default="macros/flujogramas", help="directorio de capturas y tabla")
    args = parser.parse_args(argv)
    rows = run(Path(args.sitio), args.procedimiento, Path(args.salida))
    for r in rows:
        print(f"{r['candidato']}: natural {r['natural']} px, escala {r['scale']}, rótulo {r['font']} px, "
              f"{r['columns']} columnas, {r['overlaps']} encimadas, orillas ±{r['topSpread']} px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
