"""Read the manual's YAML as it was at a git revision, without touching the working tree.

The files under ``ruta`` at ``rev`` are listed with ``git ls-tree`` and read with one
``git cat-file --batch`` into a temporary directory, which the normal project loader
then reads (strictly, like any other manual). Only regular files are written; symbolic
links and submodules are skipped, and no path may leave the temporary directory.
A file larger than the loader's limit is copied only up to that limit plus one byte (so
the loader still reports it as too large) and is never read whole into memory.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from checks.loader import MAX_BYTES


class GitError(Exception):
    """A git command failed or a revision does not exist (message in Spanish)."""


def _git(args: list[str], cwd: str | os.PathLike, data: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("no se encontró el programa git") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])} falló: {detail[-1] if detail else result.returncode}")
    return result.stdout


def repo_root(path: str | os.PathLike = ".") -> Path:
    """Top directory of the repository that contains ``path``."""
    start = Path(path)
    cwd = start if start.is_dir() else start.parent
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitError:
        raise GitError(f"«{path}» no está dentro de un repositorio git") from None
    return Path(out.decode("utf-8").strip())


def resolve(rev: str, cwd: str | os.PathLike) -> str:
    """Full commit id of ``rev``; :class:`GitError` if it does not exist."""
    if rev.startswith("-"):
        raise GitError(f"revisión no válida «{rev}»")
    try:
        out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd)
    except GitError:
        raise GitError(f"la revisión «{rev}» no existe en el repositorio") from None
    return out.decode("ascii").strip()


def relative_to_repo(path: str | os.PathLike) -> tuple[Path, str]:
    """``(repository root, path inside it in POSIX form)`` for a directory of the work tree."""
    root = repo_root(path)
    rel = Path(os.path.abspath(path)).resolve().relative_to(root.resolve())
    return root, rel.as_posix() if str(rel) != "." else ""


def export_tree(rev: str, subdir: str, dest: str | os.PathLike, cwd: str | os.PathLike) -> int:
    """Write the regular files under ``subdir`` at ``rev`` into ``dest`` (keeping their
    paths relative to ``subdir``). Returns the number of files written."""
    commit = resolve(rev, cwd)
    spec = [f"{subdir.rstrip('/')}/"] if subdir else []
    listing = _git(["ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *spec], cwd)
    entries, large = [], []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha, size = meta.decode("ascii").split()
        if kind != "blob" or mode not in ("100644", "100755"):
            continue                          # symlinks (120000) and submodules are not copied
        rel = PurePosixPath(name.decode("utf-8", "surrogateescape"))
        if subdir:
            try:
                rel = rel.relative_to(subdir)
            except ValueError:
                continue
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            continue
        (large if int(size) > MAX_BYTES else entries).append((sha, rel))
    base = Path(dest)
    for sha, rel in large:
        target = base.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_head_of_blob(sha, cwd, MAX_BYTES + 1))
    if not entries:
        return len(large)
    out = _git(["cat-file", "--batch"], cwd, "".join(f"{sha}\n" for sha, _ in entries).encode("ascii"))
    offset = 0
    for sha, rel in entries:
        header_end = out.index(b"\n", offset)
        header = out[offset:header_end].decode("ascii").split()
        if len(header) != 3 or header[0] != sha:
            raise GitError(f"respuesta inesperada de git cat-file para {rel}")
        size = int(header[2])
        body = out[header_end + 1:header_end + 1 + size]
        offset = header_end + 1 + size + 1
        target = base.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return len(entries) + len(large)


def _head_of_blob(sha: str, cwd, limit: int) -> bytes:
    """The first ``limit`` bytes of a blob, without reading the rest."""
    proc = subprocess.Popen(["git", "cat-file", "blob", sha], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        data = proc.stdout.read(limit)
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()
    return data


@contextlib.contextmanager
def tree_at(rev: str, path: str | os.PathLike):
    """Context manager: a temporary directory holding ``path`` (a directory of the work
    tree, e.g. ``procesos_yaml``) as it was at ``rev``. Yields the directory's path."""
    root, rel = relative_to_repo(path)
    with tempfile.TemporaryDirectory(prefix="manual-rev-") as tmp:
        name = PurePosixPath(rel).name or "raiz"
        dest = Path(tmp) / name
        dest.mkdir()
        export_tree(rev, rel, dest, root)
        yield dest
