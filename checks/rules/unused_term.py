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
import functools
import re

from checks.model import fold
from checks.trie import longest_first
from checks.problem import Finding, Severity

from ._common import iter_texts, role_references

ID = "GLO002"
NAME = "termino-sin-uso"
SEVERITY = Severity.WARNING
CONF: dict = {}
DEFAULT: dict = {}
COST = 13          # hundredths of a second at 1,000 realistic procedures (see checks.rules)


@functools.lru_cache(maxsize=64)
def _pattern(words: tuple) -> re.Pattern:
    """``words`` as whole words, the longest first at each position: what the alternation
    ``(?<![\\w-])(w1|w2|…)(?![\\w-])`` of the words sorted longest first finds, with a cost
    per position that does not grow with the number of words (:mod:`checks.trie`)."""
    return re.compile(r"(?<![\w-])(" + longest_first(words) + r")(?![\w-])")


_SEPARATOR = "\x00"
_BATCH = 256
_RUN = re.compile(r"[\w-]+")
# Up to this many missing words, a batch is skipped when none of them is a substring of it
# (a few C searches); with more, when none of their first runs is a run of it (one scan).
_FEW = 16


def _matches(values, words, transform=None) -> set[str]:
    """Every word of ``words`` found as a whole word in some value, or in
    ``transform(value)`` when given: what ``finditer`` of the alternation of the words,
    longest first, finds (:func:`_pattern`). Linear in the text whatever the number of words.

    What a value matches does not depend on the other values, so the search stops as soon
    as every word has been found, and values are only transformed when their batch is
    reached. A batch is not searched when no word still missing can match in it: when few
    words are missing, because none of them is a substring of the batch; otherwise because a word
    that starts with a letter, digit, ``_`` or ``-`` can only match where its first run of
    those characters (``_RUN``) stands as a whole run of the text (the boundary before the
    match begins a run, and the run ends where the word's first run ends), so a batch
    without the first run of any missing word as one of its runs (one C scan and a set
    intersection) cannot add anything.

    Values are searched in batches joined by a NUL character, which is neither a word
    character nor a hyphen: each value's edges still bound words exactly as the start and
    end of the string did, and no match can cross into the next value. When a value or a
    word contains that character (never in a real manual) each value is searched alone.
    ``transform`` must not add NULs (:func:`checks.model.fold` does not)."""
    words = tuple(sorted({w for w in words if w}))
    found: set[str] = set()
    if not words:
        return found
    pattern = _pattern(words)
    missing_runs: dict[str, set[str]] = {}       # first run -> words with it still missing
    anywhere: set[str] = set()                   # missing words that start with another character
    for word in words:
        first = _RUN.match(word)
        if first is None:
            anywhere.add(word)
        else:
            missing_runs.setdefault(first.group(), set()).add(word)
    missing_count = len(words)
    values = list(values)
    size = 1 if any(_SEPARATOR in w for w in words) or any(_SEPARATOR in v for v in values) else _BATCH
    for start in range(0, len(values), size):
        batch = values[start:start + size]
        if transform is not None:
            batch = [transform(v) for v in batch]
        joined = _SEPARATOR.join(batch)
        if missing_count <= _FEW:
            # Few words missing: is any of them even a substring of the batch (C searches)?
            if not any(w in joined for w in words if w not in found):
                continue
        elif not anywhere and missing_runs.keys().isdisjoint(_RUN.findall(joined)):
            continue
        new = {m.group(1) for m in pattern.finditer(joined)} - found
        if not new:
            continue
        found |= new
        missing_count = len(words) - len(found)
        if not missing_count:
            break
        for word in new:
            anywhere.discard(word)
            first = _RUN.match(word)
            if first is not None:
                pending = missing_runs.get(first.group())
                if pending is not None:
                    pending.discard(word)
                    if not pending:
                        del missing_runs[first.group()]
    return found


def check(manual, conf):
    acronyms = {t.term.strip() for t in manual.terms if t.acronym}
    words = {fold(t.term) for t in manual.terms if not t.acronym}
    found: set[str] = set()
    # Only whether a term appears anywhere matters, so each distinct text is searched once.
    values = {text.value for text in iter_texts(manual, skip_subjects={"glosario", "excepciones"})}
    found.update(_matches(values, acronyms))
    found.update("~" + m for m in _matches(values, words, fold))
    roles = {ref.role for ref in role_references(manual) if ref.subject not in ("glosario", "excepciones")}
    for term in manual.terms:
        key = term.term.strip() if term.acronym else "~" + fold(term.term)
        if key in found or (term.role and term.role in roles):
            continue
        kind = "la sigla" if term.acronym else "el término"
        yield Finding(term.loc("termino"), f"{kind} «{term.term}» está en el glosario pero no se usa en el manual",
                      subject="glosario")
