"""Hojas de cálculo (XLSX y CSV) de actividades, matriz de roles, matriz de riesgos y
hallazgos: contenido fiel al modelo, celdas neutralizadas contra fórmulas, y publicación
en el sitio (descargas/) enlazada desde la página Descargas."""
import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from checks import check
from checks.reports import jsonschema as esquema_json
from checks.reports.spreadsheets import (Table, activities, csv_bytes, findings, neutralise, risk_matrix, role_matrix,
                                         sheet_xml, tables, xlsx_bytes)
from tests.common import MINIMO, REPO, build_site, line_of, manual_copy, procedure, write


@pytest.mark.parametrize("valor, esperado", [
    ("=1+1", "'=1+1"),
    ("+52 443 000", "'+52 443 000"),
    ("-2+3", "'-2+3"),
    ("@SUMA(A1)", "'@SUMA(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ('=HYPERLINK("http://x";"y")', '\'=HYPERLINK("http://x";"y")'),
    ("Oficio", "Oficio"),
    ("a=b", "a=b"),
    ("", ""),
    ("Texto\x07con campana", "Textocon campana"),
    (5, 5),
    (None, None),
    (True, True),
])
def test_neutralise(valor, esperado):
    assert neutralise(valor) == esperado


HOSTILES = {"accion": "=HYPERLINK(\"http://malo.invalid\",\"clic\")", "insumo": "@SUM(A1:A9)",
            "salida": "-1+cmd|' /C calc'!A0", "nota": "+ojo"}


@pytest.fixture
def hostil(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: '{HOSTILES["accion"]}'
          responsables: [CV-INE]
          insumos: ['{HOSTILES["insumo"]}']
          salidas: ["{HOSTILES["salida"]}"]
          nota: "{HOSTILES["nota"]}"
    """)
    report = check(root)
    assert not report.blocking, [str(p) for p in report.blocking]
    return report, path


def test_ninguna_celda_xlsx_es_formula(hostil):
    report, _ = hostil
    wb = load_workbook(io.BytesIO(xlsx_bytes(tables(report))))
    vistos = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    vistos.add(cell.value)
    for valor in HOSTILES.values():
        assert "'" + valor in vistos


def test_ninguna_celda_csv_empieza_con_caracter_de_formula(hostil):
    report, _ = hostil
    for table in tables(report):
        texto = csv_bytes(table).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(texto)):
            for celda in row:
                assert not celda.startswith(("=", "+", "-", "@", "\t", "\r")), (table.name, celda)
    filas = list(csv.reader(io.StringIO(csv_bytes(activities(report)).decode("utf-8-sig"))))
    paso = next(r for r in filas if r[0] == "CV-09")
    assert paso[6] == "'" + HOSTILES["accion"]


def test_actividades_una_fila_por_paso_con_sus_datos():
    report = check(MINIMO)
    table = activities(report)
    pasos = [(p, s) for p in report.manual.procedures.values() for s in p.steps]
    assert len(table.rows) == len(pasos)
    col = {h: i for i, h in enumerate(table.headers)}
    for row, (proc, step) in zip(table.rows, pasos):
        assert row[col["Procedimiento"]] == proc.id
        assert row[col["Cvo."]] == step.cvo
        assert row[col["Acción"]] == step.action
        assert row[col["Responsables (id)"]].split("\n") == list(step.responsibles)
        assert row[col["Insumos"]].split("\n") == list(step.inputs)
        assert row[col["Salidas"]].split("\n") == list(step.outputs)


def test_matriz_de_roles_lista_los_pasos_de_cada_rol():
    report = check(MINIMO)
    table = role_matrix(report)
    procs = list(report.manual.procedures)
    assert list(table.headers[5:]) == procs
    esperado = {}
    for proc in report.manual.procedures.values():
        for step in proc.steps:
            for role in step.real_responsibles:
                esperado.setdefault(role, {}).setdefault(proc.id, []).append(str(step.cvo))
    assert {r[0] for r in table.rows} == set(esperado)
    for row in table.rows:
        for proc_id, celda in zip(procs, row[5:]):
            assert celda == ", ".join(esperado[row[0]].get(proc_id, []))


def test_matriz_de_riesgos_y_hallazgos(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: Paso sin salida
          responsables: [CV-INE]
          insumos: [Oficio]
          salidas: ["N/A"]
    """, extra="")
    text = path.read_text(encoding="utf-8").replace(
        "riesgos: []", "riesgos:\n  - {id: R-CV-09, descripcion: Retraso, probabilidad: 2, impacto: 3, nivel: 6,"
                       " tratamiento: [reducir]}")
    path.write_text(text, encoding="utf-8")
    write(root, "excepciones.yaml", """
        excepciones:
          - regla: PRC002
            objeto: CV-09
            paso: 1
            motivo: El manual registra N/A.
            resuelve: CV-INE
            vence: "2999-12-31"
    """)
    report = check(root)
    assert not report.blocking, [str(p) for p in report.blocking]
    riesgos = risk_matrix(report)
    assert [r[0] for r in riesgos.rows] == [r.id for r in report.manual.all_risks()]
    fila = next(r for r in riesgos.rows if r[0] == "R-CV-09")
    col = {h: i for i, h in enumerate(riesgos.headers)}
    assert (fila[col["Probabilidad"]], fila[col["Impacto"]], fila[col["Nivel (NR)"]]) == (2, 3, 6)
    hallazgos = findings(report)
    col = {h: i for i, h in enumerate(hallazgos.headers)}
    assert len(hallazgos.rows) == len(report.problems)
    prc002 = [r for r in hallazgos.rows if r[col["Regla"]] == "PRC002"]
    assert len(prc002) == 1
    assert prc002[0][col["Línea"]] == line_of(path, "salidas:")
    assert prc002[0][col["Exceptuado"]] == "sí"
    assert prc002[0][col["Vence"]] == "2999-12-31"


def test_xlsx_abre_con_una_hoja_por_tabla_y_encabezado_fijo():
    report = check(MINIMO)
    tablas = tables(report)
    wb = load_workbook(io.BytesIO(xlsx_bytes(tablas)))
    assert wb.sheetnames == [t.title for t in tablas]
    for ws, table in zip(wb.worksheets, tablas):
        assert tuple(c.value for c in ws[1]) == table.headers
        assert ws.max_row == len(table.rows) + 1
        assert ws.freeze_panes == "A2"


def test_csv_para_excel_utf8_con_bom_y_crlf():
    report = check(MINIMO)
    datos = csv_bytes(activities(report))
    assert datos.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in datos
    filas = list(csv.reader(io.StringIO(datos.decode("utf-8-sig"))))
    assert tuple(filas[0]) == activities(report).headers
    assert len(filas) == len(activities(report).rows) + 1


@pytest.fixture(scope="module")
def sitio(tmp_path_factory):
    return build_site(MINIMO, tmp_path_factory.mktemp("hojas") / "site").site


ARCHIVOS = [f"{n}.{e}" for n in ("actividades", "roles", "riesgos", "hallazgos") for e in ("xlsx", "csv")]


def test_el_sitio_publica_las_descargas_y_la_pagina_las_enlaza(sitio):
    pagina = (sitio / "descargas" / "index.html").read_text(encoding="utf-8")
    for nombre in ARCHIVOS + ["manual.xlsx", "manual.json"]:
        assert (sitio / "descargas" / nombre).is_file(), nombre
        assert f'href="{nombre}"' in pagina, nombre
    assert 'href="manual.pdf"' in pagina
    wb = load_workbook(sitio / "descargas" / "manual.xlsx")
    assert wb.sheetnames == ["Actividades", "Matriz de roles", "Matriz de riesgos", "Hallazgos"]
    assert wb["Actividades"].max_row == sum(len(p.steps) for p in check(MINIMO).manual.procedures.values()) + 1


def test_el_sitio_publica_los_esquemas_json_al_dia(sitio):
    for tipo, (archivo, _t) in esquema_json.KINDS.items():
        publicado = sitio / esquema_json.SCHEMA_DIR / archivo
        assert publicado.read_text(encoding="utf-8") == esquema_json.dumps(tipo)


def test_la_navegacion_enlaza_descargas_e_impresion(sitio):
    inicio = (sitio / "index.html").read_text(encoding="utf-8")
    assert "descargas/" in inicio
    assert "imprimir/" in inicio


@pytest.mark.parametrize("pagina, tabla", [
    ("consulta/matriz-roles", "roles"),
    ("consulta/matriz-roles", "actividades"),
    ("consulta/riesgos", "riesgos"),
    ("cumplimiento", "hallazgos"),
])
def test_cada_pagina_relevante_enlaza_su_hoja(sitio, pagina, tabla):
    html = (sitio / pagina / "index.html").read_text(encoding="utf-8")
    for ext in ("xlsx", "csv"):
        assert f'descargas/{tabla}.{ext}"' in html


def test_lo_publicado_no_revela_rutas_de_la_maquina(sitio):
    # the fixture builds with MANUAL_PROCESOS_YAML set to an absolute path
    for nombre in ("manual.json", "hallazgos.csv", "actividades.csv"):
        assert str(REPO) not in (sitio / "descargas" / nombre).read_text(encoding="utf-8-sig"), nombre
    wb = load_workbook(sitio / "descargas" / "hallazgos.xlsx")
    assert not any(str(REPO) in str(c.value) for row in wb.active.iter_rows() for c in row)


def test_filas_con_texto_largo_tienen_altura_para_verse_completas():
    """LibreOffice no recalcula la altura de filas con texto ajustado al abrir un XLSX."""
    report = check(MINIMO)
    table = activities(report)
    ws = load_workbook(io.BytesIO(xlsx_bytes([table]))).active
    col = table.headers.index("Acción")
    for r, row in enumerate(table.rows, start=2):
        lineas = -(-len(row[col]) // int(table.widths[col] * 1.15))
        assert ws.row_dimensions[r].height >= 13 * lineas, (r, row[col])


def test_la_version_para_imprimir_no_duplica_la_busqueda(sitio):
    import json
    indice = json.loads((sitio / "search" / "search_index.json").read_text(encoding="utf-8"))
    ubicaciones = [d["location"] for d in indice["docs"]]
    assert not [u for u in ubicaciones if u.startswith("imprimir")]
    assert any(u.startswith("procedimientos/") for u in ubicaciones)


def _valores(contenido: bytes) -> dict[str, list[list]]:
    wb = load_workbook(io.BytesIO(contenido))
    return {ws.title: [[c.value for c in fila] for fila in ws.iter_rows()] for ws in wb.worksheets}


def _manual_with_formula_and_newline(tmp_path):
    """The minimal manual plus a step whose action is a spreadsheet formula and whose note
    has a line break (what the workbooks must neutralise and keep)."""
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: '=HYPERLINK("http://malo.invalid","clic")'
          responsables: [CV-INE]
          nota: "Primera línea\\nsegunda línea"
    """)
    return root


def test_el_libro_completo_tiene_las_mismas_celdas_que_los_cuatro_libros(tmp_path):
    """manual.xlsx repite, hoja por hoja y celda por celda, los cuatro libros publicados."""
    from macros import site as site_state
    from macros.pages import downloads as descargas

    root = _manual_with_formula_and_newline(tmp_path)
    archivos = descargas.blobs(site_state.build(str(root))).files
    completo = _valores(archivos[f"{descargas.DIR}/{descargas.WORKBOOK}"])
    hojas = {}
    for nombre in descargas.TABLES:
        individual = _valores(archivos[f"{descargas.DIR}/{nombre}.xlsx"])
        assert len(individual) == 1, nombre
        hojas.update(individual)
    assert list(completo) == list(hojas) == ["Actividades", "Matriz de roles", "Matriz de riesgos", "Hallazgos"]
    assert completo == hojas
    assert any(v == "'=HYPERLINK(\"http://malo.invalid\",\"clic\")" for fila in completo["Actividades"] for v in fila)


def test_editar_un_procedimiento_cambia_las_descargas(tmp_path):
    """Las hojas se reutilizan entre construcciones sólo si su contenido no cambió."""
    from macros import site as site_state
    from macros.pages import downloads as descargas

    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: Recibir el oficio
          responsables: [CV-INE]
    """)
    antes = dict(descargas.blobs(site_state.build(str(root))).files)
    igual = dict(descargas.blobs(site_state.build(str(root))).files)
    assert igual == antes                      # same content: same bytes, reused
    path.write_text(path.read_text(encoding="utf-8").replace("Recibir el oficio", "Recibir la solicitud"),
                    encoding="utf-8")
    despues = descargas.blobs(site_state.build(str(root))).files
    for nombre in ("actividades.xlsx", "actividades.csv", "manual.xlsx", "manual.json"):
        clave = f"{descargas.DIR}/{nombre}"
        assert despues[clave] != antes[clave], nombre
    assert any(v == "Recibir la solicitud" for fila in _valores(despues[f"{descargas.DIR}/actividades.xlsx"])["Actividades"]
               for v in fila)
    assert any(v == "Recibir la solicitud" for fila in _valores(despues[f"{descargas.DIR}/manual.xlsx"])["Actividades"]
               for v in fila)


def _partes(contenido: bytes) -> list[tuple[str, bytes]]:
    """Cada parte del XLSX, en orden; en docProps/core.xml sin las fechas de creación."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(contenido)) as zf:
        partes = [(n, zf.read(n)) for n in zf.namelist()]
    return [(n, re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"(fecha)", d) if n == "docProps/core.xml" else d)
            for n, d in partes]


def test_el_libro_con_las_hojas_ya_escritas_es_el_mismo_libro(tmp_path):
    """xlsx_bytes(sheets=…) no vuelve a serializar las hojas de los libros individuales: el
    resultado es, parte por parte, el libro escrito desde cero (también con una tabla vacía,
    una primera fila sin celdas, números, None y celdas neutralizadas)."""
    root = _manual_with_formula_and_newline(tmp_path)
    tablas = list(tables(check(root)))
    tablas.insert(1, Table("vacia", "Vacía", ("A", "B"), (), (10, 20)))
    tablas.append(Table("rara", "Rara", ("X", "Y", "Z"), ((), ("=1", None, 3), (None, "-2", "texto")), (8, 8, 8)))
    assert any(t.rows for t in tablas[:1])
    desde_cero = xlsx_bytes(tablas)
    hojas = [sheet_xml(xlsx_bytes([t], t.title)) for t in tablas]
    assert _partes(xlsx_bytes(tablas, sheets=hojas)) == _partes(desde_cero)
    # sólo algunas ya escritas: las demás se serializan como siempre
    mezcla = [h if i % 2 else None for i, h in enumerate(hojas)]
    assert _partes(xlsx_bytes(tablas, sheets=mezcla)) == _partes(desde_cero)
    # la hoja dada es la que se publica (no se recalcula): por eso el llamador la toma de un
    # libro de la misma tabla, y otra tabla da otro libro
    otra = sheet_xml(xlsx_bytes([tablas[-1]]))
    assert _partes(xlsx_bytes(tablas, sheets=hojas[:-2] + [otra, hojas[-1]])) != _partes(desde_cero)
    with pytest.raises(ValueError):
        xlsx_bytes(tablas, sheets=hojas[:1])


_VALORES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text(alphabet=st.sampled_from(list(" \t\r\n&<>\"'=+-@é€\U0001F600\x7f\x85\u2028\x01\x0b")), max_size=20),
    st.just("x" * 33000))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_VALORES, max_size=5), max_size=6), st.lists(st.integers(1, 60), min_size=5, max_size=5))
def test_las_filas_escritas_sin_openpyxl_son_las_de_openpyxl(filas, anchos):
    """_rows_xml escribe, byte por byte, las filas que escribiría openpyxl (valores al azar:
    texto con cualquier carácter, espacios al borde, enteros grandes, booleanos, None, filas
    vacías o de distinto largo, textos de más de 32.767 caracteres)."""
    import checks.reports.spreadsheets as hojas

    tabla = Table("t", "T", ("A", "B", "C", "D", "E"), tuple(tuple(f) for f in filas), tuple(anchos))
    rapido = sheet_xml(xlsx_bytes([tabla]))
    original = hojas._rows_xml
    try:
        hojas._rows_xml = lambda *a: None
        lento = sheet_xml(xlsx_bytes([tabla]))
    finally:
        hojas._rows_xml = original
    assert rapido == lento


def test_las_filas_sin_openpyxl_se_usan_y_ceden_ante_lo_desconocido(monkeypatch):
    import checks.reports.spreadsheets as hojas

    llamadas = []
    original = hojas._rows_xml
    monkeypatch.setattr(hojas, "_rows_xml", lambda *a: llamadas.append(original(*a)) or llamadas[-1])
    tabla = Table("t", "T", ("A", "B"), (("a", 1), ("b", 2), ("c", None)), (10, 10))
    valores = [[c.value for c in f] for f in load_workbook(io.BytesIO(xlsx_bytes([tabla]))).active.iter_rows()]
    assert valores == [["A", "B"], ["a", 1], ["b", 2], ["c", None]]
    assert llamadas and llamadas[-1] is not None and b'<row r="3"' in llamadas[-1]
    # a float (not produced by tables()) goes through openpyxl
    tabla = Table("t", "T", ("A",), (("a",), (1.5,)), (10,))
    assert [[c.value for c in f] for f in load_workbook(io.BytesIO(xlsx_bytes([tabla]))).active.iter_rows()] == \
        [["A"], ["a"], [1.5]]
    assert llamadas[-1] is None
