"""Corpus of broken and hostile inputs, each with its expected outcome.

Every case ends as structured, positioned problems (rule id, file, line, column) through
``checks.check()`` and as a Spanish ``archivo:línea:columna`` line from ``python -m checks``
with exit code 1 and no traceback; none hangs (each is timed) and none runs code.

Static cases live in ``corpus/`` (each replaces ``procedimientos/CV-02.yaml`` of a copy of
the minimal manual); cases that need size, depth or the file system are built here.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from checks import check, cli
from checks.loader import MAX_BYTES, MAX_DEPTH, LoadError, load_bytes, load_text

from tests.hostil.hostil_comun import CONTROL, TRACEBACK, copy_minimo, run_checks

CORPUS = Path(__file__).parent / "corpus"
PROC = "procedimientos/CV-02.yaml"
TIME_LIMIT = 30.0         # seconds: a hang guard for one whole check (normal: < 0.5 s), not a speed target

# file in corpus/ -> expected (rule, line, column) problems in procedimientos/CV-02.yaml
EXPECTED: dict[str, list[tuple[str, int, int]]] = {
    # syntax
    "sintaxis_comillas.yaml": [("YAML001", 10, 1)],
    "tabulador.yaml": [("YAML001", 8, 1)],
    "corchete_sin_cerrar.yaml": [("YAML001", 10, 12)],
    "multi_documento.yaml": [("YAML001", 12, 1)],
    "nul.yaml": [("YAML001", 12, 12)],
    "clave_compleja.yaml": [("YAML001", 6, 3)],
    # wrong types
    "tipo_pasos_texto.yaml": [("ESQ003", 6, 1)],
    "tipo_cvo_texto.yaml": [("ESQ003", 7, 5)],
    "tipo_cvo_decimal.yaml": [("ESQ003", 7, 5)],
    "tipo_responsables_texto.yaml": [("ESQ003", 9, 5)],
    "tipo_accion_mapa.yaml": [("ESQ003", 8, 5)],
    "tipo_nombre_lista.yaml": [("ESQ003", 3, 1)],
    "tipo_riesgos_no.yaml": [("ESQ003", 5, 1)],
    "tipo_bool_como_texto.yaml": [("ESQ003", 3, 1)],
    "lista_raiz.yaml": [("ESQ003", 1, 1)],
    "escalar_raiz.yaml": [("ESQ003", 1, 1)],
    "nulo_raiz.yaml": [("ESQ003", 1, 1)],
    # missing and unknown keys
    "falta_nombre.yaml": [("ESQ001", 1, 1)],
    "falta_accion.yaml": [("ESQ001", 7, 5)],
    "clave_desconocida.yaml": [("ESQ002", 9, 5)],
    "clave_merge.yaml": [("ESQ002", 6, 1)],
    "clave_entera.yaml": [("ESQ002", 6, 1)],
    # duplicate keys
    "clave_duplicada.yaml": [("YAML002", 11, 5)],
    "clave_duplicada_raiz.yaml": [("YAML002", 12, 1)],
    # anchors, aliases, bombs, self-reference
    "ancla_alias.yaml": [("YAML003", 8, 13)],
    "bomba_alias.yaml": [("YAML003", 13, 6)],
    "autorreferencia.yaml": [("YAML003", 12, 10)],
    # tags
    "etiqueta_python.yaml": [("YAML004", 12, 11)],
    "etiqueta_local.yaml": [("YAML004", 12, 11)],
    "etiqueta_float.yaml": [("YAML004", 7, 10)],
    "entero_enorme.yaml": [("YAML004", 7, 10)],
    # encodings and empty files
    "no_utf8.yaml": [("YAML006", 12, 20)],
    "utf16.yaml": [("YAML006", 1, 1)],
    "vacio.yaml": [("YAML008", 1, 1)],
    "solo_comentarios.yaml": [("YAML008", 1, 1)],
    "solo_espacios.yaml": [("YAML008", 1, 1)],
    # hostile ids, unknown references, numbering chaos, bad dates
    "id_con_html.yaml": [("ESQ004", 1, 1)],
    "id_con_plantilla.yaml": [("ESQ004", 1, 1)],
    "id_con_salto.yaml": [("ESQ004", 1, 1)],
    "id_distinto_archivo.yaml": [("ARCH004", 1, 1)],
    "referencias_desconocidas.yaml": [("REF004", 2, 1), ("REF002", 6, 13), ("REF001", 10, 20),
                                      ("REF003", 16, 11)],
    "numeracion_caos.yaml": [("NUM001", 7, 5), ("NUM001", 11, 5), ("NUM001", 15, 5), ("NUM001", 19, 5),
                             ("NUM001", 23, 5), ("NUM001", 27, 5)],
    "fecha_no_iso.yaml": [("ESQ004", 12, 1)],
    "fecha_imposible.yaml": [("ESQ004", 12, 1)],
}
# Valid files that must load without any error of their own.
VALID = ["valido_bom.yaml", "escape_ansi.yaml"]


def _positions(report, rel: str) -> set[tuple[str, int, int]]:
    return {(p.rule, p.location.line, p.location.column)
            for p in report.problems if p.location.file.endswith(rel)}


def _timed_check(root: Path):
    start = time.perf_counter()
    report = check(root)
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT, f"check() tardó {elapsed:.1f} s"
    return report


def _assert_cli(root: Path, capsys, expected: list[tuple[str, int, int]], rel: str, code: int = 1):
    """In-process CLI: exit code and an ``archivo:línea:columna: … REGLA`` line per problem."""
    assert cli.main([str(root)]) == code
    out = capsys.readouterr().out
    for rule, line, col in expected:
        needle = f"{root / rel}:{line}:{col}: "
        assert any(ln.startswith(needle) and f" {rule} " in ln for ln in out.splitlines()), (needle, rule, out)
    assert not TRACEBACK.search(out)
    for ln in out.splitlines():
        assert not CONTROL.search(ln), repr(ln)        # no control characters reach the terminal


def test_corpus_covers_every_file():
    on_disk = {p.name for p in CORPUS.glob("*.yaml")}
    assert on_disk == set(EXPECTED) | set(VALID)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name, tmp_path, capsys):
    root = copy_minimo(tmp_path / "procesos_yaml")
    if name == "id_distinto_archivo.yaml":
        rel = "procedimientos/CV-99x.yaml"
        (root / PROC).unlink()
    else:
        rel = PROC
    shutil.copyfile(CORPUS / name, root / rel)
    report = _timed_check(root)
    expected = EXPECTED[name]
    found = _positions(report, rel)
    for item in expected:
        assert item in found, (item, sorted(found))
    assert report.blocking
    _assert_cli(root, capsys, expected, rel)


@pytest.mark.parametrize("name", VALID)
def test_corpus_valid_files_load(name, tmp_path):
    root = copy_minimo(tmp_path / "procesos_yaml")
    shutil.copyfile(CORPUS / name, root / PROC)
    report = _timed_check(root)
    assert "CV-02" in report.manual.procedures
    assert not [p for p in report.blocking if p.location.file.endswith(PROC)]


def test_bom_is_ignored_and_positions_kept():
    doc = load_bytes((CORPUS / "valido_bom.yaml").read_bytes(), "x.yaml")
    assert doc.data["id"] == "CV-02"
    assert doc.loc(("pasos",)).line == 6


def test_impossible_expiry_date_is_a_problem_not_a_crash(tmp_path, capsys):
    """``vence: "2024-02-30"`` matches AAAA-MM-DD; it used to crash the engine (ValueError)."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    (root / "excepciones.yaml").write_text(
        "excepciones:\n  - regla: PRC002\n    objeto: CV-02\n    motivo: x\n    resuelve: CV-INE\n"
        "    vence: \"2024-02-30\"\n", encoding="utf-8")
    report = _timed_check(root)
    assert ("ESQ004", 6, 5) in _positions(report, "excepciones.yaml")
    _assert_cli(root, capsys, [("ESQ004", 6, 5)], "excepciones.yaml")


@pytest.mark.parametrize("reserved", ["index", "INDEX", "Index"])
def test_reserved_id_cannot_replace_a_site_page(reserved, tmp_path):
    """A role ``index`` used to replace the «Busco mi puesto» page (roles/index.md)."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("  - id: TV-INE\n", f"  - id: {reserved}\n"),
                     encoding="utf-8")
    report = _timed_check(root)
    assert ("ESQ004", 17, 5) in _positions(report, "roles.yaml")
    assert report.blocking


def test_python_tag_runs_nothing(tmp_path):
    target = tmp_path / "PWNED_tag"
    text = f"objetivo: !!python/object/apply:os.system ['touch {target}']\n"
    with pytest.raises(LoadError) as info:
        load_text(text, "x.yaml")
    assert info.value.code == "YAML004"
    assert (info.value.location.line, info.value.location.column) == (1, 11)
    assert not target.exists()


def test_control_characters_in_messages_are_visible(tmp_path, capsys):
    """A newline or ESC quoted from YAML cannot start a fake log line or a CI command."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    shutil.copyfile(CORPUS / "id_con_salto.yaml", root / PROC)
    report = check(root)
    (problem,) = [p for p in report.problems if p.rule == "ESQ004"]
    assert "\n" not in problem.message and "\\n::error" in problem.message
    assert cli.main([str(root)]) == 1
    out = capsys.readouterr().out
    assert not any(line.startswith("::") for line in out.splitlines())


# --- generated cases: size and depth -----------------------------------------------------

def _nested_flow(depth: int) -> str:
    return "id: CV-02\nobjetivo: " + "[" * depth + "]" * depth + "\n"


def _nested_block(depth: int) -> str:
    lines = ["id: CV-02", "objetivo:"]
    lines += ["  " * (i + 1) + f"k{i}:" for i in range(depth)]
    return "\n".join(lines) + " x\n"


@pytest.mark.parametrize("text, line", [
    pytest.param(_nested_flow(MAX_DEPTH + 5), 2, id="flujo-pequeno-sin-prescan"),
    pytest.param(_nested_block(MAX_DEPTH + 5), MAX_DEPTH + 2, id="bloque-pequeno"),
    pytest.param(_nested_flow(40_000), 2, id="flujo-80KB"),
    pytest.param(_nested_block(2_000), MAX_DEPTH + 2, id="bloque-grande"),
])
def test_deep_nesting_is_refused(text, line):
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_text(text, "x.yaml")
    assert time.perf_counter() - start < TIME_LIMIT
    assert info.value.code == "YAML007"
    assert info.value.location.line == line


SMALL_STACK = r"""
import sys, threading
from checks.loader import LoadError, load_text
threading.stack_size(256 * 1024)
result = []
def run():
    try:
        load_text("a: " + "[" * 8000 + "]" * 8000, "x.yaml")
    except LoadError as exc:
        result.append(exc.code)
thread = threading.Thread(target=run)
thread.start()
thread.join()
print(result[0])
"""


def test_deep_nesting_on_a_small_stack_does_not_crash(tmp_path):
    """16 KB of nested ``[`` without anchors: before, the prescan was skipped (< 50 KB) and
    libyaml's recursive composer overflowed a 1 MB thread stack (segmentation fault)."""
    import subprocess
    import sys

    from tests.hostil.hostil_comun import REPO

    result = subprocess.run([sys.executable, "-c", SMALL_STACK], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, (result.returncode, result.stderr[-1000:])
    assert result.stdout.strip() == "YAML007"


def test_recursion_in_pure_python_composer_is_a_problem(monkeypatch):
    """Without libyaml, PyYAML's composer is recursive in Python: a deep text must still be
    YAML007 (the prescan stops it; ``RecursionError`` is also caught as a last resort)."""
    import yaml

    from checks import loader

    class PureStrict(yaml.SafeLoader):
        yaml_implicit_resolvers = loader._StrictLoader.yaml_implicit_resolvers

    monkeypatch.setattr(loader, "_StrictLoader", PureStrict)
    text = _nested_flow(5_000)
    with pytest.raises(LoadError) as info:
        load_text(text, "x.yaml")
    assert info.value.code == "YAML007"


def test_billion_laughs_is_fast(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        levels.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_text("\n".join(levels), "x.yaml")
    assert time.perf_counter() - start < 10.0   # an expanded bomb would take hours
    assert info.value.code == "YAML003"
    assert (info.value.location.line, info.value.location.column) == (1, 4)


def test_very_large_file(tmp_path, capsys):
    root = copy_minimo(tmp_path / "procesos_yaml")
    big = (CORPUS / "valido_bom.yaml").read_bytes()[3:] + b"nota_larga: |\n" + b"  " + b"x" * MAX_BYTES + b"\n"
    (root / PROC).write_bytes(big)
    report = _timed_check(root)
    assert ("YAML005", 1, 1) in _positions(report, PROC)
    _assert_cli(root, capsys, [("YAML005", 1, 1)], PROC)


def test_large_valid_file_within_limit_is_fast(tmp_path):
    """A 0.9 MB file of many steps loads (no quadratic blow-up) within the time limit."""
    head = "id: CV-02\narea: CV-INE\nnombre: Grande\ndescripcion: \"\"\nriesgos: []\npasos:\n"
    step = ("  - cvo: {n}\n    accion: Paso número {n} con un texto de relleno razonable\n"
            "    responsables: [CV-INE]\n    insumos: [Oficio]\n    salidas: [Oficio]\n")
    body, n = [head], 1
    size = len(head)
    while size < 900_000:
        chunk = step.format(n=n)
        body.append(chunk)
        size += len(chunk.encode())
        n += 1
    root = copy_minimo(tmp_path / "procesos_yaml")
    (root / PROC).write_text("".join(body), encoding="utf-8")
    report = _timed_check(root)
    assert len(report.manual.procedures["CV-02"].steps) == n - 1


# --- file-system cases -------------------------------------------------------------------

def _fs_case(name: str, root: Path, outside: Path) -> tuple[str, str]:
    """Mutate ``root``; return (display path relative to root, expected rule)."""
    if name == "directorio-por-archivo":
        (root / PROC).unlink()
        (root / PROC).mkdir()
        return PROC, "ARCH003"
    if name == "catalogo-directorio":
        (root / "roles.yaml").unlink()
        (root / "roles.yaml").mkdir()
        return "roles.yaml", "ARCH003"
    if name == "enlace-fuera":
        (root / PROC).unlink()
        secret = outside / "secreto.yaml"
        secret.write_text("id: CV-02\nclave: SECRETO-FUERA\n", encoding="utf-8")
        os.symlink(secret, root / PROC)
        return PROC, "ARCH003"
    if name == "enlace-etc":
        (root / "normativa.yaml").unlink()
        os.symlink("/etc/passwd", root / "normativa.yaml")
        return "normativa.yaml", "ARCH003"
    if name == "enlace-roto":
        (root / PROC).unlink()
        os.symlink(root / "no-existe.yaml", root / PROC)
        return PROC, "ARCH003"
    if name == "enlace-bucle":
        (root / PROC).unlink()
        os.symlink(root / "procedimientos" / "B.yaml", root / PROC)
        os.symlink(root / PROC, root / "procedimientos" / "B.yaml")
        return PROC, "ARCH003"
    if name == "fifo":
        os.mkfifo(root / "procedimientos" / "CV-07.yaml")
        return "procedimientos/CV-07.yaml", "ARCH003"
    if name == "carpeta-enlazada-fuera":
        shutil.move(str(root / "procedimientos"), str(outside / "procs"))
        os.symlink(outside / "procs", root / "procedimientos")
        return PROC, "ARCH003"
    if name == "carpeta-es-archivo":
        shutil.rmtree(root / "procedimientos")
        (root / "procedimientos").write_text("no soy un directorio\n", encoding="utf-8")
        return "procedimientos", "ARCH003"
    if name == "falta-catalogo":
        (root / "roles.yaml").unlink()
        return "roles.yaml", "ARCH001"
    if name == "mayusculas":
        (root / "manual.yaml").rename(root / "Manual.yaml")
        return "manual.yaml", "ARCH001"
    if name == "rol-duplicado":
        text = (root / "roles.yaml").read_text(encoding="utf-8")
        (root / "roles.yaml").write_text(
            text + "  - id: CV-INE\n    nombre: Otra\n    tipo: unidad\n    definido_en_manual: true\n",
            encoding="utf-8")
        return "roles.yaml", "ARCH005"
    raise AssertionError(name)


FS_CASES = ["directorio-por-archivo", "catalogo-directorio", "enlace-fuera", "enlace-etc", "enlace-roto",
            "enlace-bucle", "fifo", "carpeta-enlazada-fuera", "carpeta-es-archivo", "falta-catalogo",
            "mayusculas", "rol-duplicado"]


@pytest.mark.parametrize("name", FS_CASES)
def test_file_system_case(name, tmp_path, capsys):
    root = copy_minimo(tmp_path / "procesos_yaml")
    outside = tmp_path / "fuera"
    outside.mkdir()
    rel, rule = _fs_case(name, root, outside)
    report = _timed_check(root)
    hits = [p for p in report.problems if p.rule == rule and p.location.file == str(root / rel)]
    assert hits, [str(p) for p in report.problems]
    assert report.blocking
    assert cli.main([str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root / rel}:" in out and f" {rule} " in out
    assert "SECRETO-FUERA" not in out and "root:x:0:0" not in out        # nothing read from outside


def test_symlink_inside_tree_is_read(tmp_path):
    """A link that stays inside procesos_yaml/ is followed (the target is an unknown file)."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    (root / "otros").mkdir()
    shutil.move(str(root / PROC), str(root / "otros" / "CV-02.yaml"))
    os.symlink(root / "otros" / "CV-02.yaml", root / PROC)
    report = check(root)
    assert "CV-02" in report.manual.procedures
    assert any(p.rule == "ARCH002" and p.location.file.endswith("otros/CV-02.yaml") for p in report.problems)
    assert not report.blocking


def test_unknown_yaml_file_is_reported(tmp_path):
    root = copy_minimo(tmp_path / "procesos_yaml")
    (root / "borradores").mkdir()
    (root / "borradores" / "X.yaml").write_text("id: X\n", encoding="utf-8")
    report = check(root)
    assert ("ARCH002", 1, 1) in _positions(report, "borradores/X.yaml")


def test_root_missing_or_a_file(tmp_path, capsys):
    missing = tmp_path / "no-existe"
    assert check(missing).problems[0].rule == "ARCH001"
    afile = tmp_path / "archivo.yaml"
    afile.write_text("a: 1\n", encoding="utf-8")
    assert check(afile).problems[0].rule == "ARCH001"
    assert cli.main([str(afile)]) == 1
    assert f"{afile}:1:1: " in capsys.readouterr().out


# --- the real command line ---------------------------------------------------------------

CLI_SAMPLE = ["tabulador.yaml", "bomba_alias.yaml", "no_utf8.yaml", "etiqueta_python.yaml",
              "clave_duplicada.yaml", "id_con_salto.yaml", "entero_enorme.yaml", "referencias_desconocidas.yaml"]


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_cli_subprocess(name, tmp_path):
    """``python -m checks <dir>``: exit 1, Spanish file:line:col on stdout, empty stderr."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    shutil.copyfile(CORPUS / name, root / PROC)
    result = run_checks(str(root), cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert not TRACEBACK.search(result.stdout)
    rule, line, col = EXPECTED[name][0]
    assert f"{root / PROC}:{line}:{col}: [error] {rule} " in result.stdout
    assert "errores" in result.stdout.splitlines()[-1] or "error" in result.stdout.splitlines()[-1]


# --- every output format of the CLI on a hostile manual ----------------------------------

def test_cli_formats_stay_well_formed_on_hostile_text(tmp_path, capsys):
    """Payloads (HTML, Jinja, formulas, control and bidi characters) and a file name made to
    look like a GitHub command property cannot break any output format of ``python -m checks``."""
    import json
    import xml.etree.ElementTree as ET

    import markdown
    from bs4 import BeautifulSoup

    from tests.hostil.hostil_comun import GROUPS, generate_manual, group_text

    root = generate_manual(tmp_path / "procesos_yaml",
                           group_text(GROUPS["html"] + GROUPS["plantillas"] + GROUPS["formulas_control"]))
    (root / "procedimientos" / "a,line=1::x%0A.yaml").write_text("id: X\n", encoding="utf-8")
    outputs = {}
    for fmt in ("humano", "json", "github", "junit", "markdown"):
        assert cli.main([str(root), "--formato", fmt]) == 1
        outputs[fmt] = capsys.readouterr().out
    human_lines = outputs["humano"].splitlines()
    assert all(not CONTROL.search(line) for line in human_lines)
    located = [line for line in human_lines if line.startswith(str(root))]
    assert len(located) == len(check(root).problems)         # one line per problem, none split
    data = json.loads(outputs["json"])
    assert data["hallazgos"]
    ET.fromstring(outputs["junit"])
    gh_lines = outputs["github"].splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in gh_lines[:-1]), gh_lines[:5]
    assert not any("a,line=1::x" in line for line in gh_lines)           # properties escaped
    soup = BeautifulSoup(markdown.markdown(outputs["markdown"], extensions=["tables"]), "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in ("script", "img", "iframe", "svg", "a", "style"), tag
        assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag


# --- reglas.yaml is also written by revisers ----------------------------------------------

@pytest.mark.parametrize("text, line, col", [
    ("reglas: [1, 2]\n", 1, 1),
    ("reglas: {PRC001: {nivel: fatal}}\n", 1, 19),
    ("reglas: {XXX1: {activa: false}}\n", 1, 10),
    ("reglas: &a {PRC001: *a}\n", 1, 9),
    ("", 1, 1),
    ("reglas: {PRC001: 5}\n", 1, 10),
    ("- a\n", 1, 1),
    ("reglas:\n\tPRC001: {}\n", 2, 1),
    ("reglas: {PRC001: !!python/object/apply:os.system [id]}\n", 1, 18),
])
def test_hostile_rule_configuration(text, line, col, tmp_path, capsys):
    """A broken ``reglas.yaml`` stops the check with exit code 2 and ``archivo:línea:columna``."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    config = tmp_path / "reglas.yaml"
    config.write_text(text, encoding="utf-8")
    assert cli.main([str(root)]) == 2
    captured = capsys.readouterr()
    assert f"{config}:{line}:{col}:" in captured.err, captured.err
    assert not TRACEBACK.search(captured.err + captured.out)


# --- long pathological texts: no super-linear regex or rendering ---------------------------

@pytest.mark.parametrize("unit", ["\\", "*", "_ ", "*_-\\ ", "<", "&#", "javascript:", "{{", "a\n\n", "\"]"])
def test_long_pathological_text_is_handled_quickly(unit, tmp_path):
    """~200 KB of one repeated special sequence in a description, an action and an unknown
    key: check() and every page of the site stay within the time limit."""
    import dataclasses

    import yaml

    import checks.engine as engine
    from checks.problem import Severity
    from macros import site as site_state

    root = copy_minimo(tmp_path / "procesos_yaml")
    long_text = unit * (200_000 // len(unit))
    data = yaml.safe_load((root / PROC).read_text(encoding="utf-8"))
    data["descripcion"] = long_text
    data["pasos"][0]["accion"] = "Recibir " + long_text[:50_000]
    (root / PROC).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    start = time.perf_counter()
    report = check(root)
    assert "CV-02" in report.manual.procedures
    original = engine.run_rules
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "run_rules", lambda *a, **k: [dataclasses.replace(p, severity=Severity.WARNING)
                                                         for p in original(*a, **k)])
        site = site_state.build(str(root))
        for src_uri in site.pages:
            if not src_uri.startswith("descargas/"):
                site.render(src_uri)
    assert time.perf_counter() - start < 3 * TIME_LIMIT
    bad = copy_minimo(tmp_path / "otro")   # longest plain key YAML allows (1 024): suggestion stays fast
    (bad / PROC).write_text((bad / PROC).read_text(encoding="utf-8") + "nombre_" + "k" * 1_000 + ": 1\n",
                            encoding="utf-8")
    start = time.perf_counter()
    assert any(p.rule == "ESQ002" for p in check(bad).problems)
    assert time.perf_counter() - start < TIME_LIMIT


def test_file_names_with_control_characters_stay_on_one_line(tmp_path, capsys):
    """A file named ``X\\n::error file=a::falso.yaml`` or holding ESC cannot forge an output
    line, a GitHub Actions command or a terminal escape."""
    root = copy_minimo(tmp_path / "procesos_yaml")
    shutil.copyfile(root / PROC, root / "procedimientos" / "X\n::error file=a::falso.yaml")
    (root / "raro\x1b[31m.yaml").write_text("id: x\n", encoding="utf-8")
    report = check(root)
    assert {p.rule for p in report.problems} >= {"ARCH004", "ARCH002"}
    assert cli.main([str(root)]) == 1
    out = capsys.readouterr().out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert not any(CONTROL.search(line) for line in out.splitlines())
    assert "X\\n::error" in out and "raro\\x1b[31m" in out
