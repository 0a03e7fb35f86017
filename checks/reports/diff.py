"""What a change does to the manual, in Spanish, for reviewers who do not read YAML
(``python -m checks diff BASE [HEAD]``).

Both sides are read with the project loader: ``BASE`` (and ``HEAD`` when given) from git
(:mod:`checks.reports.gitrev`), ``HEAD`` by default from the working tree. The output lists, per
procedure, the steps added, removed, renumbered or changed (responsible parties, inputs,
outputs, decisions), risk changes, catalogue and exception changes, the completeness
delta, the findings the change introduces, and the roles to notify ("Avisar a: …").

Steps are matched first by their action text (ignoring case, accents and spacing), then
by number; a matched step whose number changed is "renumbered".
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field

from checks.completeness import completeness
from checks.engine import Report, check
from checks.model import fold
from checks.problem import Location, Problem

from . import formatters
from .gitrev import tree_at
from .markdown import md


class Line(str):
    """One line of a change description. A plain string for every output, that also knows
    what it is about (``procedure`` id, and ``step`` number in the newer version when the line
    is about a step that still exists) so that pages can link it to that step."""

    procedure: str | None
    step: int | None

    def __new__(cls, text: str, procedure: str | None = None, step: int | None = None):
        line = super().__new__(cls, text)
        line.procedure = procedure
        line.step = step
        return line


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Diff:
    base_label: str
    head_label: str
    sections: list[Section] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    completeness: list[str] = field(default_factory=list)
    new_findings: list[Problem] = field(default_factory=list)
    fixed_findings: list[Problem] = field(default_factory=list)
    manual: object = None

    @property
    def empty(self) -> bool:
        return not self.sections


def _short(text, limit: int = 90) -> str:
    """``text`` on one line, cut to ``limit`` characters at a word boundary (with «…»)."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _items(values) -> str:
    values = [v for v in (values or ()) if v is not None and str(v).strip()]
    return ", ".join(str(v) for v in values) if values else "(nada)"


def _list_change(label: str, old, new) -> str | None:
    old, new = tuple(old or ()), tuple(new or ())
    if old == new:
        return None
    gone = [v for v in old if v not in new]
    added = [v for v in new if v not in old]
    if not gone and not added:
        return f"{label}: cambia el orden ({_items(old)} → {_items(new)})"
    parts = []
    if added:
        parts.append("se agrega " + _items(added))
    if gone:
        parts.append("se quita " + _items(gone))
    return f"{label}: " + "; ".join(parts) + f" (ahora: {_items(new)})"


def _decision_text(decision) -> str:
    if decision is None:
        return "sin decisión"
    options = ", ".join(f"«{o.label}» → paso {o.target}" for o in decision.options)
    return f"«{_short(decision.question, 60)}» ({options})"


def match_steps(base_steps, head_steps) -> tuple[list[tuple], list, list]:
    """``(pairs, removed, added)``: pairs of (base, head) steps judged to be the same step."""
    pairs: list[tuple] = []
    free_base = list(base_steps)
    unmatched_head = []
    for step in head_steps:
        key = fold(step.action)
        found = next((b for b in free_base if fold(b.action) == key), None)
        if found is not None:
            free_base.remove(found)
            pairs.append((found, step))
        else:
            unmatched_head.append(step)
    added = []
    for step in unmatched_head:
        found = next((b for b in free_base if b.cvo == step.cvo), None)
        if found is not None:
            free_base.remove(found)
            pairs.append((found, step))
        else:
            added.append(step)
    pairs.sort(key=lambda pair: pair[1].cvo)
    return pairs, free_base, added


def _step_label(step) -> str:
    return f"Paso {step.cvo} «{_short(step.action, 70)}»"


def _procedure_changes(old, new, base_manual, head_manual, roles: set[str]) -> list[str]:
    lines: list[str] = []
    head_coord = head_manual.coordinations.get(new.area)

    def notify_coordination():
        for manual, proc in ((base_manual, old), (head_manual, new)):
            coord = manual.coordinations.get(proc.area)
            if coord and coord.role:
                roles.add(coord.role)

    for label, a, b in (("nombre", old.name, new.name), ("objetivo", old.objective, new.objective),
                        ("descripción", old.description, new.description),
                        ("vigencia", old.review_date, new.review_date)):
        if (a or "") != (b or ""):
            lines.append(f"Cambia {label}: «{_short(a, 60) or '(vacío)'}» → «{_short(b, 60) or '(vacío)'}»")
            notify_coordination()
    if old.area != new.area:
        lines.append(f"Cambia de coordinación: {old.area} → {new.area}"
                     + (f" ({head_coord.name})" if head_coord else ""))
        notify_coordination()
    for label, a, b in (("Normativa", old.norms, new.norms),
                        ("Documentos externos", old.external_documents, new.external_documents)):
        text = _list_change(label, a, b)
        if text:
            lines.append(text)
            notify_coordination()
    if bool(old.flowchart) != bool(new.flowchart):
        lines.append("Se agrega el flujograma" if new.flowchart else "Se quita el flujograma")
        notify_coordination()

    pairs, removed, added = match_steps(old.steps, new.steps)
    renumbered = []
    for a, b in pairs:
        changes = []
        if fold(a.action) != fold(b.action):
            changes.append(f"acción: «{_short(a.action, 70)}» → «{_short(b.action, 70)}»")
        for label, x, y in (("responsables", a.responsibles, b.responsibles),
                            ("insumos", a.inputs, b.inputs), ("salidas", a.outputs, b.outputs)):
            text = _list_change(label, x, y)
            if text:
                changes.append(text)
        if _decision_text(a.decision) != _decision_text(b.decision):
            changes.append(f"decisión: {_decision_text(a.decision)} → {_decision_text(b.decision)}")
        if a.cvo != b.cvo:
            renumbered.append(f"{a.cvo} → {b.cvo}")
        if changes:
            lines.append(Line(f"{_step_label(b)}: " + "; ".join(changes), new.id, b.cvo))
        if changes or a.cvo != b.cvo:
            roles.update(a.real_responsibles)
            roles.update(b.real_responsibles)
    for step in added:
        lines.append(Line(f"Paso nuevo {step.cvo} «{_short(step.action, 70)}» "
                          f"(responsables: {_items(step.responsibles)}; insumos: {_items(step.inputs)}; "
                          f"salidas: {_items(step.outputs)})", new.id, step.cvo))
        roles.update(step.real_responsibles)
    for step in removed:
        lines.append(f"Se elimina el paso {step.cvo} «{_short(step.action, 70)}» "
                     f"(responsables: {_items(step.responsibles)})")
        roles.update(step.real_responsibles)
    if renumbered:
        lines.append("Pasos renumerados: " + ", ".join(renumbered))
    lines.extend(_risk_changes(old.risks, new.risks, roles, notify_coordination))
    return [line if isinstance(line, Line) else Line(line, new.id) for line in lines]


def _risk_changes(old_risks, new_risks, roles, notify) -> list[str]:
    lines = []
    old_by_id = {r.id: r for r in old_risks}
    new_by_id = {r.id: r for r in new_risks}
    for rid, risk in new_by_id.items():
        if rid not in old_by_id:
            lines.append(f"Riesgo nuevo {rid} «{_short(risk.title, 60)}» (probabilidad {risk.probability}, "
                         f"impacto {risk.impact}, nivel {risk.level})")
            notify()
            continue
        before = old_by_id[rid]
        changes = []
        for label, a, b in (("descripción", before.description, risk.description),
                            ("probabilidad", before.probability, risk.probability),
                            ("impacto", before.impact, risk.impact), ("nivel", before.level, risk.level),
                            ("acciones", before.actions, risk.actions)):
            if a != b:
                shown_a = _short(a, 50) if isinstance(a, str) else a
                shown_b = _short(b, 50) if isinstance(b, str) else b
                changes.append(f"{label} {shown_a} → {shown_b}")
        text = _list_change("tratamiento", before.treatment, risk.treatment)
        if text:
            changes.append(text)
        ra, rb = before.reassessment, risk.reassessment
        key = (lambda r: None if r is None else (r.probability, r.impact, r.level))
        if key(ra) != key(rb):
            changes.append(f"revaloración {key(ra)} → {key(rb)}")
        if changes:
            lines.append(f"Riesgo {rid}: " + "; ".join(changes))
            notify()
    for rid, risk in old_by_id.items():
        if rid not in new_by_id:
            lines.append(f"Se elimina el riesgo {rid} «{_short(risk.title, 60)}»")
            notify()
    return lines


def semantic_diff(base_manual, head_manual, base_label="base", head_label="cambio") -> Diff:
    """Step-level comparison of two validated manuals."""
    out = Diff(base_label, head_label, manual=head_manual)
    roles = out.roles
    base_procs, head_procs = base_manual.procedures, head_manual.procedures

    added = [p for pid, p in head_procs.items() if pid not in base_procs]
    removed = [p for pid, p in base_procs.items() if pid not in head_procs]
    for title, procs, manual in (("Procedimientos nuevos", added, head_manual),
                                 ("Procedimientos eliminados", removed, base_manual)):
        if not procs:
            continue
        section = Section(title)
        for proc in procs:
            section.lines.append(Line(f"{proc.id} «{_short(proc.name, 80)}» ({proc.area}, {len(proc.steps)} pasos)",
                                      proc.id if manual is head_manual else None))
            roles.update(proc.roles)
            coord = manual.coordinations.get(proc.area)
            if coord and coord.role:
                roles.add(coord.role)
        out.sections.append(section)
    for pid, new in head_procs.items():
        old = base_procs.get(pid)
        if old is None:
            continue
        lines = _procedure_changes(old, new, base_manual, head_manual, roles)
        if lines:
            out.sections.append(Section(f"Procedimiento {pid} «{_short(new.name, 80)}»", lines))

    for cid, coord in head_manual.coordinations.items():
        before = base_manual.coordinations.get(cid)
        if before is None:
            out.sections.append(Section(f"Coordinación nueva {cid} «{_short(coord.name, 80)}»"))
            if coord.role:
                roles.add(coord.role)
            continue

        def notify(c=coord):
            if c.role:
                roles.add(c.role)
        lines = []
        if (before.objective or "") != (coord.objective or ""):
            lines.append(f"Cambia el objetivo: «{_short(coord.objective, 80)}»")
            notify()
        if before.role != coord.role:
            lines.append(f"Cambia el rol titular: {before.role} → {coord.role}")
            if before.role:
                roles.add(before.role)
            notify()
        lines.extend(_risk_changes(before.risks, coord.risks, roles, notify))
        if lines:
            out.sections.append(Section(f"Coordinación {cid} «{_short(coord.name, 80)}»", lines))
    for cid, coord in base_manual.coordinations.items():
        if cid not in head_manual.coordinations:
            out.sections.append(Section(f"Se elimina la coordinación {cid} «{_short(coord.name, 80)}»"))
            if coord.role:
                roles.add(coord.role)

    catalog = []
    for label, a, b in (("Roles", base_manual.roles, head_manual.roles),
                        ("Normas", base_manual.norms, head_manual.norms)):
        new_ids = [k for k in b if k not in a]
        gone = [k for k in a if k not in b]
        if new_ids:
            catalog.append(f"{label} nuevos: {_items(new_ids)}")
        if gone:
            catalog.append(f"{label} eliminados: {_items(gone)}")
    old_terms = {t.term for t in base_manual.terms}
    new_terms = {t.term for t in head_manual.terms}
    if new_terms - old_terms:
        catalog.append("Términos nuevos del glosario: " + _items(sorted(new_terms - old_terms)))
    if old_terms - new_terms:
        catalog.append("Términos eliminados del glosario: " + _items(sorted(old_terms - new_terms)))
    if catalog:
        out.sections.append(Section("Catálogos", catalog))

    def exc_key(e):
        return (e.rule, e.subject, e.step, e.risk)
    old_exc = {exc_key(e): e for e in base_manual.exceptions}
    new_exc = {exc_key(e): e for e in head_manual.exceptions}
    exc_lines = []
    for key, e in new_exc.items():
        where = e.target
        if key not in old_exc:
            exc_lines.append(f"Excepción nueva a {e.rule} para {where} hasta {e.expires}: «{_short(e.reason, 80)}» "
                             f"(resuelve {e.resolver})")
            roles.add(e.resolver)
        elif (old_exc[key].expires, old_exc[key].reason, old_exc[key].act) != (e.expires, e.reason, e.act):
            exc_lines.append(f"Excepción a {e.rule} para {where} modificada (vence {old_exc[key].expires} → "
                             f"{e.expires})")
            roles.add(e.resolver)
    for key, e in old_exc.items():
        if key not in new_exc:
            exc_lines.append(f"Se retira la excepción a {e.rule} para {e.target}")
            roles.add(e.resolver)
    if exc_lines:
        out.sections.append(Section("Excepciones", exc_lines))
    return out


def _completeness_lines(base: Report, head: Report) -> list[str]:
    if not (base.rules_ran and head.rules_ran):
        return ["No se puede calcular: una de las dos versiones no se pudo revisar."]
    old = completeness(base.manual, base.problems)
    new = completeness(head.manual, head.problems)
    lines = [f"Manual: {old.percent:.1f} % → {new.percent:.1f} % ({_signed(new.percent - old.percent)})"]
    for pid, score in new.procedures.items():
        before = old.procedures.get(pid)
        if before is None:
            lines.append(f"{pid}: nuevo, {score.percent:.1f} %")
        elif before.percent != score.percent:
            lines.append(f"{pid}: {before.percent:.1f} % → {score.percent:.1f} % "
                         f"({_signed(score.percent - before.percent)})")
    for pid in old.procedures:
        if pid not in new.procedures:
            lines.append(f"{pid}: eliminado")
    return lines


def _signed(value: float) -> str:
    value = round(value, 1)
    return "sin cambio" if value == 0 else f"{value:+.1f} puntos"


def _relabel(report: Report, prefix: str, label: str) -> Report:
    """Show files read from a temporary export under their path in the repository."""
    def fix(p: Problem) -> Problem:
        file = p.location.file
        if file.startswith(prefix):
            file = label + file[len(prefix):]
        return Problem(Location(file, p.location.line, p.location.column), p.rule, p.severity, p.message,
                       p.subject, p.step, p.risk, p.exception)
    return Report(report.manual, [fix(p) for p in report.problems], report.files, report.rules_ran,
                  report.settings, report.config_file)


def compare(ruta: str, base_rev: str, head_rev: str | None = None, *, settings=None,
            today: dt.date | None = None, cache_dir=None) -> tuple[Diff, Report, Report]:
    """Check ``ruta`` at ``base_rev`` and at ``head_rev`` (working tree when ``None``) and
    compare them. Raises :class:`GitError` and :class:`ConfigError`."""
    label = os.path.normpath(ruta)
    with contextlib.ExitStack() as stack:
        base_dir = stack.enter_context(tree_at(base_rev, ruta))
        base = _relabel(check(base_dir, settings=settings, today=today, cache_dir=cache_dir), str(base_dir), label)
        if head_rev is None:
            head = check(ruta, settings=settings, today=today, cache_dir=cache_dir)
        else:
            head_dir = stack.enter_context(tree_at(head_rev, ruta))
            head = _relabel(check(head_dir, settings=settings, today=today, cache_dir=cache_dir), str(head_dir), label)
    diff = semantic_diff(base.manual, head.manual, base_rev, head_rev or "copia de trabajo")
    diff.completeness = _completeness_lines(base, head)
    diff.new_findings, diff.fixed_findings = formatters.new_findings(base, head)
    return diff, base, head


# --- output ----------------------------------------------------------------------------

def _role_names(diff: Diff) -> list[str]:
    manual = diff.manual
    names = []
    for role in sorted(diff.roles):
        name = manual.role_name(role) if manual is not None else role
        names.append(f"{name} ({role})" if name != role else role)
    return names


def _finding_line(p: Problem) -> str:
    mark = " (exceptuado)" if p.excepted else ""
    return f"{p.location}: [{p.severity.label}{mark}] {p.rule} {p.message}"


def as_text(diff: Diff) -> str:
    out = [f"Cambios en el manual de {diff.base_label} a {diff.head_label}", ""]
    if diff.empty:
        out += ["No hay cambios en procedimientos, coordinaciones, catálogos ni excepciones.", ""]
    for section in diff.sections:
        out.append(section.title + (":" if section.lines else ""))
        out.extend(f"  · {line}" for line in section.lines)
        out.append("")
    out.append("Completitud:")
    out.extend(f"  · {line}" for line in diff.completeness)
    out.append("")
    if diff.new_findings:
        out.append(f"Hallazgos nuevos que introduce el cambio ({len(diff.new_findings)}):")
        out.extend(f"  · {_finding_line(p)}" for p in diff.new_findings)
    else:
        out.append("El cambio no introduce hallazgos nuevos.")
    if diff.fixed_findings:
        out.append(f"Hallazgos que el cambio resuelve: {len(diff.fixed_findings)}.")
    out.append("")
    names = _role_names(diff)
    out.append("Avisar a: " + (", ".join(names) if names else "nadie (no cambia ningún paso ni riesgo)."))
    return "\n".join(out)


def as_markdown(diff: Diff) -> str:
    out = [f"## Qué cambia en el manual (`{md(diff.base_label)}` → `{md(diff.head_label)}`)", ""]
    names = _role_names(diff)
    out += ["**Avisar a:** " + (", ".join(md(n) for n in names) if names else "nadie."), ""]
    if diff.empty:
        out += ["No hay cambios en procedimientos, coordinaciones, catálogos ni excepciones.", ""]
    for section in diff.sections:
        out.append(f"### {md(section.title)}")
        out.append("")
        out.extend(f"- {md(line)}" for line in section.lines)
        out.append("")
    out += ["### Completitud", ""] + [f"- {md(line)}" for line in diff.completeness] + [""]
    if diff.new_findings:
        out += [f"### Hallazgos nuevos que introduce el cambio ({len(diff.new_findings)})", ""]
        out.extend(f"- `{md(str(p.location))}` **{p.rule}** {md(p.severity.label)}"
                   f"{' (exceptuado)' if p.excepted else ''}: {md(p.message)}" for p in diff.new_findings)
    else:
        out.append("El cambio no introduce hallazgos nuevos.")
    if diff.fixed_findings:
        out += ["", f"Hallazgos que el cambio resuelve: {len(diff.fixed_findings)}."]
    return "\n".join(out) + "\n"
