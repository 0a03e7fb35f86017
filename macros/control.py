"""The manual as a controlled document, as the site and the PDF show it: which version the
build is, its date, and whether it is a draft («BORRADOR — no vigente»).

:func:`document_control` reads the validated manual and the change log of the build
(:class:`checks.reports.changelog.ChangeLog`, computed once per build in ``macros.site``);
the other functions turn it into the pieces the site needs, every value HTML-escaped here:

* :func:`notice_html` — the draft notice of every page (Material's announce bar, see
  ``overrides/main.html``); empty when the build is exactly a published version;
* :func:`footer_html` — the footer line of every page (``config.copyright``, which Material
  prints raw);
* :func:`print_element` — the document-control element of the print page, read by
  ``scripts/pdf.py`` for the running header and footer;
* :func:`watermark` — the «BORRADOR — no vigente» watermark of every printed page.

A build is a draft unless it is, byte for byte, a published tag (:func:`checks.versions.status`);
without a readable history it is a draft too, and the notice says why.
"""
from __future__ import annotations

from dataclasses import dataclass

from checks.reports.changelog import STATE_NAMES

from .escape import html_attr, html_text

DRAFT = "BORRADOR — no vigente"
NO_DATE = "sin fecha"


@dataclass(frozen=True)
class DocumentControl:
    """Plain (unescaped) facts of the build."""

    title: str              # «Manual de Procedimientos»
    unit: str               # the unit's acronym, or its name
    version: str            # the version the manual.yaml being built declares
    date: str               # approval date (or date of the tag), else NO_DATE
    state: str              # control.estado of manual.yaml, readable («en revisión»); "" if absent
    draft: bool
    reason: str | None      # why the build is a draft
    tag: str | None         # the published tag the build is exactly, if any


def document_control(manual, log) -> DocumentControl:
    """``log``: the build's change log (``None`` when it could not be computed: a draft)."""
    info = manual.info
    control = info.control if info is not None else None
    current = log.current if log is not None else None
    reason = None
    if current is not None and current.problem:     # a tag, but not of an approved version
        reason = f"la etiqueta {current.published.tag} no es una versión aprobada: {current.problem}"
        current = None
    elif current is None:
        reason = (log.status.reason if log is not None else None) or "no coincide con ninguna versión publicada"
    if current is not None:
        date = current.date
    else:
        date = (control.approval_date if control is not None else None) or (info.date if info else None)
    return DocumentControl(
        title=info.title if info else "Manual de Procedimientos",
        unit=(info.unit_acronym or info.unit) if info else "",
        version=info.version if info else "",
        date=str(date) if date else NO_DATE,
        state=STATE_NAMES.get(control.state, control.state) if control is not None else "",
        draft=current is None,
        reason=reason,
        tag=current.published.tag if current is not None else None)


def notice_html(ctl: DocumentControl) -> str:
    """The draft notice shown on every page, or ``""`` for a published version."""
    if not ctl.draft:
        return ""
    return (f'<strong class="manual-borrador">{DRAFT}</strong>: esta copia del manual '
            f"(versión {html_text(ctl.version)}) no es una versión publicada — {html_text(ctl.reason)}. "
            "Vea «Control de cambios».")


def footer_html(ctl: DocumentControl) -> str:
    """The footer line of every page: title, version and date (and the draft mark)."""
    text = f"{ctl.title} {ctl.unit}".strip() + f" · Versión {ctl.version} · {ctl.date}"
    if ctl.draft:
        text += f" · {DRAFT}"
    return html_text(text)


def print_element(ctl: DocumentControl) -> str:
    """The hidden element of the print page that ``scripts/pdf.py`` reads (``data-control-*``)."""
    attrs = {"titulo": ctl.title, "unidad": ctl.unit, "version": ctl.version, "fecha": ctl.date,
             "borrador": "si" if ctl.draft else "no"}
    shown = " ".join(f'data-control-{key}="{html_attr(value)}"' for key, value in attrs.items())
    return f'<div class="imp-control" hidden {shown}></div>'


def watermark(ctl: DocumentControl) -> str:
    """The draft watermark of the print version (repeated on every printed page by CSS), or ``""``."""
    if not ctl.draft:
        return ""
    return f'<div class="imp-marca-agua" aria-hidden="true">{DRAFT}</div>'
