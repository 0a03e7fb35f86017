"""Comprobaciones del entorno que preparan scripts/construir.sh y scripts/probar.sh."""

import os
import re
import subprocess

import pytest

from tests.common import REPO

MERMAID_DIR = REPO / "docs" / "js" / "mermaid"
MERMAID_JS = MERMAID_DIR / "mermaid.js"
MERMAID_LICENCIA = MERMAID_DIR / "LICENSE.txt"
VERSION_MERMAID = "11.17.2"

# Mensaje para cuando se ejecuta pytest sin haber preparado el entorno.
SIN_PREPARAR = "falta {}: ejecute `bash scripts/probar.sh` (o `bash scripts/construir.sh`)"


@pytest.fixture(scope="module")
def mermaid_js() -> str:
    assert MERMAID_JS.is_file(), SIN_PREPARAR.format(MERMAID_JS.relative_to(REPO))
    return MERMAID_JS.read_text(encoding="utf-8")


def test_mermaid_es_la_version_fijada(mermaid_js):
    # El núcleo pasa su versión a cada diagrama al dibujarlo: renderer.draw(texto, id, "X.Y.Z", …).
    assert re.search(rf'\.draw\([^()]*,"{re.escape(VERSION_MERMAID)}",', mermaid_js)


def test_mermaid_es_un_modulo_con_el_flujograma_en_un_solo_archivo(mermaid_js):
    # Módulo ES (lo importa docs/js/diagramas.js) que exporta mermaid por omisión y trae el
    # flujograma y dagre: dibujar un flujograma no pide más archivos que este.
    assert re.search(r"export\s*\{[^}]*\bas default\b", mermaid_js)
    assert "flowchart-v2" in mermaid_js and "dagre" in mermaid_js
    propios = re.findall(r"""(?:\bfrom\s*|\bimport\s*)['"](\./[^'"]+)['"]""", mermaid_js)
    assert not propios, f"mermaid.js importa otros archivos de forma estática: {propios[:5]}"
    # Los demás tipos de diagrama quedan aparte y se cargan sólo si se usan.
    assert re.search(r"""import\(\s*['"]\./sequenceDiagram-[^'"]+\.js['"]\s*\)""", mermaid_js)


def test_cada_archivo_de_mermaid_esta_fijado():
    """Todo lo que hay en docs/js/mermaid/ está en scripts/mermaid.fijado (y al revés: lo
    comprueba macros/assets.py en cada construcción)."""
    from macros import assets

    pin = assets.read_pin(str(REPO / "scripts" / "mermaid.fijado"))
    fijados = {f.docs_path for f in pin.files}
    presentes = {f"js/mermaid/{p.name}" for p in MERMAID_DIR.iterdir()}
    assert presentes == fijados
    assert assets.problem(str(REPO), str(REPO / "docs")) is None


def test_licencia_de_mermaid_junto_al_paquete():
    assert MERMAID_LICENCIA.is_file(), SIN_PREPARAR.format(MERMAID_LICENCIA.relative_to(REPO))
    texto = MERMAID_LICENCIA.read_text(encoding="utf-8")
    assert "MIT License" in texto


def test_obtener_mermaid_fija_la_misma_version():
    # La versión y las sumas viven en scripts/mermaid.fijado, que leen el script y MkDocs.
    fijado = (REPO / "scripts" / "mermaid.fijado").read_text(encoding="utf-8")
    assert re.search(rf"^version\s+{re.escape(VERSION_MERMAID)}$", fijado, re.MULTILINE)
    assert re.search(r"^integridad\s+sha512-[A-Za-z0-9+/]{86}==$", fijado, re.MULTILINE)


def test_rollup_fijado_con_integridad():
    import json

    lock = json.loads((REPO / "scripts" / "mermaid" / "package-lock.json").read_text(encoding="utf-8"))
    rollup = lock["packages"]["node_modules/rollup"]
    declarado = json.loads((REPO / "scripts" / "mermaid" / "package.json").read_text(encoding="utf-8"))
    assert declarado["devDependencies"]["rollup"] == rollup["version"]      # versión exacta
    for nombre, paquete in lock["packages"].items():
        if nombre:
            assert paquete.get("integrity", "").startswith("sha512-"), nombre


def _lineas_de_requisitos():
    for n, linea in enumerate(
        (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines(), start=1
    ):
        linea = linea.split("#", 1)[0].strip()
        if linea:
            yield n, linea


def test_requirements_fija_cada_linea_con_igual_igual():
    lineas = list(_lineas_de_requisitos())
    assert lineas, "requirements.txt no tiene dependencias"
    patron = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!-]+$")
    sueltas = [f"línea {n}: {linea}" for n, linea in lineas if not patron.match(linea)]
    assert not sueltas, "dependencias sin fijar con ==:\n" + "\n".join(sueltas)


def test_requirements_sin_duplicados():
    nombres = [
        re.sub(r"[-_.]+", "-", linea.split("==")[0]).lower()
        for _, linea in _lineas_de_requisitos()
    ]
    repetidos = sorted({n for n in nombres if nombres.count(n) > 1})
    assert not repetidos, f"dependencias repetidas: {repetidos}"


def test_requirements_cumple_el_rango_de_mkdocs():
    versiones = dict(linea.split("==") for _, linea in _lineas_de_requisitos())
    mayor, menor, *_ = (int(x) for x in versiones["mkdocs"].split("."))
    assert (1, 6) <= (mayor, menor) < (2, 0)


def test_probar_sh_falla_si_pytest_no_recolecta_pruebas(tmp_path):
    """El código 5 de pytest ("no tests collected") debe hacer fallar scripts/probar.sh."""
    entorno = dict(os.environ, OMITIR_CHROMIUM="1")
    proc = subprocess.run(
        [
            "bash",
            str(REPO / "scripts" / "probar.sh"),
            "tests/test_entorno.py",
            "-k",
            "ninguna_prueba_se_llama_asi",
            "-p",
            "no:cacheprovider",
        ],
        cwd=tmp_path,
        env=entorno,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "no recolectó ninguna prueba" in proc.stderr


def test_obtener_axe_fija_version_integridad_y_sha256():
    """axe-core (sólo pruebas de accesibilidad) con versión, integridad del paquete y sha256
    de cada archivo fijados; el archivo descargado es esa versión."""
    script = (REPO / "scripts" / "obtener_axe.sh").read_text(encoding="utf-8")
    version = re.search(r'^AXE_VERSION="(\d+\.\d+\.\d+)"$', script, re.M)
    assert version, "scripts/obtener_axe.sh no fija AXE_VERSION"
    assert re.search(r'^AXE_INTEGRITY="sha512-[A-Za-z0-9+/]{86}=="$', script, re.M)
    assert len(re.findall(r'^AXE_\w+_SHA256="[0-9a-f]{64}"$', script, re.M)) == 3
    assert "npm pack" in script and not re.search(r"https?://", script), "axe-core sólo por npm pack, sin URL"
    axe = REPO / "tests" / "navegador" / "axe" / "axe.min.js"
    assert axe.is_file(), SIN_PREPARAR.format(axe.relative_to(REPO))
    assert axe.read_text(encoding="utf-8").startswith(f"/*! axe v{version.group(1)}\n")
