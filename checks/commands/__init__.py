"""Sub-commands of ``python -m checks``: one module per command, registered here.

Each module exposes ``PROG``, ``DESCRIPTION``, ``EPILOG``, ``add_arguments(parser)`` and
``run(args) -> int`` (the exit code), and imports :mod:`checks.commands.base`, never
:mod:`checks.cli`. A new sub-command is one new module plus one line in :data:`COMMANDS`.
Modules are imported only when their command runs.
"""
from __future__ import annotations

import importlib

DEFAULT = "check"          # ``python -m checks [ruta] …``: the checks themselves

# Spanish command name (what users type) -> module of this package.
COMMANDS = {
    "export": "export",
    "nuevo": "new",
    "esquema": "schema",
    "diff": "diff",
    "versiones": "versions",
    "propietarios": "owners",
    "importar": "import_docx",
}


def load(module: str):
    """The command module ``checks.commands.<module>``."""
    return importlib.import_module(f"{__name__}.{module}")
