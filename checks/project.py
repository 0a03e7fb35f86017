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
from .cache import DiskCache
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


def _read(path: Path, display: str, kind: str, root_real: Path,
          cache: DiskCache | None = None) -> tuple[Document | None, list[Problem]]:
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
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [_err(Location(display), "ARCH003", f"no se puede leer ({exc.strerror})")]
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    key = (display, kind, digest)
    cached = _MEMO.get(key)
    if cached is None and cache is not None:
        disk_key = cache.key(display, kind, digest)
        cached = cache.get(disk_key, raw)
        if cached is None:
            cached = _load_and_validate(raw, display, kind)
            cache.put(disk_key, *cached)
    elif cached is not None and cache is not None:
        cache.put(cache.key(display, kind, digest), *cached)
    if cached is None:
        cached = _load_and_validate(raw, display, kind)
    if len(_MEMO) > 20_000:
        _MEMO.clear()
    _MEMO[key] = cached
    doc, problems = cached
    if problems:
        return None, list(problems)
    return doc, []


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

    docs: dict[str, tuple[str, Document]] = {}
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
        out.files += 1
        doc, problems = _read(path, display, kind, root_real, cache)
        out.problems.extend(problems)
        if doc is None:
            if name in REQUIRED:
                out.catalog_ok = False
            continue
        docs[name] = (kind, doc)
        man.documents[display] = doc

    folder_docs: dict[str, list[Document]] = {k: [] for k in FOLDERS}
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
            display = _display(root_arg, rel)
            out.files += 1
            doc, problems = _read(path, display, kind, root_real, cache)
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

    if cache is not None:
        cache.save()

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
