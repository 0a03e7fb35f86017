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


def check(manual, conf):
    acronyms = {t.term.strip() for t in manual.terms if t.acronym}
    words = {fold(t.term) for t in manual.terms if not t.acronym}
    exact = _alternation(acronyms)
    folded = _alternation(words)
    found: set[str] = set()
    # Only whether a term appears anywhere matters, so each distinct text is searched once.
    values = {text.value for text in iter_texts(manual, skip_subjects={"glosario", "excepciones"})}
    if exact is not None:
        for value in values:
            found.update(m.group(1) for m in exact.finditer(value))
    if folded is not None:
        for value in {fold(v) for v in values}:
            found.update("~" + m.group(1) for m in folded.finditer(value))
    roles = {ref.role for ref in role_references(manual) if ref.subject not in ("glosario", "excepciones")}
    for term in manual.terms:
        key = term.term.strip() if term.acronym else "~" + fold(term.term)
        if key in found or (term.role and term.role in roles):
            continue
        kind = "la sigla" if term.acronym else "el término"
        yield Finding(term.loc("termino"), f"{kind} «{term.term}» está en el glosario pero no se usa en el manual",
                      subject="glosario")
