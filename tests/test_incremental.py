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
    from macros import state as build_state

    root = manual_copy(tmp_path)
    monkeypatch.setenv("MANUAL_PROCESOS_YAML", str(root))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _build(tmp_path / "site", dirty=False, command="build")
    assert not incremental.active()


class _FakeServer:
    """The part of MkDocs' LiveReloadServer that ``serve_on_request`` uses (a WSGI app)."""
    mount_path = "/"

    def __init__(self, site_dir):
        self.site_dir = site_dir
        self.app = self.serve_file

    def serve_file(self, environ, start_response):
        path = environ["PATH_INFO"].lstrip("/") + ("index.html" if environ["PATH_INFO"].endswith("/") else "")
        return [(self.site_dir / path).read_bytes()]

    def get_app(self):
        return self.app

    def set_app(self, app):
        self.app = app


def test_la_version_para_imprimir_se_reconstruye_al_pedirla(tmp_path, monkeypatch):
    """With --dirty an edit does not wait for the print version; the preview server rebuilds it
    before answering the first request for it, so it is never shown stale."""
    from macros import incremental
    from macros import state as build_state
    from macros.pages import print_version

    root = manual_copy(tmp_path)
    site_dir = tmp_path / "site"
    monkeypatch.setenv("MANUAL_PROCESOS_YAML", str(root))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    _build(site_dir, dirty=True)
    server = _FakeServer(site_dir)
    incremental.serve_on_request(server)
    print_page = site_dir / "imprimir" / "index.html"
    assert "Folio de prueba" not in print_page.read_text(encoding="utf-8")

    path = root / "procedimientos" / "CV-02.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("accion: Recepción", "accion: Folio de prueba. Recepción", 1), encoding="utf-8")
    _build(site_dir, dirty=True)
    assert "Folio de prueba" in _html(site_dir, "procedimientos/CV-02")
    assert "Folio de prueba" not in print_page.read_text(encoding="utf-8")      # deferred
    assert build_state.current().stale_pages

    served = b"".join(server.get_app()({"PATH_INFO": "/procedimientos/CV-02/"}, None))
    assert b"Folio de prueba" in served and "Folio de prueba" not in print_page.read_text(encoding="utf-8")
    served = b"".join(server.get_app()({"PATH_INFO": "/imprimir/"}, None)).decode("utf-8")
    assert "Folio de prueba" in served                                          # rebuilt first
    assert 'rel="modulepreload"' in served and "pre class=\"mermaid\"" in served
    assert not build_state.current().stale_pages

    # Nothing changed: the print version is not rendered in the rebuild, and on request it is
    # checked but not rebuilt (its file is not rewritten).
    renders = []
    original = print_version.print_page
    monkeypatch.setattr(print_version, "print_page", lambda *a, **k: renders.append(1) or original(*a, **k))
    mtime = os.stat(print_page).st_mtime_ns
    _build(site_dir, dirty=True)
    assert renders == []
    served = b"".join(server.get_app()({"PATH_INFO": "/imprimir/"}, None)).decode("utf-8")
    assert renders == [1] and "Folio de prueba" in served
    assert os.stat(print_page).st_mtime_ns == mtime
    assert not build_state.current().stale_pages
    # A second edit with no request in between: still deferred, and the request rebuilds it.
    path.write_text(text.replace("accion: Recepción", "accion: Sello de prueba. Recepción", 1), encoding="utf-8")
    _build(site_dir, dirty=True)
    _build(site_dir, dirty=True)
    assert "Sello de prueba" not in print_page.read_text(encoding="utf-8")
    served = b"".join(server.get_app()({"PATH_INFO": "/imprimir/"}, None)).decode("utf-8")
    assert "Sello de prueba" in served and "Folio de prueba" not in served
    path.write_text(text, encoding="utf-8")
    _build(site_dir, dirty=False, command="build")    # a normal build writes it at once
    assert "Folio de prueba" not in print_page.read_text(encoding="utf-8")


def test_las_plantillas_compiladas_se_reutilizan_solo_con_la_misma_fuente(tmp_path, monkeypatch):
    """serve --dirty keeps the theme's compiled templates between rebuilds (a new Jinja2
    environment each time): an unchanged template is not compiled again, an edited one is."""
    import jinja2

    from macros import incremental

    monkeypatch.setattr(incremental, "_TEMPLATE_CACHES", {})
    (tmp_path / "base.html").write_text("Hola {{ nombre }}", encoding="utf-8")

    def environment():
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), auto_reload=False)
        incremental.keep_compiled_templates(env)
        compiled = []
        original = env.compile
        env.compile = lambda *a, **k: compiled.append(a[1]) or original(*a, **k)
        return env, compiled

    env, compiled = environment()
    assert env.get_template("base.html").render(nombre="Ana") == "Hola Ana" and compiled == ["base.html"]
    env, compiled = environment()
    assert env.get_template("base.html").render(nombre="Ana") == "Hola Ana" and compiled == []
    (tmp_path / "base.html").write_text("Adiós {{ nombre }}", encoding="utf-8")
    env, compiled = environment()
    assert env.get_template("base.html").render(nombre="Ana") == "Adiós Ana" and compiled == ["base.html"]
    # other compiler settings: another cache (the compiled code depends on them)
    other = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), trim_blocks=True)
    incremental.keep_compiled_templates(other)
    assert other.bytecode_cache is not env.bytecode_cache
    assert other.get_template("base.html").render(nombre="Ana") == "Adiós Ana"
    # a callable autoescape may decide per template: no cache
    callable_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)),
                                      autoescape=jinja2.select_autoescape())
    incremental.keep_compiled_templates(callable_env)
    assert callable_env.bytecode_cache is None


def test_serve_mira_los_yaml_cada_02_s_y_lo_demas_como_mkdocs(tmp_path, monkeypatch):
    """A saved YAML is seen within YAML_POLLING s (MkDocs polls every 0.5 s); the other
    watches keep MkDocs' interval."""
    from types import SimpleNamespace

    from mkdocs.livereload import LiveReloadServer

    from macros import hooks, incremental

    manual = tmp_path / "procesos_yaml"
    manual.mkdir()
    monkeypatch.setenv("MANUAL_PROCESOS_YAML", str(manual))
    monkeypatch.setattr(incremental, "active", lambda: False)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        config = SimpleNamespace(config_file_path=str(REPO / "mkdocs.yml"), extra={})
        assert hooks.on_serve(server, config, None) is server
        server.watch(str(REPO / "docs"))
        intervals = {e.watch.path: e.timeout for e in server.observer.emitters}
        assert intervals[str(manual)] == hooks.YAML_POLLING < 0.5
        assert intervals[str(REPO / "docs")] == 0.5 == server.observer.timeout
    finally:
        server.server_close()
