"""``checks.reports.markdown``: the one Markdown escaper of the report formats, and the
primitive the site's escaper (``macros/escape.py``) can build on."""
from __future__ import annotations

import markdown as pymd
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.reports.markdown import PYTHON_MARKDOWN_SPECIAL, escape_markdown, md, one_line

HOSTILE = ["<script>alert(1)</script>", "[clic](javascript:alert(1))", "![i](x)", "`code`", "# título",
           "a | b", "**negrita** _x_", "{: onclick=x}", "línea\nnueva\t y  espacios", "&amp; &lt;", "\\*"]


def test_md_leaves_no_markup():
    for text in HOSTILE:
        html = pymd.markdown(md(text), extensions=["tables"])
        assert "<script" not in html and "<a " not in html and "<img" not in html and "<code" not in html
        assert "<h1" not in html and "<strong" not in html


def test_md_is_one_line_and_keeps_the_text():
    assert md(None) == ""
    assert md("  a\n\n b\t c ") == "a b c"
    assert md("a|b") == "a\\|b"
    assert md("<b>") == "&lt;b&gt;"
    assert one_line(" x\ny ") == "x y"


def test_quote_mode_keeps_numeric_entities():
    assert escape_markdown("it's \"x\"", PYTHON_MARKDOWN_SPECIAL, quote=True) == "it&#x27;s &quot;x&quot;"
    assert escape_markdown("1-2.", PYTHON_MARKDOWN_SPECIAL) == "1\\-2\\."
    assert escape_markdown("1-2.") == "1-2."            # GitHub set: "-" and "." stay


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_-#'\"&<>|[](){}`!.+\\\n")), max_size=30))
def test_site_escaper_is_the_primitive_plus_emphasis(text):
    """macros.escape.md_text == emphasis restored on escape_markdown(PYTHON_MARKDOWN_SPECIAL,
    quote=True): the site can import the primitive instead of keeping its own copy."""
    from macros.escape import _restore_emphasis, md_text
    assert md_text(text) == _restore_emphasis(escape_markdown(text, PYTHON_MARKDOWN_SPECIAL, quote=True))
