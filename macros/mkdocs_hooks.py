"""MkDocs hook (``hooks:`` in mkdocs.yml): gate the build on the compliance engine,
generate one page per model object, set the navigation, add acronym tooltips and make the
search index accent-insensitive.

``on_config`` runs with priority 100, before mkdocs-macros' ``define_env``.
"""
from __future__ import annotations

import os
import sys

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from checks.config import ConfigError  # noqa: E402
from checks.formatters import summary  # noqa: E402
from macros import a11y, descargas  # noqa: E402
from macros import incremental  # noqa: E402
from macros import search, siglas  # noqa: E402
from macros import site as site_state  # noqa: E402

log = get_plugin_logger("manual")
MAX_LISTED = 200


@event_priority(100)
def on_config(config):
    config_dir = os.path.dirname(config.config_file_path or os.path.join(_ROOT, "mkdocs.yml"))
    procesos = site_state.procesos_dir(config_dir, config.extra)
    try:
        site = site_state.build(procesos)
    except ConfigError as exc:      # reglas.yaml is invalid: stop with its positioned errors
        raise PluginError(str(exc)) from None
    report = site.report
    if report.blocking:
        n = len(report.blocking)
        lines = [f"{p.location}: {p.rule} {p.message}" for p in report.blocking[:MAX_LISTED]]
        more = n - MAX_LISTED
        if more > 0:
            lines.append(f"… y {more} más (python -m checks los lista todos)")
        what = "error de cumplimiento" if n == 1 else "errores de cumplimiento"
        raise PluginError(f"El manual tiene {n} {what} en {procesos}:\n  " + "\n  ".join(lines))
    log.info(summary(report))
    config.nav = site.nav
    # Acronym tooltips on every page (Material «content.tooltips» shows <abbr title>).
    if "abbr" in config.markdown_extensions:
        siglas.install(config, site_state.abbreviations(site.manual))
    a11y.install(config)                       # tables: scope, label, cards on a phone (issue 14)
    return config


def on_startup(command, dirty):
    incremental.startup(command, dirty)        # «mkdocs serve --dirty»: see macros/incremental.py


def on_files(files, config):
    site = site_state.current()
    unchanged = incremental.prepare(site, config) if incremental.active() else {}
    for src_uri in site.pages:
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(incremental.page_file(config, src_uri, site.stub(src_uri), unchanged.get(src_uri, False)))
    descargas.add_files(files, config, site)   # XLSX/CSV/JSON downloads and editor schemas
    return files


def on_nav(nav, config, files):
    if incremental.active():
        incremental.titles(nav, files)
    return nav


@event_priority(-100)
def on_post_build(config):
    """After the search plugin wrote its index: add accent-free copies of titles and text."""
    search.fold_search_index(config.site_dir)
    if incremental.active():
        incremental.commit()


def on_serve(server, config, builder):
    """``mkdocs serve`` watches only docs_dir and mkdocs.yml: also rebuild when a YAML of the
    manual changes (the checks memoise per file content, so only edited files are reloaded)."""
    config_dir = os.path.dirname(config.config_file_path or os.path.join(_ROOT, "mkdocs.yml"))
    server.watch(os.path.abspath(site_state.procesos_dir(config_dir, config.extra)))
    return server
