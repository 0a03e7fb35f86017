"""Accessibility of every page, in one place (issue 14): one Markdown tree processor that
finishes every table the pages produce, whichever module wrote it.

- Header cells get ``scope="col"`` (Markdown tables have none).
- Every table without ``<caption>`` or label gets ``aria-label``: the bold line right before
  it (``**Actividades de SPE-01**`` in the print version) or else the nearest heading above
  it («Actividades», «Matriz de riesgos», …), without its ``¶`` permalink.
- Activity tables (those with an «Acción» column: a procedure's activities, the steps of a
  role page) are marked ``data-tarjetas`` and each data cell gets ``data-label`` with its
  column's name. On a phone ``docs/css/manual.css`` shows them as one card per step; since
  changing ``display`` of table parts makes some browsers drop the table from the
  accessibility tree, these tables also carry explicit ARIA table roles (``table``,
  ``rowgroup``, ``row``, ``columnheader``, ``cell``), so a screen reader still reads a table.
  Print and wide screens see the ordinary table.

- The first time each acronym appears on a page (``<abbr title>``, from the glossary and the
  roles, see :mod:`macros.abbreviations`), a visually hidden ``(expansion)`` follows it: screen
  readers do not announce ``title`` by default, so they read «DESPEN (Dirección Ejecutiva
  …)» once per page; sighted readers keep the tooltip. Hidden when printing.

The wrapper Material adds around wide tables at run time, the keyboard access to it, the
focus ring, contrast and link underlines live in ``docs/js/accesibilidad.js`` and
``docs/css/manual.css``.

Text is copied from the tree (already escaped by :mod:`macros.escape` where it came from
YAML); ElementTree escapes attribute values when the page is serialised.
"""
from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

PRIORITY = -5        # after toc (5), attr_list (8), unescape (0) and the acronyms (macros/abbreviations.py, -1)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CARD_COLUMN = "Acción"        # a table with this column is an activity table: one card per step
LABEL_LIMIT = 150


def text_of(el: Element) -> str:
    """Visible text of ``el``: stashed raw HTML and the heading permalink (``¶``) left out."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if "headerlink" in (node.get("class") or "").split():
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not el and node.tail:
            parts.append(node.tail)

    walk(el)
    return " ".join(HTML_PLACEHOLDER_RE.sub(" ", "".join(parts)).split())


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def _bold_line(el: Element | None) -> str:
    """Text of a paragraph made only of one ``<strong>`` (a caption-like line), else ''."""
    if el is None or el.tag != "p" or len(el) != 1 or el[0].tag != "strong":
        return ""
    if (el.text or "").strip() or (el[0].tail or "").strip():
        return ""
    return text_of(el[0])


def _rows(table: Element):
    for group in table:
        if group.tag in ("thead", "tbody", "tfoot"):
            for row in group:
                if row.tag == "tr":
                    yield group, row
        elif group.tag == "tr":
            yield None, group


def finish_table(table: Element, label: str) -> None:
    header: list[str] = []
    for group, row in _rows(table):
        if group is not None and group.tag == "thead":
            for cell in row:
                if cell.tag == "th":
                    cell.set("scope", cell.get("scope") or "col")
                    header.append(text_of(cell))
    has_caption = any(child.tag == "caption" for child in table)
    if not (has_caption or table.get("aria-label") or table.get("aria-labelledby")) and label:
        table.set("aria-label", _short(label))
    if CARD_COLUMN in header:
        _cards(table, header)


def _cards(table: Element, header: list[str]) -> None:
    table.set("data-tarjetas", "")
    table.set("role", "table")
    for group in table:
        if group.tag in ("thead", "tbody", "tfoot"):
            group.set("role", "rowgroup")
    for _group, row in _rows(table):
        row.set("role", "row")
        for i, cell in enumerate(c for c in row if c.tag in ("th", "td")):
            if cell.tag == "th":
                cell.set("role", "columnheader")
            else:
                cell.set("role", "cell")
                if i < len(header) and header[i]:
                    cell.set("data-label", header[i])


EXPANSION_CLASS = "sigla-expansion"


def expand_first_abbreviations(root: Element) -> None:
    """After the first ``<abbr title>`` of each acronym, a hidden ``(expansion)`` span."""
    seen: set[str] = set()

    def visit(parent: Element) -> None:
        children = list(parent)
        offset = 0
        for index, child in enumerate(children):
            if child.tag == "abbr" and child.get("title"):
                key = (child.text or "").strip()
                if key and key not in seen:
                    seen.add(key)
                    span = Element("span", {"class": EXPANSION_CLASS})
                    span.text = f" ({child.get('title').strip().rstrip('.')})"
                    span.tail, child.tail = child.tail, None
                    parent.insert(index + offset + 1, span)
                    offset += 1
            else:
                visit(child)

    visit(root)


class TablesTreeprocessor(Treeprocessor):
    def run(self, root: Element) -> None:
        expand_first_abbreviations(root)
        state = {"heading": ""}

        def visit(parent: Element) -> None:
            previous = None
            for child in parent:
                if child.tag in HEADINGS:
                    state["heading"] = text_of(child)
                elif child.tag == "table":
                    finish_table(child, _bold_line(previous) or state["heading"])
                else:
                    visit(child)
                previous = child

        visit(root)


class AccessibilityExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(TablesTreeprocessor(md), "accesibilidad", PRIORITY)


def install(config) -> None:
    """Add :class:`AccessibilityExtension` to the MkDocs config (once)."""
    exts = [e for e in config.markdown_extensions if not isinstance(e, AccessibilityExtension)]
    config.markdown_extensions = exts + [AccessibilityExtension()]
