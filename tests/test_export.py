"""`python -m checks export`: el modelo validado completo como JSON documentado."""
import json
import subprocess
import sys

import pytest

from checks import check
from checks.cli import main as cli_main
from checks.reports.export import FORMAT_NAME, FORMAT_VERSION, export_dict
from checks.loader import load_bytes
from tests.common import MINIMO, REPO, line_of, manual_copy, procedure, write

REAL = REPO / "procesos_yaml"


def _export(root):
    report = check(root)
    assert not report.blocking, [str(p) for p in report.blocking]
    return report, export_dict(report)


def _real_or_skip():
    report = check(REAL)
    if report.blocking:
        pytest.skip("procesos_yaml/ tiene errores bloqueantes en este momento")
    return report


def test_estructura_versionada_y_completa():
    report, data = _export(MINIMO)
    assert data["formato"] == FORMAT_NAME and data["version"] == FORMAT_VERSION == 1
    assert set(data) == {"formato", "version", "manual", "roles", "glosario", "normativa", "coordinaciones",
                         "procedimientos", "excepciones", "hallazgos"}
    manual = report.manual
    assert [p["id"] for p in data["procedimientos"]] == list(manual.procedures)
    assert [c["id"] for c in data["coordinaciones"]] == list(manual.coordinations)
    assert [r["id"] for r in data["roles"]] == list(manual.roles)
    assert len(data["glosario"]) == len(manual.terms)
    assert data["manual"]["titulo"] == manual.info.title
    json.dumps(data)  # serializable


@pytest.mark.parametrize("raiz", ["minimo", "real"])
def test_cada_clave_del_yaml_sale_con_el_mismo_valor(raiz):
    """Las claves del JSON son las del YAML: cada valor de un procedimiento y de sus pasos
    aparece igual en la exportación (las claves ausentes salen como null)."""
    root = MINIMO if raiz == "minimo" else REAL
    report = check(root) if raiz == "minimo" else _real_or_skip()
    data = export_dict(report)
    por_id = {p["id"]: p for p in data["procedimientos"]}
    comparados = 0
    for archivo in sorted((root / "procedimientos").glob("*.yaml")):
        yaml_data = load_bytes(archivo.read_bytes(), str(archivo)).data
        exportado = por_id[yaml_data["id"]]
        for clave, valor in yaml_data.items():
            if clave in ("pasos", "riesgos", "lagunas", "flujograma"):
                continue
            assert exportado[clave] == valor, (archivo.name, clave)
        assert len(exportado["pasos"]) == len(yaml_data["pasos"])
        for paso_yaml, paso_json in zip(yaml_data["pasos"], exportado["pasos"]):
            for clave, valor in paso_yaml.items():
                assert paso_json[clave] == valor, (archivo.name, paso_yaml["cvo"], clave)
            comparados += 1
        for riesgo_yaml, riesgo_json in zip(yaml_data["riesgos"], exportado["riesgos"]):
            for clave, valor in riesgo_yaml.items():
                if clave != "lagunas":
                    assert riesgo_json[clave] == valor, (archivo.name, riesgo_yaml["id"], clave)
        assert exportado["origen"]["archivo"].endswith(archivo.name)
    assert comparados > 0


def test_hallazgos_exceptuados_se_exportan_con_su_regla_y_posicion(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: Paso sin salida
          responsables: [CV-INE]
          salidas: ["N/A"]
    """)
    write(root, "excepciones.yaml", """
        excepciones:
          - regla: PRC002
            objeto: CV-09
            paso: 1
            motivo: El manual registra N/A.
            resuelve: CV-INE
            vence: "2999-12-31"
    """)
    _, data = _export(root)
    hallazgos = [h for h in data["hallazgos"]["lista"] if h["objeto"] == "CV-09" and h["regla"] == "PRC002"]
    assert [(h["regla"], h["objeto"], h["paso"], h["exceptuado"]) for h in hallazgos] == [
        ("PRC002", "CV-09", 1, True)]
    assert len(data["hallazgos"]["lista"]) == len(check(root).problems)
    assert hallazgos[0]["archivo"] == str(path)
    assert hallazgos[0]["linea"] == line_of(path, "salidas:")
    assert data["hallazgos"]["resumen"]["exceptuados"] == 1
    assert data["excepciones"][0]["regla"] == "PRC002"


def test_cli_salida_estandar_y_archivo(tmp_path, capsys):
    assert cli_main(["export", str(MINIMO)]) == 0
    por_stdout = capsys.readouterr().out
    destino = tmp_path / "manual.json"
    assert cli_main(["export", str(MINIMO), "-o", str(destino)]) == 0
    assert destino.read_text(encoding="utf-8") == por_stdout      # determinista
    assert json.loads(por_stdout)["procedimientos"][0]["id"] == "CV-02"


def test_con_errores_bloqueantes_no_exporta_nada(tmp_path, capsys):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: Sin responsable
          salidas: [Oficio]
    """)
    destino = tmp_path / "manual.json"
    assert cli_main(["export", str(root), "-o", str(destino)]) == 1
    assert not destino.exists()
    err = capsys.readouterr().err
    assert "PRC001" in err


def test_como_modulo_en_un_proceso_aparte(tmp_path):
    destino = tmp_path / "m.json"
    r = subprocess.run([sys.executable, "-m", "checks", "export", str(MINIMO), "-o", str(destino)],
                       cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(destino.read_text(encoding="utf-8"))["version"] == 1


def test_rutas_relativas_al_manual_para_publicar():
    """Lo que se publica con el sitio no revela directorios de la máquina que construye."""
    report = check(MINIMO.resolve())
    absoluto = export_dict(report)
    assert absoluto["procedimientos"][0]["origen"]["archivo"].startswith(str(MINIMO.resolve()))
    relativo = export_dict(report, relative=True)
    assert relativo["procedimientos"][0]["origen"]["archivo"] == "minimo/procedimientos/CV-02.yaml"
    assert relativo["coordinaciones"][0]["origen"]["archivo"] == "minimo/coordinaciones/CV-INE.yaml"
    assert str(REPO) not in json.dumps(relativo)
