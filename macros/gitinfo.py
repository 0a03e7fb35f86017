"""When each YAML file last changed, from git history: ONE ``git log`` over the whole
``procesos_yaml/`` directory (not one subprocess per file), so the cost does not grow with
the number of procedures. Never fails the build: without git, outside a repository or on
any error, every file is simply "Sin historial".
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

_SEP = "\x1e"          # record separator before each commit header
_TIMEOUT = 60


@dataclass(frozen=True)
class Change:
    date: str            # ISO date of the commit (committer date, YYYY-MM-DD)
    commit: str          # abbreviated hash
    subject: str         # commit subject (untrusted text: escape before display)
    dirty: bool = False  # the working copy has uncommitted changes to the file


def _git(args: list[str], cwd: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def last_changes(directory: str) -> dict[str, Change]:
    """Map absolute real path of each file under ``directory`` -> its last :class:`Change`."""
    directory = os.path.realpath(directory)
    if not os.path.isdir(directory):
        return {}
    top = _git(["rev-parse", "--show-toplevel"], directory)
    if not top:
        return {}
    top = os.path.realpath(top.strip())
    log = _git(["log", "--no-renames", "--name-only", f"--format={_SEP}%h%x09%cs%x09%s", "--", "."],
               directory)
    if log is None:
        return {}
    changes: dict[str, Change] = {}
    for record in log.split(_SEP):
        if not record.strip():
            continue
        header, _, names = record.partition("\n")
        parts = header.split("\t", 2)
        if len(parts) != 3:
            continue
        commit, date, subject = parts
        for name in names.splitlines():
            name = name.strip()
            if not name:
                continue
            path = os.path.join(top, name)
            if path not in changes:           # git log is newest first
                changes[path] = Change(date, commit, subject)
    status = _git(["status", "--porcelain", "--", "."], directory)
    if status:
        for line in status.splitlines():
            name = line[3:].strip().strip('"')
            path = os.path.join(top, name)
            if path in changes:
                c = changes[path]
                changes[path] = Change(c.date, c.commit, c.subject, True)
    return changes


def change_for(changes: dict[str, Change], file_path: str) -> Change | None:
    return changes.get(os.path.realpath(file_path))
