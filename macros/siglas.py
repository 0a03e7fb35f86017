"""Acronym tooltips: Python-Markdown's ``abbr`` extension with a generated glossary,
run after backslash escapes are restored.

Why not plain ``abbr``: its tree processor runs at priority 7, before ``unescape`` (0), while
:func:`macros.escape.md_text` escapes ``-`` — so an acronym such as ``CV-INE`` is still
``CV\\x0245\\x03INE`` when ``abbr`` looks for it, and never matches. This extension registers
the same processor at priority -1, after ``unescape``. Code keeps its ``AtomicString`` text
and Mermaid fences are stashed raw HTML, so neither is touched.

The glossary is passed as data (never Markdown source): keys and titles are sanitised by
:func:`macros.escape.abbr_key` / :func:`macros.escape.abbr_title`; ElementTree escapes the
``title`` attribute when the page is serialised.
"""
from __future__ import annotations

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

PRIORITY = -1      # after 'unescape' (0)


class SiglasExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.deregister("abbr")
        md.treeprocessors.register(AbbrTreeprocessor(md, self.abbrs), "abbr", PRIORITY)


def install(config, glossary: dict[str, str]) -> None:
    """Replace ``abbr`` in the MkDocs config by :class:`SiglasExtension` with ``glossary``."""
    exts = config.markdown_extensions
    user = dict(config.mdx_configs.pop("abbr", None) or {})
    merged = {**glossary, **(user.get("glossary") or {})}
    ext = SiglasExtension(glossary=merged)
    config.markdown_extensions = [ext if e == "abbr" else e for e in exts
                                  if not isinstance(e, SiglasExtension)]
    if ext not in config.markdown_extensions:
        config.markdown_extensions.append(ext)
