"""Persistent per-file cache of load + schema results for the command line.

What is cached is exactly what does not depend on any other file: for one file (display
path, kind and the BLAKE2 hash of its bytes) either its schema-valid data, or the loader
and schema problems it produced. Everything that crosses files — building the model,
file names versus ids, duplicate ids, every compliance rule, exceptions — runs again on
every invocation, so a changed catalogue (roles, norms, glossary, exceptions) is always
seen. An entry is only reused when the bytes are identical, and the whole cache is
discarded when the tool changes: the fingerprint covers the source of the modules that
produce cached results, the PyYAML and Cerberus versions and the Python version.

Layout: ``<dir>/<hash of the manual's real path>.json``, one JSON file per manual,
rewritten atomically (temporary file + ``os.replace``) only when something changed, and
holding only the entries the last run used. JSON, not pickle: reading it can never run
code. Cached documents get their positions back lazily, the first time a problem has to point
into them: from the cached flat list of (line, column) pairs, in the order of a pre-order walk
of the data (the order the loader recorded them), or by parsing their bytes again if that list
does not fit the data.

Nothing is ever written inside the manual's directory; any I/O or format problem just
disables the cache for that run.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from .loader import Document, load_bytes
from .problem import Location, Problem, Severity

FORMAT = 2          # 2: "ok" entries also hold the positions (flat list of line, column)
_SOURCES = ("cache.py", "loader.py", "schema.py", "problem.py", "project.py")


def fingerprint() -> str:
    """Identity of everything that decides a cached result (without importing cerberus,
    whose installed files are identified by size and modification time)."""
    import importlib.util

    import yaml

    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    digest.update(f"{FORMAT}|{sys.version}|{yaml.__version__}|{yaml.__file__}".encode())
    spec = importlib.util.find_spec("cerberus")
    if spec is not None and spec.origin:
        for path in sorted(Path(spec.origin).parent.glob("*.py")):
            stat = path.stat()
            digest.update(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


class _LazyLocation(Location):
    """A :class:`Location` in a cached document whose line and column are only computed
    (by parsing the file's bytes again) when something reads them. Rules build many
    locations they never report; only reported ones cost a parse."""

    def __init__(self, doc: "CachedDocument", path: tuple):
        object.__setattr__(self, "file", doc.path)
        object.__setattr__(self, "_doc", doc)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_resolved", None)

    def _resolve(self) -> Location:
        if self._resolved is None:
            object.__setattr__(self, "_resolved", Document.loc(self._doc, self._path))
        return self._resolved

    @property
    def line(self) -> int:
        return self._resolve().line

    @property
    def column(self) -> int:
        return self._resolve().column

    def _key(self) -> tuple:
        return (self.file, self.line, self.column)

    def __eq__(self, other):
        return isinstance(other, Location) and self._key() == (other.file, other.line, other.column)

    def __lt__(self, other):
        return self._key() < (other.file, other.line, other.column)

    def __le__(self, other):
        return self._key() <= (other.file, other.line, other.column)

    def __gt__(self, other):
        return self._key() > (other.file, other.line, other.column)

    def __ge__(self, other):
        return self._key() >= (other.file, other.line, other.column)

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"Location(file={self.file!r}, line={self.line!r}, column={self.column!r})"

    def __reduce__(self):
        return (Location, self._key())


class CachedDocument(Document):
    """A document restored from the cache: same data, positions rebuilt on first use."""

    def __init__(self, path: str, data, raw: bytes, flat_positions: list | None = None):
        self.path = path
        self.data = data
        self._raw = raw
        self._flat = flat_positions
        self._positions = None

    @property
    def positions(self) -> dict:
        if self._positions is None:
            positions = _unflatten(self.data, self._flat) if self._flat is not None else None
            self._positions = positions if positions is not None else load_bytes(self._raw, self.path).positions
            self._flat = None
        return self._positions

    @positions.setter
    def positions(self, value: dict) -> None:
        self._positions = value

    def loc(self, path: tuple = ()) -> Location:
        return _LazyLocation(self, path)


def _preorder(data) -> list[tuple]:
    """Every path of ``data`` in the order :func:`checks.loader._build` records positions:
    the root, then pre-order (each mapping key or sequence index before its content)."""
    out: list[tuple] = [()]
    append = out.append

    def visit(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                p = path + (k,)
                append(p)
                if isinstance(v, (dict, list)):
                    visit(v, p)
        else:
            for i, v in enumerate(value):
                p = path + (i,)
                append(p)
                if isinstance(v, (dict, list)):
                    visit(v, p)

    if isinstance(data, (dict, list)):
        visit(data, ())
    return out


def _flatten(positions: dict) -> list[int]:
    flat: list[int] = []
    for line, column in positions.values():
        flat.append(line)
        flat.append(column)
    return flat


def _unflatten(data, flat) -> dict | None:
    """Positions from the cached flat list, or ``None`` when it does not fit ``data``."""
    if not isinstance(flat, list):
        return None
    paths = _preorder(data)
    if len(flat) != 2 * len(paths):
        return None
    it = iter(flat)
    return {path: (line, column) for path, line, column in zip(paths, it, it)}


def _problem_to_json(p: Problem) -> list:
    loc = p.location
    return [loc.file, loc.line, loc.column, p.rule, int(p.severity), p.message, p.subject, p.step, p.risk]


def _problem_from_json(item: list) -> Problem:
    file, line, column, rule, severity, message, subject, step, risk = item
    return Problem(Location(file, line, column), rule, Severity(severity), message, subject, step, risk)


class DiskCache:
    """Cache of ``(display, kind, content hash) -> (Document | None, problems)`` for one manual."""

    def __init__(self, directory: str | os.PathLike, root: str | os.PathLike):
        self.directory = Path(directory)
        real_root = os.path.realpath(root)
        name = hashlib.blake2b(real_root.encode(), digest_size=12).hexdigest()
        self.file = self.directory / f"{name}.json"
        self.enabled = not _inside(self.directory, real_root)
        self._stored: dict = {}
        self._used: dict = {}
        self._dirty = False
        self._fingerprint = ""
        if self.enabled:
            self._open()

    def _open(self) -> None:
        try:
            self._fingerprint = fingerprint()
            with open(self.file, "rb") as fh:
                content = json.loads(fh.read())
            if content.get("huella") == self._fingerprint and isinstance(content.get("entradas"), dict):
                self._stored = content["entradas"]
        except (OSError, ValueError, AttributeError):
            self._stored = {}

    @staticmethod
    def key(display: str, kind: str, digest: str) -> str:
        return f"{kind}|{digest}|{display}"

    def get(self, key: str, raw: bytes):
        """``(Document | None, problems)`` for ``key``, or ``None`` when not cached."""
        entry = self._stored.get(key)
        if entry is None:
            return None
        try:
            status, payload = entry[0], entry[1]
            if status == "ok":
                display = key.split("|", 2)[2]
                result = (CachedDocument(display, payload, raw, entry[2] if len(entry) > 2 else None), [])
            else:
                result = (None, [_problem_from_json(item) for item in payload])
        except (TypeError, ValueError):
            return None
        self._used[key] = entry
        return result

    def put(self, key: str, doc: Document | None, problems: list[Problem]) -> None:
        if key in self._stored:
            self._used[key] = self._stored[key]
            return
        if doc is not None and not problems:
            entry = ["ok", doc.data, _flatten(doc.positions)]
        else:
            entry = ["err", [_problem_to_json(p) for p in problems]]
        self._used[key] = entry
        self._dirty = True

    def save(self) -> None:
        """Write the entries used by this run, if anything changed; never raises."""
        if not self.enabled or not (self._dirty or len(self._used) != len(self._stored)):
            return
        try:
            text = json.dumps({"huella": self._fingerprint, "entradas": self._used},
                              ensure_ascii=False, separators=(",", ":"))
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(text.encode("utf-8"))
                os.replace(tmp, self.file)
                _prune(self.directory)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except (OSError, ValueError, TypeError, UnicodeError):
            pass


MAX_FILES = 64


def _prune(directory: Path) -> None:
    """Keep the ``MAX_FILES`` most recently written manuals (tests create many)."""
    files = list(directory.glob("*.json"))
    if len(files) <= MAX_FILES:
        return
    files.sort(key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[MAX_FILES:]:
        try:
            old.unlink()
        except OSError:
            pass


def _inside(path: Path, root_real: str) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(root_real)
        return True
    except ValueError:
        return False
