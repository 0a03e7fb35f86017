"""Cerberus schemas (data) for every kind of file, and their Spanish, positioned errors.

Schema errors are structural (codes ``ESQ001``–``ESQ004``) and cannot be excepted;
compliance rules (``checks.rules``) only ever see files that passed these schemas.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import re


from .loader import Document
from .problem import Problem, Severity, printable

SCHEMA_CODES = {
    "ESQ001": "Falta una clave obligatoria.",
    "ESQ002": "Clave desconocida (con sugerencia «¿quiso decir …?»).",
    "ESQ003": "Tipo de valor incorrecto (texto, número, lista o mapa).",
    "ESQ004": "Valor no válido (vacío, fuera de los valores permitidos, formato de id o fecha).",
}

# «index» is reserved: ``roles/index.md`` (and the other folders' index pages) belong to the
# site, and a role with that id silently replaced the «Busco mi puesto» page.
# Patterns end in ``\Z``, never ``$``: in Python ``$`` also matches before a final newline, so
# the id ``"X\n"`` passed and the build wrote a page at ``roles/X%0A/``. Use them with
# :func:`is_identifier` (``fullmatch``); :mod:`checks.jsonschema` translates ``\Z`` for ECMA-262.
ID_PATTERN = re.compile(r"^(?![Ii][Nn][Dd][Ee][Xx]\Z)[A-Za-z][A-Za-z0-9_-]{0,63}\Z")
# AAAA-MM-DD of a day that exists (leap years included; year 0000 does not exist), written
# as a regular expression so that the editors' JSON Schema (checks.reports.jsonschema) agrees.
DATE_PATTERN = re.compile(
    r"^(?!0000)(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|(?:\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    r"-02-29)\Z")


# Acronyms (role «siglas», glossary «termino») become the abbreviation pass's search words.
# Python-Markdown keeps placeholders in the text it is processing — ``\x02wzxhzdk:N\x03``
# (stashed raw HTML: flowcharts, badges), ``\x02klzzwxh:N\x03`` (inline), ``\x02hzzhzkh:N\x03``
# (tags), ``\x02amp\x03`` (entities) — and an acronym equal to one of those words rewrote
# them on every page (issue 17). Such words and control characters are refused here; the
# abbreviation pass (macros/siglas.py) also never looks inside a placeholder.
MARKDOWN_PLACEHOLDER_WORDS = ("klzzwxh", "wzxhzdk", "hzzhzkh")
ACRONYM_PATTERN = re.compile(r"^(?![\s\S]*(?:klzzwxh|wzxhzdk|hzzhzkh|\bamp\b))[^\x00-\x1f\x7f-\x9f]*\Z")


def is_acronym_safe(value) -> bool:
    """Whether ``value`` can be an acronym: no Markdown placeholder word, no control character."""
    return isinstance(value, str) and ACRONYM_PATTERN.fullmatch(value) is not None


def is_identifier(value) -> bool:
    """Whether ``value`` is a valid id: the whole string, no trailing newline."""
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


# Version numbers: a year, optionally followed by revision numbers («2023», «2024.1»).
# They order as tuples of integers (checks.versions.version_key).
VERSION_PATTERN = re.compile(r"^[0-9]{4}(?:\.[0-9]{1,4}){0,3}\Z")       # \Z: see ID_PATTERN
# States of a version of the manual, in the order of its approval cycle.
DOCUMENT_STATES = ("borrador", "en_revision", "aprobado")


def _is_version(text: str) -> bool:
    return VERSION_PATTERN.fullmatch(text) is not None


def _is_iso_date(text: str) -> bool:
    """AAAA-MM-DD and a real calendar day (``2024-02-30`` passes the pattern but crashed
    ``date.fromisoformat`` in the engine)."""
    if not DATE_PATTERN.fullmatch(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True

TEXT = {"type": "string"}
REQ_TEXT = {"type": "string", "required": True, "empty": False}
TEXT_LIST = {"type": "list", "schema": {"type": "string"}}
PARAGRAPHS = {"type": "list", "schema": {"type": "string", "empty": False}}
ID = {"type": "string", "required": True, "check_with": "identifier"}
ID_REF = {"type": "string", "check_with": "identifier"}
ID_LIST = {"type": "list", "schema": ID_REF}
GAPS = {
    "type": "list",
    "schema": {
        "type": ["string", "dict"],
        "schema": {"seccion": TEXT, "campo": TEXT, "descripcion": REQ_TEXT},
    },
}
SCALE = {"type": "integer", "nullable": True}
TREATMENTS = ["evitar", "reducir", "compartir", "transferir", "asumir"]

STEP = {
    "cvo": {"type": "integer", "required": True},
    "accion": REQ_TEXT,
    # Absent, null or empty lists are compliance findings (PRC001/PRC002), not schema errors,
    # so that the manual's real gaps can be recorded and excepted.
    "responsables": {"type": "list", "nullable": True, "schema": ID_REF},
    "insumos": {"type": "list", "nullable": True, "schema": {"type": "string", "nullable": True}},
    "salidas": {"type": "list", "nullable": True, "schema": {"type": "string", "nullable": True}},
    "nota": TEXT,
    "decision": {
        "type": "dict",
        "schema": {
            "pregunta": REQ_TEXT,
            "opciones": {
                "type": "list", "required": True, "minlength": 1,
                "schema": {"type": "dict", "schema": {
                    "etiqueta": REQ_TEXT,
                    "ir_a": {"type": "integer", "required": True},
                }},
            },
        },
    },
}

REASSESSMENT = {"probabilidad": SCALE, "impacto": SCALE, "nivel": SCALE}

RISK = {
    "id": ID,
    "etiqueta": {"type": "string", "nullable": True},
    "descripcion": {"type": "string", "nullable": True},
    "probabilidad": SCALE,
    "impacto": SCALE,
    "nivel": SCALE,
    # null: the source does not let us read it (unlike an empty list: none stated).
    "tratamiento": {"type": "list", "nullable": True, "schema": {"type": "string", "allowed": TREATMENTS}},
    "acciones": {"type": "string", "nullable": True},
    "fecha_inicio": {"type": "string", "nullable": True},
    "revaloracion": {"type": "dict", "nullable": True, "schema": REASSESSMENT},
    "lagunas": GAPS,
}
RISKS = {"type": "list", "schema": {"type": "dict", "schema": RISK}}

FLOWCHART = {
    "type": "dict",
    "schema": {
        "carriles": {
            "type": "list", "required": True,
            "schema": {"type": "dict", "schema": {
                "rol": ID,
                "titulo": TEXT,
                "actividades": {**PARAGRAPHS, "required": True},
            }},
        },
        "documentos": TEXT_LIST,
        "nota": TEXT,
    },
}

PROCEDURE = {
    "id": ID,
    "area": ID,
    "nombre": REQ_TEXT,
    "seccion": TEXT,
    "descripcion": {"type": "string", "required": True},
    "objetivo": TEXT,
    "normativa": ID_LIST,
    "documentos_externos": TEXT_LIST,
    "pasos": {"type": "list", "required": True, "schema": {"type": "dict", "schema": STEP}},
    "riesgos": {**RISKS, "required": True},
    "flujograma": FLOWCHART,
    "vigencia": {"type": "string", "check_with": "iso_date"},
    "lagunas": GAPS,
}

COORDINATION = {
    "id": ID,
    "numero": TEXT,
    "nombre": REQ_TEXT,
    "rol": ID_REF,
    "objetivo": TEXT,
    "reglas_operacion": PARAGRAPHS,
    "roles_responsabilidades": {
        "type": "list",
        "schema": {"type": "dict", "schema": {
            "rol": ID,
            "titulo": TEXT,
            "responsabilidades": {
                "type": "list", "required": True,
                "schema": {"type": "dict", "schema": {"numero": TEXT, "texto": REQ_TEXT}},
            },
        }},
    },
    "sistemas_informacion": {
        "type": "list",
        "schema": {"type": "dict", "schema": {"numero": TEXT, "nombre": REQ_TEXT}},
    },
    "introduccion": PARAGRAPHS,
    "riesgos": RISKS,
    "lagunas": GAPS,
}


def _org_unit(depth: int) -> dict:
    unit = {"nombre": REQ_TEXT, "rol": ID_REF, "nota": TEXT}
    if depth:
        unit["dependientes"] = {"type": "list", "schema": {"type": "dict", "schema": _org_unit(depth - 1)}}
    return unit


MANUAL = {
    "titulo": REQ_TEXT,
    "unidad": REQ_TEXT,
    "siglas_unidad": TEXT,
    "institucion": REQ_TEXT,
    "anio": {"type": "integer", "required": True},
    "version": {"type": "string", "required": True, "check_with": "version"},
    "fecha": TEXT,
    # Document control (ISO 9001 7.5; procesos_yaml/LEEME.md «Control del documento»).
    "control": {"type": "dict", "schema": {
        "estado": {"type": "string", "required": True, "allowed": list(DOCUMENT_STATES)},
        "fecha_aprobacion": {"type": "string", "nullable": True, "check_with": "iso_date"},
        "acto_aprobacion": {"type": "dict", "nullable": True, "schema": {
            "tipo": {"type": "string", "required": True, "allowed": ["acuerdo", "oficio"]},
            "numero": REQ_TEXT,
            "fecha": {"type": "string", "nullable": True, "check_with": "iso_date"},
        }},
        "proxima_revision": {"type": "string", "nullable": True, "check_with": "iso_date"},
    }},
    "firmas": {
        "type": "list",
        "schema": {"type": "dict", "schema": {
            "tipo": {"type": "string", "required": True, "allowed": ["revision", "validacion"]},
            "titulo": REQ_TEXT,
            "firmantes": {
                "type": "list", "required": True,
                "schema": {"type": "dict", "schema": {
                    "nombre": REQ_TEXT, "puesto": REQ_TEXT, "rol": ID_REF,
                    # Signed or not, and when: a blank sheet is recorded as firmado: false.
                    "firmado": {"type": "boolean"},
                    "fecha": {"type": "string", "nullable": True, "check_with": "iso_date"},
                }},
            },
        }},
    },
    "introduccion": PARAGRAPHS,
    "antecedentes": {
        "type": "list",
        "schema": {"type": ["string", "dict"], "schema": {"cita": REQ_TEXT, "fuente": TEXT}},
    },
    "marco_normativo": TEXT,
    "objetivos": PARAGRAPHS,
    "estructura": {"type": "dict", "schema": _org_unit(6)},
    "procesos_alcance": TEXT,
    "lagunas": GAPS,
}

ROLES = {
    "roles": {
        "type": "list", "required": True,
        "schema": {"type": "dict", "schema": {
            "id": ID,
            "nombre": REQ_TEXT,
            "tipo": {"type": "string", "required": True,
                     "allowed": ["persona", "unidad", "organo_colegiado", "organo_externo", "grupo"]},
            "siglas": {"type": "string", "nullable": True, "check_with": "acronym"},
            "sinonimos": TEXT_LIST,
            "definido_en_manual": {"type": "boolean", "required": True},
            "nota": TEXT,
        }},
    },
}

GLOSSARY = {
    "terminos": {
        "type": "list", "required": True,
        "schema": {"type": "dict", "schema": {
            "termino": {**REQ_TEXT, "check_with": "acronym"},
            "definicion": REQ_TEXT,
            "sigla": {"type": "boolean"},
            "rol": ID_REF,
        }},
    },
}

NORMS = {
    "normas": {
        "type": "list", "required": True,
        "schema": {"type": "dict", "schema": {
            "id": ID,
            "nombre": REQ_TEXT,
            "ambito": {"type": "string", "required": True, "allowed": ["federal", "local", "interno"]},
            "abreviatura": {"type": "string", "nullable": True},
        }},
    },
}

EXCEPTIONS = {
    "excepciones": {
        "type": "list", "required": True,
        "schema": {"type": "dict", "schema": {
            "regla": REQ_TEXT,
            "objeto": ID,
            "paso": {"type": "integer", "nullable": True},
            "riesgo": {**ID_REF, "nullable": True},
            "motivo": REQ_TEXT,
            "resuelve": ID,
            "acto": {"type": "string", "nullable": True},
            "vence": {"type": "string", "required": True, "check_with": "iso_date"},
        }},
    },
}

SCHEMAS = {
    "manual": MANUAL,
    "roles": ROLES,
    "glosario": GLOSSARY,
    "normativa": NORMS,
    "coordinacion": COORDINATION,
    "procedimiento": PROCEDURE,
    "excepciones": EXCEPTIONS,
}

_TYPE_ES = {
    "string": "un texto", "integer": "un número entero", "list": "una lista",
    "dict": "un mapa (clave: valor)", "boolean": "true o false",
}


def _make_validator_class():
    import cerberus

    class ManualValidator(cerberus.Validator):
        """Cerberus validator with the project's custom checks."""

        # Cerberus' «integer» accepts True/False (bool is an int in Python): `cvo: true` passed.
        types_mapping = {**cerberus.Validator.types_mapping,
                         "integer": cerberus.TypeDefinition("integer", (int,), (bool,))}

        def _check_with_identifier(self, field, value):
            if isinstance(value, str) and value.lower() == "index":
                self._error(field, f"identificador reservado «{value}»: lo usa una página índice del sitio")
            elif isinstance(value, str) and not is_identifier(value):
                self._error(field, f"identificador no válido «{printable(value[:60])}»: empiece con letra y use sólo "
                                   "letras ASCII, dígitos, «-» o «_» (máx. 64)")

        def _check_with_acronym(self, field, value):
            if isinstance(value, str) and not is_acronym_safe(value):
                self._error(field, f"sigla o término no válido «{printable(value[:60])}»: no puede llevar "
                                   "caracteres de control ni las palabras que Python-Markdown reserva para "
                                   "sus marcadores internos («klzzwxh», «wzxhzdk», «hzzhzkh», «amp»)")

        def _check_with_version(self, field, value):
            if isinstance(value, str) and not _is_version(value):
                self._error(field, f"versión no válida «{printable(value[:40])}»: use el año y, si hace falta, "
                                   "números de revisión separados por puntos («2024», «2024.1»)")

        def _check_with_iso_date(self, field, value):
            if isinstance(value, str) and not _is_iso_date(value):
                self._error(field, f"fecha no válida «{value[:40]}»: use AAAA-MM-DD entre comillas")

    return ManualValidator


# Cerberus is imported on first use: with the fast path (below) and the CLI's cache, most
# runs never need it, and importing it costs tens of milliseconds per process.
_VALIDATOR_CLASS: list = []


def _validator_class():
    if not _VALIDATOR_CLASS:
        _VALIDATOR_CLASS.append(_make_validator_class())
    return _VALIDATOR_CLASS[0]


def __getattr__(name: str):
    """``schema.ManualValidator`` (PEP 562), created on first access."""
    if name == "ManualValidator":
        return _validator_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_VALIDATORS: dict = {}


def validator_for(kind: str):
    """One compiled ``ManualValidator`` per kind (compiling a schema is the slow part)."""
    validator = _VALIDATORS.get(kind)
    if validator is None:
        validator = _VALIDATORS[kind] = _validator_class()(SCHEMAS[kind])
    return validator


def validate(doc: Document, kind: str) -> list[Problem]:
    """Validate a loaded document; return positioned Spanish problems (empty if valid)."""
    if not isinstance(doc.data, dict):
        found = _type_name(doc.data)
        return [Problem(doc.loc(()), "ESQ003", Severity.ERROR,
                        f"el archivo debe ser un mapa de claves (se encontró {found})")]
    if fast_valid(doc.data, kind):
        return []
    validator = validator_for(kind)
    if validator.validate(doc.data):
        return []
    problems = []
    for error in _leaves(validator._errors):
        problems.append(_to_problem(error, doc, kind))
    return sorted(set(problems), key=Problem.sort_key)


# --- fast path ----------------------------------------------------------------------------
#
# Cerberus costs about 4-14 ms per procedure, which alone would make the checks of a
# 1,000-procedure manual take seconds. Almost every file is valid, so each schema is also
# compiled into plain Python predicates that answer one question: "is this document
# certainly valid?". They understand only the rules used above (type, required, nullable,
# empty, allowed, minlength, check_with, schema); a schema using anything else is never
# compiled and always goes to cerberus. The predicates are at least as strict as cerberus
# (e.g. ``True`` is not accepted as an integer here), so "valid" from the fast path implies
# "valid" for cerberus, and every doubtful document gets cerberus' full, positioned
# errors. ``tests/test_schema_fast_path.py`` checks the equivalence on valid and mutated
# documents.

_FAST_TYPES = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "boolean": lambda v: type(v) is bool,
    "list": lambda v: type(v) is list,
    "dict": lambda v: type(v) is dict,
}
_FAST_CHECKS = {
    "identifier": lambda v: type(v) is not str or ID_PATTERN.fullmatch(v) is not None,
    "iso_date": lambda v: type(v) is not str or _is_iso_date(v),
    "acronym": lambda v: type(v) is not str or ACRONYM_PATTERN.fullmatch(v) is not None,
    "version": lambda v: type(v) is not str or _is_version(v),
}
_FAST_RULES = {"type", "required", "nullable", "empty", "allowed", "minlength", "check_with", "schema"}


class _NotCompilable(Exception):
    pass


def _compile_rules(rules: dict):
    """Predicate ``value -> bool`` for one field's rules (``required`` is the caller's)."""
    if not set(rules) <= _FAST_RULES:
        raise _NotCompilable(sorted(set(rules) - _FAST_RULES))
    nullable = rules.get("nullable", False)
    types = rules.get("type")
    if types is None:
        raise _NotCompilable("type")
    types = types if isinstance(types, list) else [types]
    if any(t not in _FAST_TYPES for t in types):
        raise _NotCompilable(types)
    type_checks = [_FAST_TYPES[t] for t in types]
    not_empty = rules.get("empty", True) is False
    if set(rules) <= {"type", "nullable", "required", "empty"} and len(types) == 1 \
            and types[0] in ("string", "integer", "boolean"):
        return _simple(_FAST_TYPES[types[0]], nullable, not_empty and types[0] == "string")
    allowed = rules.get("allowed")
    allowed = frozenset(allowed) if allowed is not None else None
    minlength = rules.get("minlength")
    check = None
    if "check_with" in rules:
        if rules["check_with"] not in _FAST_CHECKS:
            raise _NotCompilable(rules["check_with"])
        check = _FAST_CHECKS[rules["check_with"]]
    sub = rules.get("schema")
    dict_check = list_check = None
    if sub is not None:
        if "dict" in types:
            dict_check = _compile_mapping(sub)
        elif "list" in types:
            list_check = _compile_rules(sub)
        else:
            raise _NotCompilable("schema")

    def valid(value) -> bool:
        if value is None:
            return nullable
        for type_check in type_checks:
            if type_check(value):
                break
        else:
            return False
        if not_empty and len(value) == 0:
            return False
        if allowed is not None:
            if type(value) is list:
                if not all(type(x) is str and x in allowed for x in value):
                    return False
            elif type(value) is not str or value not in allowed:
                return False
        if minlength is not None and len(value) < minlength:
            return False
        if check is not None and not check(value):
            return False
        if dict_check is not None and type(value) is dict and not dict_check(value):
            return False
        if list_check is not None:
            for item in value:
                if not list_check(item):
                    return False
        return True

    return valid


def _simple(type_check, nullable: bool, not_empty: bool):
    """The predicate of a field that is only a scalar type (most fields): the same answers as
    the general one, without its checks that cannot apply."""
    if not_empty:
        if nullable:
            return lambda v: v is None or (type(v) is str and len(v) > 0)
        return lambda v: type(v) is str and len(v) > 0
    if nullable:
        return lambda v: v is None or type_check(v)
    return type_check


def _compile_mapping(schema_: dict):
    """Predicate ``dict -> bool``: no unknown key, every required key, every value valid."""
    fields = {key: _compile_rules(rules) for key, rules in schema_.items()}
    required = frozenset(key for key, rules in schema_.items() if rules.get("required", False))

    def valid(mapping) -> bool:
        if type(mapping) is not dict:
            return False
        for key, value in mapping.items():
            field_check = fields.get(key) if type(key) is str else None
            if field_check is None or not field_check(value):
                return False
        return required.issubset(mapping.keys())

    return valid


_FAST: dict = {}


def fast_valid(data, kind: str) -> bool:
    """True only if ``data`` is certainly valid for ``kind`` (see the comment above)."""
    check = _FAST.get(kind)
    if check is None:
        try:
            check = _compile_mapping(SCHEMAS[kind])
        except _NotCompilable:
            check = lambda data: False  # noqa: E731 - always defer to cerberus
        _FAST[kind] = check
    return check(data)


def _leaves(errors):
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _type_name(value) -> str:
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return "true/false"
    for py, es in ((str, "un texto"), (int, "un número"), (list, "una lista"), (dict, "un mapa")):
        if isinstance(value, py):
            return es
    return type(value).__name__


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _to_problem(error, doc: Document, kind: str) -> Problem:
    from cerberus import errors as cerr

    path = tuple(error.document_path)
    code = error.code
    field = path[-1] if path else ""
    loc = doc.loc(path)
    where = _describe(path)
    if code == cerr.REQUIRED_FIELD.code:
        return Problem(loc, "ESQ001", Severity.ERROR, f"{where}: falta la clave obligatoria «{field}»")
    if code == cerr.UNKNOWN_FIELD.code:
        known = _keys_at(SCHEMAS[kind], path[:-1])
        hint = _suggest(str(field), known)
        return Problem(loc, "ESQ002", Severity.ERROR, f"{where}: clave desconocida «{field}»{hint}")
    if code == cerr.BAD_TYPE.code:
        wanted = error.constraint if isinstance(error.constraint, list) else [error.constraint]
        wanted_es = " o ".join(_TYPE_ES.get(t, t) for t in wanted)
        return Problem(loc, "ESQ003", Severity.ERROR,
                       f"{where}: debe ser {wanted_es}; se encontró {_type_name(error.value)} «{_show(error.value)}»")
    if code == cerr.NOT_NULLABLE.code:
        return Problem(loc, "ESQ003", Severity.ERROR, f"{where}: no puede quedar vacío")
    if code == cerr.EMPTY_NOT_ALLOWED.code:
        return Problem(loc, "ESQ004", Severity.ERROR, f"{where}: el texto no puede estar vacío")
    if code == cerr.UNALLOWED_VALUE.code:
        hint = _suggest(str(error.value), [str(x) for x in error.constraint])
        allowed = ", ".join(str(x) for x in error.constraint)
        return Problem(loc, "ESQ004", Severity.ERROR,
                       f"{where}: valor no permitido «{_show(error.value)}»{hint} (válidos: {allowed})")
    if code == cerr.MIN_LENGTH.code:
        return Problem(loc, "ESQ004", Severity.ERROR,
                       f"{where}: debe tener al menos {error.constraint} elemento(s)")
    if code == cerr.CUSTOM.code and error.info:
        return Problem(loc, "ESQ004", Severity.ERROR, f"{where}: {error.info[0]}")
    return Problem(loc, "ESQ004", Severity.ERROR, f"{where}: valor no válido «{_show(error.value)}» ({error.rule})")


def _describe(path: tuple) -> str:
    """Human path: ``pasos[3].responsables`` style, with 1-based list positions."""
    if not path:
        return "documento"
    parts = []
    for item in path:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _keys_at(schema: dict, path: tuple) -> list[str]:
    """Keys the schema allows in the mapping at ``path`` (list indices skipped)."""
    node = {"type": "dict", "schema": schema}
    for item in path:
        if node.get("type") == "list" or isinstance(item, int):
            node = node.get("schema", {})
            continue
        node = node.get("schema", {}).get(item, {})
        if node.get("type") == "list":
            continue
    if node.get("type") == "list":
        node = node.get("schema", {})
    return list(node.get("schema", {}).keys())


def _suggest(word: str, candidates) -> str:
    """``" (¿quiso decir «x»?)"`` for the closest candidate, or an empty string."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in candidates}
        match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        match = [lowered[m] for m in match]
    return f" (¿quiso decir «{match[0]}»?)" if match else ""
