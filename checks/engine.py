"""The engine: load, validate, run every enabled rule, stamp ids and severities,
apply exceptions, sort. Nothing here prints."""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field, replace

from . import rules as registry
from .model import Manual
from .problem import Finding, Location, Problem, Severity, sort_problems
from .project import load_manual

ENGINE_CODES = {
    "EXC001": "Excepción vencida: su fecha `vence` ya pasó; el hallazgo vuelve a contar.",
    "EXC002": "Excepción que ya no corresponde a ningún hallazgo: bórrela.",
}


@dataclass
class Report:
    manual: Manual
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    rules_ran: bool = True

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


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool
    severity: Severity
    options: dict


def default_settings() -> dict[str, RuleSetting]:
    return {r.ID: RuleSetting(True, r.SEVERITY, dict(r.DEFAULT)) for r in registry.all_rules()}


def run_rules(manual: Manual, settings: dict[str, RuleSetting] | None = None) -> list[Problem]:
    settings = settings or default_settings()
    problems = []
    for rule in registry.all_rules():
        setting = settings.get(rule.ID)
        if setting is None or not setting.enabled:
            continue
        for finding in rule.check(manual, setting.options):
            problems.append(_stamp(finding, rule.ID, setting.severity))
    return problems


def _stamp(finding: Finding, rule_id: str, severity: Severity) -> Problem:
    return Problem(finding.location, rule_id, severity, finding.message,
                   finding.subject, finding.step, finding.risk)


def apply_exceptions(manual: Manual, problems: list[Problem], today: _dt.date) -> list[Problem]:
    """Mark excepted problems; add EXC001 (expired) and EXC002 (unused) problems."""
    out = []
    used = set()
    valid = []
    for index, exc in enumerate(manual.exceptions):
        if _dt.date.fromisoformat(exc.expires) < today:
            out.append(Problem(exc.loc("vence"), "EXC001", Severity.ERROR,
                               f"la excepción a {exc.rule} para {_target(exc)} venció el {exc.expires}",
                               exc.subject, exc.step, exc.risk))
        else:
            valid.append((index, exc))
    for problem in problems:
        for index, exc in valid:
            if exc.matches(problem):
                problem = replace(problem, exception=exc)
                used.add(index)
                break
        out.append(problem)
    for index, exc in valid:
        if index not in used:
            out.append(Problem(exc.loc(), "EXC002", Severity.WARNING,
                               f"la excepción a {exc.rule} para {_target(exc)} ya no corresponde a ningún "
                               "hallazgo: bórrela", exc.subject, exc.step, exc.risk))
    return out


def _target(exc) -> str:
    text = exc.subject
    if exc.step is not None:
        text += f" paso {exc.step}"
    if exc.risk:
        text += f" riesgo {exc.risk}"
    return text


def check(root: str | os.PathLike = "procesos_yaml", *, settings=None,
          today: _dt.date | None = None) -> Report:
    """Load ``root`` and run every check; the single entry point for CLI, MkDocs and tests."""
    today = today or _dt.date.today()
    loaded = load_manual(root)
    problems = list(loaded.problems)
    rules_ran = loaded.catalog_ok
    if rules_ran:
        problems.extend(apply_exceptions(loaded.manual, run_rules(loaded.manual, settings), today))
    return Report(loaded.manual, sort_problems(problems), loaded.files, rules_ran)
