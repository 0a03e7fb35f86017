"""CAT001: every role of roles.yaml is used somewhere (warning)."""
from checks.problem import Severity
from tests.common import findings, line_of, manual_copy, procedure



def test_all_roles_used_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 1, accion: A, responsables: [DEVySPE, DIRECCION], salidas: [Oficio]}")
    assert findings(root, "CAT001") == []


def test_unused_role_warns_at_its_id(tmp_path):
    root = manual_copy(tmp_path)
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8")
                     + "  - id: ARCHIVO\n    nombre: Archivo\n    tipo: unidad\n    definido_en_manual: false\n",
                     encoding="utf-8")
    procedure(root, "CV-09", "- {cvo: 1, accion: A, responsables: [DEVySPE], salidas: [Oficio]}")
    [problem] = findings(root, "CAT001")
    assert problem.subject == "roles"
    assert (problem.location.line, problem.location.column) == (line_of(roles, "id: ARCHIVO"), 5)
    assert problem.severity is Severity.WARNING


def test_glossary_mention_is_not_use(tmp_path):
    root = manual_copy(tmp_path)     # minimo: DEVySPE is only in roles.yaml
    glossary = root / "glosario.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + "  - termino: DEVySPE\n    definicion: Titular.\n    sigla: true\n    rol: DEVySPE\n",
                        encoding="utf-8")
    assert [p.location.line for p in findings(root, "CAT001")] == [line_of(root / "roles.yaml", "id: DEVySPE")]
