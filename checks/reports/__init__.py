"""Every output of the checks: report formats, JSON export, spreadsheets, the editor JSON
Schema, the semantic diff and the git revisions it reads.

Reports read the core (:mod:`checks.engine`, :mod:`checks.model`, …); the core never
imports them. Nothing here prints or parses arguments: that is :mod:`checks.commands`.
"""
