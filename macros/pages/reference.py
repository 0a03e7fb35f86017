"""Reference pages («Consulta»): the role matrix, the risks of the whole manual, the
document catalogue and the glossary.

Every page reads the indexes of :mod:`macros.xref`, so each costs time proportional to what
it shows, never procedures × procedures.
"""
from __future__ import annotations

from checks.model import fold

from ..components import Ctx, heat_map, risks_section, role_link
from ..escape import html_attr, md_text
from ..links import DOCUMENTS, GLOSSARY, MATRIX, REFERENCE_SECTION, RISKS, Links, coord_url, role_url


def register(site) -> None:
    ctx = site.ctx
    site.add(MATRIX, "Matriz de roles", lambda: matrix_page(ctx), section=REFERENCE_SECTION)
    site.add(RISKS, "Riesgos", lambda: risks_page(ctx), section=REFERENCE_SECTION)
    site.add(DOCUMENTS, "Documentos", lambda: documents_page(ctx), section=REFERENCE_SECTION)
    site.add(GLOSSARY, "Glosario", lambda: glossary_page(ctx), section=REFERENCE_SECTION)


def matrix_page(ctx: Ctx) -> str:
    """Roles × procedures, per coordination: the cell lists the steps of the role."""
    manual = ctx.manual
    links = Links(MATRIX)
    parts = ["# Matriz de roles",
             "Por coordinación: una fila por procedimiento y una columna por rol que participa en ella; "
             "cada celda enlaza a los pasos de ese rol. La matriz de pasos × roles de cada procedimiento "
             "está en su página («Quién hace qué»).",
             links.downloads("roles") + " · " + links.downloads("actividades")]
    groups = [(coord.name, coord.id, manual.procedures_of(coord.id)) for coord in manual.coordinations.values()]
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        groups.append(("Sin coordinación", None, orphans))
    for name, cid, procs in groups:
        title = links.to(md_text(name), coord_url(cid)) if cid else md_text(name)
        roles: dict[str, None] = {}
        for p in procs:
            roles.update(dict.fromkeys(p.roles))
        if not procs or not roles:
            parts.append(f"## {title}\n\nSin procedimientos con responsables.")
            continue
        order = list(roles)
        rows = ["| Procedimiento | " + " | ".join(role_link(ctx, r, links) for r in order) + " |",
                "| --- |" + " :---: |" * len(order)]
        for p in procs:
            cells = {r: [] for r in order}
            for step in p.steps:
                for r in dict.fromkeys(step.real_responsibles):
                    cells[r].append(links.step(str(step.cvo), p.id, step.cvo))
            rows.append(f"| {links.proc(md_text(p.id), p.id)} | "
                        + " | ".join(", ".join(cells[r]) for r in order) + " |")
        parts.append(f"## {title}\n\n" + "\n".join(rows))
    return "\n\n".join(parts) + "\n"


def grouped_steps(refs, links: Links) -> str:
    """«SPE-01: 9, 12» per procedure, one line each; every step number links to its step."""
    by_proc: dict[str, list] = {}
    for ref in refs:
        by_proc.setdefault(ref.proc.id, []).append(ref)
    lines = []
    for proc_id, items in by_proc.items():
        steps = ", ".join(links.step(str(r.step.cvo), proc_id, r.step.cvo)
                          for r in items)
        lines.append(f"{links.proc(md_text(proc_id), proc_id)}: {'paso' if len(items) == 1 else 'pasos'} {steps}")
    return "<br>".join(lines)


def documents_page(ctx: Ctx) -> str:
    links = Links(DOCUMENTS)
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
        made = grouped_steps(d.producers, links) or "—"
        used = [grouped_steps(d.consumers, links)] if d.consumers else []
        used += [links.proc(md_text(p.id), p.id) + " (externo)" for p in d.external_in]
        rows.append(f"| {name} | {made} | {'<br>'.join(used) or '—'} |")
    parts.append(('<div class="catalogo-documentos" markdown>\n\n' + "\n".join(rows) + "\n\n</div>")
                 if docs else "El manual no nombra documentos.")
    return "\n\n".join(parts) + "\n"


def risks_page(ctx: Ctx) -> str:
    manual = ctx.manual
    links = Links(RISKS)
    risks = manual.all_risks()
    parts = ["# Riesgos",
             "Matriz de riesgos de todo el manual con las columnas del manual: identificación; análisis "
             "(probabilidad, impacto y nivel de riesgo NR = probabilidad × impacto); tratamiento; acciones; "
             "fecha de inicio; y revaloración. El mapa de calor ubica cada riesgo por probabilidad e "
             "impacto, antes (inherente) y después (residual) del tratamiento.",
             links.downloads("riesgos")]
    if not risks:
        parts.append("El manual no registra riesgos.")
        return "\n\n".join(parts) + "\n"
    parts.append("## Mapa de calor\n\n" + heat_map(risks))
    for coord in manual.coordinations.values():
        mine = [r for r in risks if r.owner == coord.id
                or (r.owner in manual.procedures and manual.procedures[r.owner].area == coord.id)]
        if not mine:
            continue
        parts.append(f"## {links.to(md_text(coord.name), coord_url(coord.id))}\n\n"
                     + risks_section(ctx, mine, links, with_owner=True, with_map=False))
    others = [r for r in risks if r.owner not in manual.coordinations
              and not (r.owner in manual.procedures and manual.procedures[r.owner].area in manual.coordinations)]
    if others:
        parts.append("## Otros\n\n" + risks_section(ctx, others, links, with_owner=True, with_map=False))
    return "\n\n".join(parts) + "\n"
def glossary_page(ctx: Ctx) -> str:
    manual = ctx.manual
    links = Links(GLOSSARY)
    parts = ["# Glosario",
             "Las siglas de este glosario y del catálogo de roles muestran su significado al pasar el "
             "cursor sobre ellas en todo el sitio."]
    terms = sorted(manual.terms, key=lambda t: fold(t.term))
    rows = ["| Término | Definición | Rol |", "| --- | --- | --- |"]
    for term in terms:
        name = f"**{md_text(term.term)}**" + (" *(sigla)*" if term.acronym else "")
        role = role_link(ctx, term.role, links, long=True) if term.role else "—"
        rows.append(f"| {name} | {md_text(term.definition)} | {role} |")
    parts.append("\n".join(rows) if terms else "El glosario está vacío.")
    acr = [r for r in manual.roles.values() if r.acronym and fold(r.acronym) not in {fold(t.term) for t in terms}]
    if acr:
        parts.append("## Otras siglas del catálogo de roles\n\n" + "\n".join(
            f"- **{md_text(r.acronym)}**: {links.to(md_text(r.name), role_url(r.id))}" for r in acr))
    return "\n\n".join(parts) + "\n"
