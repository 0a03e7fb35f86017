"""Versión para imprimir (macros/pages/print_version.py) sin navegador: orden oficial, anclas
generadas, y el texto del YAML siempre escapado (nunca HTML, enlaces ni código Mermaid)."""
import re

import markdown
from bs4 import BeautifulSoup

from checks import check
from macros.components import activity_table
from macros.links import PRINT, Links, proc_url
from macros.pages.print_version import print_page
from macros.site import context
from tests.common import MINIMO, manual_copy, procedure


def _html(md: str) -> str:
    return markdown.markdown(md, extensions=["tables", "attr_list", "md_in_html"])


def test_orden_oficial_de_los_apartados():
    report = check(MINIMO)
    texto = print_page(context(report, str(MINIMO)))
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
    texto = print_page(context(report, str(MINIMO)))
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
    texto = print_page(context(report, str(root)))
    sopa = BeautifulSoup(_html(texto), "html.parser")
    assert not sopa.find_all("img") and not sopa.find_all("script")
    assert not [a for el in sopa.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert not [a for a in sopa.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    assert "<img src=x onerror=alert(1)>" in sopa.get_text()      # shown as text
    # Mermaid: quotes and brackets stay inside the label, so no node or edge is injected.
    bloques = re.findall(r"```mermaid\n(.*?)```", texto, re.S)
    assert bloques and all('"] --> Z["' not in b for b in bloques)
    assert any("#quot;] --#gt; Z[#quot;" in b for b in bloques)


def test_la_tabla_de_actividades_es_la_del_sitio_sin_enlaces():
    """One activity table for both outputs: in print mode its links are gone (they would be
    dead on paper) and the print page holds exactly that table for every procedure."""
    report = check(MINIMO)
    ctx = context(report, str(MINIMO))
    texto = print_page(ctx)
    for proc in report.manual.procedures.values():
        en_el_sitio = activity_table(ctx, proc, Links(proc_url(proc.id)))
        impresa = activity_table(ctx, proc, Links(PRINT, print_mode=True))
        assert "](../roles/" in en_el_sitio and 'id="paso-' in en_el_sitio
        assert "](" not in impresa and 'id="paso-' not in impresa
        assert impresa in texto
    # Links to procedures become in-document anchors in print mode.
    assert Links(PRINT, print_mode=True).proc("X", "CV-01") == "[X](#proc-CV-01)"
    assert Links("roles/x.md").proc("X", "CV-01") == "[X](../procedimientos/CV-01.md)"


def test_las_hojas_de_firmas_dicen_que_firma_consta(tmp_path):
    root = manual_copy(tmp_path)
    (root / "manual.yaml").write_text((root / "manual.yaml").read_text(encoding="utf-8") + (
        "firmas:\n  - tipo: validacion\n    titulo: VALIDACIÓN\n    firmantes:\n"
        "      - {nombre: Persona Uno, puesto: Titular, firmado: true, fecha: '2024-03-01'}\n"
        "      - {nombre: Persona Dos, puesto: Titular, firmado: false}\n"), encoding="utf-8")
    report = check(root)
    texto = print_page(context(report, str(root)))
    filas = {f.split(" | ")[0].strip("| "): f for f in texto.splitlines() if "imp-firma" in f}
    assert "Firmado el 2024\\-03\\-01" in filas["Persona Uno"]
    assert "Firmado" not in filas["Persona Dos"]
