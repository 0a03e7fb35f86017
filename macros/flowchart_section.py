"""The «Flujograma» part of a procedure, on its page and in the printed manual: the diagram
(:mod:`macros.swimlanes`), how to read it, the full name behind every column title, the
link to the Simbología and the text alternative (the activity table).

Pure functions (model -> Markdown); YAML text goes through :mod:`macros.escape`.
"""
from __future__ import annotations

from .components import mermaid_block
from .escape import md_text
from .links import PRINT_SYMBOLOGY as SYMBOLOGY_PRINT
from .links import SYMBOLOGY, role_url
from .swimlanes import (column_title, columns, flowchart, flowchart_parts, note_columns, part_captions,
                        summary)

READING = ("Una columna por responsable, en el orden en que aparecen en el procedimiento; cada paso "
           "está en la columna de su primer responsable y nombra a los demás («con …»).")


def _legend(proc, manual, name_md) -> str:
    """«Columnas: **CSPE**: Coordinación del Servicio …; …» (``name_md(role_id)`` -> Markdown)."""
    items = []
    notes = set(note_columns(proc))
    for key in columns(proc):
        title = md_text(column_title(key, manual))
        role = manual.roles.get(key)
        if role is None:
            items.append(f"**{title}**")
            continue
        extra = " (sin pasos propios)" if key in notes else ""
        items.append(f"**{title}**: {name_md(key)}{extra}")
    return "Columnas: " + "; ".join(items) + "." if items else ""


def web_section(ctx, proc, links) -> str:
    """Markdown under «## Flujograma» on the procedure page (``links``: its Links)."""
    manual = ctx.manual

    def name_md(role_id: str) -> str:
        return links.to(md_text(manual.roles[role_id].name), role_url(role_id))

    intro = (f"{READING} Los símbolos se explican en la {links.to('Simbología', SYMBOLOGY)}. "
             "Cada caja lleva a su fila de la tabla de actividades, donde está el texto completo "
             "(también aparece al pasar el puntero).")
    alternative = (f"*Texto alternativo del flujograma:* {md_text(summary(proc, manual))} "
                   "La [tabla de actividades](#actividades) describe cada paso en orden, con su texto "
                   "completo, responsables, insumos y salidas.")
    return "\n\n".join([intro, mermaid_block(flowchart(proc, manual)),
                        f"<small>{_legend(proc, manual, name_md)}</small>", alternative])


def print_block(proc, manual) -> str:
    """The flowchart in the printed manual: one diagram per part, each on its own page when
    the procedure is split, with a caption naming the connectors."""
    def name_md(role_id: str) -> str:
        return md_text(manual.roles[role_id].name)

    parts = flowchart_parts(proc, manual)
    captions = part_captions(proc, manual)
    blocks = []
    for n, (source, caption) in enumerate(zip(parts, captions)):
        head = f"**Flujograma de {md_text(proc.id)}**" + (f" — {md_text(caption)}" if caption else "")
        css = "imp-flujo imp-flujo--parte" if n else "imp-flujo"
        blocks.append(f'<div class="{css}" markdown>\n\n{head}\n\n{mermaid_block(source)}\n\n</div>')
    notes = (f"<small>{_legend(proc, manual, name_md)} Símbolos: ver [Simbología](#{SYMBOLOGY_PRINT}). "
             f"Texto completo de cada paso: tabla de actividades de {md_text(proc.id)}.</small>")
    return "\n\n".join(blocks + [notes])
