"""Explicit registry of compliance rules (no auto-discovery).

Each rule is a module with ``ID``, ``NAME``, ``SEVERITY`` (default), ``CONF`` (option
types), ``DEFAULT`` (option values), a Spanish docstring (its documentation, shown in the
site) and a ``check(manual, conf)`` generator of :class:`checks.problem.Finding`.
``conf`` is a :class:`checks.engine.RuleConf`: the options, plus ``conf.today``. Rules
with ``PHASE = "excepciones"`` run after exceptions are applied and also get
``conf.problems`` (the findings so far) and ``conf.disabled`` (ids of disabled rules).
A rule whose cost is far above the others' (it reads every text of the manual) says so
with ``COST`` (hundredths of a second at 1,000 realistic procedures; by default 1): on a
large manual the engine runs the costliest rules in a second process while the others run
here (:func:`checks.engine.run_rules`).
"""
from . import (approval_signatures, exception_expired, exception_unused, numbering, procedure_without_norms,
               procedure_without_objective, procedure_without_risks, review_date, risk_level,
               step_without_inputs, step_without_output, step_without_owner, undefined_acronym,
               unknown_coordination, unknown_norm, unknown_role, unknown_step, unproduced_document,
               unsafe_text, unused_role, unused_term, version_order)

_RULES = {}
for _module in (step_without_owner, step_without_output, step_without_inputs,
                procedure_without_objective, procedure_without_norms, procedure_without_risks,
                unknown_role, unknown_norm, unknown_step, unknown_coordination, numbering,
                unproduced_document, unused_role, undefined_acronym, unused_term, risk_level,
                review_date, approval_signatures, version_order, unsafe_text, exception_expired,
                exception_unused):
    assert _module.ID not in _RULES, f"id de regla duplicado: {_module.ID}"
    _RULES[_module.ID] = _module


def get(rule_id: str):
    try:
        return _RULES[rule_id]
    except KeyError:
        raise ValueError(f'no existe la regla «{rule_id}»') from None


def all_rules():
    """Rules in registry order."""
    return list(_RULES.values())


def prepare(manual) -> None:
    """Compute once what several rules read (the walk over every text, the references to
    roles), before they run; also before they are shared between processes, so that both
    use it instead of computing it twice."""
    from ._common import all_texts, role_references
    all_texts(manual)
    role_references(manual)
