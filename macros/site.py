"""The site of one build: the checked model, the registry of generated pages and the
navigation.

:func:`build` checks the manual and calls, in order, the ``register(site)`` of each page
family in ``macros/pages/`` — the only place pages are added. A page family registers its
pages with ``site.add(src_uri, title, render_fn, section=...)``: ``render_fn`` returns
Markdown built from the model (every YAML string escaped by ``macros.escape``); ``section``
is one of the nav sections of :mod:`macros.links` (or a coordination id, for pages that
belong to a coordination). The nav is derived from the registry, so a page appears in it
without any other edit. A new page family: one module in ``macros/pages/`` and one line in
:func:`build`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from checks import check
from checks.completeness import completeness
from checks.engine import Report

from checks.reports.changelog import ChangeLog
from checks.reports.changelog import changelog as read_changelog
from checks.versions import UNAVAILABLE, History, Status

from . import gitinfo, xref
from .components import Ctx
from .control import document_control
from .escape import meta_title, nav_text
from .links import COMPLIANCE_SECTION, HOME_SECTION, MANUAL_SECTION, REFERENCE_SECTION, ROLES_SECTION
from .pages import (changelog, compliance, coordination, downloads, home, manual, print_version, procedure,
                    reference, roles, symbology)


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
    ctx: Ctx | None = None
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
        order = [HOME_SECTION, MANUAL_SECTION, *self.section_titles, ROLES_SECTION, REFERENCE_SECTION,
                 COMPLIANCE_SECTION]
        grouped: dict[str, list] = {key: [] for key in order}
        for page in self.pages.values():
            key = page.section if page.section in grouped else REFERENCE_SECTION
            grouped[key].append({page.nav_title: page.src_uri} if page.nav_title else page.src_uri)
        nav: list = []
        for key in order:
            entries = grouped[key]
            if not entries:
                continue
            if key == HOME_SECTION:
                nav.extend({HOME_SECTION: e} if isinstance(e, str) else e for e in entries)
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


def procesos_dir(config_dir: str, extra: dict | None) -> str:
    override = os.environ.get("MANUAL_PROCESOS_YAML")
    if override:
        return override
    rel = (extra or {}).get("procesos_yaml", "procesos_yaml")
    return os.path.join(config_dir, rel)


def version_log(procesos: str, manual) -> ChangeLog:
    """The change log of this build (published versions from git tags, unpublished changes),
    computed once per build. Never fails the build: without git, in a shallow clone, without
    tags or on any error reading an old version, the log says «historial no disponible en
    esta copia» and the build is a draft."""
    try:
        return read_changelog(procesos, manual)
    except Exception as exc:  # noqa: BLE001 - an unreadable history must not stop the site
        reason = f"{UNAVAILABLE}: {' '.join(str(exc).split())[:200]}"
        return ChangeLog(History(False, reason=reason), Status(None, History(False, reason=reason), reason))


def context(report, procesos: str) -> Ctx:
    """What the page renderers read: model, report, cross-reference indexes, git history of
    ``procesos``, completeness scores, the change log and the document control (version,
    date, draft)."""
    manual = report.manual
    log = version_log(procesos, manual)
    return Ctx(manual, report, xref.build_index(manual, report), gitinfo.last_changes(procesos),
               completeness(manual, report.problems), log, document_control(manual, log))


def build(procesos: str) -> Site:
    """Check the manual in ``procesos`` and register every page, in nav order within each
    section. With blocking errors the site has no pages (the hook stops the build)."""
    report = check(procesos)
    site = Site(report)
    if report.blocking:
        return site
    site.ctx = context(report, procesos)
    home.register(site)             # Inicio
    manual.register(site)           # El manual
    symbology.register(site)        # El manual: Simbología of the flowcharts
    coordination.register(site)     # one section per coordination, with its procedures
    procedure.register(site)        # procedures of no coordination
    roles.register(site)            # Roles «¿Qué me toca?»
    reference.register(site)        # Consulta
    compliance.register(site)       # Cumplimiento
    changelog.register(site)        # El manual: Control de cambios (versions and unpublished changes)
    print_version.register(site)    # El manual: the whole manual for printing (and the PDF)
    downloads.register(site)        # Consulta: XLSX/CSV/JSON and editor schemas
    return site
