"""Browser tests: build the site once, serve it on loopback, drive Debian's Chromium.

Which manual is built
    The real manual ``procesos_yaml/`` when ``python -m checks`` exits 0 for it and it has at
    least one procedure; otherwise the minimal test manual ``tests/datos/minimo``. A clean
    checkout is built in place; with uncommitted changes under ``procesos_yaml/`` (someone
    is editing it) a snapshot is built instead, so edits cannot change it half-way. The
    choice is printed at the end of the run. ``MANUAL_PROCESOS_YAML=<dir>`` forces a
    directory (no fallback: it must be valid).

site_url
    ``mkdocs.yml`` sets ``site_url: http://localhost:8000/``. Material's instant navigation
    only intercepts links listed in ``sitemap.xml``, and it rewrites the sitemap's protocol and
    host -- not its port -- to the current page's (bundle 9.8: ``fi(e,t)``). Served on any
    other port, every click is a full reload, so instant navigation would go untested. The
    server therefore binds an ephemeral port first and the site is built with ``site_url``
    overridden to that origin, through mkdocs' own ``load_config`` keyword overrides; the
    production ``mkdocs.yml`` is untouched.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checks import check
from checks.config import CONFIG_NAME
from checks.model import Manual
from tests.navegador.apoyo import WAIT_RENDERED

RAIZ = Path(__file__).resolve().parents[2]
PROCESOS_REAL = RAIZ / "procesos_yaml"
RULES_FILE = RAIZ / CONFIG_NAME          # rule configuration the checks find beside the manual
MINIMO = RAIZ / "tests" / "datos" / "minimo"
ARTEFACTOS = RAIZ / "tests" / "artefactos" / "navegador"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 20_000
BUILD_TIMEOUT_S = 600

# Runs `mkdocs build` exactly as the CLI does, with site_url overridden through the same
# keyword overrides the CLI uses for its own options (load_config(**kwargs)).
_BUILD = """
import sys
from mkdocs import config
from mkdocs.__main__ import cli

site_url, site_dir = sys.argv[1], sys.argv[2]
_load = config.load_config

def load_config(*args, **kwargs):
    kwargs["site_url"] = site_url
    return _load(*args, **kwargs)

config.load_config = load_config
cli(["build", "--strict", "-d", site_dir], prog_name="mkdocs")
"""


# --- which manual ------------------------------------------------------------------------

def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


@dataclass(frozen=True)
class ChosenManual:
    kind: str               # "real", "minimo" or "variable"
    directory: Path         # YAML directory the site is built from
    manual: Manual
    description: str        # one line for the test output


_CHOICE = pytest.StashKey[ChosenManual]()
_REPORTS = pytest.StashKey[dict]()


def _uncommitted_changes() -> bool:
    """True unless git reports procesos_yaml/ and the rule configuration as committed.

    Outside a git checkout (or without git) the answer is True: the safe side."""
    try:
        done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--",
                               PROCESOS_REAL.name, RULES_FILE.name],
                              cwd=RAIZ, capture_output=True, text=True, timeout=30,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return True
    return done.returncode != 0 or bool(done.stdout.strip())


def _snapshot(dest: Path) -> Path:
    """Copy procesos_yaml/ (and reglas.yaml beside it, which the checks look up in the parent
    directory) under ``dest``; retried, since someone may be saving a file meanwhile."""
    target = dest / PROCESOS_REAL.name
    for attempt in range(3):
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(PROCESOS_REAL, target, symlinks=True)
            if RULES_FILE.is_file():
                shutil.copy2(RULES_FILE, dest / RULES_FILE.name)
            return target
        except (shutil.Error, OSError):
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _cli_accepts(directory: Path) -> tuple[bool, str]:
    """Whether ``python -m checks <directory>`` exits 0, and its last line."""
    done = subprocess.run([sys.executable, "-m", "checks", str(directory)], cwd=RAIZ,
                          capture_output=True, text=True, timeout=300)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, (lines[-1] if lines else f"código {done.returncode}")


def _procedures(n: int) -> str:
    return _count(n, "procedimiento", "procedimientos")


def choose_manual(config: pytest.Config) -> ChosenManual:
    if _CHOICE in config.stash:
        return config.stash[_CHOICE]
    override = os.environ.get("MANUAL_PROCESOS_YAML")
    if override:
        ok, last = _cli_accepts(Path(override))
        if not ok:
            raise pytest.UsageError(f"MANUAL_PROCESOS_YAML={override}: python -m checks falla ({last})")
        report = check(override)
        chosen = ChosenManual("variable", Path(override).resolve(), report.manual,
                              f"manual de MANUAL_PROCESOS_YAML={override} "
                              f"({_procedures(len(report.manual.procedures))})")
        config.stash[_CHOICE] = chosen
        return chosen

    # A clean checkout (CI) is built in place, so pages show their git history; with
    # uncommitted edits (someone is encoding the manual) a snapshot keeps the run consistent.
    reason, where = None, "procesos_yaml/"
    directory = PROCESOS_REAL
    if _uncommitted_changes():
        work = Path(tempfile.mkdtemp(prefix="navegador-manual-"))
        config.add_cleanup(functools.partial(shutil.rmtree, work, ignore_errors=True))
        where = "copia de procesos_yaml/ con cambios sin confirmar"
        try:
            directory = _snapshot(work)
        except (shutil.Error, OSError) as exc:
            reason = f"no se pudo copiar procesos_yaml/ ({exc})"
    if reason is None:
        ok, last = _cli_accepts(directory)
        if not ok:
            reason = f"python -m checks no acepta procesos_yaml/ ({last})"
        else:
            report = check(str(directory))
            if not report.manual.procedures:
                reason = "procesos_yaml/ no tiene procedimientos"
    if reason is None:
        chosen = ChosenManual("real", directory, report.manual,
                              f"manual real, {where} ({_procedures(len(report.manual.procedures))})")
    else:
        ok, last = _cli_accepts(MINIMO)
        if not ok:
            raise pytest.UsageError(f"el manual mínimo tests/datos/minimo no valida: {last}")
        report = check(str(MINIMO))
        chosen = ChosenManual("minimo", MINIMO, report.manual,
                              f"manual mínimo tests/datos/minimo ({_procedures(len(report.manual.procedures))}), "
                              f"porque {reason}")
    config.stash[_CHOICE] = chosen
    return chosen


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per procedure of the chosen manual, for tests taking ``procedimiento``."""
    if "procedimiento" in metafunc.fixturenames:
        procedures = list(choose_manual(metafunc.config).manual.procedures.values())
        metafunc.parametrize("procedimiento", procedures, ids=[p.id for p in procedures])


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _CHOICE in config.stash:
        terminalreporter.write_line(f"Pruebas de navegador sobre el {config.stash[_CHOICE].description}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


class ManualMinimoWarning(UserWarning):
    """The browser tests ran on the minimal manual because the real one is not usable."""


@pytest.fixture(scope="session")
def manual_elegido(pytestconfig) -> ChosenManual:
    chosen = choose_manual(pytestconfig)
    if chosen.kind == "minimo":
        # A warning also reaches the summary under pytest-xdist, where the workers' terminal
        # summary (pytest_terminal_summary above) is not shown.
        warnings.warn(ManualMinimoWarning(f"Pruebas de navegador sobre el {chosen.description}"))
    return chosen


# --- the served site ---------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    timeout = 30                      # a stuck client cannot hold a server thread forever

    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass


@dataclass
class ServedSite:
    origin: str                       # "http://127.0.0.1:PORT" (no trailing slash)
    directory: Path
    manual: ChosenManual

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"


@contextlib.contextmanager
def serve_built_site(chosen: ChosenManual, directory: Path):
    """Build ``chosen`` into ``directory`` with site_url set to a loopback server's origin,
    and serve it there; yields the :class:`ServedSite`."""
    if not (RAIZ / "docs" / "js" / "mermaid" / "mermaid.js").is_file():
        pytest.fail("falta docs/js/mermaid/mermaid.js: ejecute bash scripts/probar.sh (descarga Mermaid)")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        env = {**os.environ, "MANUAL_PROCESOS_YAML": str(chosen.directory),
               "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-c", _BUILD, origin + "/", str(directory)], cwd=RAIZ,
                                env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
        if result.returncode != 0:
            pytest.fail(f"mkdocs build falló (código {result.returncode}) con el "
                        f"{chosen.description}:\n{result.stderr[-4000:]}")
        sitemap = (directory / "sitemap.xml").read_text(encoding="utf-8")
        if f"<loc>{origin}/</loc>" not in sitemap:
            pytest.fail(f"sitemap.xml no usa site_url={origin}/: la navegación instantánea no se probaría")
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="navegador-http", daemon=True)
    thread.start()
    try:
        yield ServedSite(origin, directory, chosen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def sitio(manual_elegido, tmp_path_factory) -> ServedSite:
    with serve_built_site(manual_elegido, tmp_path_factory.mktemp("sitio") / "site") as site:
        yield site


@pytest.fixture(scope="session")
def sitio_minimo(manual_elegido, request, tmp_path_factory) -> ServedSite:
    """The site of the minimal test manual tests/datos/minimo: the same as ``sitio`` when the
    browser tests already run on it, else a second build."""
    if manual_elegido.kind == "minimo":
        yield request.getfixturevalue("sitio")
        return
    ok, last = _cli_accepts(MINIMO)
    if not ok:
        raise pytest.UsageError(f"el manual mínimo tests/datos/minimo no valida: {last}")
    chosen = ChosenManual("minimo", MINIMO, check(str(MINIMO)).manual, "manual mínimo tests/datos/minimo")
    with serve_built_site(chosen, tmp_path_factory.mktemp("sitio-minimo") / "site") as site:
        yield site


# --- the browser -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def navegador():
    """Chromium for one test module. Not session-wide: while a sync Playwright instance is
    alive its event loop is current, and any later test that starts Playwright (tests/test_pdf.py)
    would fail with "Sync API inside the asyncio loop"."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"falta {CHROMIUM}: bash scripts/probar.sh lo instala con apt-get (paquete chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except BaseException:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@dataclass
class Session:
    """One fresh browser context on the served site, recording what must not happen."""
    site: ServedSite
    context: object
    page: object
    external: list[str] = field(default_factory=list)     # requests that left the site
    errors: list[str] = field(default_factory=list)       # console errors and page errors

    def go(self, path: str = "/"):
        return self.page.goto(self.site.url(path), wait_until="load")

    def wait_for_diagrams(self) -> None:
        try:
            self.page.wait_for_function(WAIT_RENDERED)
        except Exception as exc:
            pending = self.page.locator("pre.mermaid").count()
            raise AssertionError(f"el flujograma no se dibujó en {self.page.url} ({pending} diagramas sin "
                                 f"dibujar); errores de consola: {self.errors or 'ninguno'}; "
                                 f"peticiones externas: {self.external or 'ninguna'}") from exc

    def screenshot(self, relative: str, full_page: bool = True) -> Path:
        path = ARTEFACTOS / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_clean(self) -> None:
        assert not self.external, "peticiones que salen del sitio:\n  " + "\n  ".join(self.external)
        assert not self.errors, "errores en la consola del navegador:\n  " + "\n  ".join(self.errors)


def _is_local(url: str, origin: str) -> bool:
    return url == origin or url.startswith(origin + "/") or url.startswith(("data:", "blob:"))


def new_session(browser, site: ServedSite, viewport: dict | None = None, init_scripts=(),
                bypass_csp: bool = False) -> Session:
    """A fresh context on ``site``: requests outside it are recorded and blocked, console
    errors recorded. The site's Content-Security-Policy applies unless ``bypass_csp``. The
    caller closes ``session.context``."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="es-MX",
                                  bypass_csp=bypass_csp)
    context.set_default_timeout(TIMEOUT_MS)
    for script in init_scripts:
        context.add_init_script(script)
    page = context.new_page()
    session = Session(site, context, page)

    def record(url: str) -> None:
        if url not in session.external:
            session.external.append(url)

    def gate(route):
        # Anything outside the served origin is recorded and never reaches the network.
        url = route.request.url
        if _is_local(url, site.origin):
            route.continue_()
        else:
            record(url)
            route.abort("blockedbyclient")

    def on_request(req):
        # Also catches requests a route might not see (e.g. from workers).
        if not _is_local(req.url, site.origin):
            record(req.url)

    context.route("**/*", gate)
    context.on("request", on_request)
    page.on("console", lambda msg: msg.type == "error" and session.errors.append(
        f"{msg.text} ({msg.location.get('url', '')})"))
    page.on("pageerror", lambda exc: session.errors.append(f"excepción: {exc}"))
    return session


@pytest.fixture
def sesion(navegador, sitio, request):
    # The site's Content-Security-Policy applies, except for tests marked sin_csp (the harness
    # test needs a request to leave the page, which the policy would stop first).
    session = new_session(navegador, sitio, bypass_csp=request.node.get_closest_marker("sin_csp") is not None)
    yield session
    outcome = request.node.stash.get(_REPORTS, {}).get("call")
    if outcome is not None and outcome.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            session.screenshot(f"fallos/{name}.png")
        except Exception:  # the page may be gone; the failure itself is what matters
            pass
    session.context.close()
