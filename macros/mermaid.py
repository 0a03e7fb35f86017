"""Model -> Mermaid source: the swimlane flowchart of a procedure and the organisation chart (organigrama).

Layout choice (decided with screenshots of the 17-step «Ascenso» procedure at 1280 px in
headless Chromium): ``flowchart TB`` with one *subgraph* per lane, not Mermaid 11's
``swimlane-beta``. ``swimlane-beta`` draws proper full-height lanes, but it puts every lane
side by side at once: with the 8–9 lanes of the SPE procedures the diagram is ~1,300 px
wide, so in the ~750 px content column the labels shrink to about 7 px and cannot be read;
it also lines up steps of different lanes on the same row, which hides the order, and it is
a beta renderer. With subgraphs, dagre gives every step its own row (the order reads top to
bottom, the step number starts every label), lanes sit side by side only where they are
used, and labels stay near body-text size. ``flowchart LR`` was worse than both (17 steps
across: unreadable). Measured in Chromium at 1280 px (procedure pages hide the right-hand
table of contents, see ``macros/site.py``): the widest charts of the real manual (SPE-01,
SPE-02, SPE-04: ~1,050–1,140 px natural width) are drawn at 82–90 % of their size, labels
≈13–14 px; the others at full size. Known limit: dagre may let two lane boxes overlap a
little when a lane is used at distant steps (SPE-01, SPE-02); steps and arrows stay clear.

Lanes: one per responsible party. A step with several responsible parties goes in a
shared lane titled with all of them («CSPE + DEVySPE (compartido)») and its box is drawn
with a dashed double border (class ``compartido``), so shared work is visible at a glance.
A decision (``decision`` in the YAML) is a diamond after its step, with one labelled edge
per option to the target step.

Every node and lane id is generated (``s1``, ``d1``, ``l0``, ``o1``); YAML text only ever
appears inside quoted labels escaped by :func:`macros.escape.mermaid_label`.
"""
from __future__ import annotations

from .escape import mermaid_label

NO_OWNER = "Sin responsable"
LABEL_LIMIT = 95            # characters of an action shown in its box (the table has the rest)
LANE_NAME_LIMIT = 40
LANE_TITLE_LIMIT = 30       # lane titles do not wrap in Mermaid: long ones widen the diagram


def lane_key(step) -> tuple[str, ...]:
    return tuple(dict.fromkeys(step.real_responsibles or ()))


def role_short(role_id: str, manual) -> str:
    """Short display name of a role: its acronym, else its (shortened) name, else the id."""
    role = manual.roles.get(role_id)
    if role is None:
        return role_id
    if role.acronym:
        return role.acronym
    name = role.name
    return name if len(name) <= LANE_NAME_LIMIT else name[: LANE_NAME_LIMIT - 1].rstrip() + "…"


def lane_label(key: tuple[str, ...], manual) -> str:
    """Escaped Mermaid label of a lane. Subgraph titles do not wrap, so lanes use short
    names (:func:`lane_name`) to keep a shared lane from widening the whole diagram."""
    if not key:
        return mermaid_label(NO_OWNER)
    names = [mermaid_label(lane_name(r, manual), LANE_TITLE_LIMIT) for r in key]
    if len(names) == 1:
        return names[0]
    return " + ".join(names) + " (compartido)"


def lane_name(role_id: str, manual) -> str:
    """Lane name of a role: its acronym, else its id (short, ASCII, readable: «COMISION»);
    the page lists every lane name with the full name of the role under the diagram."""
    role = manual.roles.get(role_id)
    return role.acronym if role is not None and role.acronym else role_id


def step_node_id(index: int) -> str:
    return f"s{index + 1}"


def flowchart(proc, manual, label_limit: int = LABEL_LIMIT) -> str:
    """Mermaid source for ``proc``: one node per step (``s1``…), in order, grouped in lanes."""
    steps = list(proc.steps)
    by_cvo: dict[int, str] = {}
    lanes: dict[tuple, list[int]] = {}
    for i, step in enumerate(steps):
        by_cvo.setdefault(step.cvo, step_node_id(i))
        lanes.setdefault(lane_key(step), []).append(i)

    lines = ["flowchart TB", '  inicio(["Inicio"])']
    shared, decisions = [], []
    for n, (key, indices) in enumerate(lanes.items()):
        lines.append(f'  subgraph l{n}["{lane_label(key, manual)}"]')
        lines.append("    direction TB")
        for i in indices:
            step = steps[i]
            node = step_node_id(i)
            lines.append(f'    {node}["{mermaid_label(f"{step.cvo}. {step.action}", label_limit)}"]')
            if len(key) > 1:
                shared.append(node)
            if step.decision:
                lines.append(f'    d{i + 1}{{"{mermaid_label(step.decision.question, 80)}"}}')
                decisions.append(f"d{i + 1}")
        lines.append("  end")
    lines.append('  fin(["Fin"])')

    if steps:
        lines.append(f"  inicio --> {step_node_id(0)}")
    else:
        lines.append("  inicio --> fin")
    for i, step in enumerate(steps):
        here = step_node_id(i)
        if step.decision:
            lines.append(f"  {here} --> d{i + 1}")
            for option in step.decision.options:
                target = by_cvo.get(option.target, "fin")
                lines.append(f'  d{i + 1} -->|"{mermaid_label(option.label, 40)}"| {target}')
            continue
        nxt = step_node_id(i + 1) if i + 1 < len(steps) else "fin"
        lines.append(f"  {here} --> {nxt}")

    lines.append("  classDef paso fill:#f6f1f4,stroke:#800040,color:#222")
    lines.append("  classDef compartido fill:#fdf6e3,stroke:#800040,stroke-width:3px,stroke-dasharray:6 3,color:#222")
    lines.append("  classDef decision fill:#fff,stroke:#5c002e,color:#222")
    lines.append("  classDef extremo fill:#f3d9e6,stroke:#800040,stroke-width:2px,color:#5c002e")
    single = [step_node_id(i) for i in range(len(steps)) if step_node_id(i) not in set(shared)]
    if single:
        lines.append("  class " + ",".join(single) + " paso")
    if shared:
        lines.append("  class " + ",".join(shared) + " compartido")
    if decisions:
        lines.append("  class " + ",".join(decisions) + " decision")
    lines.append("  class inicio,fin extremo")
    return "\n".join(lines)


def org_chart(structure: dict | None, manual) -> str:
    """``flowchart TB`` of the organisational structure (``manual.estructura``)."""
    lines = ["flowchart TB"]
    if not structure:
        lines += ["  accTitle: Organigrama", '  o0["Sin estructura orgánica registrada"]']
        return "\n".join(lines)
    counter = [0]

    def visit(unit: dict, parent: str | None) -> None:
        counter[0] += 1
        node = f"o{counter[0]}"
        label = unit.get("nombre") or ""
        role = manual.roles.get(unit.get("rol") or "")
        if role and role.acronym and role.acronym not in label:
            label = f"{label} ({role.acronym})"
        lines.append(f'  {node}["{mermaid_label(label, 140)}"]')
        if parent:
            lines.append(f"  {parent} --> {node}")
        for child in unit.get("dependientes") or ():
            visit(child, node)

    visit(structure, None)
    # Accessible name and description of the SVG (generated text only: no YAML).
    lines[1:1] = ["  accTitle: Organigrama", f"  accDescr: {counter[0]} unidades, de la superior a sus dependientes. "
                  "La página las lista también en texto."]
    lines.append("  classDef unidad fill:#f6f1f4,stroke:#800040,color:#222")
    lines.append("  classDef raiz fill:#f3d9e6,stroke:#800040,stroke-width:3px,color:#5c002e")
    if counter[0] > 1:
        lines.append("  class " + ",".join(f"o{i}" for i in range(2, counter[0] + 1)) + " unidad")
    lines.append("  class o1 raiz")
    return "\n".join(lines)
