"""Flowcharts on paper: the real manual printed by scripts/pdf.py (letter size, Debian's
Chromium). Every flowchart's labels are printed at ≥ 8 pt; a long procedure is split into
parts joined by off-page connectors instead of being shrunk; every part keeps all the
columns. The pages with flowcharts are converted to PNG (pdftoppm, from poppler-utils) into
tests/artefactos/pdf/ to be looked at."""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from checks import check
from macros.swimlanes import columns, flowchart_parts
from tests.common import REPO, build_site

CHROMIUM = "/usr/bin/chromium"
REAL = REPO / "procesos_yaml"
ARTEFACTOS = REPO / "tests" / "artefactos" / "pdf"
MIN_PT = 8.0

pytestmark = [pytest.mark.navegador, pytest.mark.lento,
              pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                 reason="falta /usr/bin/chromium (scripts/probar.sh lo instala)")]


def _pdf_module():
    spec = importlib.util.spec_from_file_location("pdf_script", REPO / "scripts" / "pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def impreso(tmp_path_factory):
    report = check(REAL)
    if report.blocking:
        pytest.skip("procesos_yaml/ tiene errores bloqueantes en este momento")
    base = tmp_path_factory.mktemp("pdf-flujogramas")
    site = build_site(REAL, base / "site").site
    out = base / "manual.pdf"
    facts = _pdf_module().print_pdf(site, out)
    return report.manual, out, facts


def test_cada_flujograma_impreso_a_8_pt_o_mas(impreso):
    manual, _pdf, facts = impreso
    flows = [x for x in facts["etiquetas"] if x["titulo"].startswith("Flujograma de ")]
    expected = sum(len(flowchart_parts(p, manual)) for p in manual.procedures.values())
    assert len([x for x in flows if not x["titulo"].startswith("Flujograma de EJEMPLO")]) == expected
    small = [f"{x['titulo']}: {x['pt']} pt ({x['ancho']}×{x['alto']} px)" for x in flows if x["pt"] < MIN_PT]
    assert not small, "flujogramas impresos con rótulos de menos de 8 pt:\n  " + "\n  ".join(small)


def test_un_procedimiento_largo_se_parte_con_conectores(impreso):
    manual, pdf, facts = impreso
    long_ones = [p for p in manual.procedures.values() if len(flowchart_parts(p, manual)) > 1]
    assert long_ones, "ningún procedimiento del manual se parte: la prueba no probaría nada"
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages))
    for proc in long_ones:
        n = len(flowchart_parts(proc, manual))
        for k in range(1, n + 1):
            assert f"Flujograma de {proc.id} — Parte {k} de {n}" in text, (proc.id, k)
        titles = [x["titulo"] for x in facts["etiquetas"] if x["titulo"].startswith(f"Flujograma de {proc.id} ")]
        assert titles == [f"Flujograma de {proc.id} · {' '.join(proc.name.split())} (parte {k} de {n})"
                          for k in range(1, n + 1)]
        # The same columns on every page; the connectors are in the diagrams (tested on the
        # source in tests/test_mermaid.py).
        for source in flowchart_parts(proc, manual):
            assert source.count("  subgraph c") == len(columns(proc))


def test_paginas_con_flujogramas_en_imagen(impreso):
    """Not an assertion on looks: the PNGs are there to be looked at (closing note of issue 13)."""
    manual, pdf, _facts = impreso
    if not shutil.which("pdftoppm"):
        pytest.fail("falta pdftoppm: bash scripts/probar.sh instala poppler-utils")
    reader = PdfReader(str(pdf))
    pages = [i + 1 for i, page in enumerate(reader.pages) if "Flujograma de" in (page.extract_text() or "")]
    assert pages
    shutil.rmtree(ARTEFACTOS, ignore_errors=True)
    ARTEFACTOS.mkdir(parents=True)
    for number in pages:
        subprocess.run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", "80", "-png", str(pdf),
                        str(ARTEFACTOS / "pagina")], check=True, timeout=120)
    assert len(list(ARTEFACTOS.glob("pagina-*.png"))) == len(pages)
