"""Manual impreso: la página imprimir/ reúne el manual en el orden oficial y scripts/pdf.py
la imprime con el Chromium de Debian; el PDF tiene páginas y su texto contiene cada
procedimiento, con el contenido numerado. Construye sitios reales (mkdocs + Chromium)."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from checks import check
from tests.common import REPO, build_site, manual_copy, procedure

CHROMIUM = Path("/usr/bin/chromium")
REAL = REPO / "procesos_yaml"

pytestmark = [pytest.mark.navegador, pytest.mark.lento,
              pytest.mark.skipif(not CHROMIUM.exists(),
                                 reason="falta /usr/bin/chromium (scripts/probar.sh lo instala)")]


def _pdf_module():
    spec = importlib.util.spec_from_file_location("pdf_script", REPO / "scripts" / "pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _print(site: Path) -> Path:
    """Run scripts/pdf.py as the build does; return the PDF path."""
    out = site / "descargas" / "manual.pdf"
    result = subprocess.run([sys.executable, "scripts/pdf.py", "--sitio", str(site), "--salida", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages_text(pdf: Path) -> list[str]:
    return [_flat(p.extract_text() or "") for p in PdfReader(str(pdf)).pages]


HOSTIL = "Trámite & revisión [fase 1] #2 =SUMA(A1)"   # escaped, never markup


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """Minimal manual plus signatures, a second procedure with a decision and a risk."""
    tmp = tmp_path_factory.mktemp("pdf")
    root = manual_copy(tmp)
    manual = (root / "manual.yaml").read_text(encoding="utf-8")
    manual += ("firmas:\n  - tipo: validacion\n    titulo: VALIDACIÓN DEL MANUAL DE PRUEBA\n    firmantes:\n"
               "      - {nombre: Lic. Persona Firmante, puesto: Titular de la Dirección, rol: DEVySPE}\n")
    (root / "manual.yaml").write_text(manual, encoding="utf-8")
    procedure(root, "CV-03", """
        - cvo: 1
          accion: Revisar la solicitud
          responsables: [CV-INE]
          insumos: [Oficio]
          salidas: [Dictamen]
          decision:
            pregunta: ¿Procede?
            opciones:
              - {etiqueta: "No", ir_a: 1}
              - {etiqueta: "Sí", ir_a: 2}
        - cvo: 2
          accion: Notificar el resultado
          responsables: [TV-INE]
          insumos: [Dictamen]
          salidas: [Oficio de respuesta]
    """, extra="""
        riesgos:
          - id: R-CV-03
            descripcion: Que la solicitud llegue fuera de plazo
            probabilidad: 2
            impacto: 3
            nivel: 6
            tratamiento: [reducir]
    """)
    text = (root / "procedimientos" / "CV-03.yaml").read_text(encoding="utf-8").replace("riesgos: []\n", "", 1)
    text = text.replace("nombre: Procedimiento de prueba CV-03", f"nombre: \"{HOSTIL}\"")
    (root / "procedimientos" / "CV-03.yaml").write_text(text, encoding="utf-8")
    report = check(root)
    assert not report.blocking, [str(p) for p in report.blocking]
    site = tmp / "site"
    build_site(root, site)
    return report, site, _print(site)


def test_el_pdf_tiene_paginas_y_cada_procedimiento(mini):
    report, _site, pdf = mini
    pages = _pages_text(pdf)
    assert len(pages) >= 5
    text = " ".join(pages)
    for proc in report.manual.procedures.values():
        assert _flat(proc.name) in text, proc.id
        assert f"Actividades de {proc.id}" in text
        assert f"Flujograma de {proc.id}" in text
    assert HOSTIL in text and "&amp;" not in text


def test_orden_oficial_portada_firmas_contenido_y_cierre(mini):
    report, _site, pdf = mini
    pages = _pages_text(pdf)
    info = report.manual.info
    assert info.title in pages[0] and info.unit in pages[0] and str(info.year) in pages[0]
    text = " ".join(pages)
    hitos = ["Hoja de identificación de firmas", "Lic. Persona Firmante", "Contenido", "Introducción",
             "Marco normativo", "Procesos y alcance"]
    hitos += [_flat(c.name) for c in report.manual.coordinations.values()]
    hitos += [f"Actividades de {p}" for p in report.manual.procedures]
    hitos += ["Matrices de riesgos", "R-CV-03", "Glosario"]
    posiciones = []
    desde = 0
    for hito in hitos:
        pos = text.find(hito, desde)
        assert pos >= 0, f"«{hito}» no aparece después de «{hitos[len(posiciones) - 1] if posiciones else ''}»"
        posiciones.append(pos)
        desde = pos + len(hito)


def test_cada_procedimiento_empieza_en_su_pagina_y_el_contenido_la_numera(mini):
    report, _site, pdf = mini
    reader = PdfReader(str(pdf))
    dests = reader.named_destinations
    pages = _pages_text(pdf)
    toc = pages[reader.get_destination_page_number(dests["/contenido"])]
    for proc in report.manual.procedures.values():
        dest = dests.get(f"/proc-{proc.id}")
        assert dest is not None, proc.id
        n = reader.get_destination_page_number(dest)
        assert _flat(proc.name)[:40] in pages[n]
        # the contents line ends with that page number
        linea = re.search(re.escape(f"{proc.id} · {_flat(proc.name)}") + r" (\d+)\b", toc)
        assert linea and int(linea.group(1)) == n + 1, (proc.id, n + 1, toc)


def test_los_flujogramas_se_dibujan_antes_de_imprimir(mini):
    report, site, _pdf = mini
    pdf = _pdf_module()
    out = site.parent / "otra.pdf"
    facts = pdf.print_pdf(site, out)
    html = (site / "imprimir" / "index.html").read_text(encoding="utf-8")
    # each procedure's flowchart (in parts when long), the organisational chart when there is a
    # structure, and the Simbología (one example per symbol and the complete example)
    from macros.pages.symbology import SYMBOLS, _example_manual, _example_procedure
    from macros.swimlanes import flowchart_parts
    esperados = (sum(len(flowchart_parts(p, report.manual)) for p in report.manual.procedures.values())
                 + (1 if report.manual.info.structure else 0)
                 + len(SYMBOLS) + len(flowchart_parts(_example_procedure(), _example_manual())))
    assert facts["diagramas"] == esperados == html.count('<pre class="mermaid"')
    assert out.stat().st_size > 10_000


def test_sin_mermaid_falla_en_vez_de_imprimir_codigo(tmp_path):
    pdf = _pdf_module()
    page = tmp_path / "imprimir"
    page.mkdir()
    (page / "index.html").write_text('<html><body><pre class="mermaid"><code>flowchart TB\n a --> b'
                                     '</code></pre></body></html>', encoding="utf-8")
    with pytest.raises(RuntimeError, match="flujogramas"):
        pdf.print_pdf(tmp_path, tmp_path / "x.pdf", timeout_ms=3000)
    assert not (tmp_path / "x.pdf").exists()


def test_una_peticion_fuera_del_servidor_local_hace_fallar(tmp_path):
    pdf = _pdf_module()
    page = tmp_path / "imprimir"
    page.mkdir()
    (page / "index.html").write_text('<html><body><p>x</p><img src="http://cdn.invalid/logo.png">'
                                     '</body></html>', encoding="utf-8")
    with pytest.raises(RuntimeError, match="cdn.invalid"):
        pdf.print_pdf(tmp_path, tmp_path / "x.pdf", timeout_ms=15000)
    assert not (tmp_path / "x.pdf").exists()


def test_sin_sitio_construido_informa_y_sale_con_1(tmp_path):
    r = subprocess.run([sys.executable, "scripts/pdf.py", "--sitio", str(tmp_path / "no")], cwd=REPO,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "construya el sitio" in r.stderr


def test_manual_real_en_pdf(tmp_path):
    report = check(REAL)
    if report.blocking:
        pytest.skip("procesos_yaml/ tiene errores bloqueantes en este momento")
    site = tmp_path / "site"
    build_site(REAL, site)
    pdf = _print(site)
    pages = _pages_text(pdf)
    assert len(pages) > 10
    text = " ".join(pages)
    faltan = [p.id for p in report.manual.procedures.values() if _flat(p.name) not in text]
    assert not faltan
    # header «título · Rev. · fecha · Hoja N de M»; without a manual-2023 tag the build is a draft
    from checks.versions import status
    assert f"Manual de Procedimientos Rev. 2023 · sin fecha · Hoja 1 de {len(pages)}" in pages[0]
    assert all(("BORRADOR — no vigente" in page) == status(REAL).draft for page in pages)
    assert "Control de cambios" in pages[-1] or "Control de cambios" in pages[-2]
    for sheet in report.manual.info.signatures:
        for signer in sheet.get("firmantes") or ():
            assert _flat(signer["nombre"]) in text


def _outline_titles(reader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, _flat(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def _structure_types(reader) -> list[str]:
    """Structure element types (/S) of the tagged PDF, in document order."""
    types: list[str] = []

    def walk(node, depth=0):
        node = node.get_object() if hasattr(node, "get_object") else node
        if depth > 200:
            return
        if isinstance(node, dict):
            if "/S" in node:
                types.append(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids, depth + 1)
        elif isinstance(node, list):
            for kid in node:
                walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return types


def test_el_pdf_tiene_marcadores_y_texto_etiquetado_en_orden(mini):
    """Accesibilidad del PDF: marcadores (outline) con la jerarquía del manual, PDF etiquetado
    en español y texto seleccionable en el orden de lectura."""
    report, _site, pdf = mini
    reader = PdfReader(str(pdf))
    root = reader.trailer["/Root"]
    # Tagged PDF: a structure tree, marked content, language.
    assert "/StructTreeRoot" in root, "el PDF no está etiquetado (falta StructTreeRoot)"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root.get("/Lang", "")).startswith("es")
    types = _structure_types(reader)
    for tag in ("/H1", "/H2", "/H3", "/Table", "/TR", "/TH", "/TD", "/P"):
        assert tag in types, f"el árbol de estructura no tiene {tag}: {sorted(set(types))}"
    # Outline: the cover title on top, the parts of the manual under it, procedures under
    # their coordination, each bookmark pointing at the page where its part starts.
    marks = _outline_titles(reader)
    info = report.manual.info
    assert marks[0][:2] == (0, _flat(info.title)), marks[:3]
    parts = [title for depth, title, _ in marks if depth == 1]
    for expected in ("Contenido", "Introducción", "Procesos y alcance", "Matrices de riesgos", "Glosario"):
        assert expected in parts, f"falta el marcador «{expected}»: {parts}"
    pages = _pages_text(pdf)
    for coord in report.manual.coordinations.values():
        at = next(i for i, (d, t, _) in enumerate(marks) if d == 1 and _flat(coord.name) in t)
        children = []
        for depth, title, page in marks[at + 1:]:
            if depth <= 1:
                break
            children.append((title, page))
        for proc in report.manual.procedures_of(coord.id):
            found = [(t, p) for t, p in children if t.startswith(f"{proc.id} · ")]
            assert found, f"{proc.id} no tiene marcador bajo su coordinación: {children}"
            assert _flat(proc.name)[:40] in pages[found[0][1] - 1], f"el marcador de {proc.id} no lleva a su página"
    # Reading order: on a procedure's page, its title, then its activity table row by row.
    proc = report.manual.procedures["CV-03"]
    page = next(p for p in pages if f"Actividades de {proc.id}" in p)
    order = [f"Actividades de {proc.id}", "Cvo.", "Acción", "Insumos", proc.steps[0].action, proc.steps[1].action]
    positions = [page.find(x) for x in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), list(zip(order, positions))
