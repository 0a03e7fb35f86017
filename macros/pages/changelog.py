"""«Control de cambios» (``links.CHANGELOG``, in «El manual»): every published version of the
manual (git tags ``manual-<versión>``) with its date, act and state, what changed per
procedure and step since the previous version, and the changes not yet published since the
last version, with the roles to notify. The print version (and so the PDF) carries the same
section (:func:`section`, with a :class:`macros.links.Links` in print mode: the links to
procedures become in-document anchors).

Pure functions of the build context: the change log is computed once per build
(``Ctx.changelog``, :mod:`checks.reports.changelog`); every text from the YAML or from git
goes through :mod:`macros.escape`.
"""
from __future__ import annotations

from checks.reports.changelog import STATE_NAMES, act_text

from ..components import Ctx, role_link
from ..escape import md_code, md_text
from ..links import CHANGELOG, MANUAL_SECTION, Links, version_anchor

TITLE = "Control de cambios"
NO_CHANGES = "Sin cambios en procedimientos, coordinaciones, catálogos ni excepciones."


def register(site) -> None:
    ctx = site.ctx
    site.add(CHANGELOG, TITLE, lambda: changelog_page(ctx), section=MANUAL_SECTION)


def changelog_page(ctx: Ctx) -> str:
    return f"# {TITLE}\n\n" + section(ctx, Links(CHANGELOG)) + "\n"


def _state(ctx: Ctx) -> str:
    """Whether this build is the version in force, as a paragraph."""
    log, ctl = ctx.changelog, ctx.control
    if not ctl.draft:
        current = log.current
        return (f"Esta copia es la versión publicada **{md_text(current.version)}** "
                f"(etiqueta {md_code(current.published.tag)}, {md_text(current.date)}): **vigente**.")
    declared = f"versión {md_text(ctl.version)}" + (f", estado «{md_text(ctl.state)}»" if ctl.state else "")
    return (f"**BORRADOR — no vigente.** Esta copia del manual ({declared} según manual.yaml) no es una "
            f"versión publicada: {md_text(ctl.reason)}.")


def _link(ctx: Ctx, links: Links, line) -> str:
    """Where a change line leads: its step on the procedure page (the section of the
    procedure in the print version), or its procedure; nothing for what no longer exists."""
    proc_id = getattr(line, "procedure", None)
    proc = ctx.manual.procedures.get(proc_id) if proc_id else None
    if proc is None:
        return ""
    step = getattr(line, "step", None)
    if step is not None and not links.print_mode and any(s.cvo == step for s in proc.steps):
        return " — " + links.step(f"ir al paso {step} de {md_text(proc.id)}", proc.id, step)
    return " — " + links.proc(f"ver {md_text(proc.id)}", proc.id)


def _changes(ctx: Ctx, links: Links, diff) -> str:
    """The lines of a semantic diff, grouped by procedure (or catalogue), each linked."""
    if diff is None or diff.empty:
        return NO_CHANGES
    blocks = []
    for part in diff.sections:
        lines = [f"**{md_text(part.title)}**"]
        if part.lines:
            lines.append("\n".join(f"- {md_text(line)}{_link(ctx, links, line)}" for line in part.lines))
        blocks.append("\n\n".join(lines))
    return "\n\n".join(blocks)


def _roles(ctx: Ctx, links: Links, roles) -> str:
    """The roles to notify: full name and identifier (linked to the role page on the site)."""
    if not roles:
        return "**Avisar a:** nadie (no cambia ningún paso ni riesgo)."
    names = []
    for role in sorted(roles):
        if role not in ctx.manual.roles:
            names.append(md_text(role))
            continue
        name = (md_text(ctx.manual.role_name(role)) if links.print_mode
                else role_link(ctx, role, links, long=True))
        names.append(f"{name} ({md_text(role)})")
    return "**Avisar a:** " + ", ".join(names) + "."


def section(ctx: Ctx, links: Links, level: int = 2) -> str:
    """The change log without its title: state of this copy, versions table, the changes of
    each version, the unpublished changes. ``level``: heading level of its parts."""
    log = ctx.changelog
    h = "#" * level
    parts = [_state(ctx)]
    if log is None or not log.available:
        reason = log.history.reason if log is not None else None
        parts.append(f"{h} Versiones publicadas\n\n"
                     f"Sin datos: {md_text(reason or 'historial no disponible en esta copia')}. Las versiones publicadas "
                     "se leen de las etiquetas de git «manual-‹versión›»; esta copia no las tiene (sin git, "
                     "copia superficial o sin etiquetas), así que no se puede decir qué cambió entre versiones "
                     "ni qué falta publicar.")
        return "\n\n".join(parts)
    parts.append("Cada versión publicada es una etiqueta de git «manual-‹versión›» cuyo manual.yaml dice "
                 "«control.estado: aprobado». Los cambios se calculan paso a paso contra la versión anterior; "
                 "los enlaces llevan al texto actual del manual.")
    rows = ["| Versión | Fecha | Acto de aprobación | Estado | Etiqueta |", "| --- | --- | --- | --- | --- |"]
    for v in log.versions:
        state = md_text(STATE_NAMES.get(v.state, v.state or "sin datos de control"))
        if v.problem:
            state += f" — ¡atención: {md_text(v.problem)}!"
        rows.append(f"| [{md_text(v.version)}](#{version_anchor(v.version)}) | {md_text(v.date)} | "
                    f"{md_text(act_text(v.act)) or '—'} | {state} | {md_code(v.published.tag)} |")
    parts.append(f"{h} Versiones publicadas\n\n" + "\n".join(rows))
    previous = None
    for v in log.versions:
        head = f"{h} Versión {md_text(v.version)} {{ #{version_anchor(v.version)} }}"
        facts = f"Fecha: **{md_text(v.date)}**"
        if act_text(v.act):
            facts += f" · Acto: {md_text(act_text(v.act))}"
        facts += f" · Etiqueta: {md_code(v.published.tag)}."
        if previous is None:
            body = "Primera versión publicada: no hay una versión anterior con qué compararla."
        else:
            body = (f"Cambios desde la versión {md_text(previous.version)}:\n\n" + _changes(ctx, links, v.changes))
        parts.append(f"{head}\n\n{facts}\n\n{body}")
        previous = v
    parts.append(f"{h} Cambios no publicados\n\n" + _unpublished(ctx, links))
    return "\n\n".join(parts)


def _unpublished(ctx: Ctx, links: Links) -> str:
    log = ctx.changelog
    if log.current is not None:
        return f"Ninguno: esta copia es la etiqueta {md_code(log.current.published.tag)}."
    last = log.versions[-1] if log.versions else None
    if log.unpublished is None or last is None:
        return "No se pudieron calcular: ninguna versión publicada se pudo leer."
    intro = (f"Desde la última versión publicada, {md_text(last.version)} ({md_code(last.published.tag)}), "
             "hasta esta copia:")
    return "\n\n".join([intro, _changes(ctx, links, log.unpublished), _roles(ctx, links, log.unpublished.roles)])
