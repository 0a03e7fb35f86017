"""The strict loader: YAML 1.1 surprises off, duplicates/aliases/tags refused, positions kept."""
import time

import pytest

from checks.loader import MAX_BYTES, LoadError, load_bytes, load_file, load_text


def load_error(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_text(text, "f.yaml")
    return info.value


@pytest.mark.parametrize("raw, expected", [
    ("No", "No"), ("NO", "NO"), ("no", "no"), ("on", "on"), ("off", "off"), ("yes", "yes"),
    ("Sí", "Sí"), ("y", "y"), ("1:30", "1:30"), ("12:30", "12:30"), ("010", "010"), ("0777", "0777"),
    ("08001", "08001"), ("1.10", "1.10"), ("1e3", "1e3"), ("2024-01-15", "2024-01-15"),
    ("0x1F", "0x1F"), (".inf", ".inf"), ("true", True), ("false", False), ("True", True),
    ("12", 12), ("-3", -3), ("0", 0), ("~", None), ("null", None), ("", None),
])
def test_only_core_scalars_are_typed(raw, expected):
    assert load_text(f"valor: {raw}\n", "f.yaml").data == {"valor": expected}


def test_positions_are_one_based_for_keys_and_items():
    doc = load_text("a: 1\nlista:\n  - x\n  - y: 2\n", "f.yaml")
    assert doc.positions[("a",)] == (1, 1)
    assert doc.positions[("lista", 1)] == (4, 5)
    assert doc.positions[("lista", 1, "y")] == (4, 5)
    # a missing key resolves to its nearest existing parent
    loc = doc.loc(("lista", 1, "z"))
    assert (loc.file, loc.line, loc.column) == ("f.yaml", 4, 5)


def test_duplicate_key_is_reported_at_second_key():
    err = load_error("pasos:\n  - cvo: 1\n    responsables: [A]\n    responsables: [B]\n")
    assert err.code == "YAML002"
    assert (err.location.line, err.location.column) == (4, 5)


@pytest.mark.parametrize("text, line, col", [
    ("a: &x [1]\nb: *x\n", 1, 4),
    ("a: [1]\nb: *x\n", 2, 4),              # undefined alias: refused before composing
    ("x: &a [*a]\n", 1, 4),                  # self reference
])
def test_anchors_and_aliases_are_refused(text, line, col):
    err = load_error(text)
    assert err.code == "YAML003"
    assert (err.location.line, err.location.column) == (line, col)


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(8):
        prev, cur = chr(97 + i), chr(98 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    err = load_error("\n".join(lines) + "\n")
    assert err.code == "YAML003"
    assert time.perf_counter() - start < 10.0   # an expanded bomb would take hours


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ejecutado"
    err = load_error(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert err.code == "YAML004"
    assert not marker.exists()


@pytest.mark.parametrize("text", ["a: !!float 1.5\n", "a: !!binary aGk=\n", "a: !!timestamp 2024-01-01\n",
                                  "a: !!set {x}\n", "a: !custom x\n"])
def test_non_core_tags_are_refused(text):
    assert load_error(text).code == "YAML004"


def test_tab_indentation_is_a_clear_error():
    err = load_error("pasos:\n\t- cvo: 1\n")
    assert err.code == "YAML001"
    assert err.location.line == 2
    assert "tabulador" in err.message


@pytest.mark.parametrize("text, line", [
    ("a: [1, 2\nb: 3\n", 2),
    ("a: 'sin cerrar\n", 2),
    ("a: b: c\n", 1),
    ("- a\nb: 1\n", 2),
    ("a: 1\n---\nb: 2\n", 2),
])
def test_syntax_errors_have_positions(text, line):
    err = load_error(text)
    assert err.code == "YAML001"
    assert err.location.line == line


def test_deep_nesting_is_refused():
    err = load_error("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert err.code == "YAML007"


def test_empty_file():
    assert load_error("").code == "YAML008"
    assert load_error("# sólo un comentario\n").code == "YAML008"


def test_bom_is_tolerated():
    assert load_bytes("\ufeffa: ñ\n".encode("utf-8"), "f.yaml").data == {"a": "ñ"}


def test_non_utf8_is_located():
    with pytest.raises(LoadError) as info:
        load_bytes("a: 1\nb: caf\xe9\n".encode("latin-1"), "f.yaml")
    assert info.value.code == "YAML006"
    assert (info.value.location.line, info.value.location.column) == (2, 7)


def test_size_cap():
    with pytest.raises(LoadError) as info:
        load_bytes(b"a: " + b"x" * MAX_BYTES + b"\n", "f.yaml")
    assert info.value.code == "YAML005"


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(LoadError) as info:
        load_file(tmp_path)
    assert info.value.code == "YAML008"


def test_global_safe_loader_is_untouched():
    import yaml
    assert yaml.safe_load("a: No") == {"a": False}
