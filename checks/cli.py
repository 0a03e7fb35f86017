"""``python -m checks``: command-line interface (Spanish).

Exit codes: 0 no blocking error, 1 at least one error not excepted, 2 bad usage.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys

from . import formatters
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


COMMANDS.update(export=_lazy("export"), nuevo=_lazy("scaffold"), esquema=_lazy("jsonschema"))


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


class _Parser(argparse.ArgumentParser):
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


def check_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m checks",
        description="Revisa el manual en YAML: estructura, esquema y reglas de cumplimiento.",
        epilog="Códigos de salida: 0 sin errores bloqueantes; 1 hay errores; 2 uso incorrecto. "
               "Otras órdenes: " + ", ".join(sorted(COMMANDS)) + " (python -m checks <orden> -h).",
    )
    parser.add_argument("ruta", nargs="?", default="procesos_yaml",
                        help="directorio con el manual en YAML (por omisión: procesos_yaml)")
    parser.add_argument("--formato", choices=sorted(formatters.FORMATS), default="humano",
                        help="formato de salida (por omisión: humano)")
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
    with persistent_cache(None if args.sin_cache else CACHE_DIR):
        report = check(args.ruta, today=args.hoy)
    sys.stdout.write(formatters.FORMATS[args.formato](report) + "\n")
    return 1 if report.blocking else 0
