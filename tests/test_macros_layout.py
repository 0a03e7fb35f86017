"""The site side keeps its layout (README «Cómo está organizado»): the hook builds the state
and the site; page families (macros/pages/) only use the shared building blocks (links,
components, escape, mermaid, state, the checks) and never the hook, the site registry or
MkDocs; the building blocks never import a page family. Scans the imports of every module."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.common import REPO

MACROS = REPO / "macros"
PAGES = MACROS / "pages"
BLOCKS = ("links", "components", "escape", "mermaid", "abbreviations", "search", "gitinfo", "xref", "control", "a11y")


def imports_of(path: Path, package: str | None = None) -> set[str]:
    """Absolute names of the modules ``path`` imports (relative imports resolved against
    ``package``, by default the package of ``path`` in the repository)."""
    package = package or ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


def _is(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


@pytest.mark.parametrize("path", sorted(PAGES.glob("*.py")), ids=lambda p: p.name)
def test_page_families_use_only_the_building_blocks(path):
    forbidden = ("macros.hooks", "macros.site", "macros.incremental", "mkdocs")
    bad = sorted(n for n in imports_of(path) for f in forbidden if _is(n, f))
    assert not bad, f"{path.name} importa {bad}"


@pytest.mark.parametrize("name", BLOCKS)
def test_building_blocks_never_import_pages_hook_or_site(name):
    forbidden = ("macros.pages", "macros.hooks", "macros.site", "macros.state", "macros.incremental")
    bad = sorted(n for n in imports_of(MACROS / f"{name}.py") for f in forbidden if _is(n, f))
    assert not bad, f"{name}.py importa {bad}"


def test_the_scan_resolves_relative_imports(tmp_path):
    """The scan is not blind: a page importing the hook relatively is seen as importing it."""
    fake = tmp_path / "x.py"
    fake.write_text("from ..hooks import on_config\nfrom . import procedure\nimport mkdocs.plugins\n",
                    encoding="utf-8")
    found = imports_of(fake, "macros.pages")
    assert {"macros.hooks", "macros.pages.procedure", "mkdocs.plugins"} <= found


def test_every_page_family_registers_and_the_site_calls_it():
    """One way to add a page: each module of macros/pages/ has ``register(site)`` and
    ``macros.site.build`` calls it."""
    site_source = (MACROS / "site.py").read_text(encoding="utf-8")
    for path in PAGES.glob("*.py"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body), path.name
        assert f"{path.stem}.register(site)" in site_source, path.name
    assert "site.add(" not in site_source.split("def build(", 1)[1]
