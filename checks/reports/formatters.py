"""Output formats: pure functions ``(Report, Options) -> str``. Checking never prints.

* ``humano``   — ``ruta:línea:columna: [nivel] ID mensaje`` and a summary;
* ``json``     — the documented structure (README, «Formatos de salida»);
* ``junit``    — JUnit XML: one ``<testsuite>`` per rule, one ``<testcase>`` per finding;
* ``github``   — GitHub Actions workflow commands (``::error file=…,line=…,col=…,title=ID::…``);
* ``markdown`` — job summary: result, completeness, findings and the delta against a base.

Excepted findings appear in every format, marked as such.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

from checks.completeness import DEFINITION, Completeness, as_dict, completeness
from checks.engine import Report
from checks.model import fold
from checks.problem import Problem, Severity

from .markdown import md

JSON_VERSION = 2


@dataclass
class Options:
    """What a format may need besides the report."""

    strict: bool = False              # warnings fail too (--estricto)
    base: Report | None = None        # report at the base revision (markdown delta)
    base_label: str | None = None     # how to name the base ("origin/main")
    versions: str | None = None       # Markdown section on the version being changed
                                      # (checks.reports.changelog_text.pull_request_markdown)


def fails(report: Report, strict: bool = False) -> bool:
    """Whether this report makes the command fail (exit code 1)."""
    if report.blocking:
        return True
    return strict and any(p.severity is Severity.WARNING and not p.excepted for p in report.problems)


def scores(report: Report) -> Completeness | None:
    if not report.rules_ran:
        return None
    return completeness(report.manual, report.problems)


# --- humano ----------------------------------------------------------------------------

def _mark(problem: Problem) -> str:
    if problem.exception is None:
        return ""
    exc = problem.exception
    return f" (exceptuado hasta {exc.expires}: {exc.reason})"


def human(report: Report, options: Options | None = None) -> str:
    lines = [f"{p.location}: [{p.severity.label}] {p.rule} {p.message}{_mark(p)}" for p in report.problems]
    result = scores(report)
    if result is not None and result.total:
        lines.append(f"Completitud del manual: {result.percent:.1f} % ({result.met} de {result.total} criterios).")
    lines.append(summary(report))       # always the last line
    return "\n".join(lines)


def summary(report: Report) -> str:
    errors = len(report.errors)
    warnings = len(report.warnings)
    excepted = len(report.excepted)
    blocking = len(report.blocking)
    text = (f"{report.files} archivos revisados: {errors} {'error' if errors == 1 else 'errores'} "
            f"({excepted} exceptuados, {blocking} bloqueantes), "
            f"{warnings} {'advertencia' if warnings == 1 else 'advertencias'}.")
    if not report.rules_ran:
        text += " Las reglas de cumplimiento no se ejecutaron: corrija primero los catálogos."
    return text


# --- json ------------------------------------------------------------------------------

def problem_dict(p: Problem) -> dict:
    exc = p.exception
    return {
        "archivo": p.location.file, "linea": p.location.line, "columna": p.location.column,
        "regla": p.rule, "nivel": p.severity.label, "mensaje": p.message,
        "objeto": p.subject, "paso": p.step, "riesgo": p.risk,
        "exceptuado": exc is not None, "bloqueante": p.blocking,
        "excepcion": None if exc is None else {"motivo": exc.reason, "resuelve": exc.resolver,
                                               "acto": exc.act, "vence": exc.expires},
    }


def as_json(report: Report, options: Options | None = None) -> str:
    options = options or Options()
    result = scores(report)
    data = {
        "version": JSON_VERSION,
        "archivos": report.files,
        "reglas_ejecutadas": report.rules_ran,
        "configuracion": report.config_file,
        "resultado": "falla" if fails(report, options.strict) else "aprobado",
        "resumen": {"errores": len(report.errors), "advertencias": len(report.warnings),
                    "exceptuados": len(report.excepted), "bloqueantes": len(report.blocking)},
        "completitud": None if result is None else as_dict(result),
        "hallazgos": [problem_dict(p) for p in report.problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


# --- junit -----------------------------------------------------------------------------

def junit(report: Report, options: Options | None = None) -> str:
    """JUnit XML. Per finding: a blocking error is a ``<failure>``; an excepted finding is
    ``<skipped>``; a warning passes (its text in ``<system-out>``) unless ``strict``.
    Every enabled rule without findings adds one passing test case."""
    options = options or Options()
    by_rule: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_rule.setdefault(problem.rule, []).append(problem)
    if report.rules_ran:
        for rule_id, setting in report.settings.items():
            if setting.enabled:
                by_rule.setdefault(rule_id, [])
    root = ET.Element("testsuites", name="Manual de procedimientos: cumplimiento")
    totals = Counter()
    for rule_id in sorted(by_rule):
        problems = by_rule[rule_id]
        suite = ET.SubElement(root, "testsuite", name=rule_id)
        counts = Counter()
        if not problems:
            ET.SubElement(suite, "testcase", classname=rule_id, name="sin hallazgos")
            counts["tests"] += 1
        for p in problems:
            case = ET.SubElement(suite, "testcase", classname=rule_id, name=str(p.location),
                                 file=p.location.file, line=str(p.location.line))
            counts["tests"] += 1
            text = f"{p.location}: [{p.severity.label}] {p.rule} {p.message}"
            if p.excepted:
                ET.SubElement(case, "skipped", message=f"exceptuado hasta {p.exception.expires}: "
                                                        f"{p.exception.reason}").text = text
                counts["skipped"] += 1
            elif p.severity is Severity.ERROR or options.strict:
                ET.SubElement(case, "failure", message=p.message, type=p.severity.label).text = text
                counts["failures"] += 1
            else:
                ET.SubElement(case, "system-out").text = text
        for key in ("tests", "failures", "skipped"):
            suite.set(key, str(counts[key]))
        suite.set("errors", "0")
        totals.update(counts)
    for key in ("tests", "failures", "skipped"):
        root.set(key, str(totals[key]))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# --- github ----------------------------------------------------------------------------

def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, options: Options | None = None) -> str:
    """GitHub Actions annotations: blocking errors ``::error``, warnings ``::warning``
    (``::error`` with ``--estricto``), excepted findings ``::notice``."""
    options = options or Options()
    lines = []
    for p in report.problems:
        if p.excepted:
            command, title, message = "notice", f"{p.rule} (exceptuado)", p.message + _mark(p)
        elif p.severity is Severity.ERROR or options.strict:
            command, title, message = "error", p.rule, p.message
        else:
            command, title, message = "warning", p.rule, p.message
        loc = p.location
        lines.append(f"::{command} file={_gh_prop(loc.file)},line={loc.line},col={loc.column},"
                     f"title={_gh_prop(title)}::{_gh_data(message)}")
    lines.append(summary(report))
    return "\n".join(lines)


# --- markdown --------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")


def finding_key(p: Problem, manual=None) -> tuple:
    """Identity of a finding across revisions. Positions move and steps get renumbered, so
    a step is identified by its action text (when ``manual`` is given) and numbers in the
    message are ignored. Whether it is excepted is part of it: a finding that loses its
    exception is new (it now blocks)."""
    step = p.step
    if step is not None and manual is not None:
        proc = manual.procedures.get(p.subject)
        found = proc.step(step) if proc is not None else None
        if found is not None:
            step = fold(found.action)
    return (p.rule, p.subject, step, p.risk, _DIGITS.sub("#", p.message), p.excepted)


def new_findings(base: Report, head: Report) -> tuple[list[Problem], list[Problem]]:
    """Findings of ``head`` absent from ``base``, and findings of ``base`` gone in ``head``."""
    def beyond(report: Report, other: Report) -> list[Problem]:
        """Findings of ``report`` beyond as many equal ones as ``other`` has."""
        available = Counter(finding_key(p, other.manual) for p in other.problems)
        extra = []
        for p in report.problems:
            key = finding_key(p, report.manual)
            if available[key]:
                available[key] -= 1
            else:
                extra.append(p)
        return extra

    return beyond(head, base), beyond(base, head)


def _pct(value: float) -> str:
    return f"{value:.1f} %"


def _delta(new: float, old: float | None) -> str:
    if old is None:
        return "nuevo"
    diff = round(new - old, 1)
    return "=" if diff == 0 else f"{diff:+.1f}"


def completeness_table(result: Completeness, base: Completeness | None = None) -> str:
    with_delta = base is not None
    head = "| Coordinación / procedimiento | Pasos | Criterios | Completitud |" + (" Cambio |" if with_delta else "")
    sep = "| --- | ---: | ---: | ---: |" + (" ---: |" if with_delta else "")
    rows = [head, sep]

    def row(label, steps, s, old):
        cells = f"| {label} | {steps} | {s.met}/{s.total} | {_pct(s.percent)} |"
        if with_delta:
            cells += f" {_delta(s.percent, None if old is None else old.percent)} |"
        rows.append(cells)

    for coord in result.coordinations.values():
        old = base.coordinations.get(coord.id) if base else None
        row(f"**{md(coord.id)}** {md(coord.name)}", sum(p.steps for p in coord.procedures), coord, old)
        for proc in coord.procedures:
            old_p = base.procedures.get(proc.id) if base else None
            row(f"&nbsp;&nbsp;{md(proc.id)}", proc.steps, proc, old_p)
    row("**Manual**", sum(p.steps for p in result.procedures.values()), result, base)
    return "\n".join(rows)


MAX_ROWS = 300     # per table: GitHub truncates a job summary over 1 MiB


def _finding_rows(problems: list[Problem], limit: int = MAX_ROWS) -> str:
    rows = ["| Ubicación | Regla | Nivel | Mensaje |", "| --- | --- | --- | --- |"]
    for p in problems[:limit]:
        level = p.severity.label + (" (exceptuado)" if p.excepted else "")
        note = f" — exceptuado hasta {md(p.exception.expires)}: {md(p.exception.reason)}" if p.excepted else ""
        rows.append(f"| `{md(str(p.location))}` | {p.rule} | {level} | {md(p.message)}{note} |")
    if len(problems) > limit:
        rows.append(f"| … | | | y {len(problems) - limit} más: `python -m checks` los lista todos |")
    return "\n".join(rows)


def markdown(report: Report, options: Options | None = None) -> str:
    options = options or Options()
    parts = ["## Manual de procedimientos: revisión de cumplimiento"]
    verdict = "❌ **No pasa**" if fails(report, options.strict) else "✅ **Pasa**"
    parts.append(f"{verdict}. {md(summary(report))}")
    if options.versions:
        parts.append(options.versions)
    result = scores(report)
    base_result = scores(options.base) if options.base is not None else None
    if result is not None:
        title = "### Completitud"
        if options.base is not None:
            title += f" (cambio respecto de `{md(options.base_label or 'la base')}`)"
        parts.append(title + "\n\n" + completeness_table(result, base_result))
        parts.append("<details><summary>Cómo se calcula la completitud</summary>\n\n"
                     + DEFINITION + "\n</details>")
    if options.base is not None:
        added, removed = new_findings(options.base, report)
        label = md(options.base_label or "la base")
        if added:
            parts.append(f"### Hallazgos nuevos respecto de `{label}` ({len(added)})\n\n" + _finding_rows(added))
        else:
            parts.append(f"### Hallazgos nuevos respecto de `{label}`\n\nNinguno.")
        if removed:
            parts.append(f"### Hallazgos resueltos respecto de `{label}` ({len(removed)})\n\n"
                         + _finding_rows(removed))
    blocking = report.blocking
    if blocking:
        parts.append(f"### Errores que bloquean ({len(blocking)})\n\n" + _finding_rows(blocking))
    excepted = report.excepted
    if excepted:
        parts.append(f"<details><summary>Hallazgos exceptuados ({len(excepted)})</summary>\n\n"
                     + _finding_rows(excepted) + "\n</details>")
    warnings = [p for p in report.warnings if not p.excepted]
    if warnings:
        counts = Counter(p.rule for p in warnings)
        parts.append(f"<details><summary>Advertencias ({len(warnings)}: "
                     + ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
                     + ")</summary>\n\n" + _finding_rows(warnings) + "\n</details>")
    return "\n\n".join(parts) + "\n"


FORMATS = {"humano": human, "json": as_json, "junit": junit, "github": github, "markdown": markdown}
