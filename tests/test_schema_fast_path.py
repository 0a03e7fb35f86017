"""The schema fast path (``checks.schema.fast_valid``) never accepts what cerberus rejects,
and accepts the real, valid manual (otherwise it would be useless)."""
from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

import pytest

from checks import schema
from checks.loader import load_file
from checks.project import FOLDERS, OPTIONAL, REQUIRED
from tests.common import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generar  # noqa: E402


def _documents(root: Path):
    for name, kind in {**REQUIRED, **OPTIONAL}.items():
        if (root / name).is_file():
            yield kind, load_file(root / name).data
    for folder, kind in FOLDERS.items():
        for path in sorted((root / folder).glob("*.yaml")):
            yield kind, load_file(path).data


@pytest.fixture(scope="module")
def valid_documents(tmp_path_factory):
    synthetic = generar.generate(12, tmp_path_factory.mktemp("sintetico") / "m")
    docs = []
    for root in (REPO / "procesos_yaml", REPO / "tests" / "datos" / "minimo", synthetic):
        docs.extend(_documents(root))
    return docs


def _cerberus_valid(data, kind) -> bool:
    return schema.validator_for(kind).validate(data)


def test_fast_path_accepts_every_valid_document(valid_documents):
    for kind, data in valid_documents:
        assert _cerberus_valid(data, kind)
        assert schema.fast_valid(data, kind), kind


_ODD_VALUES = [None, "", "x", "no válido", "2024-13-01", "2024-01-15", 0, 7, True, False, [], [None], [""],
               ["CV-INE"], [1], {}, {"desconocida": 1}, {"descripcion": "x"}, "reducir", ["reducir"],
               ["inventado"], "-mal", "A" * 70]


def _containers(value, found):
    if isinstance(value, dict):
        found.append(value)
        for child in value.values():
            _containers(child, found)
    elif isinstance(value, list):
        found.append(value)
        for child in value:
            _containers(child, found)
    return found


def _mutate(data, rng: random.Random):
    data = copy.deepcopy(data)
    target = rng.choice(_containers(data, []))
    if isinstance(target, dict):
        action = rng.choice(["delete", "replace", "replace", "add"])
        if action == "add" or not target:
            target[rng.choice(["desconocida", "id", "pasos", "riesgos", "rol", "nombre"])] = rng.choice(_ODD_VALUES)
        elif action == "delete":
            del target[rng.choice(list(target))]
        else:
            target[rng.choice(list(target))] = copy.deepcopy(rng.choice(_ODD_VALUES))
    else:
        if target and rng.random() < 0.7:
            target[rng.randrange(len(target))] = copy.deepcopy(rng.choice(_ODD_VALUES))
        elif target:
            target.pop(rng.randrange(len(target)))
        else:
            target.append(copy.deepcopy(rng.choice(_ODD_VALUES)))
    return data


def test_fast_path_never_accepts_what_cerberus_rejects(valid_documents):
    rng = random.Random(8)
    rejected = 0
    for _ in range(3000):
        kind, data = rng.choice(valid_documents)
        mutated = _mutate(data, rng)
        for _ in range(rng.randint(0, 2)):
            mutated = _mutate(mutated, rng)
        if schema.fast_valid(mutated, kind):
            assert _cerberus_valid(mutated, kind), (kind, mutated)
        else:
            rejected += 1
    assert rejected > 1000          # the mutations do exercise the slow path


def test_invalid_documents_still_get_cerberus_errors(tmp_path):
    path = tmp_path / "P.yaml"
    path.write_text("id: P\narea: A\nnombre: ''\ndescripcion: x\npasos: []\nriesgos: []\nsobra: 1\n",
                    encoding="utf-8")
    doc = load_file(path)
    assert not schema.fast_valid(doc.data, "procedimiento")
    codes = sorted(p.rule for p in schema.validate(doc, "procedimiento"))
    assert codes == ["ESQ002", "ESQ004"]
