"""Widgets shared by the page modules (``macros/pages/``): role and document links,
badges, the activity table (site and print version), the risk scale, tables and heat map,
findings, history. Pure functions of the build context (:class:`Ctx`) and a
:class:`macros.links.Links` of the page they go in.

No I/O; every YAML string goes through :mod:`macros.escape` (``md_*`` for Markdown,
``html_*`` for the few hand-built HTML fragments).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .escape import html_attr, html_text, md_cell, md_paragraphs, md_text
from .gitinfo import change_for
from .links import DOCUMENTS, Links, coord_url, risk_anchor, role_url
from .mermaid import role_short


@dataclass
class Ctx:
    """What every page renderer needs: the model, the report, the indexes, git history."""

    manual: object
    report: object
    index: object
    changes: dict = field(default_factory=dict)
    completeness: object = None     # checks.completeness.Completeness (badges)
    changelog: object = None        # checks.reports.changelog.ChangeLog of this build (versions, drafts)
    control: object = None          # macros.control.DocumentControl: version, date, draft


def role_link(ctx: Ctx, role_id: str, links: Links, long: bool = False) -> str:
    """A role by its short (or ``long``) name, linked to its page; in print mode the
    identifier the manual records, as text."""
    role = ctx.manual.roles.get(role_id)
    if role is None or links.print_mode:
        return md_text(role_id)
    text = md_text(role.name if long else role_short(role_id, ctx.manual))
    return links.to(text, role_url(role_id))


def roles_cell(ctx: Ctx, roles, links: Links) -> str:
    return links.list_cell([role_link(ctx, r, links) for r in (roles or ()) if str(r).strip()])


def doc_link(ctx: Ctx, name: str, links: Links) -> str:
    entry = ctx.index.document_for(name)
    if entry is None:                       # a placeholder such as «N/A»: shown, not linked
        return md_text(name)
    return links.to(md_text(name), f"{DOCUMENTS}#{entry.anchor}")


def docs_cell(ctx: Ctx, names, links: Links) -> str:
    return links.list_cell([doc_link(ctx, n, links) for n in (names or ()) if n is not None and str(n).strip()])


def paragraphs(items) -> str:
    return "\n\n".join(md_paragraphs(p) for p in items or () if p)


def admonition(kind: str, title: str, body: str) -> str:
    """``title`` is generated text (never YAML); ``body`` is escaped Markdown."""
    indented = "\n".join(("    " + line) if line.strip() else "" for line in body.splitlines())
    return f'!!! {kind} "{title}"\n\n{indented}\n'


def gaps_block(gaps, title: str = "Lo que el manual no dice") -> str:
    if not gaps:
        return ""
    body = "\n".join(f"- {md_text(g)}" for g in gaps)
    return admonition("info", title, body)


def numbered_list(items, text=lambda item: item.text) -> str:
    """Bullets of the manual's numbered items (duties, systems): «- 3. text»."""
    return "\n".join(f"- {(md_text(i.number) + '. ') if i.number else ''}{md_text(text(i))}" for i in items)


def coordination_intro(coord, heading: str) -> list[str]:
    """Introduction, objective and operating rules of a coordination (page and print
    version); ``heading``: the Markdown heading marks of its sections («##», «###»)."""
    parts = []
    if coord.introduction:
        parts.append(paragraphs(coord.introduction))
    if coord.objective:
        parts.append(f"{heading} Objetivo\n\n" + md_paragraphs(coord.objective))
    if coord.rules:
        parts.append(f"{heading} Reglas de operación\n\n" + "\n".join(f"1. {md_text(r)}" for r in coord.rules))
    return parts


def closing(ctx: Ctx, node) -> list[str]:
    """The end of a procedure or coordination page: its history and what the manual omits."""
    gaps = gaps_block(node.gaps)
    return ["## Historial\n\n" + history_text(ctx, node)] + ([gaps] if gaps else [])


def mermaid_block(source: str) -> str:
    """A Mermaid fence kept out of the search index."""
    return f'<div class="flujograma" data-search-exclude markdown>\n\n```mermaid\n{source}\n```\n\n</div>'


def short_name(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- activity table (procedure page and print version) ------------------------------------

def activity_table(ctx: Ctx, proc, links: Links) -> str:
    """The manual's activity table. On the site each row is a link target, responsibles and
    documents link to their pages and notes are shown; in the print version (``links`` in
    print mode) the cells are the manual's text, without links that would be dead on paper."""
    rows = ["| Cvo. | Acción | Responsable(s) | Insumos | Salida(s) |",
            "| ---: | --- | --- | --- | --- |"]
    for step in proc.steps:
        action = md_cell(step.action)
        if step.decision:
            options = "; ".join(f"{md_text(o.label)} → paso {o.target}" for o in step.decision.options)
            action += f"<br>**{md_text(step.decision.question)}** {options}"
        if step.note and not links.print_mode:
            action += f"<br><small>Nota: {md_text(step.note)}</small>"
        rows.append(f"| {links.step_target(step.cvo)}{step.cvo} | {action} | "
                    f"{roles_cell(ctx, step.responsibles, links)} | "
                    f"{docs_cell(ctx, step.inputs, links)} | {docs_cell(ctx, step.outputs, links)} |")
    return "\n".join(rows)


def procedures_table(ctx: Ctx, procs, links: Links) -> str:
    rows = ["| Procedimiento | Nombre | Pasos | Estado |", "| --- | --- | ---: | --- |"]
    for p in procs:
        rows.append(f"| {links.proc(md_text(p.id), p.id)} | {md_cell(p.name)} | "
                    f"{len(p.steps)} | {status_badge(ctx, p.id)} |")
    return "\n".join(rows)


# --- compliance badge and findings --------------------------------------------------------

def findings_for(ctx: Ctx, subject: str) -> list:
    return ctx.index.findings.get(subject, [])


def score_of(ctx: Ctx, subject: str):
    """Completeness score (``checks.completeness``) of a procedure or coordination."""
    result = ctx.completeness
    if result is None:
        return None
    return result.procedures.get(subject) or result.coordinations.get(subject)


def status_badge(ctx: Ctx, subject: str) -> str:
    """Completeness badge of a procedure or coordination: the completeness score of
    :mod:`checks.completeness` (criteria met / total) and, in its tooltip, the number of
    findings of the compliance report about ``subject`` and how many are excepted."""
    problems = findings_for(ctx, subject)
    total = len(problems)
    excepted = sum(1 for p in problems if p.excepted)
    if total == 0:
        findings = "sin hallazgos"
    else:
        findings = (f"{total} {'hallazgo' if total == 1 else 'hallazgos'} "
                    f"({excepted} exceptuado{'' if excepted == 1 else 's'})")
    score = score_of(ctx, subject)
    if score is None:
        text, css, tip = findings, ("ok" if total == 0 else
                                    "exceptuado" if excepted == total else "aviso"), findings
    else:
        pct = score.percent
        text = f"{pct:g} % completo"
        css = "ok" if pct >= 90 else ("aviso" if pct >= 60 else "bajo")
        tip = f"Cumple {score.met} de {score.total} criterios de completitud; {findings}"
    return f'<span class="insignia insignia--{css}" title="{html_attr(tip)}">{html_text(text)}</span>'


def findings_table(problems) -> str:
    rows = ["| Regla | Nivel | Posición | Hallazgo | Excepción |", "| --- | --- | --- | --- | --- |"]
    for p in problems:
        loc = p.location
        file_name = loc.file.rsplit("/", 1)[-1]
        position = f'<span class="posicion">{md_cell(f"{file_name}:{loc.line}")}</span>'
        if p.exception is not None:
            exc = p.exception
            excepted = f"Exceptuado hasta {md_text(exc.expires)}: {md_text(exc.reason)}"
        else:
            excepted = "—"
        rows.append(f"| {md_cell(p.rule)} | {md_cell(p.severity.label)} | {position} | "
                    f"{md_cell(p.message)} | {excepted} |")
    return "\n".join(rows)


def compliance_section(ctx: Ctx, subject: str) -> str:
    problems = findings_for(ctx, subject)
    parts = [status_badge(ctx, subject)]
    score = score_of(ctx, subject)
    missing = getattr(score, "missing", None)
    if score is not None:
        parts[0] += f" Cumple {score.met} de {score.total} criterios de completitud."
    if missing:
        items = []
        for c in missing:
            where = f"paso {c.step}: " if c.step is not None else ""
            items.append(f"{where}{md_text(c.label)}")
        parts.append("**Falta:** " + "; ".join(items) + ".")
    if not problems:
        parts.append("El motor de cumplimiento no encontró nada que observar.")
    else:
        parts.append(findings_table(problems))
    return "\n\n".join(parts)


def history_text(ctx: Ctx, node) -> str:
    change = change_for(ctx.changes, node.file) if ctx.changes else None
    if change is None:
        return "Sin historial: el archivo no está en el historial de git."
    text = f"Último cambio: **{md_text(change.date)}** (`{md_text(change.commit)}`: {md_text(change.subject)})"
    if change.dirty:
        text += " — con cambios aún sin confirmar."
    return text


# --- risks ------------------------------------------------------------------------------

SCALE = {1: "Bajo (1)", 2: "Medio (2)", 3: "Alto (3)"}
TREATMENT = {"evitar": "Evitar", "reducir": "Reducir", "compartir": "Compartir",
             "transferir": "Transferir", "asumir": "Asumir"}


def scale(value, labelled: bool = True) -> str:
    """A probability, impact or level: «Medio (2)» (``labelled``) or «2»; «—» if unknown."""
    if value is None:
        return "—"
    return SCALE.get(value, "—") if labelled else str(value)


def level_class(level) -> str:
    if not level:
        return "nd"
    return "bajo" if level <= 2 else ("medio" if level <= 4 else "alto")


def level_text(probability, impact, level) -> str:
    """NR as the manual records it; computed as P × I when the manual leaves it blank."""
    if level is not None:
        text = str(level)
        if probability and impact and probability * impact != level:
            text += f" ⚠ (P × I = {probability * impact})"
        return text
    if probability and impact:
        return f"{probability * impact} (calculado)"
    return "—"


def owner_link(ctx: Ctx, risk, links: Links) -> str:
    owner = risk.owner
    if owner in ctx.manual.procedures:
        return links.proc(md_text(owner), owner)
    if owner in ctx.manual.coordinations:
        return links.to(md_text(owner), coord_url(owner)) + " (general)"
    return md_text(owner)


def risk_table(ctx: Ctx, risks, links: Links, with_owner: bool = True) -> str:
    head = ["Riesgo"] + (["Pertenece a"] if with_owner else []) + [
        "Probabilidad", "Impacto", "NR = P × I", "Tratamiento", "Acciones", "Fecha de inicio",
        "Revaloración P", "Revaloración I", "Revaloración NR"]
    rows = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in risks:
        ident = f'<span id="{html_attr(risk_anchor(r.id))}"></span>**{md_text(r.id)}**'
        if r.label:
            ident += f" {md_text(r.label)}"
        if r.description:
            ident += f"<br>{md_text(r.description)}"
        re_ = r.reassessment
        cells = [ident] + ([owner_link(ctx, r, links)] if with_owner else []) + [
            scale(r.probability), scale(r.impact), level_text(r.probability, r.impact, r.level),
            (", ".join(TREATMENT.get(t, md_text(t)) for t in r.treatment) or "—") if r.treatment_known
            else "ilegible en el manual",
            md_cell(r.actions) if r.actions else "—",
            md_cell(r.start_date) if r.start_date else "—",
            scale(re_.probability) if re_ else "—", scale(re_.impact) if re_ else "—",
            level_text(re_.probability, re_.impact, re_.level) if re_ else "—"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def risk_gaps(risks) -> str:
    items = []
    for r in risks:
        for g in r.gaps:
            items.append(f"- **{md_text(r.id)}:** {md_text(g)}")
    if not items:
        return ""
    return admonition("info", "Lo que la matriz de riesgos no deja leer", "\n".join(items))


def heat_map(risks) -> str:
    """Two 3×3 grids (probability rows × impact columns), inherent and residual, as plain
    HTML: each cell coloured by its level (P × I) and listing the risks placed there.
    Risks without probability or impact are listed under the grids."""
    def grid(title: str, placed: dict, css: str) -> str:
        out = [f'<table class="mapa-calor {css}"><caption>{html_text(title)}</caption>',
               '<thead><tr><th scope="col" title="Probabilidad (filas) × impacto (columnas)">'
               'Probabilidad ↓<br>Impacto →</th>']
        out += [f'<th scope="col">{html_text(SCALE[i])}</th>' for i in (1, 2, 3)]
        out.append("</tr></thead><tbody>")
        for p in (3, 2, 1):
            out.append(f'<tr><th scope="row">{html_text(SCALE[p])}</th>')
            for i in (1, 2, 3):
                ids = placed.get((p, i), [])
                cell = " ".join(f'<a class="mapa-calor__riesgo" href="#{html_attr(risk_anchor(rid))}">'
                                f'{html_text(rid)}</a>' for rid in ids)
                out.append(f'<td class="nivel--{level_class(p * i)}" title="NR = {p * i}">'
                           f'<span class="mapa-calor__nr">NR {p * i} · {level_class(p * i)}</span>{cell}</td>')
            out.append("</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    inherent: dict = {}
    residual: dict = {}
    missing_inherent, missing_residual = [], []
    for r in risks:
        if r.probability in (1, 2, 3) and r.impact in (1, 2, 3):
            inherent.setdefault((r.probability, r.impact), []).append(r.id)
        else:
            missing_inherent.append(r.id)
        re_ = r.reassessment
        if re_ and re_.probability in (1, 2, 3) and re_.impact in (1, 2, 3):
            residual.setdefault((re_.probability, re_.impact), []).append(r.id)
        else:
            missing_residual.append(r.id)
    html = ('<div class="mapas-calor">' + grid("Riesgo inherente (análisis)", inherent, "inherente")
            + grid("Riesgo residual (revaloración)", residual, "residual") + "</div>")
    notes = []
    if missing_inherent:
        notes.append("Sin ubicar en el riesgo inherente (datos incompletos): " + ", ".join(
            md_text(x) for x in missing_inherent) + ".")
    if missing_residual:
        notes.append("Sin ubicar en la revaloración (datos incompletos): " + ", ".join(
            md_text(x) for x in missing_residual) + ".")
    return html + ("\n\n" + "\n\n".join(notes) if notes else "")


def risks_section(ctx: Ctx, risks, links: Links, with_owner: bool = True, with_map: bool = True) -> str:
    if not risks:
        return "El manual no registra riesgos aquí."
    parts = []
    if with_map:
        parts.append(heat_map(risks))
    parts.append(risk_table(ctx, risks, links, with_owner))
    gaps = risk_gaps(risks)
    if gaps:
        parts.append(gaps)
    return "\n\n".join(parts)
