"""SEC001: no raw HTML, template delimiters or javascript:/data: links in any text."""
import pytest

from tests.common import findings, line_of, manual_copy, procedure, write



def test_plain_text_passes(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", "- {cvo: 1, accion: 'Publicar: menos de 5 días (a < b no es etiqueta)', "
                             "responsables: [CV-INE], salidas: [Oficio]}")
    assert findings(root, "SEC001") == []


@pytest.mark.parametrize("text", [
    "<b>Publicar</b>", "<script>alert(1)</script>", "<!-- x -->", "{{ 7*7 }}", "{% if x %}", "{# c #}",
    "[ver](javascript:alert(1))", "DATA:text/html;base64,x", "vbscript:x",
])
def test_unsafe_step_text_fails_at_its_position(tmp_path, text):
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: Publicar
          responsables: [CV-INE]
          salidas: [Oficio]
          nota: '{text}'
    """)
    [problem] = findings(root, "SEC001")
    assert (problem.subject, problem.step) == ("CV-09", 1)
    assert (problem.location.line, problem.location.column) == (line_of(path, "nota:"), 5)
    assert problem.blocking


def test_every_file_is_scanned(tmp_path):
    root = manual_copy(tmp_path)
    roles = root / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "tipo: persona\n    siglas: TV-INE", "tipo: persona\n    nota: '<img src=x onerror=alert(1)>'\n    siglas: TV-INE"),
        encoding="utf-8")
    glossary = write(root, "glosario.yaml", """
        terminos:
          - termino: SIVOPLE
            definicion: "{{ cycler.__init__.__globals__.os.getcwd() }}"
            sigla: true
    """)
    got = {(p.subject, p.location.file.rsplit("/", 1)[-1], p.location.line) for p in findings(root, "SEC001")}
    assert got == {("roles", "roles.yaml", line_of(roles, "onerror")),
                   ("glosario", "glosario.yaml", line_of(glossary, "definicion:"))}


# Issue 17, class 1: text that an output turns into markup after escaping (the search index
# folds «≮» into «<»; NFKC turns full-width «＜» into «<»; a browser drops a tab inside a URL).
DISGUISED = [
    "\u226eimg src=x onerror=alert(1)\u226f", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "\ufe64b\ufe65", "\uff1c!-- x --\uff1e", "\uff5b\uff5b 7*7 \uff5d\uff5d", "\ufe5b% if x %\ufe5c", "{\uff03 c #}",
    "\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54\uff1aalert(1)", "java\tscript:alert(1)",
    "java\u200bscript:alert(1)", "d\u0000ata:text/html,x", "vbscript\uff1ax", "\u226e/b\u226f",
]


@pytest.mark.parametrize("text", DISGUISED, ids=[ascii(t)[:30] for t in DISGUISED])
def test_disguised_markup_is_judged_as_outputs_see_it(tmp_path, text):
    import json
    root = manual_copy(tmp_path)
    path = procedure(root, "CV-09", f"""
        - cvo: 1
          accion: Publicar
          responsables: [CV-INE]
          salidas: [Oficio]
          nota: {json.dumps(text)}
    """)
    [problem] = findings(root, "SEC001")
    assert (problem.location.line, problem.location.column) == (line_of(path, "nota:"), 5)
    assert problem.blocking


@pytest.mark.parametrize("text", ["evaluación", "Año ≥ 2024 y ≤ 2030", "≠ «A»", "ＣＶ－ＩＮＥ", "a ≯ b",
                                  "Publicar: menos de 5"])
def test_ordinary_unicode_passes(tmp_path, text):
    import json
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", f"- {{cvo: 1, accion: {json.dumps(text)}, responsables: [CV-INE], salidas: [Oficio]}}")
    assert findings(root, "SEC001") == []


def test_trigger_prefilter_covers_every_character_that_normalises_into_a_trigger():
    """The fast path skips texts without «<», «{», «:» or a character of FOLDS_TO_TRIGGER; it
    is exact only if that list holds every code point whose NFKD or NFKC form contains one
    of them (recomputed here over all of Unicode, so a new Unicode version cannot slip by)."""
    import sys
    import unicodedata
    from checks.rules.unsafe_text import FOLDS_TO_TRIGGER
    triggers = set("<{:")
    expected = set()
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if c in triggers:
            continue
        if triggers & set(unicodedata.normalize("NFKD", c) + unicodedata.normalize("NFKC", c)):
            expected.add(c)
    assert set(FOLDS_TO_TRIGGER) == expected


@pytest.mark.parametrize("text", DISGUISED + ["evaluación: fase ≥ 2", "Año ≥ 2024", "dátá:x", "jávascript:x",
                                              "\u00e9crire <i>", "\u2260 \uff1c", "x\u0338<"])
def test_prefilter_gives_the_full_judgement(text):
    """Same answer with and without the prefilter, on disguised and ordinary texts."""
    from checks.rules import unsafe_text
    slow = []
    for label, pattern in unsafe_text.PATTERNS:
        for i, view in enumerate(unsafe_text.views(text)):
            match = pattern.search(view)
            if match:
                note = "" if i == 0 else " (al normalizar el texto Unicode, como lo ven las salidas)"
                slow.append(f"{label} «{match.group(0)}»{note}")
                break
    assert unsafe_text.problems_in(text) == slow
