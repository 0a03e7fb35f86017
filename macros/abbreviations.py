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

import functools
import re

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.util import ETX, STX, AtomicString

from checks.trie import longest_first

from .escape import abbr_key, abbr_title

PRIORITY = -1      # after 'unescape' (0)

# A Python-Markdown placeholder still in the text at this point: ``\x02wzxhzdk:N\x03`` (raw
# HTML: flowcharts, badges), ``\x02amp\x03`` (entities), ``\x02hzzhzkh:N\x03``… (issue 17: an
# acronym equal to «wzxhzdk» rewrote them and the flowcharts vanished).
PLACEHOLDER = f"{STX}[^{STX}{ETX}]*{ETX}"


@functools.lru_cache(maxsize=8)
def acronym_pattern(keys: tuple[str, ...]) -> re.Pattern:
    """Placeholders (group ``placeholder``) or a whole acronym of ``keys`` between word
    boundaries; compiled once per glossary, not once per page."""
    return re.compile(f"(?P<placeholder>{PLACEHOLDER})|\\b(?:{longest_first(keys)})\\b")


class PlaceholderSafeAbbrTreeprocessor(AbbrTreeprocessor):
    """``abbr``'s tree processor that never matches inside a placeholder: the search
    pattern matches a whole placeholder first (and leaves it alone), so an acronym can only
    match in real text, whatever word or digits it is made of."""

    def run(self, root):
        if not self.abbrs:
            return
        self.RE = acronym_pattern(tuple(self.abbrs))
        self.iter_element(root)

    def _wrap(self, text: str, insert) -> str:
        """Wrap the acronyms of ``text`` (right to left) with ``insert(abbr)``; return what
        remains before the first one."""
        for m in reversed(list(self.RE.finditer(text))):
            if m.group("placeholder") is not None:
                continue
            title = self.abbrs.get(m.group(0))
            if title:
                insert(self.create_element(title, m.group(0), text[m.end():]))
                text = text[:m.start()]
        return text

    def iter_element(self, el, parent=None) -> None:
        for child in reversed(el):
            self.iter_element(child, el)
        if el.text and not isinstance(el.text, AtomicString):
            el.text = self._wrap(el.text, lambda abbr: el.insert(0, abbr))
        if parent is not None and el.tail and not isinstance(el.tail, AtomicString):
            index = list(parent).index(el) + 1
            el.tail = self._wrap(el.tail, lambda abbr: parent.insert(index, abbr))


class AbbreviationsExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.deregister("abbr")
        md.treeprocessors.register(PlaceholderSafeAbbrTreeprocessor(md, self.abbrs), "abbr", PRIORITY)


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
