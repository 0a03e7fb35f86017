"""Realistic synthetic manuals: findings and reviewed exceptions in the real manual's proportions.

``python benchmarks/generar.py N DESTINO --realista`` (or :func:`generate` here). Where the
clean manuals of ``generar.py`` have no findings at all, these look like ``procesos_yaml/``
grown to N procedures (measured on the real manual: 12 procedures, 32 exceptions covering
48 errors, 154 warnings):

* **reviewed exceptions**, about 2.7 per procedure, each covering real errors: steps whose
  output is «N/A» or empty (PRC002, excepted by step, ~1.7 per procedure), risks whose
  impact cannot be read (RSK001, excepted by risk; each covers 2–3 findings, ~0.9 per
  procedure) and now and then a skipped step number (NUM001, excepted by step);
* **about 13 warnings per procedure**: inputs that no earlier step produces (DOC001, ~11),
  no objective (PRC004), no norms cited (PRC005, 2 in 5), an acronym missing from the
  glossary (GLO001, ~0.4), plus the roles no step names (CAT001);
* **large catalogues**: 600 roles, 350 glossary terms (acronyms and words, every one used in
  some text) and 200 norms at 1,000 procedures (:meth:`Dimensions.for_size`);
* text of the real manual's length: actions of one or two sentences (~135 characters),
  descriptions of ~500, notes, risk actions.

Every quantity is a dimension of :class:`Dimensions` so that ``benchmarks/escala.py`` can
grow one at a time (procedures, steps, findings, exceptions, roles, terms, norms, documents,
text length) and time the checks at N and 4N. Deterministic for a given seed.
"""
from __future__ import annotations

import math
import random
import shutil
from dataclasses import dataclass, fields, replace
from pathlib import Path

import yaml

import generar
from generar import _DOCUMENTS, _OBJECTS, _RISKS, _SECTIONS, _TAILS, _TREATMENTS, _VERBS, _dump

EXPIRES = "2099-12-31"


@dataclass(frozen=True)
class Dimensions:
    """What a manual grows in. Multipliers are relative to the real manual's proportions."""

    procedimientos: int = 1000
    pasos: int = 10              # steps per procedure (on average; 80–120 % of it)
    hallazgos: float = 1.0       # × ≈13 warnings per procedure
    excepciones: float = 1.0     # × ≈2.7 reviewed exceptions (≈4 excepted errors) per procedure
    roles: int = 600
    terminos: int = 350
    normas: int = 200
    documentos: int = 6          # distinct documents each procedure produces or receives
    texto: float = 1.0           # × the real manual's text length

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def for_size(cls, n: int) -> "Dimensions":
        """A manual of ``n`` procedures whose catalogues grow with it like the real one's
        would (600 roles, 350 terms, 200 norms at 1,000 procedures; never below the real
        manual's 27, 14 and 37)."""
        return cls(procedimientos=n, roles=max(30, round(0.6 * n)), terminos=max(20, round(0.35 * n)),
                   normas=max(40, round(0.2 * n)))

    def grown(self, name: str, factor: int) -> "Dimensions":
        value = getattr(self, name)
        return replace(self, **{name: type(value)(value * factor)})


def _code(index: int, width: int = 3) -> str:
    """Letters-only code (``AAA``, ``AAB``…): acronyms and ids may not contain digits."""
    letters = []
    for _ in range(width):
        index, r = divmod(index, 26)
        letters.append(chr(ord("A") + r))
    return "".join(reversed(letters))


class _Text:
    """Sentences of realistic length, each unique (a folio), mentioning glossary terms."""

    def __init__(self, rng: random.Random, mentions: list[str], scale: float):
        self.rng = rng
        self.mentions = mentions      # every term, cycled so each one is used somewhere
        self.next_mention = 0
        self.scale = scale
        self.folio = 0

    def sentence(self) -> str:
        rng = self.rng
        self.folio += 1
        extra = ""
        if self.mentions and rng.random() < 0.5:
            extra = f" ante {self.mentions[self.next_mention % len(self.mentions)]}"
            self.next_mention += 1
        return (f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}{extra} {rng.choice(_TAILS)[:-1]}, "
                f"con el folio {self.folio} de {rng.choice(_SECTIONS).lower()}.")

    def paragraph(self, sentences: float) -> str:
        return " ".join(self.sentence() for _ in range(max(1, round(sentences * self.scale))))


def generate(dims: Dimensions, dest: Path, seed: int = 2023) -> Path:
    """Write a realistic manual with ``dims`` into ``dest`` (replaced)."""
    rng = random.Random(seed)
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    minimo = generar.MINIMO
    shutil.copy(minimo / "manual.yaml", dest / "manual.yaml")
    base_roles = yaml.safe_load((minimo / "roles.yaml").read_text(encoding="utf-8"))["roles"]
    glossary = yaml.safe_load((minimo / "glosario.yaml").read_text(encoding="utf-8"))
    norms = yaml.safe_load((minimo / "normativa.yaml").read_text(encoding="utf-8"))

    n = dims.procedimientos
    coords = generar.coordination_ids(n)
    # Roles: unit heads and posts, letters-only ids like the real ones (CV-INE, DEVySPE).
    roles = list(base_roles)
    pool: dict[str, list[str]] = {cid: [] for cid in coords}
    heads = {}
    for k in range(dims.roles):
        rid = f"P-{_code(k)}"
        cid = coords[k % len(coords)]
        unit = len(pool[cid]) == 0
        roles.append({"id": rid, "nombre": f"{'Coordinación' if unit else 'Puesto'} sintético {_code(k)} "
                                          f"de la Dirección Ejecutiva",
                      "tipo": "unidad" if unit else "persona", "siglas": rid, "definido_en_manual": True})
        pool[cid].append(rid)
        heads.setdefault(cid, rid)
    for cid in coords:
        pool[cid] = pool[cid] or ["DEVySPE"]
        heads.setdefault(cid, "DEVySPE")
    # Glossary: acronyms (sigla: true) and words; a fifth of the acronyms name a role.
    mentions = []
    for k in range(dims.terminos):
        if k % 2 == 0:
            term = f"S{_code(k, 4)}"
            entry = {"termino": term, "definicion": f"Sistema sintético {term} del Instituto.", "sigla": True}
        else:
            term = f"término técnico {_code(k, 4).lower()}"
            entry = {"termino": term, "definicion": f"Definición sintética del {term}.", "sigla": False}
        glossary["terminos"].append(entry)
        mentions.append(term)
    for term, definition in (("INE", "Instituto Nacional Electoral."), ("IEM", "Instituto Electoral de Michoacán.")):
        if all(t["termino"] != term for t in glossary["terminos"]):
            glossary["terminos"].append({"termino": term, "definicion": definition, "sigla": True})
    for k in range(dims.normas):
        norms["normas"].append({"id": f"LIN-{k + 1:04d}",
                                "nombre": f"Lineamientos sintéticos número {k + 1} del Instituto.",
                                "ambito": rng.choice(["federal", "local", "interno"])})
    norm_ids = [x["id"] for x in norms["normas"]]
    text = _Text(rng, mentions, dims.texto)

    _dump(dest / "roles.yaml", {"roles": roles})
    _dump(dest / "glosario.yaml", glossary)
    _dump(dest / "normativa.yaml", norms)

    for number, cid in enumerate(coords, 1):
        own = pool[cid][:3]
        _dump(dest / "coordinaciones" / f"{cid}.yaml", {
            "id": cid, "numero": str(number), "nombre": f"Coordinación sintética {number}", "rol": heads[cid],
            "objetivo": text.paragraph(2),
            "reglas_operacion": [text.paragraph(2) for _ in range(3)],
            "roles_responsabilidades": [
                {"rol": r, "titulo": f"Puesto {r}",
                 "responsabilidades": [{"numero": roman, "texto": text.sentence()} for roman in ("I", "II", "III")]}
                for r in own],
            "sistemas_informacion": [{"numero": "1", "nombre": "SIVOPLE"},
                                     {"numero": "2", "nombre": "Correo electrónico institucional"}],
            "riesgos": [generar._risk(rng, f"R-{cid}-G1")],
            "lagunas": [],
        })

    exceptions = []
    cursor = {cid: 0 for cid in coords}
    norm_cursor = [0]
    for index in range(n):
        cid = coords[index // generar.PER_COORDINATION]
        proc, excs = _procedure(rng, index, cid, heads[cid], pool[cid], cursor, norm_ids, norm_cursor, text, dims)
        _dump(generar.procedure_path(dest, index), proc)
        exceptions.extend(excs)
    _dump(dest / "excepciones.yaml", {"excepciones": exceptions})
    return dest


def _count(rng: random.Random, mean: float) -> int:
    """An integer with the given mean (floor or ceiling at random)."""
    low = math.floor(mean)
    return low + (1 if rng.random() < mean - low else 0)


def _procedure(rng, index, cid, resolver, role_pool, cursor, norm_ids, norm_cursor, text: _Text, dims: Dimensions):
    pid = generar.procedure_path(Path("."), index).stem
    n_steps = max(4, round(dims.pasos * rng.uniform(0.8, 1.2)))
    docs = [f"{rng.choice(_DOCUMENTS)} {pid}-{k + 1}" for k in range(max(2, dims.documentos))]
    external = docs[:max(1, len(docs) // 4)]
    to_produce = docs[len(external):]
    available = list(external)
    h, e = dims.hallazgos, dims.excepciones
    # Excepted errors: steps with «N/A»/empty outputs (PRC002), a skipped number (NUM001).
    na_steps = set(rng.sample(range(2, n_steps + 1), min(n_steps - 1, _count(rng, 1.7 * e))))
    skip_at = rng.randint(3, n_steps) if rng.random() < 0.08 * e else None
    # Warnings: inputs nobody produced (DOC001), an undefined acronym (GLO001).
    unproduced = _count(rng, 11 * h)
    undefined = _count(rng, 0.4 * h)
    excs = []
    steps = []
    cvo = 0
    # Each procedure works with a small team, like the real ones (2 to 8 roles, so 2 to 8
    # flowchart columns); the teams take the coordination's roles in turn, so every role of
    # the catalogue is used somewhere.
    team = [role_pool[(cursor[cid] + j) % len(role_pool)] for j in range(min(len(role_pool), rng.randint(2, 8)))]
    cursor[cid] += len(team)
    for k in range(1, n_steps + 1):
        cvo += 2 if k == skip_at else 1
        first = team[(k - 1) % len(team)]
        owners = [first] + [r for r in rng.sample(team, min(len(team), rng.choice([0, 1, 1, 2])))
                            if r != first]
        step = {"cvo": cvo, "accion": text.paragraph(rng.choice([1, 1, 2])), "responsables": owners}
        inputs = rng.sample(available, min(len(available), rng.randint(1, 2)))
        share = unproduced // n_steps + (1 if k <= unproduced % n_steps else 0)
        inputs += [f"Documento no registrado {pid}-{k}-{j + 1}" for j in range(share)]
        step["insumos"] = inputs
        if k in na_steps:
            step["salidas"] = rng.choice([["N/A"], []])
            excs.append({"regla": "PRC002", "objeto": pid, "paso": cvo,
                         "motivo": "El manual 2023 registra «N/A» o deja vacía la salida de este paso.",
                         "resuelve": resolver, "acto": None, "vence": EXPIRES})
        else:
            outputs = []
            if to_produce:
                outputs.append(to_produce.pop(0))
            else:
                outputs.append(rng.choice(docs))
            step["salidas"] = outputs
            available.extend(o for o in outputs if o not in available)
        if k == skip_at:
            excs.append({"regla": "NUM001", "objeto": pid, "paso": cvo,
                         "motivo": "El manual 2023 salta este número de paso.",
                         "resuelve": resolver, "acto": None, "vence": EXPIRES})
        if rng.random() < 0.25:
            step["nota"] = text.paragraph(1)
        steps.append(step)
    for j in range(undefined):
        steps[j % n_steps]["accion"] += f" Se registra en el sistema X{_code(index * 7 + j, 4)}."
    decision_at = rng.randint(2, n_steps - 1)
    steps[decision_at - 1]["decision"] = {
        "pregunta": "¿La documentación está completa?",
        "opciones": [{"etiqueta": "Sí", "ir_a": steps[decision_at]["cvo"]}, {"etiqueta": "No", "ir_a": 1}]}
    # Risks: 1–2 complete, and those whose impact the 2023 matrix does not show (RSK001).
    risks = [generar._risk(rng, f"R-{pid}-{k}") for k in range(1, rng.randint(1, 2) + 1)]
    for k in range(_count(rng, 0.9 * e)):
        rid = f"R-{pid}-X{k + 1}"
        risks.append({"id": rid, "etiqueta": "MATRIZ", "descripcion": rng.choice(_RISKS),
                      "probabilidad": rng.randint(1, 3), "impacto": None, "nivel": None,
                      "tratamiento": [rng.choice(_TREATMENTS)], "acciones": text.sentence(),
                      "fecha_inicio": "2025",
                      "revaloracion": {"probabilidad": 1, "impacto": None, "nivel": None}})
        excs.append({"regla": "RSK001", "objeto": pid, "riesgo": rid,
                     "motivo": "El manual 2023 no deja leer en su matriz de riesgo el impacto de este riesgo.",
                     "resuelve": resolver, "acto": None, "vence": EXPIRES})
    cited = []
    if rng.random() >= 0.4 * min(h, 2.5):           # PRC005: two procedures in five cite no norm
        for _ in range(rng.randint(2, 3)):
            cited.append(norm_ids[norm_cursor[0] % len(norm_ids)])
            norm_cursor[0] += 1
    lanes = []
    for role in sorted({r for s in steps for r in s["responsables"]}):
        lanes.append({"rol": role, "actividades": [s["accion"][:80] for s in steps if role in s["responsables"]][:3]})
    proc = {
        "id": pid, "area": cid,
        "nombre": f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} (procedimiento sintético {index + 1})",
        "seccion": rng.choice(_SECTIONS),
        "descripcion": text.paragraph(3) + "\n\n" + text.paragraph(1),
        # PRC004: like every procedure of the real manual, no objective.
        "normativa": sorted(set(cited)),
        "documentos_externos": external,
        "pasos": steps,
        "riesgos": risks,
        "flujograma": {"carriles": lanes, "documentos": docs[:4]},
        "lagunas": [],
    }
    return proc, excs
