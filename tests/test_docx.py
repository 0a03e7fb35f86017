"""Manual en Word (issue 16): exportación (checks/reports/docx.py), importación
(`python -m checks importar`, checks/importers/docx.py), ida y vuelta con el manual real y
una copia editada «como en Word» que se importa como exactamente esos cambios (diff)."""
from __future__ import annotations

import copy
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from checks.engine import check
from checks.reports import docx as export
from tests.common import REPO, manual_copy, procedure

REAL = REPO / "procesos_yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GIT_ENV = {"GIT_AUTHOR_NAME": "Prueba", "GIT_AUTHOR_EMAIL": "p@example.invalid",
           "GIT_COMMITTER_NAME": "Prueba", "GIT_COMMITTER_EMAIL": "p@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def png(width: int = 60, height: int = 40, rgb: bytes = b"\x80\x20\x40") -> bytes:
    """A small valid PNG (stands for a flowchart in the tests that need no browser)."""
    raw = b"".join(b"\x00" + rgb * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def images_for(report) -> dict[str, bytes]:
    out = {pid: png() for pid in report.manual.procedures}
    out[export.ORGANIGRAMA] = png()
    return out


def run_checks(*args, cwd=REPO):
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(REPO)}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def export_json(root: Path) -> dict:
    result = run_checks("export", str(root))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(result.stdout)


def part_xml(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


@pytest.fixture(scope="module")
def real_report():
    report = check(str(REAL))
    assert not report.blocking
    return report


@pytest.fixture(scope="module")
def exported(real_report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "manual.docx"
    path.write_bytes(export.docx_bytes(real_report, images_for(real_report)))
    return path


@pytest.fixture(scope="module")
def imported(exported, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("importado") / "procesos_yaml"
    result = run_checks("importar", str(exported), "-o", str(out), cwd=out.parent)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "El borrador pasa `python -m checks`" in result.stderr
    return out


# --- export ----------------------------------------------------------------------------------

def _activity_tables(doc):
    return [t for t in doc.tables if [c.text for c in t.rows[0].cells] == list(export.ACTIVITY_HEADERS)]


def test_export_official_order_toc_header_footer(exported, real_report):
    doc = Document(str(exported))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    order = ["Hoja de identificación de firmas: Revisión", "Hoja de identificación de firmas: Validación",
             "Introducción", "Antecedentes", "Marco normativo", "Objetivos", "Estructura orgánica",
             "Procesos y alcance", "1. Coordinación de Vinculación con el INE",
             "2. Coordinación del Servicio Profesional Electoral", "Matrices de riesgos", "Glosario",
             "Control de cambios", "Anexo: catálogo de roles", "Anexo: excepciones de cumplimiento", "Anexo: lagunas del documento"]
    assert headings == order
    # cover first, then the signature sheets; the TOC is a real Word field after them
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[:3] == ["Portada institución", "Portada título", "Portada unidad"]
    body = part_xml(exported.read_bytes())
    instr = [el.text.strip() for el in body.iter(W + "instrText")]
    assert instr == ['TOC \\o "1-2" \\h \\z \\u'], instr
    assert not list(body.iter(W + "fldSimple"))
    # the field's cached result lists the level-1 and level-2 headings, in document order
    toc = [p.text for p in doc.paragraphs if p.style.name.startswith("toc")]
    assert toc == [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    # every procedure: heading, activity table with the five columns, one image
    procs = list(real_report.manual.procedures.values())
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert h2 == [f"{p.id} · {p.name}" for p in procs]
    assert len(_activity_tables(doc)) == len(procs)
    assert len(doc.inline_shapes) == len(procs) + 1          # + organigrama
    alts = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    assert alts == ["Organigrama"] + [f"Flujograma de {p.id}" for p in procs]
    # header: title, Rev., fecha; footer: «Hoja PAGE de NUMPAGES»
    data = exported.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
        footers = [n for n in z.namelist() if n.startswith("word/footer")]
    header_text = "".join(t.text or "" for n in headers for t in part_xml(data, n).iter(W + "t"))
    info = real_report.manual.info
    assert info.title in header_text and f"Rev. {info.version}" in header_text and "Fecha: " in header_text
    footer = [part_xml(data, n) for n in footers]
    for f in footer:                                         # one footer per section, each «Hoja N de M»
        assert [el.text.strip() for el in f.iter(W + "instrText")] == ["PAGE", "NUMPAGES"]
    assert "Hoja " in "".join(t.text or "" for f in footer for t in f.iter(W + "t"))


def test_activity_table_repeats_header_and_lists_one_responsable_per_line(exported, real_report):
    doc = Document(str(exported))
    tables = _activity_tables(doc)
    for table in tables:
        trpr = table.rows[0]._tr.trPr
        assert trpr is not None and trpr.find(qn("w:tblHeader")) is not None
    proc = real_report.manual.procedures["SPE-02"]
    table = tables[list(real_report.manual.procedures).index("SPE-02")]
    step = proc.steps[0]
    cell = table.rows[1].cells[2]
    assert [p.text for p in cell.paragraphs] == [export.role_label(real_report.manual, r) for r in step.responsibles]
    assert len(cell.paragraphs) == 3
    assert [p.text for p in table.rows[1].cells[3].paragraphs] == list(step.inputs)


def test_export_refuses_a_manual_with_blocking_errors(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 1, accion: Recibir., responsables: [NO-EXISTE], insumos: [A], salidas: [B]}")
    report = check(str(root))
    assert report.blocking
    with pytest.raises(ValueError, match="errores bloqueantes"):
        export.build(report)


def test_xml_text_removes_only_what_xml_forbids():
    assert export.xml_text("a\x00b\x01c\x0bd\ufffee\ud800f") == "abcdef"
    assert export.xml_text("tab\tnl\n{ PAGE } \u202eRTL") == "tab\tnl\n{ PAGE } \u202eRTL"


def test_template_is_the_institutes_and_fills_its_bookmarks(tmp_path, real_report):
    """A restyled template (here: another size for «Heading 1» and a text added to the
    header) is used as is: the code only fills the bookmarks."""
    template = Document(str(export.TEMPLATE))
    template.styles["Heading 1"].font.size = Pt(28)
    template.sections[0].header.paragraphs[0].add_run(" · USO INTERNO")
    path = tmp_path / "plantilla.docx"
    template.save(str(path))
    data = export.docx_bytes(real_report, images_for(real_report), template=path, revised="2026-11-24")
    doc = Document(io.BytesIO(data))
    assert real_report.manual.info.date is None
    assert "Fecha: 2026-11-24" in doc.sections[0].header.paragraphs[0].text      # the last change (git)
    assert doc.styles["Heading 1"].font.size == Pt(28)
    header = doc.sections[0].header.paragraphs[0].text
    assert header.endswith(" · USO INTERNO") and real_report.manual.info.title in header
    assert "AAAA-MM-DD" not in header


# --- import: round trip --------------------------------------------------------------------

STEP_KEYS = ("cvo", "accion", "responsables", "insumos", "salidas", "nota", "decision")
PROC_KEYS = ("id", "area", "nombre", "seccion", "descripcion", "objetivo", "normativa", "documentos_externos",
             "riesgos", "vigencia", "lagunas", "roles_participantes")


def test_round_trip_of_the_real_manual_is_identical(imported):
    before, after = export_json(REAL), export_json(imported)
    assert [p["id"] for p in after["procedimientos"]] == [p["id"] for p in before["procedimientos"]]
    for a, b in zip(before["procedimientos"], after["procedimientos"]):
        for key in PROC_KEYS:
            assert b[key] == a[key], (a["id"], key)
        assert len(b["pasos"]) == len(a["pasos"])
        for sa, sb in zip(a["pasos"], b["pasos"]):
            assert {k: sb[k] for k in STEP_KEYS} == {k: sa[k] for k in STEP_KEYS}, (a["id"], sa["cvo"])
    for key in ("roles", "glosario", "normativa", "excepciones"):
        assert after[key] == before[key], key
    assert after["hallazgos"]["resumen"] == before["hallazgos"]["resumen"]
    # coordinations and the manual's own data come back too (except what the review report names)
    for a, b in zip(before["coordinaciones"], after["coordinaciones"], strict=True):
        assert {k: v for k, v in b.items() if k != "origen"} == {k: v for k, v in a.items() if k != "origen"}
    assert after["manual"] == before["manual"]
    import yaml
    def control(root):     # document control (issue 15) is not in the export: compare the YAML
        return yaml.safe_load((root / "manual.yaml").read_text(encoding="utf-8")).get("control")
    assert control(imported) == control(REAL) and control(REAL) is not None
    # in short: the whole export but the YAML line numbers («origen», positions of findings)
    for data in (before, after):
        for item in data["procedimientos"] + data["coordinaciones"]:
            item.pop("origen")
        data["hallazgos"] = data["hallazgos"]["resumen"]
    assert after == before
    # the review report has nothing to say
    review = (imported / "REVISION.md").read_text(encoding="utf-8")
    assert "Ninguna: todas las celdas" in review
    assert "## Apartados no importados y supuestos\n\nNinguno." in review


def test_import_never_overwrites(exported, imported):
    before = {p: p.read_bytes() for p in imported.rglob("*") if p.is_file()}
    result = run_checks("importar", str(exported), "-o", str(imported), cwd=imported.parent)
    assert result.returncode == 2
    assert "no se sobrescribe" in result.stderr
    assert {p: p.read_bytes() for p in imported.rglob("*") if p.is_file()} == before


def test_import_refuses_a_file_that_is_not_docx(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04 no es un zip")
    result = run_checks("importar", str(bad), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert result.returncode == 1
    assert "no es un documento de Word" in result.stderr
    assert not (tmp_path / "o").exists()


def test_import_refuses_a_zip_bomb_before_reading_it(tmp_path):
    bomb = tmp_path / "bomba.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(201):
                fh.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    result = run_checks("importar", str(bomb), "-o", str(tmp_path / "o"), cwd=tmp_path)
    assert result.returncode == 1
    assert "descomprimido ocuparía 201 MB" in result.stderr
    assert not (tmp_path / "o").exists()


# --- import: a copy edited like a person would in Word ----------------------------------------

def _table_after_heading(doc, prefix: str):
    body = doc.element.body
    seen = False
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if style is not None and style.get(qn("w:val")) == "Heading2" and text.startswith(prefix):
                seen = True
        elif child.tag == qn("w:tbl") and seen:
            return child
    raise AssertionError(prefix)


def _set_paragraphs(tc, texts):
    """Replace the cell's paragraphs by ``texts``, keeping the first paragraph's properties."""
    paragraphs = tc.findall(qn("w:p"))
    model = paragraphs[0]
    for p in paragraphs:
        tc.remove(p)
    for text in texts:
        p = copy.deepcopy(model)
        for r in p.findall(qn("w:r")):
            p.remove(r)
        r = etree.SubElement(p, qn("w:r"))
        t = etree.SubElement(r, qn("w:t"))
        t.text = text
        tc.append(p)


def _cells(tr):
    return tr.findall(qn("w:tc"))


def test_edited_copy_imports_as_exactly_those_changes(exported, imported, tmp_path, real_report):
    manual = real_report.manual
    doc = Document(str(exported))
    # 1. CV-01, step 2: the action is reworded
    t1 = _table_after_heading(doc, "CV-01 · ")
    row = t1.findall(qn("w:tr"))[2]
    action = _cells(row)[1]
    first = action.findall(qn("w:p"))[0]
    texts = first.findall(f".//{qn('w:t')}")
    texts[0].text = "Leer y analizar el contenido para elaborar la Tarjeta Informativa."
    for t in texts[1:]:
        t.getparent().remove(t)
    # 2. CV-02: a step is added at the end (a copied row, as Word's «Insertar fila debajo»)
    t2 = _table_after_heading(doc, "CV-02 · ")
    last = t2.findall(qn("w:tr"))[-1]
    new = copy.deepcopy(last)
    last.addnext(new)
    n = len(manual.procedures["CV-02"].steps) + 1
    cells = _cells(new)
    _set_paragraphs(cells[0], [str(n)])
    _set_paragraphs(cells[1], ["Archivar el acuse en el expediente."])
    _set_paragraphs(cells[2], ["TV-INE"])
    _set_paragraphs(cells[3], ["Acuse de recibo"])
    _set_paragraphs(cells[4], ["Expediente"])
    # 3. SPE-01, step 1: one responsable is replaced by another (written by its name)
    step1 = manual.procedures["SPE-01"].steps[0]
    t3 = _table_after_heading(doc, "SPE-01 · ")
    resp = _cells(t3.findall(qn("w:tr"))[1])[2]
    old_role = step1.responsibles[0]
    new_role = next(r for r in ("DEVySPE", "CV-INE", "CSPE") if r not in step1.responsibles)
    labels = [export.role_label(manual, r) for r in step1.responsibles]
    labels[0] = manual.roles[new_role].name
    _set_paragraphs(resp, labels)
    edited = tmp_path / "manual-editado.docx"
    doc.save(str(edited))

    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(imported, repo / "procesos_yaml")
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("commit", "-q", "-m", "base")):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})
    shutil.rmtree(repo / "procesos_yaml")
    result = run_checks("importar", str(edited), "-o", "procesos_yaml", cwd=repo)
    assert result.returncode == 0, result.stderr
    diff = run_checks("diff", "HEAD", cwd=repo)
    assert diff.returncode == 0, diff.stderr
    out = diff.stdout
    sections = [line for line in out.splitlines() if line.startswith("Procedimiento ")]
    assert [s.split()[1] for s in sections] == ["CV-01", "CV-02", "SPE-01"], out
    blocks = {s.split()[1]: out.split(s, 1)[1].split("\n\n")[0].strip().splitlines() for s in sections}
    assert len(blocks["CV-01"]) == 1 and blocks["CV-01"][0].strip().startswith("· Paso 2 «Leer y analizar")
    assert "acción: «Lectura y análisis" in blocks["CV-01"][0]
    assert len(blocks["CV-02"]) == 1 and f"Paso nuevo {n} «Archivar el acuse en el expediente.»" in blocks["CV-02"][0]
    assert "responsables: TV-INE" in blocks["CV-02"][0]
    assert len(blocks["SPE-01"]) == 1
    line = blocks["SPE-01"][0]
    assert line.strip().startswith("· Paso 1 ") and f"se agrega {new_role}" in line and f"se quita {old_role}" in line
    for other in ("Roles", "Glosario", "Normativa", "Coordinación", "Excepciones", "Manual"):
        assert not any(line.startswith(other) for line in out.splitlines()), (other, out)


# --- import: tables written by people ----------------------------------------------------------

def _human_manual(path: Path):
    """A manual typed in Word by a person: no export styles, procedure names as plain bold
    paragraphs, header variants, merged cells, a row split by a page break, a table continued
    after a page break, responsables by name, acronym, glossary term and an unknown person."""
    doc = Document()
    doc.add_heading("Procedimientos de la Coordinación del Servicio", level=1)
    doc.add_paragraph().add_run("SPE-20 Ingreso por concurso").bold = True
    doc.add_paragraph("Describe el ingreso al Servicio.")
    t = doc.add_table(rows=6, cols=6)
    t.style = "Table Grid"
    for c, text in enumerate(("No.", "Actividad", "Responsable", "Insumo(s)", "Documento de salida", "Observaciones")):
        t.cell(0, c).text = text
    rows = [("1", "Publicar la convocatoria.", "CSPE", "Acuerdo", "Convocatoria", "Urgente"),
            ("2", "Recibir las solicitudes", None, "Convocatoria", "Solicitudes", ""),
            ("", "y revisar los requisitos.", "", "", "Lista de aspirantes", ""),
            ("3", "Dictaminar.", "Coordinación del Servicio Profesional Electoral\nDEVySPE y Juan Pérez",
             "Solicitudes", None, "")]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is not None and not (r == 4 and c == 2):
                t.cell(r, c).text = value
    merged = t.cell(1, 2).merge(t.cell(2, 2))          # one responsable for steps 1 and 2 (vMerge)
    merged.text = "CSPE"
    cell = t.cell(4, 2)
    cell.text = "Coordinación del Servicio Profesional Electoral"
    cell.add_paragraph("DEVySPE y Juan Pérez")
    t.cell(4, 3).merge(t.cell(4, 4)).text = "Solicitudes"     # insumo and salida merged (gridSpan)
    banner = t.cell(5, 0).merge(t.cell(5, 5))
    banner.text = "Fin de la primera parte"
    # the table goes on after a page break, with its header repeated
    t2 = doc.add_table(rows=2, cols=5)
    for c, text in enumerate(("No.", "Actividad", "Responsable", "Insumo(s)", "Documento de salida")):
        t2.cell(0, c).text = text
    for c, text in enumerate(("4", "Publicar los resultados.", "Comisión", "Lista de aspirantes", "Resultados")):
        t2.cell(1, c).text = text
    doc.add_paragraph("SPE-21 · Otro procedimiento")
    t3 = doc.add_table(rows=2, cols=5)
    for c, text in enumerate(("Cvo.", "Acción", "Responsable(s)", "Insumos", "Salida(s)")):
        t3.cell(0, c).text = text
    for c, text in enumerate(("1a", "Recibir el oficio.", "CV-INE", "Oficio", "Acuse")):
        t3.cell(1, c).text = text
    # a table whose first row, merged across, names the procedure; other header words
    doc.add_paragraph("Este procedimiento describe la baja.")
    t4 = doc.add_table(rows=3, cols=5)
    t4.cell(0, 0).merge(t4.cell(0, 4)).text = "PROCEDIMIENTO: SPE-22 Baja del personal"
    for c, text in enumerate(("No.", "Descripción de la actividad", "Área responsable", "Entradas", "Productos")):
        t4.cell(1, c).text = text
    for c, text in enumerate(("1", "Tramitar la baja.", "DEVySPE", "Solicitud", "Oficio de baja")):
        t4.cell(2, c).text = text
    doc.save(str(path))


def test_import_of_tables_written_by_people(tmp_path):
    source = tmp_path / "manual de personas.docx"
    _human_manual(source)
    out = tmp_path / "borrador"
    result = run_checks("importar", str(source), "-o", str(out), "--catalogo", str(REAL), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import yaml
    spe20 = yaml.safe_load((out / "procedimientos" / "SPE-20.yaml").read_text(encoding="utf-8"))
    assert spe20["nombre"] == "Ingreso por concurso"
    assert spe20["descripcion"] == "Describe el ingreso al Servicio."
    assert spe20["area"] == "POR-DEFINIR"
    steps = {s["cvo"]: s for s in spe20["pasos"]}
    assert list(steps) == [1, 2, 3, 4]
    assert steps[1] == {"cvo": 1, "accion": "Publicar la convocatoria.", "responsables": ["CSPE"],
                        "insumos": ["Acuerdo"], "salidas": ["Convocatoria"]}
    # vertical merge: step 2 has the responsable of step 1; the split row joins step 2
    assert steps[2]["responsables"] == ["CSPE"]
    assert steps[2]["accion"] == "Recibir las solicitudes y revisar los requisitos."
    assert steps[2]["salidas"] == ["Solicitudes", "Lista de aspirantes"]
    # name, acronym (the unknown person is reported, not guessed); merged insumo/salida
    assert steps[3]["responsables"] == ["CSPE", "DEVySPE"]
    assert steps[3]["insumos"] == ["Solicitudes"] and steps[3]["salidas"] == []
    assert steps[4]["responsables"] == ["COMISION"]              # a glossary term of the catalogue
    spe21 = yaml.safe_load((out / "procedimientos" / "SPE-21.yaml").read_text(encoding="utf-8"))
    assert spe21["pasos"][0]["cvo"] == 1 and spe21["pasos"][0]["responsables"] == ["CV-INE"]
    assert spe21["descripcion"] == ""
    spe22 = yaml.safe_load((out / "procedimientos" / "SPE-22.yaml").read_text(encoding="utf-8"))
    assert spe22["nombre"] == "Baja del personal" and spe22["descripcion"] == "Este procedimiento describe la baja."
    assert spe22["pasos"] == [{"cvo": 1, "accion": "Tramitar la baja.", "responsables": ["DEVySPE"],
                               "insumos": ["Solicitud"], "salidas": ["Oficio de baja"]}]
    review = (out / "REVISION.md").read_text(encoding="utf-8")
    for expected in ("tabla 1, fila 2, columna «Observaciones»: celda de una columna no reconocida: no se importa "
                     "— texto: «Urgente»",
                     "tabla 1, fila 5, columna «Responsable»: responsable no identificado",
                     "«Juan Pérez»",
                     "tabla 1, fila 5, columna «Documento de salida»: celda combinada con «Insumo(s)»",
                     "tabla 1, fila 6: fila combinada a todo lo ancho (no es un paso): no se importa — texto: "
                     "«Fin de la primera parte»",
                     "tabla 3, fila 2, columna «Cvo.»: Cvo. no numérico: se numeró como 1 — texto: «1a»",
                     "la fila 4 de la tabla 1 no tiene Cvo.: se unió al paso 2"):
        assert expected in review, (expected, review)
    # nothing is dropped silently: every line of every data cell is in the draft or in the report
    def strings(value):
        if isinstance(value, dict):
            return [x for v in value.values() for x in strings(v)]
        if isinstance(value, list):
            return [x for v in value for x in strings(v)]
        return [str(value)]
    drafted = "\n".join(x for f in out.rglob("*.yaml")
                        for x in strings(yaml.safe_load(f.read_text(encoding="utf-8"))))
    for table in Document(str(source)).tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                for line in cell.text.splitlines():
                    assert line.strip() in drafted or line.strip() in review or line.strip() in (
                        "No.", "Descripción de la actividad", "Área responsable", "Entradas", "Productos"), line
    # the draft fails only with positioned findings (step 3 has no output: PRC002)
    check_result = run_checks(str(out), "--formato", "json", cwd=tmp_path)
    assert check_result.returncode == 1
    findings = json.loads(check_result.stdout)["hallazgos"]
    blocking = [f for f in findings if f["nivel"] == "error" and not f.get("excepcion")]
    assert blocking and {f["regla"] for f in blocking} == {"PRC002"}
    assert all(f["archivo"].endswith("SPE-20.yaml") and f["linea"] > 0 and f["columna"] > 0 for f in blocking)


def test_wide_tables_go_in_landscape_sections_with_the_same_header(exported, real_report):
    doc = Document(str(exported))
    orientation = [s.page_width > s.page_height for s in doc.sections]
    assert orientation == [False, True, False, True]        # body, risks, glossary, annexes
    info = real_report.manual.info
    stops = []
    for section in doc.sections:
        text = section.header.paragraphs[0].text
        assert text.startswith(info.title) and f"Rev. {info.version}" in text and "Fecha: " in text
        tabs = section.header._element.iter(qn("w:tab"))
        stops.append(max(int(t.get(qn("w:pos"))) for t in tabs if t.get(qn("w:pos"))))
    text_width = [s.page_width - s.left_margin - s.right_margin for s in doc.sections]
    for stop, width in zip(stops, text_width):
        assert abs(stop * 635 - width) < width * 0.05           # the right tab stop at the right margin


def test_round_trip_keeps_decisions_notes_paragraphs_and_odd_items(tmp_path):
    """The real manual has no decision: a small one has decisions, notes, multi-paragraph
    actions and descriptions, a line break inside an item and empty cells."""
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: "Recibir la solicitud.\\n\\nRegistrarla en la bitácora."
          responsables: [DIRECCION, TV-INE]
          insumos: ["Oficio\\ncon anexos", "Formato «A» & (copia)"]
          salidas: [Acuse]
          nota: "Redacción original: «recibe»."
          decision:
            pregunta: ¿La solicitud está completa?
            opciones:
              - {etiqueta: "Sí", ir_a: 2}
              - {etiqueta: "No, se previene", ir_a: 3}
        - {cvo: 2, accion: Turnar al área., responsables: [CV-INE], insumos: [Acuse], salidas: [Turno]}
        - {cvo: 3, accion: Prevenir al solicitante., responsables: [DEVySPE], insumos: [], salidas: [Oficio de prevención]}
    """, extra="objetivo: Atender.\nseccion: Apartado de prueba\n")
    path = root / "procedimientos" / "CV-09.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('descripcion: ""', 'descripcion: "Uno.\\n\\nDos."'),
                    encoding="utf-8")
    report = check(str(root))
    assert not report.blocking, [str(p) for p in report.blocking]
    source = tmp_path / "m.docx"
    source.write_bytes(export.docx_bytes(report, images_for(report)))
    out = tmp_path / "borrador"
    result = run_checks("importar", str(source), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    before = {p["id"]: p for p in export_json(root)["procedimientos"]}
    after = {p["id"]: p for p in export_json(out)["procedimientos"]}
    assert list(after) == list(before)
    for pid in before:
        for key in PROC_KEYS:
            assert after[pid][key] == before[pid][key], (pid, key)
        assert after[pid]["pasos"] == before[pid]["pasos"], pid
    step = after["CV-09"]["pasos"][0]
    assert step["decision"]["opciones"][1] == {"etiqueta": "No, se previene", "ir_a": 3}
    assert step["insumos"][0] == "Oficio\ncon anexos" and after["CV-09"]["descripcion"] == "Uno.\n\nDos."


def test_tracked_changes_are_imported_as_accepted_and_reported(tmp_path):
    """A reviewer edits with «Control de cambios» on: the insertion counts, the deleted text
    and the deleted row do not, and REVISION.md says the changes were taken as accepted."""
    doc = Document()
    doc.add_paragraph("SPE-30 · Procedimiento revisado")
    table = doc.add_table(rows=4, cols=5)
    rows = [("Cvo.", "Acción", "Responsable(s)", "Insumos", "Salida(s)"),
            ("1", "", "CSPE", "Solicitud", "Acuse"),
            ("2", "Paso borrado por la revisora.", "CSPE", "Acuse", "Nada"),
            ("2", "Archivar.", "CSPE", "Acuse", "Expediente")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    from docx.oxml import parse_xml
    p = table.cell(1, 1).paragraphs[0]._p
    for xml in ('<w:r {w}><w:t xml:space="preserve">Recibir </w:t></w:r>',
                '<w:ins {w} w:id="1" w:author="Revisora"><w:r><w:t xml:space="preserve">y registrar </w:t></w:r></w:ins>',
                '<w:del {w} w:id="2" w:author="Revisora"><w:r><w:delText xml:space="preserve">y tirar </w:delText>'
                '</w:r></w:del>',
                '<w:r {w}><w:t>la solicitud.</w:t></w:r>'):
        p.append(parse_xml(xml.format(w=w)))
    trpr = table.rows[2]._tr.get_or_add_trPr()
    trpr.append(parse_xml(f'<w:del {w} w:id="3" w:author="Revisora"/>'))
    source = tmp_path / "revisado.docx"
    doc.save(str(source))
    out = tmp_path / "borrador"
    result = run_checks("importar", str(source), "-o", str(out), "--catalogo", str(REAL), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import yaml
    steps = yaml.safe_load((out / "procedimientos" / "SPE-30.yaml").read_text(encoding="utf-8"))["pasos"]
    assert [(s["cvo"], s["accion"]) for s in steps] == [(1, "Recibir y registrar la solicitud."), (2, "Archivar.")]
    review = (out / "REVISION.md").read_text(encoding="utf-8")
    assert "3 cambios con control de cambios" in review and "como si se hubieran aceptado" in review


def test_document_control_of_the_build_goes_to_header_footer_and_cover(real_report):
    """The revision, date and draft state the site gives the PDF (issue 15) are the .docx's too."""
    control = {"titulo": "Manual de Procedimientos", "version": "2024.1", "fecha": "2024-05-10", "borrador": True}
    doc = Document(io.BytesIO(export.docx_bytes(real_report, images_for(real_report), control=control)))
    for section in doc.sections:
        header = section.header.paragraphs[0].text
        assert "Rev. 2024.1" in header and "Fecha: 2024-05-10" in header
        footer = section.footer.paragraphs[0].text
        assert footer.startswith("BORRADOR — no vigente\tHoja ")
    assert "BORRADOR — no vigente" in [p.text for p in doc.paragraphs[:8]]
    published = Document(io.BytesIO(export.docx_bytes(real_report, images_for(real_report),
                                                      control={**control, "borrador": False})))
    assert all(s.footer.paragraphs[0].text.startswith("\tHoja ") for s in published.sections)
    assert "BORRADOR — no vigente" not in "\n".join(p.text for p in published.paragraphs)


def test_change_log_section_as_in_the_print_version(tmp_path):
    """«Control de cambios» (issue 15) from a history with three published versions; the
    importer leaves it out (it comes from git) without reporting its tables as unmapped."""
    from checks.reports.changelog import changelog
    from tests.gitrepo import three_versions

    repo, manual = three_versions(tmp_path)
    report = check(str(manual))
    data = export.docx_bytes(report, images_for(report), changelog=changelog(manual))
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Control de cambios") == headings.index("Glosario") + 1
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == list(export.CHANGES_HEADERS))
    assert [[c.text for c in row.cells][:2] + [row.cells[4].text] for row in table.rows[1:]] == [
        ["2023", "2023-06-01", "manual-2023"], ["2024.1", "2024-03-01", "manual-2024.1"],
        ["2024.2", "2024-09-15", "manual-2024.2"]]
    texts = [p.text for p in doc.paragraphs]
    assert "Versión 2024.1" in texts and "Esta copia es la versión publicada 2024.2 (manual-2024.2): vigente." in texts
    assert any(t.startswith("Paso 2 «Redacción del oficio") for t in texts)
    source = tmp_path / "m.docx"
    source.write_bytes(data)
    result = run_checks("importar", str(source), "-o", str(tmp_path / "borrador"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    review = (tmp_path / "borrador" / "REVISION.md").read_text(encoding="utf-8")
    assert "Ninguna: todas las celdas" in review
