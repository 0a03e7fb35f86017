"""Acronym glossary of the site (macros/abbreviations.py): from the glossary and the role
catalogue, sanitised."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


_CLAVE = st.text(alphabet=st.sampled_from(list("ABCab1é-./ _")), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.lists(_CLAVE, min_size=1, max_size=12, unique=True),
       st.text(alphabet=st.sampled_from(list("ABCab1é-./ _\x02\x03wz:0,")), max_size=60))
def test_el_patron_en_arbol_encuentra_lo_mismo_que_la_alternancia(claves, texto):
    """acronym_pattern (a trie) matches what abbr's alternation of the keys sorted longest
    first matches: same acronyms, same places, placeholders skipped the same way."""
    import re

    from macros.abbreviations import PLACEHOLDER, acronym_pattern

    ordenadas = sorted(claves, key=len, reverse=True)
    alternancia = re.compile(f"(?P<placeholder>{PLACEHOLDER})|\\b(?:{'|'.join(re.escape(k) for k in ordenadas)})\\b")
    arbol = acronym_pattern(tuple(claves))
    assert [(m.span(), m.group("placeholder")) for m in arbol.finditer(texto)] == \
        [(m.span(), m.group("placeholder")) for m in alternancia.finditer(texto)]
    # also the keys themselves and runs of them
    junto = " ".join(claves) + "-" + "".join(claves)
    assert [m.span() for m in arbol.finditer(junto)] == [m.span() for m in alternancia.finditer(junto)]
