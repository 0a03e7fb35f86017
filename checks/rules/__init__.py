"""Explicit registry of compliance rules (no auto-discovery).

Each rule is a module with ``ID``, ``NAME``, ``SEVERITY`` (default), ``CONF`` (option
types), ``DEFAULT`` (option values), a Spanish docstring (its documentation, shown in the
site) and a ``check(manual, conf)`` generator of :class:`checks.problem.Finding`.
"""
from . import step_without_output, step_without_owner

_RULES = {}
for _module in (step_without_owner, step_without_output):
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
