"""Content-Security-Policy of the built site, as a ``<meta http-equiv>`` in every page.

The intranet's web server may not be configurable, so the policy travels inside each page
(issue 17). After the build (``on_post_build``) :func:`apply` reads every HTML page, collects
the SHA-256 of each inline script and writes the same policy, with the union of those hashes,
at the top of every ``<head>``. Only the inline scripts the site itself emits are hashed —
Material's ``__md_scope`` bootstrap (its path differs by page depth), its tab-state snippet,
and mermaid2's ``window.mermaidConfig`` (:data:`KNOWN_SCRIPTS`). Any other inline script in a
page fails the build: it can only come from text that escaped the escaping, and hashing it
would authorise it. The union, not each page's own
hashes: with instant navigation the policy of the first page loaded governs the whole visit,
and Material re-runs the inline scripts of each page it swaps in.

Policy (:func:`policy`):

* ``default-src 'none'`` — nothing is allowed unless listed;
* ``script-src 'self' 'sha256-…'`` — the site's own files and exactly its inline scripts: no
  ``'unsafe-inline'`` (an injected ``<script>`` or ``onerror=`` does not run) and no
  ``'unsafe-eval'`` (neither Material, nor Mermaid 11, nor the search needs it);
* ``style-src 'self' 'unsafe-inline'`` — required: Mermaid writes each diagram's ``<style>``
  and ``style`` attributes at run time (d3), and Markdown tables carry ``style="text-align"``.
  Styles cannot run script; every YAML text is escaped before it becomes HTML anyway;
* ``img-src 'self' data:`` and ``font-src 'self' data:`` — Material's icons are ``data:`` SVGs
  in its CSS;
* ``connect-src 'self'`` (instant navigation, sitemap, search index), ``worker-src 'self'``
  (search worker), ``manifest-src 'self'``;
* ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'self'``.

No external origin appears. ``frame-ancestors`` cannot be set from a ``<meta>`` (browsers
ignore it there and say so on the console): a server that can send headers should add it,
see :func:`header_line` and the README («Publicar en la intranet»). The exact header line of
each build is written to ``site/csp.txt``.

``mkdocs serve`` is left without the policy: its live reload injects an inline script whose
text changes on every request.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re

META_MARK = 'http-equiv="Content-Security-Policy"'
HEADER_FILE = "csp.txt"
_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
# Script types a browser executes (a data block such as application/json is never run).
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript", "text/jscript", "text/livescript"}
_EXISTING = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
# The policy goes right after <meta charset> (which must stay in the first 1024 bytes) and
# before any script.
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)

_MD_SCOPE_REST = ('__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,'
                  't=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,'
                  'a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}')
# The inline scripts of Material 9.8 and mermaid2 1.2 (tests/navegador/test_csp.py checks
# that a build finds all of them). Updating the theme may change them: the build then stops
# and says which page holds an unknown script.
KNOWN_SCRIPTS = (
    re.compile(r'__md_scope=new URL\("[\w./~%-]*",location\),' + re.escape(_MD_SCOPE_REST)),
    re.compile(re.escape('var target=document.getElementById(location.hash.slice(1));target&&target.name'
                         '&&(target.checked=target.name.startsWith("__tabbed_"))')),
    re.compile(r"window\.mermaidConfig = \{[^()`=;<>\\]*\};"),
)

STATE = {"serve": False}


def startup(command: str) -> None:
    """``on_startup``: no policy under ``mkdocs serve`` (see the module docstring)."""
    STATE["serve"] = command == "serve"


class UnknownInlineScript(ValueError):
    """A page holds an inline script that is none of :data:`KNOWN_SCRIPTS`."""


def inline_script_hashes(html: str, where: str = "") -> set[str]:
    """``'sha256-…'`` sources of the inline scripts of one page that a browser would run;
    :class:`UnknownInlineScript` if one of them is not a known script of the theme."""
    out = set()
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs") or ""
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue
        # The HTML parser turns CRLF and CR into LF before the script sees its text.
        body = match.group("body").replace("\r\n", "\n").replace("\r", "\n")
        if not any(known.fullmatch(body) for known in KNOWN_SCRIPTS):
            shown = " ".join(body.split())[:120].encode("unicode_escape").decode("ascii")
            raise UnknownInlineScript(f"{where}: script en línea desconocido «{shown}»: no se autoriza en la "
                                      "política de seguridad (macros/csp.py, KNOWN_SCRIPTS)")
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        out.add(f"'sha256-{digest}'")
    return out


def policy(hashes) -> str:
    """The policy for a ``<meta>`` element, with the given script hashes."""
    scripts = " ".join(["'self'", *sorted(hashes)])
    return "; ".join([
        "default-src 'none'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def header_line(hashes) -> str:
    """The same policy as an HTTP header, plus what only a header can say."""
    return f"Content-Security-Policy: {policy(hashes)}; frame-ancestors 'self'"


def _pages(site_dir: str):
    for dirpath, _dirs, files in os.walk(site_dir):
        for name in files:
            if name.endswith(".html"):
                yield os.path.join(dirpath, name)


def apply(site_dir: str) -> int:
    """Write the policy into every HTML page under ``site_dir`` (idempotent: an existing
    policy meta is replaced) and the header line to ``csp.txt``. Returns the number of pages.
    Does nothing under ``mkdocs serve``."""
    if STATE["serve"]:
        return 0
    texts = {}
    hashes: set[str] = set()
    for path in _pages(site_dir):
        with open(path, encoding="utf-8") as fh:
            text = _EXISTING.sub("", fh.read())
        texts[path] = text
        try:
            hashes |= inline_script_hashes(text, os.path.relpath(path, site_dir))
        except UnknownInlineScript as exc:
            from mkdocs.exceptions import PluginError

            raise PluginError(str(exc)) from None
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">\n'
    for path, text in texts.items():
        head = _HEAD.search(text)
        if head is None:
            raise ValueError(f"{path}: página sin <head>: no se puede fijar la política de seguridad")
        charset = _CHARSET.match(text, head.end() + len(text[head.end():]) - len(text[head.end():].lstrip()))
        at = (charset or head).end()
        new = text[:at] + "\n" + meta + text[at:].lstrip("\n")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(new)
        os.replace(tmp, path)
    with open(os.path.join(site_dir, HEADER_FILE), "w", encoding="utf-8") as fh:
        fh.write(header_line(hashes) + "\n")
    return len(texts)
