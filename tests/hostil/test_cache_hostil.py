"""La caché no es de confianza (issue 17, clase 7).

Una entrada de ``.cache/checks`` que es JSON válido pero de forma equivocada tumbaba el
modelo (``AttributeError``); una entrada editada cambiaba los hallazgos respecto de
``--sin-cache``. Ahora cada entrada lleva un MAC de su contenido (clave ligada al secreto de
la caché, a la huella de la herramienta y al resumen de los bytes del archivo fuente) y su
forma se revisa; lo que no cuadra se recalcula. Resultado: la salida con caché es siempre la
de ``--sin-cache``."""
from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from checks import project
from checks.cli import main as cli_main
from tests.common import manual_copy, procedure, write


def _salida(capsys, root, *extra):
    project._MEMO.clear()                   # como un proceso nuevo
    codigo = cli_main([str(root), "--formato", "json", "--hoy", "2026-01-15", *extra])
    salida = capsys.readouterr()
    assert "Traceback" not in salida.err, salida.err
    return codigo, salida.out, salida.err


@pytest.fixture
def manual(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)               # .cache/checks relativa al directorio de trabajo
    root = manual_copy(tmp_path)
    procedure(root, "CV-07", """
        - {cvo: 1, accion: Recibir el oficio, responsables: [CV-INE], insumos: [Oficio], salidas: [Acuse]}
        - {cvo: 2, accion: Sin responsable, salidas: [Oficio]}
    """)
    write(root, "procedimientos/CV-08.yaml", "id: CV-08\narea: CV-INE\nnombre: x\npasos: []\nsobra: 1\n")
    return root


def _archivo_cache(tmp_path) -> Path:
    (archivo,) = (tmp_path / ".cache" / "checks").glob("*.json")
    return archivo


def _entradas(tmp_path):
    archivo = _archivo_cache(tmp_path)
    return archivo, json.loads(archivo.read_text(encoding="utf-8"))


def _escribir(archivo, contenido):
    archivo.write_text(json.dumps(contenido, ensure_ascii=False), encoding="utf-8")


def _clave(entradas, parte):
    return next(k for k in entradas if parte in k)


FORMAS_MALAS = [
    "texto", 5, None, [], {}, ["ok"], ["ok", "texto"], ["ok", [1, 2]], ["ok", {"pasos": "x"}],
    ["ok", {"id": "CV-07", "area": "CV-INE", "nombre": "x", "pasos": [{"cvo": "uno"}]}],
    ["ok", {"id": 7}], ["err", "x"], ["err", []], ["err", [[1]]],
    ["err", [["f", 1, 1, "R", 99, "m", None, None, None]]], ["err", [["f", "1", 1, "R", 2, "m", None, None, None]]],
    ["err", [["f", 0, 1, "R", 2, "m", None, None, None]]], ["err", [["f", 1, 1, "R", 2, ["m"], None, None, None]]],
    ["otro", {}], ["ok", {}, 5], ["ok", {}, "0" * 64],
]


@pytest.mark.parametrize("mala", FORMAS_MALAS, ids=[json.dumps(m)[:40] for m in FORMAS_MALAS])
def test_entrada_de_forma_equivocada_da_la_salida_sin_cache(manual, tmp_path, capsys, mala):
    esperado = _salida(capsys, manual, "--sin-cache")
    assert _salida(capsys, manual) == esperado                    # llena la caché
    archivo, contenido = _entradas(tmp_path)
    for parte in ("CV-07.yaml", "CV-08.yaml", "roles.yaml"):     # una válida, una con error, un catálogo
        roto = copy.deepcopy(contenido)
        roto["entradas"][_clave(roto["entradas"], parte)] = mala
        _escribir(archivo, roto)
        assert _salida(capsys, manual) == esperado, parte


@pytest.mark.parametrize("contenido", [[], "x", {"huella": 1}, {"entradas": []}, [[[[]]]] * 3])
def test_archivo_de_cache_de_forma_equivocada(manual, tmp_path, capsys, contenido):
    esperado = _salida(capsys, manual, "--sin-cache")
    _salida(capsys, manual)
    archivo, original = _entradas(tmp_path)
    if isinstance(contenido, dict):
        contenido = {**original, **contenido}
    _escribir(archivo, contenido)
    assert _salida(capsys, manual) == esperado
    archivo.write_text("[" * 100_000, encoding="utf-8")           # anidamiento extremo
    assert _salida(capsys, manual) == esperado


def _editar_datos(entrada):
    """Cambios que alteran los hallazgos: quitar el responsable del paso 1 (PRC001 nuevo),
    meter HTML en una acción (SEC001 nuevo), quitar un paso (desaparece PRC001)."""
    status, datos = entrada[0], entrada[1]
    ediciones = []
    a = copy.deepcopy(datos)
    a["pasos"][0]["responsables"] = []
    ediciones.append(a)
    b = copy.deepcopy(datos)
    b["pasos"][0]["accion"] = "<b>x</b>"
    ediciones.append(b)
    c = copy.deepcopy(datos)
    c["pasos"] = c["pasos"][:1]
    ediciones.append(c)
    return [[status, d, *entrada[2:]] for d in ediciones]


def test_entrada_editada_da_la_salida_sin_cache(manual, tmp_path, capsys):
    esperado = _salida(capsys, manual, "--sin-cache")
    _salida(capsys, manual)
    archivo, contenido = _entradas(tmp_path)
    clave = _clave(contenido["entradas"], "CV-07.yaml")
    for editada in _editar_datos(contenido["entradas"][clave]):
        roto = copy.deepcopy(contenido)
        roto["entradas"][clave] = editada
        _escribir(archivo, roto)
        assert _salida(capsys, manual) == esperado


def test_posiciones_editadas_dan_la_salida_sin_cache(manual, tmp_path, capsys):
    """Las entradas «ok» guardan también las posiciones (línea, columna) de su documento:
    correrlas una línea cambiaría dónde se informa cada hallazgo."""
    esperado = _salida(capsys, manual, "--sin-cache")
    assert "PRC001" in esperado[1]
    _salida(capsys, manual)
    archivo, contenido = _entradas(tmp_path)
    clave = _clave(contenido["entradas"], "CV-07.yaml")
    entrada = contenido["entradas"][clave]
    assert len(entrada) == 4 and isinstance(entrada[3], list)
    for posiciones in ([v + 1 for v in entrada[3]], entrada[3][:-2], ["1"] * len(entrada[3]), [0] * len(entrada[3])):
        roto = copy.deepcopy(contenido)
        roto["entradas"][clave] = entrada[:3] + [posiciones]
        _escribir(archivo, roto)
        assert _salida(capsys, manual) == esperado


def test_entrada_de_error_editada(manual, tmp_path, capsys):
    """Quitar o reescribir un problema cacheado (ESQ002 de CV-08) no lo hace desaparecer."""
    esperado = _salida(capsys, manual, "--sin-cache")
    assert "ESQ002" in esperado[1]
    _salida(capsys, manual)
    archivo, contenido = _entradas(tmp_path)
    clave = _clave(contenido["entradas"], "CV-08.yaml")
    entrada = contenido["entradas"][clave]
    problema = entrada[1][0]
    for carga in ([problema[:5] + ["otro mensaje"] + problema[6:]], [problema[:3] + ["ESQ001"] + problema[4:]],
                  [problema, problema]):
        roto = copy.deepcopy(contenido)
        roto["entradas"][clave] = [entrada[0], carga, *entrada[2:]]
        _escribir(archivo, roto)
        assert _salida(capsys, manual) == esperado


def test_mac_recalculado_sin_el_secreto_no_sirve(manual, tmp_path, capsys):
    """Un atacante que conoce el algoritmo pero no el secreto (caché copiada de otra máquina,
    restaurada de otra rama) no puede forjar una entrada."""
    esperado = _salida(capsys, manual, "--sin-cache")
    _salida(capsys, manual)
    archivo, contenido = _entradas(tmp_path)
    clave = _clave(contenido["entradas"], "CV-07.yaml")
    entrada = contenido["entradas"][clave]
    (editada, *_) = _editar_datos(entrada)
    for secreto in (b"\0" * 32, b""):
        roto = copy.deepcopy(contenido)
        k = hashlib.blake2b(f"{contenido['huella']}|{clave}".encode(), key=secreto, digest_size=32).digest()
        cuerpo = json.dumps(editada[:2], ensure_ascii=False, separators=(",", ":")).encode()
        roto["entradas"][clave] = editada[:2] + [hashlib.blake2b(cuerpo, key=k, digest_size=32).hexdigest()]
        _escribir(archivo, roto)
        assert _salida(capsys, manual) == esperado
    # la caché entera de otra máquina (otro secreto) tampoco
    (tmp_path / ".cache" / "checks" / "clave").write_bytes(bytes(range(32)))
    roto = copy.deepcopy(contenido)
    roto["entradas"][clave] = editada
    _escribir(archivo, roto)
    assert _salida(capsys, manual) == esperado


def test_la_cache_se_sigue_usando(manual, tmp_path, capsys, monkeypatch):
    """Las entradas auténticas se reutilizan: en caliente no se vuelve a cargar ningún YAML."""
    esperado = _salida(capsys, manual, "--sin-cache")
    _salida(capsys, manual)
    llamadas = []
    original = project._load_and_validate
    monkeypatch.setattr(project, "_load_and_validate", lambda *a: llamadas.append(a[1]) or original(*a))
    assert _salida(capsys, manual) == esperado
    assert llamadas == []
    secreto = tmp_path / ".cache" / "checks" / "clave"
    assert secreto.stat().st_mode & 0o077 == 0
