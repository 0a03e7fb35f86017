"""Reference pages: «Busco mi puesto» (role index), one «¿Qué me toca?» page per role, the
role matrix, the document catalogue and the risks of the whole manual.

Every page reads the indexes of :mod:`macros.xref`, so each costs time proportional to what
it shows, never procedures × procedures.
"""
from __future__ import annotations

from checks.model import fold

from . import descargas
from .escape import html_attr, md_cell, md_text
from .render import (DOCUMENTS, heat_map, MATRIX, RISKS, ROLES_INDEX, Ctx, admonition, coord_url, docs_cell, link,
                     proc_url, risks_section, role_link, role_url, roles_cell, step_anchor)

KINDS = {"persona": "Puestos", "unidad": "Unidades y áreas", "organo_colegiado": "Órganos colegiados",
         "organo_externo": "Órganos externos", "grupo": "Grupos de personas"}


KIND_ONE = {"persona": "puesto", "unidad": "unidad o área", "organo_colegiado": "órgano colegiado",
            "organo_externo": "órgano externo", "grupo": "grupo de personas"}


def roles_index_page(ctx: Ctx) -> str:
    manual = ctx.manual
    here = ROLES_INDEX
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
            rows.append(f"| {link(text, role_url(r.id), here)} | {n_procs} | {n_steps} |")
        parts.append(f"## {title}\n\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"


def role_page(ctx: Ctx, role) -> str:
    manual = ctx.manual
    here = role_url(role.id)
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
            rows = [f"### {link(md_text(proc.id) + ' · ' + md_text(proc.name), proc_url(proc.id), here)}",
                    "| Paso | Acción | Con | Insumos | Salidas |", "| ---: | --- | --- | --- | --- |"]
            for ref in items:
                step = ref.step
                others = [r for r in step.real_responsibles if r != role.id]
                cvo = link(str(step.cvo), f"{proc_url(proc.id)}#{step_anchor(step.cvo)}", here)
                rows.append(f"| {cvo} | {md_cell(step.action)} | {roles_cell(ctx, others, here)} | "
                            f"{docs_cell(ctx, step.inputs, here)} | {docs_cell(ctx, step.outputs, here)} |")
            parts.append(rows[0] + "\n\n" + "\n".join(rows[1:]))

    duties = ctx.index.role_duties.get(role.id, [])
    if duties:
        block = ["## Responsabilidades según el manual"]
        for coord, duty in duties:
            title = md_text(duty.title) if duty.title else md_text(role.name)
            block.append(f"**{title}** — {link(md_text(coord.name), coord_url(coord.id), here)}\n\n" + "\n".join(
                f"- {(md_text(d.number) + '. ') if d.number else ''}{md_text(d.text)}" for d in duty.duties))
        parts.append("\n\n".join(block))

    lanes = [(p, lane) for p in procs for lane in (p.flowchart.lanes if p.flowchart else ()) if lane.role == role.id]
    if lanes:
        block = ["## En los flujogramas del manual"]
        for proc, lane in lanes:
            block.append(f"**{link(md_text(proc.id), proc_url(proc.id), here)}**\n\n"
                         + "\n".join(f"1. {md_text(a)}" for a in lane.activities))
        parts.append("\n\n".join(block))
    return "\n\n".join(parts) + "\n"


def matrix_page(ctx: Ctx) -> str:
    """Roles × procedures, per coordination: the cell lists the steps of the role."""
    manual = ctx.manual
    here = MATRIX
    parts = ["# Matriz de roles",
             "Por coordinación: una fila por procedimiento y una columna por rol que participa en ella; "
             "cada celda enlaza a los pasos de ese rol. La matriz de pasos × roles de cada procedimiento "
             "está en su página («Quién hace qué»).",
             descargas.links("roles", here) + " · " + descargas.links("actividades", here)]
    groups = [(coord.name, coord.id, manual.procedures_of(coord.id)) for coord in manual.coordinations.values()]
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        groups.append(("Sin coordinación", None, orphans))
    for name, cid, procs in groups:
        title = link(md_text(name), coord_url(cid), here) if cid else md_text(name)
        roles: dict[str, None] = {}
        for p in procs:
            roles.update(dict.fromkeys(p.roles))
        if not procs or not roles:
            parts.append(f"## {title}\n\nSin procedimientos con responsables.")
            continue
        order = list(roles)
        rows = ["| Procedimiento | " + " | ".join(role_link(ctx, r, here) for r in order) + " |",
                "| --- |" + " :---: |" * len(order)]
        for p in procs:
            cells = {r: [] for r in order}
            for step in p.steps:
                for r in dict.fromkeys(step.real_responsibles):
                    cells[r].append(link(str(step.cvo), f"{proc_url(p.id)}#{step_anchor(step.cvo)}", here))
            rows.append(f"| {link(md_text(p.id), proc_url(p.id), here)} | "
                        + " | ".join(", ".join(cells[r]) for r in order) + " |")
        parts.append(f"## {title}\n\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"


def grouped_steps(refs, here: str) -> str:
    """«SPE-01: 9, 12» per procedure, one line each; every step number links to its step."""
    by_proc: dict[str, list] = {}
    for ref in refs:
        by_proc.setdefault(ref.proc.id, []).append(ref)
    lines = []
    for proc_id, items in by_proc.items():
        steps = ", ".join(link(str(r.step.cvo), f"{proc_url(proc_id)}#{step_anchor(r.step.cvo)}", here)
                          for r in items)
        lines.append(f"{link(md_text(proc_id), proc_url(proc_id), here)}: {'paso' if len(items) == 1 else 'pasos'} {steps}")
    return "<br>".join(lines)


def documents_page(ctx: Ctx) -> str:
    here = DOCUMENTS
    docs = list(ctx.index.documents.values())
    parts = ["# Documentos",
             f"Los {len(docs)} documentos que nombra el manual (oficios, acuerdos, dictámenes, listas…), "
             "con los pasos que los producen (salidas) y los que los usan (insumos). Los nombres que "
             "sólo difieren en mayúsculas o acentos se tratan como el mismo documento."]
    rows = ["| Documento | Lo producen | Lo usan |", "| --- | --- | --- |"]
    for d in docs:
        name = f'<span id="{html_attr(d.anchor)}"></span>**{md_text(d.name)}**'
        others = sorted(s for s in d.spellings if s != d.name)
        if others:
            name += "<br><small>También escrito: " + "; ".join(md_text(s) for s in others) + "</small>"
        made = grouped_steps(d.producers, here) or "—"
        used = [grouped_steps(d.consumers, here)] if d.consumers else []
        used += [link(md_text(p.id), proc_url(p.id), here) + " (externo)" for p in d.external_in]
        rows.append(f"| {name} | {made} | {'<br>'.join(used) or '—'} |")
    parts.append(('<div class="catalogo-documentos" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
                 if docs else "El manual no nombra documentos.")
    return "\n\n".join(parts) + "\n"


def risks_page(ctx: Ctx) -> str:
    manual = ctx.manual
    here = RISKS
    risks = manual.all_risks()
    parts = ["# Riesgos",
             "Matriz de riesgos de todo el manual con las columnas del manual: identificación; análisis "
             "(probabilidad, impacto y nivel de riesgo NR = probabilidad × impacto); tratamiento; acciones; "
             "fecha de inicio; y revaloración. El mapa de calor ubica cada riesgo por probabilidad e "
             "impacto, antes (inherente) y después (residual) del tratamiento.",
             descargas.links("riesgos", here)]
    if not risks:
        parts.append("El manual no registra riesgos.")
        return "\n\n".join(parts) + "\n"
    parts.append("## Mapa de calor\n\n" + heat_map(risks))
    for coord in manual.coordinations.values():
        mine = [r for r in risks if r.owner == coord.id
                or (r.owner in manual.procedures and manual.procedures[r.owner].area == coord.id)]
        if not mine:
            continue
        parts.append(f"## {link(md_text(coord.name), coord_url(coord.id), here)}\n\n"
                     + risks_section(ctx, mine, here, with_owner=True, with_map=False))
    others = [r for r in risks if r.owner not in manual.coordinations
              and not (r.owner in manual.procedures and manual.procedures[r.owner].area in manual.coordinations)]
    if others:
        parts.append("## Otros\n\n" + risks_section(ctx, others, here, with_owner=True, with_map=False))
    return "\n\n".join(parts) + "\n"
