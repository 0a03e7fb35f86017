"""VER002: the version number never goes back, nor stays while approved content changes."""
import datetime as dt

from tests.common import findings as _findings
from tests.common import line_of, manual_copy
from tests.gitrepo import commit, init, set_control

TODAY = dt.date(2026, 1, 1)


def findings(root):
    return _findings(root, "VER002", today=TODAY)


def _published_2024(tmp_path):
    repo = init(tmp_path / "repo")
    manual = manual_copy(repo)
    set_control(manual, "2024", "aprobado")
    commit(repo, "2024", tag="manual-2024")
    return repo, manual


def test_greater_version_passes_and_tagged_tree_passes(tmp_path):
    repo, manual = _published_2024(tmp_path)
    assert findings(manual) == []                  # exactly the published tree
    set_control(manual, "2024.1", "borrador")
    assert findings(manual) == []


def test_lower_version_fails(tmp_path):
    repo, manual = _published_2024(tmp_path)
    set_control(manual, "2023.5", "borrador")
    [problem] = findings(manual)
    assert problem.location.line == line_of(manual / "manual.yaml", "version:")
    assert "menor" in problem.message and "manual-2024" in problem.message


def test_same_number_still_approved_after_a_change_fails(tmp_path):
    repo, manual = _published_2024(tmp_path)
    (manual / "glosario.yaml").write_text((manual / "glosario.yaml").read_text(encoding="utf-8") + "\n",
                                          encoding="utf-8")
    [problem] = findings(manual)
    assert "suba «version»" in problem.message
    set_control(manual, "2024", "borrador")        # same number but declared a draft: allowed
    assert findings(manual) == []


def test_no_history_no_finding(tmp_path):
    root = manual_copy(tmp_path)
    set_control(root, "1999", "aprobado")
    assert findings(root) == []
