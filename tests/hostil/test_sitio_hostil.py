"""Nothing leaks into pages: a site built from a manual whose EVERY text field carries
HTML/JS, Markdown, Mermaid, template and formula payloads has no executable content that
comes from the data, in any output.

One site per payload group (see ``hostil_comun.GROUPS``) plus a baseline site built from the
same generated manual with neutral text. Each hostile page is compared with the same page of
the baseline: same scripts, no element or attribute kinds the baseline lacks, same Mermaid
diagram skeleton. The sites are built once per session, in parallel, with compliance findings
downgraded to warnings (rule SEC001 would rightly block this text; here we prove the renderer
is safe on its own).
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.hostil.hostil_comun import GROUPS, LITERAL_MARKERS, PAYLOADS, REPO, benign_text, build_site, generate_manual, group_text

BASELINE = "neutro"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BAD_SCHEME = re.compile(r"^[\s\x00-\x20]*(javascript|vbscript|data)\s*:", re.I)
SAFE_LOCATION = re.compile(r"^[A-Za-z0-9_./#%-]*$")
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcdoc", "data",
             "codebase", "cite", "lowsrc", "dynsrc", "ping"}


@pytest.fixture(scope="session")
def sitios(tmp_path_factory):
    """name -> site directory, for the baseline and every payload group."""
    base = tmp_path_factory.mktemp("sitios_hostiles")
    canary = base / "PWNED"
    jobs = {BASELINE: benign_text}
    for group, names in GROUPS.items():
        extra = ""
        if group == "plantillas":
            extra = " {{ cycler.__init__.__globals__.os.system('touch " + str(canary) + "') }}"
        jobs[group] = group_text(names, extra)

    def run(item):
        name, text = item
        procesos = generate_manual(base / f"yaml_{name}", text)
        site = base / f"site_{name}"
        result = build_site(procesos, site, gate=(name == BASELINE))
        return name, site, result

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, jobs.items()))
    sites = {}
    for name, site, result in results:
        assert result.returncode == 0, f"{name}: la construcción falló\n{result.stderr[-3000:]}"
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        # No warning either: under --strict a warning aborts only AFTER site/ was rewritten.
        warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
        assert not warnings, (name, warnings[:5])
        sites[name] = site
    sites["_canary"] = canary
    return sites


HOSTILE = list(GROUPS)


def _html_pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


_PAGES: dict[Path, dict] = {}


def pages_of(site: Path) -> dict[str, BeautifulSoup]:
    if site not in _PAGES:
        _PAGES[site] = _html_pages(site)
    return _PAGES[site]


def _shape(soup) -> Counter:
    """Multiset of (tag, attribute names) of a page body: what markup exists, not the text."""
    return Counter((t.name, tuple(sorted(t.attrs))) for t in soup.find_all(True))


def _scripts(soup) -> list[tuple[str, str]]:
    return [(s.get("src", ""), s.get_text() if not s.get("src") else "") for s in soup.find_all("script")]


def _all_srcs(pages) -> set:
    return {src for soup in pages.values() for src, _ in _scripts(soup)}


def test_same_pages_as_baseline(sitios):
    base = set(pages_of(sitios[BASELINE]))
    assert len(base) >= 10
    for group in HOSTILE:
        assert set(pages_of(sitios[group])) == base, group


@pytest.mark.parametrize("group", HOSTILE)
def test_no_script_from_data(sitios, group):
    """Every <script> of every page is one the baseline page also has (theme, Mermaid, config)."""
    base = pages_of(sitios[BASELINE])
    for rel, soup in pages_of(sitios[group]).items():
        if rel in base:
            assert _scripts(soup) == _scripts(base[rel]), rel
        else:
            assert {src for src, _ in _scripts(soup)} <= _all_srcs(base), rel


# Elements the data must never add (theme widgets such as form/input/svg vary with the nav
# and are covered by the kinds check).
RISKY_TAGS = ("script", "iframe", "object", "embed", "frame", "frameset", "base", "img", "math", "style",
              "link", "meta", "video", "audio", "source", "template", "textarea")


def _site_shape(site: Path) -> Counter:
    total = Counter()
    for soup in pages_of(site).values():
        total += _shape(soup)
    return total


@pytest.mark.parametrize("group", HOSTILE)
def test_no_new_markup_from_data(sitios, group):
    """No element or attribute kind that the site built from neutral text lacks, and no more
    risky elements (script, iframe, img, svg, form, style, meta…) than it has. Findings
    pages legitimately add rows and paragraphs, so common kinds are compared as a set."""
    hostile, base = _site_shape(sitios[group]), _site_shape(sitios[BASELINE])
    new_kinds = set(hostile) - set(base)
    assert not new_kinds, new_kinds
    for (tag, attrs), count in hostile.items():
        if tag in RISKY_TAGS:
            assert count <= base[(tag, attrs)], (tag, attrs, count, base[(tag, attrs)])


@pytest.mark.parametrize("group", HOSTILE)
def test_no_event_handlers_or_dangerous_urls(sitios, group):
    for rel, soup in pages_of(sitios[group]).items():
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (rel, tag.name, attr)
                if attr.lower() in URL_ATTRS:
                    values = value if isinstance(value, list) else [value]
                    for v in values:
                        assert not BAD_SCHEME.match(v), (rel, tag.name, attr, v)


@pytest.mark.parametrize("group", HOSTILE)
def test_titles_are_escaped(sitios, group):
    """The raw <title> text holds no markup (a ``</title><script>`` breakout stays text)."""
    for site_file in sorted(sitios[group].rglob("*.html")):
        raw = site_file.read_text(encoding="utf-8")
        match = re.search(r"<title>(.*?)</title>", raw, re.S)
        assert match, site_file
        assert "<" not in match.group(1), (site_file, match.group(1))


# The one directive macros/swimlanes.py writes: numbers only.
INIT_LINE = re.compile(r'^%%\{init: \{"themeVariables": \{"fontSize": "\d+px"\}, "flowchart": \{"wrappingWidth": \d+, '
                       r'"nodeSpacing": \d+, "rankSpacing": \d+, "padding": \d+\}\}\}%%$')


@pytest.mark.parametrize("group", HOSTILE)
def test_mermaid_sources_are_inert(sitios, group):
    """Same diagram skeleton as the baseline (labels and the accessible title/description
    blanked); labels have no raw quotes, angle brackets or backticks beyond the markup the
    generator writes (``macros.swimlanes.markup_free``); no directive but the generator's own
    first-line ``init``, no click, style or call from the data. The print version splits long
    flowcharts by the length of their text, so there only the inertness is compared."""
    from macros.swimlanes import markup_free

    def parts(src):
        lines = src.splitlines()
        if lines and INIT_LINE.match(lines[0]):
            lines = lines[1:]
        for line in lines:
            acc = re.match(r"\s*acc(?:Title|Descr): (.*)$", line)
            if acc:
                assert not set(acc.group(1)) & set('"<>`%'), line
        body = "\n".join(re.sub(r"^(\s*acc(?:Title|Descr):).*$", r"\1", line) for line in lines)
        return body, re.sub(r'"[^"\n]*"', '""', body)

    base = pages_of(sitios[BASELINE])
    found = 0
    for rel, soup in pages_of(sitios[group]).items():
        if rel not in base:
            continue
        diagrams = [pre.get_text() for pre in soup.select("pre.mermaid, div.mermaid")]
        base_diagrams = [pre.get_text() for pre in base[rel].select("pre.mermaid, div.mermaid")]
        if rel != "imprimir/index.html":
            assert len(diagrams) == len(base_diagrams), rel
            for src, ref in zip(diagrams, base_diagrams):
                assert parts(src)[1] == parts(ref)[1], (rel, src)
        for src in diagrams:
            found += 1
            body, skeleton = parts(src)
            assert "%%" not in body, (rel, src)
            for line in skeleton.splitlines():
                assert not re.match(r"\s*(click|call|href|style|linkStyle)\b", line), (rel, line)
            for label in re.findall(r'"([^"\n]*)"', body):
                assert not set(markup_free(label)) & set("<>`"), (rel, label)
    assert found, "ningún diagrama Mermaid en el sitio"


@pytest.mark.parametrize("group", HOSTILE)
def test_search_index_is_inert(sitios, group):
    """The search index holds payloads only as escaped text: the same kinds of markup as the
    baseline index, no handlers, no script, no dangerous URL; locations are not data."""
    def index(site):
        return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))

    def shape(docs):
        total = Counter()
        for doc in docs:
            for field in ("title", "text"):
                soup = BeautifulSoup(doc.get(field, ""), "html.parser")
                total += _shape(soup)
                for tag in soup.find_all(True):
                    assert not any(a.lower().startswith("on") for a in tag.attrs), doc
                    assert tag.name not in ("script", "img", "iframe", "svg", "object", "embed"), doc
        return total

    hostile, base = index(sitios[group])["docs"], index(sitios[BASELINE])["docs"]
    for doc in hostile:
        assert SAFE_LOCATION.match(doc["location"]), doc["location"]
    new_kinds = set(shape(hostile)) - set(shape(base))
    assert not new_kinds, new_kinds


@pytest.mark.parametrize("group", ["html", "enlaces_atributos", "markdown_entidades", "plantillas",
                                   "formulas_control"])
def test_payloads_shown_literally(sitios, group):
    """Each payload's visible text appears as text in the procedure page (not interpreted)."""
    (rel,) = [r for r in pages_of(sitios[group]) if r.startswith("procedimientos/")]
    text = re.sub(r"\s+", " ", pages_of(sitios[group])[rel].get_text())
    for name in GROUPS[group]:
        marker = LITERAL_MARKERS.get(name)
        if marker:
            assert re.sub(r"\s+", " ", marker) in text, (name, marker)


def test_templates_never_evaluated(sitios):
    """No ``49`` next to a payload, no working directory, no file created by a payload."""
    assert not sitios["_canary"].exists()
    cwd = str(REPO)
    for rel, soup in pages_of(sitios["plantillas"]).items():
        text = soup.get_text()
        assert "49 y 49" not in text and "R R R" not in text.replace("RRR", "R R R"), rel
        assert cwd not in text, rel
    index = (sitios["plantillas"] / "search" / "search_index.json").read_text(encoding="utf-8")
    assert cwd not in index and "49 y 49" not in index


def _download(site: Path, name: str) -> Path:
    path = site / "descargas" / name
    assert path.exists(), f"falta {path}"
    return path


@pytest.mark.parametrize("group", ["formulas_control", "html", "plantillas"])
def test_spreadsheets_hold_no_formula(sitios, group):
    """CSV cells never start with a formula character; XLSX cells are never formulas."""
    from openpyxl import load_workbook

    site = sitios[group]
    csvs = sorted((site / "descargas").glob("*.csv"))
    xlsxs = sorted((site / "descargas").glob("*.xlsx"))
    assert csvs and xlsxs
    cells = 0
    for path in csvs:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                cells += 1
                assert not cell.startswith(FORMULA_START), (path.name, cell)
    for path in xlsxs:
        book = load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    cells += 1
                    assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(FORMULA_START), (path.name, cell.coordinate, cell.value)
    assert cells > 50


def test_formula_payload_reaches_spreadsheet_as_text(sitios):
    """The formula payload is kept (neutralised with a leading apostrophe), not dropped."""
    text = _download(sitios["formulas_control"], "actividades.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in text or "'+cmd|" in text


@pytest.mark.parametrize("group", HOSTILE)
def test_json_export_keeps_payload_text_exactly(sitios, group):
    """The JSON download is valid JSON and keeps every payload as exact text (nothing lost)."""
    data = json.loads(_download(sitios[group], "manual.json").read_text(encoding="utf-8"))
    strings = []

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            strings.append(x)
    walk(data)
    blob = "\n".join(strings)
    for name in GROUPS[group]:
        assert PAYLOADS[name] in blob, name


def test_hostile_manual_is_flagged_by_checks(tmp_path):
    """Without the downgrade, the same manual is refused: SEC001 (or another blocking rule)
    reports the payload fields at their lines, so a real build would stop first."""
    from checks import check

    procesos = generate_manual(tmp_path / "yaml", group_text(GROUPS["html"]))
    report = check(procesos)
    sec = [p for p in report.blocking if p.rule == "SEC001"]
    assert sec, [str(p) for p in report.problems][:20]
    assert all(p.location.line > 1 or p.location.column >= 1 for p in sec)
    lines = {(p.location.file, p.location.line) for p in sec}
    assert len(lines) >= 20


def _pdf_objects(reader):
    """Every dictionary/array reachable from the PDF's trailer (resolving references)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen, stack = set(), [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            yield obj
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


@pytest.mark.navegador
@pytest.mark.parametrize("group", ["html", "enlaces_atributos"])
def test_pdf_is_inert_and_shows_payloads_as_text(sitios, group, tmp_path):
    """The printed manual (scripts/pdf.py, headless Chromium) has no JavaScript, launch or
    dangerous-URI action, and shows the payloads as text."""
    import subprocess
    import sys

    from pypdf import PdfReader

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("falta /usr/bin/chromium (bash scripts/probar.sh lo instala)")
    out = tmp_path / "manual.pdf"
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "pdf.py"), "--sitio", str(sitios[group]),
                             "--salida", str(out)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    reader = PdfReader(out)
    assert "/OpenAction" not in reader.trailer["/Root"] and "/AA" not in reader.trailer["/Root"]
    for obj in _pdf_objects(reader):
        assert obj.get("/S") not in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"), obj
        assert "/JS" not in obj and "/JavaScript" not in obj, obj
        uri = obj.get("/URI")
        if uri is not None:
            assert not BAD_SCHEME.match(str(uri)), uri
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() or "" for page in reader.pages))
    for name in GROUPS[group]:
        marker = LITERAL_MARKERS.get(name)
        if marker:
            assert re.sub(r"\s+", " ", marker) in text, (name, marker)


@pytest.mark.parametrize("group", ["html", "enlaces_atributos", "plantillas"])
def test_tooltips_carry_payloads_as_attribute_text(sitios, group):
    """Glossary and role acronyms become <abbr title> tooltips whose (hostile) definitions
    stay inside the attribute value and show as their own text."""
    from tests.hostil.hostil_comun import ACRONYM_ROLE, ACRONYM_TERM

    abbrs = [a for soup in pages_of(sitios[group]).values() for a in soup.find_all("abbr")]
    assert {a.get_text() for a in abbrs} >= {ACRONYM_TERM, ACRONYM_ROLE}
    for abbr in abbrs:
        assert set(abbr.attrs) == {"title"}, abbr.attrs
    # The tooltip shows the decoded value parsed as HTML (Material: innerHTML): the payload
    # must come out as its own text.
    import html as _html

    shown = " ".join(_html.unescape(a["title"]) for a in abbrs)
    assert any(PAYLOADS[name][:20] in shown for name in GROUPS[group]), shown[:300]


def test_hostile_commit_message_is_shown_as_text(tmp_path):
    """Git history is untrusted too (a reviser writes the commit message): the «último
    cambio» line shows a hostile subject literally, with no markup and no evaluation."""
    import os
    import shutil
    import subprocess

    from tests.hostil.hostil_comun import copy_minimo

    if shutil.which("git") is None:
        pytest.skip("git no está instalado")
    root = copy_minimo(tmp_path / "procesos_yaml")
    subject = "<script>alert('git')</script> <img src=x onerror=alert(2)> {{ 7*7 }} [x](javascript:alert(3))"
    env = {**os.environ, "GIT_AUTHOR_NAME": "<b>Revisor</b>", "GIT_AUTHOR_EMAIL": "r@x.invalid",
           "GIT_COMMITTER_NAME": "Revisor", "GIT_COMMITTER_EMAIL": "r@x.invalid"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", subject]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    site = tmp_path / "site"
    result = build_site(root, site, gate=True)
    assert result.returncode == 0, result.stderr[-2000:]
    pages = _html_pages(site)
    text = " ".join(soup.get_text() for soup in pages.values())
    assert subject in re.sub(r"\s+", " ", text)
    for rel, soup in pages.items():
        for tag in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (rel, tag)
            assert not (tag.name == "script" and "alert" in tag.get_text()), rel
            assert tag.name not in ("img",) or "onerror" not in str(tag), rel
    shown = [soup for soup in pages.values() if "alert('git')" in soup.get_text()]
    assert shown
    for soup in shown:
        assert "{{ 7*7 }}" in soup.get_text() and not re.search(r"(?<![\d{])49(?!\d)", soup.get_text()
                                                                .replace("7*7", ""))


def test_hostile_file_name_in_findings_is_text(tmp_path):
    """A stray file named like markup (an ARCH002 finding, not blocking) is listed on the
    compliance pages verbatim inside <code>, never as markup."""
    from tests.hostil.hostil_comun import copy_minimo

    root = copy_minimo(tmp_path / "procesos_yaml")
    name = "<img src=x onerror=alert(1)>{{ 7*7 }}|`x`.yaml"
    (root / name).write_text("id: x\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(root, site, gate=True)
    assert result.returncode == 0, result.stderr[-2000:]
    codes = [c.get_text() for soup in _html_pages(site).values() for c in soup.find_all("code")]
    assert any(c.startswith(f"{root / name}:1:1") or c.endswith(f"{name}:1:1") for c in codes), codes[:20]
    for rel, soup in _html_pages(site).items():
        assert not soup.find("img", onerror=True), rel
        for tag in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (rel, tag.name)


@pytest.mark.parametrize("group", HOSTILE)
def test_title_attributes_are_inert_html(sitios, group):
    """Material's tooltips assign ``el.title`` to ``innerHTML``: the DECODED value of every
    title attribute must itself be inert HTML (this is how a glossary definition ran)."""
    for rel, soup in pages_of(sitios[group]).items():
        for tag in soup.find_all(title=True):
            inner = BeautifulSoup(tag["title"], "html.parser")
            assert not inner.find_all(True), (rel, tag.name, tag["title"][:200])


BROWSER_GROUPS = ["html", "mermaid"]
SVG_COUNT = """() => {
  let n = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if ((el.getAttribute('aria-roledescription') || '').startsWith('flowchart')) n++;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return n;
}"""
# Material renders each diagram in a closed shadow root: force them open (as scripts/pdf.py
# does) so the check sees the rendered Mermaid SVG too.
OPEN_SHADOW = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, {mode: "open"}));
  };
})();"""
DOM_CHECK = """() => {
  const bad = [];
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  for (const el of all) {
    for (const a of el.getAttributeNames()) {
      const v = (el.getAttribute(a) || '').trim().toLowerCase();
      if (a.startsWith('on')) bad.push(el.tagName + ' ' + a);
      if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(a)
          && /^(javascript|vbscript|data):/.test(v)) bad.push(el.tagName + ' ' + a + '=' + v.slice(0, 40));
    }
  }
  return bad;
}"""


@pytest.mark.navegador
@pytest.mark.parametrize("group", BROWSER_GROUPS)
def test_nothing_runs_in_the_browser(sitios, group):
    """Every page of the hostile site, served over HTTP and opened in Chromium (Mermaid
    rendered, acronym tooltips hovered, search results for the payloads shown): no dialog
    opens, no handler or javascript: URL appears in the live DOM, no request leaves the
    local server."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("falta /usr/bin/chromium (bash scripts/probar.sh lo instala)")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    site = sitios[group]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    dialogs, foreign, bad = [], [], []
    diagrams = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.add_init_script(OPEN_SHADOW)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: None if r.url.startswith(base) else foreign.append(r.url))
            for rel in sorted(pages_of(site)):
                url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
                page.goto(url, wait_until="load")
                if page.query_selector("pre.mermaid, .mermaid"):
                    page.wait_for_timeout(1500)
                    diagrams += page.evaluate(SVG_COUNT)
                for abbr in page.query_selector_all("article abbr")[:5]:
                    abbr.hover()
                page.wait_for_timeout(150)
                bad += [f"{rel}: {b}" for b in page.evaluate(DOM_CHECK)]
            # Search results are rendered by Material from the index, with highlighting.
            page.goto(base, wait_until="load")
            found = 0
            for query in ("script", "onerror", "javascript", "click"):
                page.click("input.md-search__input")
                page.fill("input.md-search__input", "")
                page.keyboard.type(query)
                page.wait_for_timeout(1500)
                found += len(page.query_selector_all(".md-search-result__item"))
                bad += [f"búsqueda {query}: {b}" for b in page.evaluate(DOM_CHECK)]
            assert found, "la búsqueda no devolvió resultados"
            assert diagrams, "ningún flujograma se dibujó como SVG"
            browser.close()
    finally:
        server.shutdown()
    assert not dialogs, dialogs
    assert not bad, bad[:10]
    assert not foreign, foreign[:5]
