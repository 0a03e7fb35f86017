"""Mermaid source generated from the model: one node per step, lanes, shared steps,
decisions, escaping, organigrama. Unit tests on the model of small manuals."""
from __future__ import annotations

import re

from checks import check
from macros.mermaid import flowchart, org_chart
from tests.common import manual_copy, procedure, write

NODE = re.compile(r'^\s*(s\d+)\["([^"]*)"\]$', re.M)


def _manual(tmp_path, steps_yaml, proc_id="CV-05"):
    root = manual_copy(tmp_path)
    procedure(root, proc_id, steps_yaml)
    manual = check(root).manual       # compliance findings do not matter here, only the model
    assert proc_id in manual.procedures
    return manual


def test_un_nodo_por_paso_en_orden_y_aristas_consecutivas(tmp_path):
    manual = _manual(tmp_path, """
        - {cvo: 1, accion: Uno, responsables: [CV-INE], salidas: [A]}
        - {cvo: 2, accion: Dos, responsables: [TV-INE], insumos: [A], salidas: [B]}
        - {cvo: 3, accion: Tres, responsables: [CV-INE], insumos: [B], salidas: [C]}
    """)
    src = flowchart(manual.procedures["CV-05"], manual)
    assert sorted(n for n, _ in NODE.findall(src)) == ["s1", "s2", "s3"]     # declared lane by lane
    edges = re.findall(r"^\s*(\w+) --> (\w+)$", src, re.M)
    assert edges == [("inicio", "s1"), ("s1", "s2"), ("s2", "s3"), ("s3", "fin")]
    lanes = re.findall(r'^\s*subgraph l\d+\["([^"]*)"\]', src, re.M)
    assert lanes == ["CV-INE", "TV-INE"]          # one lane per party, steps 1 and 3 share a lane


def test_una_decision_sin_destino_valido_va_al_fin(tmp_path):
    manual = _manual(tmp_path, """
        - cvo: 1
          accion: Revisar
          responsables: [CV-INE]
          salidas: [A]
          decision:
            pregunta: ¿Procede?
            opciones:
              - {etiqueta: "Sí", ir_a: 2}
              - {etiqueta: "No", ir_a: 1}
        - {cvo: 2, accion: Firmar, responsables: [CV-INE], insumos: [A], salidas: [B]}
    """)
    src = flowchart(manual.procedures["CV-05"], manual)
    assert 'd1 -->|"Sí"| s2' in src and 'd1 -->|"No"| s1' in src
    assert "s1 --> s2" not in src


def test_las_etiquetas_hostiles_no_rompen_el_diagrama(tmp_path):
    hostile = 'x"] --> Z["<img src=x onerror=alert(1)> `cmd` %%{init}%% #1 & end'
    manual = _manual(tmp_path, f"""
        - cvo: 1
          accion: '{hostile}'
          responsables: [CV-INE]
          salidas: [A]
        - {{cvo: 2, accion: Dos, responsables: [TV-INE], insumos: [A], salidas: [B]}}
    """)
    src = flowchart(manual.procedures["CV-05"], manual)
    nodes = NODE.findall(src)
    assert [n for n, _ in nodes] == ["s1", "s2"]
    label = nodes[0][1]
    for ch in '"<>`%':
        assert ch not in label
    assert len(re.findall(r"-->", src)) == 3


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
