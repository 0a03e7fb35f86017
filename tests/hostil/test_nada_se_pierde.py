"""Nothing lost: no command writes into the manual's directory (bytes, modes, mtimes and
links are compared before and after every command, from several working directories), and
a build that fails leaves the previous ``site/`` exactly as it was.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.hostil.hostil_comun import (GROUPS, TRACEBACK, build_site, copy_minimo, generate_manual, group_text,
                          run_checks, tree_hashes)

FORMATS = ["humano", "json", "github", "junit", "markdown"]


def _commands(root: Path, out: Path) -> list[list[str]]:
    """Every read-only invocation of ``python -m checks`` (all formats and sub-commands)."""
    cmds = [[str(root)], [str(root), "--estricto"], [str(root), "--sin-cache"], [str(root), "--hoy", "2099-01-01"]]
    cmds += [[str(root), "--formato", f] for f in FORMATS]
    cmds += [["export", str(root)], ["export", str(root), "-o", str(out / "manual.json")],
             ["esquema"], ["esquema", "roles"], ["esquema", "-o", str(out / "p.schema.json")],
             ["esquema", "--directorio", str(out / "esquemas")],
             ["-h"], ["export", "-h"], ["esquema", "-h"], ["nuevo", "-h"], ["diff", "-h"]]
    return cmds


@pytest.fixture(params=["minimo", "hostil", "roto"])
def manual(request, tmp_path):
    """A valid manual, a hostile one (payloads everywhere) and a broken one."""
    root = tmp_path / "procesos_yaml"
    if request.param == "minimo":
        copy_minimo(root)
    elif request.param == "hostil":
        generate_manual(root, group_text(GROUPS["html"] + GROUPS["plantillas"] + GROUPS["formulas_control"]))
    else:
        copy_minimo(root)
        (root / "procedimientos" / "CV-02.yaml").write_bytes(b"id: CV-02\n\tpasos: [\n")
        (root / "roles.yaml").write_bytes(b"roles: &a [*a]\n")
    return root


def _run_in_process(argv: list[str], cwd: Path, monkeypatch, capsys) -> int:
    from checks import cli

    monkeypatch.chdir(cwd)
    try:
        code = cli.main(argv)
    except SystemExit as exc:            # argparse -h / usage errors
        code = exc.code
    captured = capsys.readouterr()
    assert not TRACEBACK.search(captured.out + captured.err), (argv, captured.err[-2000:])
    return code


def test_checks_never_write_into_the_manual(manual, tmp_path, monkeypatch, capsys):
    """Every command, in-process (fast), from outside the manual, from inside it and from a
    sub-folder (the CLI cache is relative to the working directory)."""
    out = tmp_path / "salidas"
    out.mkdir()
    before = tree_hashes(manual)
    for cwd in (tmp_path, manual, manual / "procedimientos"):
        for cmd in _commands(manual, out):
            code = _run_in_process(cmd, cwd, monkeypatch, capsys)
            assert code in (0, 1, 2), (cmd, code)
            assert tree_hashes(manual) == before, (cwd, cmd)


@pytest.mark.parametrize("cmd", [[], ["--formato", "github"], ["--formato", "json"], ["export"]])
def test_checks_subprocess_from_inside_the_manual(cmd, tmp_path):
    """The real ``python -m checks`` run with the manual as working directory."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    before = tree_hashes(root)
    argv = cmd[:1] + ["."] + cmd[1:] if cmd[:1] == ["export"] else ["."] + cmd
    result = run_checks(*argv, cwd=root)
    assert result.returncode in (0, 1), result.stderr
    assert not TRACEBACK.search(result.stderr)
    assert tree_hashes(root) == before


def test_export_and_schema_refuse_to_overwrite_the_manual(tmp_path):
    root = copy_minimo(tmp_path / "procesos_yaml")
    before = tree_hashes(root)
    attempts = [["export", str(root), "-o", str(root / "manual.yaml")],
                ["export", str(root), "-o", str(root / "procedimientos" / "CV-02.yaml")],
                ["export", str(root), "-o", str(root / "nuevo.json")],
                ["esquema", "-o", str(root / "roles.yaml")],
                ["esquema", "--directorio", str(root)],
                ["esquema", "--directorio", str(root / "procedimientos")]]
    for cmd in attempts:
        result = run_checks(*cmd, cwd=tmp_path)
        assert result.returncode == 2, (cmd, result.stdout, result.stderr)
        assert "error:" in result.stderr and not TRACEBACK.search(result.stderr)
        assert tree_hashes(root) == before, cmd


def test_new_procedure_only_adds_its_file_and_never_overwrites(tmp_path):
    root = copy_minimo(tmp_path / "procesos_yaml")
    before = tree_hashes(root)
    result = run_checks("nuevo", "CV-INE", "CV-03", "--ruta", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    after = tree_hashes(root)
    added = set(after) - set(before)
    assert added == {"procedimientos/CV-03.yaml"}
    assert {k: v for k, v in after.items() if k in before and k != "procedimientos"} == \
        {k: v for k, v in before.items() if k != "procedimientos"}
    again = run_checks("nuevo", "CV-INE", "CV-02", "--ruta", str(root), cwd=tmp_path)
    assert again.returncode != 0
    assert tree_hashes(root)["procedimientos/CV-02.yaml"] == before["procedimientos/CV-02.yaml"]


@pytest.mark.parametrize("kind", ["minimo", "hostil"])
def test_builds_never_write_into_the_manual(kind, tmp_path):
    root = tmp_path / "procesos_yaml"
    if kind == "minimo":
        copy_minimo(root)
    else:
        generate_manual(root, group_text(GROUPS["html"] + GROUPS["mermaid"]))
    before = tree_hashes(root)
    result = build_site(root, tmp_path / "site", gate=(kind == "minimo"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert tree_hashes(root) == before
    gated = build_site(root, tmp_path / "site2", gate=True)                # hostile: refused
    assert gated.returncode == (0 if kind == "minimo" else 1)
    assert tree_hashes(root) == before


@pytest.mark.parametrize("breakage", ["sintaxis", "regla", "catalogo", "enlace-fuera"])
def test_failing_build_leaves_previous_site_untouched(breakage, tmp_path):
    """The compliance gate raises in ``on_config``, before MkDocs cleans ``site_dir``: the
    previous site survives byte for byte (and mtime for mtime)."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    site = tmp_path / "site"
    first = build_site(root, site, gate=True, strict=True)
    assert first.returncode == 0, first.stderr[-2000:]
    marker = site / "no-borrar.txt"                  # a file MkDocs would wipe when cleaning
    marker.write_text("previo\n", encoding="utf-8")
    before_site = tree_hashes(site)
    proc = root / "procedimientos" / "CV-02.yaml"
    if breakage == "sintaxis":
        proc.write_text(proc.read_text(encoding="utf-8") + "\tmal: [\n", encoding="utf-8")
    elif breakage == "regla":
        proc.write_text(proc.read_text(encoding="utf-8").replace("responsables: [DIRECCION]", "responsables: []"),
                        encoding="utf-8")
    elif breakage == "catalogo":
        (root / "roles.yaml").write_text("roles: {}\n", encoding="utf-8")
    else:
        outside = tmp_path / "fuera.yaml"
        shutil.move(str(proc), str(outside))
        os.symlink(outside, proc)
    before_yaml = tree_hashes(root)
    failed = build_site(root, site, gate=True, strict=True)
    assert failed.returncode == 1
    assert not TRACEBACK.search(failed.stderr)
    assert "procedimientos/CV-02.yaml" in failed.stderr or "roles.yaml" in failed.stderr
    assert tree_hashes(site) == before_site
    assert tree_hashes(root) == before_yaml
