"""``python -m checks diff``: semantic, step-level diff on a real temporary git repository."""
import os
import shutil
import subprocess

import pytest

from checks.reports.diff import compare, match_steps, semantic_diff
from checks.project import load_manual
from tests.common import MINIMO, procedure, run_checks, write

GIT_ENV = {"GIT_AUTHOR_NAME": "Prueba", "GIT_AUTHOR_EMAIL": "p@example.invalid",
           "GIT_COMMITTER_NAME": "Prueba", "GIT_COMMITTER_EMAIL": "p@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def run_diff(repo, *args):
    return run_checks("diff", *args, cwd=repo, env=GIT_ENV)


STEPS_BEFORE = """
    - {cvo: 1, accion: Recibir la solicitud., responsables: [DIRECCION], insumos: [Oficio], salidas: [Acuse]}
    - {cvo: 2, accion: Elaborar el oficio de respuesta., responsables: [CV-INE], insumos: [Acuse], salidas: [Oficio]}
    - {cvo: 3, accion: Archivar el expediente., responsables: [TV-INE], insumos: [Oficio], salidas: [Expediente]}
"""
# After: step 2 changes its responsible party and outputs; a new step 2 is inserted (so the
# old 2 and 3 are renumbered); the "Archivar" step is removed; a risk is added.
STEPS_AFTER = """
    - {cvo: 1, accion: Recibir la solicitud., responsables: [DIRECCION], insumos: [Oficio], salidas: [Acuse]}
    - {cvo: 2, accion: Turnar la solicitud al área., responsables: [DEVySPE], insumos: [Acuse], salidas: [Turno]}
    - {cvo: 3, accion: Elaborar el oficio de respuesta., responsables: [CV-INE, TV-INE], insumos: [Turno], salidas: [Oficio, Tarjeta]}
"""
RISK = """
riesgos:
  - {id: R-CV-09, descripcion: Retraso en la respuesta, probabilidad: 2, impacto: 3, nivel: 6}
"""


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(MINIMO, repo / "procesos_yaml")
    root = repo / "procesos_yaml"
    procedure(root, "CV-09", STEPS_BEFORE)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    path = procedure(root, "CV-09", STEPS_AFTER)
    path.write_text(path.read_text(encoding="utf-8").replace("riesgos: []\n", RISK.lstrip("\n")), encoding="utf-8")
    return repo


def test_diff_between_revisions_describes_the_step_changes(repo):
    git(repo, "commit", "-q", "-am", "cambio")
    result = run_diff(repo, "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    section = out.split("Procedimiento CV-09")[1].split("\n\n")[0]
    assert "Paso 3 «Elaborar el oficio de respuesta.»: responsables: se agrega TV-INE" in section
    assert "salidas: se agrega Tarjeta" in section
    assert "Paso nuevo 2 «Turnar la solicitud al área.»" in section
    assert "Se elimina el paso 3 «Archivar el expediente.»" in section
    assert "Pasos renumerados: 2 → 3" in section
    assert "Riesgo nuevo R-CV-09" in section
    assert "Completitud:" in out and "CV-09:" in out.split("Completitud:")[1]
    notify = out.strip().splitlines()[-1]
    assert notify.startswith("Avisar a: ")
    for role in ("CV-INE", "TV-INE", "DEVySPE"):      # changed, added and removed steps' parties
        assert f"({role})" in notify
    assert "(DIRECCION)" not in notify                 # step 1 did not change


def test_working_tree_is_the_default_head_and_new_findings_are_listed(repo):
    path = repo / "procesos_yaml" / "procedimientos" / "CV-09.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("responsables: [DEVySPE]", "responsables: []"),
                    encoding="utf-8")
    result = run_diff(repo, "HEAD", "--formato", "markdown")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("## Qué cambia en el manual (`HEAD` → `copia de trabajo`)")
    new = out.split("### Hallazgos nuevos que introduce el cambio")[1]
    assert "**PRC001**" in new and "procedimientos/CV-09.yaml" in new
    assert "**Avisar a:**" in out


def test_unknown_revision_exits_2(repo):
    result = run_diff(repo, "no-existe")
    assert result.returncode == 2
    assert "no-existe" in result.stderr


def test_base_revision_files_are_read_with_the_project_loader(repo):
    # A duplicate key at the base revision is refused by the strict loader (YAML002), as on disk.
    path = repo / "procesos_yaml" / "glosario.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "terminos: []\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "roto")
    ruta = str(repo / "procesos_yaml")
    diff, base, head = compare(ruta, "HEAD", None)
    assert "YAML002" in {p.rule for p in base.problems}
    # reported under its path in the repository, not the temporary export
    assert {p.location.file for p in base.problems if p.rule == "YAML002"} == {f"{ruta}/glosario.yaml"}


def test_match_steps_by_text_then_number(tmp_path):
    root = tmp_path / "m"
    shutil.copytree(MINIMO, root)
    procedure(root, "CV-09", STEPS_BEFORE)
    before = load_manual(root).manual
    procedure(root, "CV-09", STEPS_AFTER)
    write(root, "excepciones.yaml", """
        excepciones:
          - {regla: PRC003, objeto: CV-09, paso: 1, motivo: Prueba., resuelve: CV-INE, vence: "2999-01-01"}
    """)
    after = load_manual(root).manual
    pairs, removed, added = match_steps(before.procedures["CV-09"].steps, after.procedures["CV-09"].steps)
    assert [(a.cvo, b.cvo) for a, b in pairs] == [(1, 1), (2, 3)]
    assert [s.cvo for s in removed] == [3] and [s.cvo for s in added] == [2]
    diff = semantic_diff(before, after)
    titles = [s.title for s in diff.sections]
    assert titles[0].startswith("Procedimiento CV-09") and "Excepciones" in titles
    assert "CV-INE" in diff.roles     # the exception's resolver is told too


def test_renumbered_steps_do_not_make_old_findings_new(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(MINIMO, repo / "procesos_yaml")
    root = repo / "procesos_yaml"
    procedure(root, "CV-09", """
        - {cvo: 1, accion: Revisar el memorándum., responsables: [CV-INE], insumos: [Memorándum], salidas: [Nota]}
        - {cvo: 2, accion: Responder., responsables: [CV-INE], insumos: [Nota], salidas: [Oficio]}
    """)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    procedure(root, "CV-09", """
        - {cvo: 1, accion: Recibir la solicitud., responsables: [CV-INE], insumos: [Solicitud], salidas: [Turno]}
        - {cvo: 2, accion: Revisar el memorándum., responsables: [CV-INE], insumos: [Memorándum], salidas: [Nota]}
        - {cvo: 3, accion: Responder., responsables: [CV-INE], insumos: [Nota], salidas: [Oficio]}
    """)
    diff, base, head = compare(str(root), "HEAD")
    # Only the inserted step's unproduced input is new; «Memorándum» (now step 2) was there before.
    assert [(p.rule, p.step) for p in diff.new_findings] == [("DOC001", 1)]
    assert diff.fixed_findings == []
    assert any("Pasos renumerados: 1 → 2, 2 → 3" in line for s in diff.sections for line in s.lines)


def test_export_tree_copies_regular_files_only_and_caps_large_ones(tmp_path):
    from checks.reports.gitrev import export_tree
    from checks.loader import MAX_BYTES
    repo = tmp_path / "repo"
    (repo / "procesos_yaml" / "procedimientos").mkdir(parents=True)
    (repo / "procesos_yaml" / "manual.yaml").write_text("titulo: x\n", encoding="utf-8")
    (repo / "procesos_yaml" / "procedimientos" / "grande.yaml").write_bytes(b"#" * (MAX_BYTES + 5000))
    (repo / "otro.yaml").write_text("fuera: true\n", encoding="utf-8")
    os.symlink("/etc/passwd", repo / "procesos_yaml" / "enlace.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    dest = tmp_path / "dest"
    dest.mkdir()
    assert export_tree("HEAD", "procesos_yaml", dest, repo) == 2
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "manual.yaml", "procedimientos/grande.yaml"]
    assert (dest / "procedimientos" / "grande.yaml").stat().st_size == MAX_BYTES + 1
    assert not (dest / "enlace.yaml").exists()


def test_markdown_summary_with_base_revision_from_the_cli(repo):
    result = run_checks("procesos_yaml", "--sin-cache", "--formato", "markdown", "--base", "HEAD", cwd=repo, env=GIT_ENV)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "### Completitud (cambio respecto de `HEAD`)" in out
    assert "| Cambio |" in out
    assert "### Hallazgos nuevos respecto de `HEAD`" in out
    bad = run_checks("procesos_yaml", "--formato", "markdown", "--base", "no-existe", cwd=repo, env=GIT_ENV)
    assert bad.returncode == 2 and "no-existe" in bad.stderr
