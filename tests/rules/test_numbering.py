"""NUM001: step numbers are 1, 2, 3… without gaps, duplicates or disorder."""
import pytest

from checks.config import RuleSetting, default_settings
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure


def steps(*numbers):
    return "\n".join(f"- {{cvo: {n}, accion: Paso {i}, responsables: [CV-INE], salidas: [Oficio]}}"
                     for i, n in enumerate(numbers))



def test_consecutive_numbers_pass(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", steps(1, 2, 3, 4))
    assert findings(root, "NUM001") == []


@pytest.mark.parametrize("numbers, bad", [
    ((1, 2, 5, 6), [(2, 5)]),            # gap: only the step after the hole
    ((1, 2, 2, 3), [(2, 2)]),            # duplicate
    ((1, 3, 2, 4), [(1, 3), (2, 2)]),    # gap then out of order
    ((2, 3, 4), [(0, 2)]),               # does not start at 1
])
def test_bad_numbering_is_reported_at_the_offending_cvo(tmp_path, numbers, bad):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", steps(*numbers))
    got = [(p.location.line, p.location.column, p.step) for p in findings(root, "NUM001")]
    expected = [(line_of(path, f"accion: Paso {index},"), 6, cvo) for index, cvo in bad]   # the cvo key
    assert got == expected
    assert all(p.blocking for p in findings(root, "NUM001"))


def test_start_option(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", steps(0, 1, 2))
    settings = default_settings()
    assert len([p for p in findings(root, "NUM001", settings=settings) if p.subject == "CV-09"]) == 1
    settings["NUM001"] = RuleSetting(True, Severity.ERROR, {"inicio": 0})
    assert [p for p in findings(root, "NUM001", settings=settings) if p.subject == "CV-09"] == []
