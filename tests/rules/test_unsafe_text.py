"""SEC001: no raw HTML, template delimiters or javascript:/data: links in any text."""
import pytest

from tests.common import findings, line_of, manual_copy, procedure, write



def test_plain_text_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 1, accion: 'Publicar: menos de 5 días (a < b no es etiqueta)', "
                             "responsables: [CV-INE], salidas: [Oficio]}")
    assert findings(root, "SEC001") == []


@pytest.mark.parametrize("text", [
    "<b>Publicar</b>", "<script>alert(1)</script>", "<!-- x -->", "{{ 7*7 }}", "{% if x %}", "{# c #}",
    "[ver](javascript:alert(1))", "DATA:text/html;base64,x", "vbscript:x",
])
def test_unsafe_step_text_fails_at_its_position(tmp_path, text):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: Publicar
          responsables: [CV-INE]
          salidas: [Oficio]
          nota: '{text}'
    """)
    [problem] = findings(root, "SEC001")
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert (problem.location.line, problem.location.column) == (line_of(path, "nota:"), 5)
    assert problem.blocking


def test_every_file_is_scanned(tmp_path):
    root = manual_copy(tmp_path)
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "tipo: persona\n    siglas: TV-INE", "tipo: persona\n    nota: '<img src=x onerror=alert(1)>'\n    siglas: TV-INE"),
        encoding="utf-8")
    glossary = write(root, "glosario.yaml", """
        terminos:
          - termino: SIVOPLE
            definicion: "{{ cycler.__init__.__globals__.os.getcwd() }}"
            sigla: true
    """)
    got = {(p.subject, p.location.file.rsplit("/", 1)[-1], p.location.line) for p in findings(root, "SEC001")}
    assert got == {("roles", "roles.yaml", line_of(roles, "onerror")),
                   ("glosario", "glosario.yaml", line_of(glossary, "definicion:"))}
