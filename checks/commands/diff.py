"""``python -m checks diff BASE [HEAD]``: what a change does to the manual, in Spanish
(:mod:`checks.reports.diff`)."""
from __future__ import annotations

import sys

from checks.config import ConfigError
from checks.engine import resolve_settings
from checks.reports.diff import as_markdown, as_text, compare
from checks.reports.gitrev import GitError

from .base import date

PROG = "python -m checks diff"
DESCRIPTION = ("Explica en español qué cambia en el manual entre dos revisiones de git: "
               "procedimientos y pasos agregados, eliminados, renumerados o modificados, "
               "riesgos, completitud, hallazgos nuevos y a quién avisar.")
EPILOG = "Códigos de salida: 0 comparación hecha; 2 revisión, repositorio o configuración no válidos."


def add_arguments(parser) -> None:
    parser.add_argument("base", metavar="BASE", help="revisión de partida (p. ej. origin/main)")
    parser.add_argument("head", metavar="HEAD", nargs="?", default=None,
                        help="revisión a comparar (por omisión: la copia de trabajo)")
    parser.add_argument("--ruta", default="procesos_yaml",
                        help="directorio del manual (por omisión: procesos_yaml)")
    parser.add_argument("--formato", choices=["humano", "markdown"], default="humano",
                        help="humano (texto) o markdown (resumen de GitHub Actions)")
    parser.add_argument("--config", default=None, metavar="ARCHIVO",
                        help="configuración de reglas (por omisión: reglas.yaml junto a la ruta, si existe)")
    parser.add_argument("--hoy", type=date, default=None, metavar="AAAA-MM-DD",
                        help="fecha de referencia para vencimientos")


def run(args) -> int:
    try:
        settings, _ = resolve_settings(args.ruta, None, args.config)
        diff, _, _ = compare(args.ruta, args.base, args.head, settings=settings, today=args.hoy)
    except (GitError, ConfigError) as exc:
        print(f"python -m checks diff: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write((as_markdown(diff) if args.formato == "markdown" else as_text(diff)) + "\n")
    return 0
