"""Helpers shared by rule modules: walking every text of the manual, subjects, suggestions.

Not a rule (no ``ID``); the registry never lists it.
"""
from __future__ import annotations

import datetime as _dt
import os
import weakref
from dataclasses import dataclass
from typing import NamedTuple

from checks.loader import Document
from checks.project import collector_paused
from checks.schema import _suggest

# Keys whose values are identifiers or codes, not prose.
IDENTIFIER_KEYS = frozenset({
    "id", "area", "rol", "responsables", "normativa", "regla", "objeto", "resuelve", "riesgo",
    "tipo", "ambito", "tratamiento", "vence", "vigencia", "cvo", "ir_a", "paso", "numero",
    "siglas", "sigla", "definido_en_manual", "probabilidad", "impacto", "nivel", "anio",
    "estado", "fecha_aprobacion", "proxima_revision", "firmado", "version",
})


def suggest(word: str, candidates) -> str:
    """`` (¿quiso decir «x»?)`` or an empty string."""
    return _suggest(str(word), [str(c) for c in candidates])


class Suggester:
    """:func:`suggest` against one fixed list of candidates, once per distinct word: a
    closest-match search reads every candidate, so a name misspelt the same way in many
    places costs one search, not one per place."""

    def __init__(self, candidates):
        self._candidates = [str(c) for c in candidates]
        self._memo: dict[str, str] = {}

    def __call__(self, word) -> str:
        word = str(word)
        hint = self._memo.get(word)
        if hint is None:
            hint = self._memo[word] = _suggest(word, self._candidates)
        return hint


def today_of(conf) -> _dt.date:
    """Reference date the engine put in ``conf`` (a :class:`checks.engine.RuleConf`)."""
    return getattr(conf, "today", None) or _dt.date.today()


class Text(NamedTuple):
    """One string value of one file, with what it is about.

    A named tuple rather than a dataclass: the walk builds one per string of the manual
    (about 120 per procedure) and a tuple is several times cheaper to construct."""

    doc: Document
    path: tuple
    value: str
    subject: str
    step: int | None = None
    risk: str | None = None

    @property
    def key(self):
        """Nearest mapping key above the value (``None`` at the top)."""
        for item in reversed(self.path):
            if isinstance(item, str):
                return item
        return None

    def loc(self):
        return self.doc.loc(self.path)


def document_subjects(manual) -> dict[int, tuple[str, str]]:
    """``id(Document) -> (kind, subject)``: procedures and coordinations by id, catalogues
    by file name (``roles``, ``glosario``, ``normativa``, ``manual``, ``excepciones``)."""
    out: dict[int, tuple[str, str]] = {}
    for proc in manual.procedures.values():
        out[id(proc.doc)] = ("procedimiento", proc.id)
    for coord in manual.coordinations.values():
        out[id(coord.doc)] = ("coordinacion", coord.id)
    for doc in manual.documents.values():
        if id(doc) not in out:
            out[id(doc)] = ("catalogo", os.path.splitext(os.path.basename(doc.path))[0])
    return out


def iter_texts(manual, *, skip_keys=frozenset(), skip_kinds=frozenset(), skip_subjects=frozenset()):
    """Every string of every loaded file, in file order, as :class:`Text`.

    Mapping keys are not values and are not yielded (the schema already restricts them).
    The walk is done once per manual and shared by the rules that read every text.
    """
    for kind, last_key, text in _all_texts(manual):
        if kind in skip_kinds or text.subject in skip_subjects or last_key in skip_keys:
            continue
        yield text


def all_texts(manual) -> tuple:
    """The walk itself: ``(kind, nearest key, Text)`` for every string, in file order (what
    :func:`iter_texts` filters). For rules whose loop over every string is their cost."""
    return _all_texts(manual)


_WALKED: list = [None, ()]        # [weak reference to the last manual walked, its texts]


def _all_texts(manual) -> tuple:
    ref = _WALKED[0]
    if ref is not None and ref() is manual:
        return _WALKED[1]
    # The walk allocates two tuples per string (about 240,000 at 1,000 procedures) and
    # nothing cyclic; with the collector on, those allocations trigger repeated full
    # collections of the whole model and cost three times the walk itself.
    with collector_paused():
        texts = tuple(_walk(manual))
    _WALKED[0], _WALKED[1] = weakref.ref(manual), texts
    return texts


def _walk(manual):
    """``(kind, nearest key, Text)`` for every string, in document order (pre-order, mapping
    items and list items in their order); step and risk are carried down the walk."""
    subjects = document_subjects(manual)
    out: list = []
    append = out.append
    new = tuple.__new__

    def visit(value, path, key, step, risk, kind, doc, subject):
        # Only containers reach here; strings are emitted by the caller to save a call.
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, str):
                    append((kind, k, new(Text, (doc, path + (k,), v, subject, step, risk))))
                elif isinstance(v, (dict, list)):
                    visit(v, path + (k,), k, step, risk, kind, doc, subject)
        else:
            top = path[0] if len(path) == 1 else None
            for i, v in enumerate(value):
                if isinstance(v, str):
                    append((kind, key, new(Text, (doc, path + (i,), v, subject, step, risk))))
                elif isinstance(v, dict):
                    s, r = step, risk
                    if top == "pasos" and kind == "procedimiento":
                        s = v.get("cvo")
                    elif top == "riesgos":
                        r = v.get("id")
                    visit(v, path + (i,), key, s, r, kind, doc, subject)
                elif isinstance(v, list):
                    visit(v, path + (i,), key, step, risk, kind, doc, subject)

    for doc in manual.documents.values():
        kind, subject = subjects[id(doc)]
        data = doc.data
        if isinstance(data, str):
            append((kind, None, new(Text, (doc, (), data, subject, None, None))))
        elif isinstance(data, (dict, list)):
            visit(data, (), None, None, None, kind, doc, subject)
    return out


def org_units(structure, path=("estructura",)):
    """Yield ``(path, unit)`` for every unit of the organisation chart in ``manual.yaml``."""
    if not isinstance(structure, dict):
        return
    yield path, structure
    for i, child in enumerate(structure.get("dependientes") or ()):
        yield from org_units(child, path + ("dependientes", i))


class RoleRef(NamedTuple):
    """A place where a role id is named: ``path`` in ``doc``; ``where`` says it in Spanish
    (``template`` filled with ``args``). Location and text are computed when asked: there
    are tens of thousands of references and only those of unknown roles are reported."""

    role: str
    doc: Document
    path: tuple
    subject: str
    step: int | None = None
    template: str = ""
    args: tuple = ()

    @property
    def location(self):
        return self.doc.loc(self.path)

    @property
    def where(self) -> str:
        return self.template.format(*self.args)


_ROLE_REFS: list = [None, ()]     # [weak reference to the last manual, its role references]


def role_references(manual) -> tuple:
    """Every role id named anywhere: steps, flowchart lanes, coordinations (head role and
    duties), glossary, signatures and organisation chart of ``manual.yaml``, exceptions.

    Computed once per manual (REF001, CAT001 and GLO002 all read them)."""
    ref = _ROLE_REFS[0]
    if ref is not None and ref() is manual:
        return _ROLE_REFS[1]
    refs = tuple(_role_references(manual))
    _ROLE_REFS[0], _ROLE_REFS[1] = weakref.ref(manual), refs
    return refs


def _role_references(manual):
    for proc in manual.procedures.values():
        for step in proc.steps:
            for j, role in enumerate(step.responsibles or ()):
                if role:
                    yield RoleRef(role, step.doc, step.path + ("responsables", j), proc.id, step.cvo,
                                  "paso {} de {}", (step.cvo, proc.id))
        if proc.flowchart:
            for lane in proc.flowchart.lanes:
                yield RoleRef(lane.role, lane.doc, lane.path + ("rol",), proc.id, None, "flujograma de {}",
                              (proc.id,))
    for coord in manual.coordinations.values():
        if coord.role:
            yield RoleRef(coord.role, coord.doc, coord.path + ("rol",), coord.id, None, "coordinación {}",
                          (coord.id,))
        for duty in coord.duties:
            yield RoleRef(duty.role, duty.doc, duty.path + ("rol",), coord.id, None, "responsabilidades de {}",
                          (coord.id,))
    for term in manual.terms:
        if term.role:
            yield RoleRef(term.role, term.doc, term.path + ("rol",), "glosario", None, "término «{}»",
                          (term.term,))
    info = manual.info
    if info is not None:
        for i, sheet in enumerate(info.signatures):
            for j, signer in enumerate(sheet.get("firmantes") or ()):
                if signer.get("rol"):
                    yield RoleRef(signer["rol"], info.doc, ("firmas", i, "firmantes", j, "rol"),
                                  "manual", None, "firmas del manual")
        for path, unit in org_units(info.structure):
            if unit.get("rol"):
                yield RoleRef(unit["rol"], info.doc, path + ("rol",), "manual", None, "estructura orgánica")
    for exc in manual.exceptions:
        yield RoleRef(exc.resolver, exc.doc, exc.path + ("resuelve",), "excepciones", None,
                      "excepción a {} para {}", (exc.rule, exc.subject))
