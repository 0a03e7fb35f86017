"""Defence in depth: even when SEC001 (unsafe text) is excepted and the build goes ahead,
hostile YAML text reaches the generated pages only as escaped text: no tag, no event
handler, no javascript: link, no template evaluation, on any page."""
from __future__ import annotations

from bs4 import BeautifulSoup

from checks import check
from tests.common import build_site, manual_copy, write

HOSTILE = "<img src=x onerror=alert(1)> {{ 7*7 }} x</td><script>alert(2)</script> [a](javascript:alert(3))"


def test_texto_hostil_exceptuado_sale_escapado_en_todas_las_paginas(tmp_path):
    root = manual_copy(tmp_path)
    roles = (root / "roles.yaml").read_text(encoding="utf-8")
    roles = roles.replace("sinonimos: [Órgano de Enlace]", f"sinonimos: ['{HOSTILE}']\n    nota: '{HOSTILE}'")
    (root / "roles.yaml").write_text(roles, encoding="utf-8")
    proc = (root / "procedimientos" / "CV-02.yaml").read_text(encoding="utf-8")
    proc = proc.replace("insumos: [Oficio]", f"insumos: ['Oficio <b onmouseover=alert(4)>x</b> | y']", 1)
    (root / "procedimientos" / "CV-02.yaml").write_text(proc, encoding="utf-8")
    write(root, "excepciones.yaml", """
        excepciones:
          - {regla: SEC001, objeto: CV-02, paso: 1, motivo: prueba, resuelve: CV-INE, vence: "2099-01-01"}
          - {regla: SEC001, objeto: roles, motivo: prueba, resuelve: CV-INE, vence: "2099-01-01"}
    """)
    report = check(root)
    assert {p.rule for p in report.problems if p.excepted} == {"SEC001"} and not report.blocking

    site = build_site(root, tmp_path / "site")
    bad = []
    pages = list(site.site.rglob("*.html"))
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for el in soup.find_all(True):
            for key, value in el.attrs.items():
                if key.lower().startswith("on"):
                    bad.append((path.name, el.name, key))
                if key in ("href", "src") and str(value).strip().lower().startswith("javascript"):
                    bad.append((path.name, el.name, value))
            if el.name in ("img", "b") or (el.name == "script" and "alert" in (el.string or "")):
                bad.append((path.name, el.name))
    assert len(pages) > 10 and bad == []
    role = site.page("roles/DIRECCION.md")
    assert "{{ 7*7 }}" in BeautifulSoup(role, "html.parser").get_text()       # never evaluated
    assert "&lt;img src=x onerror=alert(1)&gt;" in role
