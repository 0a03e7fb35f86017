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

from .escape import abbr_key, abbr_title

PRIORITY = -1      # after 'unescape' (0)


class AbbreviationsExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.deregister("abbr")
        md.treeprocessors.register(AbbrTreeprocessor(md, self.abbrs), "abbr", PRIORITY)


def install(config, glossary: dict[str, str]) -> None:
    """Replace ``abbr`` in the MkDocs config by :class:`AbbreviationsExtension` with ``glossary``."""
    exts = config.markdown_extensions
    user = dict(config.mdx_configs.pop("abbr", None) or {})
    merged = {**glossary, **(user.get("glossary") or {})}
    ext = AbbreviationsExtension(glossary=merged)
    config.markdown_extensions = [ext if e == "abbr" else e for e in exts
                                  if not isinstance(e, AbbreviationsExtension)]
    if ext not in config.markdown_extensions:
        config.markdown_extensions.append(ext)


def glossary(manual) -> dict[str, str]:
    """Acronym -> expansion for the abbr glossary: glossary terms marked ``sigla: true``
    and roles with ``siglas``. Keys and titles sanitised by :mod:`macros.escape`."""
    out: dict[str, str] = {}
    for term in manual.terms:
        key = abbr_key(term.term) if term.acronym else None
        if key and key not in out:
            title = abbr_title(term.definition)
            if title:
                out[key] = title
    for role in manual.roles.values():
        key = abbr_key(role.acronym)
        if key and key not in out:
            title = abbr_title(role.name)
            if title:
                out[key] = title
    return out
