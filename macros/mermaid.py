"""Model -> Mermaid source: the organisation chart (organigrama), and the short role name
shared by the pages.

The procedure flowchart (one column per responsible role, standard symbols, accessible
title and description, print split by off-page connectors) lives in :mod:`macros.swimlanes`,
whose docstring records why it is drawn with ``swimlane-beta`` (comparison with flowchart
subgraphs, ELK and ``block-beta``; screenshots in ``macros/flujogramas/``).
:func:`flowchart` is re-exported here for existing callers.

Every node id is generated (``o1``…); YAML text only ever appears inside quoted labels
escaped by :func:`macros.escape.mermaid_label`.
"""
from __future__ import annotations

from .escape import mermaid_label
from .swimlanes import flowchart  # noqa: F401  (re-exported: the procedure flowchart)

LANE_NAME_LIMIT = 40


def role_short(role_id: str, manual) -> str:
    """Short display name of a role: its acronym, else its (shortened) name, else the id."""
    role = manual.roles.get(role_id)
    if role is None:
        return role_id
    if role.acronym:
        return role.acronym
    name = role.name
    return name if len(name) <= LANE_NAME_LIMIT else name[: LANE_NAME_LIMIT - 1].rstrip() + "…"


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
