"""PRC003: every step should have at least one input (warning)."""
import pytest

from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure



def test_step_with_inputs_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 1, accion: A, responsables: [CV-INE], insumos: [Oficio], salidas: [Acuse]}")
    assert findings(root, "PRC003", "CV-09") == []


@pytest.mark.parametrize("inputs", ['insumos: ["N/A"]', "insumos: []", "insumos:"])
def test_empty_or_placeholder_inputs_warn_at_the_key(tmp_path, inputs):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          {inputs}
          salidas: [Acuse]
    """)
    [problem] = findings(root, "PRC003", "CV-09")
    assert (problem.location.line, problem.location.column, problem.step) == (line_of(path, "insumos:"), 5, 1)
    assert problem.severity is Severity.WARNING
    assert not problem.blocking


def test_missing_key_warns_at_the_step(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Acuse]}")
    [problem] = findings(root, "PRC003", "CV-09")
    assert (problem.location.line, problem.location.column) == (line_of(path, "- {cvo: 1"), 5)
