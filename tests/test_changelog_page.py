"""The site as a controlled document (macros/pages/changelog.py, macros/control.py, the hook):
the «Control de cambios» page and its section of the print version and PDF, the «BORRADOR —
no vigente» notice of every page and the PDF watermark, version and date in every footer,
and the clean degradation without history.

Site builds use a temporary git repository with three tagged versions (tests/gitrepo.py): the
tag is built first (the version in force: no notice), then the working tree is edited (a
draft) and built and printed once."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from checks.versions import status
from macros import control
from macros import site as site_builder
from macros.links import CHANGELOG, PRINT, SIGNATURES
from tests.common import REPO, build_site, manual_copy
from tests.gitrepo import commit, git, init, set_control, three_versions

CHROMIUM = Path("/usr/bin/chromium")
DRAFT = "BORRADOR — no vigente"
HOSTILE = "Archivo & revisión [x](#y) ![i](z) | <5 días `código` *nota*"   # passes SEC001; never markup
SHOWN = HOSTILE.replace("*nota*", "nota")      # only «*» emphasis is kept (macros/escape.py)

PROC_TITLE = ("Procedimiento CV-02 «Notificación al INE, de los acuerdos emitidos por el Consejo General y de "
              "las…»")
# The exact change log of tests/gitrepo.py three_versions: (part title, [change lines]) per version.
CHANGES_2024_1 = [
    ("Procedimientos nuevos", ["CV-05 «Procedimiento de prueba CV-05» (CV-INE, 1 pasos) — ver CV-05"]),
    (PROC_TITLE, ["Paso 2 «Redacción del oficio con el que se remite al INE a través el SIVOPLE…»: acción: "
                  "«Elaboración de oficio mediante el cual se remite al INE a través el…» → «Redacción del oficio "
                  "con el que se remite al INE a través el SIVOPLE…» — ir al paso 2 de CV-02"]),
]
CHANGES_2024_2 = [
    (PROC_TITLE, ["Paso 3 «Elaboración de oficio para notificar al área correspondiente la…»: responsables: se "
                  "quita TV-INE (ahora: CV-INE) — ir al paso 3 de CV-02"]),
]
UNPUBLISHED = [
    (PROC_TITLE, ["Paso 1 «Recepción de solicitud de apoyo de las áreas del Instituto, dirigida…»: salidas: se "
                  "agrega Acuse; se quita Acuse de recibido (ahora: Acuse) — ir al paso 1 de CV-02"]),
    (f"Procedimiento CV-05 «{SHOWN}»", [f"Cambia nombre: «Procedimiento de prueba CV-05» → «{SHOWN}» — ver CV-05"]),
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _soup(html: str) -> BeautifulSoup:
    """The page as shown: without the acronym expansions only screen readers get (macros/a11y.py)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select(".sigla-expansion"):
        hidden.decompose()
    return soup


def _parts(node, heading: str, level: str = "h2") -> list[tuple[str, list[str]]]:
    """(bold part title, [list item texts]) under the heading whose text starts with ``heading``,
    up to the next heading of the same level."""
    start = next(h for h in node.find_all(level) if _flat(h.get_text()).rstrip("¶ ").startswith(heading))
    out: list[tuple[str, list[str]]] = []
    for el in start.find_next_siblings():
        if el.name in ("h1", level):
            break
        if el.name == "p" and el.find("strong") and _flat(el.get_text()) == _flat(el.find("strong").get_text()):
            out.append((_flat(el.get_text()), []))
        elif el.name == "ul" and out:
            out[-1][1].extend(_flat(li.get_text()) for li in el.find_all("li"))
    return out


def _notice(html: str) -> str | None:
    banner = _soup(html).select_one(".md-banner")
    return _flat(banner.get_text()) if banner else None


def _footer(html: str) -> str:
    return _flat(_soup(html).select_one(".md-copyright__highlight").get_text())


def _control_element(html: str) -> dict:
    el = _soup(html).select_one("[data-control-version]")
    return {k[len("data-control-"):]: v for k, v in el.attrs.items() if k.startswith("data-control-")}


# --- built sites: the tag, then a draft ------------------------------------------------------

@pytest.fixture(scope="module")
def versions_sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("versiones")
    repo, manual = three_versions(tmp)
    tagged = build_site(manual, tmp / "sitio-etiqueta")
    set_control(manual, "2025", "borrador")
    path = manual / "procedimientos" / "CV-02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[Acuse de recibido]", "[Acuse]"), encoding="utf-8")
    path = manual / "procedimientos" / "CV-05.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "nombre: Procedimiento de prueba CV-05", f"nombre: '{HOSTILE}'"), encoding="utf-8")
    draft = build_site(manual, tmp / "sitio-borrador")
    return tagged, draft


def test_the_page_shows_the_exact_change_log_of_each_version(versions_sites):
    tagged, _draft = versions_sites
    page = _soup(tagged.page(CHANGELOG)).select_one("article")
    rows = [[_flat(td.get_text()) for td in tr.find_all("td")] for tr in page.select("table tbody tr")]
    assert rows == [["2023", "2023-06-01", "—", "aprobado", "manual-2023"],
                    ["2024.1", "2024-03-01", "—", "aprobado", "manual-2024.1"],
                    ["2024.2", "2024-09-15", "—", "aprobado", "manual-2024.2"]]
    assert _parts(page, "Versión 2023") == []
    assert "Primera versión publicada" in page.get_text()
    assert _parts(page, "Versión 2024.1") == CHANGES_2024_1
    assert _parts(page, "Versión 2024.2") == CHANGES_2024_2
    text = _flat(page.get_text())
    assert "Esta copia es la versión publicada 2024.2 (etiqueta manual-2024.2, 2024-09-15): vigente." in text
    assert text.endswith("Cambios no publicados¶ Ninguno: esta copia es la etiqueta manual-2024.2.")
    # each change links its step (or its procedure), and the versions table its section
    links = {_flat(a.get_text()): a["href"] for a in page.select("li a")}
    assert links == {"ver CV-05": "../../procedimientos/CV-05/",
                     "ir al paso 2 de CV-02": "../../procedimientos/CV-02/#paso-2",
                     "ir al paso 3 de CV-02": "../../procedimientos/CV-02/#paso-3"}
    steps = _soup(tagged.page("procedimientos/CV-02.md"))
    assert steps.find(id="paso-2") and steps.find(id="paso-3")
    assert [a["href"] for a in page.select("table a")] == ["#cambios-version-2023", "#cambios-version-2024-1",
                                                          "#cambios-version-2024-2"]
    assert all(page.find(id=a["href"][1:]) for a in page.select("table a"))


def test_the_tag_shows_neither_notice_nor_watermark(versions_sites):
    tagged, _draft = versions_sites
    for src in ("index.md", "procedimientos/CV-02.md", CHANGELOG, PRINT):
        html = tagged.page(src)
        assert _notice(html) is None, src
        assert DRAFT not in html, src
        assert _footer(html) == "Manual de Procedimientos DEVySPE · Versión 2024.2 · 2024-09-15"
    printed = tagged.page(PRINT)
    assert _control_element(printed) == {"titulo": "Manual de Procedimientos", "unidad": "DEVySPE",
                                         "version": "2024.2", "fecha": "2024-09-15", "borrador": "no"}
    assert "imp-marca-agua" not in printed


def test_a_draft_shows_the_notice_on_every_page(versions_sites):
    _tagged, draft = versions_sites
    pages = sorted(p for p in draft.site.rglob("index.html") if "descargas" not in p.parts)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert _notice(html) == (f"{DRAFT}: esta copia del manual (versión 2025) no es una versión publicada — hay "
                                 "cambios sin confirmar en el directorio del manual. Vea «Control de cambios».")
        assert _footer(html) == f"Manual de Procedimientos DEVySPE · Versión 2025 · sin fecha · {DRAFT}"
    printed = draft.page(PRINT)
    assert _control_element(printed)["borrador"] == "si"
    assert _flat(_soup(printed).select_one(".imp-marca-agua").get_text()) == DRAFT
    # committing the edit does not make it current either: it is still not a published tag
    repo = draft.procesos.parent
    commit(repo, "trabajo en curso")
    built = site_builder.build(str(draft.procesos))
    assert built.ctx.control.draft and "manual-2024.2" in built.ctx.control.reason


def test_a_draft_lists_the_unpublished_changes_and_whom_to_notify(versions_sites):
    _tagged, draft = versions_sites
    html = draft.page(CHANGELOG)
    page = _soup(html).select_one("article")
    assert _parts(page, "Versión 2024.1") == CHANGES_2024_1
    assert _parts(page, "Cambios no publicados") == UNPUBLISHED
    text = _flat(page.get_text())
    assert ("Desde la última versión publicada, 2024.2 (manual-2024.2), hasta esta copia:") in text
    assert text.endswith("Avisar a: Coordinación de Vinculación con el Instituto Nacional Electoral (CV-INE), "
                         "Dirección Ejecutiva de Vinculación y Servicio Profesional Electoral (DIRECCION).")
    assert (f"{DRAFT}. Esta copia del manual (versión 2025, estado «borrador» según manual.yaml) no es una versión "
            "publicada: hay cambios sin confirmar en el directorio del manual.") in text
    # the YAML text is shown, never markup
    assert not page.find_all("img") and not page.find_all("code", string=re.compile("código"))
    assert not [a for a in page.find_all("a") if a.get("href") in ("#y", "z")]


@pytest.mark.navegador
@pytest.mark.lento
@pytest.mark.skipif(not CHROMIUM.exists(), reason="falta /usr/bin/chromium (scripts/probar.sh lo instala)")
def test_the_pdf_of_a_draft_carries_the_change_log_watermark_and_header(versions_sites):
    _tagged, draft = versions_sites
    out = draft.site / "descargas" / "manual.pdf"
    done = subprocess.run([sys.executable, "scripts/pdf.py", "--sitio", str(draft.site), "--salida", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    pages = [_flat(p.extract_text() or "") for p in PdfReader(str(out)).pages]
    bodies = []
    for n, text in enumerate(pages, start=1):
        # every sheet: the watermark (in the page), then Chromium's header and footer
        furniture = (f"{DRAFT} Manual de Procedimientos Rev. 2025 · sin fecha · Hoja {n} de {len(pages)} "
                     f"DEVySPE {DRAFT}")
        assert furniture in text, (n, text[-300:])
        bodies.append(text.replace(furniture, ""))
    text = _flat(" ".join(bodies))
    log = text[text.index(f"Control de cambios {DRAFT}. Esta copia del manual (versión 2025"):]
    expected = []
    for version, parts in (("2024.1", CHANGES_2024_1), ("2024.2", CHANGES_2024_2), (None, UNPUBLISHED)):
        for title, lines in parts:
            expected.append(title)
            # on paper a change links the procedure's section of the document (no step pages)
            expected += [re.sub(r"ir al paso \d+ de (\S+)$", r"ver \1", line) for line in lines]
    position = 0
    for item in expected:
        found = log.find(_flat(item), position)
        assert found >= 0, f"«{item}» no aparece (en orden) en el control de cambios del PDF"
        position = found + len(item)


# --- the print version: same section, links inside the document ---------------------------

def test_the_print_version_links_changes_inside_the_document(versions_sites):
    tagged, _draft = versions_sites
    printed = _soup(tagged.page(PRINT))
    section = printed.find(id="control-de-cambios")
    assert section is not None
    hrefs = {_flat(a.get_text()): a["href"] for a in section.find_all_next("a") if _flat(a.get_text()).startswith("ver ")}
    assert hrefs == {"ver CV-05": "#proc-CV-05", "ver CV-02": "#proc-CV-02"}
    assert all(printed.find(id=h[1:]) for h in hrefs.values())
    contents = [_flat(a.get_text()) for a in printed.select(".imp-contenido a")]
    assert contents[-1] == "Control de cambios"


# --- without history: never a crash, always said ----------------------------------------

def _built(procesos) -> "site_builder.Site":
    built = site_builder.build(str(procesos))
    assert not built.report.blocking, [str(p) for p in built.report.blocking]
    for src in built.pages:                # every page renders
        built.render(src)
    return built


def _no_history(built, why: str) -> None:
    page = built.render(CHANGELOG)
    assert f"historial no disponible en esta copia: {why}" in page.replace("\\", "")
    assert built.ctx.control.draft
    assert DRAFT in control.notice_html(built.ctx.control)
    printed = built.render(PRINT)
    assert 'data-control-borrador="si"' in printed and "imp-marca-agua" in printed
    assert "historial no disponible en esta copia" in printed.replace("\\", "")


def test_no_git_no_tags_and_shallow_clones_give_the_pages_with_a_note(tmp_path):
    _no_history(_built(manual_copy(tmp_path / "sin-git")), "no es un repositorio git")
    empty = init(tmp_path / "sin-etiquetas")
    manual = manual_copy(empty)
    commit(empty, "inicio")
    _no_history(_built(manual), "sin etiquetas «manual-*»")
    repo, _ = three_versions(tmp_path / "tres")
    shallow = tmp_path / "superficial"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{repo}", str(shallow)],
                   check=True, capture_output=True)
    _no_history(_built(shallow / "procesos_yaml"), "copia superficial (shallow) sin etiquetas")


def test_without_git_binary_or_with_an_unreadable_history(monkeypatch, tmp_path):
    repo, manual = three_versions(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nada"))
    assert shutil.which("git") is None
    _no_history(_built(manual), "no es un repositorio git")
    monkeypatch.undo()

    def broken(*_args, **_kwargs):
        raise RuntimeError("etiqueta ilegible\n<b>x</b>")

    monkeypatch.setattr(site_builder, "read_changelog", broken)
    built = _built(manual)
    _no_history(built, "etiqueta ilegible &lt;b&gt;x&lt;/b&gt;")


def test_a_tag_that_is_not_an_approved_version_is_flagged_on_the_page(tmp_path):
    repo, manual = three_versions(tmp_path)
    set_control(manual, "2025", "borrador")
    commit(repo, "etiqueta por error", tag="manual-2025")     # the tree being built is exactly this tag
    built = _built(manual)
    page = built.render(CHANGELOG).replace("\\", "")
    assert "borrador — ¡atención: su manual.yaml no dice «control.estado: aprobado»!" in page
    assert built.ctx.control.draft                          # a tag is not enough: it must be approved
    assert built.ctx.control.reason == ("la etiqueta manual-2025 no es una versión aprobada: su manual.yaml no "
                                        "dice «control.estado: aprobado»")
    assert page.startswith("# Control de cambios\n\n**BORRADOR — no vigente.**")


# --- the document control: escaped everywhere ------------------------------------------------

def test_the_document_control_is_escaped():
    ctl = control.DocumentControl(title='Manual "<b>x</b>"', unit="A&B", version="2025", date="sin fecha",
                                  state="borrador", draft=True, reason='<script>alert(1)</script> "x"', tag=None)
    assert "<script>" not in control.notice_html(ctl) and "&lt;script&gt;" in control.notice_html(ctl)
    assert control.footer_html(ctl) == ("Manual &quot;&lt;b&gt;x&lt;/b&gt;&quot; A&amp;B · Versión 2025 · sin fecha · "
                                        f"{DRAFT}")
    element = _soup(control.print_element(ctl)).div
    assert element["data-control-titulo"] == 'Manual "<b>x</b>"' and element["data-control-unidad"] == "A&B"
    assert element.has_attr("hidden") and len(element.attrs) == 7
    published = control.DocumentControl("T", "U", "2024.1", "2024-03-01", "aprobado", False, None, "manual-2024.1")
    assert control.notice_html(published) == "" and control.watermark(published) == ""
    assert DRAFT not in control.footer_html(published)


# --- the real manual -----------------------------------------------------------------------------

def test_the_real_manual_builds_as_version_2023_with_its_unsigned_sheets_as_gaps():
    real = REPO / "procesos_yaml"
    built = site_builder.build(str(real))
    ctl = built.ctx.control
    assert (ctl.version, ctl.title, ctl.unit) == ("2023", "Manual de Procedimientos", "DEVySPE")
    assert ctl.draft == status(real).draft            # this repository has no manual-* tag: a draft
    if ctl.draft:
        assert ctl.date == "sin fecha" and ctl.reason
    signatures = built.render(SIGNATURES)
    records = built.manual.info.signature_records
    assert len(records) == 3 and not any(r.signed for r in records)
    assert signatures.count("**sin firma registrada**") == 3
    assert "Faltan 3 de 3 firmas por registrar" in signatures
    ver001 = [p for p in built.report.problems if p.rule == "VER001"]
    assert ver001 and all(p.excepted for p in ver001)
