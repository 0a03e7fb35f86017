"""Immutable model of the manual, built only from schema-valid documents.

Every object keeps the document it came from and its path inside it, so rules and
renderers can point at ``archivo:línea:columna`` with :meth:`Node.loc`.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .loader import Document
from .problem import Location

PLACEHOLDERS = frozenset({"", "n/a", "na", "n.a.", "n. a.", "-", "—", "–", "--", "ninguno", "ninguna",
                          "no aplica", "sin salida", "s/n"})


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form, used to compare names and documents.

    Memoised: rules fold the same role, document and step names thousands of times. Only
    the runs of non-ASCII characters are decomposed character by character (combining marks
    are never ASCII, and ASCII text decomposes to itself): linear in the text, and most of
    it is handled by C string methods."""
    if text.isascii():
        stripped = text
    else:
        # The accents of Spanish (and most marks) are in U+0300–U+036F: removed in one C
        # pass; whatever non-ASCII remains is checked character by character.
        stripped = _COMMON_MARKS.sub("", unicodedata.normalize("NFD", text))
        if not stripped.isascii():
            stripped = _NON_ASCII.sub(_without_marks, stripped)
    return _SPACES.sub(" ", stripped).strip().casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Combining Diacritical Marks, all with a non-zero combining class except U+034F (the
# grapheme joiner), which stays as the per-character check leaves it.
_COMMON_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def _without_marks(match) -> str:
    return "".join(c for c in match.group() if not unicodedata.combining(c))


def is_placeholder(value) -> bool:
    """True for a value that means "none" (N/A, NA, -, —, Ninguno, blank …)."""
    if value is None:
        return True
    return _placeholder_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _placeholder_text(text: str) -> bool:
    """Memoised: completeness and several rules ask about the same inputs and outputs."""
    folded = fold(text)
    return folded.rstrip(".") in PLACEHOLDERS or folded in PLACEHOLDERS


@dataclass(frozen=True)
class Node:
    doc: Document = field(repr=False, compare=False)
    path: tuple = field(repr=False, compare=False)

    def loc(self, *keys) -> Location:
        return self.doc.loc(self.path + keys)

    @property
    def file(self) -> str:
        return self.doc.path


@dataclass(frozen=True)
class Option(Node):
    label: str
    target: int


@dataclass(frozen=True)
class Decision(Node):
    question: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Step(Node):
    cvo: int
    action: str
    responsibles: tuple[str, ...] | None   # None: key absent or null
    inputs: tuple[str, ...] | None
    outputs: tuple[str, ...] | None
    note: str | None = None
    decision: Decision | None = None

    @property
    def real_outputs(self) -> tuple[str, ...]:
        return tuple(o for o in (self.outputs or ()) if not is_placeholder(o))

    @property
    def real_inputs(self) -> tuple[str, ...]:
        return tuple(i for i in (self.inputs or ()) if not is_placeholder(i))

    @property
    def real_responsibles(self) -> tuple[str, ...]:
        return tuple(r for r in (self.responsibles or ()) if not is_placeholder(r))


@dataclass(frozen=True)
class Reassessment(Node):
    probability: int | None
    impact: int | None
    level: int | None


@dataclass(frozen=True)
class Risk(Node):
    id: str
    label: str | None
    description: str | None
    probability: int | None
    impact: int | None
    level: int | None
    treatment: tuple[str, ...]
    actions: str | None
    start_date: str | None
    reassessment: Reassessment | None
    gaps: tuple[str, ...]
    owner: str = ""              # procedure or coordination id that holds the risk
    treatment_known: bool = True  # False when `tratamiento: null` (unreadable in the source)

    @property
    def title(self) -> str:
        parts = [p for p in (self.label, self.description) if p]
        return " — ".join(parts) if parts else self.id


@dataclass(frozen=True)
class Lane(Node):
    role: str
    title: str | None
    activities: tuple[str, ...]


@dataclass(frozen=True)
class Flowchart(Node):
    lanes: tuple[Lane, ...]
    documents: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class Procedure(Node):
    id: str
    area: str
    name: str
    section: str | None
    description: str
    objective: str | None
    norms: tuple[str, ...]
    external_documents: tuple[str, ...]
    steps: tuple[Step, ...]
    risks: tuple[Risk, ...]
    flowchart: Flowchart | None
    review_date: str | None
    gaps: tuple[str, ...]

    def step(self, cvo: int) -> Step | None:
        """The first step numbered ``cvo`` (an index, built once: callers ask per finding)."""
        try:
            return self._steps_by_number.get(cvo)
        except TypeError:                       # an unhashable number: compare one by one
            return next((step for step in self.steps if step.cvo == cvo), None)

    @functools.cached_property
    def _steps_by_number(self) -> dict:
        index: dict = {}
        for step in self.steps:
            try:
                index.setdefault(step.cvo, step)
            except TypeError:
                pass
        return index

    @property
    def roles(self) -> tuple[str, ...]:
        """Role ids taking part, in order of first appearance."""
        seen: dict[str, None] = {}
        for step in self.steps:
            for role in step.real_responsibles:
                seen.setdefault(role, None)
        return tuple(seen)


@dataclass(frozen=True)
class Responsibility(Node):
    number: str | None
    text: str


@dataclass(frozen=True)
class RoleDuties(Node):
    role: str
    title: str | None
    duties: tuple[Responsibility, ...]


@dataclass(frozen=True)
class System(Node):
    number: str | None
    name: str


@dataclass(frozen=True)
class Coordination(Node):
    id: str
    number: str | None
    name: str
    role: str | None
    objective: str | None
    rules: tuple[str, ...]
    duties: tuple[RoleDuties, ...]
    systems: tuple[System, ...]
    introduction: tuple[str, ...]
    risks: tuple[Risk, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class Role(Node):
    id: str
    name: str
    kind: str
    acronym: str | None
    synonyms: tuple[str, ...]
    defined: bool
    note: str | None


@dataclass(frozen=True)
class Term(Node):
    term: str
    definition: str
    acronym: bool
    role: str | None


@dataclass(frozen=True)
class Norm(Node):
    id: str
    name: str
    scope: str
    abbreviation: str | None


@dataclass(frozen=True)
class ExceptionEntry(Node):
    rule: str
    subject: str
    step: int | None
    risk: str | None
    reason: str
    resolver: str
    act: str | None
    expires: str

    @property
    def target(self) -> str:
        """What the exception covers, for messages: ``CV-01 paso 3``, ``CV-01 riesgo R-1``."""
        text = self.subject
        if self.step is not None:
            text += f" paso {self.step}"
        if self.risk:
            text += f" riesgo {self.risk}"
        return text

    def matches(self, problem) -> bool:
        return (problem.rule == self.rule and problem.subject == self.subject
                and (self.step is None or problem.step == self.step)
                and (self.risk is None or problem.risk == self.risk))


@dataclass(frozen=True)
class Signature(Node):
    """One signature of a signature sheet (hoja de identificación de firmas y rúbricas)."""

    sheet: str                   # "revision" | "validacion"
    name: str
    position: str
    role: str | None
    signed: bool
    date: str | None


@dataclass(frozen=True)
class Control(Node):
    """Document control of the version in force (``control:`` of manual.yaml)."""

    state: str                   # "borrador" | "en_revision" | "aprobado"
    approval_date: str | None
    act: dict | None             # {tipo: acuerdo|oficio, numero, fecha}
    next_review: str | None

    @property
    def approved(self) -> bool:
        return self.state == "aprobado"


@dataclass(frozen=True)
class ManualInfo(Node):
    title: str
    unit: str
    unit_acronym: str | None
    institution: str
    year: int
    version: str
    date: str | None
    review_date: str | None
    signatures: tuple            # plain validated dicts: {tipo, titulo, firmantes: [...]}
    introduction: tuple[str, ...]
    background: tuple            # str paragraphs or {cita, fuente}
    legal_intro: str | None
    objectives: tuple[str, ...]
    structure: dict | None       # nested {nombre, rol, dependientes}
    scope_intro: str | None
    gaps: tuple[str, ...]
    control: Control | None = None

    @property
    def signature_records(self) -> tuple[Signature, ...]:
        """Every signature of every sheet, in order, with its position in the file."""
        return tuple(
            Signature(self.doc, ("firmas", i, "firmantes", j), sheet["tipo"], person["nombre"],
                      person["puesto"], person.get("rol"), bool(person.get("firmado", False)),
                      person.get("fecha"))
            for i, sheet in enumerate(self.signatures)
            for j, person in enumerate(sheet.get("firmantes") or ()))


@dataclass
class Manual:
    """The whole validated manual. Collections keep file order (procedures: by area, id)."""

    info: ManualInfo | None = None
    roles: dict[str, Role] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    norms: dict[str, Norm] = field(default_factory=dict)
    coordinations: dict[str, Coordination] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    exceptions: list[ExceptionEntry] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict, repr=False)

    def procedures_of(self, area: str) -> list[Procedure]:
        return [p for p in self.procedures.values() if p.area == area]

    def all_risks(self) -> list[Risk]:
        # One pass over the procedures (not one per coordination): linear in both.
        by_area: dict[str, list[Procedure]] = {}
        for proc in self.procedures.values():
            by_area.setdefault(proc.area, []).append(proc)
        risks = []
        for coord in self.coordinations.values():
            risks.extend(coord.risks)
            for proc in by_area.get(coord.id, ()):
                risks.extend(proc.risks)
        for proc in self.procedures.values():
            if proc.area not in self.coordinations:
                risks.extend(proc.risks)
        return risks

    def role_name(self, role_id: str) -> str:
        role = self.roles.get(role_id)
        return role.name if role else role_id


# --- builders: validated plain data -> model -------------------------------------------

def _t(value) -> tuple:
    return tuple(value) if value else ()


def _opt_t(value) -> tuple | None:
    return None if value is None else tuple("" if v is None else v for v in value)


def _gaps(items) -> tuple[str, ...]:
    out = []
    for item in items or ():
        if isinstance(item, dict):
            prefix = f"{item['seccion']}: " if item.get("seccion") else ""
            out.append(prefix + item["descripcion"])
        else:
            out.append(item)
    return tuple(out)


def build_risk(doc: Document, path: tuple, d: dict, owner: str) -> Risk:
    re_ = d.get("revaloracion")
    reassessment = None
    if re_:
        reassessment = Reassessment(doc, path + ("revaloracion",), re_.get("probabilidad"),
                                    re_.get("impacto"), re_.get("nivel"))
    return Risk(doc, path, d["id"], d.get("etiqueta"), d.get("descripcion"), d.get("probabilidad"),
                d.get("impacto"), d.get("nivel"), _t(d.get("tratamiento")), d.get("acciones"),
                d.get("fecha_inicio"), reassessment, _gaps(d.get("lagunas")), owner,
                not ("tratamiento" in d and d["tratamiento"] is None))


def build_procedure(doc: Document) -> Procedure:
    d = doc.data
    steps = []
    for i, s in enumerate(d["pasos"]):
        sp = ("pasos", i)
        decision = None
        if s.get("decision"):
            dd = s["decision"]
            options = tuple(Option(doc, sp + ("decision", "opciones", j), o["etiqueta"], o["ir_a"])
                            for j, o in enumerate(dd["opciones"]))
            decision = Decision(doc, sp + ("decision",), dd["pregunta"], options)
        steps.append(Step(doc, sp, s["cvo"], s["accion"], _opt_t(s.get("responsables")),
                          _opt_t(s.get("insumos")), _opt_t(s.get("salidas")), s.get("nota"), decision))
    risks = tuple(build_risk(doc, ("riesgos", i), r, d["id"]) for i, r in enumerate(d["riesgos"]))
    flow = None
    if d.get("flujograma"):
        f = d["flujograma"]
        lanes = tuple(Lane(doc, ("flujograma", "carriles", i), c["rol"], c.get("titulo"), _t(c["actividades"]))
                      for i, c in enumerate(f["carriles"]))
        flow = Flowchart(doc, ("flujograma",), lanes, _t(f.get("documentos")), f.get("nota"))
    return Procedure(doc, (), d["id"], d["area"], d["nombre"], d.get("seccion"), d["descripcion"],
                     d.get("objetivo"), _t(d.get("normativa")), _t(d.get("documentos_externos")),
                     tuple(steps), risks, flow, d.get("vigencia"), _gaps(d.get("lagunas")))


def build_coordination(doc: Document) -> Coordination:
    d = doc.data
    duties = []
    for i, rr in enumerate(d.get("roles_responsabilidades") or ()):
        rp = ("roles_responsabilidades", i)
        items = tuple(Responsibility(doc, rp + ("responsabilidades", j), x.get("numero"), x["texto"])
                      for j, x in enumerate(rr["responsabilidades"]))
        duties.append(RoleDuties(doc, rp, rr["rol"], rr.get("titulo"), items))
    systems = tuple(System(doc, ("sistemas_informacion", i), s.get("numero"), s["nombre"])
                    for i, s in enumerate(d.get("sistemas_informacion") or ()))
    risks = tuple(build_risk(doc, ("riesgos", i), r, d["id"]) for i, r in enumerate(d.get("riesgos") or ()))
    return Coordination(doc, (), d["id"], d.get("numero"), d["nombre"], d.get("rol"), d.get("objetivo"),
                        _t(d.get("reglas_operacion")), tuple(duties), systems, _t(d.get("introduccion")),
                        risks, _gaps(d.get("lagunas")))


def build_info(doc: Document) -> ManualInfo:
    d = doc.data
    c = d.get("control")
    control = None
    if c is not None:
        control = Control(doc, ("control",), c["estado"], c.get("fecha_aprobacion"), c.get("acto_aprobacion"),
                          c.get("proxima_revision"))
    return ManualInfo(doc, (), d["titulo"], d["unidad"], d.get("siglas_unidad"), d["institucion"], d["anio"],
                      d["version"], d.get("fecha"), control.next_review if control else None,
                      _t(d.get("firmas")), _t(d.get("introduccion")), _t(d.get("antecedentes")),
                      d.get("marco_normativo"), _t(d.get("objetivos")), d.get("estructura"),
                      d.get("procesos_alcance"), _gaps(d.get("lagunas")), control)


def build_roles(doc: Document) -> list[Role]:
    return [Role(doc, ("roles", i), r["id"], r["nombre"], r["tipo"], r.get("siglas"), _t(r.get("sinonimos")),
                 r["definido_en_manual"], r.get("nota"))
            for i, r in enumerate(doc.data["roles"])]


def build_terms(doc: Document) -> list[Term]:
    return [Term(doc, ("terminos", i), t["termino"], t["definicion"], bool(t.get("sigla")), t.get("rol"))
            for i, t in enumerate(doc.data["terminos"])]


def build_norms(doc: Document) -> list[Norm]:
    return [Norm(doc, ("normas", i), n["id"], n["nombre"], n["ambito"], n.get("abreviatura"))
            for i, n in enumerate(doc.data["normas"])]


def build_exceptions(doc: Document) -> list[ExceptionEntry]:
    return [ExceptionEntry(doc, ("excepciones", i), e["regla"], e["objeto"], e.get("paso"), e.get("riesgo"),
                           e["motivo"], e["resuelve"], e.get("acto"), e["vence"])
            for i, e in enumerate(doc.data["excepciones"])]


def natural_key(text: str):
    """Sort ``SPE-2`` before ``SPE-10``."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]
