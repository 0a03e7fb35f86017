"""Esquema JSON para editores: generado desde el esquema cerberus, coherente con él,
publicado en esquemas/ (al día) y aplicado a procesos_yaml/ por .vscode/settings.json."""

import copy
import random
import json
from pathlib import Path

import jsonschema
import pytest

from checks.reports import jsonschema as esquema_json
from checks import schema as cerberus_schema
from checks.cli import main as cli_main
from checks.loader import load_bytes
from tests.common import MINIMO, REPO

REAL = REPO / "procesos_yaml"

# Directorio de procesos_yaml -> tipo de esquema.
CARPETAS = {"procedimientos": "procedimiento", "coordinaciones": "coordinacion"}
CATALOGOS = {"manual.yaml": "manual", "roles.yaml": "roles", "glosario.yaml": "glosario",
             "normativa.yaml": "normativa", "excepciones.yaml": "excepciones"}


def _validador(tipo):
    return jsonschema.Draft7Validator(esquema_json.to_json_schema(tipo))


def _archivos(raiz: Path):
    for nombre, tipo in CATALOGOS.items():
        if (raiz / nombre).is_file():
            yield raiz / nombre, tipo
    for carpeta, tipo in CARPETAS.items():
        for ruta in sorted((raiz / carpeta).glob("*.yaml")):
            yield ruta, tipo


def _datos(ruta: Path):
    return load_bytes(ruta.read_bytes(), str(ruta)).data


@pytest.mark.parametrize("tipo", sorted(esquema_json.KINDS))
def test_cada_esquema_es_draft7_valido(tipo):
    jsonschema.Draft7Validator.check_schema(esquema_json.to_json_schema(tipo))


def test_hay_un_esquema_por_cada_tipo_de_archivo_de_checks():
    assert set(esquema_json.KINDS) == set(cerberus_schema.SCHEMAS)


@pytest.mark.parametrize("raiz", [REAL, MINIMO], ids=["procesos_yaml", "minimo"])
def test_todos_los_archivos_del_manual_validan(raiz):
    archivos = list(_archivos(raiz))
    assert any(t == "procedimiento" for _, t in archivos), f"sin procedimientos en {raiz}"
    fallos = []
    for ruta, tipo in archivos:
        for error in _validador(tipo).iter_errors(_datos(ruta)):
            fallos.append(f"{ruta.relative_to(REPO)}: {list(error.absolute_path)} {error.message}")
    assert not fallos, "\n".join(fallos)


def _procedimiento_valido():
    return copy.deepcopy(_datos(MINIMO / "procedimientos" / "CV-02.yaml"))


def _set(doc, ruta, valor):
    destino = doc
    for clave in ruta[:-1]:
        destino = destino[clave]
    destino[ruta[-1]] = valor


def _del(doc, ruta):
    destino = doc
    for clave in ruta[:-1]:
        destino = destino[clave]
    del destino[ruta[-1]]


# (nombre, mutación, ruta del error esperado en el esquema JSON)
MALOS = [
    ("clave_desconocida", lambda d: _set(d, ["pasos", 0, "responsable"], ["CV-INE"]), ["pasos", 0]),
    ("falta_nombre", lambda d: _del(d, ["nombre"]), []),
    ("falta_pasos", lambda d: _del(d, ["pasos"]), []),
    ("cvo_texto", lambda d: _set(d, ["pasos", 0, "cvo"], "uno"), ["pasos", 0, "cvo"]),
    ("id_con_espacios", lambda d: _set(d, ["id"], "CV 02"), ["id"]),
    ("rol_no_identificador", lambda d: _set(d, ["pasos", 0, "responsables"], ["Jefa de área"]),
     ["pasos", 0, "responsables", 0]),
    ("nombre_vacio", lambda d: _set(d, ["nombre"], ""), ["nombre"]),
    ("tratamiento_no_permitido", lambda d: _set(d, ["riesgos"], [{"id": "R-X", "tratamiento": ["ignorar"]}]),
     ["riesgos", 0, "tratamiento", 0]),
    ("vigencia_no_iso", lambda d: _set(d, ["vigencia"], "30/06/2027"), ["vigencia"]),
    ("decision_sin_opciones", lambda d: _set(d, ["pasos", 0, "decision"], {"pregunta": "¿Sí?", "opciones": []}),
     ["pasos", 0, "decision", "opciones"]),
    ("pasos_no_lista", lambda d: _set(d, ["pasos"], "ninguno"), ["pasos"]),
    ("cvo_booleano", lambda d: _set(d, ["pasos", 0, "cvo"], True), ["pasos", 0, "cvo"]),
    ("probabilidad_booleana", lambda d: _set(d, ["riesgos"], [{"id": "R-X", "probabilidad": False}]),
     ["riesgos", 0, "probabilidad"]),
]


def test_el_procedimiento_valido_pasa_en_ambos_esquemas():
    doc = _procedimiento_valido()
    assert list(_validador("procedimiento").iter_errors(doc)) == []
    assert cerberus_schema.validator_for("procedimiento").validate(doc)


@pytest.mark.parametrize("nombre,mutar,ruta", MALOS, ids=[m[0] for m in MALOS])
def test_un_archivo_malo_falla_en_ambos_esquemas_en_la_misma_ruta(nombre, mutar, ruta):
    doc = _procedimiento_valido()
    mutar(doc)
    errores = list(_validador("procedimiento").iter_errors(doc))
    assert errores, f"el esquema JSON aceptó {nombre}"
    assert ruta in [list(e.absolute_path) for e in errores]
    assert not cerberus_schema.ManualValidator(cerberus_schema.PROCEDURE).validate(doc), \
        f"cerberus aceptó {nombre}: los esquemas divergen"


def test_un_archivo_malo_en_disco_falla(tmp_path):
    malo = tmp_path / "CV-99.yaml"
    malo.write_text("id: CV-99\narea: CV-INE\nnombre: Prueba\ndescripcion: ''\nriesgos: []\n"
                    "pasos:\n  - cvo: 1\n    accion: Hacer\n    salida: [Oficio]\n", encoding="utf-8")
    errores = list(_validador("procedimiento").iter_errors(_datos(malo)))
    assert [list(e.absolute_path) for e in errores] == [["pasos", 0]]
    assert errores[0].validator == "additionalProperties"


def test_una_regla_cerberus_sin_traducir_hace_fallar_la_generacion(monkeypatch):
    monkeypatch.setitem(cerberus_schema.SCHEMAS, "procedimiento",
                        {"id": {"type": "string", "maxlength": 10}})
    with pytest.raises(esquema_json.UnsupportedRule):
        esquema_json.to_json_schema("procedimiento")


def test_un_check_with_desconocido_hace_fallar_la_generacion(monkeypatch):
    monkeypatch.setitem(cerberus_schema.SCHEMAS, "procedimiento",
                        {"id": {"type": "string", "check_with": "otro"}})
    with pytest.raises(esquema_json.UnsupportedRule):
        esquema_json.to_json_schema("procedimiento")


@pytest.mark.parametrize("tipo", sorted(esquema_json.KINDS))
def test_las_copias_publicadas_estan_al_dia(tipo):
    archivo = REPO / esquema_json.SCHEMA_DIR / esquema_json.KINDS[tipo][0]
    assert archivo.is_file(), f"falta {archivo}: python -m checks esquema --directorio esquemas"
    assert archivo.read_text(encoding="utf-8") == esquema_json.dumps(tipo), (
        f"{archivo.name} está desactualizado: ejecute python -m checks esquema --directorio esquemas")


def test_vscode_asocia_cada_esquema_a_sus_archivos():
    ajustes = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapa = ajustes["yaml.schemas"]
    for tipo, (archivo, _titulo) in esquema_json.KINDS.items():
        clave = f"./{esquema_json.SCHEMA_DIR}/{archivo}"
        assert mapa.get(clave) == esquema_json.FILE_GLOBS[tipo]
        assert (REPO / clave).is_file()


def test_cli_esquema_escribe_todos(tmp_path, capsys):
    assert cli_main(["esquema", "--directorio", str(tmp_path)]) == 0
    escritos = sorted(p.name for p in tmp_path.iterdir())
    assert escritos == sorted(a for a, _ in esquema_json.KINDS.values())
    assert cli_main(["esquema", "coordinacion"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == "coordinacion.schema.json"


# --- equivalence on random mutations ------------------------------------------------------

_RAROS = [None, "", "x", "no válido", "2024-13-01", "2024-01-15", 0, 7, True, False, [], [None], [""],
          ["CV-INE"], [1], {}, {"desconocida": 1}, {"descripcion": "x"}, "reducir", ["reducir"],
          ["inventado"], "-mal", "A" * 70, {"pregunta": "¿?", "opciones": []}]


def _contenedores(valor, hallados):
    if isinstance(valor, (dict, list)):
        hallados.append(valor)
        for hijo in (valor.values() if isinstance(valor, dict) else valor):
            _contenedores(hijo, hallados)
    return hallados


def _mutar(datos, rng):
    datos = copy.deepcopy(datos)
    destino = rng.choice(_contenedores(datos, []))
    if isinstance(destino, dict):
        accion = rng.choice(["borrar", "cambiar", "cambiar", "agregar"])
        if accion == "agregar" or not destino:
            destino[rng.choice(["desconocida", "id", "pasos", "riesgos", "rol", "nombre", "decision"])] = \
                copy.deepcopy(rng.choice(_RAROS))
        elif accion == "borrar":
            del destino[rng.choice(list(destino))]
        else:
            destino[rng.choice(list(destino))] = copy.deepcopy(rng.choice(_RAROS))
    elif destino and rng.random() < 0.7:
        destino[rng.randrange(len(destino))] = copy.deepcopy(rng.choice(_RAROS))
    elif destino:
        destino.pop(rng.randrange(len(destino)))
    else:
        destino.append(copy.deepcopy(rng.choice(_RAROS)))
    return datos


def test_ambos_esquemas_aceptan_y_rechazan_lo_mismo():
    """JSON Schema and cerberus agree on thousands of mutated real documents (both ways)."""
    documentos = [(t, _datos(r)) for raiz in (REAL, MINIMO) for r, t in _archivos(raiz)]
    validadores = {t: _validador(t) for t in esquema_json.KINDS}
    rng = random.Random(2026)
    rechazados = aceptados = 0
    for _ in range(1200):
        tipo, datos = rng.choice(documentos)
        mutado = _mutar(datos, rng)
        if rng.random() < 0.4:
            mutado = _mutar(mutado, rng)
        por_cerberus = cerberus_schema.validator_for(tipo).validate(mutado)
        por_json = validadores[tipo].is_valid(mutado)
        assert por_cerberus == por_json, (tipo, por_cerberus, por_json, mutado)
        rechazados += not por_json
        aceptados += por_json
    assert rechazados > 400 and aceptados > 50        # both outcomes are exercised
