"""Procedure pages: one per procedure (activities, flowchart, who does what, documents,
risks, compliance, history)."""
from __future__ import annotations

from ..components import (Ctx, activity_table, closing, compliance_section, doc_link,
                          risks_section, role_link, short_name, status_badge)
from ..escape import md_paragraphs, md_text
from ..links import NORMS, ORPHANS_SECTION, ORPHANS_TITLE, Links, coord_url, norm_anchor, proc_url
from .. import flowchart_section

# Procedure pages hide the right-hand table of contents: the flowchart gets the ~240 px it
# took (the 17-step SPE-02 goes from 60 % to 80 % of its natural size at 1280 px); the page
# opens with its own list of sections instead.
PROCEDURE_HIDE = ("toc",)


def add(site, proc, section: str) -> None:
    """Register the page of ``proc``, a procedure of coordination ``section``."""
    ctx = site.ctx
    site.add(proc_url(proc.id), f"{proc.id} {proc.name}", lambda: procedure_page(ctx, proc), section=section,
             nav_title=f"{proc.id} · {short_name(proc.name)}", hide=PROCEDURE_HIDE)


def register(site) -> None:
    """Procedures whose coordination is not in the manual, in their own section (those of a
    coordination are registered with it, by :mod:`macros.pages.coordination`)."""
    manual = site.manual
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        site.section_titles[ORPHANS_SECTION] = ORPHANS_TITLE
        ctx = site.ctx
        for proc in orphans:
            site.add(proc_url(proc.id), f"{proc.id} {proc.name}", lambda p=proc: procedure_page(ctx, p),
                     section=ORPHANS_SECTION)


def step_role_matrix(ctx: Ctx, proc, links: Links) -> str:
    roles = proc.roles
    if not roles:
        return "Ningún paso tiene responsable."
    head = "| Paso | " + " | ".join(role_link(ctx, r, links) for r in roles) + " |"
    rows = [head, "| ---: |" + " :---: |" * len(roles)]
    for step in proc.steps:
        mine = set(step.real_responsibles)
        shared = len(mine) > 1
        marks = [("◆" if shared else "●") if r in mine else "" for r in roles]
        rows.append(f"| {links.step(str(step.cvo), proc.id, step.cvo)} | " + " | ".join(marks) + " |")
    return "\n".join(rows) + "\n\n● responsable único · ◆ responsabilidad compartida"


def manual_flow_text(ctx: Ctx, proc, links: Links) -> str:
    flow = proc.flowchart
    if not flow:
        return ""
    parts = ["### El flujograma del manual, en texto",
             "Así describe el manual el flujograma de este procedimiento (por carril):"]
    for lane in flow.lanes:
        title = md_text(lane.title) if lane.title else role_link(ctx, lane.role, links, long=True)
        items = "\n".join(f"    1. {md_text(a)}" for a in lane.activities)
        parts.append(f"- **{title}**\n\n{items}")
    if flow.documents:
        parts.append("Documentos involucrados: " + ", ".join(md_text(d) for d in flow.documents) + ".")
    if flow.note:
        parts.append(md_paragraphs(flow.note))
    return "\n\n".join(parts)


def documents_section(ctx: Ctx, proc, links: Links) -> str:
    consumed: dict[str, None] = {}
    produced: dict[str, None] = {}
    for step in proc.steps:
        consumed.update(dict.fromkeys(step.real_inputs))
        produced.update(dict.fromkeys(step.real_outputs))
    parts = []
    if consumed:
        parts.append("**Usa (insumos):** " + ", ".join(doc_link(ctx, d, links) for d in consumed) + ".")
    else:
        parts.append("**Usa (insumos):** ninguno registrado.")
    if produced:
        parts.append("**Produce (salidas):** " + ", ".join(doc_link(ctx, d, links) for d in produced) + ".")
    else:
        parts.append("**Produce (salidas):** ninguna registrada.")
    if proc.external_documents:
        parts.append("**Recibe de fuera del procedimiento:** "
                     + ", ".join(doc_link(ctx, d, links) for d in proc.external_documents) + ".")
    return "\n\n".join(parts)


SECTIONS = (("Actividades", "actividades"), ("Flujograma", "flujograma"), ("Quién hace qué", "quien-hace-que"),
            ("Documentos", "documentos"), ("Riesgos", "riesgos"), ("Cumplimiento", "estado-de-cumplimiento"),
            ("Historial", "historial"))


def procedure_page(ctx: Ctx, proc) -> str:
    manual = ctx.manual
    links = Links(proc_url(proc.id))
    coord = manual.coordinations.get(proc.area)
    parts = [f"# {md_text(proc.id)} · {md_text(proc.name)}"]
    meta = []
    if coord:
        meta.append(f"**Coordinación:** {links.to(md_text(coord.name), coord_url(coord.id))}")
    if proc.section:
        meta.append(f"**Apartado:** {md_text(proc.section)}")
    meta.append(f"**Pasos:** {len(proc.steps)}")
    meta.append(status_badge(ctx, proc.id))
    parts.append(" · ".join(meta))
    parts.append('<nav class="en-esta-pagina" aria-label="En esta página">En esta página: '
                 + " · ".join(f'<a href="#{a}">{t}</a>' for t, a in SECTIONS) + "</nav>")
    parts.append("## Descripción\n\n" + (md_paragraphs(proc.description) if proc.description.strip()
                                          else "El manual no trae descripción de este procedimiento."))
    if proc.objective:
        parts.append("## Objetivo\n\n" + md_paragraphs(proc.objective))
    if proc.norms:
        items = []
        for nid in proc.norms:
            norm = manual.norms.get(nid)
            text = md_text(norm.abbreviation or norm.name) if norm else md_text(nid)
            items.append(links.to(text, f"{NORMS}#{norm_anchor(nid)}"))
        parts.append("**Normativa:** " + ", ".join(items) + ".")
    parts.append("## Actividades\n\n" + activity_table(ctx, proc, links))
    parts.append("## Flujograma\n\n" + flowchart_section.web_section(ctx, proc, links))
    flow_text = manual_flow_text(ctx, proc, links)
    if flow_text:
        parts.append(flow_text)
    parts.append("## Quién hace qué\n\n" + step_role_matrix(ctx, proc, links))
    parts.append("## Documentos\n\n" + documents_section(ctx, proc, links))
    parts.append("## Riesgos\n\n" + (risks_section(ctx, proc.risks, links, with_owner=False, with_map=False)
                                     if proc.risks else "El manual no asigna riesgos a este procedimiento."))
    parts.append("## Estado de cumplimiento\n\n" + compliance_section(ctx, proc.id))
    parts += closing(ctx, proc)
    return "\n\n".join(parts) + "\n"
