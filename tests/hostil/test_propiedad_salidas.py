"""Propiedad (issue 17): para texto Unicode al azar en **todos** los campos de un manual
completo (generado desde el esquema), ninguna salida contiene marcado, una fórmula o un
comando de flujo de trabajo que la entrada no traía como texto literal.

Salidas revisadas en cada ejemplo: las páginas del sitio (Markdown de cada página generada,
convertido con las extensiones de mkdocs.yml, siglas incluidas), el índice de búsqueda (el
analizador de Material más el plegado de acentos de ``macros/search.py``), las hojas CSV y
XLSX, el Word (campos y vínculos), el JSON de ``export``, la CLI en los cinco formatos y
``diff`` en texto y Markdown.
El PDF no: imprimirlo por ejemplo cuesta segundos (lo cubren test_sitio_hostil y test_pdf).

Las reglas se rebajan a advertencias (como en test_sitio_hostil) para que SEC001 no detenga
el sitio: se prueba que las salidas son seguras por sí mismas. Acotado en tiempo para CI:
pocos ejemplos, cada uno con decenas de campos al azar; los átomos hostiles (≮, ＜, ``{{``,
``::``, ``##[``, ``=``, marcadores de Python-Markdown…) se mezclan con texto Unicode libre."""
from __future__ import annotations

import csv
import dataclasses
import io
import json

import markdown
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import checks.engine as engine
from checks.problem import Severity
from checks.reports import formatters
from checks.reports.diff import semantic_diff, as_markdown, as_text
from checks.reports.export import dumps, export_dict
from checks.reports.spreadsheets import csv_bytes, tables, xlsx_bytes
from macros import search
from macros import site as site_builder
from macros.abbreviations import AbbreviationsExtension
from macros.abbreviations import glossary as abbr_glossary
from tests.hostil.hostil_comun import generate_manual
from tests.hostil.salidas import html_problems, is_formula, log_commands, search_markup, terminal_sequences

ATOMOS = [
    "<", ">", "&", "\"", "'", "`", "*", "_", "|", "#", "\\", "[", "]", "(", ")", "{", "}", "%",
    "≮img src=x onerror=alert(1)≯", "＜script＞alert(1)＜/script＞", "﹤b﹥", "<img src=x onerror=alert(1)>",
    "</code></pre>", "<!--", "&lt;b&gt;", "&#60;", "{{ 7*7 }}", "{% if %}", "[x](javascript:alert(1))",
    "ｊａｖａｓｃｒｉｐｔ：", "\n::error file=a,line=1::forjado", "::warning::x", "##[error]forjado", "\r", "\r\n",
    "\u2028", "\x85", "\x1b[31m", "\x9b", "=HYPERLINK(\"http://x\")", "@SUM(1)", "+1", "-1", "\x01=1", " =1",
    "＝1", "\u200b@x", "\x02wzxhzdk:0\x03", "klzzwxh", "\"] --> X[\"", "%%{init: {}}%%", "\nclick s1 x",
    "\u202e", "\ufeff", "!!! note", "    código", "# título", "- lista", "{: onclick=x }",
]
TEXTO = st.lists(st.one_of(st.text(max_size=10), st.sampled_from(ATOMOS)), min_size=1, max_size=4).map("".join) \
    .filter(lambda t: t.strip() != "")
ACRONIMOS = {"termino": "SIGLAX", "siglas": "RUNO"}
TODO_HOSTIL = "".join(ATOMOS)

_FENCES = {"custom_fences": [{"name": "mermaid", "class": "mermaid",
                              "format": __import__("mermaid2").fence_mermaid_custom}]}


def _rebajadas(*args, **kwargs):
    return [dataclasses.replace(p, severity=Severity.WARNING) for p in _ORIGINAL(*args, **kwargs)]


_ORIGINAL = engine.run_rules


def _texto_de(fuente):
    def text(path, kind):
        campo = path[-1] if path else ""
        return ACRONIMOS.get(campo) or fuente()
    return text


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """El mismo manual con texto neutro: la base de ``diff``."""
    root = generate_manual(tmp_path_factory.mktemp("base") / "procesos_yaml",
                           _texto_de(lambda: "Texto neutro"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "run_rules", _rebajadas)
        return engine.check(root)


def _paginas_html(site) -> dict[str, str]:
    extensiones = [AbbreviationsExtension(glossary=abbr_glossary(site.manual)), "tables", "attr_list",
                   "md_in_html", "admonition", "toc", "pymdownx.superfences"]
    out = {}
    for uri in site.pages:
        if uri.startswith("descargas/"):
            continue
        out[uri] = markdown.markdown(site.render(uri), extensions=extensiones,
                                     extension_configs={"pymdownx.superfences": _FENCES})
    return out


def _indice(paginas: dict[str, str]) -> list[dict]:
    from material.plugins.search.plugin import Parser

    entradas = []
    for uri, html in paginas.items():
        parser = Parser()
        parser.feed(html)
        parser.close()
        for seccion in parser.data:
            entradas.append({"location": uri, "title": "".join(seccion.title).strip(),
                             "text": "".join(seccion.text).strip()})
    return search.fold_entries(entradas)


def _revisar_salidas(root, base_report, *, indice: bool):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "run_rules", _rebajadas)
        report = engine.check(root)
        estructurales = [p for p in report.blocking if p.rule.startswith(("YAML", "ESQ", "ARCH"))]
        assert not estructurales, [str(p) for p in estructurales][:3]
        site = site_builder.build(str(root))
    assert not site.report.blocking
    paginas = _paginas_html(site)
    assert len(paginas) > 10
    if indice:
        for entrada in _indice(paginas):
            for campo in ("title", "text"):
                malas = search_markup(entrada[campo])
                assert not malas, (entrada["location"], campo, malas, entrada[campo][:300])
        return
    for uri, html in paginas.items():
        assert not html_problems(html), (uri, html_problems(html)[:5])
    # CLI en los cinco formatos
    for nombre, formato in formatters.FORMATS.items():
        salida = formato(report, formatters.Options())
        assert not log_commands(salida, own=nombre == "github"), (nombre, log_commands(salida, own=True)[:3])
        assert not terminal_sequences(salida), nombre
    # diff (texto y Markdown) contra la base neutra, con los hallazgos nuevos
    diff = semantic_diff(base_report.manual, report.manual, "main", "copia de trabajo")
    diff.new_findings, diff.fixed_findings = formatters.new_findings(base_report, report)
    assert diff.sections
    for salida in (as_text(diff), as_markdown(diff)):
        assert not log_commands(salida), log_commands(salida)[:3]
        assert not terminal_sequences(salida)
    # export (JSON): seguro para un registro y sin cambiar los datos
    texto = dumps(report)
    assert not log_commands(texto) and not terminal_sequences(texto)
    assert json.loads(texto) == json.loads(json.dumps(export_dict(report), ensure_ascii=False))
    # Word: ningún campo (DDE, HYPERLINK, INCLUDETEXT…) ni vínculo externo sale de los datos
    _revisar_word(report)
    # hojas de cálculo
    for tabla in tables(report):
        for fila in csv.reader(io.StringIO(csv_bytes(tabla).decode("utf-8-sig"), newline="")):
            assert not [c for c in fila if is_formula(c)], (tabla.name, [c for c in fila if is_formula(c)][:3])
    libro = load_workbook(io.BytesIO(xlsx_bytes(tables(report))))
    for hoja in libro.worksheets:
        for fila in hoja.iter_rows():
            for celda in fila:
                assert celda.data_type != "f" and not is_formula(celda.value), (hoja.title, celda.value)


# Sin fase de reducción: en CI una falla se informa con sus valores tal cual, en tiempo acotado.
_CAMPOS_PROPIOS = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"}


def _revisar_word(report):
    """El .docx (checks/reports/docx.py): los códigos de campo son sólo los del propio
    documento (índice, número de página) y ningún vínculo externo apunta a un esquema
    peligroso; el texto de los datos va en ``w:t`` (texto), nunca en ``w:instrText``."""
    import re
    import zipfile

    from checks.reports.docx import docx_bytes

    libro = zipfile.ZipFile(io.BytesIO(docx_bytes(report)))
    for nombre in libro.namelist():
        if not nombre.endswith((".xml", ".rels")):
            continue
        xml = libro.read(nombre).decode("utf-8")
        codigos = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml) + re.findall(r'w:instr="([^"]*)"', xml)
        for codigo in codigos:
            assert codigo.split()[0].upper() in _CAMPOS_PROPIOS, (nombre, codigo)
        for destino in re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', xml):
            assert not re.match(r"(?i)\s*(javascript|vbscript|data|file):", destino), (nombre, destino)


AJUSTES = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                          HealthCheck.data_too_large, HealthCheck.filter_too_much])


def test_todas_las_cargas_en_todos_los_campos(base, tmp_path):
    """Caso fijo: todos los átomos hostiles juntos en cada campo."""
    _revisar_salidas(generate_manual(tmp_path / "procesos_yaml", _texto_de(lambda: TODO_HOSTIL)), base, indice=False)


@AJUSTES
@given(st.data())
def test_ninguna_salida_crea_marcado_formula_ni_comando(base, tmp_path_factory, data):
    root = tmp_path_factory.mktemp("prop") / "procesos_yaml"
    generate_manual(root, _texto_de(lambda: data.draw(TEXTO)))
    _revisar_salidas(root, base, indice=False)


def _plegado_seguro() -> bool:
    """Si ``macros/search.py`` ya no crea marcado al plegar (arreglo de la rama escala-web)."""
    entrada = search.fold_entries([{"title": "t", "text": "&lt;p&gt; \u226eimg src=x onerror=alert(1)\u226f"}])[0]
    return not search_markup(entrada["text"])


PLEGADO = pytest.mark.xfail(not _plegado_seguro(), strict=True,
                            reason="el plegado de acentos del índice convierte ≮ en <: lo corrige macros/search.py "
                                   "en la rama escala-web; al fusionarla estas pruebas pasan solas")


@PLEGADO
def test_el_indice_de_busqueda_con_todas_las_cargas(base, tmp_path):
    """Regresión de la clase 1: «≮img src=x onerror=alert(1)≯» en cualquier campo llegaba al
    índice como <img onerror> vivo (Material muestra los resultados como HTML)."""
    _revisar_salidas(generate_manual(tmp_path / "procesos_yaml", _texto_de(lambda: TODO_HOSTIL)), base, indice=True)


@PLEGADO
@AJUSTES
@given(st.data())
def test_el_indice_de_busqueda_no_crea_marcado(base, tmp_path_factory, data):
    root = tmp_path_factory.mktemp("prop-indice") / "procesos_yaml"
    generate_manual(root, _texto_de(lambda: data.draw(TEXTO)))
    _revisar_salidas(root, base, indice=True)
