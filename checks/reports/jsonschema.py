"""JSON Schema (draft-07) generated from the cerberus schemas in :mod:`checks.schema`.

The JSON Schema is for editors (completion and live mistakes in a YAML-aware editor through
``yaml-language-server``); the build still validates with cerberus. It is *generated*, never
hand-copied, so both cannot drift: :func:`to_json_schema` knows every cerberus rule the
project uses and raises :class:`UnsupportedRule` for any other one, so adding a rule to
``checks/schema.py`` without teaching it here fails the tests instead of silently weakening
the editor schema.

Published copies live in ``esquemas/<tipo>.schema.json`` (committed; a test checks they are
up to date) and in the built site under ``esquemas/``. Regenerate them with::

    python -m checks esquema --directorio esquemas
"""
from __future__ import annotations

import json
import os

from checks import schema as cerberus_schema

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "esquemas"

# Kind -> (file name, title). File names are the published URLs (site and repository).
KINDS = {
    "procedimiento": ("procedimiento.schema.json", "Procedimiento (procesos_yaml/procedimientos/<ID>.yaml)"),
    "coordinacion": ("coordinacion.schema.json", "Coordinación (procesos_yaml/coordinaciones/<ID>.yaml)"),
    "manual": ("manual.schema.json", "Manual (procesos_yaml/manual.yaml)"),
    "roles": ("roles.schema.json", "Catálogo de roles (procesos_yaml/roles.yaml)"),
    "glosario": ("glosario.schema.json", "Glosario (procesos_yaml/glosario.yaml)"),
    "normativa": ("normativa.schema.json", "Normativa (procesos_yaml/normativa.yaml)"),
    "excepciones": ("excepciones.schema.json", "Excepciones (procesos_yaml/excepciones.yaml)"),
}

# Which files of procesos_yaml/ each schema applies to (editor mapping, relative to the repo).
FILE_GLOBS = {
    "procedimiento": "procesos_yaml/procedimientos/*.yaml",
    "coordinacion": "procesos_yaml/coordinaciones/*.yaml",
    "manual": "procesos_yaml/manual.yaml",
    "roles": "procesos_yaml/roles.yaml",
    "glosario": "procesos_yaml/glosario.yaml",
    "normativa": "procesos_yaml/normativa.yaml",
    "excepciones": "procesos_yaml/excepciones.yaml",
}

# Editor hover texts (Spanish), by dotted path without list indices. Optional: a key without
# a description is still fully checked.
DESCRIPTIONS = {
    "procedimiento": {
        "id": "Identificador del procedimiento; igual al nombre del archivo (p. ej. CV-01).",
        "area": "Id de la coordinación a la que pertenece (coordinaciones/<ID>.yaml).",
        "nombre": "Nombre del procedimiento tal como aparece en el manual.",
        "seccion": "Apartado del manual que agrupa el procedimiento (opcional).",
        "descripcion": "Descripción; párrafos separados por una línea en blanco (puede ser \"\").",
        "objetivo": "Objetivo del procedimiento (opcional).",
        "normativa": "Ids de normativa.yaml que fundamentan el procedimiento.",
        "documentos_externos": "Insumos que vienen de fuera del procedimiento.",
        "pasos": "Actividades en orden; cada una con cvo, accion, responsables, insumos y salidas.",
        "pasos.cvo": "Número consecutivo del paso (entero).",
        "pasos.accion": "Qué se hace en el paso.",
        "pasos.responsables": "Ids de roles.yaml que realizan el paso (un paso sin responsables es un hallazgo PRC001).",
        "pasos.insumos": "Documentos de entrada, uno por elemento.",
        "pasos.salidas": "Documentos de salida, uno por elemento (un paso sin salida es un hallazgo PRC002).",
        "pasos.nota": "Texto libre opcional (p. ej. la redacción original de la celda).",
        "pasos.decision": "Sólo si el manual describe una bifurcación.",
        "pasos.decision.opciones.ir_a": "cvo del paso destino.",
        "riesgos": "Riesgos del procedimiento (lista; puede estar vacía).",
        "riesgos.probabilidad": "1 bajo, 2 medio, 3 alto; null si el manual no lo deja leer.",
        "riesgos.impacto": "1 bajo, 2 medio, 3 alto; null si el manual no lo deja leer.",
        "riesgos.nivel": "NR = probabilidad × impacto.",
        "riesgos.tratamiento": "evitar, reducir, compartir, transferir o asumir.",
        "flujograma": "Flujograma textual que conserva el manual (opcional).",
        "vigencia": "Fecha de revisión, AAAA-MM-DD entre comillas.",
        "lagunas": "Lo que el manual no dice o la extracción perdió.",
    },
}


class UnsupportedRule(ValueError):
    """A cerberus rule this converter does not translate (teach it, do not ignore it)."""


_TYPES = {"string": "string", "integer": "integer", "list": "array", "dict": "object",
          "boolean": "boolean"}
_CHECKS = {
    "identifier": cerberus_schema.ID_PATTERN.pattern,
    "iso_date": cerberus_schema.DATE_PATTERN.pattern,
    "version": cerberus_schema.VERSION_PATTERN.pattern,
}
_HANDLED = {"type", "nullable", "required", "schema", "empty", "allowed", "minlength", "check_with",
            "regex"}


def _field(rule: dict, descriptions: dict, path: str) -> dict:
    unknown = set(rule) - _HANDLED
    if unknown:
        raise UnsupportedRule(f"{path or '(raíz)'}: reglas cerberus sin traducir: {sorted(unknown)}")
    types = rule.get("type")
    if types is None:
        raise UnsupportedRule(f"{path}: falta «type» (el esquema JSON lo necesita)")
    types = [types] if isinstance(types, str) else list(types)
    try:
        json_types = [_TYPES[t] for t in types]
    except KeyError as exc:
        raise UnsupportedRule(f"{path}: tipo cerberus sin traducir {exc}") from None
    out: dict = {}
    if path in descriptions:
        out["description"] = descriptions[path]
    if rule.get("nullable"):
        json_types.append("null")
    out["type"] = json_types[0] if len(json_types) == 1 else json_types

    sub = rule.get("schema")
    if sub is not None:
        if "list" in types:
            items = _field(sub, descriptions, path)
            if "description" in out and items.get("description") == out["description"]:
                del items["description"]          # the hover text belongs to the list itself
            out["items"] = items
        elif "dict" in types:
            out.update(_mapping(sub, descriptions, path))
        else:
            raise UnsupportedRule(f"{path}: «schema» sólo se traduce en listas y mapas")
    if rule.get("empty") is False:
        if "string" in types:
            out["minLength"] = 1
        if "list" in types:
            out["minItems"] = 1
    if "minlength" in rule:
        if "list" in types:
            out["minItems"] = max(out.get("minItems", 0), rule["minlength"])
        if "string" in types:
            out["minLength"] = max(out.get("minLength", 0), rule["minlength"])
    if "allowed" in rule:
        values = list(rule["allowed"])
        if "list" in types:
            out.setdefault("items", {})["enum"] = values
        else:
            out["enum"] = values + ([None] if rule.get("nullable") else [])
    checks = rule.get("check_with")
    if checks is not None:
        for name in [checks] if isinstance(checks, str) else checks:
            if name not in _CHECKS:
                raise UnsupportedRule(f"{path}: check_with «{name}» sin traducir")
            _add_pattern(out, _CHECKS[name], path)
    if "regex" in rule:
        _add_pattern(out, rule["regex"], path)
    return out


def _add_pattern(out: dict, pattern: str, path: str) -> None:
    if "pattern" in out and out["pattern"] != pattern:
        out.setdefault("allOf", []).append({"pattern": pattern})
    else:
        out["pattern"] = pattern


def _mapping(schema: dict, descriptions: dict, path: str) -> dict:
    props = {}
    required = []
    for key, rule in schema.items():
        sub_path = f"{path}.{key}" if path else key
        props[key] = _field(rule, descriptions, sub_path)
        if rule.get("required"):
            required.append(key)
    out = {"properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def to_json_schema(kind: str) -> dict:
    """The JSON Schema (as a dict) for one kind of file of ``procesos_yaml/``."""
    if kind not in cerberus_schema.SCHEMAS:
        raise KeyError(kind)
    file_name, title = KINDS[kind]
    out = {
        "$schema": DRAFT,
        "$id": file_name,
        "title": title,
        "description": ("Generado desde checks/schema.py (python -m checks esquema); no lo edite a mano. "
                        "La validación definitiva, con mensajes en español y reglas de cumplimiento, "
                        "es la de python -m checks."),
        "type": "object",
    }
    out.update(_mapping(cerberus_schema.SCHEMAS[kind], DESCRIPTIONS.get(kind, {}), ""))
    return out


def dumps(kind: str) -> str:
    """Canonical text of the published schema file (stable: committed copies compare equal)."""
    return json.dumps(to_json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_all(directory: str | os.PathLike) -> list[str]:
    """Write every kind's schema into ``directory``; return the paths written."""
    os.makedirs(directory, exist_ok=True)
    written = []
    for kind, (file_name, _title) in KINDS.items():
        path = os.path.join(directory, file_name)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(kind))
        written.append(path)
    return written
