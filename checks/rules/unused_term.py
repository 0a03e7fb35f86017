"""Todo término o sigla de `glosario.yaml` debería usarse en el manual.

Cuenta como uso que el término aparezca como palabra completa en cualquier texto fuera
del glosario (las siglas distinguen mayúsculas; los demás términos no distinguen
mayúsculas ni acentos) o que su `rol` se nombre en un paso, flujograma, coordinación,
firma o estructura orgánica.

Correcto:

```yaml
# glosario.yaml
terminos:
  - {termino: SIVOPLE, definicion: Sistema de Vinculación con los OPL., sigla: true}
# procedimientos/CV-01.yaml
documentos_externos: [SIVOPLE]
```

Incorrecto:

```yaml
# glosario.yaml: ningún texto menciona «SIISPEN»
terminos:
  - {termino: SIISPEN, definicion: Sistema Integral de Información del SPEN., sigla: true}
```
"""
import re

from checks.model import fold
from checks.problem import Finding, Severity

from ._common import iter_texts, role_references

ID = "GLO002"
NAME = "termino-sin-uso"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}


def _alternation(words) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


_SEPARATOR = "\x00"
_BATCH = 256


def _matches(pattern: re.Pattern, values, words, transform=None) -> set[str]:
    """Every word of ``pattern`` found in some value, or in ``transform(value)`` when given
    (``words`` are the pattern's words).

    What a value matches does not depend on the other values, so the search stops as soon
    as every word has been found, a batch in which every word that occurs (as a substring)
    was already found is not searched, and values are only transformed when their batch is
    reached. Values are searched in batches
    joined by a NUL character, which is neither a word character nor a hyphen: each value's
    edges still bound words exactly as the start and end of the string did, and no match
    can cross into the next value. When a value or a word contains that character (never in
    a real manual) each value is searched alone. ``transform`` must not add NULs
    (:func:`checks.model.fold` does not)."""
    found: set[str] = set()
    values = list(values)
    size = 1 if any(_SEPARATOR in w for w in words) or any(_SEPARATOR in v for v in values) else _BATCH
    for start in range(0, len(values), size):
        batch = values[start:start + size]
        if transform is not None:
            batch = [transform(v) for v in batch]
        joined = _SEPARATOR.join(batch)
        # A word that is not even a substring of the batch cannot match in it, so when
        # every word that is has already been found, the batch cannot add anything.
        if any(w not in found and w in joined for w in words):
            found.update(m.group(1) for m in pattern.finditer(joined))
            if len(found) == len(words):
                break
    return found


def check(manual, conf):
    acronyms = {t.term.strip() for t in manual.terms if t.acronym}
    words = {fold(t.term) for t in manual.terms if not t.acronym}
    exact = _alternation(acronyms)
    folded = _alternation(words)
    found: set[str] = set()
    # Only whether a term appears anywhere matters, so each distinct text is searched once.
    values = {text.value for text in iter_texts(manual, skip_subjects={"glosario", "excepciones"})}
    if exact is not None:
        found.update(_matches(exact, values, acronyms))
    if folded is not None:
        found.update("~" + m for m in _matches(folded, values, words, fold))
    roles = {ref.role for ref in role_references(manual) if ref.subject not in ("glosario", "excepciones")}
    for term in manual.terms:
        key = term.term.strip() if term.acronym else "~" + fold(term.term)
        if key in found or (term.role and term.role in roles):
            continue
        kind = "la sigla" if term.acronym else "el término"
        yield Finding(term.loc("termino"), f"{kind} «{term.term}» está en el glosario pero no se usa en el manual",
                      subject="glosario")
