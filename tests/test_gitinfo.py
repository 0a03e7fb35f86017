"""Git history of the YAML files (macros/gitinfo.py): one «git log» for every file, and no
failure without a repository or without git."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from macros import gitinfo

GIT = shutil.which("git")


def _git(cwd, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(GIT is None, reason="git no está instalado")
def test_historial_un_solo_git_log_da_el_ultimo_cambio_de_cada_archivo(tmp_path):
    repo = tmp_path / "repo"
    procesos = repo / "procesos_yaml"
    (procesos / "procedimientos").mkdir(parents=True)
    a, b = procesos / "procedimientos" / "A.yaml", procesos / "procedimientos" / "B.yaml"
    a.write_text("a: 1\n")
    b.write_text("b: 1\n")
    (repo / "otro.txt").write_text("x\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "primero", date="2024-01-10T10:00:00+00:00")
    a.write_text("a: 2\n")
    _git(repo, "commit", "-q", "-am", "cambia A", date="2024-03-05T10:00:00+00:00")
    b.write_text("b: 2\n")                      # modified, not committed

    changes = gitinfo.last_changes(str(procesos))
    ca, cb = gitinfo.change_for(changes, str(a)), gitinfo.change_for(changes, str(b))
    assert (ca.date, ca.subject, ca.dirty) == ("2024-03-05", "cambia A", False)
    assert (cb.date, cb.subject, cb.dirty) == ("2024-01-10", "primero", True)
    assert gitinfo.change_for(changes, str(repo / "otro.txt")) is None      # outside procesos_yaml/


def test_historial_sin_repositorio_o_sin_git_no_falla(tmp_path, monkeypatch):
    (tmp_path / "x.yaml").write_text("a: 1\n")
    assert gitinfo.last_changes(str(tmp_path)) == {}
    assert gitinfo.last_changes(str(tmp_path / "no-existe")) == {}
    monkeypatch.setattr(gitinfo.shutil, "which", lambda name: None)
    assert gitinfo.last_changes(str(tmp_path)) == {}
