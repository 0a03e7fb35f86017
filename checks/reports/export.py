"""The whole validated manual as JSON, for other tools (``python -m checks export``).

Only a manual that passes the checks is exported (the same condition as publishing the
site): with blocking errors nothing is written and the exit code is 1. Keys are Spanish and
match the YAML keys of ``procesos_yaml/`` (see ``procesos_yaml/LEEME.md``); the structure is
versioned by ``version`` and documented in the README («Formatos y descargas»). Output is
deterministic (same YAML, same bytes), so exports can be compared with ``diff``.
"""
from __future__ import annotations

import json
import os

from checks.engine import Report, check

from . import formatters
from .paths import manual_root, shown_path

FORMAT_NAME = "manual-devyspe"
FORMAT_VERSION = 1


def _risk(risk) -> dict:
    re_ = risk.reassessment
    return {
        "id": risk.id,
        "titular": risk.owner,
        "etiqueta": risk.label,
        "descripcion": risk.description,
        "probabilidad": risk.probability,
        "impacto": risk.impact,
        "nivel": risk.level,
        "tratamiento": list(risk.treatment) if risk.treatment_known else None,
        "acciones": risk.actions,
        "fecha_inicio": risk.start_date,
        "revaloracion": None if re_ is None else {
            "probabilidad": re_.probability, "impacto": re_.impact, "nivel": re_.level},
        "lagunas": list(risk.gaps),
    }


def _list_or_none(values):
    return None if values is None else list(values)


def _step(step) -> dict:
    decision = None
    if step.decision is not None:
        decision = {"pregunta": step.decision.question,
                    "opciones": [{"etiqueta": o.label, "ir_a": o.target} for o in step.decision.options]}
    return {
        "cvo": step.cvo,
        "accion": step.action,
        "responsables": _list_or_none(step.responsibles),
        "insumos": _list_or_none(step.inputs),
        "salidas": _list_or_none(step.outputs),
        "nota": step.note,
        "decision": decision,
    }


def _origin(node, root: str | None = None) -> dict:
    loc = node.loc()
    return {"archivo": shown_path(loc.file, root), "linea": loc.line}


def procedure_dict(proc, root: str | None = None) -> dict:
    flow = None
    if proc.flowchart is not None:
        flow = {
            "carriles": [{"rol": lane.role, "titulo": lane.title, "actividades": list(lane.activities)}
                         for lane in proc.flowchart.lanes],
            "documentos": list(proc.flowchart.documents),
            "nota": proc.flowchart.note,
        }
    return {
        "id": proc.id,
        "area": proc.area,
        "nombre": proc.name,
        "seccion": proc.section,
        "descripcion": proc.description,
        "objetivo": proc.objective,
        "normativa": list(proc.norms),
        "documentos_externos": list(proc.external_documents),
        "pasos": [_step(s) for s in proc.steps],
        "riesgos": [_risk(r) for r in proc.risks],
        "flujograma": flow,
        "vigencia": proc.review_date,
        "lagunas": list(proc.gaps),
        "roles_participantes": list(proc.roles),
        "origen": _origin(proc, root),
    }


def coordination_dict(coord, manual, root: str | None = None) -> dict:
    return {
        "id": coord.id,
        "numero": coord.number,
        "nombre": coord.name,
        "rol": coord.role,
        "objetivo": coord.objective,
        "reglas_operacion": list(coord.rules),
        "roles_responsabilidades": [
            {"rol": d.role, "titulo": d.title,
             "responsabilidades": [{"numero": r.number, "texto": r.text} for r in d.duties]}
            for d in coord.duties],
        "sistemas_informacion": [{"numero": s.number, "nombre": s.name} for s in coord.systems],
        "introduccion": list(coord.introduction),
        "riesgos": [_risk(r) for r in coord.risks],
        "lagunas": list(coord.gaps),
        "procedimientos": [p.id for p in manual.procedures_of(coord.id)],
        "origen": _origin(coord, root),
    }


def _plain(value):
    """Validated plain YAML data (dicts, lists, scalars) as JSON-ready values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def manual_dict(info) -> dict | None:
    if info is None:
        return None
    return {
        "titulo": info.title,
        "unidad": info.unit,
        "siglas_unidad": info.unit_acronym,
        "institucion": info.institution,
        "anio": info.year,
        "version": info.version,
        "fecha": info.date,
        "vigencia": info.review_date,
        "firmas": _plain(info.signatures),
        "introduccion": list(info.introduction),
        "antecedentes": _plain(info.background),
        "marco_normativo": info.legal_intro,
        "objetivos": list(info.objectives),
        "estructura": _plain(info.structure),
        "procesos_alcance": info.scope_intro,
        "lagunas": list(info.gaps),
    }


def export_dict(report: Report, relative: bool = False) -> dict:
    """The documented export structure (``version`` 1) for a checked manual.

    With ``relative``, file paths are shown relative to the manual's directory
    (``procesos_yaml/procedimientos/CV-01.yaml``) whatever path it was loaded from: for
    files published with the site, which must not reveal the build machine's directories.
    """
    manual = report.manual
    root = manual_root(manual) if relative else None
    return {
        "formato": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "manual": manual_dict(manual.info),
        "roles": [{"id": r.id, "nombre": r.name, "tipo": r.kind, "siglas": r.acronym,
                   "sinonimos": list(r.synonyms), "definido_en_manual": r.defined, "nota": r.note}
                  for r in manual.roles.values()],
        "glosario": [{"termino": t.term, "definicion": t.definition, "sigla": t.acronym, "rol": t.role}
                     for t in manual.terms],
        "normativa": [{"id": n.id, "nombre": n.name, "ambito": n.scope, "abreviatura": n.abbreviation}
                      for n in manual.norms.values()],
        "coordinaciones": [coordination_dict(c, manual, root) for c in manual.coordinations.values()],
        "procedimientos": [procedure_dict(p, root) for p in manual.procedures.values()],
        "excepciones": [{"regla": e.rule, "objeto": e.subject, "paso": e.step, "riesgo": e.risk,
                         "motivo": e.reason, "resuelve": e.resolver, "acto": e.act, "vence": e.expires}
                        for e in manual.exceptions],
        "hallazgos": {
            "resumen": {"errores": len(report.errors), "advertencias": len(report.warnings),
                        "exceptuados": len(report.excepted), "bloqueantes": len(report.blocking)},
            "lista": [{**formatters.problem_dict(p), "archivo": shown_path(p.location.file, root)}
                      for p in report.problems],
        },
    }


def dumps(report: Report, relative: bool = False) -> str:
    return json.dumps(export_dict(report, relative), ensure_ascii=False, indent=2) + "\n"


class NotExportable(Exception):
    """The manual has blocking errors: there is no validated model to export."""


def export_text(root: str | os.PathLike = "procesos_yaml", today=None) -> str:
    report = check(root, today=today)
    if report.blocking:
        raise NotExportable(formatters.human(report))
    return dumps(report)
