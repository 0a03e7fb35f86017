"""Rule configuration (``reglas.yaml``): enable/disable rules, set their level and options.

The file is read with the project's strict loader (never ``yaml.safe_load``) and validated
in full before use; any problem raises :class:`ConfigError` with every error found, each
positioned and in Spanish. Format::

    reglas:
      PRC003:
        nivel: advertencia      # error | advertencia
        activa: true            # false desactiva la regla
      GLO001:
        ignorar: [OPLE]         # opciones propias de la regla (ver su documentación)

Rules not listed keep their defaults (the module's ``SEVERITY`` and ``DEFAULT``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import rules as registry
from .loader import LoadError, load_file
from .problem import Location, Severity, printable
from .schema import _suggest

CONFIG_NAME = "reglas.yaml"
GENERAL_KEYS = {"nivel": "error | advertencia", "activa": "true | false"}
_TYPE_ES = {bool: "true o false", int: "un número entero", str: "un texto", list: "una lista de textos"}


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool
    severity: Severity
    options: dict


class ConfigError(Exception):
    """An invalid configuration file. ``errors`` is a list of ``(Location, message)``."""

    def __init__(self, errors: list[tuple[Location, str]]):
        self.errors = errors
        super().__init__("configuración de reglas no válida:\n  "
                         + "\n  ".join(f"{loc}: {printable(str(msg))}" for loc, msg in errors))


def default_settings() -> dict[str, RuleSetting]:
    return {r.ID: RuleSetting(True, r.SEVERITY, dict(r.DEFAULT)) for r in registry.all_rules()}


def find_config(ruta: str | os.PathLike) -> Path | None:
    """``reglas.yaml`` in the parent directory of the manual directory ``ruta``, if present."""
    candidate = Path(os.path.abspath(os.fspath(ruta))).parent / CONFIG_NAME
    return candidate if candidate.is_file() else None


def _type_ok(value, wanted) -> bool:
    if wanted is bool:
        return isinstance(value, bool)
    if wanted is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if wanted is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, wanted)


def parse(data, doc) -> dict[str, RuleSetting]:
    """Validate plain ``data`` (positions from ``doc``) into settings for every rule."""
    errors: list[tuple[Location, str]] = []
    settings = default_settings()
    if not isinstance(data, dict):
        raise ConfigError([(doc.loc(()), "el archivo debe ser un mapa con la clave «reglas»")])
    for key in data:
        if key != "reglas":
            errors.append((doc.loc((key,)), f"clave desconocida «{key}»{_suggest(str(key), ['reglas'])}"))
    section = data.get("reglas")
    if section is None:
        section = {}
    if not isinstance(section, dict):
        errors.append((doc.loc(("reglas",)), "«reglas» debe ser un mapa: id de regla → opciones"))
        section = {}
    known = [r.ID for r in registry.all_rules()]
    for rule_id, body in section.items():
        path = ("reglas", rule_id)
        if rule_id not in known:
            errors.append((doc.loc(path), f"regla desconocida «{rule_id}»{_suggest(str(rule_id), known)}"))
            continue
        rule = registry.get(rule_id)
        if body is None:
            continue
        if not isinstance(body, dict):
            errors.append((doc.loc(path), f"la regla {rule_id} debe configurarse con un mapa "
                                          "(nivel, activa u opciones)"))
            continue
        current = settings[rule_id]
        enabled, severity, options = current.enabled, current.severity, dict(current.options)
        allowed = list(GENERAL_KEYS) + list(rule.CONF)
        for option, value in body.items():
            where = doc.loc(path + (option,))
            if option == "nivel":
                if value not in ("error", "advertencia"):
                    errors.append((where, f"nivel no válido «{value}» para {rule_id}: use «error» o «advertencia»"))
                else:
                    severity = Severity.parse(value)
            elif option == "activa":
                if not isinstance(value, bool):
                    errors.append((where, f"«activa» de {rule_id} debe ser true o false"))
                else:
                    enabled = value
            elif option in rule.CONF:
                wanted = rule.CONF[option]
                if not _type_ok(value, wanted):
                    errors.append((where, f"la opción «{option}» de {rule_id} debe ser {_TYPE_ES.get(wanted, wanted)}"))
                else:
                    options[option] = value
            else:
                hint = _suggest(str(option), allowed)
                valid = ", ".join(allowed)
                errors.append((where, f"opción desconocida «{option}» para {rule_id}{hint} (válidas: {valid})"))
        settings[rule_id] = RuleSetting(enabled, severity, options)
    if errors:
        raise ConfigError(errors)
    return settings


def load_config(path: str | os.PathLike) -> dict[str, RuleSetting]:
    """Read and validate a configuration file. Raises :class:`ConfigError`."""
    display = os.fspath(path)
    if not os.path.isfile(display):
        raise ConfigError([(Location(display), "no existe el archivo de configuración")])
    try:
        doc = load_file(Path(display), display)
    except LoadError as exc:
        raise ConfigError([(exc.location, f"{exc.code} {exc.message}")]) from None
    return parse(doc.data, doc)
