"""``python -m checks``: command-line interface (Spanish).

Exit codes: 0 no blocking error, 1 at least one error not excepted (or, with
``--estricto``, a warning not excepted), 2 bad usage or invalid rule configuration.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys

from . import formatters
from .config import ConfigError
from .engine import check
from .project import persistent_cache

# Per-file load + schema cache (checks.cache), relative to the working directory.
CACHE_DIR = ".cache/checks"

# Sub-commands: name -> callable(argv) -> exit code. Filled by modules that add commands.
COMMANDS: dict = {}


def _lazy(module: str):
    """Sub-command implemented by ``checks.<module>.main(argv)``, imported only when used."""
    def run(argv):
        return importlib.import_module(f"{__package__}.{module}").main(argv)
    return run


COMMANDS.update(export=_lazy("export"), nuevo=_lazy("scaffold"), esquema=_lazy("jsonschema"),
                diff=_lazy("diff"))
COMMANDS["importar"] = _lazy("commands.import_docx")     # issue 16; al integrar: checks/commands/__init__.py


_ARGPARSE_ES = (
    ("unrecognized arguments", "argumentos no reconocidos"),
    ("the following arguments are required", "faltan los argumentos obligatorios"),
    ("invalid choice", "opción no válida"),
    ("choose from", "elija entre"),
    ("expected one argument", "se esperaba un valor"),
    ("invalid _date value", "fecha no válida"),
    ("argument ", "argumento "),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="uso: " if prefix is None else prefix)


class SpanishArgumentParser(argparse.ArgumentParser):
    """ArgumentParser with Spanish usage, headings and error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")

    def error(self, message):
        for english, spanish in _ARGPARSE_ES:
            message = message.replace(english, spanish)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fecha no válida «{text}»: use AAAA-MM-DD") from None


_Parser = SpanishArgumentParser   # short name used by the sub-command modules


def check_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m checks",
        description="Revisa el manual en YAML: estructura, esquema y reglas de cumplimiento.",
        epilog="Códigos de salida: 0 sin errores bloqueantes; 1 hay errores (o advertencias, con "
               "--estricto); 2 uso incorrecto o configuración de reglas no válida. "
               "Otras órdenes: " + ", ".join(sorted(COMMANDS)) + " (python -m checks <orden> -h).",
    )
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
                             "(completitud y hallazgos nuevos)")
    parser.add_argument("--hoy", type=_date, default=None, metavar="AAAA-MM-DD",
                        help="fecha de referencia para vencimientos (por omisión: hoy)")
    parser.add_argument("--sin-cache", action="store_true",
                        help=f"no usar ni escribir la caché por archivo en {CACHE_DIR}/ (las reglas "
                             "entre archivos se ejecutan siempre)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    args = check_parser().parse_args(argv)
    fmt = args.formato
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "humano"
    options = formatters.Options(strict=args.estricto)
    try:
        with persistent_cache(None if args.sin_cache else CACHE_DIR):
            report = check(args.ruta, config=args.config, today=args.hoy)
        if args.base is not None and fmt == "markdown":
            from .diff import compare
            from .gitrev import GitError
            try:
                _, options.base, _ = compare(args.ruta, args.base, settings=report.settings, today=args.hoy)
            except GitError as exc:
                print(f"python -m checks: error: {exc}", file=sys.stderr)
                return 2
            options.base_label = args.base
    except ConfigError as exc:
        print(f"python -m checks: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(formatters.FORMATS[fmt](report, options) + "\n")
    return 1 if formatters.fails(report, args.estricto) else 0
