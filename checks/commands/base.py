"""What every sub-command builds on: the Spanish argument parser and the date type.

Command modules import this small base, never :mod:`checks.cli` (which imports them).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

_ARGPARSE_ES = (
    ("unrecognized arguments", "argumentos no reconocidos"),
    ("the following arguments are required", "faltan los argumentos obligatorios"),
    ("invalid choice", "opción no válida"),
    ("choose from", "elija entre"),
    ("expected one argument", "se esperaba un valor"),
    ("invalid date value", "fecha no válida"),
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


def write_output(text: str, path: str | None) -> None:
    """``text`` into the file ``path`` (and «escrito <path>» on stderr), or to stdout."""
    if path:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        sys.stderr.write(f"escrito {path}\n")
    else:
        sys.stdout.write(text)


def date(text: str) -> dt.date:
    """Argument type for ``--hoy``: an ISO date ``AAAA-MM-DD`` (Spanish error otherwise)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fecha no válida «{text}»: use AAAA-MM-DD") from None
