"""Cross-reference indexes over the validated model, built once per build in O(size of the
manual): who takes part in which step, which step produces or consumes which document,
which procedures cite which norm, which findings concern which procedure.

Pages read these indexes instead of scanning every procedure, so no page costs O(N²) when
the manual grows to hundreds of procedures.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from checks.model import fold


@dataclass(frozen=True)
class StepRef:
    """One step of one procedure."""

    proc: object
    step: object


@dataclass
class DocumentEntry:
    """A document named in the manual (an insumo or a salida), keyed by its folded name."""

    key: str
    name: str                      # first spelling seen
    anchor: str
    producers: list[StepRef] = field(default_factory=list)
    consumers: list[StepRef] = field(default_factory=list)
    external_in: list = field(default_factory=list)   # procedures that list it in documentos_externos
    spellings: set[str] = field(default_factory=set)


@dataclass
class Index:
    role_steps: dict[str, list[StepRef]]
    role_procs: dict[str, list]
    documents: dict[str, DocumentEntry]
    norm_procs: dict[str, list]
    findings: dict[str, list]
    role_duties: dict[str, list]          # role id -> [(coordination, RoleDuties)]

    def document_for(self, name: str) -> DocumentEntry | None:
        return self.documents.get(fold(name))


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", fold(text)).strip("-")[:60] or "x"


def build_index(manual, report) -> Index:
    role_steps: dict[str, list[StepRef]] = defaultdict(list)
    role_procs: dict[str, dict] = defaultdict(dict)
    documents: dict[str, DocumentEntry] = {}
    anchors: set[str] = set()
    norm_procs: dict[str, list] = defaultdict(list)

    def doc_entry(name: str) -> DocumentEntry:
        key = fold(name)
        entry = documents.get(key)
        if entry is None:
            anchor = base = "doc-" + slug(name)
            n = 2
            while anchor in anchors:
                anchor = f"{base}-{n}"
                n += 1
            anchors.add(anchor)
            entry = documents[key] = DocumentEntry(key, " ".join(name.split()), anchor)
        entry.spellings.add(" ".join(name.split()))
        return entry

    for proc in manual.procedures.values():
        for step in proc.steps:
            ref = StepRef(proc, step)
            for role in dict.fromkeys(step.real_responsibles):
                role_steps[role].append(ref)
                role_procs[role][proc.id] = proc
            for name in dict.fromkeys(step.real_inputs):
                doc_entry(name).consumers.append(ref)
            for name in dict.fromkeys(step.real_outputs):
                doc_entry(name).producers.append(ref)
        for name in proc.external_documents:
            if str(name).strip():
                doc_entry(name).external_in.append(proc)
        for norm in dict.fromkeys(proc.norms):
            norm_procs[norm].append(proc)

    findings: dict[str, list] = defaultdict(list)
    for problem in report.problems:
        if problem.subject:
            findings[problem.subject].append(problem)

    role_duties: dict[str, list] = defaultdict(list)
    for coord in manual.coordinations.values():
        for duty in coord.duties:
            role_duties[duty.role].append((coord, duty))

    ordered_docs = dict(sorted(documents.items(), key=lambda kv: kv[0]))
    return Index(dict(role_steps), {k: list(v.values()) for k, v in role_procs.items()}, ordered_docs,
                 dict(norm_procs), dict(findings), dict(role_duties))
