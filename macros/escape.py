"""The ONLY place where untrusted YAML text becomes markup.

* :func:`md_text` — inline Markdown text: HTML-escaped, and every Markdown construct that
  could create links, images, raw HTML, attributes (``{: onclick=…}``), code or headings
  is backslash-escaped. Emphasis ``*texto*`` / ``**texto**`` becomes ``<em>``/``<strong>``
  (``_`` is always literal).
* :func:`md_cell` — :func:`md_text` for a table cell (``|`` escaped, newlines as ``<br>``).
* :func:`md_paragraphs` — paragraphs separated by blank lines.
* :func:`md_code` — an inline code span (verbatim, also inside table cells).
* :func:`html_text` / :func:`html_attr` — for hand-built HTML.
* :func:`mermaid_label` — a quoted Mermaid label: entity codes for ``" # < > & ` %``,
  newlines folded, length capped. Node ids are never made from text.
* :func:`meta_title` — a page title for front matter: HTML entities, braces encoded, so
  neither the theme (no autoescape) nor mkdocs-macros (renders titles with ``{{``) can act on it.
"""
from __future__ import annotations

import html
import json
import re

from checks.reports.markdown import PYTHON_MARKDOWN_SPECIAL, one_line

# Emphasis is allowed, as HTML: a self-contained pair «*texto*» (or «**texto**») becomes
# <em>/<strong> around the escaped text; every other «*» stays escaped. The stars used to be
# unescaped *after* escaping, and Python-Markdown paired them with the stars of the page
# templates (``**{pregunta}**``) and with its own placeholders: «`*|» left «klzzwxh:0003\x03»
# and a control byte in the page (issue 17). Only «*» counts: «_» is always literal, because
# identifiers such as «__init__» or «snake_case» are far more common than underscore emphasis.
# A star between two word characters (``7*7``) never opens or closes a pair.
_EMPHASIS_PAIR = re.compile(r"(?<![\w*])(\*\*?)(?=[^\s*])([^*]*?[^\s*]|[^\s*])\1(?![\w*])")
_EMPHASIS_TAG = {"*": "em", "**": "strong"}


def _escape(text: str) -> str:
    """:func:`checks.reports.markdown.escape_markdown` (Python-Markdown set, quotes too) of
    text already on one line, without trimming it (a piece between two emphasis pairs)."""
    escaped = PYTHON_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))
    return escaped.replace("&\\#x27;", "&#x27;")


_WS = re.compile(r"\s+")


# str -> md_text(str): the same role, document and norm names are escaped hundreds of times per
# build (and again on every «mkdocs serve» rebuild). A pure function of the string; bounded.
_MD_TEXT: dict[str, str] = {}
_MD_TEXT_MAX = 100_000


def md_text(text) -> str:
    """Escape one line of untrusted text for Markdown inline context (the primitive is
    :func:`checks.reports.markdown.escape_markdown`); ``*texto*`` and ``**texto**`` become
    ``<em>``/``<strong>`` around escaped text, so no star ever reaches Markdown."""
    if text is None:
        return ""
    if type(text) is str:
        try:
            return _MD_TEXT[text]
        except KeyError:
            pass
        if len(_MD_TEXT) >= _MD_TEXT_MAX:
            _MD_TEXT.clear()
        escaped = _MD_TEXT[text] = _md_text(text)
        return escaped
    return _md_text(text)


def _md_text(text) -> str:
    text = one_line(text)
    out, pos = [], 0
    for m in _EMPHASIS_PAIR.finditer(text):
        tag = _EMPHASIS_TAG[m.group(1)]
        out.append(_escape(text[pos:m.start()]))
        out.append(f"<{tag}>{_escape(m.group(2))}</{tag}>")
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def md_cell(text) -> str:
    """Escape text for a Markdown table cell."""
    return md_text(text) or "&nbsp;"


def md_list_cell(items) -> str:
    """Several values in one table cell, one per line."""
    items = [md_text(i) for i in (items or ()) if i is not None and str(i).strip()]
    return "<br>".join(items) if items else "—"


def md_paragraphs(text) -> str:
    """Escape multi-paragraph text (paragraphs separated by blank lines)."""
    if not text:
        return ""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    return "\n\n".join(md_text(p) for p in paragraphs)


def md_code(text) -> str:
    """Untrusted text as an inline code span, shown verbatim: Markdown HTML-escapes code
    spans itself, and a pipe inside one does not split a table cell. The fence is one
    backtick longer than any run of backticks in the text."""
    text = _WS.sub(" ", "" if text is None else str(text)).strip()
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_text(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def html_attr(text) -> str:
    return html.escape("" if text is None else _WS.sub(" ", str(text)).strip(), quote=True)


_MERMAID = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;",
            "%": "#37;", "\\": "#92;"}
_MERMAID_RE = re.compile(r'["#<>&`%\\]')


def mermaid_label(text, limit: int = 160) -> str:
    """Text for inside a double-quoted Mermaid label (without the quotes)."""
    text = _WS.sub(" ", "" if text is None else str(text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _MERMAID_RE.sub(lambda m: _MERMAID[m.group(0)], text)


def nav_text(text) -> str:
    """A label for the MkDocs nav (page or section title): HTML entities, and braces encoded.

    The theme prints nav titles without autoescape, and a nav title becomes the page title,
    which mkdocs-macros renders as a Jinja template when it contains ``{{`` or ``{%``.
    """
    text = _WS.sub(" ", "" if text is None else str(text)).strip()
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def meta_title(text, limit: int = 90) -> str:
    """A JSON (hence YAML) string for a front-matter ``title``."""
    text = _WS.sub(" ", "" if text is None else str(text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return json.dumps(nav_text(text), ensure_ascii=False)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def abbr_title(text, limit: int = 200) -> str:
    """Text for an ``<abbr title>`` set through Python-Markdown's abbr glossary.

    Material's tooltips (``content.tooltips``) read ``el.title`` and assign it to
    ``innerHTML``, so the attribute's *decoded value* must itself be inert HTML: a glossary
    definition ``<img src=x onerror=alert(1)>`` ran in the browser before. Hence two rounds
    of escaping: Python-Markdown's serializer leaves existing entities alone, so ``&amp;lt;``
    reaches the page, the DOM value is ``&lt;`` and the tooltip shows ``<`` as text. Control
    characters are removed, because Python-Markdown's raw-HTML placeholders are
    ``\\x02…\\x03`` and are substituted even inside attributes.
    """
    text = _WS.sub(" ", _CONTROL.sub(" ", "" if text is None else str(text))).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(html.escape(text, quote=False), quote=False)


def abbr_key(text) -> str | None:
    """An acronym usable as an abbr glossary key (matched between word boundaries), or None."""
    text = "" if text is None else str(text).strip()
    if not text or len(text) > 40 or _CONTROL.search(text) or not re.fullmatch(r"\w[\w.\-/ ]*\w|\w", text):
        return None
    return text
