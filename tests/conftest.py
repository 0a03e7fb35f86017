"""Shared pytest fixtures. Each fixture is named after what it builds; add yours below."""
from __future__ import annotations

import shutil

import pytest

from tests.common import MINIMO, BuiltSite, build_site

# --- sitio_minimo / sitio_ampliado (tests/test_pages.py) -------------------------------

# A fourth procedure added to a copy of the minimal manual: a decision, a shared step,
# documents, a norm, risks (one with incomplete data, excepted) and accented words.
CV03 = """\
id: CV-03
area: CV-INE
nombre: Evaluación de solicitudes de la Comisión
descripcion: Procedimiento de prueba para la evaluación de solicitudes.
objetivo: Atender en tiempo las solicitudes.
normativa: [CPEUM]
documentos_externos: [Solicitud externa]
pasos:
  - cvo: 1
    accion: Recepción de la solicitud de evaluación.
    responsables: [DIRECCION]
    insumos: [Solicitud externa]
    salidas: [Registro de solicitud]
  - cvo: 2
    accion: Revisión conjunta de la solicitud.
    responsables: [CV-INE, TV-INE]
    insumos: [Registro de solicitud]
    salidas: [Dictamen preliminar único]
    decision:
      pregunta: ¿Es procedente?
      opciones:
        - etiqueta: "Sí"
          ir_a: 3
        - etiqueta: "No"
          ir_a: 4
  - cvo: 3
    accion: Firma del dictamen de la Comisión.
    responsables: [DEVySPE]
    insumos: [Dictamen preliminar único]
    salidas: [Dictamen firmado]
  - cvo: 4
    accion: Notificación del resultado al área solicitante.
    responsables: [TV-INE]
    insumos: [Dictamen preliminar único]
    salidas: [Oficio de notificación]
riesgos:
  - id: R-CV-03-A
    descripcion: Que la solicitud llegue fuera de plazo.
    probabilidad: 3
    impacto: 2
    nivel: 6
    tratamiento: [reducir]
    acciones: Recordatorios.
    fecha_inicio: "2025"
    revaloracion: {probabilidad: 1, impacto: 2, nivel: 2}
  - id: R-CV-03-B
    descripcion: Riesgo con datos incompletos.
    probabilidad: 2
    impacto: null
    nivel: null
"""

CV03_EXCEPTIONS = """\
excepciones:
  - regla: RSK001
    objeto: CV-03
    riesgo: R-CV-03-B
    motivo: La matriz del manual no deja leer el impacto.
    resuelve: CV-INE
    vence: "2099-12-31"
"""


@pytest.fixture(scope="session")
def sitio_minimo(tmp_path_factory) -> BuiltSite:
    """The minimal test manual (tests/datos/minimo), built once per session."""
    base = tmp_path_factory.mktemp("sitio_minimo")
    procesos = base / "procesos_yaml"
    shutil.copytree(MINIMO, procesos)
    return build_site(procesos, base / "site")


@pytest.fixture(scope="session")
def sitio_ampliado(tmp_path_factory) -> BuiltSite:
    """The minimal manual plus procedure CV-03 (no other edit), built once per session."""
    base = tmp_path_factory.mktemp("sitio_ampliado")
    procesos = base / "procesos_yaml"
    shutil.copytree(MINIMO, procesos)
    (procesos / "procedimientos" / "CV-03.yaml").write_text(CV03, encoding="utf-8")
    (procesos / "excepciones.yaml").write_text(CV03_EXCEPTIONS, encoding="utf-8")
    return build_site(procesos, base / "site")
