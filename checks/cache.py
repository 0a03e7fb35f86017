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

The cache is not trusted (issue 17): a file in ``.cache/checks`` can be edited, truncated,
restored from elsewhere or written by an older tool. Each entry therefore carries a MAC
(keyed BLAKE2b) of its exact content, under a key derived from a random secret kept beside
the cache (``clave``, created with mode 0600), the tool's fingerprint and the entry's key,
which holds the BLAKE2 digest of the source file's bytes. An entry is used only if its MAC
matches *and* its shape is right (an ``ok`` entry's data passes the schema again, an ``err``
entry is a list of well-formed problems); anything else is ignored and recomputed, so the
findings with a cache are always those of ``--sin-cache``.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

from .loader import Document, load_bytes
from .problem import Location, Problem, Severity

FORMAT = 3          # 3: [status, payload, mac] and, for "ok", the positions (flat list of line, column)
SECRET_FILE = "clave"
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


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def flatten_positions(positions: dict) -> list[int]:
    """Positions as stored: line and column of each path, in the order of ``positions``
    (the loader's pre-order), flattened into one list of integers."""
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


def problem_to_json(p: Problem) -> list:
    loc = p.location
    return [loc.file, loc.line, loc.column, p.rule, int(p.severity), p.message, p.subject, p.step, p.risk]


def _optional(value, kind) -> bool:
    return value is None or (type(value) is kind)


def problem_from_json(item: list) -> Problem:
    """A cached problem, or ``ValueError`` when ``item`` is not exactly what
    :func:`problem_to_json` writes."""
    if type(item) is not list or len(item) != 9:
        raise ValueError("problema con forma inesperada")
    file, line, column, rule, severity, message, subject, step, risk = item
    if not (type(file) is str and type(line) is int and type(column) is int and line >= 1 and column >= 1
            and type(rule) is str and type(severity) is int and type(message) is str
            and _optional(subject, str) and _optional(step, int) and _optional(risk, str)):
        raise ValueError("problema con tipos inesperados")
    return Problem(Location(file, line, column), rule, Severity(severity), message, subject, step, risk)


def _secret(directory: Path) -> bytes | None:
    """The random key of this cache directory (created on first use, mode 0600); ``None``
    when it cannot be read or created (then the cache is not used)."""
    path = directory / SECRET_FILE
    try:
        with open(path, "rb") as fh:
            key = fh.read(65)
        return key if len(key) == 32 else None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:          # another process created it meanwhile
        return _secret_existing(path)
    except OSError:
        return None
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def _secret_existing(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


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
        self._secret: bytes | None = None
        if self.enabled:
            self._open()

    def _open(self) -> None:
        try:
            self._fingerprint = fingerprint()
            self._secret = _secret(self.directory)
            if self._secret is None:
                self.enabled = False
                return
            with open(self.file, "rb") as fh:
                content = json.loads(fh.read())
            if content.get("huella") == self._fingerprint and isinstance(content.get("entradas"), dict):
                self._stored = content["entradas"]
        except (OSError, ValueError, AttributeError, RecursionError):
            self._stored = {}

    @staticmethod
    def key(display: str, kind: str, digest: str) -> str:
        return f"{kind}|{digest}|{display}"

    def _mac(self, key: str, content: str) -> str:
        """MAC of ``content``, the JSON text of ``[status, payload, extra]`` (``extra``: the
        positions of an ``ok`` entry) exactly as stored, under a key bound to this cache's
        secret, the tool's fingerprint and ``key`` (kind, source digest, display path)."""
        entry_key = hashlib.blake2b(f"{self._fingerprint}|{key}".encode("utf-8", "surrogatepass"),
                                    key=self._secret, digest_size=32).digest()
        return hashlib.blake2b(content.encode("utf-8", "surrogatepass"), key=entry_key,
                               digest_size=32).hexdigest()

    def _sealed(self, key: str, status: str, payload, extra) -> tuple[str, str]:
        """``(stored JSON text of the entry, its MAC)``: ``[status, payload, mac]`` plus
        ``extra`` when given, each part encoded once; the MAC covers the same encoded parts."""
        status_json, payload_json, extra_json = _dumps(status), _dumps(payload), _dumps(extra)
        mac = self._mac(key, f"[{status_json},{payload_json},{extra_json}]")
        tail = "" if extra is None else "," + extra_json
        return f"[{status_json},{payload_json},{_dumps(mac)}{tail}]", mac

    def get(self, key: str, raw: bytes):
        """``(Document | None, problems)`` for ``key``, or ``None`` when not cached or when
        the entry is not authentic or not well formed (it is then recomputed)."""
        entry = self._stored.get(key)
        if entry is None:
            return None
        try:
            if type(entry) is not list or len(entry) not in (3, 4):
                return None
            status, payload, mac = entry[0], entry[1], entry[2]
            extra = entry[3] if len(entry) == 4 else None
            if type(mac) is not str:
                return None
            sealed, expected = self._sealed(key, status, payload, extra)
            if not hmac.compare_digest(mac, expected):
                return None
            kind, _, display = key.split("|", 2)
            if status == "ok":
                if type(payload) is not dict or not _schema_valid(payload, kind):
                    return None
                if extra is not None and not (type(extra) is list
                                              and all(type(v) is int and v >= 1 for v in extra)):
                    return None
                result = (CachedDocument(display, payload, raw, extra), [])
            elif status == "err" and type(payload) is list and payload and len(entry) == 3:
                result = (None, [problem_from_json(item) for item in payload])
            else:
                return None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            return None
        self._used[key] = sealed
        return result

    def seal(self, key: str, doc: Document | None, problems: list[Problem]) -> tuple[str, str] | None:
        """``(stored text, MAC)`` of the entry for a load result (``None`` if it cannot be
        stored); :meth:`put_sealed` adds it. A forked loader seals, the parent adds."""
        if doc is not None and not problems:
            status, payload, extra = "ok", doc.data, flatten_positions(doc.positions)
        else:
            status, payload, extra = "err", [problem_to_json(p) for p in problems], None
        try:
            return self._sealed(key, status, payload, extra)
        except (TypeError, ValueError):
            return None

    def put(self, key: str, doc: Document | None, problems: list[Problem]) -> None:
        if key in self._used:
            return                       # just read and verified by get(), or already put
        sealed = self.seal(key, doc, problems)
        if sealed is not None:
            self.put_sealed(key, *sealed)

    def put_sealed(self, key: str, sealed: str, mac: str) -> None:
        self._used[key] = sealed
        stored = self._stored.get(key)
        if not (type(stored) is list and len(stored) >= 3 and stored[2] == mac):
            self._dirty = True           # same MAC: the stored entry has exactly this content

    def save(self) -> None:
        """Write the entries used by this run, if anything changed; never raises."""
        if not self.enabled or not (self._dirty or len(self._used) != len(self._stored)):
            return
        try:
            # Each entry is already JSON text (encoded once, when sealed): join, not re-encode.
            entries = ",".join(f"{_dumps(key)}:{sealed}" for key, sealed in self._used.items())
            text = f'{{"huella":{_dumps(self._fingerprint)},"entradas":{{{entries}}}}}'
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(text.encode("utf-8", "surrogatepass"))
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


def _schema_valid(data: dict, kind: str) -> bool:
    """Whether cached document data still passes the schema of its kind (cheap: the
    compiled fast path; cerberus only when the fast path cannot tell)."""
    from . import schema

    if kind not in schema.SCHEMAS:
        return True          # not a file kind of the manual (tests): the MAC alone vouches for it
    if schema.fast_valid(data, kind):
        return True
    return bool(schema.validator_for(kind).validate(data))


def _inside(path: Path, root_real: str) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(root_real)
        return True
    except ValueError:
        return False
