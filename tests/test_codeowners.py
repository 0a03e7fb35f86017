"""CODEOWNERS from the data (checks.reports.codeowners) and «python -m checks propietarios»."""
import shutil
from pathlib import Path

from checks.cli import main
from checks.project import load_manual
from checks.reports.codeowners import _pattern, owners
from tests.common import REPO, manual_copy, write

TEAMS = {"DEVySPE": ("@org/direccion",), "CV-INE": ("@org/cv-ine", "@org/jefatura")}
SIGNATURES = """\
firmas:
  - tipo: revision
    titulo: REVISIÓN
    firmantes: [{nombre: Persona Dos, puesto: Coordinador, rol: CV-INE}]
  - tipo: validacion
    titulo: VALIDACIÓN
    firmantes: [{nombre: Persona Uno, puesto: Director, rol: DEVySPE}]
"""


def _manual(tmp_path):
    root = manual_copy(tmp_path)
    manual = root / "manual.yaml"
    manual.write_text(manual.read_text(encoding="utf-8") + SIGNATURES, encoding="utf-8")
    return root


def test_procedures_go_to_their_coordination_and_the_rest_to_the_director(tmp_path):
    root = _manual(tmp_path)
    result = owners(load_manual(root).manual, root, tmp_path, TEAMS)
    lines = dict((path, handles) for path, handles, _ in result.lines)
    assert lines["/procesos_yaml/"] == ("@org/direccion",)
    assert lines["/procesos_yaml/manual.yaml"] == ("@org/direccion",)
    assert lines["/procesos_yaml/excepciones.yaml"] == ("@org/direccion",)
    assert lines["/procesos_yaml/procedimientos/CV-02.yaml"] == ("@org/cv-ine", "@org/jefatura")
    assert result.missing == {}
    text = result.text()
    assert "/procesos_yaml/procedimientos/CV-02.yaml @org/cv-ine @org/jefatura\n" in text
    # later lines win in CODEOWNERS: the directory default comes first
    assert text.index("/procesos_yaml/ ") < text.index("/procesos_yaml/procedimientos/")


def test_a_role_without_team_is_reported_not_invented(tmp_path):
    root = _manual(tmp_path)
    result = owners(load_manual(root).manual, root, tmp_path, {"DEVySPE": ("@org/direccion",)})
    assert result.missing == {"CV-INE": ["/procesos_yaml/coordinaciones/CV-INE.yaml",
                                         "/procesos_yaml/procedimientos/CV-02.yaml"]}
    assert "# /procesos_yaml/procedimientos/CV-02.yaml: sin equipo para el rol CV-INE" in result.text()


def test_patterns_are_escaped():
    assert _pattern("/a b/#x*[1]?.yaml") == r"/a\ b/\#x\*\[1\]\?.yaml"
    line = _pattern("/p/x\n::error file=a::b.yaml")
    assert line.startswith("# ") and "\n" not in line


def test_command_writes_and_checks(tmp_path, capsys):
    root = _manual(tmp_path)
    write(tmp_path, "revisores.yaml", 'equipos:\n  DEVySPE: "@org/direccion"\n  CV-INE: "@org/cv-ine"\n')
    target = tmp_path / ".github" / "CODEOWNERS"
    assert main(["propietarios", "--ruta", str(root), "--comprobar"]) == 1
    assert "no está al día" in capsys.readouterr().err
    assert main(["propietarios", "--ruta", str(root), "--escribir"]) == 0
    assert target.is_file()
    assert main(["propietarios", "--ruta", str(root), "--comprobar"]) == 0
    # a new procedure makes it stale again
    shutil.copy(root / "procedimientos" / "CV-02.yaml", root / "procedimientos" / "CV-07.yaml")
    (root / "procedimientos" / "CV-07.yaml").write_text(
        (root / "procedimientos" / "CV-07.yaml").read_text(encoding="utf-8").replace("id: CV-02", "id: CV-07"),
        encoding="utf-8")
    assert main(["propietarios", "--ruta", str(root), "--comprobar"]) == 1


def test_invalid_team_file_is_a_positioned_spanish_error(tmp_path, capsys):
    root = _manual(tmp_path)
    write(tmp_path, "revisores.yaml", 'equipos:\n  DEVySPE: "no es un equipo"\n')
    assert main(["propietarios", "--ruta", str(root)]) == 2
    err = capsys.readouterr().err
    assert "revisores.yaml:2:" in err and "equipo no válido" in err


def test_the_repository_codeowners_is_current(monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["propietarios", "--comprobar"]) == 0, "ejecute python -m checks propietarios --escribir"
    assert Path(REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").startswith("# Generado")
