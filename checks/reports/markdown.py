"""The one Markdown escaper for untrusted text (YAML strings, messages, revision names).

:func:`escape_markdown` is the primitive: one line (whitespace folded), HTML-escaped, then
every character of ``special`` backslash-escaped. :func:`md` is what the report formats use
(GitHub job summaries, the diff in Markdown); the site's escaper (``macros/escape.py``)
builds on :func:`escape_markdown` with Python-Markdown's set of escapable characters
(:data:`PYTHON_MARKDOWN_SPECIAL`) and attribute quoting.
"""
from __future__ import annotations

import html
import re

# GitHub-flavoured Markdown constructs that could create links, images, HTML, code,
# headings or table cells in a job summary.
GITHUB_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>])")
# Exactly Python-Markdown's escapable characters (plus "|" from the tables extension).
PYTHON_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>|])")

_WS = re.compile(r"\s+")


def one_line(text) -> str:
    """``text`` as one line: ``None`` is empty, runs of whitespace become one space."""
    return _WS.sub(" ", "" if text is None else str(text)).strip()


def escape_markdown(text, special: re.Pattern = GITHUB_SPECIAL, *, quote: bool = False) -> str:
    """One line of untrusted text for Markdown inline context: HTML-escaped (quotes too with
    ``quote``) and every character matched by ``special`` backslash-escaped. Numeric
    entities made by ``html.escape`` (``&#x27;``) stay intact."""
    text = special.sub(r"\\\1", html.escape(one_line(text), quote=quote))
    return text.replace("&\\#x27;", "&#x27;") if quote else text


def md(text) -> str:
    """Untrusted text for a Markdown table cell or line (GitHub job summary)."""
    return escape_markdown(text, GITHUB_SPECIAL)
