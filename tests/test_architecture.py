"""Import directions of ``checks/`` (README, «Cómo está organizado»), read from the source
with ``ast`` (nothing is imported):

* no import cycle among the modules of ``checks``;
* the core (every module outside ``checks.reports`` and ``checks.commands``) imports
  neither of them;
* nothing in ``checks`` imports MkDocs (nor ``macros``, the site side);
* command modules import ``checks.commands.base``, never ``checks.cli``.

The scanner (:func:`import_graph`, :func:`cycles`, :func:`forbidden`) takes any package
directory, so the same rules can be stated for ``macros/``. Each rule is shown to fail on
a synthetic bad package before it is trusted on the real tree.
"""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from tests.common import REPO


# --- the scanner -----------------------------------------------------------------------

def _module_name(path: Path, root: Path) -> str:
    """Dotted name of ``path`` inside the package directory ``root`` (``checks/a/b.py`` ->
    ``checks.a.b``; ``__init__.py`` names its package)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """Absolute module named by ``from <node.module> import …`` inside ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path, root: Path) -> set[str]:
    """Every module ``path`` imports, absolute, at any depth (also inside functions).
    ``from pkg import name`` counts as an import of ``pkg.name`` when that is a module of
    the scanned package, else of ``pkg``."""
    module = _module_name(path, root)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, is_package, node)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _modules(root: Path) -> dict[str, Path]:
    return {_module_name(f, root): f for f in sorted(root.rglob("*.py"))}


def import_graph(root: Path, also: tuple[Path, ...] = ()) -> dict[str, set[str]]:
    """Module -> modules it imports, for every ``.py`` under the package directory ``root``.
    Names imported with ``from pkg import name`` that are not modules are reduced to the
    module that holds them (``from checks import check`` is an import of ``checks``), for
    ``root`` and for the packages in ``also`` (e.g. ``macros`` scanned with ``checks``)."""
    modules = _modules(root)
    known = set(modules).union(*(_modules(other) for other in also))
    packages = {root.name, *(other.name for other in also)}
    graph = {}
    for name, path in modules.items():
        edges = set()
        for target in imports_of(path, root):
            if target.split(".")[0] in packages:
                while target not in known and "." in target:
                    target = target.rsplit(".", 1)[0]
            edges.add(target)
        edges.discard(name)
        graph[name] = edges
    return graph


def _is_within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted.
    A package's ``__init__`` importing its own submodules is not a cycle by itself: an edge
    from a package to a module inside it is ignored."""
    inner = {m: {t for t in edges if t in graph and not _is_within(t, m)} for m, edges in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(inner[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(inner):
        if v not in index:
            visit(v)
    return found


def forbidden(graph: dict[str, set[str]], importers, targets) -> list[str]:
    """``"a -> b"`` for every module ``a`` matching ``importers`` (a predicate on names)
    that imports a module inside one of the ``targets`` prefixes."""
    return sorted(f"{module} -> {target}" for module, edges in graph.items() if importers(module)
                  for target in edges if any(_is_within(target, prefix) for prefix in targets))


# --- the rules for checks/ -------------------------------------------------------------

# checks.importers (issue 16): readers of other formats (Word) into draft YAML; like the
# outputs, they use the core and the core never uses them.
OUTSIDE_CORE = ("checks.reports", "checks.commands", "checks.importers", "checks.cli", "checks.__main__")


def _is_core(module: str) -> bool:
    """The core: ``checks`` (its public API), the engine, the model, the rules, …"""
    return not any(_is_within(module, prefix) for prefix in OUTSIDE_CORE)


def violations(root: Path) -> list[str]:
    """Every broken rule for the package ``checks`` at ``root`` (empty: all kept)."""
    graph = import_graph(root)
    problems = [f"ciclo de importación: {' <-> '.join(c)}" for c in cycles(graph)]
    problems += [f"el núcleo importa una salida u orden: {v}"
                 for v in forbidden(graph, _is_core, ("checks.reports", "checks.commands", "checks.importers",
                                                      "checks.cli"))]
    problems += [f"importa MkDocs o el sitio: {v}"
                 for v in forbidden(graph, lambda m: True, ("mkdocs", "macros"))]
    problems += [f"una orden importa la interfaz: {v}"
                 for v in forbidden(graph, lambda m: _is_within(m, "checks.commands"), ("checks.cli",))]
    return problems


def test_checks_keeps_its_import_directions():
    assert violations(REPO / "checks") == []


def test_checks_core_is_what_the_readme_says():
    graph = import_graph(REPO / "checks")
    core = sorted(m for m in graph if _is_core(m) and m != "checks" and not m.startswith("checks.rules"))
    assert core == ["checks.cache", "checks.completeness", "checks.config", "checks.engine",
                    "checks.exception_index", "checks.fork_split", "checks.loader", "checks.model", "checks.problem", "checks.project", "checks.schema", "checks.trie", "checks.versions"]
    # the scanner really sees the edges it judges
    assert "checks.engine" in graph["checks.reports.formatters"]
    assert "checks.commands.base" in graph["checks.commands.export"]
    assert "checks.commands" in graph["checks.cli"]


def test_macros_never_imported_by_checks_and_never_imports_commands():
    checks_graph = import_graph(REPO / "checks")
    assert forbidden(checks_graph, lambda m: True, ("macros",)) == []
    macros_graph = import_graph(REPO / "macros", also=(REPO / "checks",))
    assert forbidden(macros_graph, lambda m: True, ("checks.cli", "checks.commands")) == []
    assert any(t.startswith("checks.reports.") for e in macros_graph.values() for t in e)   # the scan sees them
    assert all(t in _modules(REPO / "checks") for e in macros_graph.values() for t in e if t.startswith("checks"))


# --- the scanner fails on bad packages ---------------------------------------------------

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "checks"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


GOOD = {
    "engine.py": "from .model import Manual\n",
    "model.py": "import re\n",
    "cli.py": "from .commands import COMMANDS\nfrom .commands.base import Parser\n",
    "commands/__init__.py": "import importlib\n",
    "commands/base.py": "import argparse\n",
    "commands/export.py": "from .base import Parser\nfrom checks.reports.export import dumps\n",
    "reports/export.py": "from checks.engine import check\nfrom . import formatters\n",
    "reports/formatters.py": "from checks.model import Manual\n",
}


def test_good_synthetic_package_passes(tmp_path):
    assert violations(_package(tmp_path, GOOD)) == []


@pytest.mark.parametrize("bad_file, text, expected", [
    # a cycle through a function-level import (the old cli._Parser pattern)
    ("commands/export.py", "def main():\n    from checks.cli import Parser\n",
     "una orden importa la interfaz: checks.commands.export -> checks.cli"),
    ("model.py", "from .engine import check\n", "ciclo de importación: checks.engine <-> checks.model"),
    ("engine.py", "from checks.reports import formatters\n",
     "el núcleo importa una salida u orden: checks.engine -> checks.reports.formatters"),
    ("model.py", "from .commands.base import Parser\n",
     "el núcleo importa una salida u orden: checks.model -> checks.commands.base"),
    ("reports/formatters.py", "import mkdocs.plugins\n",
     "importa MkDocs o el sitio: checks.reports.formatters -> mkdocs.plugins"),
    ("model.py", "from mkdocs.config import Config\n", "importa MkDocs o el sitio: checks.model -> mkdocs.config"),
    ("reports/formatters.py", "from macros.escape import md_text\n",
     "importa MkDocs o el sitio: checks.reports.formatters -> macros.escape"),
])
def test_each_rule_fails_on_a_bad_package(tmp_path, bad_file, text, expected):
    files = dict(GOOD)
    files[bad_file] = files.get(bad_file, "") + text
    assert expected in violations(_package(tmp_path, files))


def test_cycle_through_three_modules_and_relative_parent_imports(tmp_path):
    root = _package(tmp_path, {
        "reports/a.py": "from ..reports import b\n",
        "reports/b.py": "from . import c\n",
        "reports/c.py": "def f():\n    import checks.reports.a\n",
        "reports/__init__.py": "from . import a\n",   # package importing its module: not a cycle
    })
    assert cycles(import_graph(root)) == [["checks.reports.a", "checks.reports.b", "checks.reports.c"]]
