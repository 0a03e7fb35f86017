"""The optimised cross-file rules (GLO001, GLO002, SEC001 and the shared text walk of
``checks/rules/_common.py``) give exactly the findings of a straightforward reference
implementation — the code they replaced — so a speed-up can never silently change results.

Compared: the walk itself (on real, minimal, synthetic and hypothesis-generated data),
acronym extraction (hypothesis texts), and the findings (location, subject, step, risk and
message) of each rule on several small generated manuals, on the real manual and on
manuals whose glossary was changed.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import rules as registry
from checks.config import default_settings
from checks.engine import _conf
from checks.model import fold
from checks.problem import Finding
from checks.project import load_manual
from checks.rules import _common, undefined_acronym, unsafe_text, unused_term
from tests.common import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generar  # noqa: E402

TODAY = dt.date(2025, 1, 15)


# --- reference implementation (the code before the optimisation) -----------------------

def ref_walk(manual):
    subjects = _common.document_subjects(manual)
    for doc in manual.documents.values():
        kind, subject = subjects[id(doc)]
        stack = [((), doc.data, None, None, None)]
        while stack:
            path, value, key, step, risk = stack.pop()
            if isinstance(value, str):
                yield kind, key, (doc, path, value, subject, step, risk)
            elif isinstance(value, dict):
                stack.extend((path + (k,), v, k, step, risk) for k, v in reversed(list(value.items())))
            elif isinstance(value, list):
                top = path[0] if len(path) == 1 else None
                for i, v in reversed(list(enumerate(value))):
                    s, r = step, risk
                    if isinstance(v, dict):
                        if top == "pasos" and kind == "procedimiento":
                            s = v.get("cvo")
                        elif top == "riesgos":
                            r = v.get("id")
                    stack.append((path + (i,), v, key, s, r))


def ref_texts(manual, *, skip_keys=frozenset(), skip_subjects=frozenset()):
    for kind, key, fields in ref_walk(manual):
        if fields[3] in skip_subjects or key in skip_keys:
            continue
        yield _common.Text(*fields)


def ref_is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    lower = len(letters) - upper
    return upper >= 2 and lower * 4 <= upper and not undefined_acronym.ROMAN.match(token)


def ref_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) < 3 or not letters:
        return False
    return sum(1 for c in letters if c.isupper()) >= 0.7 * len(letters)


def ref_acronyms_in(text: str):
    if not undefined_acronym._TWO_CAPITALS.search(text) or ref_shouting(text):
        return
    for match in undefined_acronym.TOKEN.finditer(text):
        if ref_is_acronym(match.group(0)):
            yield match.group(0)


def ref_glo001(manual, conf):
    defined = {t.term.strip() for t in manual.terms}
    for role in manual.roles.values():
        if role.defined:
            defined.add(role.id)
            if role.acronym:
                defined.add(role.acronym)
    ignored = set(conf.get("ignorar") or ())
    first, count = {}, {}
    for text in ref_texts(manual, skip_keys=undefined_acronym.SKIP_KEYS,
                          skip_subjects={"excepciones", "glosario", "roles"}):
        if "lagunas" in text.path:
            continue
        for acronym in ref_acronyms_in(text.value):
            if acronym in defined or acronym in ignored:
                continue
            count[acronym] = count.get(acronym, 0) + 1
            first.setdefault(acronym, text)
    for acronym, text in first.items():
        times = count[acronym]
        more = "" if times == 1 else f" (aparece {times} veces)"
        yield Finding(text.loc(), f"la sigla «{acronym}» no está definida en glosario.yaml{more}",
                      subject=text.subject, step=text.step, risk=text.risk)


def ref_alternation(words):
    """GLO002's search before the trie: one alternation of the words, longest first."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


def ref_glo002(manual, conf):
    acronyms = {t.term.strip() for t in manual.terms if t.acronym}
    words = {fold(t.term) for t in manual.terms if not t.acronym}
    exact = ref_alternation(acronyms)
    folded = ref_alternation(words)
    found = set()
    for text in ref_texts(manual, skip_subjects={"glosario", "excepciones"}):
        if exact is not None:
            found.update(m.group(1) for m in exact.finditer(text.value))
        if folded is not None:
            found.update("~" + m.group(1) for m in folded.finditer(fold(text.value)))
    roles = {ref.role for ref in _common.role_references(manual)
             if ref.subject not in ("glosario", "excepciones")}
    for term in manual.terms:
        key = term.term.strip() if term.acronym else "~" + fold(term.term)
        if key in found or (term.role and term.role in roles):
            continue
        kind = "la sigla" if term.acronym else "el término"
        yield Finding(term.loc("termino"), f"{kind} «{term.term}» está en el glosario pero no se usa en el manual",
                      subject="glosario")


def ref_sec001(manual, conf):
    for text in ref_texts(manual):
        found = unsafe_text.problems_in(text.value)
        if found:
            yield Finding(text.loc(), "texto inseguro: " + "; ".join(found) + ". Quítelo o reescríbalo",
                          subject=text.subject, step=text.step, risk=text.risk)


REFERENCE = {"GLO001": ref_glo001, "GLO002": ref_glo002, "SEC001": ref_sec001}


# --- comparison -----------------------------------------------------------------------

def _key(finding: Finding):
    loc = finding.location
    return (loc.file, loc.line, loc.column, finding.subject, finding.step, finding.risk, finding.message)


def _compare(root: Path, options: dict | None = None) -> int:
    """Assert optimised == reference for every compared rule; return the findings count."""
    manual = load_manual(root).manual
    walked = [(kind, key, tuple(text)) for kind, key, text in _common._walk(manual)]
    assert walked == list(ref_walk(manual))
    total = 0
    for rule_id, reference in REFERENCE.items():
        setting = default_settings()[rule_id]
        conf = _conf(setting, TODAY)
        if options:
            conf.update(options.get(rule_id, {}))
        got = [_key(f) for f in registry.get(rule_id).check(manual, conf)]
        want = [_key(f) for f in reference(manual, conf)]
        assert got == want, rule_id
        total += len(got)
    return total


_EXTRA = [" Registro en el SIISPEN y en el SIISPEN.", " Aviso al CV-XYZ <b>hoy</b>.",
          " REVISIÓN DEL MANUAL POR LA DEVySPE.", " Ver {{ x }} y javascript:alert(1).", " Consulta al OPL."]


def _inject(root: Path, n: int) -> None:
    """Add undefined acronyms, unsafe text and unused glossary terms to a synthetic manual."""
    for i in range(n):
        path = generar.procedure_path(root, i)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for j, step in enumerate(data.get("pasos") or ()):
            if isinstance(step, dict) and isinstance(step.get("accion"), str) and (i + j) % 3 == 0:
                step["accion"] += _EXTRA[(i + j) % len(_EXTRA)]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = root / "glosario.yaml"
    glossary = yaml.safe_load(path.read_text(encoding="utf-8"))
    glossary["terminos"] += [
        {"termino": "SINUSO", "definicion": "Sigla que nadie usa.", "sigla": True},
        {"termino": "Término sin uso", "definicion": "Nadie lo nombra.", "sigla": False}]
    path.write_text(yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    base = tmp_path_factory.mktemp("rendimiento")
    out = []
    for n, seed in ((1, 1), (3, 7), (12, 2023), (25, 99)):
        root = generar.generate(n, base / f"m{n}-{seed}", seed=seed)
        _inject(root, n)
        out.append(root)
    return out


def test_synthetic_manuals_same_findings(synthetic):
    assert sum(_compare(root) for root in synthetic) > 0


def test_real_and_minimal_manuals_same_findings():
    _compare(REPO / "procesos_yaml")
    _compare(REPO / "tests" / "datos" / "minimo")


def test_ignored_acronyms_same_findings(synthetic):
    manual = load_manual(synthetic[2]).manual
    first = [f for f in ref_glo001(manual, _conf(default_settings()["GLO001"], TODAY))]
    ignored = [re.search(r"«(.+?)»", f.message).group(1) for f in first[::2]]
    _compare(synthetic[2], {"GLO001": {"ignorar": ignored}})


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_changed_glossary_same_findings(tmp_path_factory, synthetic, data):
    """Terms removed from or added to the glossary: every catalogue change is seen."""
    import shutil
    root = tmp_path_factory.mktemp("glosario") / "m"
    shutil.copytree(synthetic[1], root)
    path = root / "glosario.yaml"
    glossary = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = glossary["terminos"]
    keep = data.draw(st.lists(st.booleans(), min_size=len(terms), max_size=len(terms)))
    terms = [t for t, k in zip(terms, keep) if k]
    new = data.draw(st.lists(st.sampled_from(
        ["OPL", "INE", "SPEN", "Servicio Profesional", "Ópl", "DEVySPE", "CV-INE", "acta", "Acta", "IEM"]),
        max_size=4, unique=True))
    for word in new:
        terms.append({"termino": word, "definicion": "Definición de prueba.", "sigla": word.isupper()})
    glossary["terminos"] = terms
    path.write_text(yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _compare(root)


# --- hypothesis: text level ------------------------------------------------------------

_CHARS = st.sampled_from(list("ABCDEIVXMOPLÁÉÑÜÇΣaeiouyáéñüß- .,/()-_0123456789\n«»\x00") + ["DEVySPE", "CV-INE", "INE"])
_TEXT = st.lists(_CHARS, max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TEXT)
def test_acronym_extraction_same(text):
    assert list(undefined_acronym.acronyms_in(text)) == list(ref_acronyms_in(text))
    assert undefined_acronym._acronyms(text) == tuple(ref_acronyms_in(text))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TEXT, st.lists(st.sampled_from(list("ABÁÑΣⅧⅰªa b.é\u0301 ")), max_size=30).map("".join)))
def test_shouting_same(text):
    assert undefined_acronym._shouting(text) == ref_shouting(text)


def ref_fold(text: str) -> str:
    import unicodedata
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TEXT, st.text(max_size=30), st.lists(st.sampled_from(
    ["Gestión", "ÁÉÍ", "n\u0303", "e\u0301\u0301", "\u212b", "ﬁ", "Ǆ", "İ", " \t\n ", "ß", "a",
     "a\u034f\u0301", "\u0360\u036f\u0370", "\u0483\u1ab0", "ñ\u20d7"]), max_size=8).map("".join)))
def test_fold_same(text):
    assert fold(text) == ref_fold(text)


_KEYS = st.sampled_from(["pasos", "riesgos", "cvo", "id", "accion", "etiqueta", "lagunas", "texto", "notas"])
_LEAF = st.one_of(_TEXT, st.integers(0, 9), st.none(), st.booleans())
_TREE = st.recursive(_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                    st.dictionaries(_KEYS, inner, max_size=4)),
                     max_leaves=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["procedimiento", "coordinacion", "catalogo"]), _TREE), max_size=4))
def test_walk_same_on_arbitrary_data(docs):
    documents, procedures, coordinations = {}, {}, {}
    for i, (kind, data) in enumerate(docs):
        doc = SimpleNamespace(path=f"d{i}.yaml", data=data)
        documents[doc.path] = doc
        if kind == "procedimiento":
            procedures[f"P{i}"] = SimpleNamespace(id=f"P{i}", doc=doc)
        elif kind == "coordinacion":
            coordinations[f"C{i}"] = SimpleNamespace(id=f"C{i}", doc=doc)
    manual = SimpleNamespace(documents=documents, procedures=procedures, coordinations=coordinations)
    got = [(kind, key, tuple(text)) for kind, key, text in _common._walk(manual)]
    assert got == list(ref_walk(manual))


_WORD_CHARS = st.sampled_from(list("ab -\x00(.") + ["ab", "a b", "b-a", "á", "_1"])
_WORD = st.lists(_WORD_CHARS, min_size=1, max_size=5).map("".join).map(str.strip).filter(bool)
_VALUE = st.lists(_WORD_CHARS, max_size=12).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.sets(_WORD, min_size=1, max_size=8), st.lists(_VALUE, max_size=600))
def test_term_search_same(words, values):
    """The trie search in batches, with skips and early stop == the plain alternation on
    each value alone (shadowing by longer words, overlaps, hyphens, words that start with
    punctuation, NUL characters included)."""
    pattern = ref_alternation(words)
    want = {m.group(1) for v in set(values) for m in pattern.finditer(v)}
    assert unused_term._matches(set(values), words) == want
    want_folded = {m.group(1) for v in set(values) for m in pattern.finditer(fold(v))}
    assert unused_term._matches(set(values), words, fold) == want_folded
    batch, few = unused_term._BATCH, unused_term._FEW
    try:
        unused_term._BATCH = 3          # many batches, so early stops and skips happen
        for unused_term._FEW in (few, 0):   # skips by substring, then by first run
            assert unused_term._matches(set(values), words) == want
            assert unused_term._matches(set(values), words, fold) == want_folded
    finally:
        unused_term._BATCH, unused_term._FEW = batch, few


def test_check_restores_garbage_collector(monkeypatch):
    """``engine.check`` pauses the collector only while it runs, also when it fails."""
    import gc

    from checks import engine

    assert gc.isenabled()
    engine.check(REPO / "tests" / "datos" / "minimo")
    assert gc.isenabled()

    def failing(*args, **kwargs):
        assert not gc.isenabled()
        raise RuntimeError("regla rota")

    with monkeypatch.context() as patch:
        patch.setattr(engine, "run_rules", failing)
        with pytest.raises(RuntimeError):
            engine.check(REPO / "tests" / "datos" / "minimo")
    assert gc.isenabled()
    gc.disable()
    try:
        engine.check(REPO / "tests" / "datos" / "minimo")
        assert not gc.isenabled()
    finally:
        gc.enable()
