"""REF002: every cited norm exists in normativa.yaml."""
from tests.common import findings, line_of, manual_copy, procedure

STEP = "- {cvo: 1, accion: A, responsables: [CV-INE], salidas: [Oficio]}"



def test_known_norm_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", STEP, extra="normativa: [CPEUM]")
    assert findings(root, "REF002") == []


def test_unknown_norm_fails_at_the_item_with_suggestion(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEP, extra="""
        normativa:
          - CPEUM
          - CPEM
    """)
    [problem] = findings(root, "REF002")
    assert problem.subject == "CV-09"
    assert (problem.location.line, problem.location.column) == (line_of(path, "- CPEM"), 5)
    assert "CPEUM" in problem.message
    assert problem.blocking
