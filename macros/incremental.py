"""Incremental rebuilds for ``mkdocs serve --dirty`` (a normal build never uses this).

``mkdocs serve`` rebuilds every page on each save; at a hundred procedures that is tens of
seconds, mostly MkDocs, Material and mermaid2 work per page. With ``--dirty``, MkDocs skips
every page whose :meth:`File.is_modified` is false, but a generated page (content given
in memory) always says "modified". This module makes generated pages tell the truth:

* in dirty serve mode the hook calls :func:`prepare` from ``on_files``: every page's
  Markdown is rendered there once (and handed to mkdocs-macros from that memo, not rendered
  twice) and hashed together with its title, its nav placement, the whole navigation, the
  abbreviation glossary, the footer and draft notice of every page and ``mkdocs.yml``; a
  page is *unchanged* when that signature equals the one of the last successful build of
  this process (:func:`commit` in ``on_post_build``);
* unchanged pages are :class:`GeneratedPageFile` objects that report ``is_modified() ==
  False``, so MkDocs neither converts nor writes them, and keep their title in the nav
  (:func:`titles`, from ``on_nav``), which MkDocs' dirty mode would otherwise lose;
* the downloads (XLSX, CSV, JSON, schemas) are regenerated on every rebuild, so the preview
  never offers stale files; :mod:`macros.pages.downloads` reuses the bytes of any table whose
  content did not change, so that costs little;
* the search plugin of Material keeps the index entries of skipped pages in dirty mode;
* MkDocs' warning «A 'dirty' build is being performed», which ``strict: true`` would turn
  into a failed rebuild, is shown as information instead;
* the print version (the whole manual in one page: at 100 procedures ~2 s of the ~5 s of CPU
  of a rebuild, and it changes with every edit) is *deferred*: a rebuild after the first one
  does not even render its Markdown; it leaves the previous file in place and marks it to be
  checked, and when the page is requested the preview server (:func:`serve_on_request`,
  installed from ``on_serve``) renders it, compares its signature with the one of the file in
  place and, only if they differ, rebuilds it before answering. Nobody is ever shown a stale
  print version; an edit no longer waits for it (neither for its conversion nor, since the
  rendering alone is ~0.3 s at 100 procedures, for its Markdown).

Besides, in dirty serve mode the theme's compiled Jinja2 templates are kept between
rebuilds (:func:`keep_compiled_templates`, from ``on_env``): MkDocs makes a new environment
for every rebuild and recompiled ~45 templates each time (~0.2 s of a 2 s rebuild at 100
procedures). Jinja2 reuses a compiled template only if the checksum of its source is the same.

Any change of the navigation, glossary or configuration rebuilds every page. The
signatures live in the build state (:mod:`macros.state`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading

import jinja2
from mkdocs.structure.files import File

from . import state as build_state
from .escape import meta_title
from .links import PRINT as PRINT_PAGE

log = logging.getLogger("mkdocs.plugins.manual")

DEFERRED = (PRINT_PAGE,)            # in dirty serve: rebuilt when requested, not on every save
_LOCK = threading.RLock()           # the preview server's threads vs the builder thread


class GeneratedPageFile(File):
    """A generated file that may declare itself unchanged since the previous build."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


class _DirtyWarningAsInfo(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "'dirty' build is being performed" in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "Reconstrucción incremental (mkdocs serve --dirty).", ()
        return True


_FILTER = _DirtyWarningAsInfo()


def startup(command: str, dirty: bool) -> None:
    """``on_startup``: remember whether this process is ``mkdocs serve --dirty``."""
    dirty_serve = command == "serve" and dirty
    build_state.start(dirty_serve)
    logger = logging.getLogger("mkdocs.commands.build")
    if dirty_serve:
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    else:
        logger.removeFilter(_FILTER)


def active() -> bool:
    return build_state.current().dirty_serve


def _global_signature(site, config) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps(site.nav, ensure_ascii=False, sort_keys=True, default=str).encode())
    abbr = (config.mdx_configs.get("abbr") or {}).get("glossary")
    digest.update(json.dumps(abbr, ensure_ascii=False, sort_keys=True, default=str).encode())
    # what every page shows besides its content: footer (version, date) and draft notice
    digest.update(json.dumps([config.copyright, (config.extra or {}).get("manual_borrador")],
                             ensure_ascii=False, default=str).encode())
    if config.config_file_path:
        try:
            with open(config.config_file_path, "rb") as fh:
                digest.update(fh.read())
        except OSError:
            digest.update(b"?")
    return digest.digest()


def _signature(base: bytes, page, content: str) -> str:
    digest = hashlib.blake2b(base, digest_size=16)
    digest.update(json.dumps([page.title, page.nav_title, page.section], ensure_ascii=False).encode())
    digest.update(content.encode("utf-8"))
    return digest.hexdigest()


def _render_once(page) -> str:
    """The page's Markdown, rendered now and handed to mkdocs-macros from this memo."""
    content = page.render()
    page.render = lambda content=content: content
    return content


def prepare(site, config) -> dict[str, bool]:
    """Render every page once; ``src_uri -> unchanged since the last build``. A deferred page
    that was built before is not rendered: it keeps its file and is checked on request."""
    base = _global_signature(site, config)
    unchanged = {}
    state = build_state.current()
    with _LOCK:
        last, pending = state.signatures, state.pending_signatures
        pending.clear()
        state.stale_pages.clear()
        for src_uri, page in site.pages.items():
            previous = last.get(src_uri)
            if src_uri in DEFERRED and previous is not None:
                state.stale_pages[src_uri] = base     # keep the old file; checked on request
                pending[src_uri] = previous           # the signature of that file
                unchanged[src_uri] = True
                continue
            signature = _signature(base, page, _render_once(page))
            pending[src_uri] = signature
            unchanged[src_uri] = previous == signature
    return unchanged


def page_file(config, src_uri: str, content: str, unchanged: bool) -> File:
    if not active():
        return File.generated(config, src_uri, content=content)
    file = GeneratedPageFile.generated(config, src_uri, content=content)
    file.unchanged = unchanged
    return file


def titles(nav, files) -> None:
    """``on_nav``: unchanged pages are not read in dirty mode; give the nav their titles."""
    pages = build_state.current_site().pages
    for file in files.documentation_pages():
        if isinstance(file, GeneratedPageFile) and file.unchanged and file.page is not None:
            if file.page.title is None and file.src_uri in pages:
                file.page.title = json.loads(meta_title(pages[file.src_uri].title))


def remember(**built) -> None:
    """``on_nav`` / ``on_env``: the objects a deferred page is built with later."""
    with _LOCK:
        build_state.current().built.update(built)


def commit() -> None:
    """``on_post_build``: this build succeeded; its signatures are the new reference."""
    with _LOCK:
        state = build_state.current()
        state.signatures = dict(state.pending_signatures)


def rebuild_stale(url_path: str) -> bool:
    """Check the deferred page served at ``url_path`` (relative to the site root) against the
    last build: render its Markdown and, if its signature differs from the one of the file in
    place, build it with the objects of the last build and MkDocs' own page steps. True if
    it was rebuilt."""
    from mkdocs.commands.build import _build_page, _populate_page

    with _LOCK:
        state = build_state.current()
        if not state.stale_pages or not {"config", "files", "nav", "env"} <= state.built.keys():
            return False
        config, files, nav, env = (state.built[k] for k in ("config", "files", "nav", "env"))
        wanted = url_path.lstrip("/")
        for src_uri, base in list(state.stale_pages.items()):
            file = files.get_file_from_path(src_uri)
            if file is None or file.page is None or wanted not in (file.url, file.dest_uri):
                continue
            page = state.site.pages[src_uri]
            signature = _signature(base, page, _render_once(page))
            del state.stale_pages[src_uri]
            if signature == state.signatures.get(src_uri):
                return False                          # the file in place is this content
            file.unchanged = False
            _populate_page(file.page, config, files, dirty=False)
            _build_page(file.page, config, files.documentation_pages(), nav, env, dirty=False)
            state.signatures[src_uri] = signature
            log.info("Página diferida reconstruida al pedirla: %s", src_uri)
            return True
    return False


def serve_on_request(server) -> None:
    """``on_serve`` (dirty mode): answer a request for a stale deferred page after rebuilding
    it. Waits, as the server itself does, until any rebuild in progress has finished."""
    app = server.get_app()
    mount = getattr(server, "mount_path", "/")

    def serve(environ, start_response):
        path = environ.get("PATH_INFO", "")
        stale = build_state.current().stale_pages
        if stale and path.startswith(mount) and (path.endswith("/") or path.endswith(".html")):
            cond = getattr(server, "_epoch_cond", None)
            if cond is not None:
                with cond:
                    cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch, timeout=300)
            try:
                rebuild_stale(path[len(mount):])
            except Exception:       # serve the previous file; the error is in the log
                log.exception("No se pudo reconstruir la página diferida %s", path)
        return app(environ, start_response)

    server.set_app(serve)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, for the environments of one ``mkdocs serve`` process.
    Jinja2 keys a template by name and file and discards it when its source checksum differs;
    this cache is only ever given to environments with the same compiler settings
    (:func:`_settings`)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHES: dict[tuple, _CompiledTemplates] = {}


def _settings(env) -> tuple | None:
    """What the compiled code of a template depends on besides its source; None when it may
    depend on something that cannot be compared (a callable autoescape or finalize)."""
    if not isinstance(env.autoescape, bool) or env.finalize is not None:
        return None
    return (type(env), env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
            env.newline_sequence, env.keep_trailing_newline, env.autoescape, env.optimized, env.is_async,
            tuple(sorted((name, type(ext)) for name, ext in env.extensions.items())))


def keep_compiled_templates(env) -> None:
    """``on_env`` (dirty serve): reuse the templates compiled by earlier rebuilds."""
    if env.bytecode_cache is not None:
        return
    settings = _settings(env)
    if settings is None:
        return
    with _LOCK:
        env.bytecode_cache = _TEMPLATE_CACHES.setdefault(settings, _CompiledTemplates())
