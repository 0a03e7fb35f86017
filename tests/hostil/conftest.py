"""Fixtures of the hostile-input tests."""
import pytest


@pytest.fixture(autouse=True)
def _cwd_in_tmp(tmp_path, monkeypatch):
    """In-process CLI runs keep their per-file cache (``.cache/checks``, relative to the
    working directory) out of the repository."""
    monkeypatch.chdir(tmp_path)
