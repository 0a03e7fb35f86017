"""``mkdocs serve --dirty`` rebuilds only the pages whose content changed (macros/incremental.py),
in strict mode, and a normal build is untouched by it."""
from __future__ import annotations

import json
import logging
import os

import pytest

from tests.common import REPO, manual_copy

pytestmark = pytest.mark.lento


def _build(site_dir, dirty: bool, command: str = "serve"):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command=command, dirty=dirty)
    build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None, dirty=dirty)


def _html(site_dir, page: str) -> str:
    return (site_dir / page / "index.html").read_text(encoding="utf-8")


def test_dirty_rebuild_only_rewrites_changed_pages(tmp_path, monkeypatch, caplog):
    root = manual_copy(tmp_path)
    site_dir = tmp_path / "site"
    monkeypatch.setenv("MANUAL_PROCESOS_YAML", str(root))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _build(site_dir, dirty=True)
    proc_page = site_dir / "procedimientos" / "CV-02" / "index.html"
    glossary = next(p for p in site_dir.rglob("index.html") if "glosario" in str(p))
    old_glossary_mtime = os.stat(glossary).st_mtime_ns
    assert "Folio de prueba" not in proc_page.read_text(encoding="utf-8")
    index_path = site_dir / "search" / "search_index.json"
    locations = {d["location"] for d in json.loads(index_path.read_text(encoding="utf-8"))["docs"]}

    path = root / "procedimientos" / "CV-02.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("accion: Recepción", "accion: Folio de prueba. Recepción", 1), encoding="utf-8")
    caplog.set_level(logging.INFO)
    _build(site_dir, dirty=True)                      # strict: a warning would abort it

    assert "Folio de prueba" in proc_page.read_text(encoding="utf-8")
    assert os.stat(glossary).st_mtime_ns == old_glossary_mtime          # not rebuilt
    for download in ("actividades.csv", "manual.json"):                 # never stale in the preview
        assert "Folio de prueba" in (site_dir / "descargas" / download).read_text(encoding="utf-8-sig")
    assert "dirty' build is being performed" not in caplog.text
    after = {d["location"] for d in json.loads(index_path.read_text(encoding="utf-8"))["docs"]}
    assert after == locations                                           # skipped pages stay indexed


def test_normal_build_does_not_use_the_incremental_mode(tmp_path, monkeypatch):
    from macros import incremental

    root = manual_copy(tmp_path)
    monkeypatch.setenv("MANUAL_PROCESOS_YAML", str(root))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _build(tmp_path / "site", dirty=False, command="build")
    assert not incremental.active()
