"""Versión para imprimir (macros/impresion.py) sin navegador: orden oficial, anclas
generadas, y el texto del YAML siempre escapado (nunca HTML, enlaces ni código Mermaid)."""
import re

import markdown
from bs4 import BeautifulSoup

from checks import check
from macros import impresion
from tests.common import MINIMO, manual_copy, procedure


def _html(md: str) -> str:
    return markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html"])


def test_orden_oficial_de_los_apartados():
    report = check(MINIMO)
    texto = impresion.print_page(report.manual, report)
    anclas = re.findall(r"\{ #([A-Za-z0-9_-]+)", texto)
    esperado = ["contenido", "introduccion", "marco-normativo", "objetivos", "procesos"]
    for coord in report.manual.coordinations.values():
        esperado.append(f"coord-{coord.id}")
        esperado += [f"proc-{p.id}" for p in report.manual.procedures_of(coord.id)]
    esperado += ["glosario"]
    assert [a for a in anclas if a in esperado] == esperado
    assert texto.index("imp-portada") < texto.index("{ #contenido")


def test_el_contenido_enlaza_cada_apartado_existente():
    report = check(MINIMO)
    texto = impresion.print_page(report.manual, report)
    destinos = set(re.findall(r"\]\(#([A-Za-z0-9_-]+)\)", texto))
    anclas = set(re.findall(r"\{ #([A-Za-z0-9_-]+)", texto))
    assert destinos and destinos <= anclas
    assert {f"proc-{p}" for p in report.manual.procedures} <= destinos


def test_texto_hostil_escapado(tmp_path):
    root = manual_copy(tmp_path)
    hostil = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) "] --> Z["'
    procedure(root, "CV-09", f"""
        - cvo: 1
          accion: '{hostil}'
          responsables: [CV-INE]
          salidas: [Oficio]
    """)
    path = root / "procedimientos" / "CV-09.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "nombre: Procedimiento de prueba CV-09", f"nombre: '{hostil}'"), encoding="utf-8")
    report = check(root)           # SEC001 would block the build; the renderer must be safe anyway
    assert "CV-09" in report.manual.procedures
    texto = impresion.print_page(report.manual, report)
    sopa = BeautifulSoup(_html(texto), "html.parser")
    assert not sopa.find_all("img") and not sopa.find_all("script")
    assert not [a for el in sopa.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert not [a for a in sopa.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    assert "<img src=x onerror=alert(1)>" in sopa.get_text()      # shown as text
    # Mermaid: quotes and brackets stay inside the label, so no node or edge is injected.
    bloques = re.findall(r"```mermaid\n(.*?)```", texto, re.S)
    assert bloques and all('"] --> Z["' not in b for b in bloques)
    assert any("#quot;] --#gt; Z[#quot;" in b for b in bloques)
