"""REF004: a procedure's area is an existing coordination."""
from tests.common import findings, line_of, manual_copy, write

BODY = """
    id: CV-09
    area: {area}
    nombre: P
    descripcion: ""
    riesgos: []
    pasos:
      - {{cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}}
"""



def test_existing_area_passes(tmp_path):
    root = manual_copy(tmp_path)
    write(root, "procedimientos/CV-09.yaml", BODY.format(area="CV-INE"))
    assert findings(root, "REF004") == []


def test_unknown_area_fails_with_suggestion(tmp_path):
    root = manual_copy(tmp_path)
    path = write(root, "procedimientos/CV-09.yaml", BODY.format(area="CV-IN"))
    [problem] = findings(root, "REF004")
    assert problem.subject == "CV-09"
    assert (problem.location.line, problem.location.column) == (line_of(path, "area:"), 1)
    assert "CV-INE" in problem.message
