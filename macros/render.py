"""Pure functions: validated model -> Markdown for the home, coordination and procedure
pages, plus the helpers every page module shares (URLs, links, badges, tables).

No I/O; every YAML string goes through :mod:`macros.escape` (``md_*`` for Markdown,
``html_*`` for the few hand-built HTML fragments, ``mermaid_label`` inside diagrams).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .escape import html_attr, html_text, md_cell, md_paragraphs, md_text
from .gitinfo import change_for
from .mermaid import flowchart, lane_name, role_short

# --- page addresses (src paths, relative to docs/) -------------------------------------

HOME = "index.md"
ROLES_INDEX = "roles/index.md"
MATRIX = "consulta/matriz-roles.md"
RISKS = "consulta/riesgos.md"
DOCUMENTS = "consulta/documentos.md"
GLOSSARY = "consulta/glosario.md"
NORMS = "manual/marco-normativo.md"
STRUCTURE = "manual/estructura.md"


def proc_url(proc_id: str) -> str:
    return f"procedimientos/{proc_id}.md"


def coord_url(coord_id: str) -> str:
    return f"coordinaciones/{coord_id}.md"


def role_url(role_id: str) -> str:
    return f"roles/{role_id}.md"


def step_anchor(cvo) -> str:
    return f"paso-{cvo}"


def risk_anchor(risk_id: str) -> str:
    return f"riesgo-{risk_id}"


def norm_anchor(norm_id: str) -> str:
    return f"norma-{norm_id}"


def rel(target: str, here: str) -> str:
    """Relative URL (to the ``.md`` source, which MkDocs rewrites) from page ``here``."""
    return "../" * here.count("/") + target


def link(text: str, target: str, here: str) -> str:
    """Markdown link; ``text`` must already be escaped Markdown."""
    return f"[{text}]({rel(target, here)})"


# --- build context ----------------------------------------------------------------------

@dataclass
class Ctx:
    """What every page renderer needs: the model, the report, the indexes, git history."""

    manual: object
    report: object
    index: object
    changes: dict = field(default_factory=dict)
    completeness: object = None     # checks.completeness.Completeness (badges)


def role_link(ctx: Ctx, role_id: str, here: str, long: bool = False) -> str:
    role = ctx.manual.roles.get(role_id)
    if role is None:
        return md_text(role_id)
    text = md_text(role.name if long else role_short(role_id, ctx.manual))
    return link(text, role_url(role_id), here)


def bullets(items: list[str]) -> str:
    """Several values in one table cell: one per line, with a bullet when there are two or more."""
    if not items:
        return "—"
    return items[0] if len(items) == 1 else "<br>".join("• " + i for i in items)


def roles_cell(ctx: Ctx, roles, here: str) -> str:
    return bullets([role_link(ctx, r, here) for r in (roles or ()) if str(r).strip()])


def doc_link(ctx: Ctx, name: str, here: str) -> str:
    entry = ctx.index.document_for(name)
    if entry is None:                       # a placeholder such as «N/A»: shown, not linked
        return md_text(name)
    return link(md_text(name), f"{DOCUMENTS}#{entry.anchor}", here)


def docs_cell(ctx: Ctx, names, here: str) -> str:
    return bullets([doc_link(ctx, n, here) for n in (names or ()) if n is not None and str(n).strip()])


def step_ref_link(ref, here: str, with_name: bool = False) -> str:
    text = f"{md_text(ref.proc.id)} paso {ref.step.cvo}"
    if with_name:
        text += f" — {md_text(ref.step.action)}"
    return link(text, f"{proc_url(ref.proc.id)}#{step_anchor(ref.step.cvo)}", here)


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


# --- compliance badge -------------------------------------------------------------------

def findings_for(ctx: Ctx, subject: str) -> list:
    return ctx.index.findings.get(subject, [])


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


def score_of(ctx: Ctx, subject: str):
    """Completeness score (``checks.completeness``) of a procedure or coordination."""
    result = ctx.completeness
    if result is None:
        return None
    return result.procedures.get(subject) or result.coordinations.get(subject)


# --- risks ------------------------------------------------------------------------------

SCALE = {1: "Bajo (1)", 2: "Medio (2)", 3: "Alto (3)"}
TREATMENT = {"evitar": "Evitar", "reducir": "Reducir", "compartir": "Compartir",
             "transferir": "Transferir", "asumir": "Asumir"}


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


def _scale(value) -> str:
    return SCALE.get(value, "—") if value is not None else "—"


def owner_link(ctx: Ctx, risk, here: str) -> str:
    owner = risk.owner
    if owner in ctx.manual.procedures:
        return link(md_text(owner), proc_url(owner), here)
    if owner in ctx.manual.coordinations:
        return link(md_text(owner), coord_url(owner), here) + " (general)"
    return md_text(owner)


def risk_table(ctx: Ctx, risks, here: str, with_owner: bool = True) -> str:
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
        cells = [ident] + ([owner_link(ctx, r, here)] if with_owner else []) + [
            _scale(r.probability), _scale(r.impact), level_text(r.probability, r.impact, r.level),
            (", ".join(TREATMENT.get(t, md_text(t)) for t in r.treatment) or "—") if r.treatment_known
            else "ilegible en el manual",
            md_cell(r.actions) if r.actions else "—",
            md_cell(r.start_date) if r.start_date else "—",
            _scale(re_.probability) if re_ else "—", _scale(re_.impact) if re_ else "—",
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


def heat_map(risks, here_anchor: bool = True) -> str:
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


def risks_section(ctx: Ctx, risks, here: str, with_owner: bool = True, with_map: bool = True) -> str:
    if not risks:
        return "El manual no registra riesgos aquí."
    parts = []
    if with_map:
        parts.append(heat_map(risks))
    parts.append(risk_table(ctx, risks, here, with_owner))
    gaps = risk_gaps(risks)
    if gaps:
        parts.append(gaps)
    return "\n\n".join(parts)


# --- procedure page ---------------------------------------------------------------------

def activity_table(ctx: Ctx, proc, here: str) -> str:
    rows = ["| Cvo. | Acción | Responsable(s) | Insumos | Salida(s) |",
            "| ---: | --- | --- | --- | --- |"]
    for step in proc.steps:
        action = md_cell(step.action)
        if step.decision:
            options = "; ".join(f"{md_text(o.label)} → paso {o.target}" for o in step.decision.options)
            action += f"<br>**{md_text(step.decision.question)}** {options}"
        if step.note:
            action += f"<br><small>Nota: {md_text(step.note)}</small>"
        anchor = f'<span id="{step_anchor(step.cvo)}"></span>{step.cvo}'
        rows.append(f"| {anchor} | {action} | {roles_cell(ctx, step.responsibles, here)} | "
                    f"{docs_cell(ctx, step.inputs, here)} | {docs_cell(ctx, step.outputs, here)} |")
    return "\n".join(rows)


def step_role_matrix(ctx: Ctx, proc, here: str) -> str:
    roles = proc.roles
    if not roles:
        return "Ningún paso tiene responsable."
    head = "| Paso | " + " | ".join(role_link(ctx, r, here) for r in roles) + " |"
    rows = [head, "| ---: |" + " :---: |" * len(roles)]
    for step in proc.steps:
        mine = set(step.real_responsibles)
        shared = len(mine) > 1
        marks = [("◆" if shared else "●") if r in mine else "" for r in roles]
        rows.append(f"| {link(str(step.cvo), f'{proc_url(proc.id)}#{step_anchor(step.cvo)}', here)} | "
                    + " | ".join(marks) + " |")
    return "\n".join(rows) + "\n\n● responsable único · ◆ responsabilidad compartida"


def mermaid_block(source: str) -> str:
    """A Mermaid fence kept out of the search index."""
    return f'<div class="flujograma" data-search-exclude markdown>\n\n```mermaid\n{source}\n```\n\n</div>'


def lanes_legend(ctx: Ctx, proc, here: str) -> str:
    """Names used in the lanes of the diagram, with the full name of each role."""
    items = []
    for role_id in proc.roles:
        role = ctx.manual.roles.get(role_id)
        full = link(md_text(role.name), role_url(role_id), here) if role else md_text(role_id)
        items.append(f"**{md_text(lane_name(role_id, ctx.manual))}**: {full}")
    return ("<small>Carriles: " + "; ".join(items) + ".</small>") if items else ""


def manual_flow_text(ctx: Ctx, proc, here: str) -> str:
    flow = proc.flowchart
    if not flow:
        return ""
    parts = ["### El flujograma del manual, en texto",
             "Así describe el manual el flujograma de este procedimiento (por carril):"]
    for lane in flow.lanes:
        title = md_text(lane.title) if lane.title else role_link(ctx, lane.role, here, long=True)
        items = "\n".join(f"    1. {md_text(a)}" for a in lane.activities)
        parts.append(f"- **{title}**\n\n{items}")
    if flow.documents:
        parts.append("Documentos involucrados: " + ", ".join(md_text(d) for d in flow.documents) + ".")
    if flow.note:
        parts.append(md_paragraphs(flow.note))
    return "\n\n".join(parts)


def documents_section(ctx: Ctx, proc, here: str) -> str:
    consumed: dict[str, None] = {}
    produced: dict[str, None] = {}
    for step in proc.steps:
        consumed.update(dict.fromkeys(step.real_inputs))
        produced.update(dict.fromkeys(step.real_outputs))
    parts = []
    if consumed:
        parts.append("**Usa (insumos):** " + ", ".join(doc_link(ctx, d, here) for d in consumed) + ".")
    else:
        parts.append("**Usa (insumos):** ninguno registrado.")
    if produced:
        parts.append("**Produce (salidas):** " + ", ".join(doc_link(ctx, d, here) for d in produced) + ".")
    else:
        parts.append("**Produce (salidas):** ninguna registrada.")
    if proc.external_documents:
        parts.append("**Recibe de fuera del procedimiento:** "
                     + ", ".join(doc_link(ctx, d, here) for d in proc.external_documents) + ".")
    return "\n\n".join(parts)


def findings_table(ctx: Ctx, problems, here: str) -> str:
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


def compliance_section(ctx: Ctx, subject: str, here: str) -> str:
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
        parts.append(findings_table(ctx, problems, here))
    return "\n\n".join(parts)


def history_text(ctx: Ctx, node) -> str:
    change = change_for(ctx.changes, node.file) if ctx.changes else None
    if change is None:
        return "Sin historial: el archivo no está en el historial de git."
    text = f"Último cambio: **{md_text(change.date)}** (`{md_text(change.commit)}`: {md_text(change.subject)})"
    if change.dirty:
        text += " — con cambios aún sin confirmar."
    return text


def procedure_page(ctx: Ctx, proc) -> str:
    manual = ctx.manual
    here = proc_url(proc.id)
    coord = manual.coordinations.get(proc.area)
    parts = [f"# {md_text(proc.id)} · {md_text(proc.name)}"]
    meta = []
    if coord:
        meta.append(f"**Coordinación:** {link(md_text(coord.name), coord_url(coord.id), here)}")
    if proc.section:
        meta.append(f"**Apartado:** {md_text(proc.section)}")
    meta.append(f"**Pasos:** {len(proc.steps)}")
    meta.append(status_badge(ctx, proc.id))
    parts.append(" · ".join(meta))
    sections = [("Actividades", "actividades"), ("Flujograma", "flujograma"), ("Quién hace qué", "quien-hace-que"),
                ("Documentos", "documentos"), ("Riesgos", "riesgos"), ("Cumplimiento", "estado-de-cumplimiento"),
                ("Historial", "historial")]
    parts.append('<nav class="en-esta-pagina" aria-label="En esta página">En esta página: '
                 + " · ".join(f'<a href="#{a}">{t}</a>' for t, a in sections) + "</nav>")
    parts.append("## Descripción\n\n" + (md_paragraphs(proc.description) if proc.description.strip()
                                          else "El manual no trae descripción de este procedimiento."))
    if proc.objective:
        parts.append("## Objetivo\n\n" + md_paragraphs(proc.objective))
    if proc.norms:
        items = []
        for nid in proc.norms:
            norm = manual.norms.get(nid)
            text = md_text(norm.abbreviation or norm.name) if norm else md_text(nid)
            items.append(link(text, f"{NORMS}#{norm_anchor(nid)}", here))
        parts.append("**Normativa:** " + ", ".join(items) + ".")
    parts.append("## Actividades\n\n" + activity_table(ctx, proc, here))
    parts.append("## Flujograma\n\nUn carril por responsable; los pasos compartidos van en un carril "
                 "común con borde discontinuo.\n\n" + mermaid_block(flowchart(proc, manual))
                 + "\n\n" + lanes_legend(ctx, proc, here))
    flow_text = manual_flow_text(ctx, proc, here)
    if flow_text:
        parts.append(flow_text)
    parts.append("## Quién hace qué\n\n" + step_role_matrix(ctx, proc, here))
    parts.append("## Documentos\n\n" + documents_section(ctx, proc, here))
    parts.append("## Riesgos\n\n" + (risks_section(ctx, proc.risks, here, with_owner=False, with_map=False)
                                     if proc.risks else "El manual no asigna riesgos a este procedimiento."))
    parts.append("## Estado de cumplimiento\n\n" + compliance_section(ctx, proc.id, here))
    parts.append("## Historial\n\n" + history_text(ctx, proc))
    gaps = gaps_block(proc.gaps)
    if gaps:
        parts.append(gaps)
    return "\n\n".join(parts) + "\n"


# --- coordination page ------------------------------------------------------------------

def procedures_table(ctx: Ctx, procs, here: str) -> str:
    rows = ["| Procedimiento | Nombre | Pasos | Estado |", "| --- | --- | ---: | --- |"]
    for p in procs:
        rows.append(f"| {link(md_text(p.id), proc_url(p.id), here)} | {md_cell(p.name)} | "
                    f"{len(p.steps)} | {status_badge(ctx, p.id)} |")
    return "\n".join(rows)


def coordination_page(ctx: Ctx, coord) -> str:
    manual = ctx.manual
    here = coord_url(coord.id)
    parts = [f"# {md_text(coord.name)}"]
    meta = []
    if coord.number:
        meta.append(f"**Apartado:** {md_text(coord.number)}")
    if coord.role:
        meta.append(f"**La encabeza:** {role_link(ctx, coord.role, here, long=True)}")
    meta.append(status_badge(ctx, coord.id))
    parts.append(" · ".join(meta))
    if coord.introduction:
        parts.append(paragraphs(coord.introduction))
    if coord.objective:
        parts.append("## Objetivo\n\n" + md_paragraphs(coord.objective))
    if coord.rules:
        parts.append("## Reglas de operación\n\n" + "\n".join(f"1. {md_text(r)}" for r in coord.rules))
    if coord.duties:
        block = ["## Roles y responsabilidades"]
        for duty in coord.duties:
            title = md_text(duty.title) if duty.title else md_text(manual.role_name(duty.role))
            block.append(f"### {title}\n\n{role_link(ctx, duty.role, here)} · "
                         f"{link('¿Qué le toca en los procedimientos?', role_url(duty.role), here)}")
            block.append("\n".join(f"- {(md_text(d.number) + '. ') if d.number else ''}{md_text(d.text)}"
                                   for d in duty.duties))
        parts.append("\n\n".join(block))
    if coord.systems:
        parts.append("## Sistemas de información y herramientas tecnológicas\n\n" + "\n".join(
            f"- {(md_text(s.number) + '. ') if s.number else ''}{md_text(s.name)}" for s in coord.systems))
    procs = manual.procedures_of(coord.id)
    parts.append("## Procedimientos\n\n" + (procedures_table(ctx, procs, here) if procs
                                            else "Esta coordinación aún no tiene procedimientos."))
    risks = list(coord.risks) + [r for p in procs for r in p.risks]
    parts.append("## Matriz de riesgos\n\n" + risks_section(ctx, risks, here))
    if findings_for(ctx, coord.id):
        parts.append("## Estado de cumplimiento\n\n" + compliance_section(ctx, coord.id, here))
    parts.append("## Historial\n\n" + history_text(ctx, coord))
    gaps = gaps_block(coord.gaps)
    if gaps:
        parts.append(gaps)
    return "\n\n".join(parts) + "\n"


# --- home -------------------------------------------------------------------------------

def home_page(ctx: Ctx) -> str:
    manual = ctx.manual
    info = manual.info
    here = HOME
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
        f"{link('Elija su puesto o área', ROLES_INDEX, here)} y vea todos los pasos que le tocan, "
        "en orden, con sus insumos y salidas."))
    parts.append("## Coordinaciones y procedimientos")
    for coord in manual.coordinations.values():
        procs = manual.procedures_of(coord.id)
        block = f"### {link(md_text(coord.name), coord_url(coord.id), here)}\n\n"
        if coord.objective:
            block += f"*Objetivo:* {md_text(coord.objective)}\n\n"
        block += procedures_table(ctx, procs, here) if procs else "Sin procedimientos todavía."
        parts.append(block)
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        parts.append("### Sin coordinación\n\n" + procedures_table(ctx, orphans, here))
    parts.append("## Consulta\n\n" + "\n".join([
        f"- {link('Matriz de roles', MATRIX, here)}: quién participa en qué procedimiento.",
        f"- {link('Riesgos', RISKS, here)}: matriz y mapa de calor de todo el manual.",
        f"- {link('Documentos', DOCUMENTS, here)}: qué pasos producen y usan cada documento.",
        f"- {link('Glosario', GLOSSARY, here)} y {link('marco normativo', NORMS, here)}.",
        f"- {link('Versión para imprimir', 'imprimir.md', here)} (y su PDF) y "
        f"{link('Descargas', 'descargas/index.md', here)}: actividades, matrices y hallazgos en XLSX y CSV, "
        "el manual en JSON.",
    ]))
    return "\n\n".join(parts) + "\n"
