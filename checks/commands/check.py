"""``python -m checks [ruta]``: check the manual and print the report in one format.

Exit codes: 0 no blocking error, 1 at least one error not excepted (or, with
``--estricto``, a warning not excepted), 2 bad usage or invalid rule configuration.
"""
from __future__ import annotations

import os
import sys

from checks.config import ConfigError
from checks.engine import check
from checks.reports import formatters

from . import COMMANDS
from .base import date

# Per-file load + schema cache (checks.cache), relative to the working directory.
CACHE_DIR = ".cache/checks"

PROG = "python -m checks"
DESCRIPTION = "Revisa el manual en YAML: estructura, esquema y reglas de cumplimiento."
EPILOG = ("Códigos de salida: 0 sin errores bloqueantes; 1 hay errores (o advertencias, con "
          "--estricto); 2 uso incorrecto o configuración de reglas no válida. "
          "Otras órdenes: " + ", ".join(sorted(COMMANDS)) + " (python -m checks <orden> -h).")


def add_arguments(parser) -> None:
    parser.add_argument("ruta", nargs="?", default="procesos_yaml",
                        help="directorio con el manual en YAML (por omisión: procesos_yaml)")
    parser.add_argument("--formato", choices=["auto", *sorted(formatters.FORMATS)], default="auto",
                        help="formato de salida; «auto» (por omisión) es github dentro de GitHub Actions "
                             "(GITHUB_ACTIONS=true) y humano fuera")
    parser.add_argument("--config", default=None, metavar="ARCHIVO",
                        help="configuración de reglas (por omisión: reglas.yaml junto al directorio "
                             "de la ruta, si existe)")
    parser.add_argument("--estricto", action="store_true",
                        help="las advertencias no exceptuadas también hacen fallar (código 1)")
    parser.add_argument("--base", default=None, metavar="REVISION",
                        help="revisión de git contra la que el formato markdown calcula el cambio "
                             "(completitud y hallazgos nuevos) y nombra la versión del manual que cambia")
    parser.add_argument("--hoy", type=date, default=None, metavar="AAAA-MM-DD",
                        help="fecha de referencia para vencimientos (por omisión: hoy)")
    parser.add_argument("--sin-cache", action="store_true",
                        help=f"no usar ni escribir la caché por archivo en {CACHE_DIR}/ (las reglas "
                             "entre archivos se ejecutan siempre)")


def versions_summary(ruta: str, report) -> str | None:
    """The pull request's version section (version changed, last published tag, change-log
    lines the merge adds); ``None`` when the manual could not be loaded."""
    from checks.reports.changelog import changelog
    from checks.reports.changelog_text import pull_request_markdown

    if report.manual is None or report.manual.info is None:
        return None
    return pull_request_markdown(changelog(ruta, report.manual), report.manual)


def run(args) -> int:
    fmt = args.formato
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "humano"
    options = formatters.Options(strict=args.estricto)
    try:
        cache_dir = None if args.sin_cache else CACHE_DIR
        report = check(args.ruta, config=args.config, today=args.hoy, cache_dir=cache_dir)
        if args.base is not None and fmt == "markdown":
            from checks.reports.diff import compare
            from checks.reports.gitrev import GitError
            try:
                _, options.base, _ = compare(args.ruta, args.base, settings=report.settings, today=args.hoy,
                                             cache_dir=cache_dir)
            except GitError as exc:
                print(f"python -m checks: error: {exc}", file=sys.stderr)
                return 2
            options.base_label = args.base
            options.versions = versions_summary(args.ruta, report)
    except ConfigError as exc:
        print(f"python -m checks: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(formatters.FORMATS[fmt](report, options) + "\n")
    return 1 if formatters.fails(report, args.estricto) else 0
