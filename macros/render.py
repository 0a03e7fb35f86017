"""Pure functions: validated model -> Markdown. No I/O; every YAML string goes through
:mod:`macros.escape`."""
from __future__ import annotations

from .escape import md_cell, md_list_cell, md_paragraphs, md_text
from .mermaid import flowchart


def proc_url(proc_id: str) -> str:
    return f"procedimientos/{proc_id}.md"


def coord_url(coord_id: str) -> str:
    return f"coordinaciones/{coord_id}.md"


def link(text: str, target: str, here: str) -> str:
    """Markdown link from page ``here`` to page ``target`` (both src paths)."""
    depth = here.count("/")
    return f"[{text}]({'../' * depth}{target})"


def activity_table(proc, manual) -> str:
    rows = ["| Cvo. | Acción | Responsable(s) | Insumos | Salida(s) |",
            "| ---: | --- | --- | --- | --- |"]
    for step in proc.steps:
        owners = md_list_cell(step.responsibles)
        rows.append(f"| {step.cvo} | {md_cell(step.action)} | {owners} | "
                    f"{md_list_cell(step.inputs)} | {md_list_cell(step.outputs)} |")
    return "\n".join(rows)


def mermaid_block(source: str) -> str:
    """A Mermaid fence kept out of the search index."""
    return f'<div class="flujograma" data-search-exclude markdown>\n\n```mermaid\n{source}\n```\n\n</div>'


def procedure_page(proc, manual, report=None) -> str:
    here = proc_url(proc.id)
    coord = manual.coordinations.get(proc.area)
    parts = [f"# {md_text(proc.id)} · {md_text(proc.name)}"]
    meta = []
    if coord:
        meta.append(f"**Coordinación:** {link(md_text(coord.name), coord_url(coord.id), here)}")
    if proc.section:
        meta.append(f"**Apartado:** {md_text(proc.section)}")
    meta.append(f"**Pasos:** {len(proc.steps)}")
    parts.append(" · ".join(meta))
    if proc.description:
        parts.append(md_paragraphs(proc.description))
    if proc.objective:
        parts.append("## Objetivo\n\n" + md_paragraphs(proc.objective))
    parts.append("## Actividades\n\n" + activity_table(proc, manual))
    parts.append("## Flujograma\n\n" + mermaid_block(flowchart(proc, manual)))
    return "\n\n".join(parts) + "\n"


def coordination_page(coord, manual, report=None) -> str:
    here = coord_url(coord.id)
    parts = [f"# {md_text(coord.name)}"]
    if coord.objective:
        parts.append("## Objetivo\n\n" + md_paragraphs(coord.objective))
    procs = manual.procedures_of(coord.id)
    if procs:
        items = [f"- {link(md_text(p.id) + ' · ' + md_text(p.name), proc_url(p.id), here)}" for p in procs]
        parts.append("## Procedimientos\n\n" + "\n".join(items))
    return "\n\n".join(parts) + "\n"


def home_page(manual, report=None) -> str:
    info = manual.info
    here = "index.md"
    title = md_text(info.title) if info else "Manual de Procedimientos"
    parts = [f"# {title}"]
    if info:
        parts.append(f"**{md_text(info.unit)}** · {md_text(info.institution)} · versión {md_text(info.version)}")
    for coord in manual.coordinations.values():
        items = [f"- {link(md_text(p.id) + ' · ' + md_text(p.name), proc_url(p.id), here)}"
                 for p in manual.procedures_of(coord.id)]
        parts.append(f"## {link(md_text(coord.name), coord_url(coord.id), here)}\n\n" + "\n".join(items))
    return "\n\n".join(parts) + "\n"
