"""Coordination pages: one nav section per coordination, with its presentation page and
the pages of its procedures (:mod:`macros.pages.procedure`)."""
from __future__ import annotations

from ..components import (Ctx, closing, compliance_section, coordination_intro, findings_for, numbered_list,
                          procedures_table, risks_section, role_link, status_badge)
from ..escape import md_text, nav_text
from ..links import Links, coord_url, role_url
from . import procedure


def register(site) -> None:
    manual = site.manual
    ctx = site.ctx
    for coord in manual.coordinations.values():
        site.section_titles[coord.id] = nav_text(coord.name)   # the theme does not autoescape nav titles
        site.add(coord_url(coord.id), coord.name, lambda c=coord: coordination_page(ctx, c),
                 section=coord.id, nav_title="Presentación")
        for proc in manual.procedures_of(coord.id):
            procedure.add(site, proc, section=coord.id)


def coordination_page(ctx: Ctx, coord) -> str:
    manual = ctx.manual
    links = Links(coord_url(coord.id))
    parts = [f"# {md_text(coord.name)}"]
    meta = []
    if coord.number:
        meta.append(f"**Apartado:** {md_text(coord.number)}")
    if coord.role:
        meta.append(f"**La encabeza:** {role_link(ctx, coord.role, links, long=True)}")
    meta.append(status_badge(ctx, coord.id))
    parts.append(" · ".join(meta))
    parts += coordination_intro(coord, "##")
    if coord.duties:
        block = ["## Roles y responsabilidades"]
        for duty in coord.duties:
            title = md_text(duty.title) if duty.title else md_text(manual.role_name(duty.role))
            block.append(f"### {title}\n\n{role_link(ctx, duty.role, links)} · "
                         f"{links.to('¿Qué le toca en los procedimientos?', role_url(duty.role))}")
            block.append(numbered_list(duty.duties))
        parts.append("\n\n".join(block))
    if coord.systems:
        parts.append("## Sistemas de información y herramientas tecnológicas\n\n"
                     + numbered_list(coord.systems, lambda s: s.name))
    procs = manual.procedures_of(coord.id)
    parts.append("## Procedimientos\n\n" + (procedures_table(ctx, procs, links) if procs
                                            else "Esta coordinación aún no tiene procedimientos."))
    risks = list(coord.risks) + [r for p in procs for r in p.risks]
    parts.append("## Matriz de riesgos\n\n" + risks_section(ctx, risks, links))
    if findings_for(ctx, coord.id):
        parts.append("## Estado de cumplimiento\n\n" + compliance_section(ctx, coord.id))
    parts += closing(ctx, coord)
    return "\n\n".join(parts) + "\n"
