"""The build state: one :class:`BuildState` per build, created by the hook in ``on_config``
(:func:`begin`) and read by the macros module, the hook's later events and the downloads.

It replaces the module-level globals the site used to keep. What must outlive one build in
the same process (``mkdocs serve``) is carried over explicitly by :func:`begin`: whether
this is ``mkdocs serve --dirty``, the page signatures of the last successful build
(:mod:`macros.incremental`) and the serialised spreadsheets (:mod:`macros.pages.downloads`).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BuildState:
    dirty_serve: bool = False                 # this process is «mkdocs serve --dirty»
    site: object = None                       # macros.site.Site of this build
    # macros.incremental: src_uri -> page signature, of the last successful build / of this one
    signatures: dict[str, str] = field(default_factory=dict)
    pending_signatures: dict[str, str] = field(default_factory=dict)
    # macros.pages.downloads: serialised spreadsheets by content digest (last build) and
    # (site, files) of this build
    spreadsheets: dict[tuple, bytes] = field(default_factory=dict)
    downloads: tuple | None = None
    # macros.incremental (dirty serve): deferred pages this build left in place unrendered, to
    # be checked on request (src_uri -> the global part of their signature in this build), and
    # the MkDocs objects to build them with
    stale_pages: dict[str, bytes] = field(default_factory=dict)
    built: dict[str, object] = field(default_factory=dict)


_STATE: list[BuildState] = [BuildState()]


def begin() -> BuildState:
    """``on_config``: a new state for this build, keeping what outlives a build."""
    previous = _STATE[0]
    _STATE[0] = state = BuildState(dirty_serve=previous.dirty_serve, signatures=previous.signatures,
                                   spreadsheets=previous.spreadsheets)
    return state


def start(dirty_serve: bool) -> BuildState:
    """``on_startup`` (``mkdocs build`` or ``mkdocs serve``): the page signatures survive
    only from one ``mkdocs serve --dirty`` start to another."""
    previous = _STATE[0]
    keep = dirty_serve and previous.dirty_serve
    _STATE[0] = state = BuildState(dirty_serve=dirty_serve, signatures=previous.signatures if keep else {},
                                   spreadsheets=previous.spreadsheets)
    return state


def current() -> BuildState:
    return _STATE[0]


def current_site():
    """The site of the current build (the macros module renders its pages)."""
    site = _STATE[0].site
    if site is None:
        raise RuntimeError("el estado del sitio no se ha construido (¿falta el hook en mkdocs.yml?)")
    return site
