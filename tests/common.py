"""THE helpers shared by tests (one module; do not redefine them in a test file): the
repository root, small manuals built from tests/datos/minimo, and the findings of one rule."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from checks import check

REPO = Path(__file__).resolve().parents[1]
MINIMO = REPO / "tests" / "datos" / "minimo"


def manual_copy(tmp_path: Path, name: str = "procesos_yaml") -> Path:
    """A writable copy of the minimal valid manual."""
    dest = tmp_path / name
    shutil.copytree(MINIMO, dest)
    return dest


def write(root: Path, rel: str, text: str) -> Path:
    """Write dedented YAML text at ``root/rel``; returns the path."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def procedure(root: Path, proc_id: str, steps_yaml: str, extra: str = "") -> Path:
    """Write a procedure of area CV-INE with the given ``pasos:`` block (dedented)."""
    body = (f"id: {proc_id}\narea: CV-INE\nnombre: Procedimiento de prueba {proc_id}\n"
            f"descripcion: \"\"\nriesgos: []\n{textwrap.dedent(extra).strip()}\npasos:\n"
            + textwrap.indent(textwrap.dedent(steps_yaml).strip("\n"), "  ") + "\n")
    path = root / "procedimientos" / f"{proc_id}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} no aparece en {path}")


def findings(root: Path, rule: str, subject: str | None = None, **check_args) -> list:
    """Problems of ``rule`` (about ``subject``, when given) that ``check(root, **check_args)``
    reports (``settings``, ``today``, ``config``)."""
    return [p for p in check(root, **check_args).problems
            if p.rule == rule and (subject is None or p.subject == subject)]


def run_checks(*args, cwd: Path = REPO, env: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """``python -m checks ARGS`` in a new process, as users run it (text output captured).
    Outside GitHub Actions (``GITHUB_ACTIONS`` removed) unless ``env`` sets it; ``env``
    adds or overrides variables."""
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update({"PYTHONPATH": str(REPO), **(env or {})})
    return subprocess.run([sys.executable, "-m", "checks", *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


# --- building the site (the one site builder of the tests) --------------------------------
# Used by the sitio_minimo / sitio_ampliado fixtures (tests/conftest.py), the downloads and
# PDF tests. The hostile tests keep their own (tests/hostil/hostil_comun.py: non-strict
# builds with the gate downgraded).

@dataclass(frozen=True)
class BuiltSite:
    procesos: Path        # the YAML directory it was built from
    site: Path            # the built site directory

    def page(self, src: str) -> str:
        """HTML of the page generated for ``src`` (e.g. ``procedimientos/CV-02.md``)."""
        rel = src[:-3]
        rel = "index.html" if rel == "index" else (rel[:-6] if rel.endswith("/index") else rel) + "/index.html"
        rel = rel.lstrip("/")
        return (self.site / rel).read_text(encoding="utf-8")


def build_site(procesos: Path, site: Path) -> BuiltSite:
    """``mkdocs build --strict`` of ``procesos`` in a subprocess, as users run it."""
    if not (REPO / "docs" / "js" / "mermaid.min.js").exists():
        import pytest

        pytest.fail("falta docs/js/mermaid.min.js: ejecute scripts/probar.sh (descarga Mermaid)")
    env = {**os.environ, "MANUAL_PROCESOS_YAML": str(procesos), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    return BuiltSite(procesos, site)
