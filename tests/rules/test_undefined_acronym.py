"""GLO001: acronyms used in text are defined in the glossary (warning)."""
from checks.config import RuleSetting, default_settings
from checks.problem import Severity
from checks.rules.undefined_acronym import acronyms_in
from tests.common import findings, line_of, manual_copy, procedure, write



def _glossary(root):
    write(root, "glosario.yaml", """
        terminos:
          - {termino: SIVOPLE, definicion: Sistema., sigla: true}
          - {termino: INE, definicion: Instituto Nacional Electoral., sigla: true}
          - {termino: IEM, definicion: Instituto Electoral de Michoacán., sigla: true}
    """)


def test_defined_acronyms_pass(tmp_path):
    root = manual_copy(tmp_path)
    _glossary(root)
    # CV-INE and TV-INE are roles with definido_en_manual: true; IV is a roman numeral.
    procedure(root, "CV-09", "- {cvo: 1, accion: Carga en el SIVOPLE (IV) por CV-INE, responsables: [CV-INE], "
                             "salidas: [Oficio]}")
    assert findings(root, "GLO001") == []


def test_undefined_acronym_warns_once_at_first_use(tmp_path):
    root = manual_copy(tmp_path)
    _glossary(root)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: Registro en el SIISPEN.
          responsables: [CV-INE]
          salidas: [Oficio]
        - cvo: 2
          accion: Consulta del SIISPEN.
          responsables: [CV-INE]
          salidas: [Oficio]
    """)
    [problem] = findings(root, "GLO001")
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert (problem.location.line, problem.location.column) == (line_of(path, "Registro en el SIISPEN"), 5)
    assert problem.severity is Severity.WARNING


def test_ignore_option(tmp_path):
    root = manual_copy(tmp_path)
    _glossary(root)
    procedure(root, "CV-09", "- {cvo: 1, accion: Registro en el SIISPEN., responsables: [CV-INE], salidas: [Oficio]}")
    settings = default_settings()
    settings["GLO001"] = RuleSetting(True, Severity.WARNING, {"ignorar": ["SIISPEN"]})
    assert findings(root, "GLO001", settings=settings) == []


def test_detection():
    assert list(acronyms_in("El DEVySPE y la CV-INE notifican al INE")) == ["DEVySPE", "CV-INE", "INE"]
    assert list(acronyms_in("Fracción XXXI del artículo 34; Dirección Ejecutiva")) == []
    assert list(acronyms_in("REVISIÓN DEL MANUAL DE PROCEDIMIENTOS")) == []     # heading in capitals
