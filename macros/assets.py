"""The pinned static files the site cannot work without (Mermaid), checked on every build.

``scripts/mermaid.fijado`` lists them: the version, and for each file its path under
``docs/`` and its sha512. ``scripts/obtener_mermaid.sh`` downloads and verifies them against
that same list; a plain ``mkdocs build`` or ``mkdocs serve`` on a fresh clone (without running
the set-up script) would otherwise write a site whose flowcharts silently never draw, and a
damaged or different file would go unnoticed. :func:`check_pinned_files`, called first thing
from the hook's ``on_config``, stops the build with ONE Spanish line naming what is missing
or wrong and the exact command that fixes it.

The sums are memoised by (path, size, modification time), so ``mkdocs serve`` rebuilds only
hash a file again when it changed. Generic over the list: whatever files the pin names (the
UMD bundle today, an ESM build and its chunks tomorrow) are checked the same way.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

PIN_FILE = os.path.join("scripts", "mermaid.fijado")
FETCH_COMMAND = "bash scripts/obtener_mermaid.sh"
BUILD_COMMAND = "bash scripts/construir.sh"


@dataclass(frozen=True)
class PinnedFile:
    docs_path: str          # relative to docs_dir, with "/"
    package_path: str       # inside the npm package (only the download script uses it)
    sha512: str             # hex


@dataclass(frozen=True)
class Pin:
    version: str
    files: tuple[PinnedFile, ...]


def read_pin(path: str) -> Pin:
    """Parse ``scripts/mermaid.fijado`` (same format the download script reads)."""
    version = None
    files = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            key, values = parts[0], parts[1:]
            if key == "version" and len(values) == 1:
                version = values[0]
            elif key == "integridad" and len(values) == 1:
                pass
            elif key == "archivo" and len(values) == 3 and _is_sha512(values[2]):
                files.append(PinnedFile(values[0], values[1], values[2].lower()))
            else:
                raise ValueError(f"{path}:{number}: línea no válida: {line.strip()}")
    if version is None or not files:
        raise ValueError(f"{path}: no fija la versión ni ningún archivo")
    return Pin(version, tuple(files))


def _is_sha512(text: str) -> bool:
    return len(text) == 128 and all(c in "0123456789abcdefABCDEF" for c in text)


_SUMS: dict[tuple, str] = {}


def sha512_of(path: str) -> str:
    """Hex sha512 of a file, memoised by (path, size, modification time)."""
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    digest = _SUMS.get(key)
    if digest is None:
        h = hashlib.sha512()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digest = _SUMS[key] = h.hexdigest()
    return digest


def problem(config_dir: str, docs_dir: str) -> str | None:
    """The one-line Spanish message for what is missing or wrong, or ``None`` when every
    pinned file is present with its pinned sha512."""
    pin_path = os.path.join(config_dir, PIN_FILE)
    try:
        pin = read_pin(pin_path)
    except FileNotFoundError:
        return (f"Falta {PIN_FILE} (versión y sha512 de Mermaid, que dibuja los flujogramas): "
                f"restáurelo desde el repositorio (git checkout -- {PIN_FILE}).")
    except (OSError, ValueError) as exc:
        return f"No se puede leer {PIN_FILE}: {exc}; restáurelo desde el repositorio (git checkout -- {PIN_FILE})."
    shown = os.path.relpath(docs_dir, config_dir)
    missing, wrong = [], []
    for item in pin.files:
        path = os.path.join(docs_dir, *item.docs_path.split("/"))
        name = os.path.normpath(os.path.join(shown, item.docs_path)).replace(os.sep, "/")
        if not os.path.isfile(path):
            missing.append(name)
        elif sha512_of(path) != item.sha512:
            wrong.append(name)
    if missing:
        what = " y ".join(missing) if len(missing) <= 2 else ", ".join(missing[:-1]) + " y " + missing[-1]
        verb = "Falta" if len(missing) == 1 else "Faltan"
        return (f"{verb} {what} (Mermaid {pin.version}, dibuja los flujogramas; no se versiona): "
                f"ejecute «{FETCH_COMMAND}», que {'lo' if len(missing) == 1 else 'los'} descarga y verifica, "
                f"o construya con «{BUILD_COMMAND}».")
    if wrong:
        what = " y ".join(wrong) if len(wrong) <= 2 else ", ".join(wrong[:-1]) + " y " + wrong[-1]
        return (f"{what} no {'es' if len(wrong) == 1 else 'son'} el Mermaid {pin.version} fijado en {PIN_FILE} "
                f"(sha512 distinto: archivo dañado o de otra versión): ejecute «{FETCH_COMMAND}», "
                f"que {'lo reemplaza por el verificado' if len(wrong) == 1 else 'los reemplaza por los verificados'}.")
    return None


def check_pinned_files(config) -> None:
    """Raise :class:`PluginError` (MkDocs aborts with that one line) when a pinned file is
    missing or does not match its sha512."""
    config_dir = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    message = problem(config_dir, config.docs_dir)
    if message:
        raise PluginError(message)
