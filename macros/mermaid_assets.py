"""Mermaid as the site serves it: loaded only when a page has a diagram, and verified.

``scripts/obtener_mermaid.sh`` installs ``docs/js/mermaid/``: Mermaid's ESM build repackaged
with rollup so that the core, the flowchart and its layout (dagre) are one module,
``mermaid.js`` (≈ 230 KB with gzip), and every other diagram type a chunk loaded only if used.
``docs/js/diagramas.js``, listed in ``extra_javascript`` (every page, so instant
navigation always finds it), defines ``window.mermaid`` as a small stand-in whose
``render`` imports that module the first time a diagram is drawn; Material therefore never
falls back to downloading Mermaid from the Internet, and pages without diagrams never
download Mermaid at all.

:func:`preload` (``on_post_page`` of the hook) adds ``<link rel="modulepreload">`` for the
module to pages that have a diagram, so its download starts while the page is parsed instead
of after Material's scripts ran (measured with ``benchmarks/peso.py``: ~1 s less to the drawn
flowchart under DevTools' "Fast 3G").

:func:`problem` tells whether the installed copy is the pinned one (the fingerprint that
``obtener_mermaid.sh`` pins), for a build guard.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re

MODULE = "js/mermaid/mermaid.js"                  # relative to docs_dir / site_dir
DIRECTORY = "js/mermaid"
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(_ROOT, "scripts", "obtener_mermaid.sh")
_HAS_DIAGRAM = '<pre class="mermaid"'


def preload(output: str, page) -> str:
    """``output`` with a module preload of Mermaid in its ``<head>`` if it has a diagram."""
    if _HAS_DIAGRAM not in output:
        return output
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    base = posixpath.dirname(page.url.rstrip("/")) if not page.url.endswith("/") else page.url.rstrip("/")
    href = posixpath.relpath(MODULE, base or ".")
    tag = f'<link rel="modulepreload" href="{href}">'
    return output[:head_end] + tag + output[head_end:]


def fingerprint(directory: str) -> str:
    """sha256 of ``"<sha256>  ./<path>\\n"`` for every file in byte order, as the script's
    ``_huella`` computes it (``find | sort -z | xargs sha256sum | sha256sum``)."""
    lines = []
    for folder, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(folder, name)
            rel = "./" + os.path.relpath(path, directory).replace(os.sep, "/")
            with open(path, "rb") as fh:
                lines.append((rel.encode("utf-8"), hashlib.sha256(fh.read()).hexdigest()))
    lines.sort()
    text = b"".join(f"{digest}  ".encode() + rel + b"\n" for rel, digest in lines)
    return hashlib.sha256(text).hexdigest()


def pinned_fingerprint(script: str = SCRIPT) -> str | None:
    with open(script, encoding="utf-8") as fh:
        match = re.search(r'^MERMAID_PAQUETE_SHA256="([0-9a-f]{64})"', fh.read(), re.MULTILINE)
    return match.group(1) if match else None


def problem(docs_dir: str) -> str | None:
    """None when ``docs_dir/js/mermaid`` is the pinned copy; else a Spanish sentence."""
    directory = os.path.join(docs_dir, DIRECTORY)
    fix = "ejecute: bash scripts/obtener_mermaid.sh"
    if not os.path.isfile(os.path.join(docs_dir, MODULE)):
        return f"falta Mermaid ({MODULE} en {docs_dir}); {fix}"
    if fingerprint(directory) != pinned_fingerprint():
        return f"la copia de Mermaid en {directory} no coincide con la fijada (archivos cambiados); {fix}"
    return None
