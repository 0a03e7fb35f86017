"""Temporary git repositories holding a copy of the minimal manual, for tests of history."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Prueba", "GIT_AUTHOR_EMAIL": "prueba@example.invalid",
       "GIT_COMMITTER_NAME": "Prueba", "GIT_COMMITTER_EMAIL": "prueba@example.invalid",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(ENV)
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    out = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return out.stdout


def init(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit(repo: Path, message: str, date: str | None = None, tag: str | None = None) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    if tag:
        git(repo, "tag", tag)
    return git(repo, "rev-parse", "HEAD").strip()


def set_control(manual_dir: Path, version: str, estado: str) -> None:
    """Replace ``version`` and the ``control`` block of ``manual.yaml`` (appended at its end)."""
    path = manual_dir / "manual.yaml"
    lines = path.read_text(encoding="utf-8").split("control:\n")[0].splitlines(keepends=True)
    lines = [f'version: "{version}"\n' if line.startswith("version:") else line for line in lines]
    path.write_text("".join(lines) + f"control:\n  estado: {estado}\n", encoding="utf-8")
