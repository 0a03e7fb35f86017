"""Build-wide state shared by the MkDocs hook and the macros module: the checked model,
the registry of generated pages and the navigation. Loaded once per build.

Registering a page: ``site.add(src_uri, title, render_fn, section=...)``. ``render_fn``
returns Markdown built from the model (every YAML string escaped by ``macros.escape``);
``section`` is one of the nav sections below (or a coordination id, for pages that belong
to a coordination). The nav is derived from the registry, so a page appears in it without
any other edit. Keep each section's ``add()`` calls together in :func:`build`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from checks import check
from checks.completeness import completeness
from checks.engine import Report
from checks.model import fold

from . import cumplimiento, descargas, gitinfo, impresion, pages_consulta, pages_manual, render, xref
from .pages import symbology
from .escape import abbr_key, abbr_title, meta_title, nav_text

# Nav sections, in order. Coordinations (one section each, with their procedures) go
# between MANUAL and ROLES.
HOME = "Inicio"
MANUAL = "El manual"
ROLES = "Roles «¿Qué me toca?»"
CONSULTA = "Consulta"
CUMPLIMIENTO = "Cumplimiento"


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    render: Callable[[], str]
    section: str | None = None
    nav_title: str | None = None      # label in the nav (escaped HTML); None: the page title
    hide: tuple[str, ...] = ()        # Material «hide» front matter: "toc", "navigation"
    search: bool = True               # False: left out of the search index (e.g. the print page)


@dataclass
class Site:
    report: Report
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    ctx: render.Ctx | None = None
    section_titles: dict[str, str] = field(default_factory=dict)   # section key -> nav label

    @property
    def manual(self):
        return self.report.manual

    def add(self, src_uri: str, title: str, fn: Callable[[], str], section: str | None = None,
            nav_title: str | None = None, hide: tuple[str, ...] = (), search: bool = True) -> None:
        """Register a generated page. ``title`` is plain text (escaped here); ``nav_title``,
        if given, is plain text too."""
        assert all(h in ("toc", "navigation", "footer") for h in hide)
        self.pages[src_uri] = GeneratedPage(src_uri, title, fn, section,
                                            nav_text(nav_title) if nav_title else None, tuple(hide), search)

    @property
    def nav(self) -> list:
        """MkDocs nav: Inicio, El manual, one section per coordination, Roles, Consulta,
        Cumplimiento; sections without pages are left out."""
        order = [HOME, MANUAL, *self.section_titles, ROLES, CONSULTA, CUMPLIMIENTO]
        grouped: dict[str, list] = {key: [] for key in order}
        for page in self.pages.values():
            key = page.section if page.section in grouped else CONSULTA
            grouped[key].append({page.nav_title: page.src_uri} if page.nav_title else page.src_uri)
        nav: list = []
        for key in order:
            entries = grouped[key]
            if not entries:
                continue
            if key == HOME:
                nav.extend({HOME: e} if isinstance(e, str) else e for e in entries)
            else:
                nav.append({self.section_titles.get(key, key): entries})
        return nav

    def stub(self, src_uri: str) -> str:
        """Page source: front matter and one argument-less macro call. No YAML text is
        ever template source; the title is entity-encoded (see ``meta_title``)."""
        page = self.pages[src_uri]
        hide = "".join(f"\n  - {h}" for h in page.hide)
        hide = f"hide:{hide}\n" if hide else ""
        search = "" if page.search else "search:\n  exclude: true\n"
        return (f"---\ntitle: {meta_title(page.title)}\n{hide}{search}render_macros: true\n---\n\n"
                "{{ pagina() }}\n")

    def render(self, src_uri: str) -> str:
        return self.pages[src_uri].render()


_CURRENT: dict[str, Site] = {}


def procesos_dir(config_dir: str, extra: dict | None) -> str:
    override = os.environ.get("MANUAL_PROCESOS_YAML")
    if override:
        return override
    rel = (extra or {}).get("procesos_yaml", "procesos_yaml")
    return os.path.join(config_dir, rel)


def _completeness(manual, report):
    """Completeness scores (``checks.completeness``) for the badges."""
    return completeness(manual, report.problems)


# Procedure pages hide the right-hand table of contents: the flowchart gets the ~240 px it
# took (the 17-step SPE-02 goes from 60 % to 80 % of its natural size at 1280 px); the page
# opens with its own list of sections instead.
PROCEDURE_HIDE = ("toc",)


def _short(proc, limit: int = 60) -> str:
    name = proc.name if len(proc.name) <= limit else proc.name[: limit - 1].rstrip() + "…"
    return f"{proc.id} · {name}"


def abbreviations(manual) -> dict[str, str]:
    """Acronym -> expansion for the abbr glossary: glossary terms marked ``sigla: true``
    and roles with ``siglas``. Keys and titles sanitised by :mod:`macros.escape`."""
    out: dict[str, str] = {}
    for term in manual.terms:
        key = abbr_key(term.term) if term.acronym else None
        if key and key not in out:
            title = abbr_title(term.definition)
            if title:
                out[key] = title
    for role in manual.roles.values():
        key = abbr_key(role.acronym)
        if key and key not in out:
            title = abbr_title(role.name)
            if title:
                out[key] = title
    return out


def build(procesos: str) -> Site:
    report = check(procesos)
    site = Site(report)
    _CURRENT["site"] = site
    if report.blocking:
        return site
    manual = report.manual
    ctx = site.ctx = render.Ctx(manual, report, xref.build_index(manual, report),
                                gitinfo.last_changes(procesos), _completeness(manual, report))

    # Inicio
    site.add(render.HOME, "Inicio", lambda: render.home_page(ctx), section=HOME)

    # El manual
    site.add(pages_manual.INTRO, "Introducción", lambda: pages_manual.introduction_page(ctx), section=MANUAL)
    site.add(pages_manual.BACKGROUND, "Antecedentes", lambda: pages_manual.background_page(ctx), section=MANUAL)
    site.add(render.NORMS, "Marco normativo", lambda: pages_manual.norms_page(ctx), section=MANUAL)
    site.add(pages_manual.OBJECTIVES, "Objetivos", lambda: pages_manual.objectives_page(ctx), section=MANUAL)
    site.add(render.STRUCTURE, "Estructura orgánica", lambda: pages_manual.structure_page(ctx), section=MANUAL)
    site.add(pages_manual.SIGNATURES, "Hojas de firmas", lambda: pages_manual.signatures_page(ctx),
             section=MANUAL)
    symbology.register(site)

    # One section per coordination: its presentation page and its procedures.
    for coord in manual.coordinations.values():
        site.section_titles[coord.id] = nav_text(coord.name)   # the theme does not autoescape nav titles
        site.add(render.coord_url(coord.id), coord.name, lambda c=coord: render.coordination_page(ctx, c),
                 section=coord.id, nav_title="Presentación")
        for proc in manual.procedures_of(coord.id):
            site.add(render.proc_url(proc.id), f"{proc.id} {proc.name}",
                     lambda p=proc: render.procedure_page(ctx, p), section=coord.id, nav_title=_short(proc),
                     hide=PROCEDURE_HIDE)
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        site.section_titles["_sin_coordinacion"] = "Sin coordinación"
        for proc in orphans:
            site.add(render.proc_url(proc.id), f"{proc.id} {proc.name}",
                     lambda p=proc: render.procedure_page(ctx, p), section="_sin_coordinacion")

    # Roles «¿Qué me toca?»
    site.add(render.ROLES_INDEX, "Busco mi puesto", lambda: pages_consulta.roles_index_page(ctx), section=ROLES)
    for role in sorted(manual.roles.values(), key=lambda r: fold(r.name)):
        site.add(render.role_url(role.id), role.name, lambda r=role: pages_consulta.role_page(ctx, r),
                 section=ROLES)

    # Consulta
    site.add(render.MATRIX, "Matriz de roles", lambda: pages_consulta.matrix_page(ctx), section=CONSULTA)
    site.add(render.RISKS, "Riesgos", lambda: pages_consulta.risks_page(ctx), section=CONSULTA)
    site.add(render.DOCUMENTS, "Documentos", lambda: pages_consulta.documents_page(ctx), section=CONSULTA)
    site.add(render.GLOSSARY, "Glosario", lambda: pages_manual.glossary_page(ctx), section=CONSULTA)

    # Cumplimiento: compliance pages register here with section=CUMPLIMIENTO.
    cumplimiento.register(site, CUMPLIMIENTO)

    # Formats: the whole manual for printing (PDF by scripts/pdf.py) and the downloads page.
    impresion.register(site, MANUAL)
    descargas.register(site, CONSULTA)

    return site


def current() -> Site:
    try:
        return _CURRENT["site"]
    except KeyError:
        raise RuntimeError("el estado del sitio no se ha construido (¿falta el hook en mkdocs.yml?)") from None
