"""The MkDocs build gates on the compliance engine: valid data builds, errors abort with
file:line and no traceback. Builds the minimal manual in a subprocess, as users do."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.common import REPO, line_of, manual_copy, procedure

MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(procesos: Path, site: Path):
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(procesos), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*MKDOCS, "build", "--strict", "-q", "-d", str(site)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def mermaid_present():
    if not (REPO / "docs" / "js" / "mermaid.min.js").exists():
        pytest.fail("falta docs/js/mermaid.min.js: ejecute scripts/probar.sh (descarga Mermaid)")


def test_valid_manual_builds_with_one_page_per_procedure(tmp_path, mermaid_present):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: Paso nuevo
          responsables: [CV-INE]
          salidas: [Oficio]
    """)
    result = build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "procedimientos" / "CV-09" / "index.html").read_text(encoding="utf-8")
    assert "Paso nuevo" in page
    assert 'class="mermaid"' in page
    # a new file is a new page and a nav entry on other pages, with no other edit
    other = (tmp_path / "site" / "procedimientos" / "CV-02" / "index.html").read_text(encoding="utf-8")
    assert "CV-09" in other


@pytest.mark.parametrize("step, needle", [
    ("- cvo: 1\n  accion: Sin responsable\n  salidas: [Oficio]\n", "- cvo: 1"),
    ("- cvo: 1\n  accion: Salida N/A\n  responsables: [CV-INE]\n  salidas: [\"N/A\"]\n", "salidas:"),
])
def test_compliance_error_fails_build_with_file_and_line(tmp_path, mermaid_present, step, needle):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", step)
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode != 0
    assert f"{path}:{line_of(path, needle)}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()          # aborted before writing anything


def test_failing_build_keeps_previous_site(tmp_path, mermaid_present):
    root = manual_copy(tmp_path)
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    procedure(root, "CV-09", "- cvo: 1\n  accion: X\n  salidas: [Oficio]\n")
    assert build(root, site).returncode != 0
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
