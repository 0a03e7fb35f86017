"""Cerberus schemas: structural errors become Spanish problems at file:line:column."""
import pytest

from checks import check
from checks.loader import load_text
from checks.schema import validate
from tests.common import line_of, manual_copy, procedure, write

GOOD_STEP = """
- cvo: 1
  accion: Hacer algo
  responsables: [CV-INE]
  insumos: [Oficio]
  salidas: [Oficio de respuesta]
"""


def problems_of(text: str, kind: str = "procedimiento"):
    return validate(load_text(text, "p.yaml"), kind)


def test_valid_procedure_has_no_schema_problems(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", GOOD_STEP)
    report = check(root)
    assert [p for p in report.problems if p.rule.startswith(("ESQ", "YAML", "ARCH"))] == []
    assert "CV-09" in report.manual.procedures


def test_unknown_key_has_position_and_suggestion(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: Hacer algo
          responsable: [CV-INE]
          salidas: [Oficio]
    """)
    [problem] = [p for p in check(root).problems if p.rule == "ESQ002"]
    assert problem.location.file.endswith("procedimientos/CV-09.yaml")
    assert problem.location.line == line_of(path, "responsable:")
    assert problem.location.column == 5
    assert "«responsables»" in problem.message          # the suggestion names the right key


def test_missing_required_key_points_at_parent():
    [problem] = problems_of("id: X-1\narea: CV-INE\nnombre: N\ndescripcion: ''\nriesgos: []\n"
                            "pasos:\n  - cvo: 1\n    responsables: [A]\n")
    assert problem.rule == "ESQ001"
    assert (problem.location.line, problem.location.column) == (7, 5)


@pytest.mark.parametrize("snippet, rule", [
    ("  - cvo: uno\n    accion: A\n", "ESQ003"),                  # cvo must be an integer
    ("  - cvo: 1\n    accion: A\n    salidas: N/A\n", "ESQ003"),    # a list is required
    ("  - cvo: 1\n    accion: ''\n", "ESQ004"),                   # empty action
    ("  - cvo: 1\n    accion: A\n    responsables: [CV INE]\n", "ESQ004"),   # id format
    ("  - cvo: 1\n    accion: A\n    responsables: No\n", "ESQ003"),  # YAML 1.1 'No' stays text
])
def test_step_type_errors(snippet, rule):
    text = "id: X-1\narea: CV-INE\nnombre: N\ndescripcion: ''\nriesgos: []\npasos:\n" + snippet
    rules = [p.rule for p in problems_of(text)]
    assert rules == [rule]


def test_risk_treatment_value_with_suggestion():
    text = ("id: X-1\narea: CV-INE\nnombre: N\ndescripcion: ''\npasos: []\n"
            "riesgos:\n  - id: R-1\n    tratamiento: [reduci]\n")
    [problem] = problems_of(text)
    assert problem.rule == "ESQ004"
    assert (problem.location.line, problem.location.column) == (8, 19)
    assert "«reducir»" in problem.message


def test_whole_file_must_be_a_mapping():
    [problem] = problems_of("- a\n- b\n")
    assert problem.rule == "ESQ003"


def test_exception_dates_must_be_iso(tmp_path):
    root = manual_copy(tmp_path)
    path = write(root, "excepciones.yaml", """
        excepciones:
          - regla: PRC002
            objeto: CV-02
            paso: 1
            motivo: prueba
            resuelve: CV-INE
            vence: 30/06/2027
    """)
    [problem] = [p for p in check(root).problems if p.rule.startswith("ESQ")]
    assert problem.rule == "ESQ004"
    assert problem.location.line == line_of(path, "vence:")


def test_filename_must_match_id(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", GOOD_STEP)
    path.rename(path.with_name("otro.yaml"))
    structural = [p.rule for p in check(root).problems if p.rule.startswith(("ARCH", "ESQ", "YAML"))]
    assert structural == ["ARCH004"]


def test_duplicate_role_id(tmp_path):
    root = manual_copy(tmp_path)
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + (
        "  - id: CV-INE\n    nombre: Otra\n    tipo: unidad\n    definido_en_manual: false\n"), encoding="utf-8")
    problems = [p for p in check(root).problems if p.rule == "ARCH005"]
    assert len(problems) == 1
    assert problems[0].location.line == line_of(roles, "- id: CV-INE", occurrence=2)
