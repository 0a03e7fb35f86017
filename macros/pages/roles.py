"""Role pages: «Busco mi puesto» (role index) and one «¿Qué me toca?» page per role.

Every page reads the indexes of :mod:`macros.xref`, so each costs time proportional to what
it shows, never procedures × procedures.
"""
from __future__ import annotations

from checks.model import fold

from ..components import Ctx, admonition, docs_cell, numbered_list, roles_cell
from ..escape import md_cell, md_text
from ..links import ROLES_INDEX, ROLES_SECTION, Links, coord_url, role_url


def register(site) -> None:
    ctx = site.ctx
    site.add(ROLES_INDEX, "Busco mi puesto", lambda: roles_index_page(ctx), section=ROLES_SECTION)
    for role in sorted(site.manual.roles.values(), key=lambda r: fold(r.name)):
        site.add(role_url(role.id), role.name, lambda r=role: role_page(ctx, r), section=ROLES_SECTION)


KINDS = {"persona": "Puestos", "unidad": "Unidades y áreas", "organo_colegiado": "Órganos colegiados",
         "organo_externo": "Órganos externos", "grupo": "Grupos de personas"}


KIND_ONE = {"persona": "puesto", "unidad": "unidad o área", "organo_colegiado": "órgano colegiado",
            "organo_externo": "órgano externo", "grupo": "grupo de personas"}


def roles_index_page(ctx: Ctx) -> str:
    manual = ctx.manual
    links = Links(ROLES_INDEX)
    parts = ["# Busco mi puesto",
             "Elija su puesto, área u órgano para ver **qué le toca**: cada paso de cada procedimiento en "
             "que participa, en orden, con sus insumos y salidas."]
    for kind, title in KINDS.items():
        roles = [r for r in manual.roles.values() if r.kind == kind]
        if not roles:
            continue
        rows = ["| Rol | Procedimientos | Pasos |", "| --- | ---: | ---: |"]
        for r in sorted(roles, key=lambda x: fold(x.name)):
            text = md_text(r.name) + (f" ({md_text(r.acronym)})" if r.acronym else "")
            n_steps = len(ctx.index.role_steps.get(r.id, ()))
            n_procs = len(ctx.index.role_procs.get(r.id, ()))
            rows.append(f"| {links.to(text, role_url(r.id))} | {n_procs} | {n_steps} |")
        parts.append(f"## {title}\n\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"


def role_page(ctx: Ctx, role) -> str:
    manual = ctx.manual
    links = Links(role_url(role.id))
    parts = [f"# {md_text(role.name)}"]
    meta = []
    if role.acronym:
        meta.append(f"**Siglas:** {md_text(role.acronym)}")
    meta.append(f"**Tipo:** {KIND_ONE.get(role.kind, md_text(role.kind))}")
    if role.synonyms:
        meta.append("**También llamado:** " + ", ".join(md_text(s) for s in role.synonyms))
    parts.append(" · ".join(meta))
    if role.note:
        parts.append(md_text(role.note))
    if not role.defined:
        parts.append(admonition("note", "Rol no definido en el manual",
                                "El manual lo menciona como responsable, pero no describe sus funciones."))

    refs = ctx.index.role_steps.get(role.id, [])
    procs = ctx.index.role_procs.get(role.id, [])
    parts.append("## ¿Qué me toca?")
    if not refs:
        parts.append("Este rol no es responsable de ningún paso de los procedimientos del manual.")
    else:
        parts.append(f"Participa en **{len(refs)} pasos** de **{len(procs)} procedimientos**. "
                     "Los pasos compartidos indican con quién.")
        by_proc: dict[str, list] = {}
        for ref in refs:
            by_proc.setdefault(ref.proc.id, []).append(ref)
        for proc_id, items in by_proc.items():
            proc = items[0].proc
            rows = [f"### {links.proc(md_text(proc.id) + ' · ' + md_text(proc.name), proc.id)}",
                    "| Paso | Acción | Con | Insumos | Salidas |", "| ---: | --- | --- | --- | --- |"]
            for ref in items:
                step = ref.step
                others = [r for r in step.real_responsibles if r != role.id]
                cvo = links.step(str(step.cvo), proc.id, step.cvo)
                rows.append(f"| {cvo} | {md_cell(step.action)} | {roles_cell(ctx, others, links)} | "
                            f"{docs_cell(ctx, step.inputs, links)} | {docs_cell(ctx, step.outputs, links)} |")
            parts.append(rows[0] + "\n\n" + "\n".join(rows[1:]))

    duties = ctx.index.role_duties.get(role.id, [])
    if duties:
        block = ["## Responsabilidades según el manual"]
        for coord, duty in duties:
            title = md_text(duty.title) if duty.title else md_text(role.name)
            block.append(f"**{title}** — {links.to(md_text(coord.name), coord_url(coord.id))}\n\n"
                         + numbered_list(duty.duties))
        parts.append("\n\n".join(block))

    lanes = [(p, lane) for p in procs for lane in (p.flowchart.lanes if p.flowchart else ()) if lane.role == role.id]
    if lanes:
        block = ["## En los flujogramas del manual"]
        for proc, lane in lanes:
            block.append(f"**{links.proc(md_text(proc.id), proc.id)}**\n\n"
                         + "\n".join(f"1. {md_text(a)}" for a in lane.activities))
        parts.append("\n\n".join(block))
    return "\n\n".join(parts) + "\n"
