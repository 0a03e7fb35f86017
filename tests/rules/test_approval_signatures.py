"""VER001: an approved version has every signature and its approval date recorded (error)."""
import datetime as dt

from checks.problem import Severity
from tests.common import findings as _findings
from tests.common import line_of, manual_copy

TODAY = dt.date(2026, 1, 1)


def findings(root):
    return _findings(root, "VER001", today=TODAY)


def _control(root, estado, fecha_aprobacion, signed, fecha_firma):
    manual = root / "manual.yaml"
    fecha = f'"{fecha_aprobacion}"' if fecha_aprobacion else "null"
    fecha_f = f'"{fecha_firma}"' if fecha_firma else "null"
    manual.write_text(manual.read_text(encoding="utf-8") + f"""\
control:
  estado: {estado}
  fecha_aprobacion: {fecha}
firmas:
  - tipo: validacion
    titulo: VALIDACIÓN DEL MANUAL
    firmantes:
      - nombre: Lic. Persona Uno
        puesto: Director Ejecutivo
        rol: DEVySPE
        firmado: {'true' if signed else 'false'}
        fecha: {fecha_f}
""", encoding="utf-8")
    return manual


def test_approved_with_every_signature_passes(tmp_path):
    root = manual_copy(tmp_path)
    _control(root, "aprobado", "2025-05-10", True, "2025-05-09")
    assert findings(root) == []


def test_draft_may_have_pending_signatures(tmp_path):
    root = manual_copy(tmp_path)
    _control(root, "borrador", None, False, None)
    assert findings(root) == []


def test_approved_without_signature_or_date_fails_at_each_place(tmp_path):
    root = manual_copy(tmp_path)
    manual = _control(root, "aprobado", None, False, None)
    problems = findings(root)
    assert sorted(p.location.line for p in problems) == [line_of(manual, "estado:"), line_of(manual, "firmado:")]
    assert all(p.severity is Severity.ERROR and p.subject == "manual" for p in problems)
    assert any("Lic. Persona Uno" in p.message for p in problems)


def test_signed_without_date_fails(tmp_path):
    root = manual_copy(tmp_path)
    manual = _control(root, "aprobado", "2025-05-10", True, None)
    [problem] = findings(root)
    assert problem.location.line == line_of(manual, "firmado:")
    assert "fecha" in problem.message
