"""El flujo de GitHub Actions (.github/workflows/) auditado sin red con zizmor (issue 17):
acciones fijadas a un commit, checkouts sin credenciales persistentes, ninguna expansión
``${{ }}`` dentro de un ``run:``. Cualquier hallazgo (error, advertencia o informativo) falla."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.common import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
ZIZMOR = Path(sys.executable).parent / "zizmor"


def _zizmor(*args, cwd=REPO):
    exe = str(ZIZMOR) if ZIZMOR.exists() else shutil.which("zizmor")
    assert exe, "falta zizmor: está en requirements.txt (bash scripts/probar.sh lo instala)"
    return subprocess.run([exe, "--offline", "--no-progress", "--color", "never", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_zizmor_sin_hallazgos():
    assert WORKFLOWS
    r = _zizmor("--format", "json", ".github/")
    assert r.returncode == 0, r.stdout + r.stderr
    hallazgos = json.loads(r.stdout or "[]")
    assert hallazgos == [], json.dumps(hallazgos, ensure_ascii=False, indent=1)[:3000]


def test_zizmor_detecta_lo_que_se_corrigio(tmp_path):
    """La prueba puede fallar: el flujo anterior (sin fijar, con credenciales, con ${{ }} en
    un run) da hallazgos altos, medios e informativos."""
    malo = tmp_path / ".github" / "workflows" / "malo.yml"
    malo.parent.mkdir(parents=True)
    malo.write_text("""
on: pull_request
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: x
        run: echo hola
      - run: echo "${{ steps.x.outputs.y }}"
      - uses: actions/upload-artifact@v4
        with: {name: a, path: .}
""", encoding="utf-8")
    r = _zizmor("--format", "json", ".github/", cwd=tmp_path)
    assert r.returncode != 0
    reglas = {h["ident"] for h in json.loads(r.stdout)}
    assert {"unpinned-uses", "artipacked", "template-injection"} <= reglas, reglas


@pytest.mark.parametrize("flujo", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_reglas_del_flujo(flujo):
    """Lo mismo, leído directamente: así un cambio de zizmor no lo oculta."""
    texto = flujo.read_text(encoding="utf-8")
    for linea in texto.splitlines():
        m = re.search(r"\buses:\s*(\S+)(.*)", linea)
        if m and not m.group(1).startswith("./"):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", m.group(1)), linea
            assert re.match(r"\s*# v\d", m.group(2)), f"falta el comentario «# vX»: {linea}"
    datos = yaml.safe_load(texto)
    for job in datos["jobs"].values():
        for paso in job.get("steps", []):
            if "run" in paso:
                assert "${{" not in paso["run"], paso["run"]
            if str(paso.get("uses", "")).startswith("actions/checkout@"):
                assert (paso.get("with") or {}).get("persist-credentials") is False, paso
