"""``python -m checks nuevo <area> <id>``: create a skeleton procedure file.

The skeleton passes the schema (so the editor and ``python -m checks`` can work on it right
away) but deliberately leaves responsible parties and outputs empty: until the reviser fills
them in, the compliance rules report them (PRC001, PRC002), so an unfinished procedure can
never be published silently. An existing file is never overwritten (exit code 2).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from checks import schema
from checks.loader import LoadError, load_bytes

PROG = "python -m checks nuevo"
DESCRIPTION = ("Crea el esqueleto de un procedimiento en <ruta>/procedimientos/<id>.yaml, válido para "
               "el esquema y con comentarios que guían su llenado. Nunca sobrescribe un archivo.")
EPILOG = "Códigos de salida: 0 creado; 2 uso incorrecto, área inexistente o el archivo ya existe."

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "esquemas" / "procedimiento.schema.json"
TODO = "POR DEFINIR"


class ScaffoldError(Exception):
    """Refusal with a Spanish message (bad id, unknown area, existing file)."""


def _coordination_roles(coord_file: Path) -> list[str]:
    """Role ids named by a coordination file (for a hint in a comment); [] if unreadable."""
    try:
        data = load_bytes(coord_file.read_bytes(), str(coord_file)).data
    except (LoadError, OSError):
        return []
    if not isinstance(data, dict):
        return []
    roles = []
    for value in [data.get("rol")] + [d.get("rol") for d in data.get("roles_responsabilidades") or ()
                                      if isinstance(d, dict)]:
        if isinstance(value, str) and schema.ID_PATTERN.match(value) and value not in roles:
            roles.append(value)
    return roles


def skeleton(area: str, proc_id: str, schema_ref: str | None, roles_hint: list[str]) -> str:
    """Text of a new procedure file. ``area`` and ``proc_id`` must be valid identifiers."""
    for value in (area, proc_id):
        if not schema.ID_PATTERN.match(value):
            raise ValueError(f"identificador no válido: {value!r}")
    hint = f" (roles de la coordinación: {', '.join(roles_hint)})" if roles_hint else ""
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines += [
        f"# Procedimiento {proc_id} — esqueleto creado con `python -m checks nuevo {area} {proc_id}`.",
        "# Complete cada «" + TODO + "» y borre estos comentarios guía al terminar.",
        "# Formato completo: procesos_yaml/LEEME.md. Revise con: python -m checks",
        "# Mientras los pasos no tengan responsables ni salidas, la construcción fallará",
        "# (hallazgos PRC001 y PRC002): así un procedimiento incompleto no se publica.",
        f"id: {proc_id}".ljust(31) + "# igual al nombre del archivo; no lo cambie",
        f"area: {area}".ljust(31) + "# id de la coordinación (coordinaciones/<area>.yaml)",
        f"nombre: \"{TODO}: nombre del procedimiento como aparece en el manual\"",
        "# seccion: apartado del manual que lo agrupa (opcional)",
        "descripcion: |",
        f"  {TODO}: descripción del procedimiento. Separe los párrafos con una línea en blanco.",
        "# objetivo: objetivo del procedimiento (opcional)",
        "normativa: []                  # ids de normativa.yaml, p. ej. [ESTATUTO]",
        "documentos_externos: []        # insumos que vienen de fuera del procedimiento",
        "pasos:",
        "  - cvo: 1                     # número consecutivo (entero)",
        f"    accion: \"{TODO}: qué se hace en este paso\"",
        f"    responsables: []           # ids de roles.yaml{hint}",
        "    insumos: []                # documentos de entrada, uno por elemento",
        "    salidas: []                # documentos de salida, uno por elemento",
        "    # decision:                # sólo si el manual describe una bifurcación",
        "    #   pregunta: ¿Es procedente?",
        "    #   opciones:",
        "    #     - etiqueta: \"No\"",
        "    #       ir_a: 1             # cvo del paso destino",
        "riesgos: []                    # riesgos del procedimiento (ver LEEME.md); puede quedar vacía",
        "lagunas: []                    # lo que el manual no dice, p. ej. «- descripcion: …»",
    ]
    return "\n".join(lines) + "\n"


def create(root: str | os.PathLike, area: str, proc_id: str) -> Path:
    """Write ``<root>/procedimientos/<proc_id>.yaml``; raise :class:`ScaffoldError` on refusal."""
    root = Path(root)
    if not schema.ID_PATTERN.match(proc_id):
        raise ScaffoldError(f"id no válido «{proc_id[:60]}»: empiece con letra y use sólo letras ASCII, "
                            "dígitos, «-» o «_» (máx. 64), p. ej. CV-03")
    if not schema.ID_PATTERN.match(area):
        raise ScaffoldError(f"área no válida «{area[:60]}»: debe ser el id de una coordinación, p. ej. CV-INE")
    coord_dir = root / "coordinaciones"
    if not root.is_dir():
        raise ScaffoldError(f"no existe el directorio del manual «{root}»")
    coord_file = coord_dir / f"{area}.yaml"
    if not coord_file.is_file():
        known = sorted(p.stem for p in coord_dir.glob("*.yaml")) if coord_dir.is_dir() else []
        listed = ", ".join(known) if known else "ninguna"
        raise ScaffoldError(f"no existe la coordinación «{area}» ({coord_file}); coordinaciones: {listed}")
    proc_dir = root / "procedimientos"
    target = proc_dir / f"{proc_id}.yaml"
    if target.exists() or target.is_symlink() or (proc_dir / f"{proc_id}.yml").exists():
        raise ScaffoldError(f"ya existe {target}: no se sobrescribe (elija otro id o edite el archivo)")
    proc_dir.mkdir(parents=True, exist_ok=True)
    ref = None
    if SCHEMA_FILE.is_file():
        ref = Path(os.path.relpath(SCHEMA_FILE, proc_dir.resolve())).as_posix()
    text = skeleton(area, proc_id, ref, _coordination_roles(coord_file))
    # Self-check: the skeleton must pass the schema, or nothing is written.
    doc = load_bytes(text.encode("utf-8"), str(target))
    problems = schema.validate(doc, "procedimiento")
    if problems:
        raise AssertionError("el esqueleto no pasa el esquema: " + "; ".join(map(str, problems)))
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:   # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        raise ScaffoldError(f"ya existe {target}: no se sobrescribe") from None
    return target


def add_arguments(parser) -> None:
    parser.add_argument("area", help="id de la coordinación (archivo coordinaciones/<area>.yaml)")
    parser.add_argument("id", help="id del nuevo procedimiento, p. ej. CV-03")
    parser.add_argument("--ruta", default="procesos_yaml",
                        help="directorio del manual en YAML (por omisión: procesos_yaml)")


def run(args) -> int:
    try:
        target = create(args.ruta, args.area, args.id)
    except ScaffoldError as exc:
        sys.stderr.write(f"python -m checks nuevo: error: {exc}\n")
        return 2
    sys.stdout.write(
        f"Creado {target}.\n"
        "Es válido para el esquema, pero sus pasos aún no tienen responsables ni salidas: python -m checks "
        "informará hallazgos (PRC001, PRC002) y la construcción fallará hasta que lo complete.\n"
        "Complete cada «POR DEFINIR» siguiendo los comentarios del archivo y procesos_yaml/LEEME.md.\n")
    return 0
