"""PRC001: every step names a responsible party."""
import pytest

from checks import check
from tests.common import findings, line_of, manual_copy, procedure



def test_passes_when_every_step_has_an_owner(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables: [CV-INE, TV-INE]
          salidas: [Oficio]
    """)
    assert findings(root, "PRC001") == []


@pytest.mark.parametrize("owners", ["responsables: []", "responsables:"])
def test_fails_on_empty_or_placeholder_owner(tmp_path, owners):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          salidas: [Oficio]
        - cvo: 2
          accion: B
          {owners}
          salidas: [Oficio]
    """)
    [problem] = findings(root, "PRC001")
    assert (problem.subject, problem.step) == ("CV-09", 2)
    assert problem.location.line == line_of(path, "responsables", occurrence=2)
    assert problem.blocking


def test_fails_at_step_line_when_key_is_missing(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          salidas: [Oficio]
    """)
    [problem] = findings(root, "PRC001")
    assert (problem.location.line, problem.location.column) == (line_of(path, "- cvo: 1"), 5)


def test_exception_covers_the_finding_but_keeps_it_visible(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          salidas: [Oficio]
    """)
    (root / "excepciones.yaml").write_text(
        "excepciones:\n  - regla: PRC001\n    objeto: CV-09\n    paso: 1\n    motivo: prueba\n"
        "    resuelve: CV-INE\n    vence: '2999-12-31'\n", encoding="utf-8")
    [problem] = findings(root, "PRC001")
    assert problem.excepted and not problem.blocking


def test_placeholder_owner_is_not_a_role_id(tmp_path):
    """``N/A`` is not a role id: the schema already blocks it, at the item's position."""
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables: ["N/A"]
          salidas: [Oficio]
    """)
    [problem] = check(root).blocking
    assert problem.rule == "ESQ004"
    assert problem.location.line == line_of(path, "responsables")
