"""Control de cambios: every published version of the manual (git tags ``manual-*``, see
:mod:`checks.versions`) with its date and act, what changed per procedure and step since the
previous version (the semantic diff of :mod:`checks.reports.diff`), and the changes not yet published
since the last version, with the roles to notify.

Pure data: the site page, the print version, the PDF and ``python -m checks versiones`` all
render the same :class:`ChangeLog`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from checks.reports.diff import Diff, semantic_diff
from checks.reports.gitrev import GitError, tree_at
from checks.project import load_manual
from checks.versions import History, Published, Status, history, status

STATE_NAMES = {"borrador": "borrador", "en_revision": "en revisión", "aprobado": "aprobado"}
ACT_NAMES = {"acuerdo": "Acuerdo", "oficio": "Oficio"}


@dataclass
class Version:
    """One published version: its tag, and what its own ``manual.yaml`` says about it."""

    published: Published
    state: str | None                 # control.estado at the tag (None: no control data)
    approval_date: str | None
    act: dict | None
    changes: Diff | None = None       # since the previous version (None for the first one)
    problem: str | None = None        # why the tag does not look like an approved version

    @property
    def version(self) -> str:
        return self.published.version

    @property
    def date(self) -> str:
        """The approval date when recorded, else the date of the tagged commit."""
        return self.approval_date or self.published.date


@dataclass
class ChangeLog:
    history: History
    status: Status
    versions: list[Version] = field(default_factory=list)      # oldest first
    unpublished: Diff | None = None     # last published version → the manual being built

    @property
    def available(self) -> bool:
        return self.history.available

    @property
    def current(self) -> Version | None:
        """The published version the build is exactly, if any."""
        if self.status.published is None:
            return None
        return next((v for v in self.versions if v.published == self.status.published), None)


def act_text(act: dict | None) -> str:
    """«Acuerdo IEM-CG-12/2024 (2024-05-10)», or an empty string."""
    if not act:
        return ""
    text = f"{ACT_NAMES.get(act.get('tipo'), act.get('tipo') or '')} {act.get('numero') or ''}".strip()
    if act.get("fecha"):
        text += f" ({act['fecha']})"
    return text


def _control_of(manual):
    info = manual.info if manual is not None else None
    return info.control if info is not None else None


def changelog(root: str | os.PathLike, head_manual=None) -> ChangeLog:
    """Read every published version of the manual in ``root`` from git and compare them.

    ``head_manual`` is the model being built (loaded from ``root`` when not given). Never
    raises for a missing history: :attr:`ChangeLog.available` is False and
    ``history.reason`` says why."""
    hist = history(root)
    st = status(root, hist)
    log = ChangeLog(hist, st)
    if not hist.available:
        return log
    previous = None
    for published in hist.versions:
        try:
            with tree_at(published.tag, root) as tree:
                manual = load_manual(tree).manual
        except GitError as exc:
            log.versions.append(Version(published, None, None, None, problem=str(exc)))
            continue
        control = _control_of(manual)
        version = Version(published, control.state if control else None,
                          control.approval_date if control else None, control.act if control else None)
        if control is None or not control.approved:
            version.problem = "su manual.yaml no dice «control.estado: aprobado»"
        elif manual.info is not None and manual.info.version != published.version:
            version.problem = f"su manual.yaml dice la versión «{manual.info.version}»"
        if previous is not None:
            version.changes = semantic_diff(previous, manual, previous_label, published.tag)
        log.versions.append(version)
        previous, previous_label = manual, published.tag
    if st.draft and previous is not None:
        head = head_manual if head_manual is not None else load_manual(root).manual
        log.unpublished = semantic_diff(previous, head, previous_label, "esta copia")
    return log
