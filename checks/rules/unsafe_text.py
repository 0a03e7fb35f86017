"""Ningún texto del manual puede llevar HTML crudo, delimitadores de plantilla ni enlaces
`javascript:`/`data:`/`vbscript:`.

El sitio escapa todo el texto, así que nada de esto se ejecuta; pero su presencia delata
un texto pegado desde otra herramienta o un intento de inyección, y en otra salida
(PDF, hoja de cálculo, correo) podría no estar escapado. Se revisan **todos** los textos
de **todos** los archivos. Se señala:

* una etiqueta HTML: `<` seguido de letra, `/`, `!` o `?` (`<b>`, `</p>`, `<!--`);
* delimitadores de plantilla Jinja: `{{`, `{%`, `{#`;
* esquemas de enlace peligrosos: `javascript:`, `vbscript:`, `data:`.

El texto se juzga como lo verán las salidas: tal cual, en forma NFKC, y plegado como el
índice de búsqueda (NFKD sin marcas diacríticas, que convierte el signo «no menor que»,
U+226E, en `<` más una marca, y los signos de ancho completo, como U+FF1C, en `<`), también
sin caracteres invisibles ni de control (un navegador ignora un tabulador dentro de un
`javascript:`). Así una etiqueta, unas llaves dobles o un `javascript:` escritos con esos
signos se señalan igual que su forma ASCII.

Para escribir «menor que» use palabras («menos de 5»).

Correcto:

```yaml
accion: Publicar la convocatoria en los estrados y en la página del Instituto.
```

Incorrecto:

```yaml
accion: Publicar la <b>convocatoria</b> {{ fecha }} en [la página](javascript:alert(1)).
```
"""
import re
import unicodedata

from checks.problem import Finding, Severity

from ._common import iter_texts

ID = "SEC001"
NAME = "texto-inseguro"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}
COST = 5          # hundredths of a second at 1,000 realistic procedures (see checks.rules)

PATTERNS = (
    ("HTML crudo", re.compile(r"<(?:[/?]?[A-Za-z]|!)")),
    ("delimitador de plantilla", re.compile(r"\{[{%#]")),
    ("enlace peligroso", re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")),
)


# Removed by a browser inside a URL (tab, newlines) or invisible: «java\tscript:».
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _fold(text: str) -> str:
    """What the search index does (NFD, combining marks dropped), with compatibility
    decomposition (NFKD) so full-width and small forms become ASCII too."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def views(text: str) -> list[str]:
    """``text`` as each output may see it: as written, NFKC, folded (NFKD without marks),
    and folded without invisible characters. Duplicates removed; the first is ``text``."""
    if text.isascii():
        out = [text]
        bare = _INVISIBLE.sub("", text)
        return out if bare == text else out + [bare]
    out = [text]
    folded = _fold(text)
    for view in (unicodedata.normalize("NFKC", text), folded, _INVISIBLE.sub("", folded)):
        if view not in out:
            out.append(view)
    return out


# Every pattern needs «<», «{» or «:» in some view. Normalisation decomposes character by
# character (composition only ever joins a letter and its marks), so a view can only hold
# one of them if the text holds it or one of these characters, whose NFKD or NFKC form
# contains it (all of Unicode; ``tests/test_unsafe_text.py`` recomputes the list).
FOLDS_TO_TRIGGER = "\u226e\u2a74\ufe13\ufe37\ufe55\ufe5b\ufe64\uff1a\uff1c\uff5b"
_TRIGGER = re.compile("[<{:" + FOLDS_TO_TRIGGER + "]")


def problems_in(text: str) -> list[str]:
    """Descriptions of what is unsafe in ``text`` (empty when it is safe), judged on every
    :func:`views` of it."""
    found = []
    if _TRIGGER.search(text) is None:
        return found            # no view of it can match any pattern (see FOLDS_TO_TRIGGER)
    seen = views(text)
    for label, pattern in PATTERNS:
        for i, view in enumerate(seen):
            match = pattern.search(view)
            if match:
                note = "" if i == 0 else " (al normalizar el texto Unicode, como lo ven las salidas)"
                found.append(f"{label} «{match.group(0)}»{note}")
                break
    return found


def check(manual, conf):
    for text in iter_texts(manual):
        found = problems_in(text.value)
        if found:
            yield Finding(text.loc(), "texto inseguro: " + "; ".join(found) + ". Quítelo o reescríbalo",
                          subject=text.subject, step=text.step, risk=text.risk)
