"""``python -m checks``: output lines, summary and exit codes (0 ok, 1 errors, 2 usage)."""
import json
import re

from tests.common import line_of, manual_copy, procedure, run_checks

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): \[(?P<level>error|advertencia)\] (?P<rule>[A-Z]+\d+) ")


def test_valid_manual_exits_zero(tmp_path):
    result = run_checks(manual_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 bloqueantes" in result.stdout.splitlines()[-1]


def test_step_without_owner_exits_one_with_position(tmp_path):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          salidas: [Oficio]
    """)
    result = run_checks(root)
    assert result.returncode == 1
    matches = [LINE.match(line) for line in result.stdout.splitlines()]
    found = [(m["file"], int(m["line"]), m["rule"]) for m in matches if m]
    assert (str(path), line_of(path, "- cvo: 1"), "PRC001") in found
    assert result.stderr == ""


def test_json_format_is_parseable(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", """
        - cvo: 1
          accion: A
          responsables: [CV-INE]
          salidas: ["N/A"]
    """)
    result = run_checks(root, "--formato", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert any(h["regla"] == "PRC002" and h["paso"] == 1 and h["objeto"] == "CV-09" for h in data["hallazgos"])


def test_bad_usage_exits_two_in_spanish():
    result = run_checks("--formato", "xml")
    assert result.returncode == 2
    assert "opción no válida" in result.stderr


def test_missing_directory_exits_one(tmp_path):
    result = run_checks(tmp_path / "no-existe")
    assert result.returncode == 1
    assert "ARCH001" in result.stdout


def test_default_path_is_procesos_yaml(tmp_path):
    manual_copy(tmp_path, "procesos_yaml")
    result = run_checks(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "archivos revisados" in result.stdout


def test_every_registered_command_is_a_module_with_arguments_and_run():
    from checks import commands
    from checks.cli import build_parser
    assert set(commands.COMMANDS) == {"diff", "esquema", "export", "importar", "nuevo", "versiones", "propietarios"}
    for name, module_name in [*commands.COMMANDS.items(), (None, commands.DEFAULT)]:
        module = commands.load(module_name)
        assert callable(module.add_arguments) and callable(module.run), module_name
        assert module.PROG == "python -m checks" + (f" {name}" if name else "")
        assert build_parser(module).format_help().startswith(f"uso: {module.PROG} [-h]")


def test_bad_date_is_refused_by_the_parser_in_every_command(capsys):
    from checks.cli import main
    for argv in (["procesos_yaml", "--hoy", "2026-02-30"], ["export", "--hoy", "ayer"], ["diff", "HEAD", "--hoy", "ayer"]):
        try:
            main(argv)
        except SystemExit as exc:
            assert exc.code == 2
        else:
            raise AssertionError(f"{argv}: no se rechazó la fecha")
        err = capsys.readouterr().err
        assert err.startswith("uso: python -m checks")
        assert "error: argumento --hoy: fecha no válida «" in err and "use AAAA-MM-DD" in err
