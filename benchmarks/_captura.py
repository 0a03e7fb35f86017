"""MkDocs hook used only by ``benchmarks/medir.py`` to define the *floor*.

Added after the project's own hook in one normal build, it records what the project feeds
to MkDocs once everything of ours has run:

* every page's final Markdown (after the hook generated it and mkdocs-macros rendered it),
  with its front matter, under ``$BENCH_CAPTURA/docs/<src_uri>``;
* the navigation and the ``abbr`` glossary the hook set, in ``$BENCH_CAPTURA/config.json``.

Building those files with the same theme, Markdown extensions, navigation and the
search + mermaid2 plugins, but without the hook and without mkdocs-macros, gives the floor.
"""
from __future__ import annotations

import json
import os

import yaml
from mkdocs.plugins import event_priority

_OUT = os.environ.get("BENCH_CAPTURA", "")


@event_priority(-100)
def on_config(config):
    if _OUT:
        os.makedirs(_OUT, exist_ok=True)
        data = {"nav": config.nav, "abbr_glossary": (config.mdx_configs.get("abbr") or {}).get("glossary")}
        with open(os.path.join(_OUT, "config.json"), "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
    return config


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    if _OUT:
        meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
        head = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" if meta else ""
        path = os.path.join(_OUT, "docs", page.file.src_uri)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(head + markdown)
    return markdown


@event_priority(-100)
def on_files(files, config):
    """Generated files that are not pages (downloads, schemas): the floor's pages link to them."""
    if _OUT:
        for file in files:
            if file.generated_by and not file.is_documentation_page():
                path = os.path.join(_OUT, "docs", file.src_uri)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(file.content_bytes)
    return files
