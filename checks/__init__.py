"""Compliance checks for the manual's YAML (no MkDocs import anywhere in this package).

Public API::

    from checks import check, load_manual
    report = check("procesos_yaml")      # Report(manual, problems, files)
    report.blocking                      # errors not covered by an exception
"""
from .engine import Report, check
from .model import Manual
from .problem import Finding, Location, Problem, Severity
from .project import load_manual

__all__ = ["Finding", "Location", "Manual", "Problem", "Report", "Severity", "check", "load_manual"]
