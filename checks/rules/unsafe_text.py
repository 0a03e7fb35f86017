"""Ningún texto del manual puede llevar HTML crudo, delimitadores de plantilla ni enlaces
`javascript:`/`data:`/`vbscript:`.

El sitio escapa todo el texto, así que nada de esto se ejecuta; pero su presencia delata
un texto pegado desde otra herramienta o un intento de inyección, y en otra salida
(PDF, hoja de cálculo, correo) podría no estar escapado. Se revisan **todos** los textos
de **todos** los archivos. Se señala:

* una etiqueta HTML: `<` seguido de letra, `/`, `!` o `?` (`<b>`, `</p>`, `<!--`);
* delimitadores de plantilla Jinja: `{{`, `{%`, `{#`;
* esquemas de enlace peligrosos: `javascript:`, `vbscript:`, `data:`.

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

from checks.problem import Finding, Severity

from ._common import iter_texts

ID = "SEC001"
NAME = "texto-inseguro"
SEVERITY = Severity.ERROR
CONF: dict = {}
DEFAULT: dict = {}

PATTERNS = (
    ("HTML crudo", re.compile(r"<(?:[/?]?[A-Za-z]|!)")),
    ("delimitador de plantilla", re.compile(r"\{[{%#]")),
    ("enlace peligroso", re.compile(r"(?i)\b(?:javascript|vbscript|data)\s*:")),
)


def problems_in(text: str) -> list[str]:
    """Descriptions of what is unsafe in ``text`` (empty when it is safe)."""
    found = []
    if "<" not in text and "{" not in text and ":" not in text:
        return found            # every pattern needs one of these characters
    for label, pattern in PATTERNS:
        match = pattern.search(text)
        if match:
            found.append(f"{label} «{match.group(0)}»")
    return found


def check(manual, conf):
    for text in iter_texts(manual):
        found = problems_in(text.value)
        if found:
            yield Finding(text.loc(), "texto inseguro: " + "; ".join(found) + ". Quítelo o reescríbalo",
                          subject=text.subject, step=text.step, risk=text.risk)
