"""EXC002: a valid exception that matches no finding is reported (warning)."""
import datetime as dt

from checks import check
from checks.config import RuleSetting, default_settings
from checks.problem import Severity
from tests.common import manual_copy, procedure, write

TODAY = dt.date(2026, 1, 1)


def setup(tmp_path, rule="PRC002", step=1):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - {cvo: 1, accion: A, responsables: [CV-INE], insumos: [Oficio], salidas: ["N/A"]}
        - {cvo: 2, accion: B, responsables: [CV-INE], insumos: [Oficio], salidas: [Acuse]}
    """)
    write(root, "excepciones.yaml", f"""
        excepciones:
          - regla: PRC002
            objeto: CV-09
            paso: 1
            motivo: El manual registra N/A.
            resuelve: CV-INE
            vence: "2027-06-30"
          - regla: {rule}
            objeto: CV-09
            paso: {step}
            motivo: Otra.
            resuelve: CV-INE
            vence: "2027-06-30"
    """)
    return root


def unused(report):
    return [(p.location.line, p.subject, p.step) for p in report.problems if p.rule == "EXC002"]


def test_matching_exceptions_pass(tmp_path):
    root = setup(tmp_path, rule="PRC002", step=1)
    assert unused(check(root, today=TODAY)) == []


def test_exception_for_a_fixed_step_warns_at_its_entry(tmp_path):
    root = setup(tmp_path, step=2)
    report = check(root, today=TODAY)
    assert unused(report) == [(8, "CV-09", 2)]
    assert [p.severity for p in report.problems if p.rule == "EXC002"] == [Severity.WARNING]


def test_exception_to_unknown_or_disabled_rule_warns(tmp_path):
    root = setup(tmp_path, rule="PRC02")
    assert unused(check(root, today=TODAY)) == [(8, "CV-09", 1)]
    root2 = setup(tmp_path / "b", rule="PRC003")
    settings = default_settings()
    settings["PRC003"] = RuleSetting(False, Severity.WARNING, {})
    assert unused(check(root2, today=TODAY, settings=settings)) == [(8, "CV-09", 1)]
