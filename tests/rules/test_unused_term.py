"""GLO002: glossary terms are used somewhere outside the glossary (warning)."""
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure, write

GLOSSARY = """
    terminos:
      - {termino: SIVOPLE, definicion: Sistema., sigla: true}
      - {termino: Órgano de Enlace, definicion: La Dirección., sigla: false}
      - {termino: TV-INE, definicion: Técnico., sigla: true, rol: TV-INE}
      - {termino: SIISPEN, definicion: Sistema del SPEN., sigla: true}
"""



def test_used_terms_pass(tmp_path):
    root = manual_copy(tmp_path)
    write(root, "glosario.yaml", GLOSSARY)
    # SIVOPLE in text, «organo de enlace» without accents/case, TV-INE as a role, SIISPEN as input.
    procedure(root, "CV-09", "- {cvo: 1, accion: Carga en SIVOPLE para el organo de enlace, "
                             "responsables: [TV-INE], insumos: [Reporte SIISPEN], salidas: [Oficio]}")
    assert findings(root, "GLO002") == []


def test_unused_term_warns_at_the_term(tmp_path):
    root = manual_copy(tmp_path)
    path = write(root, "glosario.yaml", GLOSSARY)
    # SIISPENX is not SIISPEN (whole words only).
    procedure(root, "CV-09", "- {cvo: 1, accion: Carga en SIVOPLE por el Órgano de Enlace y SIISPENX, "
                             "responsables: [TV-INE], salidas: [Oficio]}")
    [problem] = findings(root, "GLO002")
    assert problem.subject == "glosario"
    assert problem.location.line == line_of(path, "SIISPEN,")
    assert problem.severity is Severity.WARNING
