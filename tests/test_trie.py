"""checks/trie.py: the trie form of an alternation matches what the alternation of the
words sorted longest first matches, match by match, with either boundary the project uses
(GLO002's «not a word character nor a hyphen», the acronyms' ``\\b``)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.trie import longest_first

_CHARS = st.sampled_from(list("ab -.(\x00é_1") + ["ab", "a b", "b-a", "CV", "CV-INE"])
_WORD = st.lists(_CHARS, min_size=1, max_size=5).map("".join).filter(bool)
_TEXT = st.lists(_CHARS, max_size=20).map("".join)

BOUNDARIES = [(r"(?<![\w-])", r"(?![\w-])"), (r"\b", r"\b"), ("", "")]


def _plain(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@settings(max_examples=800, deadline=None)
@given(st.sets(_WORD, min_size=1, max_size=12), st.lists(_TEXT, max_size=15))
def test_same_matches_as_the_alternation(words, texts):
    for before, after in BOUNDARIES:
        trie = re.compile(f"{before}({longest_first(words)}){after}")
        plain = re.compile(f"{before}({_plain(words)}){after}")
        for text in texts:
            assert [(m.start(), m.group(1)) for m in trie.finditer(text)] == \
                   [(m.start(), m.group(1)) for m in plain.finditer(text)]


def test_shared_prefixes_become_one_path():
    source = longest_first(["CV", "CV-INE", "CVE"])
    assert source == "CV(?:\\-INE|E|)"
    assert re.fullmatch(source, "CV-INE") and re.fullmatch(source, "CV") and not re.fullmatch(source, "C")
