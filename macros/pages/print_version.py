"""The printable manual: one generated page (``links.PRINT``) with the whole manual in the
official order, from which ``scripts/pdf.py`` prints the PDF with headless Chromium.

Order: cover, signature sheets, contents, introduction, background, legal framework,
objectives, organisational structure, processes and scope, each coordination (objective,
operating rules, roles and responsibilities, information systems) with its procedures
(description, activity table and flowchart), risk matrices, glossary.

Pure functions (model -> Markdown); every YAML string goes through :mod:`macros.escape`.
The tables shared with the site (the activity table) come from :mod:`macros.components`
with a :class:`macros.links.Links` in print mode: links to procedures become in-document
anchors, other references plain text. Anchors are generated from validated identifiers
(``[A-Za-z][A-Za-z0-9_-]*``) or counters, never from free text.
"""
from __future__ import annotations

from ..components import (TREATMENT, Ctx, activity_table, coordination_intro, mermaid_block, numbered_list,
                          paragraphs, scale)
from ..escape import html_text, md_cell, md_list_cell, md_paragraphs, md_text
from ..links import MANUAL_SECTION, PDF, PRINT, Links
from ..links import print_coord_anchor as coord_anchor
from ..links import print_proc_anchor as proc_anchor
from .. import flowchart_section
from ..control import print_element, watermark
from ..mermaid import org_chart
from . import changelog, symbology

TITLE = "Versión para imprimir"

CHANGES_ANCHOR = "control-de-cambios"
_SIGN_TITLES = {"revision": "Revisión", "validacion": "Validación"}


def _h(level: int, text_md: str, anchor: str, classes: str = "") -> str:
    """Heading of ``level`` in the manual's outline, one HTML level lower: the page has one
    ``h1``, the manual's title on the cover; its parts are ``h2`` (and the PDF bookmarks)."""
    attrs = f"#{anchor}" + "".join(f" .{c}" for c in classes.split())
    return f"{'#' * (level + 1)} {text_md} {{ {attrs} }}"


def _cover(manual) -> str:
    info = manual.info
    year = f"{info.year}" if info else ""
    lines = ['<div class="imp-portada" markdown>',
             f'<p class="imp-institucion">{html_text(info.institution if info else "")}</p>',
             f'<h1 class="imp-titulo">{html_text(info.title if info else "Manual de Procedimientos")}</h1>',
             f'<p class="imp-unidad">{html_text(info.unit if info else "")}</p>']
    if info and info.unit_acronym:
        lines.append(f'<p class="imp-siglas">({html_text(info.unit_acronym)})</p>')
    if info:
        detail = f"Versión {html_text(info.version)}"
        if info.date:
            detail += f" · {html_text(info.date)}"
        lines.append(f'<p class="imp-anio">{html_text(year)}</p>')
        lines.append(f'<p class="imp-version">{detail}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def _signatures(manual) -> str:
    info = manual.info
    if not info or not info.signatures:
        return ""
    parts = []
    for n, sheet in enumerate(info.signatures, start=1):
        kind = _SIGN_TITLES.get(sheet.get("tipo"), "")
        parts.append(_h(1, f"Hoja de identificación de firmas: {md_text(kind)}", f"firmas-{n}", "imp-salto"))
        parts.append(f"**{md_text(sheet.get('titulo'))}**")
        rows = ["| Nombre | Cargo | Firma |", "| --- | --- | --- |"]
        for signer in sheet.get("firmantes") or ():
            signed = ""
            if signer.get("firmado"):       # the record of the signature (never invented)
                signed = "<br><small>Firmado" + (f" el {md_text(signer['fecha'])}" if signer.get("fecha") else "") \
                    + "</small>"
            rows.append(f"| {md_cell(signer.get('nombre'))} | {md_cell(signer.get('puesto'))} | "
                        f'<span class="imp-firma"></span>{signed} |')
        parts.append('<div class="imp-firmas" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
    return "\n\n".join(parts)


def _sections(manual) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(anchor, title markdown, [(sub-anchor, sub-title markdown)]) in print order."""
    info = manual.info
    out = []
    if info and info.introduction:
        out.append(("introduccion", "Introducción", []))
    if info and info.background:
        out.append(("antecedentes", "Antecedentes", []))
    if (info and info.legal_intro) or manual.norms:
        out.append(("marco-normativo", "Marco normativo", []))
    if info and info.objectives:
        out.append(("objetivos", "Objetivos", []))
    if info and info.structure:
        out.append(("estructura", "Estructura orgánica", []))
    out.append(("procesos", "Procesos y alcance", []))
    out.append((symbology.PRINT_ANCHOR, symbology.TITLE, []))
    for coord in manual.coordinations.values():
        number = f"{md_text(coord.number)}. " if coord.number else ""
        subs = [(proc_anchor(p.id), f"{md_text(p.id)} · {md_text(p.name)}") for p in manual.procedures_of(coord.id)]
        out.append((coord_anchor(coord.id), number + md_text(coord.name), subs))
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        out.append(("otros", "Otros procedimientos",
                    [(proc_anchor(p.id), f"{md_text(p.id)} · {md_text(p.name)}") for p in orphans]))
    if manual.all_risks():
        out.append(("riesgos", "Matrices de riesgos", []))
    if manual.terms:
        out.append(("glosario", "Glosario", []))
    out.append((CHANGES_ANCHOR, changelog.TITLE, []))
    return out


def _contents(manual) -> str:
    lines = [_h(1, "Contenido", "contenido", "imp-salto")]
    for anchor, title, subs in _sections(manual):
        lines.append(f"- [{title}](#{anchor})")
        for sub_anchor, sub_title in subs:
            lines.append(f"    - [{sub_title}](#{sub_anchor})")
    return '<div class="imp-contenido" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def _background(items) -> str:
    parts = []
    for item in items:
        if isinstance(item, dict):
            quote = "> " + md_text(item.get("cita"))
            if item.get("fuente"):
                quote += f"\n>\n> — {md_text(item['fuente'])}"
            parts.append(quote)
        else:
            parts.append(md_paragraphs(item))
    return "\n\n".join(parts)


_SCOPES = (("federal", "Federal"), ("local", "Local"), ("interno", "Interno"))


def _legal(manual) -> str:
    info = manual.info
    parts = []
    if info and info.legal_intro:
        parts.append(md_paragraphs(info.legal_intro))
    for scope, label in _SCOPES:
        norms = [n for n in manual.norms.values() if n.scope == scope]
        if norms:
            parts.append(f"**{label}**\n\n" + "\n".join(f"- {md_text(n.name)}" for n in norms))
    return "\n\n".join(parts)


def _structure(unit, depth: int = 0) -> list[str]:
    lines = [f"{'    ' * depth}- {md_text(unit.get('nombre'))}"]
    for child in unit.get("dependientes") or ():
        lines.extend(_structure(child, depth + 1))
    return lines


def _scope(manual, links: Links) -> str:
    info = manual.info
    parts = []
    if info and info.scope_intro:
        parts.append(md_paragraphs(info.scope_intro))
    rows = ["| Coordinación | Procedimiento | Nombre |", "| --- | --- | --- |"]
    for proc in manual.procedures.values():
        coord = manual.coordinations.get(proc.area)
        rows.append(f"| {md_cell(coord.name if coord else proc.area)} | "
                    f"{links.proc(md_text(proc.id), proc.id)} | {md_cell(proc.name)} |")
    parts.append("\n".join(rows))
    return "\n\n".join(parts)


def _coordination(ctx: Ctx, coord, links: Links, title_md: str) -> str:
    manual = ctx.manual
    parts = [_h(1, title_md, coord_anchor(coord.id), "imp-salto")]
    parts += coordination_intro(coord, "###")
    if coord.duties:
        block = ["### Roles y responsabilidades"]
        for duty in coord.duties:
            block.append(f"**{md_text(duty.title or manual.role_name(duty.role))}**")
            block.append(numbered_list(duty.duties))
        parts.append("\n\n".join(block))
    if coord.systems:
        parts.append("### Sistemas de información\n\n"
                     + "\n".join(f"- {md_text(s.name)}" for s in coord.systems))
    for proc in manual.procedures_of(coord.id):
        parts.append(_procedure(ctx, proc, links))
    return "\n\n".join(parts)


def _procedure(ctx: Ctx, proc, links: Links) -> str:
    manual = ctx.manual
    parts = [_h(2, f"{md_text(proc.id)} · {md_text(proc.name)}", proc_anchor(proc.id), "imp-salto")]
    if proc.section:
        parts.append(f"*Apartado:* {md_text(proc.section)}")
    if proc.description:
        parts.append(md_paragraphs(proc.description))
    if proc.objective:
        parts.append("**Objetivo.** " + md_text(proc.objective))
    if proc.norms:
        names = [md_text(manual.norms[n].abbreviation or manual.norms[n].name) if n in manual.norms else md_text(n)
                 for n in proc.norms]
        parts.append("**Normativa.** " + "; ".join(names))
    parts.append(f"**Actividades de {md_text(proc.id)}**\n\n" + activity_table(ctx, proc, links))
    parts.append(flowchart_section.print_block(proc, manual))
    return "\n\n".join(parts)


def _risks(manual) -> str:
    parts = [_h(1, "Matrices de riesgos", "riesgos", "imp-salto"),
             "Probabilidad e impacto: 1 bajo, 2 medio, 3 alto. Nivel de riesgo (NR) = probabilidad × impacto."]
    owners: dict[str, list] = {}
    for risk in manual.all_risks():
        owners.setdefault(risk.owner, []).append(risk)
    for owner, risks in owners.items():
        holder = manual.procedures.get(owner) or manual.coordinations.get(owner)
        name = md_text(holder.name) if holder else ""
        parts.append(f"### {md_text(owner)} · {name}")
        rows = ["| Riesgo | Descripción | P | I | NR | Tratamiento | Acciones | Inicio | Revaloración (P/I/NR) |",
                "| --- | --- | :-: | :-: | :-: | --- | --- | --- | :-: |"]
        for r in risks:
            re_ = r.reassessment
            reval = "—" if re_ is None else " / ".join(scale(v, labelled=False)
                                                       for v in (re_.probability, re_.impact, re_.level))
            label = md_text(r.id) + (f"<br>{md_text(r.label)}" if r.label else "")
            treatment = (md_list_cell([TREATMENT.get(t, t) for t in r.treatment]) if r.treatment_known
                         else "ilegible en el manual")
            p_i_nr = " | ".join(scale(v, labelled=False) for v in (r.probability, r.impact, r.level))
            rows.append(f"| {label} | {md_cell(r.description)} | {p_i_nr} | {treatment} | "
                        f"{md_cell(r.actions)} | {md_cell(r.start_date)} | "
                        f"{reval} |")
        parts.append('<div class="imp-riesgos" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
    return "\n\n".join(parts)


def _glossary(manual) -> str:
    rows = ["| Término | Definición |", "| --- | --- |"]
    for term in sorted(manual.terms, key=lambda t: t.term.casefold()):
        rows.append(f"| **{md_cell(term.term)}** | {md_cell(term.definition)} |")
    return _h(1, "Glosario", "glosario", "imp-salto") + "\n\n" + "\n".join(rows)


def print_page(ctx: Ctx) -> str:
    """Markdown of the whole printable manual."""
    manual = ctx.manual
    info = manual.info
    links = Links(PRINT, print_mode=True)
    pdf_link = f'<a href="../{PDF}" download>descargar el PDF</a>'
    parts = [
        '<div class="imp-aviso" markdown>\n\n'
        f"Esta página reúne el manual completo en el orden oficial para imprimirlo (Ctrl+P) o para "
        f"{pdf_link} que genera la construcción. La portada, las hojas de firmas y los saltos de "
        "página sólo se aprecian al imprimir.\n\n</div>",
        _cover(manual),
        _signatures(manual),
        _contents(manual),
    ]
    titles = {anchor: title for anchor, title, _subs in _sections(manual)}
    if info and info.introduction:
        parts.append(_h(1, "Introducción", "introduccion", "imp-salto") + "\n\n" + paragraphs(info.introduction))
    if info and info.background:
        parts.append(_h(1, "Antecedentes", "antecedentes", "imp-salto") + "\n\n" + _background(info.background))
    if "marco-normativo" in titles:
        parts.append(_h(1, "Marco normativo", "marco-normativo", "imp-salto") + "\n\n" + _legal(manual))
    if info and info.objectives:
        parts.append(_h(1, "Objetivos", "objetivos", "imp-salto") + "\n\n"
                     + "\n".join(f"1. {md_text(o)}" for o in info.objectives))
    if info and info.structure:
        parts.append(_h(1, "Estructura orgánica", "estructura", "imp-salto") + "\n\n"
                     + "\n".join(_structure(info.structure)) + "\n\n"
                     + '<div class="imp-flujo" markdown>\n\n**Organigrama**\n\n'
                     + mermaid_block(org_chart(info.structure, manual)) + "\n\n</div>")
    parts.append(_h(1, "Procesos y alcance", "procesos", "imp-salto") + "\n\n" + _scope(manual, links))
    parts.append(symbology.print_section())
    for coord in manual.coordinations.values():
        parts.append(_coordination(ctx, coord, links, titles[coord_anchor(coord.id)]))
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        parts.append(_h(1, "Otros procedimientos", "otros", "imp-salto") + "\n\n"
                     + "\n\n".join(_procedure(ctx, p, links) for p in orphans))
    if "riesgos" in titles:
        parts.append(_risks(manual))
    if manual.terms:
        parts.append(_glossary(manual))
    parts.append(_h(1, changelog.TITLE, CHANGES_ANCHOR, "imp-salto") + "\n\n" + changelog.section(ctx, links))
    body = "\n\n".join(p for p in parts if p)
    # The document control read by scripts/pdf.py (header, footer) and, for a draft, the
    # watermark repeated on every printed page (docs/css/impresion.css).
    control = "\n\n".join(p for p in (print_element(ctx.control), watermark(ctx.control)) if p)
    return f'{control}\n\n<div class="imp-manual" markdown>\n\n{body}\n\n</div>\n'


def register(site) -> None:
    """The print page, in «El manual»; left out of the search index (search=False): the whole
    manual is already indexed page by page."""
    ctx = site.ctx
    site.add(PRINT, TITLE, lambda: print_page(ctx), section=MANUAL_SECTION, search=False)
