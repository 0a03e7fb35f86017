"""MkDocs hook (``hooks:`` in mkdocs.yml): gate the build on the compliance engine,
generate one page per model object, set the navigation, add acronym tooltips and make the
search index accent-insensitive.

``on_config`` runs with priority 100, before mkdocs-macros' ``define_env``; it creates the
build state (:mod:`macros.state`) that every later event reads.
"""
from __future__ import annotations

import os
import sys

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from checks.config import ConfigError  # noqa: E402
from checks.problem import printable  # noqa: E402
from checks.reports.formatters import summary  # noqa: E402
from macros import a11y, abbreviations, assets, control, csp, incremental, search, state  # noqa: E402
from macros import gc_pause, mermaid_assets  # noqa: E402
from macros import site as site_builder  # noqa: E402
from macros.pages import downloads  # noqa: E402

log = get_plugin_logger("manual")
MAX_LISTED = 200


@event_priority(100)
def on_config(config):
    assets.check_pinned_files(config)          # Mermaid present and intact, else one clear line
    config_dir = os.path.dirname(config.config_file_path or os.path.join(_ROOT, "mkdocs.yml"))
    procesos = site_builder.procesos_dir(config_dir, config.extra)
    build_state = state.begin()
    try:
        site = build_state.site = site_builder.build(procesos)
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
        raise PluginError(f"El manual tiene {n} {what} en {printable(procesos)}:\n  " + "\n  ".join(lines))
    log.info(summary(report))
    config.nav = site.nav
    show_control(config, site.ctx.control)
    # Acronym tooltips on every page (Material «content.tooltips» shows <abbr title>).
    if "abbr" in config.markdown_extensions:
        abbreviations.install(config, abbreviations.glossary(site.manual))
    a11y.install(config)                       # tables: scope, label, cards on a phone (issue 14)
    return config


def show_control(config, ctl) -> None:
    """Version and date in every page footer (``copyright``, printed raw by Material: escaped
    in :mod:`macros.control`) and, for a draft, the «BORRADOR — no vigente» notice of every
    page (``extra.manual_borrador``, shown by the announce block of overrides/main.html)."""
    config.copyright = control.footer_html(ctl)
    config.extra["manual_borrador"] = control.notice_html(ctl)
    if ctl.draft:
        log.info(f"{control.DRAFT}: {ctl.reason}")


def on_startup(command, dirty):
    incremental.startup(command, dirty)        # «mkdocs serve --dirty»: see macros/incremental.py
    csp.startup(command)                       # no Content-Security-Policy under «mkdocs serve»


def _put(files, file) -> None:
    """Add a generated file, replacing a file of docs/ with the same path."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def on_files(files, config):
    site = state.current_site()
    unchanged = incremental.prepare(site, config) if incremental.active() else {}
    for src_uri in site.pages:
        _put(files, incremental.page_file(config, src_uri, site.stub(src_uri), unchanged.get(src_uri, False)))
    add_downloads(files, config, site)
    gc_pause.freeze()          # the model and pages live until the end: keep them out of GC passes
    return files


def add_downloads(files, config, site) -> None:
    """XLSX/CSV/JSON downloads and editor schemas (:mod:`macros.pages.downloads`), handed to
    MkDocs as generated files."""
    if site.report.blocking:
        return
    for src_uri, content in downloads.blobs(site).files.items():
        _put(files, File.generated(config, src_uri, content=content))


def on_nav(nav, config, files):
    if incremental.active():
        incremental.titles(nav, files)
        incremental.remember(config=config, files=files, nav=nav)
    return nav


def on_env(env, config, files):
    if incremental.active():
        incremental.remember(env=env)     # deferred pages are built on request with these
        incremental.keep_compiled_templates(env)
    return env


def on_post_page(output, page, config):
    return mermaid_assets.preload(output, page)    # Mermaid starts downloading with the page


@event_priority(-100)
def on_post_build(config):
    """After the search plugin wrote its index: add the accent-free form of accented words."""
    gc_pause.unfreeze()
    search.fold_search_index(config.site_dir)
    csp.apply(config.site_dir)                 # <meta> Content-Security-Policy in every page
    if incremental.active():
        incremental.commit()


YAML_POLLING = 0.2      # s between two looks at procesos_yaml/ under «mkdocs serve» (MkDocs: 0.5)


def on_serve(server, config, builder):
    """``mkdocs serve`` watches only docs_dir and mkdocs.yml: also rebuild when a YAML of the
    manual changes (the checks memoise per file content, so only edited files are reloaded).

    MkDocs polls what it watches every 0.5 s, so a saved YAML waited 0.25 s on average (up to
    0.5 s) before the rebuild even started, an eighth of the 2 s budget of a ``--dirty``
    rebuild; the manual's folder is polled every :data:`YAML_POLLING` s instead (a look at a
    few hundred files costs about a millisecond). watchdog gives a new watch the observer's
    interval, so it is set just for this one."""
    config_dir = os.path.dirname(config.config_file_path or os.path.join(_ROOT, "mkdocs.yml"))
    path = os.path.abspath(site_builder.procesos_dir(config_dir, config.extra))
    observer = getattr(server, "observer", None)
    interval = getattr(observer, "_timeout", None)
    if isinstance(interval, (int, float)) and not isinstance(interval, bool) and interval > YAML_POLLING:
        observer._timeout = YAML_POLLING
        try:
            server.watch(path)
        finally:
            observer._timeout = interval
    else:
        server.watch(path)
    if incremental.active():
        incremental.serve_on_request(server)    # the print version is rebuilt when requested
    return server


def on_build_error(error):
    gc_pause.unfreeze()
