"""``checks.reports.paths``: the one way to show a file relative to the manual."""
from __future__ import annotations

import os

from checks import load_manual
from checks.problem import Location
from checks.reports.paths import manual_root, shown_location, shown_path

from tests.common import manual_copy


def test_shown_path_hides_the_build_machine_directories(tmp_path):
    root = str(tmp_path / "procesos_yaml")
    file = os.path.join(root, "procedimientos", "CV-01.yaml")
    assert shown_path(file, root) == "procesos_yaml/procedimientos/CV-01.yaml"
    assert shown_path(file, root + "/") == "procesos_yaml/procedimientos/CV-01.yaml"
    assert shown_location(Location(file, 3, 7), root) == "procesos_yaml/procedimientos/CV-01.yaml:3:7"


def test_paths_outside_the_root_or_without_root_are_unchanged(tmp_path):
    root = str(tmp_path / "procesos_yaml")
    outside = str(tmp_path / "otro" / "x.yaml")
    assert shown_path(outside, root) == outside
    assert shown_path("procesos_yaml/roles.yaml", None) == "procesos_yaml/roles.yaml"
    assert shown_path("procesos_yaml/roles.yaml", "") == "procesos_yaml/roles.yaml"


def test_manual_root_is_the_manual_directory(tmp_path):
    root = manual_copy(tmp_path, "mi_manual")
    manual = load_manual(root).manual
    assert manual_root(manual) == str(root)
    file = next(iter(manual.documents))
    assert shown_path(file, manual_root(manual)).startswith("mi_manual/")
    assert str(tmp_path) not in shown_path(file, manual_root(manual))


def test_manual_root_of_an_empty_manual_is_none(tmp_path):
    assert manual_root(load_manual(tmp_path / "no-existe").manual) is None
