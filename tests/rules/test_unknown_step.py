"""REF003: a decision option leads to an existing step."""
from tests.common import findings, line_of, manual_copy, procedure


def steps(target):
    return f"""
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          salidas: [Oficio]
          decision:
            pregunta: ¿Procede?
            opciones:
              - etiqueta: "Sí"
                ir_a: 2
              - etiqueta: "No"
                ir_a: {target}
        - {{cvo: 2, accion: B, responsables: [CV-INE], salidas: [Oficio]}}
    """



def test_existing_target_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", steps(1))
    assert findings(root, "REF003") == []


def test_missing_target_fails_at_ir_a(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", steps(7))
    [problem] = findings(root, "REF003")
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert (problem.location.line, problem.location.column) == (line_of(path, "ir_a: 7"), 11)
    assert problem.blocking
