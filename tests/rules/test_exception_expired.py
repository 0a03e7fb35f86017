"""EXC001: an expired exception is an error and no longer covers its finding."""
import datetime as dt

from checks import check
from tests.common import line_of, manual_copy, procedure, write


def setup(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}")
    path = write(root, "excepciones.yaml", """
        excepciones:
          - regla: PRC003
            objeto: CV-09
            paso: 1
            motivo: El manual no registra insumos.
            resuelve: CV-INE
            vence: "2027-06-30"
    """)
    return root, path


def test_valid_exception_covers(tmp_path):
    root, _ = setup(tmp_path)
    report = check(root, today=dt.date(2027, 6, 30))
    assert [p.rule for p in report.problems if p.rule.startswith("EXC")] == []
    assert [p.excepted for p in report.problems if p.rule == "PRC003" and p.subject == "CV-09"] == [True]


def test_expired_exception_is_an_error_at_vence(tmp_path):
    root, path = setup(tmp_path)
    report = check(root, today=dt.date(2027, 7, 1))
    [problem] = [p for p in report.problems if p.rule == "EXC001"]
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert problem.location.line == line_of(path, "vence:")
    assert problem.blocking
    assert [p.excepted for p in report.problems if p.rule == "PRC003" and p.subject == "CV-09"] == [False]
    assert [p for p in report.problems if p.rule == "EXC002"] == []
