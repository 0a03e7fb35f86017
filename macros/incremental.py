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
  into a failed rebuild, is shown as information instead.

Any change of the navigation, glossary or configuration rebuilds every page. The
signatures live in the build state (:mod:`macros.state`).
"""
from __future__ import annotations

import hashlib
import json
import logging

from mkdocs.structure.files import File

from . import state as build_state
from .escape import meta_title


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


def prepare(site, config) -> dict[str, bool]:
    """Render every page once; ``src_uri -> unchanged since the last build``."""
    base = _global_signature(site, config)
    unchanged = {}
    state = build_state.current()
    last, pending = state.signatures, state.pending_signatures
    pending.clear()
    for src_uri, page in site.pages.items():
        content = page.render()
        page.render = lambda content=content: content
        digest = hashlib.blake2b(base, digest_size=16)
        digest.update(json.dumps([page.title, page.nav_title, page.section], ensure_ascii=False).encode())
        digest.update(content.encode("utf-8"))
        signature = digest.hexdigest()
        pending[src_uri] = signature
        unchanged[src_uri] = last.get(src_uri) == signature
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


def commit() -> None:
    """``on_post_build``: this build succeeded; its signatures are the new reference."""
    state = build_state.current()
    state.signatures = dict(state.pending_signatures)
