"""Problem records: identity (rule id, position) separate from text (message).

Modelled on yamllint's ``LintProblem`` and pyflakes' messages: a problem compares on
file, line, column and rule; the Spanish message is data and never part of identity,
so rewording a message never breaks a test.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

# Control and invisible formatting characters (newlines, ESC, bidi overrides, zero-width).
# Lone surrogates (undecodable bytes of a file name or argument) too: they cannot be printed.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` on one visible line, safe for a terminal and for a CI log. THE helper for
    every piece of untrusted text (YAML values, file names, git revisions) that an output
    prints: the CLI in every format, ``diff``, ``export``, ``nuevo``, errors, MkDocs hook.

    * control and invisible characters are shown as ``\\n``, ``\\x1b``, ``\\u202e``, so the
      text cannot start a new (fake) log line or a terminal escape sequence;
    * ``##[`` becomes ``#\\x23[``: GitHub's runner takes the legacy form ``##[error]…`` as a
      workflow command *anywhere* in a line;
    * a leading ``::`` (after spaces) becomes ``\\x3a:``: the runner takes a line that starts
      with ``::`` as a workflow command (``::error``, ``::add-mask::``, ``::stop-commands::``).
    """
    text = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    if "##[" in text:
        text = text.replace("##[", "#\\x23[")
    if "::" in text:
        start = len(text) - len(text.lstrip())
        if text.startswith("::", start):
            text = text[:start] + "\\x3a" + text[start + 1:]
    return text


# In JSON text, what a log or a terminal could act on can only be inside strings, and JSON
# can spell any character as \uXXXX: escaping it there changes no value.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) made safe for a CI log and a
    terminal without changing the data: C1 controls, line/paragraph separators, bidi and
    zero-width characters become ``\\uXXXX``, and ``##[`` becomes ``#\\u0023[``."""
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace("##[", "#\\u0023[")


class Severity(enum.IntEnum):
    """Severity levels, ordered so that ``max()`` gives the worst one."""

    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return {Severity.WARNING: "advertencia", Severity.ERROR: "error"}[self]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        table = {"error": cls.ERROR, "advertencia": cls.WARNING, "warning": cls.WARNING}
        try:
            return table[text]
        except KeyError:
            raise ValueError(f"nivel desconocido: {text!r} (use «error» o «advertencia»)") from None


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file (path relative to the repository when possible)."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable(self.file)}:{self.line}:{self.column}"      # file names may hold newlines, ESC


@dataclass(frozen=True)
class Finding:
    """What a rule yields: where, what, and which object it is about.

    ``subject`` is the procedure or coordination id (or a catalogue name such as
    ``roles``); ``step`` and ``risk`` narrow it down. Exceptions match on these.
    """

    location: Location
    message: str
    subject: str | None = None
    step: int | None = None
    risk: str | None = None


@dataclass(frozen=True)
class Problem:
    """A finding stamped by the engine with its rule id and severity."""

    location: Location
    rule: str
    severity: Severity
    message: str = field(compare=False)
    subject: str | None = None
    step: int | None = None
    risk: str | None = None
    exception: object | None = field(default=None, compare=False)

    def __post_init__(self):
        if isinstance(self.message, str):
            object.__setattr__(self, "message", printable(self.message))

    @property
    def excepted(self) -> bool:
        return self.exception is not None

    @property
    def blocking(self) -> bool:
        """An error that no valid exception covers: it fails the build."""
        return self.severity is Severity.ERROR and not self.excepted

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.rule)

    def __str__(self) -> str:
        return f"{self.location}: [{self.severity.label}] {self.rule} {self.message}"


def sort_problems(problems) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)
