"""``python -m checks``: command-line interface (Spanish). Only dispatches.

``python -m checks [ruta] …`` runs the default command (:mod:`checks.commands.check`);
``python -m checks <orden> …`` runs the sub-command registered under that name in
:data:`checks.commands.COMMANDS`. Each command module declares its arguments and runs.
"""
from __future__ import annotations

import sys

from .commands import COMMANDS, DEFAULT, load
from .commands.base import SpanishArgumentParser


def build_parser(module) -> SpanishArgumentParser:
    """The Spanish parser of one command module, with its arguments."""
    parser = SpanishArgumentParser(prog=module.PROG, description=module.DESCRIPTION, epilog=module.EPILOG)
    module.add_arguments(parser)
    return parser


def check_parser() -> SpanishArgumentParser:
    """Parser of the default command (``python -m checks [ruta] …``)."""
    return build_parser(load(DEFAULT))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        module, argv = load(COMMANDS[argv[0]]), argv[1:]
    else:
        module = load(DEFAULT)
    return module.run(build_parser(module).parse_args(argv))
