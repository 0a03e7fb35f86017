"""Fórmulas detrás de caracteres de control, espacios, invisibles y signos de ancho completo
(issue 17, clase 2): ninguna celda CSV o XLSX debe poder leerse como fórmula.

Antes, el neutralizador miraba el primer carácter y quitaba los caracteres de control
*después*: ``"\\x01=HYPERLINK(…)"`` llegaba a ``actividades.csv`` como fórmula viva."""
from __future__ import annotations

import csv
import io
import re
import unicodedata

import pytest
from openpyxl import load_workbook

from checks import check
from checks.reports.spreadsheets import csv_bytes, neutralise, tables, xlsx_bytes
from tests.common import manual_copy, procedure

FORMULAS = ['=HYPERLINK("http://malo.invalid","clic")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3"]
# Lo que puede ir delante de la fórmula: controles que XLSX no admite (se quitan), espacios y
# saltos (LibreOffice y Excel pueden recortarlos al importar), invisibles de formato.
PREFIJOS = ["\x01", "\x00", "\x1f", "\x08", "\x0b", "\x0c", "\x1b", " ", "  ", "\n", "\r\n", "\t",
            "\u00a0", "\u3000", "\u2028", "\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u00ad",
            "\x01 \u200b", "\x7f", "\x85"]
# Signos que un programa de hoja de cálculo (o su NFKC) toma por «= + - @».
SIGNOS = {"＝": "=", "﹦": "=", "⁼": "=", "＋": "+", "﹢": "+", "⁺": "+", "－": "-", "﹣": "-",
          "⁻": "-", "−": "-", "＠": "@", "﹫": "@"}

_VISIBLE_START = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]*")


def es_formula(celda: str) -> bool:
    """Lo que comprueba la prueba, escrito aparte del código: la celda no empieza con ``'``
    y su primer carácter visible, en forma NFKC, es ``= + - @``, o empieza con tab/CR."""
    if not isinstance(celda, str) or celda.startswith("'"):
        return False
    if celda.startswith(("\t", "\r")):
        return True
    resto = celda[_VISIBLE_START.match(celda).end():]
    if not resto:
        return False
    primero = unicodedata.normalize("NFKC", resto[0])[:1]
    return primero in "=+-@" or resto[0] == "\u2212"


@pytest.mark.parametrize("prefijo", PREFIJOS, ids=[repr(p) for p in PREFIJOS])
@pytest.mark.parametrize("formula", FORMULAS)
def test_prefijo_de_control_o_espacio_no_oculta_la_formula(prefijo, formula):
    celda = neutralise(prefijo + formula)
    assert celda.startswith("'"), repr(celda)
    assert not es_formula(celda)
    # nada que XLSX no admita queda en la celda
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", celda)


@pytest.mark.parametrize("signo", list(SIGNOS), ids=[f"U+{ord(s):04X}" for s in SIGNOS])
def test_signo_de_ancho_completo_o_compatible(signo):
    for prefijo in ("", " ", "\x01", "\u200b"):
        celda = neutralise(prefijo + signo + "HYPERLINK(\"http://x.invalid\")")
        assert celda.startswith("'"), repr(celda)


@pytest.mark.parametrize("texto", ["Oficio", "a=b", " Oficio =1", "\u200bTexto", "— guion largo",
                                   "«=» comillas", "", "   "])
def test_texto_normal_no_cambia(texto):
    assert neutralise(texto) == texto


def test_caracteres_que_xlsx_no_admite_se_quitan_antes():
    assert neutralise("\x01=1+1") == "'=1+1"
    assert neutralise("Texto\x07con campana") == "Textocon campana"
    assert neutralise("\ud800=1") == "'=1"           # sustituto suelto: no es UTF-8


@pytest.fixture
def informe_hostil(tmp_path):
    """Un procedimiento con cada prefijo × fórmula en acción, insumos, salidas, nota y
    decisión (cadenas YAML entre comillas dobles, con escapes \\xNN / \\uNNNN)."""
    root = manual_copy(tmp_path)
    cargas = [p + f for p in PREFIJOS for f in FORMULAS[:2]] + [s + "1+1" for s in SIGNOS]

    def y(texto):       # cadena YAML de comillas dobles
        return '"' + texto.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'

    pasos = []
    for i, carga in enumerate(cargas, start=1):
        pasos.append(f"""
- cvo: {i}
  accion: {y(carga)}
  responsables: [CV-INE]
  insumos: [{y(carga)}]
  salidas: [{y(carga)}]
  nota: {y(carga)}""")
    procedure(root, "CV-09", "\n".join(pasos))
    report = check(root)
    assert not report.blocking, [str(p) for p in report.blocking][:5]
    return report, cargas


def test_ninguna_celda_csv_es_formula(informe_hostil):
    report, cargas = informe_hostil
    vistas = 0
    for table in tables(report):
        for row in csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig"), newline="")):
            for celda in row:
                assert not es_formula(celda), (table.name, celda)
                vistas += 1
    assert vistas > len(cargas) * 4


def test_ninguna_celda_xlsx_es_formula(informe_hostil):
    report, _ = informe_hostil
    wb = load_workbook(io.BytesIO(xlsx_bytes(tables(report))))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                assert not es_formula(cell.value), (ws.title, cell.coordinate, cell.value)
