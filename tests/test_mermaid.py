"""Mermaid source generated from the model (macros/swimlanes.py, macros/mermaid.py): one
column per responsible role, one node per step in its first responsible's column, standard
symbols, accessible title and description, escaping, the print split with off-page
connectors, the organigrama. Unit tests on the model of small manuals; what the browser
draws is tested in tests/navegador/test_flujogramas.py."""
from __future__ import annotations

import re

from checks import check
from macros.mermaid import flowchart, org_chart
from macros.swimlanes import (column_name, flowchart_parts, markup_free, part_captions, short_text,
                              split_points)
from tests.common import manual_copy, procedure, write

NODE = re.compile(r'^\s*(s\d+)\["([^"]*)"\]$', re.M)
COLUMN = re.compile(r'^  subgraph (c\d+)\[" "\]\n    h\d+\["([^"]*)"\]\n((?:    .*\n)*?)  end$', re.M)


def _manual(tmp_path, steps_yaml, proc_id="CV-05", roles_extra=""):
    root = manual_copy(tmp_path)
    if roles_extra:
        text = (root / "roles.yaml").read_text(encoding="utf-8")
        write(root, "roles.yaml", text + roles_extra)
    procedure(root, proc_id, steps_yaml)
    manual = check(root).manual       # compliance findings do not matter here, only the model
    assert proc_id in manual.procedures
    return manual


def _columns(src):
    """[(column id, title text, [node ids declared in it])] in source (= drawing) order."""
    out = []
    for cid, title, body in COLUMN.findall(src):
        ids = re.findall(r"^    ([A-Za-z0-9_]+)(?:\[|\{|@)", body, re.M)
        out.append((cid, re.sub(r"<br>|#160;|</?[ib]>", " ", title).split(), ids))
    return out


STEPS = """
    - {cvo: 1, accion: Uno, responsables: [CV-INE], salidas: [A]}
    - {cvo: 2, accion: Dos, responsables: [TV-INE, CV-INE], insumos: [A], salidas: [B]}
    - {cvo: 3, accion: Tres, responsables: [TV-INE], insumos: [B], salidas: [C]}
    - {cvo: 4, accion: Cuatro, responsables: [CV-INE, DEVySPE], insumos: [C], salidas: [D]}
"""


def test_una_columna_por_rol_y_cada_paso_en_la_de_su_primer_responsable(tmp_path):
    manual = _manual(tmp_path, STEPS)
    src = flowchart(manual.procedures["CV-05"], manual)
    cols = _columns(src)
    # One column per role (never per combination), in order of first appearance.
    assert [c[1][0] for c in cols] == ["CV-INE", "TV-INE", "DEVySPE"]
    assert [c[0] for c in cols] == ["c0", "c1", "c2"]
    steps_in = {cid: [i for i in ids if re.fullmatch(r"s\d+", i)] for cid, _, ids in cols}
    assert steps_in == {"c0": ["s1", "s4"], "c1": ["s2", "s3"], "c2": []}
    # A shared step names the others; a role that never leads keeps its column with a note.
    labels = dict(NODE.findall(src))
    assert "<i>con CV-INE</i>" in labels["s2"] and "<i>con DEVySPE</i>" in labels["s4"]
    assert "con" not in markup_free(labels["s1"]).split(".", 1)[1]
    assert " ".join(cols[2][1]) == "DEVySPE participa en el paso 4"
    # The titles all sit above the first node (invisible links), Inicio and Fin are terminals.
    assert [f"h{n}" for n in range(3)] == re.findall(r"^  (h\d+) ~~~ inicio$", src, re.M)
    assert 'inicio@{ shape: stadium, label: "Inicio" }' in src and 'fin@{ shape: stadium, label: "Fin" }' in src


def test_el_documento_que_pasa_a_otra_columna_va_en_la_flecha(tmp_path):
    manual = _manual(tmp_path, STEPS)
    src = flowchart(manual.procedures["CV-05"], manual)
    edges = re.findall(r"^\s*(\w+) --> (\w+)$", src, re.M)
    # 1 (CV-INE) hands A to 2 (TV-INE); 2 -> 3 stay in TV-INE; 3 hands C to 4 (CV-INE).
    assert edges == [("inicio", "s1"), ("s1", "o1"), ("o1", "s2"), ("s2", "s3"), ("s3", "o3"), ("o3", "s4"),
                     ("s4", "fin")]
    assert 'o1["A"]' in src and "o1@{ shape: doc }" in src and "o3@{ shape: doc }" in src
    assert "o2" not in src


def test_la_decision_es_un_rombo_con_ramas_rotuladas(tmp_path):
    manual = _manual(tmp_path, """
        - cvo: 1
          accion: Revisar
          responsables: [CV-INE]
          salidas: [A]
          decision:
            pregunta: ¿Procede?
            opciones:
              - {etiqueta: "Sí", ir_a: 2}
              - {etiqueta: "No", ir_a: 9}
        - {cvo: 2, accion: Firmar, responsables: [CV-INE], insumos: [A], salidas: [B]}
    """)
    src = flowchart(manual.procedures["CV-05"], manual)
    assert 'd1{"¿Procede?"}' in src and "s1 --> d1" in src
    assert 'd1 -->|"Sí"| s2' in src and 'd1 -->|"No"| fin' in src     # no step 9: the branch ends
    assert "s1 --> s2" not in src
    assert re.search(r"^  class d1 decision$", src, re.M)


def test_titulos_de_columna_por_sigla_o_nombre_corto_nunca_el_id(tmp_path):
    manual = _manual(tmp_path, """
        - {cvo: 1, accion: Uno, responsables: [COMISION-X], salidas: [A]}
        - {cvo: 2, accion: Dos, responsables: [DIRECCION], insumos: [A], salidas: [B]}
        - {cvo: 3, accion: Tres, responsables: [CV-INE], insumos: [B], salidas: [C]}
    """, roles_extra="""
  - id: COMISION-X
    nombre: Comisión de Vinculación y Servicio Profesional Electoral
    tipo: organo_colegiado
    sinonimos: [Comisión de Seguimiento, Comisión]
    definido_en_manual: true
""")
    assert column_name("COMISION-X", manual) == "Comisión"          # a synonym that begins the name
    assert column_name("DIRECCION", manual) == manual.roles["DIRECCION"].name   # no such synonym
    assert column_name("CV-INE", manual) == "CV-INE"                 # the acronym
    src = flowchart(manual.procedures["CV-05"], manual)
    titles = [" ".join(c[1]) for c in _columns(src)]
    assert titles[0] == "Comisión" and "COMISION-X" not in src.split("accDescr")[1]


def test_etiquetas_cortas_sin_cortar_palabras():
    text = "Elaborar un plan de trabajo para la realización del Certamen Interno con la DESPEN."
    for limit in range(12, len(text)):
        short = short_text(text, limit)
        assert len(short) <= limit or " " not in short
        assert short.endswith("…")
        stem = short[:-1]
        assert text.startswith(stem) and not text[len(stem)].isalnum(), short   # cut between words
        assert stem.split()[-1].casefold() not in {"de", "la", "para", "del", "un", "con"}, short
    assert short_text(text, len(text)) == text
    assert short_text("Supercalifragilístico", 5) == "Supercalifragilístico"   # one word stays whole


def test_titulo_y_descripcion_accesibles(tmp_path):
    manual = _manual(tmp_path, STEPS)
    src = flowchart(manual.procedures["CV-05"], manual)
    title = re.search(r"^  accTitle: (.*)$", src, re.M).group(1)
    desc = re.search(r"^  accDescr: (.*)$", src, re.M).group(1)
    assert "CV-05" in title
    assert "4 pasos" in desc and "3 columnas" in desc and "CV-INE, TV-INE, DEVySPE" in desc


def test_las_etiquetas_hostiles_no_rompen_el_diagrama(tmp_path):
    hostile = 'x"] --> Z["<img src=x onerror=alert(1)> `cmd` %%{init}%% #1 & end \' title=\'y'
    quoted = "'" + hostile.replace("'", "''") + "'"            # YAML single-quoted scalar
    manual = _manual(tmp_path, f"""
        - cvo: 1
          accion: {quoted}
          responsables: [CV-INE]
          salidas: [{quoted}]
        - {{cvo: 2, accion: Dos, responsables: [TV-INE], insumos: [A], salidas: [B]}}
    """)
    src = flowchart(manual.procedures["CV-05"], manual)
    nodes = NODE.findall(src)
    assert [n for n, _ in nodes] == ["s1", "s2"]
    label = nodes[0][1]
    # The only markup is the generated link, its tooltip holds the text without quotes or tags.
    assert re.match(r"<a href='#paso-1' style='[^'<>]*' title='[^'<>\"]*'>", label), label
    for ch in "\"<>`%":
        assert ch not in markup_free(label), label
    doc = re.search(r'^    o1\["([^"]*)"\]$', src, re.M).group(1)
    assert not set(doc) & set("\"<>`%"), doc
    assert len(re.findall(r"-->", src)) == 4
    assert src.count("%%{init") == 1 and src.startswith("%%{init")        # only ours


def test_al_imprimir_un_procedimiento_largo_se_parte_con_conectores(tmp_path):
    steps = "\n".join(
        f"- {{cvo: {n}, accion: 'Paso número {n} del procedimiento con una acción de varias palabras "
        f"que ocupa más de una línea', responsables: [{'CV-INE' if n % 3 else 'TV-INE'}], "
        f"insumos: [X{n - 1}], salidas: [X{n}]}}" for n in range(1, 31))
    manual = _manual(tmp_path, steps)
    proc = manual.procedures["CV-05"]
    parts_idx = split_points(proc, manual)
    assert len(parts_idx) > 1
    assert [i for part in parts_idx for i in part] == list(range(30))      # every step once, in order
    parts = flowchart_parts(proc, manual)
    assert len(parts) == len(parts_idx) == len(part_captions(proc, manual))
    for n, src in enumerate(parts):
        assert [" ".join(c[1]) for c in _columns(src)] == ["CV-INE", "TV-INE"]   # same columns on every page
        assert "href=" not in src                                                 # no links on paper
        outgoing = re.findall(r'^    k(\d+)o@\{ shape: flip-tri, label: "([A-Z])" \}$', src, re.M)
        incoming = re.findall(r'^    k(\d+)i@\{ shape: flip-tri, label: "([A-Z])" \}$', src, re.M)
        assert ("inicio" in src) == (n == 0) and ('fin@{' in src) == (n == len(parts) - 1)
        if n < len(parts) - 1:
            assert len(outgoing) == 1
            nxt = re.findall(r'^    k(\d+)i@\{ shape: flip-tri, label: "([A-Z])" \}$', parts[n + 1], re.M)
            assert nxt == outgoing                                                # same letter both ends
        if n:
            assert len(incoming) == 1
    assert "(parte 1 de" in parts[0]


def test_el_organigrama_tiene_un_nodo_por_unidad(tmp_path):
    root = manual_copy(tmp_path)
    text = (root / "manual.yaml").read_text(encoding="utf-8")
    write(root, "manual.yaml", text + """
estructura:
  nombre: Dirección «A»
  rol: DIRECCION
  dependientes:
    - nombre: 'Coordinación "B" <i>'
      rol: CV-INE
      dependientes:
        - {nombre: Área C, rol: TV-INE}
    - nombre: Coordinación D
""")
    report = check(root)
    assert report.manual.info.structure
    src = org_chart(report.manual.info.structure, report.manual)
    labels = re.findall(r'^\s*(o\d+)\["([^"]*)"\]$', src, re.M)
    assert [n for n, _ in labels] == ["o1", "o2", "o3", "o4"]
    assert re.findall(r"^\s*(o\d+) --> (o\d+)$", src, re.M) == [("o1", "o2"), ("o2", "o3"), ("o1", "o4")]
    assert "<" not in labels[1][1] and '"' not in labels[1][1]
    assert "(CV-INE)" in labels[1][1]          # the acronym of the unit's role is shown
