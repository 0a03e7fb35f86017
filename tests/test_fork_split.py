"""checks/fork_split.py: work shared with a forked child gives exactly the results of doing it
all here, falls back to doing it here whenever the child cannot help, and the cold load of a
manual (checks/project.py) gives the same documents, positions and problems either way."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

import pytest

from checks import fork_split, project
from tests.common import MINIMO, REPO, manual_copy

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or fork_split.workers_available() < 2,
                                reason="sin os.fork o con un solo núcleo")


@pytest.fixture(autouse=True)
def _as_if_single_threaded(request, monkeypatch):
    """Earlier tests of the same pytest process leave idle threads behind (the local web
    server of the browser tests), and sharing is refused while other threads run. These
    tests are about what sharing gives, so they see one thread (except the test of that
    refusal); the children they fork only compute and write to a pipe."""
    if request.node.name != "test_no_fork_while_other_threads_run":
        monkeypatch.setattr(fork_split.threading, "active_count", lambda: 1)
    monkeypatch.delenv("CHECKS_SIN_PARALELO", raising=False)


def test_second_half_is_done_by_the_child_in_order():
    items = list(range(11))
    got = fork_split.split_map(items, lambda x: ("aquí", x, os.getpid()), lambda x: ("hijo", x, os.getpid()),
                               min_items=1)
    assert [value[1] for _, value in got] == items
    assert [shared for shared, _ in got] == [False] * 6 + [True] * 5
    parent = os.getpid()
    assert all(value[2] == parent for shared, value in got if not shared)
    assert all(value[0] == "hijo" and value[2] != parent for shared, value in got if shared)


def test_below_the_threshold_nothing_is_forked():
    got = fork_split.split_map(list(range(5)), lambda x: x, lambda x: -x, min_items=6)
    assert got == [(False, x) for x in range(5)]


def test_weight_splits_by_cost_not_by_count():
    items = [100] + [1] * 100                     # one heavy item, then many light ones
    got = fork_split.split_map(items, lambda x: x, lambda x: x, weight=lambda x: x, min_items=1)
    assert [shared for shared, _ in got] == [False] + [True] * 100


@pytest.mark.parametrize("remote", [
    lambda x: 1 / 0,                              # the child fails
    lambda x: (lambda: x),                        # what it sends cannot be pickled
    lambda x: os._exit(0),                        # it leaves without sending anything
    lambda x: os.kill(os.getpid(), 9),            # it dies
], ids=["falla", "no-serializable", "sale-sin-enviar", "muere"])
def test_a_child_that_cannot_help_is_replaced_by_local_work(remote):
    got = fork_split.split_map(list(range(8)), lambda x: x * 10, remote, min_items=1)
    assert got == [(False, x * 10) for x in range(8)]


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not fork_split.can_fork()
        got = fork_split.split_map(list(range(8)), lambda x: x, lambda x: -x, min_items=1)
        assert got == [(False, x) for x in range(8)]
    finally:
        stop.set()
        other.join()


def test_environment_variable_turns_it_off(monkeypatch):
    monkeypatch.setenv("CHECKS_SIN_PARALELO", "1")
    assert not fork_split.can_fork()


def _snapshot(root, cache_dir=None):
    project._MEMO.clear()
    loaded = project.load_manual(root, cache_dir)
    problems = sorted((p.location.file, p.location.line, p.location.column, p.rule, p.message)
                      for p in loaded.problems)
    docs = {path: (doc.data, dict(doc.positions)) for path, doc in loaded.manual.documents.items()}
    return problems, docs, loaded.files, loaded.catalog_ok


def _broken_manual(tmp_path):
    """The minimal manual plus many procedures: valid ones and files of the hostile corpus
    (syntax errors, duplicate keys, aliases, deep nesting, bad encodings…)."""
    root = manual_copy(tmp_path)
    good = (root / "procedimientos" / "CV-02.yaml").read_text(encoding="utf-8")
    for i in range(40):
        (root / "procedimientos" / f"CV-{i + 10:02d}.yaml").write_text(
            good.replace("id: CV-02", f"id: CV-{i + 10:02d}"), encoding="utf-8")
    for path in sorted((REPO / "tests" / "hostil" / "corpus").glob("*.y*ml")):
        shutil.copy(path, root / "procedimientos" / path.name)
    return root


@pytest.mark.parametrize("which", ["real", "minimo", "con-errores"])
def test_load_is_the_same_shared_or_not(tmp_path, monkeypatch, which):
    root = {"real": REPO / "procesos_yaml", "minimo": MINIMO}.get(which) or _broken_manual(tmp_path)
    monkeypatch.setattr(fork_split, "MIN_ITEMS", 1)
    seen = _spy(monkeypatch, project)
    shared = _snapshot(root)
    assert any(seen), "la carga no se repartió"
    monkeypatch.setenv("CHECKS_SIN_PARALELO", "1")
    alone = _snapshot(root)
    assert shared == alone
    assert shared[2] > 2


def _spy(monkeypatch, module) -> list:
    """Record, for each item ``module`` shares through split_map, whether the child did it."""
    seen: list = []
    real = fork_split.split_map

    def spy(items, local, remote, **kwargs):
        out = real(items, local, remote, **kwargs)
        seen.extend(shared for shared, _ in out)
        return out

    monkeypatch.setattr(module, "split_map", spy)
    return seen


def test_shared_cold_load_fills_the_cache_with_the_same_entries(tmp_path, monkeypatch):
    """The child seals its cache entries; a warm run from them gives the same manual."""
    root = _broken_manual(tmp_path)
    monkeypatch.setattr(fork_split, "MIN_ITEMS", 1)
    seen = _spy(monkeypatch, project)
    cold = _snapshot(root, tmp_path / "cache")
    assert any(seen), "la carga no se repartió"
    warm = _snapshot(root, tmp_path / "cache")
    monkeypatch.setenv("CHECKS_SIN_PARALELO", "1")
    assert cold == warm == _snapshot(root)


def test_command_line_output_is_the_same_shared_or_not(tmp_path):
    """The whole check, as a new process, on a manual large enough to share the load."""
    root = tmp_path / "grande"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generar.py"), "--realista", "250", str(root)],
                   check=True, capture_output=True, cwd=REPO)
    outputs = []
    for env in ({}, {"CHECKS_SIN_PARALELO": "1"}):
        run = subprocess.run([sys.executable, "-m", "checks", str(root), "--formato", "json", "--sin-cache",
                              "--hoy", "2026-06-01"], capture_output=True, text=True, cwd=REPO,
                             env={**os.environ, **env})
        outputs.append((run.returncode, run.stdout, run.stderr))
    assert outputs[0] == outputs[1]
    assert '"ubicacion"' in outputs[0][1] or '"linea"' in outputs[0][1]


@pytest.mark.parametrize("which", ["real", "con-errores"])
def test_rules_give_the_same_findings_shared_or_not(tmp_path, monkeypatch, which):
    """The costliest rules (COST) run in the child on a large manual: same findings, same
    order, same positions, and the costly rules did run there."""
    from checks import engine
    root = REPO / "procesos_yaml" if which == "real" else _broken_manual(tmp_path)

    def findings():
        project._MEMO.clear()
        manual = project.load_manual(root).manual
        return [(p.location.file, p.location.line, p.location.column, p.rule, p.severity, p.message,
                 p.subject, p.step, p.risk) for p in engine.run_rules(manual, today=None, root=root)]

    shared_ids = []
    real_split = fork_split.split_map

    def spy(items, local, remote, **kwargs):
        out = real_split(items, local, remote, **kwargs)
        shared_ids.extend(item[0].ID for (shared, _), item in zip(out, items)
                          if shared and isinstance(item, tuple))
        return out

    monkeypatch.setattr(fork_split, "MIN_ITEMS", 1)
    monkeypatch.setattr(engine, "split_map", spy)
    shared = findings()
    assert "GLO001" in shared_ids
    monkeypatch.setenv("CHECKS_SIN_PARALELO", "1")
    assert findings() == shared
    assert any(rule == "GLO001" for _, _, _, rule, *_ in shared) or which == "real"
