"""Plain-text and Markdown renderings of the change log (:mod:`checks.reports.changelog`) for
``python -m checks versiones`` and the pull-request summary."""
from __future__ import annotations

import re

from checks.reports.changelog import STATE_NAMES, ChangeLog, act_text

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text) -> str:
    """YAML text on one line, control characters shown as escapes: a value can never start a
    new line in a terminal or a CI log (``::error::`` workflow commands need one)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def state_line(log: ChangeLog) -> str:
    current = log.current
    if current is not None:
        return f"Esta copia es la versión publicada {current.version} ({current.published.tag}): vigente."
    reason = log.status.reason or "no coincide con ninguna versión publicada"
    return f"Esta copia es un BORRADOR — no vigente: {_one_line(reason)}."


def _diff_lines(diff, indent: str) -> list[str]:
    out = []
    if diff is None or diff.empty:
        return [f"{indent}(sin cambios en procedimientos, coordinaciones, catálogos ni excepciones)"]
    for section in diff.sections:
        out.append(f"{indent}{_one_line(section.title)}" + (":" if section.lines else ""))
        out.extend(f"{indent}  · {_one_line(line)}" for line in section.lines)
    return out


def roles_to_notify(diff, manual) -> list[str]:
    names = []
    for role in sorted(diff.roles):
        name = manual.role_name(role) if manual is not None else role
        names.append(f"{name} ({role})" if name != role else role)
    return names


def as_text(log: ChangeLog, manual=None) -> str:
    if not log.available:
        return "\n".join([f"Versiones publicadas: {_one_line(log.history.reason)}.", state_line(log)]) + "\n"
    out = [f"Versiones publicadas del manual (etiquetas «manual-*»): {len(log.versions)}", ""]
    for v in log.versions:
        act = act_text(v.act)
        state = STATE_NAMES.get(v.state, v.state or "sin datos de control")
        row = f"  {v.version:<10} {v.date}  {state:<12} {v.published.tag}"
        if act:
            row += f"  {_one_line(act)}"
        if v.problem:
            row += f"  ¡atención: {_one_line(v.problem)}!"
        out.append(row)
    for previous, v in zip(log.versions, log.versions[1:]):
        out += ["", f"Cambios de la versión {v.version} (desde {previous.published.tag}):"]
        out += _diff_lines(v.changes, "  ")
    out += ["", state_line(log)]
    if log.unpublished is not None:
        out += ["", f"Cambios no publicados desde {log.versions[-1].published.tag}:"]
        out += _diff_lines(log.unpublished, "  ")
        names = roles_to_notify(log.unpublished, manual)
        out.append("  Avisar a: " + (_one_line(", ".join(names)) if names else "nadie."))
    return "\n".join(out) + "\n"
