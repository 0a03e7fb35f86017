"""Plain-text and Markdown renderings of the change log (:mod:`checks.reports.changelog`) for
``python -m checks versiones`` (:func:`as_text`) and the pull-request summary
(:func:`pull_request_markdown`)."""
from __future__ import annotations

import re

from checks.reports.changelog import STATE_NAMES, ChangeLog, act_text
from checks.reports.markdown import md

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


def pull_request_markdown(log: ChangeLog, manual) -> str:
    """Job-summary section of a pull request (``python -m checks --formato markdown --base
    REV``): the version the change modifies (version and state of the working tree's
    manual.yaml), the last published version, and the lines the merge will add to the change
    log (the unpublished changes since that version), with the roles to notify. Every value
    escaped with :func:`checks.reports.markdown.md`."""
    info = manual.info if manual is not None else None
    control = info.control if info is not None else None
    out = ["### Versión del manual"]
    declared = f"**{md(info.version)}**" if info is not None else "(sin manual.yaml)"
    state = STATE_NAMES.get(control.state, control.state) if control is not None else "sin datos de control"
    out.append(f"Este cambio modifica la versión {declared} del manual (estado «{md(state)}» en manual.yaml).")
    if not log.available:
        out.append(f"Versiones publicadas: {md(log.history.reason)}; no se puede decir qué líneas agrega "
                   "al control de cambios.")
        return "\n\n".join(out)
    last = log.versions[-1]
    out.append(f"Última versión publicada: **{md(last.version)}** (`{md(last.published.tag)}`, {md(last.date)}).")
    if log.current is not None:
        out.append(f"Esta copia es exactamente la versión publicada {md(log.current.version)}: la fusión no agrega "
                   "líneas al control de cambios.")
        return "\n\n".join(out)
    if log.unpublished is None:
        out.append("No se pudo leer la última versión publicada: no se calculan las líneas del control de cambios.")
        return "\n\n".join(out)
    out.append(f"Líneas que la fusión deja en «Cambios no publicados» del control de cambios "
               f"(desde `{md(last.published.tag)}`):")
    if log.unpublished.empty:
        out.append("Ninguna: no cambian procedimientos, coordinaciones, catálogos ni excepciones.")
    else:
        lines = []
        for section in log.unpublished.sections:
            lines.append(f"- **{md(section.title)}**")
            lines.extend(f"  - {md(line)}" for line in section.lines)
        out.append("\n".join(lines))
    names = roles_to_notify(log.unpublished, manual)
    out.append("**Avisar a:** " + (", ".join(md(n) for n in names) if names else "nadie."))
    return "\n\n".join(out)
