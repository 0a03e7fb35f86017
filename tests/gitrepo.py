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


def set_control(manual_dir: Path, version: str, estado: str, fecha: str | None = None) -> None:
    """Replace ``version`` and the ``control`` block of ``manual.yaml`` (appended at its end);
    ``fecha``: the approval date (VER001 asks one of an approved version)."""
    path = manual_dir / "manual.yaml"
    lines = path.read_text(encoding="utf-8").split("control:\n")[0].splitlines(keepends=True)
    lines = [f'version: "{version}"\n' if line.startswith("version:") else line for line in lines]
    block = f"control:\n  estado: {estado}\n" + (f'  fecha_aprobacion: "{fecha}"\n' if fecha else "")
    path.write_text("".join(lines) + block, encoding="utf-8")


def three_versions(tmp_path: Path) -> tuple[Path, Path]:
    """A repository with three published versions of the minimal manual and what changes
    between them: 2024.1 rewords CV-02 step 2's action and adds procedure CV-05; 2024.2
    removes TV-INE from CV-02 step 3. Each approved version records its approval date (the date
of its commit), so the manual at each tag passes the checks and builds. Returns (repository, manual directory)."""
    from tests.common import manual_copy, procedure

    repo = init(tmp_path / "repo")
    manual = manual_copy(repo)
    set_control(manual, "2023", "aprobado", "2023-06-01")
    commit(repo, "versión 2023", date="2023-06-01", tag="manual-2023")

    set_control(manual, "2024.1", "borrador")
    path = manual / "procedimientos" / "CV-02.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Elaboración de oficio mediante el cual se remite al INE",
                                 "Redacción del oficio con el que se remite al INE"), encoding="utf-8")
    procedure(manual, "CV-05", "- {cvo: 1, accion: Archivar el expediente, responsables: [CV-INE], "
                               "insumos: [Oficio], salidas: [Expediente archivado]}")
    commit(repo, "borrador 2024.1", date="2024-02-01")
    set_control(manual, "2024.1", "aprobado", "2024-03-01")
    commit(repo, "versión 2024.1", date="2024-03-01", tag="manual-2024.1")

    set_control(manual, "2024.2", "aprobado", "2024-09-15")
    text = path.read_text(encoding="utf-8")
    head, _, tail = text.partition("  - cvo: 3")
    path.write_text(head + "  - cvo: 3" + tail.replace("[CV-INE, TV-INE]", "[CV-INE]", 1), encoding="utf-8")
    commit(repo, "versión 2024.2", date="2024-09-15", tag="manual-2024.2")
    return repo, manual
