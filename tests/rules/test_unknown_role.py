"""REF001: every role id named anywhere exists in roles.yaml."""
from tests.common import findings, line_of, manual_copy, procedure, write



def test_known_roles_pass(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - {cvo: 1, accion: A, responsables: [CV-INE, TV-INE], salidas: [Oficio]}
    """)
    assert findings(root, "REF001") == []


def test_unknown_step_role_fails_with_position_and_suggestion(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables:
            - CV-INE
            - TVINE
          salidas: [Oficio]
    """)
    [problem] = findings(root, "REF001")
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert (problem.location.line, problem.location.column) == (line_of(path, "- TVINE"), 9)
    assert "TV-INE" in problem.message          # the suggestion names the closest id
    assert problem.blocking


def test_unknown_role_in_coordination_lane_and_exception(tmp_path):
    root = manual_copy(tmp_path)
    coord = root / "coordinaciones" / "CV-INE.yaml"
    coord.write_text(coord.read_text(encoding="utf-8").replace("rol: CV-INE", "rol: CVINE"), encoding="utf-8")
    path = procedure(root, "CV-09", """
        - {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}
    """, extra="""
        flujograma:
          carriles:
            - rol: NADIE
              actividades: [A]
    """)
    write(root, "excepciones.yaml", """
        excepciones:
          - {regla: PRC003, objeto: CV-09, paso: 1, motivo: x, resuelve: FANTASMA, vence: "2999-01-01"}
    """)
    got = {(p.subject, p.location.file.rsplit("/", 1)[-1], p.location.line) for p in findings(root, "REF001")}
    assert got == {
        ("CV-INE", "CV-INE.yaml", line_of(coord, "rol: CVINE")),
        ("CV-09", "CV-09.yaml", line_of(path, "rol: NADIE")),
        ("excepciones", "excepciones.yaml", 2),
    }
