"""Toda sigla que aparezca en el texto del manual debería estar definida en `glosario.yaml`.

Se considera sigla una palabra (con guiones, sin dígitos) con al menos dos mayúsculas
y casi sin minúsculas: `INE`, `SIVOPLE`, `CV-INE`, `DEVySPE`. Está definida si es un
`termino` de `glosario.yaml`, o el `id` o las `siglas` de un rol de `roles.yaml` con
`definido_en_manual: true` (el manual la define al presentar ese rol).

No se revisan: los números romanos (`IV`, `XXXI`); los textos escritos enteramente en
mayúsculas (títulos como «REVISIÓN DEL MANUAL…»); los identificadores (`id`,
`responsables`, `normativa`…); los rótulos de riesgo (`etiqueta`); las `lagunas` (notas
de la transcripción, no texto del manual); ni los catálogos `roles.yaml`, `glosario.yaml`
y `excepciones.yaml`. Se informa la primera aparición de cada sigla, con el número total
de apariciones.

Opciones:

* `ignorar` (lista de textos, por omisión vacía): siglas que no hace falta definir.

Correcto:

```yaml
# glosario.yaml
terminos:
  - {termino: SIVOPLE, definicion: Sistema de Vinculación con los OPL., sigla: true}
# procedimientos/CV-01.yaml
pasos:
  - {cvo: 1, accion: Recepción de la notificación del SIVOPLE.}
```

Incorrecto:

```yaml
# «SIISPEN» no está en glosario.yaml
pasos:
  - {cvo: 1, accion: Registro en el SIISPEN.}
```
"""
import functools
import re

from checks.problem import Finding, Severity

from ._common import IDENTIFIER_KEYS, all_texts

ID = "GLO001"
NAME = "sigla-sin-definir"
SEVERITY = Severity.WARNING
CONF = {"ignorar": list}
DEFAULT: dict = {"ignorar": []}
COST = 22          # hundredths of a second at 1,000 realistic procedures (see checks.rules)

# A word (letters and hyphens, no digits) that contains at least two capital letters.
TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*?[A-ZÁÉÍÓÚÜÑ][\w-]*?[A-ZÁÉÍÓÚÜÑ])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w-])")
ROMAN = re.compile(r"^[IVXLCDM]+$")
SKIP_KEYS = IDENTIFIER_KEYS | {"etiqueta", "termino", "sinonimos"}


def is_acronym(token: str) -> bool:
    letters = "".join(filter(str.isalpha, token))
    upper = sum(map(str.isupper, letters))
    lower = len(letters) - upper
    return upper >= 2 and lower * 4 <= upper and not ROMAN.match(token)


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _shouting(text: str) -> bool:
    """A heading written in capitals: at least three words and 70 % capital letters."""
    if len(text.split()) < 3:
        return False
    # Quick exact rejection, in C: ASCII capitals plus every non-ASCII character (as if all
    # were capital letters) against the ASCII letters (a lower bound of the letters).
    ascii_part = text.encode("ascii", "ignore")
    upper = len(ascii_part) - len(ascii_part.translate(None, _ASCII_UPPER))
    lower = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LOWER))
    if upper + (len(text) - len(ascii_part)) < 0.7 * (upper + lower):
        return False
    letters = "".join(filter(str.isalpha, text))
    if not letters:
        return False
    return sum(map(str.isupper, letters)) >= 0.7 * len(letters)


# Cheap pre-filter: some word has two capital letters (most texts have none).
_TWO_CAPITALS = re.compile(r"[A-ZÁÉÍÓÚÜÑ][\w-]*?[A-ZÁÉÍÓÚÜÑ]")

# What TOKEN matches, found faster (the same matches, in the same order): TOKEN can only
# start where no word character or hyphen precedes and must end where none follows, so it
# matches exactly the maximal runs of word characters and hyphens that are letters in
# hyphen-joined groups (``_LETTERS``) with two capitals (``_CAPITALS``).
_RUN = re.compile(r"[\w-]+")
_CAPITALS = re.compile(r"[A-ZÁÉÍÓÚÜÑ][^A-ZÁÉÍÓÚÜÑ]*[A-ZÁÉÍÓÚÜÑ]")
_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# The maximal runs with two capitals in one regex scan (what ``_RUN`` then ``_CAPITALS``
# select, in the same order): a match can only start where a run starts, and the greedy
# tail takes it to where the run ends.
_CANDIDATE_RUNS = re.compile(r"(?<![\w-])[\w-]*?[A-ZÁÉÍÓÚÜÑ][\w-]*?[A-ZÁÉÍÓÚÜÑ][\w-]*")


def acronyms_in(text: str):
    """The acronyms of ``text``, in order of appearance (repeated ones repeated)."""
    yield from _acronyms(text)


@functools.lru_cache(maxsize=1 << 16)
def _acronyms(text: str) -> tuple:
    """Memoised by the text itself: the same sentences repeat across procedures and, in
    ``mkdocs serve``, across rebuilds."""
    if not _TWO_CAPITALS.search(text):
        return ()
    found = tuple(w for w in _CANDIDATE_RUNS.findall(text) if _LETTERS.fullmatch(w) and is_acronym(w))
    # A heading in capitals has no acronyms; only worth checking when some were found.
    if found and _shouting(text):
        return ()
    return found


def check(manual, conf):
    defined = {t.term.strip() for t in manual.terms}
    for role in manual.roles.values():
        if role.defined:
            defined.add(role.id)
            if role.acronym:
                defined.add(role.acronym)
    ignored = set(conf.get("ignorar") or ())
    first: dict[str, object] = {}
    count: dict[str, int] = {}
    skip_subjects = {"excepciones", "glosario", "roles"}
    # The plain walk (not iter_texts): this loop runs once per string of the manual.
    for _kind, key, text in all_texts(manual):
        if key in SKIP_KEYS or text.subject in skip_subjects:
            continue
        found = _acronyms(text.value)
        if not found or "lagunas" in text.path:
            continue
        for acronym in found:
            if acronym in defined or acronym in ignored:
                continue
            count[acronym] = count.get(acronym, 0) + 1
            first.setdefault(acronym, text)
    for acronym, text in first.items():
        times = count[acronym]
        more = "" if times == 1 else f" (aparece {times} veces)"
        yield Finding(text.loc(), f"la sigla «{acronym}» no está definida en glosario.yaml{more}",
                      subject=text.subject, step=text.step, risk=text.risk)
