"""``scripts/construir.sh`` publishes atomically: a failed build leaves the previous site/
exactly as it was. Runs the real script on a copy of the project (reusing the venv)."""
import os
import shutil
import subprocess

import pytest

from tests.common import REPO, manual_copy, procedure

PARTS = ["scripts", "checks", "macros", "docs", "overrides", "plantillas", "mkdocs.yml", "requirements.txt",
         "reglas.yaml"]


@pytest.fixture
def project(tmp_path):
    if not (REPO / ".venv" / "bin" / "mkdocs").exists():
        pytest.skip("sin .venv: ejecute primero scripts/probar.sh")
    dest = tmp_path / "proyecto"
    dest.mkdir()
    for part in PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    (dest / ".venv").symlink_to(REPO / ".venv")
    return dest


def test_failed_build_keeps_previous_site(project, tmp_path):
    site = project / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("sitio anterior", encoding="utf-8")
    (site / "sub" / "a.txt").write_text("a", encoding="utf-8")
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    broken = manual_copy(tmp_path, "roto")
    procedure(broken, "CV-09", "- cvo: 1\n  accion: Sin responsable\n  salidas: [Oficio]\n")
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(broken)}
    result = subprocess.run(["bash", "scripts/construir.sh"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)

    assert result.returncode != 0
    assert "PRC001" in result.stdout + result.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_strict_warning_after_writing_keeps_previous_site(project, tmp_path):
    """MkDocs aborts on a --strict warning only after writing every page: the script's
    staging directory is what keeps site/ intact (the first test alone cannot tell)."""
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("sitio anterior", encoding="utf-8")
    (project / "docs" / "roto.md").write_text("# Roto\n\n[enlace](no-existe.md)\n", encoding="utf-8")
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(manual_copy(tmp_path))}
    result = subprocess.run(["bash", "scripts/construir.sh"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)

    assert result.returncode != 0
    assert "no-existe.md" in result.stdout + result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "sitio anterior"
