"""Who approves a change to each file of the manual: a ``CODEOWNERS`` file for the repository
host (GitHub or GitLab), generated from the data.

Owners come from the model: each procedure belongs to the coordination of its ``area`` (its
titular ``rol``); a coordination's own file too; ``manual.yaml`` and the catalogues (roles,
glossary, norms, exceptions) belong to whoever validates the manual (the roles of the
``validacion`` signature sheet: the Director). Roles are turned into accounts or teams of the
host by ``revisores.yaml`` (next to ``reglas.yaml``), which the institute keeps::

    equipos:
      DEVySPE: "@organizacion/direccion"
      CSPE: "@organizacion/cspe"

A role without a team leaves the file without owner in CODEOWNERS and is listed in
:attr:`Owners.missing`, so the check that the file is current also says what to fill in.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from checks.loader import LoadError, load_file

CONFIG_NAME = "revisores.yaml"
DEFAULT_OUTPUT = ".github/CODEOWNERS"
HEADER = ("# Generado por «python -m checks propietarios --escribir» a partir de procesos_yaml/ y "
          "revisores.yaml.\n# No lo edite a mano: cambie los datos y vuelva a generarlo.\n")
# GitHub/GitLab handles: @user or @org/team (letters, digits, «-», «_», «.», «/»).
HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?")
_CATALOGUES = ("roles.yaml", "glosario.yaml", "normativa.yaml", "excepciones.yaml")


class OwnersError(ValueError):
    """revisores.yaml is unreadable or invalid (message in Spanish, with file:line:column)."""


@dataclass
class Owners:
    lines: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)   # path, handles, role
    missing: dict[str, list[str]] = field(default_factory=dict)                   # role -> paths

    def text(self) -> str:
        out = [HEADER]
        for path, handles, role in self.lines:
            if handles:
                out.append(f"{path} {' '.join(handles)}\n")
            else:
                out.append(f"# {path}: sin equipo para el rol {role} (defínalo en {CONFIG_NAME})\n")
        return "".join(out)


def load_teams(path: str | os.PathLike) -> dict[str, tuple[str, ...]]:
    """``{role id: (handles…)}`` from revisores.yaml (missing file: no teams)."""
    if not os.path.exists(path):
        return {}
    try:
        doc = load_file(Path(path), os.fspath(path))
    except LoadError as exc:
        raise OwnersError(str(exc)) from None
    data = doc.data
    teams = data.get("equipos") if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) - {"equipos"} or not isinstance(teams, dict):
        raise OwnersError(f"{doc.loc(())}: {CONFIG_NAME} debe tener sólo la clave «equipos» (rol: equipo o lista)")
    out = {}
    for role, value in teams.items():
        handles = [value] if isinstance(value, str) else value
        if not isinstance(handles, list) or not handles or not all(
                isinstance(h, str) and HANDLE.fullmatch(h) for h in handles):
            raise OwnersError(f"{doc.loc(('equipos', role))}: equipo no válido para «{str(role)[:40]}»: use "
                              "@usuario o @organización/equipo")
        out[str(role)] = tuple(handles)
    return out


def _director_roles(manual) -> list[str]:
    info = manual.info
    roles = []
    for sheet in (info.signatures if info else ()):
        if sheet.get("tipo") == "validacion":
            roles.extend(p["rol"] for p in sheet.get("firmantes") or () if p.get("rol"))
    return roles


def owners(manual, manual_dir: str | os.PathLike, repo_root: str | os.PathLike,
           teams: dict[str, tuple[str, ...]]) -> Owners:
    """CODEOWNERS entries for every file of the manual, most general first (later lines win)."""
    manual_dir, repo_root = Path(manual_dir).resolve(), Path(repo_root).resolve()
    prefix = PurePosixPath("/") / PurePosixPath(manual_dir.relative_to(repo_root).as_posix())
    result = Owners()

    def add(rel: str, roles: list[str]):
        path = _pattern((prefix / rel).as_posix() + ("/" if not rel else ""))
        handles: list[str] = []
        for role in roles:
            for handle in teams.get(role, ()):
                if handle not in handles:
                    handles.append(handle)
        missing = [r for r in roles if r not in teams]
        for role in missing:
            result.missing.setdefault(role, []).append(path)
        label = ", ".join(roles) or "(ninguno)"
        result.lines.append((path, tuple(handles), label))

    director = _director_roles(manual)
    add("", director)                         # the whole directory by default: the Director
    for name in ("manual.yaml", *_CATALOGUES):
        add(name, director)
    for coord in manual.coordinations.values():
        roles = [coord.role] if coord.role else director
        add(_relative(coord.file, manual_dir), roles)
    for proc in manual.procedures.values():
        coord = manual.coordinations.get(proc.area)
        roles = [coord.role] if coord is not None and coord.role else director
        add(_relative(proc.file, manual_dir), roles)
    return result


_SPECIAL = re.compile(r"([\\\s#*?\[\]!])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _pattern(path: str) -> str:
    """A CODEOWNERS pattern that matches exactly ``path``: glob characters, spaces and «#»
    escaped; control characters (which no line can hold) shown as escapes instead."""
    if _CONTROL.search(path):
        return "# (nombre de archivo con caracteres de control omitido: " + path.encode("unicode_escape").decode() + ")"
    return _SPECIAL.sub(r"\\\1", path)


def _relative(file: str, manual_dir: Path) -> str:
    path = Path(file)
    if not path.is_absolute():
        path = (Path.cwd() / path)
    return path.resolve().relative_to(manual_dir).as_posix()
