"""PRC006: a procedure has a risk assessment, its own or its coordination's (warning)."""
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure

STEP = "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}"
RISK = """
  - id: R-X-01
    descripcion: Riesgo
    probabilidad: 1
    impacto: 2
    nivel: 2
"""



def test_no_risks_anywhere_warns(tmp_path):
    root = manual_copy(tmp_path)       # minimo: CV-INE has riesgos: []
    path = procedure(root, "CV-09", STEP)
    [problem] = findings(root, "PRC006", "CV-09")
    assert problem.location.line == line_of(path, "riesgos:")
    assert problem.severity is Severity.WARNING


def test_coordination_risks_count_for_its_procedures(tmp_path):
    root = manual_copy(tmp_path)
    coord = root / "coordinaciones" / "CV-INE.yaml"
    coord.write_text(coord.read_text(encoding="utf-8").replace("riesgos: []", "riesgos:" + RISK),
                     encoding="utf-8")
    procedure(root, "CV-09", STEP)
    assert findings(root, "PRC006", "CV-09") == []


def test_own_risks_pass(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEP)
    path.write_text(path.read_text(encoding="utf-8").replace("riesgos: []", "riesgos:" + RISK),
                    encoding="utf-8")
    assert findings(root, "PRC006", "CV-09") == []
