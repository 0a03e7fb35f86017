"""Synthetic manuals for the benchmark: ``python benchmarks/generar.py N DESTINO``.

Writes a complete, valid ``procesos_yaml``-style directory with ``N`` procedures spread over
``ceil(N / 50)`` coordinations (at most 50 procedures each, so 1,000 procedures give 20
coordinations × 50, the grouping the site's navigation uses). Each procedure has about ten
steps (8–12) with several responsible roles, inputs and outputs (documents), one decision,
two or three risks, referenced norms, an objective, a description and a textual flowchart.
The content is deterministic (seeded) and uses accented Spanish text like the real manual.

The catalogues (``manual.yaml``, ``glosario.yaml``, ``normativa.yaml``) start from the small
valid manual in ``tests/datos/minimo`` and are extended with the synthetic roles, norms and
terms every procedure refers to, so cross-file rules have real references to resolve.
"""
from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from pathlib import Path

import yaml

_RAIZ_REPO = Path(__file__).resolve().parents[1]
if str(_RAIZ_REPO) not in sys.path:
    sys.path.insert(0, str(_RAIZ_REPO))
from checks.commands.base import SpanishArgumentParser  # noqa: E402  (ayuda y errores en español)

ROOT = Path(__file__).resolve().parent.parent
MINIMO = ROOT / "tests" / "datos" / "minimo"
PER_COORDINATION = 50

_VERBS = ["Recepción", "Elaboración", "Revisión", "Validación", "Análisis", "Notificación", "Registro",
          "Integración", "Publicación", "Archivo", "Envío", "Seguimiento", "Aprobación", "Atención"]
_OBJECTS = ["del oficio de solicitud", "de la tarjeta informativa", "del expediente del miembro del Servicio",
            "de la convocatoria del concurso público", "del informe trimestral", "de la minuta de trabajo",
            "del acuerdo del Consejo General", "de la evaluación del desempeño", "del programa de formación",
            "de la constancia de participación", "de la consulta remitida por el INE",
            "de la resolución de la Junta Estatal Ejecutiva"]
_TAILS = ["para su atención en tiempo y forma.", "conforme a los Lineamientos aplicables.",
          "mediante el SIVOPLE y el correo electrónico institucional.", "y su registro en la bitácora.",
          "para firma de la persona titular de la Dirección Ejecutiva.", "con copia a las áreas involucradas."]
_DOCUMENTS = ["Oficio", "Tarjeta informativa", "Acuse de recibo", "Minuta", "Informe", "Expediente",
              "Convocatoria", "Acuerdo", "Constancia", "Lista de asistencia", "Dictamen", "Formato de evaluación",
              "Circular", "Reporte del SIVOPLE", "Calendario de actividades", "Nota informativa"]
_RISKS = ["Que la información no se entregue en los plazos establecidos",
          "Que el expediente esté incompleto al momento de la revisión",
          "Que se notifique a un área distinta de la competente",
          "Que no se cuente con el personal suficiente durante el proceso electoral",
          "Que el sistema informático no esté disponible",
          "Que la documentación contenga errores de captura"]
_TREATMENTS = ["evitar", "reducir", "compartir", "transferir", "asumir"]
_SECTIONS = ["Ingreso", "Profesionalización", "Evaluación del desempeño", "Incentivos", "Cambios de adscripción",
             "Vinculación", "Disciplina", "Titularidad"]


_COUNTER = [0]


def _sentence(rng: random.Random) -> str:
    """A sentence that is unique in the manual (a folio number), as real texts are: no rule
    or renderer can profit from repeated text that a real manual would not have."""
    _COUNTER[0] += 1
    return (f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)[:-1]}, "
            f"con el folio {_COUNTER[0]} de {rng.choice(_SECTIONS).lower()}.")


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False, width=100)


def coordination_ids(n_procedures: int) -> list[str]:
    count = max(1, math.ceil(n_procedures / PER_COORDINATION))
    return [f"CO{c:02d}" for c in range(1, count + 1)]


def procedure_path(dest: Path, index: int) -> Path:
    """File of the ``index``-th procedure (0-based), e.g. to modify it in a benchmark."""
    return dest / "procedimientos" / f"P{index + 1:04d}.yaml"


def generate(n_procedures: int, dest: Path, seed: int = 2023) -> Path:
    """Write a synthetic manual with ``n_procedures`` procedures into ``dest`` (replaced)."""
    rng = random.Random(seed)
    _COUNTER[0] = 0
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    base_roles = yaml.safe_load((MINIMO / "roles.yaml").read_text(encoding="utf-8"))["roles"]
    glossary = yaml.safe_load((MINIMO / "glosario.yaml").read_text(encoding="utf-8"))
    norms = yaml.safe_load((MINIMO / "normativa.yaml").read_text(encoding="utf-8"))
    shutil.copy(MINIMO / "manual.yaml", dest / "manual.yaml")

    coords = coordination_ids(n_procedures)
    roles = list(base_roles)
    coord_roles: dict[str, list[str]] = {}
    for number, cid in enumerate(coords, 1):
        head, tech, analyst = f"R-{cid}", f"T-{cid}", f"A-{cid}"
        roles.append({"id": head, "nombre": f"Coordinación sintética {number} de la Dirección Ejecutiva",
                      "tipo": "unidad", "siglas": head, "definido_en_manual": True})
        roles.append({"id": tech, "nombre": f"Técnica / Técnico de la coordinación sintética {number}",
                      "tipo": "persona", "siglas": tech, "definido_en_manual": True})
        roles.append({"id": analyst, "nombre": f"Analista de la coordinación sintética {number}",
                      "tipo": "persona", "definido_en_manual": True})
        coord_roles[cid] = [head, tech, analyst, "DEVySPE", "DIRECCION", "CV-INE", "TV-INE"]
        glossary["terminos"].append({"termino": head, "definicion": f"Coordinación sintética {number}.",
                                     "sigla": True, "rol": head})
    for k in range(1, 9):
        norms["normas"].append({"id": f"LIN-{k:02d}", "nombre": f"Lineamientos sintéticos número {k} del Instituto.",
                                "ambito": rng.choice(["federal", "local", "interno"])})
    for term, definition in (("INE", "Instituto Nacional Electoral."), ("IEM", "Instituto Electoral de Michoacán.")):
        if all(t["termino"] != term for t in glossary["terminos"]):
            glossary["terminos"].append({"termino": term, "definicion": definition, "sigla": True})
    norm_ids = [n["id"] for n in norms["normas"]]
    _dump(dest / "roles.yaml", {"roles": roles})
    _dump(dest / "glosario.yaml", glossary)
    _dump(dest / "normativa.yaml", norms)

    for number, cid in enumerate(coords, 1):
        head, tech, analyst = coord_roles[cid][:3]
        _dump(dest / "coordinaciones" / f"{cid}.yaml", {
            "id": cid, "numero": str(number), "nombre": f"Coordinación sintética {number}", "rol": head,
            "objetivo": _paragraph(rng, 2),
            "reglas_operacion": [_paragraph(rng, 2) for _ in range(3)],
            "roles_responsabilidades": [
                {"rol": r, "titulo": f"Puesto {r}",
                 "responsabilidades": [{"numero": roman, "texto": _sentence(rng)} for roman in ("I", "II", "III")]}
                for r in (head, tech, analyst)],
            "sistemas_informacion": [{"numero": "1", "nombre": "SIVOPLE"},
                                     {"numero": "2", "nombre": "Correo electrónico institucional"}],
            "riesgos": [_risk(rng, f"R-{cid}-G1")],
            "lagunas": [],
        })

    for index in range(n_procedures):
        cid = coords[index // PER_COORDINATION]
        _dump(procedure_path(dest, index), _procedure(rng, index, cid, coord_roles[cid], norm_ids))
    return dest


def _risk(rng: random.Random, rid: str) -> dict:
    p, i = rng.randint(1, 3), rng.randint(1, 3)
    p2 = max(1, p - 1)
    return {"id": rid, "etiqueta": rng.choice(["PLAZOS", "EXPEDIENTE", "SISTEMA", "PERSONAL"]),
            "descripcion": rng.choice(_RISKS), "probabilidad": p, "impacto": i, "nivel": p * i,
            "tratamiento": [rng.choice(_TREATMENTS)], "acciones": _sentence(rng), "fecha_inicio": "2025",
            "revaloracion": {"probabilidad": p2, "impacto": i, "nivel": p2 * i}}


def _procedure(rng: random.Random, index: int, cid: str, role_pool: list[str], norm_ids: list[str]) -> dict:
    pid = procedure_path(Path("."), index).stem
    n_steps = rng.randint(8, 12)
    external = rng.sample(_DOCUMENTS, 2)
    available = list(external)             # documents an input may come from (DOC001)
    steps = []
    for cvo in range(1, n_steps + 1):
        owners = rng.sample(role_pool, rng.choice([1, 1, 2, 2, 3]))
        outputs = rng.sample(_DOCUMENTS, rng.randint(1, 2))
        step = {"cvo": cvo, "accion": _sentence(rng), "responsables": owners,
                "insumos": rng.sample(available, min(len(available), rng.randint(1, 3))),
                "salidas": outputs}
        available.extend(o for o in outputs if o not in available)
        if rng.random() < 0.2:
            step["nota"] = "Celda de responsables en el manual: «" + " ".join(owners) + "»."
        steps.append(step)
    decision_at = rng.randint(2, n_steps - 2)
    steps[decision_at - 1]["decision"] = {
        "pregunta": "¿La documentación está completa?",
        "opciones": [{"etiqueta": "Sí", "ir_a": decision_at + 1}, {"etiqueta": "No", "ir_a": 1}]}
    lanes = []
    for role in sorted({r for s in steps for r in s["responsables"]}):
        lanes.append({"rol": role, "actividades": [s["accion"] for s in steps if role in s["responsables"]][:3]})
    return {
        "id": pid, "area": cid,
        "nombre": f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (procedimiento sintético {index + 1})",
        "seccion": rng.choice(_SECTIONS),
        "descripcion": _paragraph(rng, 3) + "\n\n" + _paragraph(rng, 2),
        "objetivo": _paragraph(rng, 1),
        "normativa": rng.sample(norm_ids, 2),
        "documentos_externos": external,
        "pasos": steps,
        "riesgos": [_risk(rng, f"R-{pid}-{k}") for k in range(1, rng.randint(2, 3) + 1)],
        "flujograma": {"carriles": lanes, "documentos": sorted({d for s in steps for d in s["salidas"]})[:4]},
        "lagunas": [],
    }


def main(argv=None) -> int:
    parser = SpanishArgumentParser(description="Genera un manual sintético válido para el benchmark.")
    parser.add_argument("procedimientos", type=int, help="número de procedimientos")
    parser.add_argument("destino", type=Path, help="directorio a crear (se reemplaza si existe)")
    parser.add_argument("--semilla", type=int, default=2023)
    parser.add_argument("--realista", action="store_true",
                        help="con hallazgos y excepciones revisadas en las proporciones del manual real, "
                             "y catálogos grandes (benchmarks/realista.py)")
    args = parser.parse_args(argv)
    if args.realista:
        import realista
        dest = realista.generate(realista.Dimensions.for_size(args.procedimientos), args.destino, args.semilla)
    else:
        dest = generate(args.procedimientos, args.destino, args.semilla)
    print(f"{args.procedimientos} procedimientos en {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
