"""`python -m checks nuevo <area> <id>`: esqueleto válido, nunca sobrescribe."""
import jsonschema
import pytest

from checks import check, schema
from checks.reports import jsonschema as esquema_json
from checks.cli import main as cli_main
from checks.loader import load_bytes
from tests.common import REPO, manual_copy, run_checks


def test_crea_un_esqueleto_que_pasa_el_esquema(tmp_path, capsys):
    root = manual_copy(tmp_path)
    assert cli_main(["nuevo", "CV-INE", "CV-07", "--ruta", str(root)]) == 0
    creado = root / "procedimientos" / "CV-07.yaml"
    assert creado.is_file()
    assert "CV-07" in capsys.readouterr().out
    doc = load_bytes(creado.read_bytes(), str(creado))
    assert schema.validate(doc, "procedimiento") == []
    assert list(jsonschema.Draft7Validator(esquema_json.to_json_schema("procedimiento")).iter_errors(doc.data)) == []
    assert doc.data["id"] == "CV-07" and doc.data["area"] == "CV-INE"


def test_el_esqueleto_produce_hallazgos_hasta_completarse(tmp_path):
    root = manual_copy(tmp_path)
    assert cli_main(["nuevo", "CV-INE", "CV-07", "--ruta", str(root)]) == 0
    report = check(root)
    propios = [(p.rule, p.subject, p.step) for p in report.problems if p.location.file.endswith("CV-07.yaml")]
    assert ("PRC001", "CV-07", 1) in propios
    assert ("PRC002", "CV-07", 1) in propios
    assert not [p for p in report.problems if p.rule.startswith(("ESQ", "YAML", "ARCH"))]


def test_referencia_al_esquema_para_el_editor(tmp_path):
    root = manual_copy(tmp_path)
    assert cli_main(["nuevo", "CV-INE", "CV-07", "--ruta", str(root)]) == 0
    primera = (root / "procedimientos" / "CV-07.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert primera.startswith("# yaml-language-server: $schema=")
    ref = primera.split("$schema=", 1)[1]
    destino = (root / "procedimientos" / ref).resolve()
    assert destino == (REPO / "esquemas" / "procedimiento.schema.json").resolve()


def test_en_procesos_yaml_la_referencia_es_relativa_al_repositorio():
    texto = __import__("checks.commands.new", fromlist=["x"]).skeleton(
        "CV-INE", "CV-99", "../../esquemas/procedimiento.schema.json", ["CV-INE"])
    assert texto.splitlines()[0] == "# yaml-language-server: $schema=../../esquemas/procedimiento.schema.json"
    assert (REPO / "procesos_yaml" / "procedimientos" / "../../esquemas/procedimiento.schema.json").resolve().is_file()


def test_no_sobrescribe_un_archivo_existente(tmp_path, capsys):
    root = manual_copy(tmp_path)
    existente = root / "procedimientos" / "CV-02.yaml"
    antes = existente.read_bytes()
    assert cli_main(["nuevo", "CV-INE", "CV-02", "--ruta", str(root)]) == 2
    assert existente.read_bytes() == antes
    assert "CV-02" in capsys.readouterr().err


@pytest.mark.parametrize("area, ident", [
    ("NO-EXISTE", "CV-07"),       # área sin coordinaciones/<area>.yaml
    ("CV-INE", "CV 07"),          # id con espacio
    ("CV-INE", "../CV-07"),       # intento de salir del directorio
    ("CV-INE", "7-CV"),           # no empieza con letra
    ("../coordinaciones/CV-INE", "CV-07"),
])
def test_rechaza_area_o_id_no_validos(tmp_path, area, ident):
    root = manual_copy(tmp_path)
    antes = sorted(p.name for p in (root / "procedimientos").iterdir())
    assert cli_main(["nuevo", area, ident, "--ruta", str(root)]) == 2
    assert sorted(p.name for p in (root / "procedimientos").iterdir()) == antes
    assert not list(tmp_path.rglob("CV-07.yaml"))


def test_sin_argumentos_es_uso_incorrecto(capsys):
    with pytest.raises(SystemExit) as salida:
        cli_main(["nuevo"])
    assert salida.value.code == 2


def test_como_modulo_en_un_proceso_aparte(tmp_path):
    root = manual_copy(tmp_path)
    r = run_checks("nuevo", "CV-INE", "CV-08", "--ruta", root)
    assert r.returncode == 0, r.stderr
    assert (root / "procedimientos" / "CV-08.yaml").is_file()
    r2 = run_checks("nuevo", "CV-INE", "CV-08", "--ruta", root)
    assert r2.returncode == 2
