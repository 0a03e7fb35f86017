"""Procedure -> Mermaid flowchart text with swimlanes.

Layout choice: Mermaid 11 flowchart *subgraphs* as lanes (one per responsible party, or
per group of parties when a step is shared), not ``swimlane-beta``: subgraphs are stable
in 11.x, render under Material's loader with ``securityLevel: strict``, and keep long
Spanish labels wrapped; ``swimlane-beta`` is experimental and not in every 11.x release.

Node and lane ids are generated (``s1``, ``l0``); text only ever appears inside quoted
labels escaped by :func:`macros.escape.mermaid_label`.
"""
from __future__ import annotations

from .escape import mermaid_label

NO_OWNER = "Sin responsable"


def lane_key(step) -> tuple[str, ...]:
    return step.real_responsibles or ()


def lane_title(key: tuple[str, ...], manual) -> str:
    if not key:
        return NO_OWNER
    if len(key) == 1:
        return key[0]
    return " + ".join(key) + " (compartido)"


def flowchart(proc, manual, label_limit: int = 110) -> str:
    """Mermaid source for ``proc``: one node per step, in order, grouped in lanes."""
    steps = list(proc.steps)
    node_of = {}                          # index -> node id
    by_cvo = {}
    lanes: dict[tuple, list[int]] = {}
    for i, step in enumerate(steps):
        node_of[i] = f"s{i + 1}"
        by_cvo.setdefault(step.cvo, node_of[i])
        lanes.setdefault(lane_key(step), []).append(i)

    lines = ["flowchart TB"]
    lines.append('  inicio(["Inicio"])')
    for n, (key, indices) in enumerate(lanes.items()):
        lines.append(f'  subgraph l{n}["{mermaid_label(lane_title(key, manual))}"]')
        lines.append("    direction TB")
        for i in indices:
            step = steps[i]
            text = mermaid_label(f"{step.cvo}. {step.action}", label_limit)
            if step.decision:
                lines.append(f'    {node_of[i]}{{"{text}"}}')
            else:
                lines.append(f'    {node_of[i]}["{text}"]')
        lines.append("  end")
    lines.append('  fin(["Fin"])')

    if steps:
        lines.append(f"  inicio --> {node_of[0]}")
    for i, step in enumerate(steps):
        here = node_of[i]
        if step.decision:
            for option in step.decision.options:
                target = by_cvo.get(option.target, "fin")
                lines.append(f'  {here} -->|"{mermaid_label(option.label, 40)}"| {target}')
            continue
        nxt = node_of.get(i + 1, "fin")
        lines.append(f"  {here} --> {nxt}")
    if not steps:
        lines.append("  inicio --> fin")
    lines.append("  classDef paso fill:#f6f1f4,stroke:#800040,color:#222")
    lines.append("  classDef extremo fill:#800040,stroke:#800040,color:#fff")
    if steps:
        lines.append("  class " + ",".join(node_of.values()) + " paso")
    lines.append("  class inicio,fin extremo")
    return "\n".join(lines)
