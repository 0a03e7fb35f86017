"""VIG001: the review date (vigencia) has not passed (warning)."""
import datetime as dt

from checks.config import RuleSetting, default_settings
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure

STEP = "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}"



def test_future_date_passes_and_past_date_warns(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEP, extra='vigencia: "2026-03-31"')
    assert findings(root, "VIG001", today=dt.date(2026, 3, 31)) == []
    [problem] = findings(root, "VIG001", today=dt.date(2026, 4, 1))
    assert (problem.subject, problem.location.line) == ("CV-09", line_of(path, "vigencia:"))
    assert problem.severity is Severity.WARNING


def test_manual_review_date_and_notice_option(tmp_path):
    root = manual_copy(tmp_path)
    manual = root / "manual.yaml"
    manual.write_text(manual.read_text(encoding="utf-8")
                      + 'control:\n  estado: borrador\n  proxima_revision: "2026-03-31"\n', encoding="utf-8")
    assert findings(root, "VIG001", today=dt.date(2026, 3, 1)) == []
    settings = default_settings()
    settings["VIG001"] = RuleSetting(True, Severity.WARNING, {"dias_aviso": 30})
    [problem] = findings(root, "VIG001", today=dt.date(2026, 3, 1), settings=settings)
    assert (problem.subject, problem.location.line) == ("manual", line_of(manual, "proxima_revision:"))
