"""reglas.yaml: validated rule configuration (levels, enabling, options); errors exit 2."""
import pytest

from checks import check, rules
from checks.config import ConfigError, default_settings, load_config
from checks.problem import Severity
from tests.common import REPO, manual_copy, procedure, run_checks, write


def test_repository_config_is_valid_and_lists_every_rule():
    settings = load_config(REPO / "reglas.yaml")
    assert settings == default_settings()
    text = (REPO / "reglas.yaml").read_text(encoding="utf-8")
    for rule in rules.all_rules():
        assert f"  {rule.ID}:" in text


def test_level_enable_and_options_are_applied(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 2, accion: Registro en el SIISPEN, responsables: [CV-INE], salidas: [Oficio]}")
    before = {p.rule for p in check(root).problems}
    assert {"PRC003", "NUM001", "GLO001"} <= before
    write(tmp_path, "reglas.yaml", """
        reglas:
          PRC003: {activa: false}
          NUM001: {nivel: advertencia, inicio: 2}
          GLO001: {nivel: error, ignorar: [INE, IEM]}
    """)
    report = check(root)               # reglas.yaml next to the manual directory is found
    assert report.config_file == str(tmp_path / "reglas.yaml")
    by_rule = {}
    for p in report.problems:
        by_rule.setdefault(p.rule, []).append(p)
    assert "PRC003" not in by_rule
    assert [p.subject for p in by_rule["NUM001"]] == ["CV-02"]      # CV-09 starts at 2 now; CV-02 does not
    assert {p.severity for p in by_rule["NUM001"]} == {Severity.WARNING}
    assert [(p.severity, p.subject) for p in by_rule["GLO001"]] == [(Severity.ERROR, "CV-09")]


@pytest.mark.parametrize("text, line", [
    ("reglas:\n  PRC09: {activa: false}\n", 2),                 # unknown rule
    ("reglas:\n  PRC003: {nivel: grave}\n", 2),                 # unknown level
    ("reglas:\n  PRC003:\n    activa: si\n", 3),                # not a boolean
    ("reglas:\n  NUM001:\n    inicio: uno\n", 3),               # wrong option type
    ("reglas:\n  NUM001:\n    incio: 0\n", 3),                  # unknown option
    ("reglas:\n  GLO001:\n    ignorar: [1, 2]\n", 3),           # list of texts expected
    ("regla:\n  PRC003: {activa: false}\n", 1),                 # unknown top-level key
    ("reglas:\n  PRC003: {activa: false}\n  PRC003: {}\n", 3),  # duplicate key (strict loader)
])
def test_invalid_config_is_a_positioned_error(tmp_path, text, line):
    path = tmp_path / "reglas.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert [loc.line for loc, _ in info.value.errors] == [line]


def test_unknown_names_get_a_suggestion(tmp_path):
    path = tmp_path / "reglas.yaml"
    path.write_text("reglas:\n  NUM001:\n    incio: 0\n  SEC01: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    messages = [m for _, m in info.value.errors]
    assert "«inicio»" in messages[0] and "«SEC001»" in messages[1]


def test_cli_exits_2_on_bad_config(tmp_path):
    root = manual_copy(tmp_path)
    bad = write(tmp_path, "otra.yaml", "reglas:\n  XYZ999: {}\n")
    for args in (["--config", str(bad)], []):
        if not args:
            (tmp_path / "reglas.yaml").write_text("reglas:\n  XYZ999: {}\n", encoding="utf-8")
        result = run_checks(root, *args, "--sin-cache")
        assert result.returncode == 2, result.stdout + result.stderr
        assert "XYZ999" in result.stderr


def test_strict_makes_warnings_fail(tmp_path):
    root = manual_copy(tmp_path)
    assert run_checks(root, "--sin-cache").returncode == 0
    assert run_checks(root, "--sin-cache", "--estricto").returncode == 1


def test_build_stops_with_plugin_error_on_bad_config(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from macros import hooks
    root = manual_copy(tmp_path)
    (tmp_path / "reglas.yaml").write_text("reglas:\n  PRC003:\n    nivell: error\n", encoding="utf-8")
    monkeypatch.setenv("MANUAL_PROCESOS_YAML", str(root))
    config = SimpleNamespace(config_file_path=str(REPO / "mkdocs.yml"), extra={}, markdown_extensions=[])
    with pytest.raises(PluginError) as info:
        hooks.on_config(config)
    assert f"{tmp_path / 'reglas.yaml'}:3:5" in str(info.value) and "«nivel»" in str(info.value)
