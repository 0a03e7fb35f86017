"""Manual en Word con texto hostil (issue 16): cada carga del corpus y cargas propias de Word
(códigos de campo escritos como texto, DDE, hipervínculos, caracteres que XML prohíbe) salen
como texto literal en ``word/document.xml``: ningún campo, hipervínculo ni relación externa
nace del texto del YAML, y el XML sigue siendo válido. La importación los devuelve como texto."""
from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
import zipfile

import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from lxml import etree

from checks.problem import Severity
from checks.reports import docx as export

from .hostil_comun import ACRONYM_ROLE, ACRONYM_TERM, PAYLOADS, PROC, REPO, generate_manual

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORD_PAYLOADS = {
    "campo_page": "{ PAGE } { NUMPAGES } { TOC \\o }",
    "dde": "DDEAUTO c:\\\\Windows\\\\System32\\\\cmd.exe \"/k calc.exe\" { DDE \"cmd\" \"/c calc\" }",
    "hipervinculo": "{ HYPERLINK \"javascript:alert(1)\" } { INCLUDETEXT \"file:///etc/passwd\" } file:///C:/x.exe",
    "xml_roto": "</w:t><w:fldSimple w:instr=\"PAGE\"/><w:t>]]><!ENTITY x SYSTEM \"file:///etc/passwd\">",
    "xml_ilegal": "nulo\x00 campana\x07 vt\x0b ff\x0c esc\x1b fin\ufffe",
}
ALL = {**PAYLOADS, **WORD_PAYLOADS}


def all_payloads_text():
    """``text`` for generate_manual: every payload, rotated by field (as group_text does)."""
    names = list(ALL)
    counter = [0]

    def text(path, kind):
        if path and path[-1] == "termino":
            return ACRONYM_TERM
        if path and path[-1] == "siglas":
            return ACRONYM_ROLE
        counter[0] += 1
        k = counter[0] % len(names)
        order = names[k:] + names[:k]
        where = ".".join(str(p) for p in path if isinstance(p, str))
        return " ".join(ALL[n] for n in order) + f" campo {kind}.{where}"
    return text


def _report(root):
    """The hostile manual checked with every rule downgraded to a warning: SEC001 rightly
    blocks this text, and the point here is that the Word writer is safe on its own."""
    import checks.engine as engine

    original = engine.run_rules

    def run_rules(*args, **kwargs):
        return [dataclasses.replace(p, severity=Severity.WARNING) for p in original(*args, **kwargs)]

    engine.run_rules = run_rules
    try:
        report = engine.check(str(root))
    finally:
        engine.run_rules = original
    assert not report.blocking, [str(p) for p in report.blocking][:5]
    return report


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = generate_manual(tmp_path_factory.mktemp("hostil") / "procesos_yaml", all_payloads_text())
    report = _report(root)
    images = {pid: _png() for pid in report.manual.procedures}
    data = export.docx_bytes(report, images)
    path = root.parent / "hostil.docx"
    path.write_bytes(data)
    return root, report, path, data


def _png():
    from tests.test_docx import png
    return png()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_hostile_text_is_literal_text_in_document_xml(hostile):
    root, report, path, data = hostile
    parts = _parts(data)
    body = parse_xml(parts["word/document.xml"])        # well-formed XML (python-docx element classes)
    # the only field in the body is the TOC the code writes; none from the text
    assert [el.text.strip() for el in body.iter(W + "instrText")] == ['TOC \\o "1-2" \\h \\z \\u']
    assert len(list(body.iter(W + "fldChar"))) == 3
    assert not list(body.iter(W + "fldSimple"))
    assert not list(body.iter(W + "hyperlink"))
    assert not list(body.iter(W + "object")) and not list(body.iter(W + "altChunk"))
    for name, content in parts.items():
        if name.endswith(".rels"):
            assert b"External" not in content and b"javascript" not in content and b"file:" not in content, name
        if name.startswith("word/header") or name.startswith("word/footer"):
            part = etree.fromstring(content)
            assert [el.text.strip() for el in part.iter(W + "instrText")] in ([], ["PAGE", "NUMPAGES"])
    # every payload is in the paragraphs' text, as text (minus what XML 1.0 forbids)
    texts = [Paragraph(p, None).text or "" for p in body.iter(W + "p")]
    joined = "\n".join(texts)
    for name, payload in ALL.items():
        clean = export.xml_text(payload)
        assert clean in joined, name
    assert "{ PAGE }" in joined and "DDEAUTO" in joined
    Document(io.BytesIO(data))                                   # python-docx opens it again


def test_hostile_document_imports_back_as_text(hostile, tmp_path):
    root, report, path, data = hostile
    out = tmp_path / "borrador"
    result = subprocess.run([sys.executable, "-m", "checks", "importar", str(path), "-o", str(out)],
                            cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin"},
                            timeout=300)
    assert result.returncode == 0, result.stderr
    draft = yaml.safe_load((out / "procedimientos" / f"{PROC}.yaml").read_text(encoding="utf-8"))
    original = report.manual.procedures[PROC]
    for step, draft_step in zip(original.steps, draft["pasos"]):
        assert draft_step["accion"] == export.xml_text(step.action)
        assert draft_step["insumos"] == [export.xml_text(i).strip() for i in step.inputs]
    # the draft is checked like any YAML: the dangerous text is a positioned SEC001 finding
    check = subprocess.run([sys.executable, "-m", "checks", str(out)], cwd=tmp_path, capture_output=True,
                           text=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin"}, timeout=300)
    assert check.returncode == 1
    assert re.search(r"procedimientos/P-UNO\.yaml:\d+:\d+: \[error\] SEC001", check.stdout)
