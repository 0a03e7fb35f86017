"""PRC002: every step produces an output; "N/A"-like placeholders count as none."""
import datetime as dt

import pytest

from checks import check
from tests.common import findings, line_of, manual_copy, procedure



def test_passes_with_a_real_output(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          salidas: ["N/A", Oficio]
    """)
    assert findings(root, "PRC002") == []


@pytest.mark.parametrize("outputs", ['salidas: ["N/A"]', "salidas: [NA]", "salidas: [n/a]", 'salidas: ["-"]',
                                     'salidas: ["—"]', "salidas: [Ninguno]", "salidas: [Ninguna]",
                                     'salidas: [""]', "salidas: []", "salidas:", 'salidas: ["  N/A. "]'])
def test_fails_on_placeholder_outputs(tmp_path, outputs):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          {outputs}
    """)
    [problem] = findings(root, "PRC002")
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert problem.location.line == line_of(path, "salidas")
    assert problem.blocking


def test_expired_exception_no_longer_covers(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          salidas: ["N/A"]
    """)
    (root / "excepciones.yaml").write_text(
        "excepciones:\n  - regla: PRC002\n    objeto: CV-09\n    paso: 1\n    motivo: prueba\n"
        "    resuelve: CV-INE\n    vence: '2027-06-30'\n", encoding="utf-8")
    assert findings(root, "PRC002", today=dt.date(2027, 6, 30))[0].excepted
    report = check(root, today=dt.date(2027, 7, 1))
    assert [p.rule for p in report.blocking] == ["EXC001", "PRC002"]


def test_unused_exception_is_a_warning(tmp_path):
    root = manual_copy(tmp_path)
    (root / "excepciones.yaml").write_text(
        "excepciones:\n  - regla: PRC002\n    objeto: CV-02\n    paso: 9\n    motivo: prueba\n"
        "    resuelve: CV-INE\n    vence: '2999-01-01'\n", encoding="utf-8")
    [problem] = [p for p in check(root).problems if p.rule == "EXC002"]
    assert problem.severity.label == "advertencia"
    assert problem.location.line == 2
