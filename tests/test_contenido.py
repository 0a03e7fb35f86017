"""Contenido del manual 2023 en procesos_yaml/: recuentos y comprobaciones puntuales.

Estas pruebas fijan lo que dice el manual. Si una cambia, es porque cambió el contenido:
revise el cambio contra el manual antes de ajustar la prueba. El manual se lee sólo a
través del cargador del proyecto (``checks``).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from checks import check, load_manual
from checks.model import fold
from tests.common import REPO

PROCESOS = REPO / "procesos_yaml"

PASOS = {
    "CV-01": 8, "CV-02": 6,
    "SPE-01": 10, "SPE-02": 17, "SPE-03": 5, "SPE-04": 10, "SPE-05": 5,
    "SPE-06": 12, "SPE-07": 11, "SPE-08": 7, "SPE-09": 7, "SPE-10": 2,
}
ORDEN_MANUAL = list(PASOS)

# (procedimiento, paso) de cada hallazgo PRC002 real del manual 2023: «N/A» o celda vacía.
SIN_SALIDA = {
    ("CV-01", 1), ("CV-01", 3), ("CV-01", 8),
    ("CV-02", 3), ("CV-02", 4), ("CV-02", 6),
    ("SPE-02", 4), ("SPE-02", 5),
    ("SPE-03", 2), ("SPE-03", 3), ("SPE-03", 4), ("SPE-03", 5),
    ("SPE-04", 3), ("SPE-04", 5),
    ("SPE-06", 2), ("SPE-06", 7), ("SPE-06", 8),
    ("SPE-07", 6),
    ("SPE-08", 3),
    ("SPE-09", 1),
}
# (procedimiento, riesgo) de cada riesgo cuya matriz no deja leer el impacto (RSK001), y el
# salto de numeración de SPE-07 (NUM001: del 6 pasa al 8). Hallazgos de las reglas de issue 5.
SIN_IMPACTO = {
    ("SPE-01", "R-SPE-01"), ("SPE-02", "R-SPE-02"), ("SPE-03", "R-SPE-03"), ("SPE-04", "R-SPE-04"),
    ("SPE-05", "R-SPE-05"), ("SPE-06", "R-SPE-06"), ("SPE-06", "R-SPE-07"), ("SPE-07", "R-SPE-08"),
    ("SPE-08", "R-SPE-09"), ("SPE-09", "R-SPE-10"), ("SPE-10", "R-SPE-11"),
}
SALTO_NUMERACION = {("SPE-07", 8)}
ERRORES = Counter({"PRC002": 20, "RSK001": 27, "NUM001": 1, "VER001": 4})


@pytest.fixture(scope="module")
def cargado():
    return load_manual(PROCESOS)


@pytest.fixture(scope="module")
def manual(cargado):
    return cargado.manual


def paso(manual, proc_id, cvo):
    step = manual.procedures[proc_id].step(cvo)
    assert step is not None, f"{proc_id} no tiene paso {cvo}"
    return step


# --- carga y cumplimiento -------------------------------------------------------------

def test_carga_sin_problemas_estructurales(cargado):
    assert [str(p) for p in cargado.problems] == []
    assert cargado.catalog_ok
    assert cargado.files == 19


def test_sin_errores_bloqueantes():
    informe = check(PROCESOS, today=dt.date(2026, 1, 1))
    assert [str(p) for p in informe.blocking] == []


def test_cada_hallazgo_tiene_su_excepcion_y_nada_mas():
    informe = check(PROCESOS, today=dt.date(2026, 1, 1))
    assert all(p.excepted for p in informe.errors)
    assert Counter(p.rule for p in informe.errors) == ERRORES
    assert {(p.subject, p.step) for p in informe.errors if p.rule == "PRC002"} == SIN_SALIDA
    assert {(p.subject, p.risk) for p in informe.errors if p.rule == "RSK001"} == SIN_IMPACTO
    assert {(p.subject, p.step) for p in informe.errors if p.rule == "NUM001"} == SALTO_NUMERACION


def test_excepciones_explicitas_y_revisables(manual):
    assert len(manual.exceptions) == 20 + len(SIN_IMPACTO) + len(SALTO_NUMERACION) + 1   # + VER001 firmas
    assert {(e.subject, e.step) for e in manual.exceptions if e.rule == "PRC002"} == SIN_SALIDA
    assert {(e.subject, e.risk) for e in manual.exceptions if e.rule == "RSK001"} == SIN_IMPACTO
    assert {(e.subject, e.step) for e in manual.exceptions if e.rule == "NUM001"} == SALTO_NUMERACION
    [firmas] = [e for e in manual.exceptions if e.rule == "VER001"]
    assert (firmas.subject, firmas.resolver, firmas.act, firmas.expires) == ("manual", "DEVySPE", None, "2027-06-30")
    for exc in manual.exceptions:
        if exc.rule == "VER001":
            continue
        assert exc.resolver == ("CV-INE" if exc.subject.startswith("CV-") else "CSPE")
        assert exc.act is None
        assert exc.expires == "2027-06-30"
        assert exc.reason.startswith("El manual 2023 ")
        if exc.rule != "PRC002":
            continue
        step = paso(manual, exc.subject, exc.step)
        if step.outputs:
            assert exc.reason == 'El manual 2023 registra "N/A" como salida de este paso.'
            assert step.outputs == ("N/A",)
        else:
            assert exc.reason == "El manual 2023 deja vacía la celda de salida de este paso."


def test_las_excepciones_vencen_el_30_de_junio_de_2027():
    vigente = check(PROCESOS, today=dt.date(2027, 6, 30))
    assert vigente.blocking == []
    vencido = check(PROCESOS, today=dt.date(2027, 7, 1))
    assert Counter(p.rule for p in vencido.blocking) == ERRORES + Counter({"EXC001": 33})


# --- manual.yaml ----------------------------------------------------------------------

def test_datos_generales(manual):
    info = manual.info
    assert info.title == "Manual de Procedimientos"
    assert info.unit == "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral"
    assert info.unit_acronym == "DEVySPE"
    assert info.institution == "Instituto Electoral de Michoacán"
    assert info.year == 2023
    assert info.version == "2023"


def test_hojas_de_firmas(manual):
    firmas = {f["tipo"]: f for f in manual.info.signatures}
    assert set(firmas) == {"revision", "validacion"}
    assert [(x["nombre"], x["puesto"], x["rol"]) for x in firmas["revision"]["firmantes"]] == [
        ("Lic. Cupertino Blancas Cortez", "Coordinador de Vinculación con el Instituto Nacional Electoral", "CV-INE"),
        ("Mtro. José Julio Gonzalo Vargas Zacarías", "Coordinador del Servicio Profesional Electoral", "CSPE"),
    ]
    assert [(x["nombre"], x["puesto"], x["rol"]) for x in firmas["validacion"]["firmantes"]] == [
        ("Lic. Juan José Moreno Cisneros", "Director Ejecutivo de Vinculación y Servicio Profesional Electoral",
         "DEVySPE"),
    ]
    assert firmas["revision"]["titulo"].startswith("REVISIÓN DEL MANUAL DE PROCEDIMIENTOS")
    assert firmas["validacion"]["titulo"].startswith("VALIDACIÓN DEL MANUAL DE PROCEDIMIENTOS")


def test_introduccion_antecedentes_y_objetivos(manual):
    info = manual.info
    assert len(info.introduction) == 6
    assert "oficio IEM-DEAPyPP-C-003/2023" in info.introduction[3]
    assert len(info.background) == 8
    citas = [b for b in info.background if isinstance(b, dict)]
    assert len(citas) == 1
    assert citas[0]["fuente"] == "Artículo 34"
    assert citas[0]["cita"].startswith("Fracción XXXI. Nombrar y remover al Secretario Ejecutivo")
    assert "Acuerdo IEM-CG-24/2014" in info.background[6]
    assert info.legal_intro.startswith("Los fundamentos normativos")
    assert len(info.objectives) == 5
    assert info.objectives[2] == "Fungir como el Órgano de Enlace a cargo de los asuntos del Servicio;"
    assert info.scope_intro.startswith("Con fundamento en el artículo 58 del Reglamento Interior del IEM")


def test_estructura_organica(manual):
    raiz = manual.info.structure
    assert raiz["rol"] == "DIRECCION"
    hijos = raiz["dependientes"]
    assert [h["rol"] for h in hijos] == ["CV-INE", "CSPE"]
    assert [n["nombre"] for n in hijos[0]["dependientes"]] == [
        "Área Técnica de Vinculación con el Instituto Nacional Electoral"]
    assert "dependientes" not in hijos[1]


def test_lagunas_del_documento(manual):
    texto = " ".join(manual.info.gaps)
    assert "organigrama era una imagen" in texto
    assert "«Pertenece al Servicio.»" in texto
    assert "misión y visión" in texto
    assert "FIRMA y RÚBRICA" in texto
    assert "1.4" in texto


# --- catálogos -------------------------------------------------------------------------

def test_glosario(manual):
    terminos = [t.term for t in manual.terms]
    assert terminos == ["Comisión", "Consejo General", "CSPE", "CV-INE", "DESPEN", "Dirección", "DEVySPE",
                        "Estatuto", "IEM", "INE", "Servicio", "SIVOPLE", "SIISPEN", "TV-INE"]
    assert sum(t.acronym for t in manual.terms) == 9
    for term in manual.terms:
        if term.role:
            assert term.role in manual.roles, term.term


def test_normativa_por_ambito(manual):
    assert len(manual.norms) == 37
    assert Counter(n.scope for n in manual.norms.values()) == Counter({"federal": 17, "local": 6, "interno": 14})
    ids = list(manual.norms)
    assert ids[:4] == ["CPEUM", "LGIPE", "RE-INE", "ESTATUTO"]
    assert manual.norms["ESTATUTO"].abbreviation == "Estatuto"
    internas = [n.id for n in manual.norms.values() if n.scope == "interno"]
    assert internas[0] == "RI-IEM" and internas[-1] == "SUPLETORIOS"
    assert "COD-ETICA" in internas and "ACUERDOS-CG" in internas
    assert manual.norms["LIN-ASESORIAS"].scope == "federal"
    assert manual.norms["LEY-RESPONSABILIDADES"].scope == "local"


def test_roles(manual):
    assert len(manual.roles) == 27
    definidos = {r.id for r in manual.roles.values() if r.defined}
    assert definidos == {"DEVySPE", "DIRECCION", "CV-INE", "TV-INE", "CSPE", "COMISION", "CONSEJO-GENERAL",
                         "DESPEN", "INE"}
    roles = manual.roles
    assert roles["DEVySPE"].kind == "persona"
    assert roles["DIRECCION"].kind == "unidad"
    assert roles["COMISION"].kind == "organo_colegiado"
    assert roles["CONSEJO-GENERAL"].kind == "organo_colegiado"
    assert roles["DESPEN"].kind == "organo_externo"
    assert roles["SECRETARIA-EJECUTIVA"].kind == "unidad" and not roles["SECRETARIA-EJECUTIVA"].defined
    assert roles["COMITE-DICTAMINADOR"].kind == "organo_colegiado" and not roles["COMITE-DICTAMINADOR"].defined


def _resolver(manual):
    tabla = {}
    for role in manual.roles.values():
        for name in (role.id, role.name, *role.synonyms):
            tabla.setdefault(fold(name), set()).add(role.id)
    return tabla


def test_sinonimos_resuelven_a_un_solo_rol(manual):
    tabla = _resolver(manual)
    ambiguos = {k: v for k, v in tabla.items() if len(v) > 1}
    assert ambiguos == {}
    assert tabla[fold("Órgano de Enlace")] == {"DIRECCION"}
    assert tabla[fold("Dirección Ejecutiva")] == {"DIRECCION"}
    assert tabla[fold("Órgano Superior de Dirección")] == {"CONSEJO-GENERAL"}
    assert tabla[fold("Comisión de Seguimiento")] == {"COMISION"}
    assert tabla[fold("Comisión del Servicio")] == {"COMISION"}
    assert tabla[fold("Comisión del Servicio del INE")] == {"COMISION-SERVICIO-INE"}
    assert tabla[fold("Secretaría Ejecutiva del IEM")] == {"SECRETARIA-EJECUTIVA"}


def test_todo_responsable_y_carril_esta_en_el_catalogo(manual):
    usados = set()
    for proc in manual.procedures.values():
        for step in proc.steps:
            usados.update(step.responsibles or ())
        if proc.flowchart:
            usados.update(lane.role for lane in proc.flowchart.lanes)
    for coord in manual.coordinations.values():
        usados.add(coord.role)
        usados.update(d.role for d in coord.duties)
    assert usados <= set(manual.roles)
    assert {"FUNCIONARIADO-DESIGNADO", "PERSONAL-INTERESADO", "AREA-EJECUTIVA-CORRESPONDIENTE",
            "INSTANCIAS-CON-PERSONAL-SPEN", "PETICION-DE-PARTE", "AREAS-ADSCRIPCION",
            "CONSEJERIA-PRESIDENCIA-COMISION", "SECRETARIA-EJECUTIVA", "COMITE-DICTAMINADOR"} <= usados


# --- coordinaciones ----------------------------------------------------------------------

def test_coordinacion_cv_ine(manual):
    coord = manual.coordinations["CV-INE"]
    assert coord.number == "1" and coord.role == "CV-INE"
    assert coord.objective.startswith("Coordinar y dar el seguimiento")
    assert len(coord.rules) == 1
    assert [(d.role, len(d.duties)) for d in coord.duties] == [("DEVySPE", 1), ("CV-INE", 6), ("TV-INE", 10)]
    assert [d.number for d in coord.duties[2].duties] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII",
                                                          "IX", "X"]
    assert [(s.number, s.name) for s in coord.systems] == [
        ("2", "Correo electrónico institucional"), ("3", "Bitácoras de control y seguimiento"), ("4", "SIVOPLE")]
    texto = " ".join(coord.gaps)
    assert "1.4" in texto and "número 2" in texto


def test_coordinacion_cspe(manual):
    coord = manual.coordinations["CSPE"]
    assert coord.number == "2" and coord.role == "CSPE"
    assert len(coord.rules) == 2
    assert [(d.role, len(d.duties)) for d in coord.duties] == [("DEVySPE", 15), ("CSPE", 6)]
    assert coord.duties[0].duties[14].text == "Las demás que determine la normativa aplicable."
    assert [(s.number, s.name) for s in coord.systems] == [
        ("1", "Correo electrónico institucional"), ("2", "Bitácoras de control y seguimiento (Excel)")]
    assert len(coord.introduction) == 2
    assert coord.risks == ()


# --- procedimientos ------------------------------------------------------------------------

def test_procedimientos_y_pasos(manual):
    assert sorted(manual.procedures) == sorted(ORDEN_MANUAL)
    assert {p.id: len(p.steps) for p in manual.procedures.values()} == PASOS
    assert sum(PASOS.values()) == 100
    assert [p.id for p in manual.procedures_of("CV-INE")] == ["CV-01", "CV-02"]
    assert [p.id for p in manual.procedures_of("CSPE")] == ORDEN_MANUAL[2:]


def test_numeracion_consecutiva_salvo_spe07(manual):
    for proc in manual.procedures.values():
        cvos = [s.cvo for s in proc.steps]
        if proc.id == "SPE-07":
            assert cvos == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
        else:
            assert cvos == list(range(1, len(cvos) + 1)), proc.id


def test_secciones(manual):
    secciones = {p.id: p.section for p in manual.procedures.values()}
    assert {secciones[f"SPE-0{i}"] for i in range(1, 6)} == {"Carrera Profesional Electoral"}
    assert secciones["SPE-06"] == secciones["SPE-07"] == "De la Profesionalización"
    assert secciones["SPE-08"] == secciones["SPE-09"] == secciones["SPE-10"] == "De la Planeación del Servicio"


def test_descripciones(manual):
    procs = manual.procedures
    assert procs["CV-01"].description == procs["CV-02"].description == ""
    assert procs["SPE-01"].description.count("\n\n") == 2
    assert procs["SPE-06"].description.split("\n\n")[1] == "Programa de Formación"
    assert procs["SPE-06"].description.split("\n\n")[3] == "Mecanismo de Capacitación"
    assert "Comisión del Servicio del INE" in " ".join(procs["SPE-02"].description.split())
    for proc in procs.values():
        if proc.id.startswith("SPE-"):
            assert proc.description.strip(), proc.id


def test_cv01_paso_2(manual):
    step = paso(manual, "CV-01", 2)
    assert step.action.startswith("Lectura y análisis de su contenido para la elaboración de la Tarjeta")
    assert step.responsibles == ("CV-INE", "TV-INE")
    assert step.inputs == ("Oficio", "Circular", "Consulta", "Acuerdo", "Resolución", "Formatos")
    assert step.outputs == ("Tarjeta informativa",)


def test_cv01_paso_5_y_cv02_paso_1_de_la_direccion(manual):
    assert paso(manual, "CV-01", 5).responsibles == ("DIRECCION",)
    assert paso(manual, "CV-01", 5).outputs == ("Acuse de recibo",)
    assert paso(manual, "CV-02", 1).responsibles == ("DIRECCION",)
    assert paso(manual, "CV-02", 1).outputs == ("Acuse de recibido",)
    assert paso(manual, "CV-02", 4).inputs == ("Oficio", "Correo electrónico")


def test_spe01_pasos_4_y_9(manual):
    step = paso(manual, "SPE-01", 4)
    assert step.responsibles == ("CSPE", "FUNCIONARIADO-DESIGNADO")
    assert step.inputs == ("Lista", "Oficios de designación")
    assert step.outputs == ("Oficio para solicitar la publicación de las listas",
                            "Oficios a las personas funcionarias que llevarán a cabo el cotejo documental en el IEM")
    step = paso(manual, "SPE-01", 9)
    assert step.responsibles == ("CONSEJO-GENERAL",)
    assert step.outputs[-1] == "Acuerdo de la Comisión"
    assert "Consejo General del IEM" in step.note


def test_spe02_pasos_1_3_y_17(manual):
    step = paso(manual, "SPE-02", 1)
    assert step.responsibles == ("CONSEJO-GENERAL", "CONSEJERIA-PRESIDENCIA-COMISION", "SECRETARIA-EJECUTIVA")
    assert "Consejo General a través de la Consejería que presida la Comisión" in step.note
    assert paso(manual, "SPE-02", 3).responsibles == ("CSPE", "DEVySPE", "COMISION", "CONSEJO-GENERAL")
    assert paso(manual, "SPE-02", 5).responsibles == ("PERSONAL-INTERESADO",)
    step = paso(manual, "SPE-02", 17)
    assert step.action.startswith("Para cada Certamen Interno, se designará un Comité Dictaminador")
    assert step.responsibles == ("COMISION", "COMITE-DICTAMINADOR")
    assert step.inputs == ("Estatuto y Lineamientos",)
    assert step.outputs == ("Acuerdos",)
    assert "Las personas designadas para integrar el Comité Dictaminador" in step.note


def test_spe03_salidas_vacias(manual):
    proc = manual.procedures["SPE-03"]
    assert [s.outputs for s in proc.steps] == [("Acuerdo de la Comisión",), (), (), (), ()]
    assert paso(manual, "SPE-03", 4).inputs == ()


def test_spe04_paso_5_despen(manual):
    step = paso(manual, "SPE-04", 5)
    assert step.action == "La DESPEN revisa la viabilidad y otorga el visto bueno a la propuesta."
    assert step.responsibles == ("DESPEN",)
    assert step.inputs == ("Circular/Oficio",)
    assert step.outputs == ("N/A",)
    assert paso(manual, "SPE-04", 1).responsibles == ("AREA-EJECUTIVA-CORRESPONDIENTE",)
    assert paso(manual, "SPE-04", 2).responsibles == ("INSTANCIAS-CON-PERSONAL-SPEN",)
    assert paso(manual, "SPE-04", 10).responsibles == ("SECRETARIA-EJECUTIVA",)


def test_spe05_paso_1_peticion_de_parte(manual):
    step = paso(manual, "SPE-05", 1)
    assert step.responsibles == ("PETICION-DE-PARTE",)
    assert paso(manual, "SPE-05", 4).responsibles == ("DEVySPE", "COMISION", "CONSEJO-GENERAL")


def test_spe07_sin_paso_7(manual):
    proc = manual.procedures["SPE-07"]
    assert proc.step(7) is None
    assert paso(manual, "SPE-07", 8).action.startswith("Recabar o solicitar al personal evaluador")
    assert paso(manual, "SPE-07", 1).responsibles == ("COMISION", "DEVySPE")
    assert any("paso 7" in g for g in proc.gaps)


def test_pasos_unidos_tras_salto_de_pagina(manual):
    step = paso(manual, "SPE-08", 5)
    assert step.responsibles == ("COMISION",)
    assert step.action.endswith("previo conocimiento de la Comisión del Servicio.")
    assert step.outputs == ("Oficio dirigido a la Secretaría del IEM, para someter a consideración del Consejo "
                            "General",)
    step = paso(manual, "SPE-09", 3)
    assert step.outputs == ("Propuesta de nuevo programa de incentivos de ser el caso", "Oficio de remisión")
    step = paso(manual, "SPE-10", 1)
    assert step.action.endswith("respecto a sanciones y medidas cautelares.")
    assert paso(manual, "SPE-10", 2).responsibles == ("DEVySPE", "AREAS-ADSCRIPCION")


def test_normativa_de_procedimientos(manual):
    normas = {p.id: p.norms for p in manual.procedures.values()}
    assert normas["SPE-04"] == ("ESTATUTO", "LIN-ENCARGOS")
    for proc_id in ("CV-01", "CV-02", "SPE-01", "SPE-03", "SPE-06"):
        assert normas[proc_id] == ()
    for refs in normas.values():
        assert set(refs) <= set(manual.norms)


# --- flujogramas ---------------------------------------------------------------------------

def test_flujogramas_textuales(manual):
    con = {p.id: p.flowchart for p in manual.procedures.values() if p.flowchart}
    assert sorted(con) == ["SPE-04", "SPE-05", "SPE-08", "SPE-09", "SPE-10"]
    for flow in con.values():
        assert [lane.role for lane in flow.lanes] == ["DESPEN", "DIRECCION"]
        assert flow.lanes[1].title == "Órgano de Enlace/CSPE"
    assert {k: len(f.documents) for k, f in con.items()} == {
        "SPE-04": 9, "SPE-05": 7, "SPE-08": 5, "SPE-09": 4, "SPE-10": 4}
    assert {k: tuple(len(lane.activities) for lane in f.lanes) for k, f in con.items()} == {
        "SPE-04": (0, 7), "SPE-05": (1, 6), "SPE-08": (3, 6), "SPE-09": (1, 2), "SPE-10": (3, 7)}


def test_flujogramas_perdidos_son_lagunas(manual):
    for proc_id in ("CV-01", "CV-02", "SPE-01", "SPE-02", "SPE-03", "SPE-06", "SPE-07"):
        proc = manual.procedures[proc_id]
        assert proc.flowchart is None
        assert any("flujograma" in g.lower() for g in proc.gaps), proc_id
    assert any("carril DESPEN" in g for g in manual.procedures["SPE-04"].gaps)


# --- riesgos -------------------------------------------------------------------------------

def test_riesgos_por_dueno(manual):
    riesgos = manual.all_risks()
    assert len(riesgos) == 13
    assert [r.id for r in manual.coordinations["CV-INE"].risks] == ["R-CV-01", "R-CV-02"]
    assert {p.id: [r.id for r in p.risks] for p in manual.procedures.values()} == {
        "CV-01": [], "CV-02": [],
        "SPE-01": ["R-SPE-01"], "SPE-02": ["R-SPE-02"], "SPE-03": ["R-SPE-03"], "SPE-04": ["R-SPE-04"],
        "SPE-05": ["R-SPE-05"], "SPE-06": ["R-SPE-06", "R-SPE-07"], "SPE-07": ["R-SPE-08"],
        "SPE-08": ["R-SPE-09"], "SPE-09": ["R-SPE-10"], "SPE-10": ["R-SPE-11"],
    }
    etiquetas = [r.label for p in manual.procedures.values() for r in p.risks]
    assert etiquetas == ["CONCURSO", "ASCENSO", "CAMBIO DE ADSCRIPCIÓN Y ROTACIÓN", "ENCARGOS DE DESPACHO",
                         "REINGRESO Y REINCORPORACIÓN", "PROGRAMA DE FORMACIÓN", "MECANISMO DE CAPACITACIÓN",
                         "EVALUACIÓN DEL DESEMPEÑO", "TITULARIDAD Y PROMOCIÓN", "INCENTIVOS",
                         "PERMANENCIA Y DISCIPLINA"]


def test_riesgos_cv_ine(manual):
    r1, r2 = manual.coordinations["CV-INE"].risks
    assert r1.description.startswith("De índole tecnológico por fallas en el sistema de Vinculación")
    assert r2.description == "No cumplir en tiempo una solicitud del INE por parte de las áreas del IEM."
    for risk in (r1, r2):
        assert (risk.probability, risk.impact, risk.level) == (1, 1, 1)
        r = risk.reassessment
        assert (r.probability, r.impact, r.level) == (1, 1, 1)
        assert risk.treatment == ()
        assert any("NR = 1" in g for g in risk.gaps)
    assert r1.actions == "Comunicación Institucional alterna"
    assert r2.start_date == "Durante el pazo establecido."


def test_riesgos_cspe_lo_legible_y_lo_ilegible(manual):
    por_id = {r.id: r for r in manual.all_risks()}
    r = por_id["R-SPE-01"]
    assert r.description == "Que no se presenten a tomar posesión del puesto"
    assert (r.probability, r.impact, r.level, r.start_date) == (1, None, None, "2025")
    assert (r.reassessment.probability, r.reassessment.impact, r.reassessment.level) == (1, 1, 1)
    assert por_id["R-SPE-04"].probability == 3
    assert por_id["R-SPE-04"].start_date == "2022-2025"
    assert por_id["R-SPE-06"].actions == "Se postpone"
    assert por_id["R-SPE-09"].reassessment is None
    for rid in ("R-SPE-03", "R-SPE-05", "R-SPE-07", "R-SPE-10", "R-SPE-11"):
        re_ = por_id[rid].reassessment
        assert (re_.probability, re_.impact, re_.level) == (None, None, None), rid
    for rid, risk in por_id.items():
        assert risk.treatment == (), rid          # ninguna columna de tratamiento es legible
        assert risk.gaps, rid                     # y cada riesgo explica qué se perdió
        if rid.startswith("R-SPE-"):
            assert risk.impact is None and risk.level is None, rid


def test_tratamiento_de_riesgos_ilegible_en_la_matriz(manual):
    """Ninguna fila de las matrices 1.7 y 2.7 deja leer sus marcas de tratamiento: se registra
    como ilegible (``tratamiento: null``), no como «sin tratamiento»."""
    riesgos = manual.all_risks()
    assert len(riesgos) == 13
    assert [r.id for r in riesgos if r.treatment_known] == []
    assert all(r.treatment == () for r in riesgos)
