"""One regular expression for many words: the trie form of their alternation.

``re`` tries the branches of an alternation one by one at every position, so a pattern of
hundreds of words costs hundreds of attempts per position. Written as a trie, the regex at
each position follows the one branch the next character allows: its cost per position is
the length of the words there, not their number.

It matches what the alternation of the words sorted longest first matches, at the same
places: the words that match at one position are prefixes of one another, all on one
path of the trie; each node tries its continuations before ending there, so the longest
comes first, and a failed condition after it (a word boundary) backtracks to the next
shorter one, as the alternation would. Used by GLO002 (``checks/rules/unused_term.py``)
and by the site's acronym expansion (``macros/abbreviations.py``); both compare it with
the plain alternation in their tests.
"""
from __future__ import annotations

import re


def longest_first(words) -> str:
    """Regex source (no groups that capture) matching exactly one of ``words`` (non-empty
    strings), the longest possible first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node(trie)


def _node(node: dict) -> str:
    """The regex of a trie node (``""`` marks a word that ends there); chains of single
    characters become plain literals, so groups only open where the words branch."""
    parts = []
    for char in sorted(k for k in node if k):
        literal, child = re.escape(char), node[char]
        while len(child) == 1 and "" not in child:
            (next_char, grandchild), = child.items()
            literal += re.escape(next_char)
            child = grandchild
        parts.append(literal + _node(child))
    if not parts:
        return ""
    if "" in node:
        return "(?:" + "|".join(parts) + "|)"        # ending here is the last choice
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
