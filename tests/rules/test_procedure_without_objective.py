"""PRC004: a procedure declares its objective (warning)."""
import pytest

from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure

STEP = "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}"



def test_objective_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", STEP, extra="objetivo: Notificar a tiempo.")
    assert findings(root, "PRC004", "CV-09") == []


@pytest.mark.parametrize("extra, needle", [("", "id: CV-09"), ('objetivo: "  "', "objetivo:")])
def test_missing_or_blank_objective_warns(tmp_path, extra, needle):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEP, extra=extra)
    [problem] = findings(root, "PRC004", "CV-09")
    assert problem.location.line == line_of(path, needle)
    assert problem.severity is Severity.WARNING
