"""Model -> Mermaid source of a procedure's flowchart drawn by columns, the way Mexican
procedure manuals draw it (INE 2016, Michoacán 2018): one column per responsible role, the
standard symbols, and a legend page («Simbología», :mod:`macros.pages.symbology`).

How the columns are drawn: Mermaid 11's ``swimlane-beta`` (in the 11.17.2 bundle since 11.16)
---------------------------------------------------------------------------------------------
Compared on SPE-02 (17 steps, 8 roles) inside the real procedure page, Material 9.8 and the
local Mermaid 11.17.2, headless Chromium at 1280 px (content column 938 px); reproduce with
``scripts/comparar_flujogramas.py`` (screenshots and table in ``macros/flujogramas/``).

* flowchart + one subgraph per role (dagre): 1,224 px natural, labels 12.3 px, but the
  subgraphs are boxes wherever dagre puts them (tops 1,894 px apart), and a role with no step
  of its own is a stray box. Not columns.
* ``layout: elk`` on the same flowchart: the 11.17.2 bundle does not contain ELK (it is the
  separate ``@mermaid-js/layout-elk`` ESM package, registered with
  ``mermaid.registerLayoutLoaders`` from a module script); Mermaid silently falls back to
  dagre (the same picture). ELK's layered algorithm has no lane constraint that Mermaid
  exposes either, so it would not give columns even when loaded; not worth a second bundle.
* ``block-beta`` grid (one block per step in its role's grid column): grid columns, but sized
  by the widest cell, with straight edges crossing blocks: 4,677 px, labels drawn at 3.2 px.
* ``swimlane-beta``: top-level subgraphs become full-height lanes side by side, with a common
  top edge and equal heights, in source order (``automaticLaneOrdering`` is off by default),
  orthogonal edges, every step on its own row. With the defaults: 1,456 px, labels 10.3 px,
  and lanes without nodes shrink and overlap (14 overlapping pairs); ``useMaxWidth: false``
  keeps 16 px labels but the page scrolls sideways 518 px. So the earlier rejection («labels
  ~7 px») was the *container* (``useMaxWidth`` scales the SVG into the column), not the
  diagram. Chosen, sized: every column gets a title node (no empty lane), ``wrappingWidth``
  from the number of columns, labels drawn at 20 px (each lane adds ~44 px of padding that
  does not grow with the font, so a larger font is seen larger after scaling: 12.4 px instead
  of 11.5 px at 8 columns), ``nodeSpacing`` 24 (below ~26 px of content gap swimlane-beta's
  lanes overlap). Result: 1,508 px natural, labels 12.4 px, 8 disjoint columns.

Choices
-------
* Columns: every role that is responsible for some step (``proc.roles``: order of first
  appearance), plus «Sin responsable» when a step has none. A step sits in the column of its
  first responsible and names the others («con DEVySPE, Comisión»); a role that only ever
  shares steps keeps its column, with a note listing the steps it takes part in.
* Column title: the role's acronym, else the first synonym that begins its name («Consejo
  General»), else its name; never the id. It is drawn as a title *node* at the top of the
  column, not as the lane's own title: swimlane-beta's title band is at most 36 px high, so a
  two-line title would spill over the first row, and one-line titles would have to be cut.
  Title nodes are broken into lines here (no line Mermaid would break again) and padded to
  the same number of lines, so they share one top edge; invisible links (``~~~``) from each
  to the first node keep them above it. The legend under the diagram gives every full name.
* Symbols: terminal (stadium) Inicio/Fin, rectangle for an activity, diamond for a decision
  with one labelled arrow per option, document shape for the documents handed over to
  another column, inverted triangle for the off-page connector (Mermaid 11 has no
  pentagon: ``flip-tri`` is its closest downward-pointing shape; the Simbología says so).
* Labels: «N. short text», cut at a word (never mid-word) with «…»; on the web page the label
  is a link to the activity table row (``#paso-N``) with the full text as its tooltip.
* Accessibility: ``accTitle``/``accDescr`` (procedure, steps, columns), which Mermaid renders
  as the SVG's ``<title>``/``<desc>`` with ``aria-labelledby``/``aria-describedby``.
* Print: :func:`flowchart_parts` splits a long procedure into parts that fit a letter page at
  ≥ 8 pt, joined by off-page connectors (A, B, …), every part with all the columns.

Untrusted text: every YAML string goes through :func:`macros.escape.mermaid_label` (entity
codes for ``" # < > & ` % \\``) and, inside the tooltip attribute, ``'`` is encoded too; the
only markup in labels is generated here (``<br>``, ``<i>``, ``<a href='#paso-N' title='…'>``).
Node and column ids are generated ASCII (``s1``, ``d1``, ``c0``, ``k1o``); YAML text only ever
appears inside double-quoted labels or after ``accTitle:``/``accDescr:`` (escaped, one line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .escape import mermaid_label

NO_OWNER = "Sin responsable"
NO_OWNER_KEY = ""                  # column key of steps without a responsible
STEP_TEXT_LIMIT = 72               # characters of an action shown in its box (cut at a word)
DECISION_LIMIT = 60
OPTION_LIMIT = 30
DOC_LIMIT = 48
# Label size: Mermaid draws labels at FONT_PX and the page scales the whole SVG into the
# content column, so what a reader sees is FONT_PX × scale. Each lane adds a fixed ~44 px
# (swimlane padding and spacing) that does not grow with the font, so a larger font gives
# larger drawn labels for the same number of columns (SPE-02, 8 columns: 16 px -> 11.5 px
# drawn, 20 px -> 13.1 px).
FONT_PX = 20              # on the site
PRINT_FONT_PX = 22        # on paper (700 px wide: the larger font gives 8.1 pt instead of 7.9 at 8 columns)


def char_px(font: int = FONT_PX) -> float:
    """Average width of a character of a label (to estimate how many lines a label takes)."""
    return 0.5 * font


def wide_char_px(font: int = FONT_PX) -> float:
    """Width of a wide character: lines broken here at ``wrap / wide_char_px`` characters are
    never broken again by Mermaid (so all column titles have the same number of lines)."""
    return 0.62 * font


def line_px(font: int = FONT_PX) -> float:
    """Line height of a label."""
    return 1.5 * font

WEB_WIDTH = 1470        # natural width the web diagram aims at (938 px column: labels ≥ 12 px)
PRINT_WIDTH = 1240      # natural width of a printed part (700 px on paper: labels ≥ 8 pt)
PRINT_HEIGHT = 1550     # natural height of a printed part (≤ 760 px on paper at that scale)
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
LINK_STYLE = "color:inherit;text-decoration:underline dotted"

# Words a short label must not end on («…para la realización de…» -> «…para la realización…»).
# Colours of each kind of node (shared with the Simbología page, so the legend matches).
CLASS_DEFS = {
    "encabezado": "classDef encabezado fill:#f3d9e6,stroke:#800040,stroke-width:2px,color:#5c002e",
    "paso": "classDef paso fill:#f6f1f4,stroke:#800040,color:#222",
    "decision": "classDef decision fill:#fff,stroke:#5c002e,color:#222",
    "extremo": "classDef extremo fill:#f3d9e6,stroke:#800040,stroke-width:2px,color:#5c002e",
    "documento": "classDef documento fill:#fff8e1,stroke:#8a6d00,color:#222",
    "conector": "classDef conector fill:#fff,stroke:#800040,stroke-width:2px,color:#5c002e",
}

_WEAK_END = {"a", "al", "ante", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "o", "para",
             "por", "que", "se", "su", "sus", "u", "un", "una", "y", "e", "ni", "sin", "sobre", "tras"}
_TRAILING = ",;:.-–—(/"


def short_text(text, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters, cut between words (never inside
    one) and ended with «…» when cut. A single word longer than ``limit`` is kept whole."""
    words = " ".join(str(text or "").split()).split(" ")
    full = " ".join(words)
    if len(full) <= limit:
        return full
    kept: list[str] = []
    for word in words:
        if kept and len(" ".join(kept + [word])) + 1 > limit:
            break
        kept.append(word)
    if len(kept) == len(words):                  # one word longer than the limit: kept whole
        return full
    while len(kept) > 1 and kept[-1].strip(_TRAILING).casefold() in _WEAK_END:
        kept.pop()
    return " ".join(kept).rstrip(_TRAILING + " ") + "…"


def column_name(role_id: str, manual) -> str:
    """How people name a role: its acronym, else the first synonym (in the catalogue's order)
    with which its name begins («Consejo General» for «Consejo General del Instituto…»), else
    its name."""
    role = manual.roles.get(role_id)
    if role is None:
        return role_id or NO_OWNER
    if role.acronym:
        return role.acronym
    name = " ".join(role.name.split())
    starts = [s for s in (" ".join(x.split()) for x in role.synonyms)
              if s and len(s) < len(name) and (name + " ").casefold().startswith(s.casefold() + " ")]
    return starts[0] if starts else name


def _wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters, broken between words (a longer word stays whole)."""
    lines: list[str] = []
    for word in " ".join(str(text).split()).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def home(step) -> str:
    """Column key of a step: its first responsible, or :data:`NO_OWNER_KEY`."""
    owners = step.real_responsibles
    return owners[0] if owners else NO_OWNER_KEY


def columns(proc) -> list[str]:
    """Column keys of ``proc``, left to right: every responsible role in order of first
    appearance, and «Sin responsable» (last) when a step has none."""
    keys = list(proc.roles)
    if any(not s.real_responsibles for s in proc.steps):
        keys.append(NO_OWNER_KEY)
    return keys


def column_title(key: str, manual) -> str:
    return NO_OWNER if key == NO_OWNER_KEY else column_name(key, manual)


def step_ranges(numbers) -> str:
    """«2, 3, 6–12» from [2, 3, 6, 7, …, 12]."""
    numbers = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    out = []
    for a, b in runs:
        out.append(str(a) if a == b else (f"{a}, {b}" if b == a + 1 else f"{a}–{b}"))
    return ", ".join(out)


def summary(proc, manual) -> str:
    """One line for ``accDescr`` and the text alternative: procedure, steps, columns."""
    names = [column_title(k, manual) for k in columns(proc)]
    n = len(proc.steps)
    decisions = sum(1 for s in proc.steps if s.decision)
    text = (f"Procedimiento {proc.id} «{proc.name}»: {n} {'paso' if n == 1 else 'pasos'}"
            + (f" y {decisions} {'decisión' if decisions == 1 else 'decisiones'}" if decisions else "")
            + f", en {len(names)} {'columna' if len(names) == 1 else 'columnas'} por responsable: "
            + ", ".join(names) + ".")
    return text


def _one_line(text: str) -> str:
    """Escaped text for after ``accTitle:``/``accDescr:`` (rest of one line)."""
    return mermaid_label(text, 600)


def _attr(text: str) -> str:
    """Escaped text for a single-quoted attribute inside a double-quoted Mermaid label."""
    return mermaid_label(text, 600).replace("'", "#39;")


# swimlane-beta draws each lane 20 px wider than its content on both sides, while dagre keeps
# the contents of neighbouring lanes only 2 × 8 px + nodeSpacing apart: below ~26 px of node
# spacing neighbouring lanes overlap. 28 keeps them disjoint.
NODE_SPACING = 24
NOTE_COLUMN = 165       # natural width of a column holding only its title and note
NOTE_CHARS = 9         # characters per line of such a title


def wrapping_width(step_columns: int, note_columns: int, target: int) -> int:
    """``flowchart.wrappingWidth`` so that the columns fit ``target`` px of natural width:
    columns with only a title and a note are narrow, the others share the rest."""
    free = target - NOTE_COLUMN * note_columns
    return max(72, min(240, free // max(1, step_columns) - 64))


@dataclass
class _Graph:
    """Nodes per column and edges of one diagram (or one printed part)."""
    cols: list[str]
    nodes: dict[str, list[str]] = field(default_factory=dict)    # column key -> node lines
    edges: list[str] = field(default_factory=list)
    classes: dict[str, list[str]] = field(default_factory=dict)  # class -> node ids
    notes: dict[str, str] = field(default_factory=dict)          # column key -> note under its title
    entry: str = "inicio"                                        # first node (below the titles)

    def add(self, key: str, line: str, node_id: str, css: str) -> None:
        self.nodes.setdefault(key, []).append(line)
        self.classes.setdefault(css, []).append(node_id)


def text_limit(wrap: int, font: int = FONT_PX) -> int:
    """Characters of an action shown in its box: about five lines of the box's width."""
    return max(40, min(STEP_TEXT_LIMIT, int(wrap / char_px(font) * 5)))


def _step_label(proc, step, manual, links: bool, limit: int = STEP_TEXT_LIMIT) -> str:
    text = mermaid_label(f"{step.cvo}. {short_text(step.action, limit)}", 400)
    if links:
        full = " ".join(str(step.action).split())
        text = (f"<a href='#paso-{int(step.cvo)}' style='{LINK_STYLE}' "
                f"title='{_attr(f'Paso {step.cvo}: {full}')}'>{text}</a>")
    others = step.real_responsibles[1:]
    if others:
        names = ", ".join(column_name(r, manual) for r in others)
        text += "<br><i>con " + mermaid_label(names, 300) + "</i>"
    return text


def note_columns(proc) -> list[str]:
    """Columns of roles that never lead a step (only a title and a note)."""
    homes = {home(s) for s in proc.steps}
    return [key for key in columns(proc) if key and key not in homes]


def procedure_wrap(proc, width: int, font: int = FONT_PX) -> int:
    """Wrapping width of ``proc``'s labels for a natural width ``width`` at ``font`` px
    (the column model is measured at FONT_PX; it scales with the font)."""
    notes = len(note_columns(proc))
    return int(wrapping_width(len(columns(proc)) - notes, notes, int(width * FONT_PX / font)) * font / FONT_PX)


def _source(proc, manual, graph: _Graph, width: int, title: str, font: int = FONT_PX) -> str:
    wrap = procedure_wrap(proc, width, font)
    lines = ['%%{init: {"themeVariables": {"fontSize": "' + str(font) + 'px"}, '
             '"flowchart": {"wrappingWidth": ' + str(wrap)
             + ', "nodeSpacing": ' + str(NODE_SPACING) + ', "rankSpacing": 40, "padding": 4}}}%%',
             "swimlane-beta TB",
             f"  accTitle: {_one_line(title)}",
             f"  accDescr: {_one_line(summary(proc, manual))}"]
    per_line = max(6, int(wrap / wide_char_px(font)))
    heads = [_wrap_words(column_title(key, manual), min(NOTE_CHARS, per_line) if key in graph.notes else per_line)
             for key in graph.cols]
    notes = [_wrap_words(graph.notes[key], min(NOTE_CHARS + 2, per_line)) if key in graph.notes else []
             for key in graph.cols]
    rows = max(len(h) + len(nt) for h, nt in zip(heads, notes))
    for n, key in enumerate(graph.cols):
        lines.append(f'  subgraph c{n}[" "]')
        head = "<br>".join(mermaid_label(x, 200) for x in heads[n])
        if notes[n]:
            head += "<br><i>" + "<br>".join(mermaid_label(x, 200) for x in notes[n]) + "</i>"
        head += "<br>#160;" * (rows - len(heads[n]) - len(notes[n]))
        lines.append(f'    h{n}["{head}"]')
        lines.extend("    " + line for line in graph.nodes.get(key, ()))
        lines.append("  end")
    lines.extend(f"  h{n} ~~~ {graph.entry}" for n in range(len(graph.cols)))
    lines.extend("  " + e for e in graph.edges)
    lines.extend("  " + d for d in CLASS_DEFS.values())
    lines.append("  class " + ",".join(f"h{n}" for n in range(len(graph.cols))) + " encabezado")
    for css, ids in graph.classes.items():
        if ids:
            lines.append(f"  class {','.join(ids)} {css}")
    return "\n".join(lines)


def _build(proc, manual, indices: list[int], *, links: bool, connectors: dict, wrap: int,
           font: int = FONT_PX, documents: bool = True) -> _Graph:
    """Nodes and edges for the steps at ``indices`` (all of them on the web). ``connectors``
    maps a step index outside the part to its off-page connector letter."""
    steps = list(proc.steps)
    inside = set(indices)
    by_cvo: dict[int, int] = {}
    for i, step in enumerate(steps):
        by_cvo.setdefault(step.cvo, i)
    graph = _Graph(columns(proc))
    first = min(indices)

    def target_of(i: int, to: int | None) -> str:
        """Node an edge from step ``i`` goes to: a step here, Fin, or an off-page connector."""
        if to is None or to >= len(steps):
            if "fin" not in graph.classes.get("extremo", ()):
                graph.add(home(steps[i]), 'fin@{ shape: stadium, label: "Fin" }', "fin", "extremo")
            return "fin"
        if to in inside:
            return f"s{to + 1}"
        letter = connectors.setdefault(to, LETTERS[len(connectors) % len(LETTERS)])
        node = f"k{LETTERS.index(letter) + 1}o"
        if node not in graph.classes.get("conector", ()):
            graph.add(home(steps[i]), f'{node}@{{ shape: flip-tri, label: "{letter}" }}', node, "conector")
        return node

    # Entry: Inicio, or the connector this part continues from.
    if first == 0:
        graph.add(home(steps[0]), 'inicio@{ shape: stadium, label: "Inicio" }', "inicio", "extremo")
        graph.edges.append("inicio --> s1")
    entering = sorted({t for t in range(len(steps)) if t in inside
                       for src in _sources_of(steps, by_cvo, t) if src not in inside})
    for t in entering:
        letter = connectors.setdefault(t, LETTERS[len(connectors) % len(LETTERS)])
        node = f"k{LETTERS.index(letter) + 1}i"
        if first:
            graph.entry = graph.entry if graph.entry != "inicio" else node
        graph.add(home(steps[t]), f'{node}@{{ shape: flip-tri, label: "{letter}" }}', node, "conector")
        graph.edges.append(f"{node} --> s{t + 1}")

    for i in indices:
        step = steps[i]
        key = home(step)
        graph.add(key, f's{i + 1}["{_step_label(proc, step, manual, links, text_limit(wrap, font))}"]', f"s{i + 1}", "paso")
        here = f"s{i + 1}"
        nxt = i + 1
        if step.decision:
            graph.add(key, f'd{i + 1}{{"{mermaid_label(short_text(step.decision.question, DECISION_LIMIT), 200)}"}}',
                      f"d{i + 1}", "decision")
            graph.edges.append(f"{here} --> d{i + 1}")
            for option in step.decision.options:
                to = by_cvo.get(option.target)
                graph.edges.append(f'd{i + 1} -->|"{mermaid_label(short_text(option.label, OPTION_LIMIT), 100)}"| '
                                   + target_of(i, to))
            continue
        # A document handed over to another column is drawn on the arrow between them.
        outputs = step.real_outputs
        if documents and nxt < len(steps) and home(steps[nxt]) != key and outputs:
            label = short_text(outputs[0], DOC_LIMIT) + (f" (+{len(outputs) - 1})" if len(outputs) > 1 else "")
            graph.add(key, f'o{i + 1}["{mermaid_label(label, 200)}"]', f"o{i + 1}", "documento")
            graph.add(key, f"o{i + 1}@{{ shape: doc }}", f"o{i + 1}", "_")
            graph.edges.append(f"{here} --> o{i + 1}")
            here = f"o{i + 1}"
        graph.edges.append(f"{here} --> {target_of(i, nxt)}")

    # A role that never leads a step keeps its column: a note under its title says where it
    # takes part.
    for key in note_columns(proc):
        shared = [s.cvo for s in steps if key in s.real_responsibles]
        word = "el paso" if len(shared) == 1 else "los pasos"
        graph.notes[key] = f"participa en {word} {step_ranges(shared)}"
    graph.classes.pop("_", None)
    return graph


def _sources_of(steps, by_cvo: dict, target: int) -> list[int]:
    """Indices of the steps with an arrow into step index ``target``."""
    out = []
    for i, step in enumerate(steps):
        if step.decision:
            if any(by_cvo.get(o.target) == target for o in step.decision.options):
                out.append(i)
        elif i + 1 == target:
            out.append(i)
    return out


def title(proc) -> str:
    return f"Flujograma de {proc.id} · {proc.name}"


def flowchart(proc, manual, links: bool = True) -> str:
    """The whole procedure in one diagram (the web page). ``links``: step labels link to
    the activity table rows (``#paso-N``) with the full action as tooltip."""
    if not proc.steps:
        lines = ["swimlane-beta TB", f"  accTitle: {_one_line(title(proc))}",
                 f"  accDescr: {_one_line(summary(proc, manual))}",
                 '  inicio@{ shape: stadium, label: "Inicio" }', '  fin@{ shape: stadium, label: "Fin" }',
                 "  inicio --> fin"]
        return "\n".join(lines)
    graph = _build(proc, manual, list(range(len(proc.steps))), links=links, connectors={},
                   wrap=procedure_wrap(proc, WEB_WIDTH))
    return _source(proc, manual, graph, WEB_WIDTH, title(proc))


RANK_PX = 40 + 14        # rank spacing plus a node's padding and border


def _lines(text: str, wrap: int, font: int) -> int:
    return len(_wrap_words(text, max(6, int(wrap / char_px(font)))))


def _estimated_height(proc, manual, index: int, wrap: int, font: int = PRINT_FONT_PX) -> float:
    """Natural height (px) a step adds to a diagram (its box, its decision, the document it
    hands over, with their arrows), from the wrapped lines of its labels."""
    step = proc.steps[index]
    lines = _lines(f"{step.cvo}. {short_text(step.action, text_limit(wrap, font))}", wrap, font)
    if step.real_responsibles[1:]:
        lines += _lines("con " + ", ".join(column_name(r, manual) for r in step.real_responsibles[1:]), wrap, font)
    height = lines * line_px(font) + RANK_PX
    if step.decision:
        height += 2.2 * _lines(short_text(step.decision.question, DECISION_LIMIT), wrap, font) * line_px(font) \
            + RANK_PX + 40
    nxt = index + 1
    if step.real_outputs and nxt < len(proc.steps) and home(proc.steps[nxt]) != home(step):
        height += _lines(short_text(step.real_outputs[0], DOC_LIMIT) + " (+9)", wrap, font) * line_px(font) \
            + RANK_PX + 12
    return height


def _header_height(proc, manual, wrap: int, font: int = PRINT_FONT_PX) -> float:
    """Natural height of the row of column titles (the tallest, as all are padded to it)."""
    per_line = max(6, int(wrap / wide_char_px(font)))
    notes = note_columns(proc)
    rows = 1
    for key in columns(proc):
        n = len(_wrap_words(column_title(key, manual), min(NOTE_CHARS, per_line) if key in notes else per_line))
        if key in notes:
            n += len(_wrap_words("participa en los pasos 00, 00, 00–00", min(NOTE_CHARS + 2, per_line)))
        rows = max(rows, n)
    return rows * line_px(font) + RANK_PX


def split_points(proc, manual, height: int = PRINT_HEIGHT, width: int = PRINT_WIDTH,
                 font: int = PRINT_FONT_PX) -> list[list[int]]:
    """Step indices of each printed part: consecutive steps whose estimated height fits."""
    wrap = procedure_wrap(proc, width, font)
    top = _header_height(proc, manual, wrap, font) + 2 * (line_px(font) + RANK_PX)   # titles, entry, exit
    parts: list[list[int]] = [[]]
    used = top
    for i in range(len(proc.steps)):
        h = _estimated_height(proc, manual, i, wrap, font)
        if parts[-1] and used + h > height:
            parts.append([])
            used = top
        parts[-1].append(i)
        used += h
    return parts


def flowchart_parts(proc, manual, height: int = PRINT_HEIGHT) -> list[str]:
    """The procedure as one or more diagrams for print (no links: paper), split where it
    would not fit a letter page at ≥ 8 pt, each part joined to the next by an off-page
    connector with the same letter at both ends."""
    if not proc.steps:
        return [flowchart(proc, manual, links=False)]
    parts = split_points(proc, manual, height)
    connectors: dict[int, str] = {}
    out = []
    for n, indices in enumerate(parts, start=1):
        graph = _build(proc, manual, indices, links=False, connectors=connectors,
                       wrap=procedure_wrap(proc, PRINT_WIDTH, PRINT_FONT_PX), font=PRINT_FONT_PX)
        name = title(proc) + (f" (parte {n} de {len(parts)})" if len(parts) > 1 else "")
        out.append(_source(proc, manual, graph, PRINT_WIDTH, name, PRINT_FONT_PX))
    return out


def part_captions(proc, manual, height: int = PRINT_HEIGHT) -> list[str]:
    """Plain-text caption of each printed part («Parte 1 de 3: pasos 1–6; continúa en A»)."""
    parts = split_points(proc, manual, height) if proc.steps else [[]]
    if len(parts) == 1:
        return [""]
    out = []
    for n, indices in enumerate(parts, start=1):
        cvos = [proc.steps[i].cvo for i in indices]
        text = f"Parte {n} de {len(parts)}: pasos {cvos[0]}–{cvos[-1]}" if len(cvos) > 1 else \
            f"Parte {n} de {len(parts)}: paso {cvos[0]}"
        if n < len(parts):
            text += "; continúa en la parte siguiente por el conector fuera de página"
        out.append(text + ".")
    return out


_TAG = re.compile(r"<a href='#paso--?\d+' style='" + re.escape(LINK_STYLE) + r"' title='[^'<>\"]*'>|</a>|<br>|</?[ib]>|#160;")


def markup_free(label: str) -> str:
    """A label without the markup this module generates (for tests and checks)."""
    return _TAG.sub("", label)
