"""Output formats: pure functions ``Report -> str``. Checking never prints."""
from __future__ import annotations

import json

from .engine import Report
from .problem import Problem


def _mark(problem: Problem) -> str:
    if problem.exception is None:
        return ""
    exc = problem.exception
    return f" (exceptuado hasta {exc.expires}: {exc.reason})"


def human(report: Report) -> str:
    lines = [f"{p.location}: [{p.severity.label}] {p.rule} {p.message}{_mark(p)}" for p in report.problems]
    lines.append(summary(report))
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


def problem_dict(p: Problem) -> dict:
    exc = p.exception
    return {
        "archivo": p.location.file, "linea": p.location.line, "columna": p.location.column,
        "regla": p.rule, "nivel": p.severity.label, "mensaje": p.message,
        "objeto": p.subject, "paso": p.step, "riesgo": p.risk,
        "exceptuado": exc is not None,
        "excepcion": None if exc is None else {"motivo": exc.reason, "resuelve": exc.resolver,
                                               "acto": exc.act, "vence": exc.expires},
    }


def as_json(report: Report) -> str:
    data = {
        "version": 1,
        "archivos": report.files,
        "resumen": {"errores": len(report.errors), "advertencias": len(report.warnings),
                    "exceptuados": len(report.excepted), "bloqueantes": len(report.blocking)},
        "hallazgos": [problem_dict(p) for p in report.problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


FORMATS = {"humano": human, "json": as_json}
