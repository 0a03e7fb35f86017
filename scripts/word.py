"""Write the manual as Word (``site/descargas/manual.docx``) from the validated manual, with
each flowchart as a PNG drawn by the same Chromium that prints the PDF.

Usage (after ``mkdocs build``)::

    .venv/bin/python scripts/word.py [--sitio site] [--salida site/descargas/manual.docx]
                                     [--ruta procesos_yaml] [--plantilla plantillas/manual.docx]

The built «Versión para imprimir» page is served on 127.0.0.1 (as ``scripts/pdf.py`` does),
Debian's ``/usr/bin/chromium`` draws every Mermaid diagram, and each diagram is captured as a
PNG (the organisational chart and one flowchart per procedure, found by the heading that
precedes it). The document itself is built by :mod:`checks.reports.docx` from the manual
checked again here (never from the HTML): with blocking errors nothing is written. Any
request to another host fails the script. Exit codes: 0 written, 1 failure, 2 bad usage.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_SCRIPTS = Path(__file__).resolve().parent
_RAIZ = _SCRIPTS.parent
for path in (str(_RAIZ), str(_SCRIPTS)):
    if path not in sys.path:
        sys.path.insert(0, path)

import pdf  # noqa: E402  (scripts/pdf.py: server, Chromium options, diagram wait)
from checks.commands.base import SpanishArgumentParser  # noqa: E402

SCALE = 2            # device pixels per CSS pixel in the captures
# The draft watermark of the printed pages (fixed, over everything) must not end up inside the
# flowchart images: the .docx says «BORRADOR» in its own footer and cover.
HIDE_FOR_CAPTURE = ".imp-marca-agua { display: none !important; }"

# For every drawn diagram of the print page: the id of the closest preceding h1–h3 with an id
# (``estructura``, ``proc-<ID>`` for a procedure, or a section such as the Simbología's examples,
# which the caller skips), or null. A long flowchart is printed in several parts under its
# procedure's heading: they all belong to that procedure.
DIAGRAM_OWNERS = """
() => [...document.querySelectorAll(".imp-flujo div.mermaid")].map(host => {
  const owns = (e) => /^H[1-3]$/.test(e.tagName) && e.id;
  let el = host.closest(".imp-flujo");
  while (el) {
    let p = el.previousElementSibling;
    while (p) {
      if (owns(p)) return p.id;
      p = p.previousElementSibling;
    }
    el = el.parentElement;
  }
  return null;
})
"""


def capture_flowcharts(site_dir: Path, page_path: str = pdf.PAGE, timeout_ms: int | None = None):
    """``({"__organigrama__" | procedure id: [PNG, …]}, document control)`` of the built print
    page: the diagrams (a long flowchart in its printed parts, in order), and the document-control values the page gives the PDF (title, revision,
    date, draft), or None."""
    from checks.reports.docx import ORGANIGRAMA

    images: dict[str, list[bytes]] = {}
    with pdf.drawn_print_page(site_dir, page_path, timeout_ms, device_scale_factor=SCALE,
                              viewport={"width": 1100, "height": 1400}) as (page, _expected):
        page.add_style_tag(content=HIDE_FOR_CAPTURE)
        page.evaluate(pdf.FIT_DIAGRAMS, list(pdf.PRINT_AREA))
        page.evaluate("document.fonts.ready")
        control = page.evaluate(pdf.CONTROL)
        owners = page.evaluate(DIAGRAM_OWNERS)
        hosts = page.locator(".imp-flujo div.mermaid")
        for n, owner in enumerate(owners):
            if owner == "estructura":
                key = ORGANIGRAMA
            elif owner and owner.startswith("proc-"):
                key = owner[len("proc-"):]
            else:
                continue
            svg = hosts.nth(n).locator("svg").first
            images.setdefault(key, []).append(svg.screenshot(type="png", animations="disabled",
                                                             omit_background=False))
    return images, control


def last_change(manual_dir: str) -> str | None:
    """AAAA-MM-DD of the last commit that touched ``manual_dir`` (None without git history)."""
    import re
    import subprocess

    try:
        done = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "."], cwd=manual_dir, capture_output=True,
                              text=True, timeout=60, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    date = done.stdout.strip()
    return date if done.returncode == 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None


def write_docx(site_dir: Path, output: Path, manual_dir: str, template: str | None = None) -> dict:
    from checks.engine import check
    from checks.reports import docx

    started = time.monotonic()
    report = check(manual_dir)
    if report.blocking:
        raise RuntimeError("el manual tiene errores bloqueantes (python -m checks): no se genera el .docx")
    images, control = capture_flowcharts(site_dir)
    missing = [p for p in report.manual.procedures if p not in images]
    if missing:
        raise RuntimeError("faltan flujogramas dibujados para: " + ", ".join(missing))
    try:
        from checks.reports.changelog import changelog
        log = changelog(manual_dir, report.manual)
    except Exception:  # noqa: BLE001 - without a readable history the section says so
        log = None
    content = docx.docx_bytes(report, images, template, revised=last_change(manual_dir), control=control,
                              changelog=log)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".docx.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, output)
    return {"imagenes": len(images), "bytes": len(content), "segundos": time.monotonic() - started,
            "borrador": bool(control and control.get("borrador"))}


def main(argv: list[str] | None = None) -> int:
    parser = SpanishArgumentParser(
        prog="scripts/word.py",
        description="Escribe el manual validado en Word (.docx) con la plantilla de la institución y los "
                    "flujogramas dibujados por el Chromium de Debian.")
    parser.add_argument("--sitio", default="site", help="directorio del sitio construido (por omisión: site)")
    parser.add_argument("--salida", default=None, help="archivo .docx (por omisión: <sitio>/descargas/manual.docx)")
    parser.add_argument("--ruta", default=os.environ.get("MANUAL_PROCESOS_YAML", "procesos_yaml"),
                        help="directorio del manual en YAML (por omisión: $MANUAL_PROCESOS_YAML o procesos_yaml)")
    parser.add_argument("--plantilla", default=None,
                        help="plantilla de Word (por omisión: plantillas/manual.docx del repositorio)")
    args = parser.parse_args(argv)
    site_dir = Path(args.sitio)
    output = Path(args.salida) if args.salida else site_dir / "descargas" / "manual.docx"
    try:
        facts = write_docx(site_dir, output, args.ruta, args.plantilla)
    except Exception as exc:  # noqa: BLE001 - any failure is reported in Spanish, exit 1
        sys.stderr.write(f"ERROR: no se pudo generar el .docx: {exc}\n")
        return 1
    sys.stderr.write(f"Word escrito en {output}: {facts['bytes'] // 1024} KB, {facts['imagenes']} imágenes, "
                     f"{'borrador, ' if facts['borrador'] else ''}{facts['segundos']:.1f} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
