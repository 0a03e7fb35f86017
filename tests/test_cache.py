"""The persistent per-file cache of the CLI (checks.cache): same results as without it,
safe when a catalogue changes, never written inside the manual."""
from __future__ import annotations

import datetime as dt
import json

from checks import cache as cache_mod
from checks import project
from checks.engine import check
from checks.problem import Location
from tests.common import manual_copy, procedure, write

TODAY = dt.date(2026, 1, 15)


def _fresh_check(root, cache_dir=None):
    """Run the checks as a new process would: empty in-process memo."""
    project._MEMO.clear()
    report = check(root, today=TODAY, cache_dir=cache_dir)
    return [(str(p.location), p.rule, p.severity, p.message, p.excepted) for p in report.problems]


def _bad_manual(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-07", """
        - cvo: 1
          accion: Sin responsable
          salidas: [Oficio]
        - cvo: 2
          accion: Con rol desconocido
          responsables: [NADIE]
          salidas: [Oficio]
    """)
    write(root, "procedimientos/CV-08.yaml", "id: CV-08\narea: CV-INE\nnombre: x\npasos: []\nsobra: 1\n")
    write(root, "procedimientos/CV-09.yaml", "id: CV-09\n\tarea: x\n")
    return root


def test_cached_results_equal_uncached(tmp_path):
    root = _bad_manual(tmp_path)
    cache_dir = tmp_path / "cache"
    expected = _fresh_check(root)
    assert {"PRC001", "ESQ001", "ESQ002", "YAML001"} <= {rule for _, rule, *_ in expected}
    assert _fresh_check(root, cache_dir) == expected          # cold: fills the cache
    assert list(cache_dir.glob("*.json"))
    assert _fresh_check(root, cache_dir) == expected          # warm: everything from the cache


def test_catalogue_change_is_seen_with_a_warm_cache(tmp_path):
    root = manual_copy(tmp_path)
    cache_dir = tmp_path / "cache"
    assert not [p for p in _fresh_check(root, cache_dir) if p[1] == "REF001"]
    roles = root / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    start = text.index("  - id: TV-INE")
    roles.write_text(text[:start], encoding="utf-8")     # the procedure still names TV-INE
    warm = _fresh_check(root, cache_dir)
    assert warm == _fresh_check(root)
    assert any(rule == "REF001" and "TV-INE" in message for _, rule, _, message, _ in warm)


def test_changed_file_is_reloaded(tmp_path):
    root = manual_copy(tmp_path)
    cache_dir = tmp_path / "cache"
    _fresh_check(root, cache_dir)
    path = root / "procedimientos" / "CV-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    responsables: [DIRECCION]\n", ""),
                    encoding="utf-8")
    warm = _fresh_check(root, cache_dir)
    assert warm == _fresh_check(root)
    assert any(rule == "PRC001" for _, rule, *_ in warm)


def test_cache_is_never_written_inside_the_manual(tmp_path):
    root = manual_copy(tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    _fresh_check(root, root / ".cache")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_corrupt_or_foreign_cache_is_ignored(tmp_path):
    root = _bad_manual(tmp_path)
    cache_dir = tmp_path / "cache"
    expected = _fresh_check(root)
    _fresh_check(root, cache_dir)
    (file,) = cache_dir.glob("*.json")
    file.write_bytes(b"\x00{no es json")
    assert _fresh_check(root, cache_dir) == expected
    content = json.loads(file.read_text(encoding="utf-8"))
    content["huella"] = "otra versión"
    for entry in content["entradas"].values():
        if entry[0] == "ok":
            entry[1]["nombre"] = "dato envenenado"
    file.write_text(json.dumps(content), encoding="utf-8")
    assert _fresh_check(root, cache_dir) == expected


def test_lazy_locations_compare_like_locations(tmp_path):
    doc = cache_mod.CachedDocument("x.yaml", {"a": [1, 2]}, b"a:\n  - 1\n  - 2\n")
    loc = doc.loc(("a", 1))
    assert loc == Location("x.yaml", 3, 5) and Location("x.yaml", 3, 5) == loc
    assert hash(loc) == hash(Location("x.yaml", 3, 5))
    assert sorted([Location("x.yaml", 9, 1), loc, Location("a.yaml", 1, 1)])[1] is loc
    assert str(loc) == "x.yaml:3:5"


def test_cached_positions_are_the_loaders_without_parsing_again(tmp_path, monkeypatch):
    """Positions come back from the cache (flat list, pre-order of the data) exactly as the
    loader recorded them, without parsing the file again; a list that does not fit the data
    falls back to parsing."""
    from pathlib import Path

    from checks.loader import load_bytes

    repo = Path(__file__).resolve().parent.parent
    files = sorted((repo / "procesos_yaml").rglob("*.yaml")) + sorted((repo / "tests" / "datos").rglob("*.yaml"))
    disk = cache_mod.DiskCache(tmp_path / "cache", tmp_path / "manual")
    expected = {}
    for path in files:
        raw = path.read_bytes()
        doc = load_bytes(raw, str(path))
        key = disk.key(str(path), "x", str(len(raw)))
        disk.put(key, doc, [])
        expected[key] = (raw, doc.positions)
    disk.save()
    reopened = cache_mod.DiskCache(tmp_path / "cache", tmp_path / "manual")

    def no_parse(*args):
        raise AssertionError("volvió a analizar el archivo")

    monkeypatch.setattr(cache_mod, "load_bytes", no_parse)
    for key, (raw, positions) in expected.items():
        doc, problems = reopened.get(key, raw)
        assert problems == [] and doc.positions == positions
        assert list(doc.positions) == list(positions)

    monkeypatch.undo()
    key, (raw, positions) = next(iter(expected.items()))
    entry = reopened._stored[key]
    broken = cache_mod.CachedDocument("x.yaml", entry[1], raw, entry[2][:-2])
    assert broken.positions == positions
