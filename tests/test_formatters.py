"""Output formats of ``python -m checks`` against the shape their consumers expect."""
import json
import re
import xml.etree.ElementTree as ET

import pytest

from checks import check
from checks.reports.formatters import FORMATS, Options, as_json, github, human, junit, markdown
from tests.common import REPO, line_of, manual_copy, procedure, run_checks, write


@pytest.fixture
def sample(tmp_path):
    """minimo + CV-09: one blocking error (PRC001), one excepted error (PRC002) and a warning
    whose message carries a newline, a percent sign, a comma and a colon."""
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          insumos: ["Oficio 100%, urgente:\\nsegunda línea"]
          salidas: ["N/A"]
        - cvo: 2
          accion: B
          insumos: [Oficio]
          salidas: [Acuse]
    """)
    write(root, "excepciones.yaml", """
        excepciones:
          - {regla: PRC002, objeto: CV-09, paso: 1, motivo: El manual registra N/A., resuelve: CV-INE, vence: "2999-01-01"}
    """)
    return root, path, check(root)


def test_human_lines_are_path_line_column(sample):
    root, path, report = sample
    lines = human(report).splitlines()
    owner = next(l for l in lines if " PRC001 " in l)
    assert owner.startswith(f"{path}:{line_of(path, 'accion: B') - 1}:5: [error] PRC001 ")
    excepted = next(l for l in lines if " PRC002 " in l)
    assert "(exceptuado hasta 2999-01-01" in excepted
    assert lines[-1].startswith(f"{report.files} archivos revisados")      # the summary is the last line


def test_json_documented_structure(sample):
    _, path, report = sample
    data = json.loads(as_json(report))
    assert set(data) == {"version", "archivos", "reglas_ejecutadas", "configuracion", "resultado", "resumen",
                         "completitud", "hallazgos"}
    assert data["version"] == 2 and data["resultado"] == "falla"
    assert data["resumen"] == {"errores": 2, "advertencias": len(report.warnings), "exceptuados": 1,
                               "bloqueantes": 1}
    keys = {"archivo", "linea", "columna", "regla", "nivel", "mensaje", "objeto", "paso", "riesgo",
            "exceptuado", "bloqueante", "excepcion"}
    assert all(set(h) == keys for h in data["hallazgos"])
    [excepted] = [h for h in data["hallazgos"] if h["exceptuado"]]
    assert (excepted["regla"], excepted["objeto"], excepted["paso"], excepted["linea"]) == (
        "PRC002", "CV-09", 1, line_of(path, "salidas: [\"N/A\"]"))
    assert excepted["excepcion"] == {"motivo": "El manual registra N/A.", "resuelve": "CV-INE", "acto": None,
                                     "vence": "2999-01-01"}
    comp = data["completitud"]
    assert set(comp) == {"cumplidos", "total", "porcentaje", "coordinaciones", "procedimientos"}
    proc = next(p for p in comp["procedimientos"] if p["id"] == "CV-09")
    assert set(proc) == {"id", "nombre", "coordinacion", "pasos", "cumplidos", "total", "porcentaje",
                         "exceptuados", "faltantes"}
    assert (proc["pasos"], proc["exceptuados"]) == (2, 1)
    assert {"criterio": "salida", "paso": 1} in proc["faltantes"]


def test_junit_parses_with_the_right_counts(sample):
    _, _, report = sample
    root = ET.fromstring(junit(report))
    cases = root.findall("./testsuite/testcase")
    failures = root.findall("./testsuite/testcase/failure")
    skipped = root.findall("./testsuite/testcase/skipped")
    enabled_without_findings = {rid for rid, s in report.settings.items() if s.enabled} - {p.rule for p in report.problems}
    assert int(root.get("tests")) == len(cases) == len(report.problems) + len(enabled_without_findings)
    assert int(root.get("failures")) == len(failures) == len(report.blocking) == 1
    assert int(root.get("skipped")) == len(skipped) == len(report.excepted) == 1
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    assert failures[0].get("type") == "error"
    assert root.find("./testsuite[@name='PRC001']/testcase").get("line") is not None
    strict = ET.fromstring(junit(report, Options(strict=True)))
    assert int(strict.get("failures")) == 1 + len([p for p in report.warnings if not p.excepted])


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),title=([^,:]+)::(.*)$")


def test_github_annotations_form_and_escaping(sample):
    _, path, report = sample
    lines = github(report).splitlines()
    annotations = [ANNOTATION.match(l) for l in lines[:-1]]
    assert all(annotations), [l for l, m in zip(lines, annotations) if not m]
    kinds = {(m[1], m[5]) for m in annotations}
    assert ("error", "PRC001") in kinds
    assert ("notice", "PRC002 (exceptuado)") in kinds
    assert ("warning", "DOC001") in kinds
    doc = next(m for m in annotations if m[5] == "DOC001" and "100" in m[6])
    # "%" is escaped for the workflow command; the newline was already made visible as "\\n"
    # by checks.problem, so the annotation stays on one line.
    assert "100%25, urgente:\\nsegunda" in doc[6]
    assert (doc[2], int(doc[3])) == (str(path), line_of(path, "Oficio 100%"))
    assert lines[-1].startswith(f"{report.files} archivos revisados")


def test_github_is_chosen_automatically_in_actions(sample):
    root, _, _ = sample
    result = run_checks(root, "--sin-cache", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert any(ANNOTATION.match(l) and l.startswith("::error") for l in result.stdout.splitlines())
    result = run_checks(root, "--sin-cache")
    assert not any(l.startswith("::") for l in result.stdout.splitlines())


def test_markdown_summary_tables_and_delta(sample, tmp_path):
    root, _, report = sample
    text = markdown(report)
    assert "❌" in text
    assert re.search(r"^\| &nbsp;&nbsp;CV-09 \| 2 \| \d+/\d+ \| [\d.]+ % \|$", text, re.M)
    assert re.search(r"^\| \*\*Manual\*\* \|", text, re.M)
    assert "### Errores que bloquean (1)" in text and "Hallazgos exceptuados (1)" in text
    # Delta: the base lacks CV-09, so its findings are new and its row says "nuevo".
    base = check(manual_copy(tmp_path / "base"))
    delta = markdown(report, Options(base=base, base_label="origin/main"))
    assert re.search(r"^\| &nbsp;&nbsp;CV-09 \|.*\| nuevo \|$", delta, re.M)
    assert "### Hallazgos nuevos respecto de `origin/main`" in delta
    assert "PRC001" in delta.split("### Hallazgos nuevos")[1].split("###")[0]


def test_markdown_escapes_untrusted_text(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - {cvo: 1, accion: A, responsables: [CV-INE], insumos: ["<img src=x onerror=alert(1)> | [x](y)"], salidas: [B]}
    """)
    text = markdown(check(root))
    assert "<img" not in text and "&lt;img" in text
    assert "\\| \\[x\\]\\(y\\)" in text


def test_every_format_is_registered():
    assert set(FORMATS) == {"humano", "json", "junit", "github", "markdown"}


def test_github_escaping_helpers():
    from checks.reports.formatters import _gh_data, _gh_prop
    assert _gh_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert _gh_prop("x:y,z%") == "x%3Ay%2Cz%25"


def _load(rel):
    from pathlib import Path

    from checks.loader import load_file
    return load_file(Path(REPO / rel)).data


def test_ci_workflow_runs_annotations_summary_diff_build_and_upload():
    flow = _load(".github/workflows/manual.yml")
    assert set(flow["on"]) >= {"pull_request", "push"}
    assert flow["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["revisar-y-construir"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    first_check = next(s["run"] for s in steps if "python -m checks procesos_yaml" in s.get("run", ""))
    assert "--formato" not in first_check.splitlines()[1]      # github format chosen by GITHUB_ACTIONS
    assert "--formato markdown" in runs and '--base "origin/${GITHUB_BASE_REF}"' in runs
    assert 'checks diff "origin/${GITHUB_BASE_REF}"' in runs and "GITHUB_STEP_SUMMARY" in runs
    assert "bash scripts/construir.sh" in runs                 # mkdocs build --strict
    assert "python -m checks propietarios --comprobar" in runs  # CODEOWNERS current with the data
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert any(s["with"]["path"] == "site/" for s in uploads)
    assert "${{ github.base_ref }}" not in runs                 # no expression injected into scripts


def test_pre_commit_hooks_call_the_cli_with_valid_arguments():
    import shlex

    from checks.cli import check_parser
    hooks = _load(".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["manual-cumplimiento", "manual-cumplimiento-estricto"]
    for hook in hooks:
        argv = shlex.split(hook["entry"])
        assert argv[1:3] == ["-m", "checks"]
        args = check_parser().parse_args(argv[3:])
        assert args.ruta == "procesos_yaml" and hook["pass_filenames"] is False
    assert check_parser().parse_args(shlex.split(hooks[1]["entry"])[3:]).estricto


def test_real_manual_report_marks_its_exceptions():
    """The report of the real manual lists every finding; excepted ones are marked."""
    report = check(REPO / "procesos_yaml")
    if not report.rules_ran:
        pytest.skip("el manual real no carga ahora mismo (se está editando)")
    assert report.excepted, "el manual 2023 tiene hallazgos exceptuados"
    lines = human(report).splitlines()
    assert len(lines) == len(report.problems) + 2            # findings, completeness, summary
    for problem, line in zip(report.problems, lines):
        assert line.startswith(f"{problem.location}: [{problem.severity.label}] {problem.rule} ")
        assert ("(exceptuado hasta " in line) == problem.excepted
    data = json.loads(as_json(report))
    assert sum(h["exceptuado"] for h in data["hallazgos"]) == len(report.excepted)


def test_markdown_tables_are_capped(sample):
    from checks.reports.formatters import _finding_rows
    _, _, report = sample
    problems = report.problems * 5
    text = _finding_rows(problems, limit=3)
    assert len(text.splitlines()) == 2 + 3 + 1
    assert f"y {len(problems) - 3} más" in text


def test_ci_tests_run_outside_the_github_format():
    flow = _load(".github/workflows/manual.yml")
    [step] = [s for s in flow["jobs"]["pruebas"]["steps"] if "probar.sh" in s.get("run", "")]
    assert step["env"]["GITHUB_ACTIONS"] == "false"
