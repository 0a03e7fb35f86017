"""checks.versions: published versions from git tags, and whether a tree is one of them."""
import shutil
import subprocess

import pytest

from checks.versions import UNAVAILABLE, history, status, version_key, version_of_tag
from tests.common import manual_copy
from tests.gitrepo import commit, git, init, set_control


def test_version_order_is_numeric():
    assert version_key("2023") < version_key("2023.1") < version_key("2023.10") < version_key("2024")
    for bad in ("23", "2024.", "2024.1\n", "v2024", "2024-1"):
        with pytest.raises(ValueError):
            version_key(bad)
    assert version_of_tag("manual-2024.1") == "2024.1"
    assert version_of_tag("v1.0") is None and version_of_tag("manual-x") is None


@pytest.fixture
def repo(tmp_path):
    repo = init(tmp_path / "repo")
    manual = manual_copy(repo)
    set_control(manual, "2023", "aprobado")
    commit(repo, "2023", date="2023-06-01", tag="manual-2023")
    set_control(manual, "2024.1", "borrador")
    commit(repo, "borrador 2024.1", date="2024-02-01")
    set_control(manual, "2024.1", "aprobado")
    commit(repo, "2024.1", date="2024-03-01", tag="manual-2024.1")
    git(repo, "tag", "otra-cosa")
    return repo, manual


def test_history_lists_tags_of_the_convention_in_version_order(repo):
    repo, manual = repo
    hist = history(manual)
    assert hist.available
    assert [(v.version, v.tag, v.date) for v in hist.versions] == [
        ("2023", "manual-2023", "2023-06-01"), ("2024.1", "manual-2024.1", "2024-03-01")]


def test_status_published_only_when_the_manual_directory_is_the_tagged_tree(repo):
    repo, manual = repo
    assert status(manual).published.version == "2024.1"
    (repo / "LEEME-herramienta.txt").write_text("cambio de herramientas\n", encoding="utf-8")
    commit(repo, "herramientas")
    assert status(manual).published.version == "2024.1"          # tooling changes keep it in force
    (manual / "glosario.yaml").write_text((manual / "glosario.yaml").read_text(encoding="utf-8") + "\n",
                                          encoding="utf-8")
    st = status(manual)
    assert st.draft and "sin confirmar" in st.reason             # uncommitted edit: draft
    commit(repo, "edición")
    st = status(manual)
    assert st.draft and "manual-2024.1" in st.reason


def test_no_git_no_tags_and_shallow_clones_degrade(tmp_path, repo):
    plain = manual_copy(tmp_path / "sin-git")
    hist = history(plain)
    assert not hist.available and hist.reason.startswith(UNAVAILABLE)
    assert status(plain).draft
    empty = init(tmp_path / "sin-etiquetas")
    manual_copy(empty)
    commit(empty, "inicio")
    assert not history(empty / "procesos_yaml").available
    repo, _ = repo
    shallow = tmp_path / "superficial"
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--no-tags", f"file://{repo}", str(shallow)],
                   check=True, capture_output=True)
    hist = history(shallow / "procesos_yaml")
    assert not hist.available and "superficial" in hist.reason


def test_without_git_binary(monkeypatch, tmp_path):
    plain = manual_copy(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "nada"))
    assert shutil.which("git") is None
    assert not history(plain).available and status(plain).draft
