"""The engine: load, validate, run every enabled rule, stamp ids and severities,
apply exceptions, sort. Nothing here prints.

Rule settings come from ``settings`` (a dict from :mod:`checks.config`), else from the
file ``config``, else from ``reglas.yaml`` next to the manual directory when it exists
(see :func:`checks.config.find_config`), else from each rule's defaults. An invalid
configuration raises :class:`checks.config.ConfigError`.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field, replace

from . import rules as registry
from .config import ConfigError, RuleSetting, default_settings, find_config, load_config  # noqa: F401
from .exception_index import ExceptionIndex
from .model import Manual
from .problem import Finding, Problem, Severity, sort_problems
from . import fork_split
from .cache import problem_from_json, problem_to_json
from .fork_split import split_map
from .project import collector_paused, load_manual

EXCEPTION_PHASE = "excepciones"


@dataclass
class Report:
    manual: Manual
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    rules_ran: bool = True
    settings: dict = field(default_factory=dict, repr=False)
    config_file: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def excepted(self) -> list[Problem]:
        return [p for p in self.problems if p.excepted]


class RuleConf(dict):
    """Options of one rule, plus what the engine knows: ``today`` and, for rules of the
    exceptions phase, ``problems`` and ``disabled``."""

    today: _dt.date
    root: str | None = None       # the manual's directory (rules that read its git history)
    problems: tuple = ()
    disabled: frozenset = frozenset()


def _conf(setting: RuleSetting, today: _dt.date, **extra) -> RuleConf:
    conf = RuleConf(setting.options)
    conf.today = today
    for key, value in extra.items():
        setattr(conf, key, value)
    return conf


def _phase(rule) -> str:
    return getattr(rule, "PHASE", "modelo")


def run_rules(manual: Manual, settings: dict[str, RuleSetting] | None = None,
              today: _dt.date | None = None, root: str | os.PathLike | None = None) -> list[Problem]:
    """Findings of every enabled rule of the model phase, stamped (no exceptions applied),
    in the registry's order.

    On a large manual (as many documents as :data:`checks.fork_split.MIN_ITEMS`) the
    costliest rules (``COST``) run in a forked child on the other core while the rest run
    here (:func:`checks.fork_split.split_map`); their findings come back as plain data, with
    their positions already resolved, and are exactly the findings of running them here."""
    settings = settings or default_settings()
    today = today or _dt.date.today()
    enabled = []
    for rule in registry.all_rules():
        setting = settings.get(rule.ID)
        if setting is not None and setting.enabled and _phase(rule) == "modelo":
            enabled.append((rule, setting))

    def local(item) -> list[Problem]:
        rule, setting = item
        return [_stamp(finding, rule.ID, setting.severity)
                for finding in rule.check(manual, _conf(setting, today, root=root))]

    def remote(item) -> list:
        return [problem_to_json(problem) for problem in local(item)]

    registry.prepare(manual)
    cost = _cost
    order = sorted(range(len(enabled)), key=lambda i: cost(enabled[i]))     # costliest last: the child's
    large = len(manual.documents) >= fork_split.MIN_ITEMS
    results: list = [None] * len(enabled)
    done = split_map([enabled[i] for i in order], local, remote, weight=cost,
                     min_items=1 if large else len(enabled) + 1)
    for i, (shared, value) in zip(order, done):
        results[i] = [problem_from_json(item) for item in value] if shared else value
    return [problem for found in results for problem in found]


def _cost(item) -> int:
    return getattr(item[0], "COST", 1)


def _stamp(finding: Finding, rule_id: str, severity: Severity) -> Problem:
    return Problem(finding.location, rule_id, severity, finding.message,
                   finding.subject, finding.step, finding.risk)


def apply_exceptions(manual: Manual, problems: list[Problem], today: _dt.date,
                     settings: dict[str, RuleSetting] | None = None) -> list[Problem]:
    """Mark problems covered by a valid (not expired) exception, then run the rules of the
    exceptions phase: EXC001 (expired, error) and EXC002 (matches nothing, warning)."""
    settings = settings or default_settings()
    valid = [exc for exc in manual.exceptions if _dt.date.fromisoformat(exc.expires) >= today]
    index = ExceptionIndex(valid)          # a lookup per problem, not a scan of every exception
    out = []
    for problem in problems:
        exc = index.covering(problem)
        if exc is not None:
            problem = replace(problem, exception=exc)
        out.append(problem)
    disabled = frozenset(rid for rid, s in settings.items() if not s.enabled)
    for rule in registry.all_rules():
        setting = settings.get(rule.ID)
        if setting is None or not setting.enabled or _phase(rule) != EXCEPTION_PHASE:
            continue
        conf = _conf(setting, today, problems=tuple(problems), disabled=disabled)
        out.extend(_stamp(f, rule.ID, setting.severity) for f in rule.check(manual, conf))
    return out


def resolve_settings(root, settings=None, config=None) -> tuple[dict[str, RuleSetting], str | None]:
    """Settings and the configuration file they came from (``None`` for defaults)."""
    if settings is not None:
        return settings, None
    path = config if config is not None else find_config(root)
    if path is None:
        return default_settings(), None
    return load_config(path), os.fspath(path)


def check(root: str | os.PathLike = "procesos_yaml", *, settings=None, config=None,
          today: _dt.date | None = None, cache_dir: str | os.PathLike | None = None) -> Report:
    """Load ``root`` and run every check; the single entry point for CLI, MkDocs and tests.

    ``cache_dir``: the persistent per-file cache (:func:`checks.project.load_manual`).

    Raises :class:`checks.config.ConfigError` when the rule configuration is invalid.
    """
    today = today or _dt.date.today()
    settings, config_file = resolve_settings(root, settings, config)
    # Without the collector a check is about 15 % faster at 1,000 procedures.
    with collector_paused():
        loaded = load_manual(root, cache_dir)
        problems = list(loaded.problems)
        rules_ran = loaded.catalog_ok
        if rules_ran:
            found = run_rules(loaded.manual, settings, today, root)
            problems.extend(apply_exceptions(loaded.manual, found, today, settings))
        problems = sort_problems(problems)
    return Report(loaded.manual, problems, loaded.files, rules_ran, settings, config_file)
