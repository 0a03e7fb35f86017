"""The indexed exception matching (``checks/exception_index.py``, used by
``engine.apply_exceptions`` and EXC002) gives exactly the results of the quadratic scan it
replaced, kept below as the reference: which exception covers each problem (the first one
in file order), and which exceptions EXC002 reports as unused, with the same messages.

Compared on hypothesis-generated problems and exceptions (small domains, so that wildcards,
repeated and overlapping exceptions, expired ones and findings without subject are common)
and on seeded random manuals from ``benchmarks/realista.py`` whose exceptions were shuffled,
retargeted, widened and narrowed.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import rules as registry
from checks.config import default_settings
from checks.engine import EXCEPTION_PHASE, _conf, _phase, _stamp, apply_exceptions, run_rules
from checks.exception_index import ExceptionIndex, ProblemKeys
from checks.loader import Document
from checks.model import ExceptionEntry, Manual
from checks.problem import Location, Problem, Severity
from checks.project import load_manual
from checks.rules import exception_unused
from checks.rules._common import suggest, today_of
from checks.rules.exception_expired import is_expired

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import realista  # noqa: E402

TODAY = dt.date(2026, 6, 1)


# --- reference: the scan before the index (engine.apply_exceptions and EXC002) ----------

def ref_exc002(manual, conf):
    today = today_of(conf)
    problems = getattr(conf, "problems", ())
    disabled = getattr(conf, "disabled", frozenset())
    known = [r.ID for r in registry.all_rules()]
    for exc in manual.exceptions:
        if is_expired(exc, today):
            continue
        if any(exc.matches(p) for p in problems):
            continue
        if exc.rule not in known:
            why = f"la regla {exc.rule} no existe{suggest(exc.rule, known)}"
        elif exc.rule in disabled:
            why = f"la regla {exc.rule} está desactivada en la configuración"
        else:
            why = "ya no corresponde a ningún hallazgo"
        yield exception_unused.Finding(
            exc.loc(), f"la excepción a {exc.rule} para {exc.target} sobra: {why}; bórrela",
            subject=exc.subject, step=exc.step, risk=exc.risk)


def ref_apply_exceptions(manual, problems, today, settings=None):
    settings = settings or default_settings()
    valid = [exc for exc in manual.exceptions if dt.date.fromisoformat(exc.expires) >= today]
    out = []
    for problem in problems:
        for exc in valid:
            if exc.matches(problem):
                problem = replace(problem, exception=exc)
                break
        out.append(problem)
    disabled = frozenset(rid for rid, s in settings.items() if not s.enabled)
    for rule in registry.all_rules():
        setting = settings.get(rule.ID)
        if setting is None or not setting.enabled or _phase(rule) != EXCEPTION_PHASE:
            continue
        conf = _conf(setting, today, problems=tuple(problems), disabled=disabled)
        check = ref_exc002 if rule.ID == "EXC002" else rule.check
        out.extend(_stamp(f, rule.ID, setting.severity) for f in check(manual, conf))
    return out


def signature(problems):
    """Everything that can differ, including which exception object covers each problem."""
    return [(p.location, p.rule, p.severity, p.message, p.subject, p.step, p.risk, id(p.exception))
            for p in problems]


# --- hypothesis: problems and exceptions over small domains -----------------------------

RULES = ["PRC002", "RSK001", "NUM001", "GLO001", "XYZ999"]
SUBJECTS = ["P1", "P2", "glosario"]
STEPS = st.one_of(st.none(), st.integers(1, 3))
RISKS = st.one_of(st.none(), st.sampled_from(["R1", "R2"]))
DOC = Document("excepciones.yaml", {}, {})


@st.composite
def exceptions(draw):
    n = draw(st.integers(0, 12))
    out = []
    for i in range(n):
        out.append(ExceptionEntry(DOC, ("excepciones", i), draw(st.sampled_from(RULES)),
                                  draw(st.sampled_from(SUBJECTS)), draw(STEPS), draw(RISKS), "motivo",
                                  "CV-INE", None, draw(st.sampled_from(["2026-01-01", "2026-06-01", "2099-12-31"]))))
    return out


@st.composite
def problems(draw):
    n = draw(st.integers(0, 25))
    return [Problem(Location("p.yaml", i + 1, 1), draw(st.sampled_from(RULES)),
                    draw(st.sampled_from([Severity.ERROR, Severity.WARNING])), "mensaje",
                    draw(st.one_of(st.none(), st.sampled_from(SUBJECTS))), draw(STEPS), draw(RISKS))
            for i in range(n)]


@settings(max_examples=400, deadline=None)
@given(exceptions(), problems())
def test_index_covers_with_the_first_matching_exception(excs, probs):
    index = ExceptionIndex(excs)
    for p in probs:
        expected = next((e for e in excs if e.matches(p)), None)
        assert index.covering(p) is expected


@settings(max_examples=400, deadline=None)
@given(exceptions(), problems())
def test_problem_keys_find_exactly_the_exceptions_that_match_something(excs, probs):
    keys = ProblemKeys(probs)
    for e in excs:
        assert keys.matched(e) == any(e.matches(p) for p in probs)


@settings(max_examples=200, deadline=None)
@given(exceptions(), problems())
def test_apply_exceptions_equals_the_scan(excs, probs):
    manual = Manual(exceptions=excs)
    new = apply_exceptions(manual, probs, TODAY)
    old = ref_apply_exceptions(manual, probs, TODAY)
    assert signature(new) == signature(old)


def test_unhashable_values_fall_back_to_the_scan():
    excs = [ExceptionEntry(DOC, ("excepciones", 0), "PRC002", "P1", [1], None, "m", "CV-INE", None, "2099-12-31"),
            ExceptionEntry(DOC, ("excepciones", 1), "PRC002", "P1", None, None, "m", "CV-INE", None, "2099-12-31")]
    odd = Problem(Location("p.yaml"), "PRC002", Severity.ERROR, "m", "P1", [1], None)
    plain = Problem(Location("p.yaml"), "PRC002", Severity.ERROR, "m", "P1", 2, None)
    index = ExceptionIndex(excs)
    assert index.covering(odd) is excs[0]
    assert index.covering(plain) is excs[1]
    keys = ProblemKeys([odd])
    assert keys.matched(excs[0]) and keys.matched(excs[1])
    assert not ProblemKeys([plain]).matched(excs[0])


# --- seeded random manuals (benchmarks/realista.py), exceptions mutated ------------------

def _mutate(entries: list, rng: random.Random) -> list:
    out = []
    for e in entries:
        e = dict(e)
        roll = rng.random()
        if roll < 0.15:
            e.pop("paso", None)                             # widen: any step
        elif roll < 0.3 and "paso" in e:
            e["paso"] = e["paso"] + rng.choice([-1, 1])     # retarget (may match nothing)
        elif roll < 0.4:
            e["objeto"] = rng.choice(["P0001", "P0002", "P0003", "NADA"])
        elif roll < 0.5:
            e["vence"] = "2020-01-01"                       # expired
        elif roll < 0.6:
            e["regla"] = rng.choice(["DOC001", "PRC004", "GLO001", "PRC05"])
        out.append(e)
        if rng.random() < 0.2:
            out.append(dict(e, motivo="Duplicada."))        # two exceptions for one finding
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_manuals_give_the_same_report(tmp_path, seed):
    dims = realista.Dimensions(procedimientos=6, pasos=7, roles=30, terminos=20, normas=40,
                               hallazgos=1.0, excepciones=2.0)
    root = realista.generate(dims, tmp_path / "m", seed=seed)
    path = root / "excepciones.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["excepciones"]
    path.write_text(yaml.safe_dump({"excepciones": _mutate(entries, random.Random(seed))},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_manual(root)
    assert loaded.catalog_ok
    found = run_rules(loaded.manual, today=TODAY)
    new = apply_exceptions(loaded.manual, found, TODAY)
    old = ref_apply_exceptions(loaded.manual, found, TODAY)
    assert signature(new) == signature(old)
    # The mutations made every case happen: covered, uncovered, unused, expired.
    assert any(p.excepted for p in new) and any(p.rule == "EXC002" for p in new)
    assert any(p.rule == "EXC001" for p in new)
