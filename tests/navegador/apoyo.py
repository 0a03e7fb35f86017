"""Helpers for the browser tests: what the page shows, read without changing the page.

Material renders each Mermaid diagram into a *closed* shadow root (``attachShadow({mode:
"closed"})`` on a ``div.mermaid`` that replaces the ``pre.mermaid``), which neither CSS
selectors nor ``element.shadowRoot`` can reach. Chromium's DevTools protocol can:
``DOM.getDocument`` with ``pierce: true`` returns closed shadow trees too, so the tests read
the rendered SVG without instrumenting the page under test.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Mermaid 11 names flowchart node groups ``<diagram id>-flowchart-<node id>-<counter>``;
# macros/mermaid.py names step nodes s1..sN.
STEP_NODE = re.compile(r"-flowchart-s(\d+)-\d+$")


@dataclass
class Node:
    id: str
    classes: tuple[str, ...]
    text: str


@dataclass
class Diagram:
    """One rendered Mermaid diagram: its host element and what its shadow tree holds."""
    host_classes: tuple[str, ...]
    shadow_type: str
    svg_count: int = 0
    nodes: list[Node] = field(default_factory=list)

    def step_nodes(self) -> dict[int, list[Node]]:
        """Step number -> nodes carrying that step's generated id."""
        out: dict[int, list[Node]] = {}
        for node in self.nodes:
            match = STEP_NODE.search(node.id)
            if match:
                out.setdefault(int(match.group(1)), []).append(node)
        return out


def _attrs(node: dict) -> dict[str, str]:
    flat = node.get("attributes") or []
    return dict(zip(flat[::2], flat[1::2]))


def _text(node: dict) -> str:
    parts: list[str] = []

    def walk(n: dict) -> None:
        if n.get("nodeType") == 3:
            parts.append(n.get("nodeValue", ""))
        for child in n.get("children") or ():
            walk(child)

    walk(node)
    return " ".join(" ".join(parts).split())


def _collect_shadow(node: dict, diagram: Diagram) -> None:
    if node.get("nodeType") == 1:
        name = node.get("localName")
        if name == "svg":
            diagram.svg_count += 1
        elif name == "g":
            attrs = _attrs(node)
            classes = tuple(attrs.get("class", "").split())
            if "node" in classes:
                diagram.nodes.append(Node(attrs.get("id", ""), classes, _text(node)))
    for child in node.get("children") or ():
        _collect_shadow(child, diagram)


def _find_diagrams(node: dict, out: list[Diagram]) -> None:
    if node.get("nodeType") == 1:
        classes = tuple(_attrs(node).get("class", "").split())
        if "mermaid" in classes:
            for root in node.get("shadowRoots") or ():
                if root.get("shadowRootType") == "user-agent":
                    continue
                diagram = Diagram(classes, root.get("shadowRootType", ""))
                _collect_shadow(root, diagram)
                out.append(diagram)
    for child in node.get("children") or ():
        _find_diagrams(child, out)
    for root in node.get("shadowRoots") or ():
        if root.get("shadowRootType") != "user-agent":
            _find_diagrams(root, out)


def rendered_diagrams(page) -> list[Diagram]:
    """Every Mermaid diagram Material has rendered on ``page`` (shadow trees included)."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
    finally:
        cdp.detach()
    out: list[Diagram] = []
    _find_diagrams(document["root"], out)
    return out


def page_path(src_uri: str) -> str:
    """URL path of a generated page (``procedimientos/X.md`` -> ``/procedimientos/X/``)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return "/"
    return "/" + stem.removesuffix("/index") + "/"


WAIT_RENDERED = """() => document.querySelector('div.mermaid') !== null
                       && document.querySelector('pre.mermaid') === null"""


def fold(text: str) -> str:
    """Lower-case text without diacritics (what a user types without accents)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


WORD = re.compile(r"[^\W\d_]+")


def accented_search_word(procedures) -> tuple[str, object]:
    """The most specific accented word of a procedure name, and that procedure.

    A word counts when it has a diacritic and at least six letters (short words are often
    lunr stop words). The chosen word is the one found in the fewest procedure names, then
    the longest, then the first alphabetically, so the choice is stable for a given manual.
    Raises ``LookupError`` when no procedure name has such a word.
    """
    procedures = list(procedures)
    folded_names = [set(fold(w) for w in WORD.findall(p.name)) for p in procedures]
    candidates = []
    for proc in procedures:
        for word in WORD.findall(proc.name):
            if len(word) < 6 or fold(word) == word.casefold():
                continue
            count = sum(fold(word) in names for names in folded_names)
            candidates.append((count, -len(word), fold(word), word, proc))
    if not candidates:
        raise LookupError("ningún nombre de procedimiento tiene una palabra con tilde de seis letras o más")
    count, _, _, word, proc = min(candidates, key=lambda c: c[:3])
    return word, proc
