"""DOC001: a consumed document comes from an earlier step or is declared external."""
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure

STEPS = """
    - cvo: 1
      accion: A
      responsables: [CV-INE]
      insumos: [Oficio]
      salidas: [Tarjeta informativa]
    - cvo: 2
      accion: B
      responsables: [CV-INE]
      insumos:
        - N/A
        - Tarjeta Informativa
        - {second}
      salidas: [Acuse]
"""



def test_produced_or_external_documents_pass(tmp_path):
    root = manual_copy(tmp_path)
    # "Tarjeta Informativa" matches "Tarjeta informativa" (case), "oficio" matches "Oficio".
    procedure(root, "CV-09", STEPS.format(second="oficio"), extra="documentos_externos: [Oficio]")
    assert findings(root, "DOC001", "CV-09") == []


def test_unproduced_documents_warn_at_each_item(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", STEPS.format(second="Tarjeta de seguimiento"))
    got = [(p.step, p.location.line, p.location.column) for p in findings(root, "DOC001", "CV-09")]
    assert got == [(1, line_of(path, "insumos: [Oficio]"), 15),
                   (2, line_of(path, "- Tarjeta de seguimiento"), 9)]
    assert {p.severity for p in findings(root, "DOC001", "CV-09")} == {Severity.WARNING}


def test_a_later_output_does_not_count(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - {cvo: 1, accion: A, responsables: [CV-INE], insumos: [Acuse], salidas: [Oficio]}
        - {cvo: 2, accion: B, responsables: [CV-INE], insumos: [Oficio], salidas: [Acuse]}
    """)
    assert [p.step for p in findings(root, "DOC001", "CV-09")] == [1]
