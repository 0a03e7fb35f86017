"""checks/loader.py: the direct load (one parse, no event prescan, for texts that cannot nest
deeply) gives exactly what the full load gives — the same data and positions, or the same
error (code, position and message) — on every YAML file of the repository, the hostile
corpus, nesting right around the limit, and hypothesis-generated YAML-like texts.

The reference is the full path as it was before: prescan, compose, build."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks import loader
from checks.loader import LoadError, load_text

ROOT = Path(__file__).resolve().parent.parent


def reference(text: str, path: str = "<texto>"):
    """The full load, always with the prescan (the code before the direct path)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    loader._prescan(text, path)
    parser = loader._StrictLoader(text)
    try:
        root = parser.get_single_node()
    except RecursionError:
        raise LoadError("YAML007", loader.Location(path), "anidamiento") from None
    except loader.yaml.YAMLError as exc:
        raise loader._parse_error(exc, text, path) from None
    finally:
        parser.dispose()
    if root is None:
        raise LoadError("YAML008", loader.Location(path), "el archivo está vacío")
    positions: dict = {(): (root.start_mark.line + 1, root.start_mark.column + 1)}
    data = ref_build(root, (), positions, path, 0)
    return loader.Document(path, data, positions)


def ref_build(node, path: tuple, positions: dict, file: str, depth: int):
    """``loader._build`` as it was before its fast path for text nodes (the reference)."""
    if depth > loader.MAX_DEPTH:
        raise LoadError("YAML007", loader._mark_loc(file, node.start_mark),
                        f"anidamiento de más de {loader.MAX_DEPTH} niveles")
    tag = node.tag
    if isinstance(node, loader.ScalarNode):
        value = node.value
        if tag == loader._STR:
            return value
        if tag == loader._NULL and value in ("", "~", "null", "Null", "NULL"):
            return None
        if tag == loader._INT and loader._DECIMAL.match(value):
            if len(value.lstrip("+-")) > loader.MAX_INT_DIGITS:
                raise LoadError("YAML004", loader._mark_loc(file, node.start_mark),
                                f"número de {len(value.lstrip('+-'))} cifras: el máximo es {loader.MAX_INT_DIGITS} "
                                "(entrecomíllelo si es texto)")
            return int(value)
        if tag == loader._BOOL and value in loader._TRUE + ("false", "False", "FALSE"):
            return value in loader._TRUE
        raise LoadError("YAML004", loader._mark_loc(file, node.start_mark),
                        f"etiqueta o valor no permitido ({tag.rsplit(':', 1)[-1]} «{value[:40]}»)")
    if isinstance(node, (loader.SequenceNode, loader.MappingNode)) and depth >= loader.MAX_DEPTH:
        # A collection nested more than loader.MAX_DEPTH deep (the prescan refuses it first; this
        # guards the direct load).
        raise LoadError("YAML007", loader._mark_loc(file, node.start_mark),
                        f"anidamiento de más de {loader.MAX_DEPTH} niveles")
    if isinstance(node, loader.SequenceNode):
        if tag != loader._SEQ:
            raise LoadError("YAML004", loader._mark_loc(file, node.start_mark), f"etiqueta no permitida «{tag}»")
        items = []
        for index, child in enumerate(node.value):
            child_path = path + (index,)
            positions[child_path] = (child.start_mark.line + 1, child.start_mark.column + 1)
            items.append(ref_build(child, child_path, positions, file, depth + 1))
        return items
    if isinstance(node, loader.MappingNode):
        if tag != loader._MAP:
            raise LoadError("YAML004", loader._mark_loc(file, node.start_mark), f"etiqueta no permitida «{tag}»")
        mapping: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, loader.ScalarNode):
                raise LoadError("YAML001", loader._mark_loc(file, key_node.start_mark),
                                "una clave debe ser un texto simple, no una lista ni un mapa")
            key = ref_build(key_node, path, positions, file, depth + 1)
            if not isinstance(key, (str, int)):
                key = str(key_node.value)
            if key in mapping:
                first = positions.get(path + (key,), ("?", "?"))
                raise LoadError("YAML002", loader._mark_loc(file, key_node.start_mark),
                                f"clave «{key}» duplicada (ya definida en la línea {first[0]})")
            child_path = path + (key,)
            positions[child_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = ref_build(value_node, child_path, positions, file, depth + 1)
        return mapping
    raise LoadError("YAML001", loader._mark_loc(file, node.start_mark), "nodo YAML desconocido")


def outcome(function, text: str):
    try:
        doc = function(text, "f.yaml")
    except LoadError as exc:
        return ("error", exc.code, exc.location, exc.message)
    return ("ok", doc.data, doc.positions)


def same(text: str) -> None:
    assert outcome(load_text, text) == outcome(reference, text)


FILES = sorted(p for folder in ("procesos_yaml", "tests/datos", "tests/hostil/corpus")
               for p in (ROOT / folder).rglob("*.y*ml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files(path):
    same(path.read_bytes().decode("utf-8", "replace"))


def test_most_manual_files_take_the_direct_path():
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "procesos_yaml").rglob("*.yaml")]
    assert sum(map(loader._cannot_nest_deeply, texts)) >= len(texts) - 1


def _block(depth: int, inner: str) -> str:
    """``inner`` under ``depth`` nested block mappings (``k0:`` / ``  k1:`` / …)."""
    lines = [f"{'  ' * level}k{level}:" for level in range(depth)]
    return "\n".join(lines + ["  " * depth + line for line in inner.split("\n")])


@pytest.mark.parametrize("depth", [38, 39, 40, 41, 42])
@pytest.mark.parametrize("inner", ["[]", "{}", "[x]", "x", "- a"])
def test_nesting_around_the_limit(depth, inner):
    same("[" * depth + inner + "]" * depth)
    same(_block(depth, inner))
    same("- " * depth + inner)


def test_nesting_beyond_the_safe_bound_takes_the_full_path():
    text = "[" * 5000 + "]" * 5000
    assert not loader._cannot_nest_deeply(text)
    same(text)


ATOMS = list(":-?[]{},#!|>'\"%@`\n \\") + [
    "- ", ": ", "\n  ", "\n- ", "---\n", "...\n", "!!str ", "!!map ", "? ", "%YAML 1.1\n", "\ufeff",
    "\t", "\x00", "é", "~", "null", "true", "No", "1:30", "010", "9" * 25, "a", "b", "a: 1\n", "a: 2\n",
    "[[[[", "]]]]", "{a: [b, {c: d}]}", "&x ", "*x",
]


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=3)), max_size=50).map("".join))
def test_generated_texts(text):
    same(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(max_size=8), st.sampled_from(
    ["", "~", "null", "Null", "NULL", "nulL", "true", "True", "TRUE", "tRue", "false", "No", "yes", "on",
     "0", "-0", "+1", "010", "1_000", "0x1F", "1.5", "12:30", "2024-01-15", "9" * 30])),
       st.booleans(), st.booleans())
def test_resolver_shortcut_is_pyyamls(value, plain, quoted):
    """The loader's ``resolve`` gives the tag PyYAML's generic resolver gives."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode
    from yaml.resolver import BaseResolver

    parser = loader._StrictLoader("a")
    try:
        for kind in (ScalarNode, SequenceNode, MappingNode):
            assert parser.resolve(kind, value, (plain, quoted)) == BaseResolver.resolve(parser, kind, value, (plain, quoted))
    finally:
        parser.dispose()


def _depth(text: str) -> int | None:
    """The deepest collection nesting of ``text`` per libyaml's events (None if not YAML)."""
    parser = loader._StrictLoader(text)
    depth = deepest = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, loader.CollectionStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, loader.CollectionEndEvent):
                depth -= 1
    except loader.yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return deepest


NESTING_ATOMS = ["- ", "? ", ": ", "a: ", "a:", "\n", " ", "  ", "[", "]", "{", "}", ", ", "x", "\n- ", "\n  "]


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(NESTING_ATOMS), max_size=80).map("".join))
def test_depth_bound_by_line_length_holds(text):
    """The second bound of ``_cannot_nest_deeply``: depth ≤ 2 × (longest line + 1) + «[» + «{»."""
    depth = _depth(text)
    if depth is not None:
        longest = max(map(len, text.split("\n")))
        assert depth <= 2 * (longest + 1) + text.count("[") + text.count("{")


@pytest.mark.parametrize("depth", [100, 300, 499, 500, 700])
def test_deep_block_nesting_is_never_taken_for_shallow(depth):
    """Deep block nesting needs long lines (or many lines of growing indentation): the bound
    sends it to the full path with the prescan, which refuses it as too deep."""
    for text in ("- " * depth + "x", _block(depth, "x"), "? " * depth + "x"):
        real = _depth(text)
        assert real >= depth
        if loader._cannot_nest_deeply(text):
            assert real <= loader._SAFE_NESTING
        same(text)


def test_large_shallow_catalogue_takes_the_direct_path():
    """A catalogue with thousands of entries (many «:» and «-») but short lines is loaded in
    one parse, with the same result as the full load."""
    text = "excepciones:\n" + "".join(
        f"- regla: PRC00{i % 9}\n  objeto: P{i:04d}\n  motivo: 'Motivo {i}: revisado'\n  vence: '2027-01-01'\n"
        for i in range(3000))
    assert loader._cannot_nest_deeply(text)
    same(text)
