"""Front-matter pages of the manual («El manual»: introducción, antecedentes, marco
normativo, objetivos, estructura orgánica, hojas de firmas). Pure functions of the model."""
from __future__ import annotations

from checks.model import fold

from ..components import Ctx, gaps_block, mermaid_block, paragraphs, role_link
from ..escape import html_attr, md_paragraphs, md_text
from ..links import (BACKGROUND, INTRO, MANUAL_SECTION, NORMS, OBJECTIVES, SIGNATURES, STRUCTURE, Links,
                     norm_anchor, role_url)
from ..mermaid import org_chart



def register(site) -> None:
    ctx = site.ctx
    for src_uri, title, page in ((INTRO, "Introducción", introduction_page),
                                 (BACKGROUND, "Antecedentes", background_page),
                                 (NORMS, "Marco normativo", norms_page),
                                 (OBJECTIVES, "Objetivos", objectives_page),
                                 (STRUCTURE, "Estructura orgánica", structure_page),
                                 (SIGNATURES, "Hojas de firmas", signatures_page)):
        site.add(src_uri, title, lambda page=page: page(ctx), section=MANUAL_SECTION)


SCOPES = (("federal", "Ámbito federal"), ("local", "Ámbito local"), ("interno", "Normativa interna"))


def _section_gaps(ctx: Ctx, *names: str) -> str:
    """Gaps of manual.yaml whose «seccion» mentions one of ``names``."""
    info = ctx.manual.info
    if not info:
        return ""
    wanted = [fold(n) for n in names]
    gaps = [g for g in info.gaps if any(w in fold(g.split(":", 1)[0]) for w in wanted)]
    return gaps_block(gaps)


def introduction_page(ctx: Ctx) -> str:
    info = ctx.manual.info
    parts = ["# Introducción"]
    parts.append(paragraphs(info.introduction) if info and info.introduction
                 else "El manual no trae introducción.")
    if info and info.scope_intro:
        parts.append("## Procesos y alcance\n\n" + md_paragraphs(info.scope_intro))
    parts.append(_section_gaps(ctx, "introducci", "alcance"))
    return "\n\n".join(p for p in parts if p) + "\n"


def background_page(ctx: Ctx) -> str:
    info = ctx.manual.info
    parts = ["# Antecedentes"]
    for item in (info.background if info else ()):
        if isinstance(item, dict):
            quote = "\n>\n".join(f"> {md_text(p)}" for p in str(item.get("cita", "")).split("\n\n") if p.strip())
            if item.get("fuente"):
                quote += f"\n>\n> — {md_text(item['fuente'])}"
            parts.append(quote)
        elif item:
            parts.append(md_paragraphs(item))
    if len(parts) == 1:
        parts.append("El manual no trae antecedentes.")
    parts.append(_section_gaps(ctx, "antecedente"))
    return "\n\n".join(p for p in parts if p) + "\n"


def objectives_page(ctx: Ctx) -> str:
    info = ctx.manual.info
    parts = ["# Objetivos"]
    if info and info.objectives:
        parts.append("\n".join(f"1. {md_text(o)}" for o in info.objectives))
    else:
        parts.append("El manual no trae objetivos.")
    parts.append(_section_gaps(ctx, "objetivo"))
    return "\n\n".join(p for p in parts if p) + "\n"


def norms_page(ctx: Ctx) -> str:
    manual = ctx.manual
    links = Links(NORMS)
    parts = ["# Marco normativo"]
    if manual.info and manual.info.legal_intro:
        parts.append(md_paragraphs(manual.info.legal_intro))
    for scope, title in SCOPES:
        norms = [n for n in manual.norms.values() if n.scope == scope]
        if not norms:
            continue
        items = []
        for norm in norms:
            text = f'<span id="{html_attr(norm_anchor(norm.id))}"></span>**{md_text(norm.name)}**'
            if norm.abbreviation:
                text += f" (en adelante, {md_text(norm.abbreviation)})"
            procs = ctx.index.norm_procs.get(norm.id, [])
            if procs:
                text += "<br>Lo citan: " + ", ".join(links.proc(md_text(p.id), p.id) for p in procs)
            else:
                text += "<br><small>Ningún procedimiento la cita.</small>"
            items.append(f"- {text}")
        parts.append(f"## {title}\n\n" + "\n".join(items))
    if not manual.norms:
        parts.append("El manual no registra normas.")
    parts.append(_section_gaps(ctx, "marco", "normativ", "juridic"))
    return "\n\n".join(p for p in parts if p) + "\n"


def structure_page(ctx: Ctx) -> str:
    manual = ctx.manual
    info = manual.info
    links = Links(STRUCTURE)
    structure = info.structure if info else None
    parts = ["# Estructura orgánica",
             "Organigrama generado a partir de la estructura registrada en el manual."]
    parts.append(mermaid_block(org_chart(structure, manual)))
    if structure:
        lines = []

        def visit(unit: dict, depth: int) -> None:
            text = md_text(unit.get("nombre"))
            if unit.get("rol") in manual.roles:
                text = links.to(text, role_url(unit["rol"]))
            if unit.get("nota"):
                text += f" — {md_text(unit['nota'])}"
            lines.append("    " * depth + f"- {text}")
            for child in unit.get("dependientes") or ():
                visit(child, depth + 1)

        visit(structure, 0)
        parts.append("## En lista\n\n" + "\n".join(lines))
    parts.append(_section_gaps(ctx, "organigrama", "estructura"))
    return "\n\n".join(p for p in parts if p) + "\n"


def signature_state(signer: dict) -> str:
    """What the manual records about one signature («firmado» and «fecha» of the signer)."""
    if not signer.get("firmado"):
        return "**sin firma registrada**"
    return f"firmado el {md_text(signer['fecha'])}" if signer.get("fecha") else "firmado (sin fecha registrada)"


def signatures_page(ctx: Ctx) -> str:
    info = ctx.manual.info
    links = Links(SIGNATURES)
    kinds = {"revision": "Revisión", "validacion": "Validación"}
    parts = ["# Hojas de identificación de firmas y rúbricas"]
    for sheet in (info.signatures if info else ()):
        block = [f"## {kinds.get(sheet.get('tipo'), 'Firmas')}", md_text(sheet.get("titulo")),
                 "| Nombre | Puesto | Rol | Firma |", "| --- | --- | --- | --- |"]
        table = block[2:]
        for signer in sheet.get("firmantes") or ():
            role = role_link(ctx, signer["rol"], links) if signer.get("rol") else "—"
            table.append(f"| {md_text(signer.get('nombre'))} | {md_text(signer.get('puesto'))} | {role} | "
                         f"{signature_state(signer)} |")
        parts.append("\n\n".join(block[:2]) + "\n\n" + "\n".join(table))
    if len(parts) == 1:
        parts.append("El manual no registra hojas de firmas.")
    else:
        missing = [r for r in info.signature_records if not r.signed]
        if missing:
            parts.append(f"Faltan {len(missing)} de {len(info.signature_records)} firmas por registrar: una versión "
                         "aprobada debe registrar cada firma (regla VER001; ver «Control de cambios»).")
    parts.append(_section_gaps(ctx, "firma"))
    return "\n\n".join(p for p in parts if p) + "\n"

