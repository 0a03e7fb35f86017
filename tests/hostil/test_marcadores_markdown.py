"""La palabra de los marcadores de Python-Markdown (issue 17, clase 4).

Python-Markdown guarda el HTML crudo (flujogramas, insignias) y las entidades como
marcadores ``\\x02wzxhzdk:N\\x03``, ``\\x02klzzwxh:N\\x03``, ``\\x02hzzhzkh:N\\x03``,
``\\x02amp\\x03`` mientras procesa. Una sigla del glosario igual a esa palabra se aceptaba y el
paso de siglas reescribía los marcadores en todas las páginas: los flujogramas desaparecían
y quedaban bytes de control en el HTML. Ahora el esquema rechaza esas siglas (con posición)
y el paso de siglas nunca mira dentro de un marcador, sea cual sea la sigla."""
from __future__ import annotations

import json
import re

import markdown
import pytest

from checks import check, schema
from macros import site as site_state
from macros.abbreviations import AbbreviationsExtension as SiglasExtension
from tests.common import MINIMO, line_of, manual_copy

MALAS = ["klzzwxh", "wzxhzdk", "hzzhzkh", "amp", "XwzxhzdkX", "klzzwxh:0", "A\x02B", "A\x03", "\x02wzxhzdk:0\x03",
         "AB\x1b", "amp CV"]
BUENAS = ["AMP", "Camp", "CV-INE", "SIVOPLE", "0", "IEM/INE"]


@pytest.mark.parametrize("sigla", MALAS, ids=[repr(s) for s in MALAS])
def test_esquema_rechaza_sigla_de_glosario(tmp_path, sigla):
    root = manual_copy(tmp_path)
    path = root / "glosario.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"  - termino: {json.dumps(sigla)}\n"
                    "    definicion: Marcador.\n    sigla: true\n", encoding="utf-8")
    report = check(root)
    esq = [p for p in report.problems if p.rule == "ESQ004" and p.location.file.endswith("glosario.yaml")]
    assert [(p.location.line, p.location.column) for p in esq] == [(line_of(path, "definicion: Marcador.") - 1, 5)], \
        [str(p) for p in report.problems]
    assert "\x02" not in esq[0].message and "\x1b" not in esq[0].message


@pytest.mark.parametrize("sigla", MALAS[:4] + ["A\x02B"])
def test_esquema_rechaza_siglas_de_rol(tmp_path, sigla):
    root = manual_copy(tmp_path)
    path = root / "roles.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - id: R-MARCA\n    nombre: Rol\n    tipo: persona\n"
                    f"    siglas: {json.dumps(sigla)}\n    definido_en_manual: true\n", encoding="utf-8")
    report = check(root)
    esq = [(p.location.line, p.location.column) for p in report.problems
           if p.rule == "ESQ004" and p.location.file.endswith("roles.yaml")]
    assert esq == [(line_of(path, "siglas: " + json.dumps(sigla)), 5)]


@pytest.mark.parametrize("sigla", BUENAS)
def test_siglas_normales_pasan(sigla):
    assert schema.is_acronym_safe(sigla)
    assert schema._FAST_CHECKS["acronym"](sigla)


# --- el paso de siglas, aunque llegara una sigla así (p. ej. desde la configuración) -------

EXTENSIONES = ["tables", "attr_list", "md_in_html", "admonition", "toc", "pymdownx.superfences"]


def _html(texto: str, glosario: dict) -> str:
    """Como mkdocs.yml: los flujogramas son bloques ``mermaid`` de superfences (HTML guardado)."""
    from mermaid2 import fence_mermaid_custom

    fences = {"custom_fences": [{"name": "mermaid", "class": "mermaid", "format": fence_mermaid_custom}]}
    return markdown.markdown(texto, extensions=[SiglasExtension(glossary=glosario), *EXTENSIONES],
                             extension_configs={"pymdownx.superfences": fences})


GLOSARIO_HOSTIL = {"wzxhzdk": "marcador", "klzzwxh": "en línea", "hzzhzkh": "etiqueta", "amp": "entidad",
                   "0": "cero", "1": "uno", "lt": "menor", "x": "equis"}


def test_paginas_reales_no_pierden_html_ni_dejan_bytes_de_control():
    """Cada página del manual mínimo, con y sin el glosario hostil: el mismo HTML salvo las
    etiquetas <abbr>, ningún \\x02/\\x03, los mismos flujogramas e insignias."""
    site = site_state.build(str(MINIMO))
    assert not site.report.blocking
    vistas = 0
    for uri in site.pages:
        if uri.startswith("descargas/"):
            continue
        fuente = site.render(uri)
        normal = _html(fuente, {"CV-INE": "Coordinación"})
        hostil = _html(fuente, GLOSARIO_HOSTIL)
        assert "\x02" not in hostil and "\x03" not in hostil, uri
        sin_abbr = re.sub(r"</?abbr[^>]*>", "", hostil)
        assert sin_abbr == re.sub(r"</?abbr[^>]*>", "", normal), uri
        vistas += fuente.count("```mermaid") + fuente.count("<span")
    assert vistas, "las páginas deben tener flujogramas o HTML crudo"


def test_marcadores_de_todo_tipo():
    texto = ('Texto <span class="insignia">HTML</span> &lt;b&gt; &amp; 0 1 x.\n\n'
             '<div markdown="0">bloque 0</div>\n\n```mermaid\nflowchart TD\n  s1["x"]\n```\n')
    html = _html(texto, GLOSARIO_HOSTIL)
    assert "\x02" not in html and "\x03" not in html
    assert '<span class="insignia">HTML</span>' in html
    assert "&lt;b&gt; &amp;" in html
    assert '<div markdown="0">bloque 0</div>' in html or "<div>bloque 0</div>" in html
    assert 'class="mermaid"' in html
    assert '<abbr title="cero">0</abbr>' in html and '<abbr title="equis">x</abbr>' in html


# --- el énfasis ya no se restaura después de escapar ----------------------------------------

PLANTILLA = "{m}<br>**{m}** {m} *{m}*\n\n| a |\n| - |\n| {m}<br>**{m}** |\n"


@pytest.mark.parametrize("texto", ["`*|", "<*`", "***&***.", "-*([**<*", "*** #`***(", "***[&***#!\\",
                                   "#*> ***.[", "*x`", "a*b`c"])
def test_estrellas_sueltas_no_rompen_los_marcadores(texto):
    """Hallado por test_propiedad_salidas: los «*» desescapados tras escapar se emparejaban con
    los «**» de las plantillas y Python-Markdown dejaba «klzzwxh:0003\\x03» en la página."""
    from macros.escape import md_text
    html = markdown.markdown(PLANTILLA.format(m=md_text(texto)), extensions=EXTENSIONES)
    assert "\x02" not in html and "\x03" not in html and "klzzwxh" not in html, html


def test_el_enfasis_sigue_funcionando():
    from macros.escape import md_text
    assert md_text("a *b c* d **e** f 7*7") == "a <em>b c</em> d <strong>e</strong> f 7\\*7"
    html = markdown.markdown(PLANTILLA.format(m=md_text("*uno* y **dos**")), extensions=EXTENSIONES)
    assert "<em>uno</em>" in html and "<strong>dos</strong>" in html and "\x03" not in html
