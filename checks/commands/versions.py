"""``python -m checks versiones``: the published versions of the manual (git tags
``manual-<versión>``), what changed in each one, whether this copy is one of them, and the
changes not yet published with the roles to notify."""
from __future__ import annotations

import sys

PROG = "python -m checks versiones"
DESCRIPTION = ("Lista las versiones publicadas del manual (etiquetas de git «manual-<versión>»), qué cambió "
               "en cada una paso a paso, si esta copia es la versión vigente o un borrador, y los cambios "
               "no publicados con a quién avisar.")
EPILOG = "Códigos de salida: 0 listado hecho (también sin historial); 2 uso incorrecto."


def add_arguments(parser) -> None:
    parser.add_argument("--ruta", default="procesos_yaml", help="directorio del manual (por omisión: procesos_yaml)")


def run(args) -> int:
    from checks.project import load_manual
    from checks.reports.changelog import changelog
    from checks.reports.changelog_text import as_text

    manual = load_manual(args.ruta).manual
    sys.stdout.write(as_text(changelog(args.ruta, manual), manual))
    return 0
