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
    """macros.escape.md_text == escape_markdown(PYTHON_MARKDOWN_SPECIAL, quote=True) on each
    piece, with emphasis pairs as <em>/<strong>: the site builds on the primitive instead of
    keeping its own copy, and no star reaches Markdown (issue 17)."""
    import re as _re

    from macros.escape import _EMPHASIS_PAIR, md_text
    out = md_text(text)
    if not _EMPHASIS_PAIR.search(one_line(text)):
        assert out == escape_markdown(text, PYTHON_MARKDOWN_SPECIAL, quote=True)
    assert not _re.search(r"(?<!\\)\*", _re.sub(r"\\\\", "", out))     # every star escaped


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_-#'\"&<>|[](){}`!.+\\\n\t\u00a0é")), max_size=30))
def test_la_memoria_de_md_text_no_cambia_el_resultado(text):
    """md_text keeps the escaped form of each string (the same names recur all over the
    site): first call, remembered call and the direct escaping give the same text."""
    from macros import escape

    direct = escape._md_text(text)
    assert escape.md_text(text) == direct
    assert escape.md_text(text) == direct
    assert escape.md_text(text) is escape._MD_TEXT[text]


def test_md_text_sin_memoria_para_lo_que_no_es_str(monkeypatch):
    from macros import escape

    class Name(str):
        def __str__(self):
            return "*otro*"

    monkeypatch.setattr(escape, "_MD_TEXT_MAX", 2)
    monkeypatch.setattr(escape, "_MD_TEXT", {})
    assert escape.md_text(5) == "5" and escape.md_text(None) == ""
    assert escape.md_text(Name("x")) == "<em>otro</em>"          # its str(), not its value
    assert escape.md_text("x") == "x"
    for word in ("a", "b", "c"):
        escape.md_text(word)
    assert len(escape._MD_TEXT) <= 2                              # bounded
