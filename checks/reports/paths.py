"""The one helper for file paths shown relative to the manual.

Published outputs (site, export, spreadsheets) must not reveal the build machine's
directories: a file is shown as ``<name of the manual's directory>/<relative path>``
(``procesos_yaml/procedimientos/CV-01.yaml``) whatever path the manual was loaded from.
"""
from __future__ import annotations

import os


def manual_root(manual) -> str | None:
    """The directory holding every file of the manual (``procesos_yaml``), or None."""
    paths = list(manual.documents)
    if not paths:
        return None
    try:
        root = os.path.commonpath(paths)
    except ValueError:
        return None
    return os.path.dirname(root) if root in manual.documents else root


def shown_path(path: str, root: str | None) -> str:
    """``path`` as ``<name of root>/<relative path>`` (no build-machine directories), when
    ``root`` is given and contains it; otherwise unchanged."""
    if not root:
        return path
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return path
    if rel.startswith(os.pardir):
        return path
    return os.path.join(os.path.basename(os.path.normpath(root)), rel).replace(os.sep, "/")


def shown_location(location, root: str | None) -> str:
    """``archivo:línea:columna`` of a :class:`checks.problem.Location` with the file shown by
    :func:`shown_path`."""
    return f"{shown_path(location.file, root)}:{location.line}:{location.column}"
