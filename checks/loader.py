"""Strict YAML loading with positions: the only way anything reads ``procesos_yaml/``.

* libyaml (``CSafeLoader``) composes the node tree when available;
* only ``true``/``false`` are booleans and only plain decimal numbers are integers, so
  ``No``, ``on``, ``010``, ``1:30``, ``1.10`` or ``2024-01-15`` stay text;
* duplicate keys, anchors/aliases, explicit tags other than the core ones, files over
  ``MAX_BYTES`` and nesting deeper than ``MAX_DEPTH`` are refused;
* UTF-8 only (a BOM is tolerated);
* every value keeps its 1-based line and column (``Document.loc``).

Failures raise :class:`LoadError`, which carries a stable code and a Spanish message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, CollectionEndEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problem import Location

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_INT_DIGITS = 18          # beyond this a number is refused (Python's int() fails past 4,300)

# Stable codes of loader failures; documented in the rules reference.
LOADER_CODES = {
    "YAML001": "Error de sintaxis YAML (incluye tabuladores y comillas sin cerrar).",
    "YAML002": "Clave duplicada en un mismo mapa.",
    "YAML003": "Anclas y alias (`&x`, `*x`) no están permitidos.",
    "YAML004": "Etiqueta explícita no permitida (p. ej. `!!python/object`, `!!float`).",
    "YAML005": "Archivo demasiado grande.",
    "YAML006": "El archivo no está codificado en UTF-8.",
    "YAML007": "Anidamiento demasiado profundo.",
    "YAML008": "Archivo vacío o ilegible.",
}

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TRUE = ("true", "True", "TRUE")
_DECIMAL = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """A loader class with its own, reduced set of implicit resolvers."""

    yaml_implicit_resolvers: dict = {}


_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_StrictLoader.add_implicit_resolver(_INT, _DECIMAL, list("-+0123456789"))
_StrictLoader.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

# libyaml calls ``resolve`` (Python) for every node; PyYAML's generic version also consults
# wildcard and path resolvers, which this loader never has. The same answer, sooner.
_IMPLICIT = {first: tuple(resolvers) for first, resolvers in _StrictLoader.yaml_implicit_resolvers.items()}
assert None not in _IMPLICIT and not _StrictLoader.yaml_path_resolvers


def _resolve(self, kind, value, implicit):
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _STR
    return _SEQ if kind is SequenceNode else _MAP


_StrictLoader.resolve = _resolve


class LoadError(Exception):
    """A file that cannot become data. ``code`` is one of ``LOADER_CODES``."""

    def __init__(self, code: str, location: Location, message: str):
        super().__init__(f"{location}: {code} {message}")
        self.code = code
        self.location = location
        self.message = message


@dataclass
class Document:
    """Loaded data plus the position of every mapping key and sequence item."""

    path: str
    data: object
    positions: dict = field(default_factory=dict, repr=False)

    def loc(self, path: tuple = ()) -> Location:
        """Location of ``path``, or of its nearest existing ancestor."""
        positions = self.positions
        while path:
            found = positions.get(path)
            if found is not None:
                return Location(self.path, *found)
            path = path[:-1]
        return Location(self.path, *positions.get((), (1, 1)))


# Spanish text for the problems libyaml reports (matched on the English text).
_SYNTAX_ES = (
    ("found character '\\t'", "tabulador no permitido: sangre con espacios"),
    ("mapping values are not allowed", "no se permite un valor aquí: ¿falta un espacio tras «:» "
                                       "o conviene entrecomillar el texto?"),
    ("could not find expected ':'", "no se encontró el «:» esperado (¿clave sin valor o comillas?)"),
    ("did not find expected key", "no se encontró la clave esperada: revise la sangría"),
    ("did not find expected '-' indicator", "no se encontró el «-» esperado: revise la sangría de la lista"),
    ("did not find expected node content", "falta un valor: revise la sangría o los signos"),
    ("expected <block end>", "sangría inconsistente: revise la alineación de esta línea"),
    ("found unexpected end of stream", "el archivo termina antes de tiempo (¿comillas sin cerrar?)"),
    ("found unexpected ':'", "«:» inesperado: entrecomille el texto"),
    ("expected a single document", "se esperaba un solo documento YAML (sobra un «---»)"),
    ("found undefined alias", "alias no definido"),
    ("found character '@'", "«@» no puede iniciar un valor: entrecomille el texto"),
    ("found character '`'", "«`» no puede iniciar un valor: entrecomille el texto"),
    ("found character '%'", "«%» no puede iniciar un valor: entrecomille el texto"),
    ("did not find expected ',' or ']'", "lista entre corchetes sin cerrar: falta «,» o «]»"),
    ("did not find expected ',' or '}'", "mapa entre llaves sin cerrar: falta «,» o «}»"),
    ("found unknown escape character", "secuencia de escape desconocida dentro de comillas dobles"),
    ("special characters are not allowed", "carácter de control no permitido"),
    ("found a tab character", "tabulador no permitido: sangre con espacios"),
)


def _syntax_message(problem: str | None, context: str | None, text_at_mark: str = "") -> str:
    if text_at_mark == "\t":
        return "tabulador no permitido: sangre con espacios"
    text = f"{context or ''} {problem or ''}"
    for needle, spanish in _SYNTAX_ES:
        if needle in text:
            return spanish
    return f"error de sintaxis YAML ({(problem or context or 'desconocido').strip()})"


def _mark_loc(path: str, mark) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def load_text(text: str, path: str = "<texto>") -> Document:
    """Parse ``text`` strictly. Raises :class:`LoadError`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if _cannot_nest_deeply(text):
        document = _load_direct(text, path)
        if document is not None:
            return document
    # Otherwise, or when the direct load failed (the error below is then the canonical one):
    # libyaml's composer recurses on the C stack, and 8,000 nested "[" (16 KB, no anchor)
    # crashed the interpreter (segmentation fault) in a thread with a 1 MB stack.
    _prescan(text, path)
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
    except RecursionError:
        # Only reachable without the prescan (pure-Python composer, or a nested text under
        # the prescan threshold on a small stack): refuse it as too deep.
        raise LoadError("YAML007", Location(path), f"anidamiento de más de {MAX_DEPTH} niveles") from None
    except yaml.YAMLError as exc:
        raise _parse_error(exc, text, path) from None
    finally:
        loader.dispose()
    if root is None:
        raise LoadError("YAML008", Location(path), "el archivo está vacío")
    positions: dict = {(): (root.start_mark.line + 1, root.start_mark.column + 1)}
    data = _build(root, (), positions, path, 0)
    return Document(path, data, positions)


# Nesting depth libyaml's recursive composer handles safely: 2,000 levels passed in a thread
# with a 1 MB stack (8,000 crashed); this is half of that.
_SAFE_NESTING = 1000


def _cannot_nest_deeply(text: str) -> bool:
    """True when ``text`` has no anchor or alias and cannot nest more than ``_SAFE_NESTING``
    collections. Two bounds of the depth, either is enough:

    * every collection needs its own indicator character (``[``, ``{``, ``-``, ``:`` or
      ``?``), so their count bounds the depth (small files);
    * block collections can only nest by starting at a greater column than the collection
      around them (libyaml pushes a new indentation level only for a strictly greater
      column), except a sequence written at its key's column, which cannot directly contain
      another one: at most two per column. Flow collections need a ``[`` or ``{`` each, and
      nothing in block style nests inside them. So the depth is at most twice the longest
      line, plus one, plus the number of ``[`` and ``{`` (large but shallow catalogues).

    Most files of a manual qualify, the catalogues of a large one included."""
    if "&" in text or "*" in text:
        return False
    flow = text.count("[") + text.count("{")
    if flow + text.count(":") + text.count("-") + text.count("?") <= _SAFE_NESTING:
        return True
    if flow > _SAFE_NESTING:
        return False
    longest = max(map(len, text.split("\n")))
    return 2 * (longest + 1) + flow <= _SAFE_NESTING


def _load_direct(text: str, path: str) -> Document | None:
    """Compose and build without the event prescan (one parse instead of two), for texts
    that cannot nest deeply enough to endanger the composer. ``None`` on any problem: the
    caller then loads the text the full way, which reports it exactly as always. When this
    succeeds the full way succeeds too, with the same document: no anchors or aliases, no
    collection deeper than ``MAX_DEPTH`` (:func:`_build` refuses them), same parse."""
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        positions: dict = {(): (root.start_mark.line + 1, root.start_mark.column + 1)}
        return Document(path, _build(root, (), positions, path, 0), positions)
    except (yaml.YAMLError, LoadError, RecursionError):
        return None
    finally:
        loader.dispose()


def load_bytes(raw: bytes, path: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise LoadError("YAML005", Location(path),
                        f"el archivo pesa {len(raw):,} bytes; el máximo es {MAX_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise LoadError("YAML006", Location(path, line, col),
                        f"byte 0x{raw[exc.start]:02x} no válido en UTF-8: guarde el archivo como UTF-8") from None
    return load_text(text, path)


def load_file(file: Path, display: str | None = None) -> Document:
    """Read and parse one file; ``display`` is the path shown in messages."""
    display = display or str(file)
    try:
        with open(file, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise LoadError("YAML008", Location(display), "se esperaba un archivo y es un directorio") from None
    except OSError as exc:
        raise LoadError("YAML008", Location(display), f"no se puede leer el archivo ({exc.strerror})") from None
    return load_bytes(raw, display)


def _parse_error(exc: yaml.YAMLError, text: str, path: str) -> LoadError:
    """The Spanish, positioned LoadError for a libyaml reader/scanner/parser error."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _offset_to_line_col(text, exc.position)
        return LoadError("YAML001", Location(path, line, col),
                         "carácter no permitido en YAML (carácter de control o no imprimible)")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return LoadError("YAML001", _mark_loc(path, mark),
                     _syntax_message(getattr(exc, "problem", None), getattr(exc, "context", None),
                                     _char_at(text, mark)))


def _char_at(text: str, mark) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _prescan(text: str, path: str) -> None:
    """Refuse anchors/aliases and excessive depth before composing anything.

    Runs on the event stream (iterative in libyaml), so neither an alias bomb nor a
    deeply nested document reaches the recursive composer.
    """
    loader = _StrictLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent):
                raise LoadError("YAML003", _mark_loc(path, event.start_mark),
                                f"alias «*{event.anchor}» no permitido: repita el contenido")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise LoadError("YAML003", _mark_loc(path, event.start_mark),
                                f"ancla «&{anchor}» no permitida: repita el contenido")
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError("YAML007", _mark_loc(path, event.start_mark),
                                    f"anidamiento de más de {MAX_DEPTH} niveles")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _parse_error(exc, text, path) from None
    finally:
        loader.dispose()


def _build(node, path: tuple, positions: dict, file: str, depth: int):
    """Turn a composed node into plain data, recording positions; no constructors run."""
    if depth > MAX_DEPTH:
        raise LoadError("YAML007", _mark_loc(file, node.start_mark),
                        f"anidamiento de más de {MAX_DEPTH} niveles")
    tag = node.tag
    if isinstance(node, ScalarNode):
        value = node.value
        if tag == _STR:
            return value
        if tag == _NULL and value in ("", "~", "null", "Null", "NULL"):
            return None
        if tag == _INT and _DECIMAL.match(value):
            if len(value.lstrip("+-")) > MAX_INT_DIGITS:
                raise LoadError("YAML004", _mark_loc(file, node.start_mark),
                                f"número de {len(value.lstrip('+-'))} cifras: el máximo es {MAX_INT_DIGITS} "
                                "(entrecomíllelo si es texto)")
            return int(value)
        if tag == _BOOL and value in _TRUE + ("false", "False", "FALSE"):
            return value in _TRUE
        raise LoadError("YAML004", _mark_loc(file, node.start_mark),
                        f"etiqueta o valor no permitido ({tag.rsplit(':', 1)[-1]} «{value[:40]}»)")
    if isinstance(node, (SequenceNode, MappingNode)) and depth >= MAX_DEPTH:
        # A collection nested more than MAX_DEPTH deep (the prescan refuses it first; this
        # guards the direct load).
        raise LoadError("YAML007", _mark_loc(file, node.start_mark),
                        f"anidamiento de más de {MAX_DEPTH} niveles")
    if isinstance(node, SequenceNode):
        if tag != _SEQ:
            raise LoadError("YAML004", _mark_loc(file, node.start_mark), f"etiqueta no permitida «{tag}»")
        items = []
        for index, child in enumerate(node.value):
            child_path = path + (index,)
            mark = child.start_mark
            positions[child_path] = (mark.line + 1, mark.column + 1)
            if child.tag == _STR and type(child) is ScalarNode:
                items.append(child.value)            # most nodes: plain text, no call
            else:
                items.append(_build(child, child_path, positions, file, depth + 1))
        return items
    if isinstance(node, MappingNode):
        if tag != _MAP:
            raise LoadError("YAML004", _mark_loc(file, node.start_mark), f"etiqueta no permitida «{tag}»")
        mapping: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise LoadError("YAML001", _mark_loc(file, key_node.start_mark),
                                "una clave debe ser un texto simple, no una lista ni un mapa")
            key = key_node.value if key_node.tag == _STR else _build(key_node, path, positions, file, depth + 1)
            if not isinstance(key, (str, int)):
                key = str(key_node.value)
            if key in mapping:
                first = positions.get(path + (key,), ("?", "?"))
                raise LoadError("YAML002", _mark_loc(file, key_node.start_mark),
                                f"clave «{key}» duplicada (ya definida en la línea {first[0]})")
            child_path = path + (key,)
            mark = key_node.start_mark
            positions[child_path] = (mark.line + 1, mark.column + 1)
            if value_node.tag == _STR and type(value_node) is ScalarNode:
                mapping[key] = value_node.value      # most nodes: plain text, no call
            else:
                mapping[key] = _build(value_node, child_path, positions, file, depth + 1)
        return mapping
    raise LoadError("YAML001", _mark_loc(file, node.start_mark), "nodo YAML desconocido")
