"""Discover, load and validate every file of ``procesos_yaml/`` into a :class:`Manual`.

Loading problems (``YAML…``), schema problems (``ESQ…``) and file-layout problems
(``ARCH…``) are structural errors: they cannot be excepted. Results are memoised per
file content, so ``mkdocs serve`` rebuilds and repeated checks only re-read what changed.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import model, schema
from .cache import CachedDocument, DiskCache, flatten_positions, problem_from_json, problem_to_json
from .fork_split import split_map
from .loader import Document, LoadError, load_bytes, MAX_BYTES
from .problem import Location, Problem, Severity

FILE_CODES = {
    "ARCH001": "Falta un archivo obligatorio (`manual.yaml`, `roles.yaml`, `normativa.yaml`, `glosario.yaml`).",
    "ARCH002": "Archivo YAML en un lugar que la herramienta no lee.",
    "ARCH003": "Enlace simbólico que apunta fuera de `procesos_yaml/`, o ruta que no es un archivo.",
    "ARCH004": "El nombre del archivo no coincide con el `id` que declara.",
    "ARCH005": "Identificador duplicado (procedimiento, coordinación, rol, norma o riesgo).",
}

REQUIRED = {"manual.yaml": "manual", "roles.yaml": "roles", "glosario.yaml": "glosario",
            "normativa.yaml": "normativa"}
OPTIONAL = {"excepciones.yaml": "excepciones"}
FOLDERS = {"coordinaciones": "coordinacion", "procedimientos": "procedimiento"}

# content hash -> (Document | LoadError, [schema problems]); bounded by the number of files.
_MEMO: dict[tuple[str, str, str], tuple] = {}


@dataclass
class Loaded:
    manual: model.Manual
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    catalog_ok: bool = True      # False when a catalogue file failed: rules would only add noise


def _err(loc: Location, code: str, message: str) -> Problem:
    return Problem(loc, code, Severity.ERROR, message)


def _open(path: Path, display: str, root_real: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of one file of the manual, or the ARCH003 problem that stops reading it."""
    try:
        real = path.resolve()
        real.relative_to(root_real)
    except (ValueError, OSError, RuntimeError):
        return None, [_err(Location(display), "ARCH003",
                           "enlace simbólico que apunta fuera de procesos_yaml/: no se lee")]
    if not real.is_file():
        return None, [_err(Location(display), "ARCH003", "se esperaba un archivo YAML y no lo es")]
    try:
        with open(real, "rb") as fh:
            return fh.read(MAX_BYTES + 1), []
    except OSError as exc:
        return None, [_err(Location(display), "ARCH003", f"no se puede leer ({exc.strerror})")]


class _Pending:
    """A file whose bytes were read but found neither in memory nor in the disk cache."""

    __slots__ = ("raw", "display", "kind", "memo_key", "disk_key")

    def __init__(self, raw, display, kind, memo_key, disk_key):
        self.raw, self.display, self.kind = raw, display, kind
        self.memo_key, self.disk_key = memo_key, disk_key


def _read_all(jobs: list[tuple[Path, str, str]], root_real: Path,
              cache: DiskCache | None) -> list[tuple[Document | None, list[Problem]]]:
    """``(Document | None, problems)`` for every ``(path, display, kind)`` of ``jobs``, in order.

    Each file is read and hashed; its result comes from the in-process memo, else from the
    disk cache, else it is parsed and validated. That last part, the only costly one, is
    shared with a forked child when many files need it (:mod:`checks.fork_split`: a cold
    check of a large manual); the child's documents arrive as data plus flat positions,
    exactly like entries of the disk cache, and are rebuilt the same way."""
    results: list = [None] * len(jobs)
    pending: list[tuple[int, _Pending]] = []
    for i, (path, display, kind) in enumerate(jobs):
        raw, problems = _open(path, display, root_real)
        if raw is None:
            results[i] = (None, problems)
            continue
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
        memo_key = (display, kind, digest)
        disk_key = cache.key(display, kind, digest) if cache is not None else None
        cached = _MEMO.get(memo_key)
        if cached is None and cache is not None:
            cached = cache.get(disk_key, raw)
        elif cached is not None and cache is not None:
            cache.put(disk_key, *cached)
        if cached is None:
            pending.append((i, _Pending(raw, display, kind, memo_key, disk_key)))
        else:
            results[i] = cached
    if pending:
        def local(item: _Pending):
            return _load_and_validate(item.raw, item.display, item.kind)

        def remote(item: _Pending):
            return _portable(item, cache)

        for (i, item), (shared, value) in zip(pending, split_map([p for _, p in pending], local, remote,
                                                                         weight=lambda p: len(p.raw))):
            if shared:
                cached = _from_portable(item, value, cache)
            else:
                cached = value
                if cache is not None:
                    cache.put(item.disk_key, *cached)
            results[i] = cached
    if len(_MEMO) + len(pending) > 20_000:
        _MEMO.clear()
    for i, item in pending:
        _MEMO[item.memo_key] = results[i]
    out = []
    for doc, problems in results:
        out.append((None, list(problems)) if problems else (doc, []))
    return out


def _portable(item: _Pending, cache: DiskCache | None) -> tuple:
    """What a child sends back for one file: plain data only (and the sealed cache entry)."""
    doc, problems = _load_and_validate(item.raw, item.display, item.kind)
    sealed = cache.seal(item.disk_key, doc, problems) if cache is not None else None
    if doc is not None and not problems:
        return ("ok", doc.data, flatten_positions(doc.positions), sealed)
    return ("err", [problem_to_json(p) for p in problems], None, sealed)


def _from_portable(item: _Pending, value: tuple, cache: DiskCache | None) -> tuple:
    status, payload, flat, sealed = value
    if status == "ok":
        cached = (CachedDocument(item.display, payload, item.raw, flat), [])
    else:
        cached = (None, [problem_from_json(p) for p in payload])
    if cache is not None:
        if sealed is not None:
            cache.put_sealed(item.disk_key, *sealed)
        else:
            cache.put(item.disk_key, *cached)
    return cached


def _load_and_validate(raw: bytes, display: str, kind: str) -> tuple:
    try:
        doc = load_bytes(raw, display)
    except LoadError as exc:
        return (None, [_err(exc.location, exc.code, exc.message)])
    return (doc, schema.validate(doc, kind))


def _display(root_arg: str, rel: str) -> str:
    return os.path.join(root_arg, rel) if root_arg not in ("", ".") else rel


@contextlib.contextmanager
def collector_paused():
    """Pause the cyclic garbage collector (restored afterwards, also on error; nests).

    Loading, walking and checking the manual allocate hundreds of thousands of small objects
    that live until the work ends (model, locations, texts, findings) and almost no cycles;
    with the collector on, those allocations trigger repeated full collections of everything
    allocated so far. Whatever cyclic garbage there is (parser objects) is collected normally
    once the collector is enabled again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_manual(root: str | os.PathLike, cache_dir: str | os.PathLike | None = None) -> Loaded:
    """Load the whole manual under ``root``; never raises for bad content.

    ``cache_dir``: directory of the persistent per-file cache (:mod:`checks.cache`), as
    the CLI passes it; without it only the in-process memo is used (``mkdocs serve``
    rebuilds).
    """
    # Loading allocates hundreds of thousands of small acyclic objects: the cyclic garbage
    # collector would repeatedly walk them for nothing (about a third of the load time at
    # 1,000 procedures). Reference counting still frees everything.
    with collector_paused():
        return _load_manual(root, cache_dir)


def _load_manual(root: str | os.PathLike, cache_dir) -> Loaded:
    root_arg = os.fspath(root)
    root_path = Path(root_arg)
    out = Loaded(model.Manual())
    man = out.manual
    if not root_path.is_dir():
        out.problems.append(_err(Location(root_arg), "ARCH001", "no existe el directorio de procesos"))
        out.catalog_ok = False
        return out
    root_real = root_path.resolve()
    cache = DiskCache(cache_dir, root_path) if cache_dir is not None else None

    # First what to read, in the manual's order; then read it all (possibly in parallel).
    jobs: list[tuple[Path, str, str]] = []
    catalog: list[str] = []
    listed: list[tuple[str, Path]] = []
    known: set[str] = set()
    for name, kind in {**REQUIRED, **OPTIONAL}.items():
        path = root_path / name
        known.add(name)
        display = _display(root_arg, name)
        if not path.exists() and not path.is_symlink():
            if name in REQUIRED:
                out.problems.append(_err(Location(display), "ARCH001", f"falta el archivo obligatorio {name}"))
                out.catalog_ok = False
            continue
        catalog.append(name)
        jobs.append((path, display, kind))
    for folder, kind in FOLDERS.items():
        base = root_path / folder
        if not base.is_dir():
            if base.exists() or base.is_symlink():
                out.problems.append(_err(Location(_display(root_arg, folder)), "ARCH003",
                                         f"se esperaba el directorio {folder}/ y no lo es: no se lee"))
                if folder == "coordinaciones":
                    out.catalog_ok = False
            continue
        for path in sorted(base.iterdir(), key=lambda p: model.natural_key(p.name)):
            if path.suffix not in (".yaml", ".yml"):
                continue
            rel = f"{folder}/{path.name}"
            known.add(rel)
            listed.append((folder, path))
            jobs.append((path, _display(root_arg, rel), kind))
    out.files = len(jobs)
    results = _read_all(jobs, root_real, cache)
    if cache is not None:
        cache.save()

    docs: dict[str, tuple[str, Document]] = {}
    for name, (path, display, kind), (doc, problems) in zip(catalog, jobs, results):
        out.problems.extend(problems)
        if doc is None:
            if name in REQUIRED:
                out.catalog_ok = False
            continue
        docs[name] = (kind, doc)
        man.documents[display] = doc
    folder_docs: dict[str, list[Document]] = {k: [] for k in FOLDERS}
    for (folder, path), (_, display, _), (doc, problems) in zip(listed, jobs[len(catalog):],
                                                                  results[len(catalog):]):
        out.problems.extend(problems)
        if doc is None:
            if folder == "coordinaciones":
                out.catalog_ok = False
            continue
        if doc.data["id"] != path.stem:
            out.problems.append(_err(doc.loc(("id",)), "ARCH004",
                                     f"el id «{doc.data['id']}» no coincide con el nombre del archivo "
                                     f"«{path.name}»: renombre el archivo a {doc.data['id']}.yaml"))
            continue
        folder_docs[folder].append(doc)
        man.documents[display] = doc

    for path in sorted(root_path.rglob("*.y*ml")):
        rel = path.relative_to(root_path).as_posix()
        if rel not in known and path.suffix in (".yaml", ".yml"):
            out.problems.append(Problem(Location(_display(root_arg, rel)), "ARCH002", Severity.WARNING,
                                        "archivo no reconocido: no forma parte del manual "
                                        "(¿debería estar en procedimientos/ o coordinaciones/?)"))

    if "manual.yaml" in docs:
        man.info = model.build_info(docs["manual.yaml"][1])
    if "roles.yaml" in docs:
        _add_unique(out, man.roles, model.build_roles(docs["roles.yaml"][1]), "rol")
    if "glosario.yaml" in docs:
        man.terms = model.build_terms(docs["glosario.yaml"][1])
    if "normativa.yaml" in docs:
        _add_unique(out, man.norms, model.build_norms(docs["normativa.yaml"][1]), "norma")
    if "excepciones.yaml" in docs:
        man.exceptions = model.build_exceptions(docs["excepciones.yaml"][1])
    coords = [model.build_coordination(d) for d in folder_docs["coordinaciones"]]
    # The manual's own order: by section number ("1", "2", …), then id.
    coords.sort(key=lambda c: (c.number is None, model.natural_key(c.number or ""), model.natural_key(c.id)))
    _add_unique(out, man.coordinations, coords, "coordinación")
    procs = [model.build_procedure(d) for d in folder_docs["procedimientos"]]
    order = {cid: i for i, cid in enumerate(man.coordinations)}
    procs.sort(key=lambda p: (order.get(p.area, len(order)), model.natural_key(p.id)))
    _add_unique(out, man.procedures, procs, "procedimiento")
    seen_risks: dict[str, model.Risk] = {}
    for risk in man.all_risks():
        if risk.id in seen_risks:
            first = seen_risks[risk.id].loc("id")
            out.problems.append(_err(risk.loc("id"), "ARCH005",
                                     f"riesgo «{risk.id}» duplicado (ya definido en {first})"))
        else:
            seen_risks[risk.id] = risk
    return out


def _add_unique(out: Loaded, target: dict, items, what: str) -> None:
    for item in items:
        if item.id in target:
            first = target[item.id].loc("id")
            out.problems.append(_err(item.loc("id"), "ARCH005", f"{what} «{item.id}» duplicado (ya definido en {first})"))
        else:
            target[item.id] = item


def unsafe_output(target: str | os.PathLike, manual_root: str | os.PathLike = "procesos_yaml") -> str | None:
    """Why writing ``target`` could destroy part of the manual (Spanish), or None.

    The tools never write inside the manual's directory nor over a YAML file: ``export -o``
    or ``esquema -o`` pointed at ``procesos_yaml/manual.yaml`` used to replace it silently.
    """
    real = os.path.realpath(target)
    if Path(real).suffix.lower() in (".yaml", ".yml"):
        return f"no se escribe sobre un archivo YAML ({target}): elija un archivo .json"
    root = os.path.realpath(manual_root)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return f"no se escribe dentro del directorio del manual ({manual_root}): elija otra ruta"
    here = Path(real) if os.path.isdir(real) else Path(real).parent
    for folder in (here, *here.parents):
        if all((folder / name).is_file() for name in ("manual.yaml", "roles.yaml")):
            return f"no se escribe dentro del directorio de un manual ({folder}): elija otra ruta"
    return None
