"""Detectores, escritos aparte del código que protegen, de lo que una salida nunca debe
contener si la entrada no lo traía: comandos de flujo de trabajo de GitHub Actions,
secuencias de terminal y fórmulas de hoja de cálculo (issue 17)."""
from __future__ import annotations

import re
import unicodedata

# El ejecutor de GitHub parte la salida en líneas por \n, \r y \r\n; aquí se parte además por
# todo lo que Python considera salto (\x0b, \x0c, \x1c-\x1e, \x85, \u2028, \u2029): más estricto.
_V2 = re.compile(r"::[A-Za-z-]+(?:\s[^:]*)?::")          # ::error file=…::texto, ::add-mask::x
_V1 = "##["                                              # ##[error]texto, en cualquier punto
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # ESC, CSI de 8 bits, campanas…

# Anotaciones que el formato «github» emite a propósito (una por hallazgo).
OWN_ANNOTATION = re.compile(r"::(?:error|warning|notice) file=[^,\n]*,line=\d+,col=\d+,title=[^:\n]*::")


def log_commands(text: str, own: bool = False) -> list[str]:
    """Líneas de ``text`` que el ejecutor tomaría por comando de flujo de trabajo.
    Con ``own``, se toleran las anotaciones propias del formato github."""
    found = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("::") and _V2.match(stripped):
            if own and OWN_ANNOTATION.match(stripped) and _V1 not in line:
                continue
            found.append(line)
        elif _V1 in line:
            found.append(line)
    return found


def terminal_sequences(text: str) -> list[str]:
    """Caracteres de control que no son \\t, \\n ni \\r (ESC, C1, …)."""
    return _TERMINAL.findall(text.replace("\r\n", "\n"))


_VISIBLE_START = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]*")


def is_formula(cell) -> bool:
    """Una celda que una hoja de cálculo podría evaluar: no empieza con ``'`` y empieza con
    tab o CR, o su primer carácter visible es ``= + - @`` en forma NFKC (o ``−``)."""
    if not isinstance(cell, str) or cell.startswith("'"):
        return False
    if cell.startswith(("\t", "\r")):
        return True
    rest = cell[_VISIBLE_START.match(cell).end():]
    if not rest:
        return False
    return unicodedata.normalize("NFKC", rest[0])[:1] in ("=", "+", "-", "@") or rest[0] in "\u2212\u2795\u2796"


# --- HTML ----------------------------------------------------------------------------------

# Elements that no page of the manual emits from its Markdown (the theme's own scripts are
# outside the rendered content): if one appears, it came from the data.
FORBIDDEN_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "style", "link", "meta", "base",
                  "form", "input", "button", "textarea", "math", "video", "audio", "source", "frame",
                  "frameset", "template", "details", "dialog", "portal", "noscript", "xmp", "plaintext"}
_BAD_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)
# Python-Markdown's placeholder bytes: they never survive in a correct page (the source's are
# removed before parsing), so one in the HTML is a placeholder that was rewritten.
_CONTROL_BYTES = re.compile("[\x02\x03]")


def html_problems(html: str) -> list[str]:
    """Markup in rendered content that can only come from the data: forbidden elements,
    event-handler attributes, script URLs, and Python-Markdown's placeholder bytes."""
    from bs4 import BeautifulSoup

    found = []
    if _CONTROL_BYTES.search(html):
        found.append(f"bytes de marcador {_CONTROL_BYTES.findall(html)[:3]!r}")
    for el in BeautifulSoup(html, "html.parser").find_all(True):
        if el.name in FORBIDDEN_TAGS:
            found.append(f"<{el.name}>")
        for attr, value in el.attrs.items():
            if attr.lower().startswith("on"):
                found.append(f"<{el.name} {attr}=>")
            values = value if isinstance(value, list) else [value]
            if attr.lower() in ("href", "src", "action", "formaction", "xlink:href") and \
                    any(_BAD_URL.match(v or "") for v in values):
                found.append(f"<{el.name} {attr}={value!r}>")
    return found


# Material's search results are HTML: the index keeps these tags (without attributes) and
# escapes everything else (material/plugins/search/plugin.py, Parser.keep).
SEARCH_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}


def search_markup(text: str) -> list[str]:
    """Elements of a search-index ``title``/``text`` that Material's own parser would not
    have kept: markup created after escaping (issue 17, class 1)."""
    from bs4 import BeautifulSoup

    return [f"<{el.name} {' '.join(el.attrs)}>".replace(" >", ">")
            for el in BeautifulSoup(text, "html.parser").find_all(True)
            if el.name not in SEARCH_TAGS or el.attrs]
