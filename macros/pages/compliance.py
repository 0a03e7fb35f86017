"""Compliance pages: «Estado de cumplimiento» (completeness and every finding, exceptions
marked) and «Reglas» (the rules reference, generated from the registry).

Pure functions of the build context; YAML text (names, messages that quote it, exception
reasons) goes through :mod:`macros.escape`. Rule docstrings and the completeness
definition are project code, not YAML, and are emitted as Markdown.
"""
from __future__ import annotations

import inspect
from collections import Counter

from checks import rules as registry
from checks.completeness import DEFINITION
from checks.loader import LOADER_CODES
from checks.project import FILE_CODES
from checks.reports.paths import manual_root, shown_location
from checks.schema import SCHEMA_CODES

from ..components import short_name
from ..escape import md_cell, md_code, md_text
from ..links import COMPLIANCE, COMPLIANCE_SECTION, RULES, Links, coord_url, rule_anchor

STATUS_TITLE = "Estado de cumplimiento"
RULES_TITLE = "Reglas"

_TYPE_ES = {bool: "sí/no", int: "número entero", str: "texto", list: "lista de textos"}


def register(site) -> None:
    """Both pages, in the «Cumplimiento» section."""
    site.add(COMPLIANCE, STATUS_TITLE, lambda: status_page(site.ctx), section=COMPLIANCE_SECTION)
    site.add(RULES, RULES_TITLE, lambda: rules_page(site.report), section=COMPLIANCE_SECTION)


# --- Estado de cumplimiento ------------------------------------------------------------

def _pct(score) -> str:
    return f"{score.percent:g} %"


def _missing(score) -> str:
    if not score.missing:
        return "—"
    counts = Counter(c.label for c in score.missing if c.step is not None)
    parts = [f"{label} ({n} {'paso' if n == 1 else 'pasos'})" for label, n in counts.items()]
    parts += [c.label for c in score.missing if c.step is None]
    return md_cell("; ".join(parts))


def _completeness_table(ctx, links: Links) -> str:
    result = ctx.completeness
    rows = ["| Coordinación / procedimiento | Pasos | Criterios cumplidos | Completitud | Falta | Exceptuados |",
            "| --- | ---: | ---: | ---: | --- | ---: |"]
    for coord in result.coordinations.values():
        steps = sum(p.steps for p in coord.procedures)
        name = md_cell(coord.name)
        if coord.id in ctx.manual.coordinations:
            name = links.to(name, coord_url(coord.id))
        rows.append(f"| **{name}** | {steps} | {coord.met} de {coord.total} | **{_pct(coord)}** | | |")
        for proc in coord.procedures:
            label = links.proc(f"{md_text(proc.id)} · {md_cell(short_name(proc.name))}", proc.id)
            rows.append(f"| {label} | {proc.steps} | {proc.met} de {proc.total} | {_pct(proc)} | "
                        f"{_missing(proc)} | {proc.excepted or '—'} |")
    total_steps = sum(p.steps for p in result.procedures.values())
    rows.append(f"| **Manual completo** | {total_steps} | {result.met} de {result.total} | **{_pct(result)}** | | |")
    return "\n".join(rows)


def _findings_table(problems, root: str | None, with_exception: bool) -> str:
    head = "| Posición | Regla | Hallazgo |" + (" Excepción |" if with_exception else "")
    rows = [head, "| --- | --- | --- |" + (" --- |" if with_exception else "")]
    for p in problems:
        row = f"| {md_code(shown_location(p.location, root))} | {md_cell(p.rule)} | {md_cell(p.message)} |"
        if with_exception:
            exc = p.exception
            if exc is None:
                row += " — |"
            else:
                act = f"; acto: {md_text(exc.act)}" if exc.act else "; sin acto aprobatorio"
                row += (f" **Exceptuado** hasta {md_text(exc.expires)}: {md_text(exc.reason)} "
                        f"(resuelve: {md_text(exc.resolver)}{act}) |")
        rows.append(row)
    return "\n".join(rows)


def status_page(ctx) -> str:
    links = Links(COMPLIANCE)
    report = ctx.report
    manual = ctx.manual
    root = manual_root(manual)
    parts = [f"# {STATUS_TITLE}"]
    result = ctx.completeness
    errors, warnings = report.errors, report.warnings
    excepted = [p for p in report.problems if p.excepted]
    parts.append(
        f"El manual cumple **{result.met} de {result.total}** criterios de completitud "
        f"(**{_pct(result)}**). La revisión automática encontró {len(errors)} "
        f"{'error' if len(errors) == 1 else 'errores'}, todos cubiertos por una excepción aprobada "
        f"({len(excepted)} hallazgos exceptuados), y {len(warnings)} "
        f"{'advertencia' if len(warnings) == 1 else 'advertencias'}. "
        "Un error sin excepción impide publicar el sitio, así que esta página sólo existe si no hay ninguno.")
    parts.append("## Completitud por coordinación y procedimiento\n\n" + _completeness_table(ctx, links))
    parts.append("### Cómo se calcula\n\n" + DEFINITION)
    parts.append(f"Las reglas que producen los hallazgos se describen en "
                 f"{links.to('Reglas', RULES)}. " + links.downloads("hallazgos") + ".")
    errors_excepted = [p for p in errors if p.excepted]
    if errors_excepted:
        parts.append(f"## Errores exceptuados ({len(errors_excepted)})\n\n"
                     "Cada uno está en `procesos_yaml/excepciones.yaml` con su motivo, quién lo resuelve "
                     "y su vencimiento; al vencer, vuelve a impedir la publicación.\n\n"
                     + _findings_table(errors_excepted, root, with_exception=True))
    else:
        parts.append("## Errores exceptuados\n\nNinguno.")
    if warnings:
        counts = Counter(p.rule for p in warnings)
        summary = ", ".join(f"{rule}: {n}" for rule, n in sorted(counts.items()))
        parts.append(f"## Advertencias ({len(warnings)})\n\nNo impiden publicar, pero señalan lo que falta "
                     f"o conviene revisar ({md_text(summary)}).")
        for rule_id in sorted(counts):
            items = [p for p in warnings if p.rule == rule_id]
            name = _rule_name(rule_id)
            parts.append(f"### {md_text(rule_id)} · {md_text(name)} ({len(items)})\n\n"
                         + _findings_table(items, root, with_exception=any(p.excepted for p in items)))
    return "\n\n".join(parts) + "\n"


def _rule_name(rule_id: str) -> str:
    try:
        return registry.get(rule_id).NAME
    except ValueError:
        return ""


# --- Reglas ----------------------------------------------------------------------------

def _options(rule, setting) -> str:
    if not rule.CONF:
        return ""
    rows = ["| Opción | Tipo | Por omisión | Configurado |", "| --- | --- | --- | --- |"]
    for option, kind in rule.CONF.items():
        default = rule.DEFAULT.get(option)
        current = setting.options.get(option, default) if setting else default
        rows.append(f"| `{option}` | {_TYPE_ES.get(kind, kind.__name__)} | {md_code(repr(default))} | "
                    f"{md_code(repr(current))} |")
    return "\n".join(rows)


def rules_page(report) -> str:
    settings = report.settings or {}
    parts = [f"# {RULES_TITLE}",
             "Cada regla tiene un identificador estable, un nivel por omisión (**error**: impide publicar "
             "salvo excepción aprobada; **advertencia**: se informa) y su documentación con un ejemplo "
             "correcto y uno incorrecto. El nivel, la activación y las opciones se ajustan en `reglas.yaml` "
             "(raíz del repositorio); una regla, opción o valor desconocido en ese archivo detiene la "
             "revisión. Los hallazgos de una regla se pueden exceptuar en `procesos_yaml/excepciones.yaml`.",
             "Ejecutar la revisión: `python -m checks` (formatos `--formato humano|json|junit|github|markdown`; "
             "`--estricto` hace fallar también las advertencias)."]
    rows = ["| Regla | Nombre | Nivel por omisión | Configurado |", "| --- | --- | --- | --- |"]
    for rule in registry.all_rules():
        setting = settings.get(rule.ID)
        if setting is None:
            configured = "—"
        elif not setting.enabled:
            configured = "desactivada"
        else:
            configured = setting.severity.label
        rows.append(f"| [{rule.ID}](#{rule_anchor(rule.ID)}) | `{rule.NAME}` | {rule.SEVERITY.label} | {configured} |")
    parts.append("## Índice\n\n" + "\n".join(rows))
    for rule in registry.all_rules():
        setting = settings.get(rule.ID)
        doc = inspect.cleandoc(rule.__doc__ or "")
        title, _, body = doc.partition("\n")
        section = [f"## {rule.ID} · {rule.NAME} {{#{rule_anchor(rule.ID)}}}",
                   f"**Nivel por omisión:** {rule.SEVERITY.label}."
                   + ("" if setting is None else f" **En este manual:** "
                      + ("desactivada." if not setting.enabled else f"{setting.severity.label}.")),
                   title, body.strip()]
        options = _options(rule, setting)
        if options:
            section.append("**Opciones en `reglas.yaml`:**\n\n" + options)
        parts.append("\n\n".join(s for s in section if s))
    structural = ["| Código | Significado |", "| --- | --- |"]
    for codes in (LOADER_CODES, SCHEMA_CODES, FILE_CODES):
        for code, meaning in codes.items():
            structural.append(f"| {code} | {meaning} |")
    parts.append("## Errores de estructura\n\nAntes de las reglas, cada archivo se lee y se valida contra su "
                 "esquema. Estos errores no admiten excepción: hay que corregir el archivo.\n\n"
                 + "\n".join(structural))
    return "\n\n".join(parts) + "\n"
