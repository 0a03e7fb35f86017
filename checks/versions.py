"""Published versions of the manual, read from git tags (core: no reports, no MkDocs).

Convention (documented in ``procesos_yaml/LEEME.md`` «Control del documento»): a published
version is an annotated or lightweight git tag ``manual-<versión>`` whose ``manual.yaml``
says ``version: "<versión>"`` and ``control.estado: aprobado``. Versions order as tuples of
integers: ``2023 < 2023.1 < 2024 < 2024.1``.

Everything degrades: no git, not a repository, a shallow clone or no tags give
``History(available=False, reason=…)`` or an empty list, never an exception.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .schema import VERSION_PATTERN

TAG_PREFIX = "manual-"
_TIMEOUT = 30
UNAVAILABLE = "historial no disponible en esta copia"


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a version number (``"2024.1"`` → ``(2024, 1)``); ``ValueError`` if invalid."""
    if not isinstance(version, str) or not VERSION_PATTERN.fullmatch(version):
        raise ValueError(f"versión no válida: {version!r}")
    return tuple(int(part) for part in version.split("."))


def tag_for(version: str) -> str:
    return TAG_PREFIX + version


def version_of_tag(tag: str) -> str | None:
    """``"manual-2024.1"`` → ``"2024.1"``; ``None`` for tags outside the convention."""
    if not tag.startswith(TAG_PREFIX):
        return None
    version = tag[len(TAG_PREFIX):]
    return version if VERSION_PATTERN.fullmatch(version) else None


@dataclass(frozen=True)
class Published:
    """One tag of the convention: version, tag name, commit and its date (AAAA-MM-DD)."""

    version: str
    tag: str
    commit: str
    date: str

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)


@dataclass
class History:
    """Tags of the convention in version order, or why there are none to read."""

    available: bool
    versions: list[Published] = field(default_factory=list)
    reason: str | None = None
    head: str | None = None          # commit of HEAD, when available

    @property
    def last(self) -> Published | None:
        return self.versions[-1] if self.versions else None

    def at_head(self) -> Published | None:
        """The newest version tagged on HEAD's commit, if any."""
        tagged = [v for v in self.versions if v.commit == self.head]
        return tagged[-1] if tagged else None


def _git(args: list[str], cwd: str | os.PathLike) -> str | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT, env=env,
                             stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8", "replace")


def _directory(root: str | os.PathLike) -> Path | None:
    path = Path(root)
    if path.is_file():
        path = path.parent
    return path if path.is_dir() else None


def history(root: str | os.PathLike) -> History:
    """Published versions of the manual whose YAML lives in ``root``."""
    cwd = _directory(root)
    if cwd is None:
        return History(False, reason=UNAVAILABLE)
    inside = _git(["rev-parse", "--is-inside-work-tree"], cwd)
    if inside is None or inside.strip() != "true":
        return History(False, reason=f"{UNAVAILABLE}: no es un repositorio git")
    head = (_git(["rev-parse", "--verify", "-q", "HEAD"], cwd) or "").strip() or None
    listing = _git(["for-each-ref", "--format=%(refname:short)%09%(*objectname)%09%(objectname)"
                    "%09%(*committerdate:short)%09%(committerdate:short)", f"refs/tags/{TAG_PREFIX}*"], cwd)
    if listing is None:
        return History(False, reason=UNAVAILABLE, head=head)
    versions = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        tag, peeled, obj, peeled_date, obj_date = parts
        version = version_of_tag(tag)
        if version is None:
            continue
        versions.append(Published(version, tag, peeled or obj, peeled_date or obj_date))
    versions.sort(key=lambda v: v.key)
    shallow = (_git(["rev-parse", "--is-shallow-repository"], cwd) or "").strip() == "true"
    if not versions:
        why = "copia superficial (shallow) sin etiquetas" if shallow else "sin etiquetas «manual-*»"
        return History(False, reason=f"{UNAVAILABLE}: {why}", head=head)
    return History(True, versions, None, head)


@dataclass(frozen=True)
class Status:
    """Whether the manual as built is exactly a published version.

    ``published`` is the version whose tagged ``procesos_yaml/`` tree is byte for byte the one
    being built (committed, nothing modified); ``None`` means the build is a draft (or there is
    no history to prove otherwise: ``reason`` says why)."""

    published: Published | None
    history: History
    reason: str | None = None

    @property
    def draft(self) -> bool:
        return self.published is None


def status(root: str | os.PathLike, hist: History | None = None) -> Status:
    """Is the manual in ``root`` exactly one of its published versions?

    Only the manual's own directory counts: commits that change the tooling but not
    ``procesos_yaml/`` keep the published version in force. Uncommitted or untracked changes
    inside the directory make it a draft."""
    hist = hist if hist is not None else history(root)
    if not hist.available:
        return Status(None, hist, hist.reason)
    cwd = _directory(root)
    prefix = (_git(["rev-parse", "--show-prefix"], cwd) or "").strip()
    dirty = _git(["status", "--porcelain", "--untracked-files=all", "--", "."], cwd)
    if dirty is None:
        return Status(None, hist, UNAVAILABLE)
    if dirty.strip():
        return Status(None, hist, "hay cambios sin confirmar en el directorio del manual")
    here = (_git(["rev-parse", "-q", "--verify", f"HEAD:{prefix}"], cwd) or "").strip()
    if not here:
        return Status(None, hist, UNAVAILABLE)
    for published in reversed(hist.versions):
        tree = (_git(["rev-parse", "-q", "--verify", f"{published.tag}^{{commit}}:{prefix}"], cwd) or "").strip()
        if tree == here:
            return Status(published, hist)
    return Status(None, hist, f"el manual cambió desde la última versión publicada ({hist.last.tag})")
