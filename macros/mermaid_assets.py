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

Which files, and their sha512, are pinned in ``scripts/mermaid.fijado``; every build checks
them (:mod:`macros.assets`).
"""
from __future__ import annotations

import posixpath

MODULE = "js/mermaid/mermaid.js"                  # relative to docs_dir / site_dir
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
