"""Acronym glossary of the site (macros/abbreviations.py): from the glossary and the role
catalogue, sanitised."""
from __future__ import annotations

from checks import check
from macros.abbreviations import glossary as abbreviations
from tests.common import manual_copy, write


def test_las_siglas_vienen_del_glosario_y_de_los_roles_saneadas(tmp_path):
    root = manual_copy(tmp_path)
    write(root, "glosario.yaml", """
        terminos:
          - termino: SIVOPLE
            definicion: "Sistema de\\u0002 Vinculación\\n con los OPLE"
            sigla: true
          - termino: Comisión
            definicion: No es sigla.
            sigla: false
          - termino: "A]B"
            definicion: Clave inválida para abbr.
            sigla: true
    """)
    manual = check(root).manual
    abbrs = abbreviations(manual)
    assert abbrs["SIVOPLE"] == "Sistema de Vinculación con los OPLE"     # control chars and newlines gone
    assert "Comisión" not in abbrs and "A]B" not in abbrs
    assert abbrs["TV-INE"] == manual.roles["TV-INE"].name                # from the role catalogue
