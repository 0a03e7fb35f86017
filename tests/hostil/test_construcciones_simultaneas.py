"""Dos ``scripts/construir.sh`` a la vez en el mismo árbol (issue 17, clase 8).

Compartían ``.cache/sitio-nuevo``: la segunda borraba lo que la primera estaba imprimiendo
y fallaba en el paso del PDF (tres de tres intentos). Ahora se turnan (flock) y cada una usa
su propio directorio provisional: ambas terminan bien y dejan un sitio completo."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from tests.common import REPO, manual_copy

PARTS = ["scripts", "checks", "macros", "docs", "overrides", "plantillas", "mkdocs.yml", "requirements.txt",
         "reglas.yaml"]


@pytest.fixture
def proyecto(tmp_path):
    if not (REPO / ".venv" / "bin" / "mkdocs").exists():
        pytest.skip("sin .venv: ejecute primero scripts/probar.sh")
    if not os.access("/usr/bin/chromium", os.X_OK):
        pytest.skip("sin /usr/bin/chromium (scripts/probar.sh lo instala)")
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


def _completo(site):
    assert (site / "index.html").is_file()
    assert (site / "search" / "search_index.json").stat().st_size > 100
    assert (site / "descargas" / "actividades.csv").is_file()
    pdf = site / "descargas" / "manual.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.lento
def test_dos_construcciones_a_la_vez_terminan_bien(proyecto, tmp_path):
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(manual_copy(tmp_path))}
    env.pop("GITHUB_ACTIONS", None)
    registro_a = open(tmp_path / "a.log", "w+")
    registro_b = open(tmp_path / "b.log", "w+")
    a = subprocess.Popen(["bash", "scripts/construir.sh"], cwd=proyecto, env=env, stdout=registro_a,
                         stderr=subprocess.STDOUT)
    try:
        # B arranca cuando A ya está construyendo (para que de verdad coincidan).
        limite = time.monotonic() + 300
        while "Paso 'sitio'" not in (tmp_path / "a.log").read_text() and a.poll() is None:
            assert time.monotonic() < limite, "A no llegó al paso del sitio"
            time.sleep(0.2)
        b = subprocess.Popen(["bash", "scripts/construir.sh"], cwd=proyecto, env=env, stdout=registro_b,
                             stderr=subprocess.STDOUT)
        try:
            rc_a = a.wait(timeout=900)
            rc_b = b.wait(timeout=900)
        finally:
            b.kill()
    finally:
        a.kill()
    log_a = (tmp_path / "a.log").read_text()
    log_b = (tmp_path / "b.log").read_text()
    assert rc_a == 0, log_a[-3000:]
    assert rc_b == 0, log_b[-3000:]
    assert "se espera a que termine" in log_b
    _completo(proyecto / "site")
    restos = sorted(p.name for p in (proyecto / ".cache").iterdir() if p.name.startswith("sitio-"))
    assert restos == [], restos
