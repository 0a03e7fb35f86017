"""``python -m checks export``: the whole validated manual as JSON (:mod:`checks.reports.export`)."""
from __future__ import annotations

import sys

from checks.project import unsafe_output
from checks.reports.export import NotExportable, export_text

from .base import date, write_output

PROG = "python -m checks export"
DESCRIPTION = ("Exporta el manual validado completo como JSON (estructura documentada en el README, "
               "sección «Formatos y descargas»), para otras herramientas.")
EPILOG = ("Códigos de salida: 0 exportado; 1 el manual tiene errores bloqueantes (no se exporta nada); "
          "2 uso incorrecto.")


def add_arguments(parser) -> None:
    parser.add_argument("ruta", nargs="?", default="procesos_yaml",
                        help="directorio con el manual en YAML (por omisión: procesos_yaml)")
    parser.add_argument("-o", "--salida", metavar="ARCHIVO",
                        help="escribe el JSON en ARCHIVO (por omisión: la salida estándar)")
    parser.add_argument("--hoy", type=date, default=None, metavar="AAAA-MM-DD",
                        help="fecha de referencia para vencimientos de excepciones (por omisión: hoy)")


def run(args) -> int:
    try:
        text = export_text(args.ruta, today=args.hoy)
    except NotExportable as exc:
        sys.stderr.write(f"{exc}\nNo se exporta: corrija primero los errores bloqueantes.\n")
        return 1
    if args.salida:
        refusal = unsafe_output(args.salida, args.ruta)
        if refusal:
            sys.stderr.write(f"python -m checks export: error: {refusal}\n")
            return 2
    write_output(text, args.salida)
    return 0
