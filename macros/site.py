"""Build-wide state shared by the MkDocs hook and the macros module: the checked model,
the generated pages and the navigation. Loaded once per build (memoised per file)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from checks import check
from checks.engine import Report

from . import descargas, impresion, render
from .escape import html_text, meta_title


@dataclass
class GeneratedPage:
    src_uri: str
    title: str
    render: Callable[[], str]


@dataclass
class Site:
    report: Report
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    nav: list = field(default_factory=list)

    @property
    def manual(self):
        return self.report.manual

    def add(self, src_uri: str, title: str, fn: Callable[[], str]) -> None:
        self.pages[src_uri] = GeneratedPage(src_uri, title, fn)

    def stub(self, src_uri: str) -> str:
        """Page source: front matter and one argument-less macro call. No YAML text is
        ever template source; the title is entity-encoded (see ``meta_title``)."""
        page = self.pages[src_uri]
        return f"---\ntitle: {meta_title(page.title)}\nrender_macros: true\n---\n\n{{{{ pagina() }}}}\n"

    def render(self, src_uri: str) -> str:
        return self.pages[src_uri].render()


_CURRENT: dict[str, Site] = {}


def procesos_dir(config_dir: str, extra: dict | None) -> str:
    override = os.environ.get("MANUAL_PROCESOS_YAML")
    if override:
        return override
    rel = (extra or {}).get("procesos_yaml", "procesos_yaml")
    return os.path.join(config_dir, rel)


def build(procesos: str) -> Site:
    report = check(procesos)
    site = Site(report)
    manual = report.manual
    if report.blocking:
        _CURRENT["site"] = site
        return site
    site.add("index.md", "Inicio", lambda: render.home_page(manual, report))
    nav: list = [{"Inicio": "index.md"}]
    for coord in manual.coordinations.values():
        section = []
        cu = render.coord_url(coord.id)
        site.add(cu, coord.name, lambda c=coord: render.coordination_page(c, manual, report))
        section.append({"Presentación": cu})
        for proc in manual.procedures_of(coord.id):
            pu = render.proc_url(proc.id)
            site.add(pu, f"{proc.id} {proc.name}", lambda p=proc: render.procedure_page(p, manual, report))
            section.append(pu)
        nav.append({html_text(coord.name): section})   # the theme does not autoescape nav titles
    impresion.register(site, nav)   # printable manual (imprimir.md) -> PDF by scripts/pdf.py
    descargas.register(site, nav)   # downloads page; files are added in on_files
    site.nav = nav
    _CURRENT["site"] = site
    return site


def current() -> Site:
    try:
        return _CURRENT["site"]
    except KeyError:
        raise RuntimeError("el estado del sitio no se ha construido (¿falta el hook en mkdocs.yml?)") from None
