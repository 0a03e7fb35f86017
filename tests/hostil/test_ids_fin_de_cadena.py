"""``$`` no es fin de cadena (issue 17, clases 5 y 6).

Los patrones de id terminaban en ``$``, que en Python también coincide antes de un salto de
línea final: el rol ``"X\\n"`` pasaba el esquema y la construcción escribía ``roles/X%0A/``;
``python -m checks nuevo CV-INE $'CV-07\\n'`` pasaba su propia revisión y moría con un
*traceback*. Ahora todo id se compara entero (``\\Z`` / ``fullmatch``), en el esquema cerberus,
en la vía rápida, en el esquema JSON de los editores y en ``nuevo``."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest

from checks import check, schema
from checks.reports import jsonschema as esquema_json
from checks.cli import main as cli_main
from tests.common import REPO, line_of, manual_copy

# Ids casi válidos: uno válido más un salto final (lo que ``$`` dejaba pasar) y variantes.
CASI = ["X\n", "CV-INE\n", "CV-07\n", "index\n", "A\n\n", "X\r\n", "X\u2028", "X\x85", "X\t"]


@pytest.mark.parametrize("valor", CASI, ids=[repr(v) for v in CASI])
def test_ningun_patron_acepta_un_salto_final(valor):
    assert not schema.is_identifier(valor)
    assert not schema.ID_PATTERN.search(valor)          # ni siquiera con search
    assert not schema._FAST_CHECKS["identifier"](valor)
    assert not schema._is_iso_date("2024-01-15\n")
    assert not schema._is_version("2024\n") and not schema._is_version("2024.1\n")
    assert schema._is_version("2024.1")


def test_los_ids_validos_siguen_valiendo():
    for valor in ("X", "CV-INE", "CV-07", "a_b", "A" * 64, "indexar", "Index2"):
        assert schema.is_identifier(valor), valor
    for valor in ("index", "INDEX", "A" * 65, "1X", "-X", "X.Y", ""):
        assert not schema.is_identifier(valor), valor


def _rol_con_id(root, valor: str):
    path = root / "roles.yaml"
    texto = path.read_text(encoding="utf-8")
    nuevo = json.dumps(valor)
    path.write_text(texto + f"  - id: {nuevo}\n    nombre: Rol con salto\n    tipo: persona\n"
                            "    definido_en_manual: true\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("valor", ["X\n", "CV-INE\n", "index\n"])
def test_rol_con_salto_final_es_esq004_con_posicion(tmp_path, valor):
    root = manual_copy(tmp_path)
    path = _rol_con_id(root, valor)
    report = check(root)
    esq = [p for p in report.problems if p.rule == "ESQ004" and p.location.file.endswith("roles.yaml")]
    assert esq, [str(p) for p in report.problems]
    (p,) = esq
    assert (p.location.line, p.location.column) == (line_of(path, "Rol con salto") - 1, 5)      # en la clave, como todo ESQ
    assert "\n" not in p.message and "\\n" in p.message
    assert report.blocking


def test_referencias_con_salto_final_son_esq004(tmp_path):
    """El mismo id con salto en cada lugar que hace referencia a un rol o coordinación."""
    root = manual_copy(tmp_path)
    proc = root / "procedimientos" / "CV-02.yaml"
    texto = proc.read_text(encoding="utf-8")
    assert "area: CV-INE" in texto
    proc.write_text(texto.replace("area: CV-INE", 'area: "CV-INE\\n"', 1), encoding="utf-8")
    coord = root / "coordinaciones" / "CV-INE.yaml"
    coord.write_text(coord.read_text(encoding="utf-8").replace("rol: CV-INE", 'rol: "CV-INE\\n"', 1),
                     encoding="utf-8")
    report = check(root)
    archivos = {p.location.file.rsplit("/", 1)[-1] for p in report.problems if p.rule == "ESQ004"}
    assert {"CV-02.yaml", "CV-INE.yaml"} <= archivos, [str(p) for p in report.problems]


def test_la_construccion_no_genera_paginas_con_salto(tmp_path):
    """El hook de MkDocs se detiene (errores bloqueantes) y ninguna página lleva el salto."""
    from macros import site as site_state

    root = manual_copy(tmp_path)
    _rol_con_id(root, "X\n")
    site = site_state.build(str(root))
    assert site.report.blocking
    assert not [uri for uri in site.pages if "\n" in uri or "%0A" in uri]


# --- esquema JSON de los editores ---------------------------------------------------------

def _patrones(nodo):
    if isinstance(nodo, dict):
        for clave, valor in nodo.items():
            if clave == "pattern":
                yield valor
            else:
                yield from _patrones(valor)
    elif isinstance(nodo, list):
        for valor in nodo:
            yield from _patrones(valor)


def test_esquema_json_sin_dolar_y_rechaza_el_salto():
    vistos = 0
    for kind in schema.SCHEMAS:
        for patron in _patrones(esquema_json.to_json_schema(kind)):
            vistos += 1
            assert "$" not in patron and "\\Z" not in patron, patron
    assert vistos
    roles = esquema_json.to_json_schema("roles")
    validador = jsonschema.Draft7Validator(roles)
    base = {"id": "X", "nombre": "n", "tipo": "persona", "definido_en_manual": True}
    assert not list(validador.iter_errors({"roles": [base]}))
    assert list(validador.iter_errors({"roles": [{**base, "id": "X\n"}]}))


def test_ecma_pattern():
    assert esquema_json.ecma_pattern(r"^a\Z") == r"^a(?![\s\S])"
    assert esquema_json.ecma_pattern(r"^a\\Z") == r"^a\\Z"           # «\» literal seguido de Z
    with pytest.raises(esquema_json.UnsupportedRule):
        esquema_json.ecma_pattern(r"^a$")


@pytest.mark.skipif(shutil.which("node") is None, reason="sin node (lo instala npm, requisito del README)")
def test_patron_json_en_javascript():
    """Los editores evalúan ``pattern`` con la semántica ECMA-262 (JavaScript)."""
    patron = esquema_json.ecma_pattern(schema.ID_PATTERN.pattern)
    fechas = esquema_json.ecma_pattern(schema.DATE_PATTERN.pattern)
    programa = ("const [p, f] = JSON.parse(process.argv[1]);"
                "const r = new RegExp(p, 'u'), d = new RegExp(f, 'u');"
                "console.log(JSON.stringify([r.test('X'), r.test('X\\n'), r.test('index'), r.test('CV-INE'),"
                " d.test('2024-01-15'), d.test('2024-01-15\\n')]));")
    salida = subprocess.run(["node", "-e", programa, json.dumps([patron, fechas])], capture_output=True,
                            text=True, timeout=60, check=True).stdout
    assert json.loads(salida) == [True, False, False, True, True, False]


# --- python -m checks nuevo --------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["CV-INE", "CV-07\n"], ["CV-INE\n", "CV-07"], ["CV-INE", "X\n::error file=a::falso"],
    ["CV-INE", "index\n"], ["CV-INE", "CV-07\x1b[31m"], ["CV-INE", "A" * 65 + "\n"],
], ids=["id", "area", "comando", "index", "esc", "largo"])
def test_nuevo_con_id_casi_valido_error_limpio(tmp_path, capsys, args):
    root = manual_copy(tmp_path)
    antes = sorted(p.name for p in (root / "procedimientos").iterdir())
    assert cli_main(["nuevo", *args, "--ruta", str(root)]) == 2
    salida = capsys.readouterr()
    assert salida.out == ""
    assert salida.err.startswith("python -m checks nuevo: error: ")
    assert salida.err.count("\n") == 1 and "\x1b" not in salida.err, salida.err
    assert "Traceback" not in salida.err
    assert sorted(p.name for p in (root / "procedimientos").iterdir()) == antes


def test_nuevo_en_subproceso_sin_traceback(tmp_path):
    """También con bytes que no son UTF-8 en los argumentos y con la ruta no escribible."""
    root = manual_copy(tmp_path)
    casos = [[b"CV-INE", b"CV-07\n"], [b"CV-INE", b"CV-\xff"], [b"CV-\xff\n", b"CV-07"]]
    for args in casos:
        r = subprocess.run([sys.executable, "-m", "checks", "nuevo", *args, "--ruta", str(root)],
                           cwd=REPO, capture_output=True, timeout=120)
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 2, (args, err)
        assert "Traceback" not in err and err.startswith("python -m checks nuevo: error: "), err
        assert err.count("\n") == 1, err
    (root / "procedimientos").chmod(0o500)
    try:
        r = subprocess.run([sys.executable, "-m", "checks", "nuevo", "CV-INE", "CV-07", "--ruta", str(root)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    finally:
        (root / "procedimientos").chmod(0o700)
    if r.returncode == 0:       # root escribe igual: no hay error que provocar
        assert (root / "procedimientos" / "CV-07.yaml").is_file()
    else:
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
