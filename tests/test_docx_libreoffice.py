"""El manual en Word abierto por una suite de oficina real: LibreOffice de Debian
(`soffice --headless --convert-to pdf`, instalado por scripts/probar.sh con
asegurar_libreoffice) convierte el .docx que escribe la construcción, con cada tabla de
actividades y cada flujograma (imagen dibujada por Chromium) presentes en el PDF."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.engine import check
from tests.common import REPO

REAL = REPO / "procesos_yaml"
SOFFICE = shutil.which("soffice")
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [pytest.mark.lento,
              pytest.mark.skipif(not SOFFICE or not shutil.which("pdftotext") or not shutil.which("pdfimages"),
                                 reason="falta LibreOffice o poppler-utils (scripts/probar.sh los instala)")]


def to_pdf(docx: Path, tmp_path: Path) -> Path:
    """Convert with a private LibreOffice profile (parallel runs do not share one)."""
    outdir = tmp_path / "pdf"
    outdir.mkdir(exist_ok=True)
    profile = (tmp_path / "perfil-lo").as_uri()
    result = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                             "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                            capture_output=True, text=True, timeout=300)
    pdf = outdir / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 0, result.stdout + result.stderr
    return pdf


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_images(pdf: Path) -> list[tuple[int, int, int]]:
    """(page, width, height) of each image, from `pdfimages -list`."""
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) > 4 and parts[2] == "image":
            rows.append((int(parts[0]), int(parts[3]), int(parts[4])))
    return rows


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.mark.navegador
@pytest.mark.skipif(not CHROMIUM.exists(), reason="falta /usr/bin/chromium (scripts/probar.sh lo instala)")
def test_libreoffice_opens_the_built_docx_with_every_table_and_flowchart(tmp_path):
    if not (REPO / "docs" / "js" / "mermaid" / "mermaid.js").exists():
        pytest.fail("falta docs/js/mermaid/mermaid.js: ejecute scripts/probar.sh (descarga Mermaid)")
    site = tmp_path / "site"
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(REAL), "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    docx = site / "descargas" / "manual.docx"
    word = subprocess.run([sys.executable, "scripts/word.py", "--sitio", str(site), "--salida", str(docx),
                           "--ruta", str(REAL)], cwd=REPO, capture_output=True, text=True, timeout=900)
    assert word.returncode == 0, word.stderr
    assert 'href="manual.docx"' in (site / "descargas" / "index.html").read_text(encoding="utf-8")
    procs = list(check(str(REAL)).manual.procedures.values())
    pdf = to_pdf(docx, tmp_path)
    text = pdf_text(pdf)
    flat = re.sub(r"\s+", " ", text)
    assert pages(pdf) > 2 * len(procs)
    for proc in procs:
        assert f"{proc.id} · " in flat, proc.id                       # heading
        assert f"Flujograma de {proc.id}" in flat, proc.id            # caption under its image
        for step in proc.steps:                                       # every action of its table
            words = re.sub(r"\s+", " ", step.action).split(" ")[:4]
            assert " ".join(words) in flat, (proc.id, step.cvo)
    # the header row of the activity table is repeated on every page the table spans
    assert flat.count("Cvo. Acción Responsable(s) Insumos Salida(s)") > len(procs)
    # one image per printed part of each procedure's flowchart (a long one is split with
    # off-page connectors, each part captioned «parte k de n») plus the organisational chart
    images = pdf_images(pdf)
    parts = {pid: int(n) for pid, n in re.findall(r"Flujograma de ([A-Za-z0-9_-]+), parte \d+ de (\d+)", flat)}
    assert len(images) == 1 + sum(parts.get(proc.id, 1) for proc in procs)
    assert all(w >= 300 and h >= 300 for _page, w, h in images)
    # «Hoja N de M» from the PAGE / NUMPAGES fields, on every page
    total = pages(pdf)
    assert f"Hoja 1 de {total}" in text and f"Hoja {total} de {total}" in text


def test_libreoffice_shows_hostile_text_literally(tmp_path):
    """Field codes typed as text stay text in a real office suite: «{ PAGE }» is printed as
    such, and the only page numbers are the footer's."""
    from tests.hostil.test_docx_hostil import all_payloads_text, _report
    from tests.hostil.hostil_comun import generate_manual
    from tests.test_docx import png
    from checks.reports import docx as export

    root = generate_manual(tmp_path / "procesos_yaml", all_payloads_text())
    report = _report(root)
    path = tmp_path / "hostil.docx"
    path.write_bytes(export.docx_bytes(report, {pid: png() for pid in report.manual.procedures}))
    text = re.sub(r"\s+", " ", pdf_text(to_pdf(path, tmp_path)))
    assert "{ PAGE } { NUMPAGES }" in text
    assert "DDEAUTO c:\\\\Windows" in text
    assert "{ HYPERLINK \"javascript:alert(1)\" }" in text
    assert "<script>alert('xss-script')</script>" in text


def test_a_copy_saved_again_by_libreoffice_imports_identically(tmp_path):
    """A person opens the .docx in LibreOffice and saves it as .docx again: styles, tables and
    merged structure survive, and the import gives the same manual."""
    from checks.reports import docx as export
    from tests.test_docx import PROC_KEYS, STEP_KEYS, export_json, images_for, run_checks

    report = check(str(REAL))
    original = tmp_path / "manual.docx"
    original.write_bytes(export.docx_bytes(report, images_for(report)))
    outdir = tmp_path / "guardado"
    profile = (tmp_path / "perfil-lo").as_uri()
    saved = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outdir), str(original)],
                           capture_output=True, text=True, timeout=300)
    copy = outdir / "manual.docx"
    assert saved.returncode == 0 and copy.is_file(), saved.stdout + saved.stderr
    assert copy.read_bytes() != original.read_bytes()
    draft = tmp_path / "borrador"
    result = run_checks("importar", str(copy), "-o", str(draft), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    before, after = export_json(REAL), export_json(draft)
    for a, b in zip(before["procedimientos"], after["procedimientos"], strict=True):
        assert {k: b[k] for k in PROC_KEYS} == {k: a[k] for k in PROC_KEYS}, a["id"]
        assert [{k: s[k] for k in STEP_KEYS} for s in b["pasos"]] == [{k: s[k] for k in STEP_KEYS} for s in a["pasos"]]
    for key in ("roles", "glosario", "normativa", "excepciones"):
        assert after[key] == before[key], key
