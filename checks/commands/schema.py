"""``python -m checks esquema``: print or write the editor JSON Schemas
(:mod:`checks.reports.jsonschema`)."""
from __future__ import annotations

import sys

from checks.project import unsafe_output
from checks.reports.jsonschema import KINDS, dumps, write_all

from .base import write_output

PROG = "python -m checks esquema"
DESCRIPTION = ("Genera el esquema JSON (draft-07) de los archivos del manual a partir del esquema "
               "de validación, para que un editor con soporte YAML complete claves y marque errores.")
EPILOG = "Ejemplo: python -m checks esquema --directorio esquemas (actualiza las copias publicadas)."


def add_arguments(parser) -> None:
    parser.add_argument("tipo", nargs="?", default="procedimiento", choices=sorted(KINDS),
                        help="tipo de archivo (por omisión: procedimiento)")
    parser.add_argument("-o", "--salida", metavar="ARCHIVO",
                        help="escribe el esquema en ARCHIVO en vez de la salida estándar")
    parser.add_argument("--directorio", metavar="DIR",
                        help="escribe los esquemas de todos los tipos en DIR (<tipo>.schema.json)")


def run(args) -> int:
    for target in (args.directorio, args.salida):
        refusal = target and unsafe_output(target)
        if refusal:
            sys.stderr.write(f"python -m checks esquema: error: {refusal}\n")
            return 2
    if args.directorio:
        for path in write_all(args.directorio):
            sys.stderr.write(f"escrito {path}\n")
        return 0
    write_output(dumps(args.tipo), args.salida)
    return 0
