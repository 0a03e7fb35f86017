"""Nothing executes: template payloads (``{{ … }}``, ``{% … %}``, Jinja attribute chains that
reach ``os``) in every text field, in titles and in the navigation are shown literally and
never evaluated; payloads that would create files create none.

Regression: a procedure named ``{{ 7*7 }} {{ lipsum.__globals__.os.getpid() }}`` used to be
EVALUATED at build time (nav title -> page title -> mkdocs-macros renders titles with Jinja).
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.hostil.hostil_comun import REPO, build_site, generate_manual

# Short enough to survive every truncation (nav labels cut names at 60 characters); no
# quotes, so HTML-escaping alone would not have stopped it.
SHORT_MKDIR = "{{lipsum.__globals__.os.makedirs(config.site_dir~1)}}"


def _payloads(canary) -> list[str]:
    return [
        "{{ 7*7 }}",
        "{{ 7919*7907 }}",                # evaluated, it would print 62615533: no line number looks like it
        "{{ cycler.__init__.__globals__.os.getcwd() }}",
        "{{ cycler.__init__.__globals__.os.system('touch " + str(canary) + "_system') }}",
        "{% set x = lipsum.__globals__['os'].popen('touch " + str(canary) + "_popen').read() %}{{ x }}",
        "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.getpid() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% for i in range(3) %}REPITE{% endfor %}",
        "{# comentario #}{{ config.site_dir }}",
        "{{ pagina() }}",
        SHORT_MKDIR,
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("plantillas")
    canary = base / "PWNED"
    payloads = _payloads(canary)
    counter = [0]

    def text(path, kind):
        if kind in ("procedimiento", "coordinacion") and path == ("nombre",):
            return SHORT_MKDIR                          # the nav/page title vector
        counter[0] += 1
        return payloads[counter[0] % len(payloads)] + f" campo {kind}." + ".".join(
            str(p) for p in path if isinstance(p, str))

    procesos = generate_manual(base / "procesos_yaml", text)
    site = base / "site"
    result = build_site(procesos, site, gate=False)
    return {"base": base, "canary": canary, "site": site, "result": result, "procesos": procesos,
            "payloads": payloads}


def _canaries(built):
    base = built["base"]
    return [p for p in base.iterdir() if p.name.startswith("PWNED")] + \
        [p for p in [built["site"].with_name(built["site"].name + "1")] if p.exists()]


def test_build_succeeds_and_creates_no_file(built):
    assert built["result"].returncode == 0, built["result"].stderr[-3000:]
    assert "Macro Syntax Error" not in built["result"].stderr
    assert "Macro Rendering Error" not in built["result"].stderr
    assert not _canaries(built)


def test_payloads_appear_literally_and_unevaluated(built):
    site = built["site"]
    page = BeautifulSoup((site / "procedimientos" / "P-UNO" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = re.sub(r"\s+", " ", page.get_text())
    assert SHORT_MKDIR in text
    shown = 0
    for payload in built["payloads"]:
        if payload in text:
            shown += 1
    assert shown >= 5, text[:2000]
    assert "{{ 7*7 }}" in text


def test_no_evaluation_anywhere(built):
    site = built["site"]
    cwd = str(REPO)
    for path in site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        text = BeautifulSoup(raw, "html.parser").get_text()
        assert "REPITEREPITE" not in text, path
        assert cwd not in text, path                   # getcwd() and config.site_dir never ran
        assert str(site) not in text, path
        assert "<class 'object'>" not in text and "subprocess.Popen" not in text, path
        assert "62615533" not in text, path            # {{ 7919*7907 }} never evaluated
        # «{{ 7*7 }}» would leave a lone «49» where the payload stood: never next to «campo»
        assert not re.search(r"(?<![\d{:])49(?![\d}:]) campo", text), path
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert cwd not in index and "REPITEREPITE" not in index


def test_nav_and_titles_keep_the_braces_as_text(built):
    site = built["site"]
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    labels = [a.get_text(" ", strip=True) for a in soup.select("nav a, nav label")]
    assert any(SHORT_MKDIR in label for label in labels), labels
    title = (site / "procedimientos" / "P-UNO" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>P-UNO \{\{lipsum", title)


def test_stub_is_the_only_template_source(tmp_path):
    """The generated page source is front matter plus ``{{ pagina() }}``; no YAML text in it
    has a template delimiter, and nav labels have their braces encoded."""
    from macros import site as site_state

    procesos = generate_manual(tmp_path / "procesos_yaml", lambda path, kind: SHORT_MKDIR + " {% x %} {# y #}")
    import checks.engine as engine
    import dataclasses
    from checks.problem import Severity
    original = engine.run_rules
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "run_rules", lambda *a, **k: [dataclasses.replace(p, severity=Severity.WARNING)
                                                         for p in original(*a, **k)])
        site = site_state.build(str(procesos))
    assert site.pages
    for src_uri in site.pages:
        stub = site.stub(src_uri)
        assert re.findall(r"\{\{|\{%|\{#", stub) == ["{{"], (src_uri, stub)
        assert stub.rstrip().endswith("{{ pagina() }}")

    def labels(nav):
        for entry in nav:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    yield key
                    if isinstance(value, list):
                        yield from labels(value)
    for label in labels(site.nav):
        assert "{" not in label and "<" not in label, label


def test_gated_build_refuses_template_text(built, tmp_path):
    """With the compliance gate on (as in CI), the same manual fails before writing a page,
    naming SEC001, and still runs nothing."""
    site = tmp_path / "site"
    result = build_site(built["procesos"], site, gate=True)
    assert result.returncode == 1
    assert "SEC001" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists() or not any(site.rglob("*.html"))
    assert not _canaries(built)
