"""Indexed matching of exceptions and findings: a hash lookup per problem, not a scan.

An exception (:class:`checks.model.ExceptionEntry`) matches a problem when both have the same
rule and subject and, when the exception gives them, the same step and the same risk
(:meth:`ExceptionEntry.matches`). Scanning every exception for every problem cost
problems × exceptions comparisons (51 million at 1,000 procedures); both directions here are
linear:

* :class:`ExceptionIndex` — which exception covers a problem: the first one in
  ``excepciones.yaml`` order among those that match, as the scan found it. An exception's
  step and risk are either a value or a wildcard (``None``), so only four keys can hold a
  match for a given problem; the earliest of the (at most four) candidates is the answer.
* :class:`ProblemKeys` — whether an exception matches at least one
  problem (EXC002): each problem registers the four keys an exception may carry to match it.

Values are compared with ``==`` by the scan and by hash lookup here; for the ints and
strings the schema allows the two agree. A value that cannot be hashed falls back to the
scan, so the result is always the scan's.
"""
from __future__ import annotations

ANY = object()      # an exception without `paso` / `riesgo`: matches every value


def _key(rule, subject, step, risk) -> tuple:
    return (rule, subject, ANY if step is None else step, ANY if risk is None else risk)


class ExceptionIndex:
    """The exceptions of a manual (already filtered, e.g. not expired), in their order."""

    def __init__(self, exceptions):
        self.exceptions = list(exceptions)
        self._first: dict[tuple, int] = {}
        self._unhashable: list[int] = []       # positions of exceptions only the scan can match
        for position, exc in enumerate(self.exceptions):
            try:
                self._first.setdefault(_key(exc.rule, exc.subject, exc.step, exc.risk), position)
            except TypeError:
                self._unhashable.append(position)

    def covering(self, problem):
        """The first exception that matches ``problem`` (``None`` when none does)."""
        rule, subject, step, risk = problem.rule, problem.subject, problem.step, problem.risk
        first = self._first
        best = None
        try:
            for key in ((rule, subject, ANY, ANY), (rule, subject, step, ANY),
                        (rule, subject, ANY, risk), (rule, subject, step, risk)):
                position = first.get(key)
                if position is not None and (best is None or position < best):
                    best = position
        except TypeError:                       # an unhashable value in the problem: scan
            return next((e for e in self.exceptions if e.matches(problem)), None)
        for position in self._unhashable:
            if best is not None and position > best:
                break
            if self.exceptions[position].matches(problem):
                best = position
                break
        return None if best is None else self.exceptions[best]


class ProblemKeys:
    """Which exceptions match at least one of ``problems`` (EXC002): each problem registers
    the four keys an exception may carry to match it."""

    def __init__(self, problems):
        self.problems = problems
        self._keys: set = set()
        self._unhashable = []                   # problems only the scan can match
        add = self._keys.add
        for p in problems:
            rule, subject, step, risk = p.rule, p.subject, p.step, p.risk
            try:
                add((rule, subject, ANY, ANY))
                add((rule, subject, step, ANY))
                add((rule, subject, ANY, risk))
                add((rule, subject, step, risk))
            except TypeError:
                self._unhashable.append(p)

    def matched(self, exc) -> bool:
        """Whether ``exc`` matches some problem."""
        try:
            if _key(exc.rule, exc.subject, exc.step, exc.risk) in self._keys:
                return True
        except TypeError:                       # an unhashable value in the exception: scan
            return any(exc.matches(p) for p in self.problems)
        return any(exc.matches(p) for p in self._unhashable)
