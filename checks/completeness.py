"""Completeness score of the manual, per procedure and per coordination.

The definition lives in :data:`DEFINITION` (Spanish; the site renders it verbatim on the
"Estado de cumplimiento" page) and is implemented by :func:`completeness`. The score is
computed from the data alone: an exception lets the build pass, it does not make the
manual complete, so an excepted gap still counts as not met.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .rules.procedure_without_risks import has_risk_assessment

DEFINITION = """\
La **completitud** mide qué parte de lo que el manual debe decir de cada procedimiento
está escrita. Se cuentan criterios que se cumplen o no:

* **Por cada paso** (3 criterios):
    1. *responsable*: nombra al menos un responsable y todos existen en el catálogo de roles;
    2. *salida*: produce al menos una salida real (`N/A`, `-`, `Ninguno`… no cuentan);
    3. *insumos*: recibe al menos un insumo real.
* **Por cada procedimiento** (4 criterios):
    1. *objetivo*: declara su objetivo;
    2. *fundamento normativo*: cita al menos una norma que existe en el catálogo;
    3. *evaluación de riesgos*: tiene riesgos propios o su coordinación declara riesgos
       generales (los riesgos de una coordinación se aplican a todos sus procedimientos);
    4. *flujograma*: conserva su flujograma (carriles con actividades).

La completitud de un procedimiento es el número de criterios cumplidos entre el total
(3 × pasos + 4). La de una coordinación, y la del manual, suman criterios cumplidos y
criterios totales de todos sus procedimientos (es decir, se pondera por número de pasos;
no es el promedio de los porcentajes). Un hueco cubierto por una excepción aprobada
**cuenta como no cumplido**: la excepción permite publicar, pero el manual sigue
incompleto.
"""

STEP_CRITERIA = {"responsable": "responsable", "salida": "salida", "insumos": "insumos"}
PROCEDURE_CRITERIA = {"objetivo": "objetivo", "normativa": "fundamento normativo",
                      "riesgos": "evaluación de riesgos", "flujograma": "flujograma"}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    met: bool
    node: object = field(repr=False, compare=False)     # the step or procedure judged
    field_name: str = field(repr=False, compare=False)  # its key that the criterion is about
    step: int | None = None

    @property
    def location(self):
        """Where the criterion points (computed when asked: most are never shown)."""
        return self.node.loc(self.field_name)


@dataclass
class Score:
    met: int = 0
    total: int = 0

    @property
    def ratio(self) -> float:
        return self.met / self.total if self.total else 1.0

    @property
    def percent(self) -> float:
        return round(100.0 * self.ratio, 1)


@dataclass
class ProcedureScore(Score):
    id: str = ""
    name: str = ""
    area: str = ""
    steps: int = 0
    criteria: list[Criterion] = field(default_factory=list)
    excepted: int = 0          # excepted findings about this procedure

    @property
    def missing(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.met]


@dataclass
class CoordinationScore(Score):
    id: str = ""
    name: str = ""
    procedures: list[ProcedureScore] = field(default_factory=list)


@dataclass
class Completeness(Score):
    procedures: dict[str, ProcedureScore] = field(default_factory=dict)
    coordinations: dict[str, CoordinationScore] = field(default_factory=dict)


def _procedure(proc, manual) -> ProcedureScore:
    score = ProcedureScore(id=proc.id, name=proc.name, area=proc.area, steps=len(proc.steps))
    add = score.criteria.append
    for step in proc.steps:
        owners = step.real_responsibles
        add(Criterion("responsable", STEP_CRITERIA["responsable"],
                      bool(owners) and all(r in manual.roles for r in owners), step, "responsables", step.cvo))
        add(Criterion("salida", STEP_CRITERIA["salida"], bool(step.real_outputs), step, "salidas", step.cvo))
        add(Criterion("insumos", STEP_CRITERIA["insumos"], bool(step.real_inputs), step, "insumos", step.cvo))
    add(Criterion("objetivo", PROCEDURE_CRITERIA["objetivo"], bool((proc.objective or "").strip()),
                  proc, "objetivo"))
    add(Criterion("normativa", PROCEDURE_CRITERIA["normativa"],
                  bool(proc.norms) and all(n in manual.norms for n in proc.norms), proc, "normativa"))
    add(Criterion("riesgos", PROCEDURE_CRITERIA["riesgos"], has_risk_assessment(proc, manual), proc, "riesgos"))
    add(Criterion("flujograma", PROCEDURE_CRITERIA["flujograma"],
                  bool(proc.flowchart and any(lane.activities for lane in proc.flowchart.lanes)),
                  proc, "flujograma"))
    score.total = len(score.criteria)
    score.met = sum(1 for c in score.criteria if c.met)
    return score


def completeness(manual, problems=()) -> Completeness:
    """Scores for every procedure, coordination and the whole manual."""
    out = Completeness()
    excepted: dict[str, int] = {}
    for problem in problems:
        if problem.excepted and problem.subject:
            excepted[problem.subject] = excepted.get(problem.subject, 0) + 1
    for proc in manual.procedures.values():
        score = _procedure(proc, manual)
        score.excepted = excepted.get(proc.id, 0)
        out.procedures[proc.id] = score
        coord = manual.coordinations.get(proc.area)
        cs = out.coordinations.get(proc.area)
        if cs is None:
            cs = out.coordinations[proc.area] = CoordinationScore(id=proc.area,
                                                                  name=coord.name if coord else proc.area)
        cs.procedures.append(score)
        cs.met += score.met
        cs.total += score.total
        out.met += score.met
        out.total += score.total
    for coord in manual.coordinations.values():      # coordinations without procedures
        out.coordinations.setdefault(coord.id, CoordinationScore(id=coord.id, name=coord.name))
    return out


def as_dict(result: Completeness) -> dict:
    """Machine-readable form (part of the JSON report, see README «Formatos de salida»)."""
    def score(s: Score) -> dict:
        return {"cumplidos": s.met, "total": s.total, "porcentaje": s.percent}

    return {
        **score(result),
        "coordinaciones": [
            {"id": c.id, "nombre": c.name, **score(c), "procedimientos": [p.id for p in c.procedures]}
            for c in result.coordinations.values()
        ],
        "procedimientos": [
            {"id": p.id, "nombre": p.name, "coordinacion": p.area, "pasos": p.steps, **score(p),
             "exceptuados": p.excepted,
             "faltantes": [{"criterio": c.key, "paso": c.step} for c in p.missing]}
            for p in result.procedures.values()
        ],
    }
