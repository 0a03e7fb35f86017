"""RSK001: probability and impact present and on the scale; level = probability × impact."""
import pytest

from checks import check
from tests.common import findings, line_of, manual_copy, procedure

STEP = "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}"


def with_risk(tmp_path, p, i, n, reassessment=""):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEP)
    risk = (f"riesgos:\n  - id: R-X-01\n    descripcion: Riesgo\n    probabilidad: {p}\n"
            f"    impacto: {i}\n    nivel: {n}\n{reassessment}")
    path.write_text(path.read_text(encoding="utf-8").replace("riesgos: []\n", risk), encoding="utf-8")
    return root, path


def located(root):
    """RSK001 findings as (line, subject, risk)."""
    return [(p.location.line, p.subject, p.risk) for p in findings(root, "RSK001")]


def test_consistent_risk_passes(tmp_path):
    root, _ = with_risk(tmp_path, 2, 3, 6, "    revaloracion: {probabilidad: 1, impacto: 3, nivel: 3}\n")
    assert located(root) == []


@pytest.mark.parametrize("p, i, n, key", [
    (2, 3, 5, "nivel:"),           # 2 × 3 ≠ 5
    ("null", 3, 3, "probabilidad:"),
    (1, "null", "null", "impacto:"),
    (2, 4, 8, "impacto:"),         # outside 1–3
    (2, 3, "null", "nivel:"),      # level missing although computable
])
def test_inconsistent_risk_fails_at_the_value(tmp_path, p, i, n, key):
    root, path = with_risk(tmp_path, p, i, n)
    assert located(root) == [(line_of(path, key), "CV-09", "R-X-01")]
    assert all(x.blocking for x in check(root).problems if x.rule == "RSK001")


def test_reassessment_is_checked_too(tmp_path):
    root, path = with_risk(tmp_path, 1, 1, 1, "    revaloracion:\n      probabilidad: 2\n      impacto: 2\n"
                                              "      nivel: 2\n")
    assert located(root) == [(line_of(path, "nivel: 2"), "CV-09", "R-X-01")]


def test_coordination_risks_are_checked(tmp_path):
    root = manual_copy(tmp_path)
    coord = root / "coordinaciones" / "CV-INE.yaml"
    coord.write_text(coord.read_text(encoding="utf-8").replace(
        "riesgos: []", "riesgos:\n  - {id: R-C-01, probabilidad: 3, impacto: 3, nivel: 6}"), encoding="utf-8")
    assert located(root) == [(line_of(coord, "R-C-01"), "CV-INE", "R-C-01")]
