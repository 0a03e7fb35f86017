"""macros/assets.py: a plain `mkdocs build` / `mkdocs serve` without the set-up script either
has the pinned Mermaid files or stops with one Spanish line and the command that fixes it.

Unit tests on :func:`macros.assets.problem`, the pin shared with scripts/obtener_mermaid.sh,
and real `mkdocs build` / `mkdocs serve` runs on a copy of the project without the set-up
(file missing; file present but corrupted)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from macros import assets
from tests.common import REPO

PIN = REPO / "scripts" / "mermaid.fijado"
JS = "js/mermaid.min.js"


def _project(tmp_path, content: dict[str, bytes]):
    """A config dir with the real pin and ``docs/`` holding ``content``."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(PIN, tmp_path / "scripts" / "mermaid.fijado")
    for rel, data in content.items():
        path = tmp_path / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (tmp_path / "docs").mkdir(exist_ok=True)
    return str(tmp_path), str(tmp_path / "docs")


def _real_files() -> dict[str, bytes]:
    pin = assets.read_pin(str(PIN))
    out = {}
    for item in pin.files:
        path = REPO / "docs" / item.docs_path
        if not path.is_file():
            pytest.fail(f"falta docs/{item.docs_path}: ejecute bash scripts/obtener_mermaid.sh")
        out[item.docs_path] = path.read_bytes()
    return out


def test_pin_lists_mermaid_and_matches_the_installed_files():
    pin = assets.read_pin(str(PIN))
    assert JS in [f.docs_path for f in pin.files]
    assert assets.problem(str(REPO), str(REPO / "docs")) is None


def test_present_and_intact_passes(tmp_path):
    assert assets.problem(*_project(tmp_path, _real_files())) is None


def test_missing_file_names_it_and_the_fix_in_one_line(tmp_path):
    files = _real_files()
    del files[JS]
    message = assets.problem(*_project(tmp_path, files))
    assert message is not None and "\n" not in message
    assert message.startswith("Falta docs/js/mermaid.min.js ")
    assert "«bash scripts/obtener_mermaid.sh»" in message and "«bash scripts/construir.sh»" in message


def test_every_missing_file_is_named(tmp_path):
    message = assets.problem(*_project(tmp_path, {}))
    assert message.startswith("Faltan docs/js/mermaid.min.js y docs/js/mermaid.min.js.LICENSE.txt ")


def test_corrupted_file_is_refused(tmp_path):
    files = _real_files()
    files[JS] = files[JS][:-1] + b" "
    message = assets.problem(*_project(tmp_path, files))
    assert message is not None and "\n" not in message
    assert message.startswith("docs/js/mermaid.min.js no es el Mermaid ")
    assert "sha512 distinto" in message and "«bash scripts/obtener_mermaid.sh»" in message


def test_a_file_replaced_in_place_is_hashed_again(tmp_path):
    config_dir, docs = _project(tmp_path, _real_files())
    assert assets.problem(config_dir, docs) is None
    path = os.path.join(docs, "js", "mermaid.min.js")
    data = open(path, "rb").read()
    with open(path, "wb") as fh:
        fh.write(data[:-1] + b"!")
    os.utime(path, ns=(1, 1))                      # a different mtime even on coarse clocks
    assert "sha512 distinto" in assets.problem(config_dir, docs)


def test_missing_or_broken_pin_is_reported(tmp_path):
    (tmp_path / "docs").mkdir()
    assert "Falta scripts/mermaid.fijado" in assets.problem(str(tmp_path), str(tmp_path / "docs"))
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "mermaid.fijado").write_text("version 1\narchivo js/x.js p/x.js cafe\n")
    assert "No se puede leer scripts/mermaid.fijado" in assets.problem(str(tmp_path), str(tmp_path / "docs"))


def test_download_script_reads_the_same_pin():
    """One source of truth: no version or sum written in the script itself."""
    script = (REPO / "scripts" / "obtener_mermaid.sh").read_text(encoding="utf-8")
    assert "scripts/mermaid.fijado" in script
    assert not re.search(r"[0-9a-f]{64}", script)
    assert not re.search(r"\d+\.\d+\.\d+", script)


# --- a fresh clone without the set-up: real mkdocs build / serve -------------------------

@pytest.fixture
def clone(tmp_path):
    """The repository's tracked files, as a fresh clone has them (no .venv, no Mermaid),
    plus the installed Mermaid files for the tests to remove or damage."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    dest = tmp_path / "clon"
    for rel in filter(None, listed.decode("utf-8").split("\0")):
        src = REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    assert not (dest / "docs" / "js" / "mermaid.min.js").exists()     # never versioned
    for name in ("mermaid.min.js", "mermaid.min.js.LICENSE.txt"):
        (dest / "docs" / "js").mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / "docs" / "js" / name, dest / "docs" / "js" / name)
    return dest


def _mkdocs(clone, *args, timeout=120):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MANUAL_PROCESOS_YAML", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _errors(result) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("ERROR")]


def test_build_without_mermaid_stops_with_one_line(clone):
    (clone / "docs" / "js" / "mermaid.min.js").unlink()
    result = _mkdocs(clone, "build", "--strict", "-d", str(clone / "site"))
    assert result.returncode != 0
    [error] = _errors(result)
    assert "Falta docs/js/mermaid.min.js" in error and "bash scripts/obtener_mermaid.sh" in error
    assert not (clone / "site" / "index.html").exists()


def test_build_with_corrupted_mermaid_stops_with_one_line(clone):
    path = clone / "docs" / "js" / "mermaid.min.js"
    path.write_bytes(path.read_bytes()[: 1 << 20])       # a truncated download
    result = _mkdocs(clone, "build", "--strict", "-d", str(clone / "site"))
    assert result.returncode != 0
    [error] = _errors(result)
    assert "docs/js/mermaid.min.js no es el Mermaid" in error and "bash scripts/obtener_mermaid.sh" in error


def test_serve_without_mermaid_stops_with_one_line(clone):
    shutil.rmtree(clone / "docs" / "js")
    result = _mkdocs(clone, "serve", "-a", "127.0.0.1:0")
    assert result.returncode != 0
    [error] = _errors(result)
    assert "Faltan docs/js/mermaid.min.js y docs/js/mermaid.min.js.LICENSE.txt" in error
