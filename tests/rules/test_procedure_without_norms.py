"""PRC005: a procedure cites its normative basis (warning)."""
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure

STEP = "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}"



def test_norms_pass(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", STEP, extra="normativa: [CPEUM]")
    assert findings(root, "PRC005", "CV-09") == []


def test_empty_norms_warn_at_the_key(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEP, extra="normativa: []")
    [problem] = findings(root, "PRC005", "CV-09")
    assert problem.location.line == line_of(path, "normativa:")
    assert problem.severity is Severity.WARNING
