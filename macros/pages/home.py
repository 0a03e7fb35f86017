"""The home page: the manual's cover data, its coordinations and procedures, and where to
look things up."""
from __future__ import annotations

from ..components import Ctx, admonition, procedures_table
from ..escape import md_text
from ..links import (DOCUMENTS, DOWNLOADS, GLOSSARY, HOME, HOME_SECTION, MATRIX, NORMS, PRINT, RISKS,
                     ROLES_INDEX, Links, coord_url)


def register(site) -> None:
    ctx = site.ctx
    site.add(HOME, "Inicio", lambda: home_page(ctx), section=HOME_SECTION)


def home_page(ctx: Ctx) -> str:
    manual = ctx.manual
    info = manual.info
    links = Links(HOME)
    title = md_text(info.title) if info else "Manual de Procedimientos"
    parts = [f"# {title}"]
    if info:
        unit = md_text(info.unit) + (f" ({md_text(info.unit_acronym)})" if info.unit_acronym else "")
        parts.append(f"**{unit}** · {md_text(info.institution)}")
        when = f"**Versión {md_text(info.version)}** · año {info.year}"
        if info.date:
            when += f" · fecha {md_text(info.date)}"
        if info.review_date:
            when += f" · próxima revisión {md_text(info.review_date)}"
        parts.append(when)
    n_proc = len(manual.procedures)
    n_steps = sum(len(p.steps) for p in manual.procedures.values())
    parts.append(
        "Este sitio es el *Manual de Procedimientos* de la unidad, generado desde su fuente en YAML: "
        f"{len(manual.coordinations)} coordinaciones, {n_proc} procedimientos y {n_steps} pasos. "
        "Cada procedimiento dice qué se hace, quién lo hace, con qué documentos y qué puede salir mal; "
        "cada página se revisa con reglas de cumplimiento antes de publicarse.")
    parts.append(admonition(
        "tip", "Busco mi puesto",
        f"{links.to('Elija su puesto o área', ROLES_INDEX)} y vea todos los pasos que le tocan, "
        "en orden, con sus insumos y salidas."))
    parts.append("## Coordinaciones y procedimientos")
    for coord in manual.coordinations.values():
        procs = manual.procedures_of(coord.id)
        block = f"### {links.to(md_text(coord.name), coord_url(coord.id))}\n\n"
        if coord.objective:
            block += f"*Objetivo:* {md_text(coord.objective)}\n\n"
        block += procedures_table(ctx, procs, links) if procs else "Sin procedimientos todavía."
        parts.append(block)
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        parts.append("### Sin coordinación\n\n" + procedures_table(ctx, orphans, links))
    parts.append("## Consulta\n\n" + "\n".join([
        f"- {links.to('Matriz de roles', MATRIX)}: quién participa en qué procedimiento.",
        f"- {links.to('Riesgos', RISKS)}: matriz y mapa de calor de todo el manual.",
        f"- {links.to('Documentos', DOCUMENTS)}: qué pasos producen y usan cada documento.",
        f"- {links.to('Glosario', GLOSSARY)} y {links.to('marco normativo', NORMS)}.",
        f"- {links.to('Versión para imprimir', PRINT)} (y su PDF) y "
        f"{links.to('Descargas', DOWNLOADS)}: actividades, matrices y hallazgos en XLSX y CSV, "
        "el manual en JSON.",
    ]))
    return "\n\n".join(parts) + "\n"
