"""Flowcharts by columns, measured on the drawn SVG in Chromium at 1280 px, for every
procedure of the manual: one column per responsible role, side by side with a common top
edge, titled with the role's short name; every step inside its first responsible's column;
labels ≥ 12 px; accessible title and description; decisions drawn as diamonds (the manual's
procedures and the Simbología's complete example, which has one). A screenshot of each
flowchart is kept in tests/artefactos/navegador/flujogramas/.
"""
from __future__ import annotations

import re
from itertools import combinations

import pytest

from macros.pages.symbology import PAGE as SYMBOLOGY
from macros.links import proc_url
from tests.navegador.apoyo import page_path
from tests.navegador.geometria import drawings, is_diamond

pytestmark = pytest.mark.navegador

MIN_LABEL_PX = 12.0


def _open(sesion, path: str):
    response = sesion.go(path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    sesion.wait_for_diagrams()
    sesion.page.wait_for_load_state("networkidle")


def _flowchart(sesion, proc):
    charts = [d for d in drawings(sesion.page) if d.roledescription == "swimlane"]
    assert len(charts) == 1, f"{proc.id}: se esperaba un flujograma por columnas y hay {len(charts)}"
    return charts[0]


def _responsible_roles(proc) -> list[str]:
    """Distinct responsible roles, in order of first appearance (from the model, not from the
    generator under test)."""
    seen: dict[str, None] = {}
    for step in proc.steps:
        for role in step.real_responsibles:
            seen.setdefault(role, None)
    return list(seen)


def _acceptable_titles(role) -> set[str]:
    """What a column may be titled: the acronym if there is one, else the name or a synonym
    (how people say it); never the id (unless the id *is* the acronym)."""
    if role.acronym:
        return {role.acronym}
    names = {role.name, *role.synonyms}
    return {" ".join(n.split()) for n in names}


def _header_title(node_text: str) -> str:
    """Column title in a header node: its text before «participa en…» (the note)."""
    return re.split(r"\s+participa en\b", node_text)[0].strip()


def test_flujograma_por_columnas(sesion, procedimiento, manual_elegido):
    proc, manual = procedimiento, manual_elegido.manual
    _open(sesion, page_path(proc_url(proc.id)))
    chart = _flowchart(sesion, proc)

    # One column per distinct responsible role (plus «Sin responsable» if a step has none).
    roles = _responsible_roles(proc)
    expected = len(roles) + (1 if any(not s.real_responsibles for s in proc.steps) else 0)
    columns = chart.columns()
    assert len(columns) == expected, f"{proc.id}: {len(columns)} columnas dibujadas para {expected} responsables"

    # Side by side: pairwise disjoint, common top edge, equal height.
    for (ida, a), (idb, b) in combinations(columns, 2):
        assert a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5, f"{proc.id}: las columnas {ida} y {idb} se enciman: {a} {b}"
    tops = [box[1] for _, box in columns]
    bottoms = [box[3] for _, box in columns]
    assert max(tops) - min(tops) <= 1, f"{proc.id}: las columnas no empiezan a la misma altura: {tops}"
    assert max(bottoms) - min(bottoms) <= 1, f"{proc.id}: las columnas no terminan a la misma altura: {bottoms}"

    # Titles: one header per column, inside it, in order of first appearance, short names.
    headers = sorted((n for n in chart.nodes.values() if re.fullmatch(r"h\d+", n.id)), key=lambda n: n.box[0])
    assert len(headers) == len(columns), f"{proc.id}: {len(headers)} títulos para {len(columns)} columnas"
    for (lane_id, lane), head, role_id in zip(columns, headers, roles + [None]):
        assert lane[0] <= head.box[0] and head.box[2] <= lane[2], f"{proc.id}: el título {head.text!r} sale de su columna"
        assert head.box[1] - lane[1] < 60, f"{proc.id}: el título {head.text!r} no está arriba de su columna"
        title = _header_title(head.text)
        if role_id is None:
            assert title == "Sin responsable"
            continue
        role = manual.roles[role_id]
        assert title in _acceptable_titles(role), \
            f"{proc.id}: la columna de {role_id} se titula {title!r}; se esperaba una de {_acceptable_titles(role)}"
    header_tops = [h.box[1] for h in headers]
    assert max(header_tops) - min(header_tops) <= 1, f"{proc.id}: títulos a distinta altura: {header_tops}"

    # Every step inside the column of its first responsible, below the titles.
    lane_of_role = {role_id: lane for role_id, (_, lane) in zip(roles, columns)}
    title_bottom = max(h.box[3] for h in headers)
    for number, step in enumerate(proc.steps, start=1):
        node = chart.nodes.get(f"s{number}")
        assert node is not None, f"{proc.id}: falta el nodo del paso {step.cvo}"
        assert node.text.startswith(f"{step.cvo}."), f"{proc.id}: el nodo s{number} dice {node.text[:60]!r}"
        if step.real_responsibles:
            lane = lane_of_role[step.real_responsibles[0]]
        else:
            lane = columns[-1][1]
        assert lane[0] <= node.box[0] + 0.5 and node.box[2] <= lane[2] + 0.5, \
            f"{proc.id}: el paso {step.cvo} ({node.box}) no está dentro de su columna {lane}"
        assert node.box[1] >= title_bottom, f"{proc.id}: el paso {step.cvo} queda encima de los títulos"
        others = step.real_responsibles[1:]
        if others:
            assert "con " in node.text, f"{proc.id}: el paso {step.cvo} no nombra a sus otros responsables"
        # No word cut: the visible text is the start of the action, cut between words.
        shown = re.sub(rf"^{step.cvo}\.\s*", "", node.link_text or "")
        action = " ".join(step.action.split())
        if shown.endswith("…"):
            stem = shown[:-1].rstrip()
            assert action.startswith(stem) and (len(action) == len(stem) or not action[len(stem)].isalnum()), \
                f"{proc.id}: la etiqueta del paso {step.cvo} corta una palabra: {shown!r}"
        else:
            assert shown == action, f"{proc.id}: paso {step.cvo}: {shown!r} no es la acción"
        # Full text: the label links to the table row and carries it as tooltip.
        assert node.href == f"#paso-{step.cvo}", f"{proc.id}: el paso {step.cvo} enlaza a {node.href!r}"
        assert node.tip and action in " ".join(node.tip.split()), f"{proc.id}: falta el texto completo del paso {step.cvo}"
        assert sesion.page.locator(f"#paso-{step.cvo}").count() == 1, f"{proc.id}: no existe la fila #paso-{step.cvo}"

    # Legible at 1280 px.
    small = {n.id: round(n.font, 1) for n in chart.nodes.values() if n.font is not None and n.font < MIN_LABEL_PX}
    assert not small, f"{proc.id}: etiquetas de menos de {MIN_LABEL_PX} px (escala {chart.scale:.2f}): {small}"

    # Accessible name and description, referenced by aria attributes.
    assert chart.title and chart.title[0] == "title" and proc.id in chart.title[1], f"{proc.id}: título {chart.title}"
    assert chart.desc and chart.desc[0] == "desc", f"{proc.id}: sin descripción accesible"
    assert f"{len(proc.steps)} paso" in chart.desc[1] and f"{expected} columna" in chart.desc[1], chart.desc[1]

    # Symbols: terminals, decisions as diamonds with one labelled branch per option.
    assert "inicio" in chart.nodes and "fin" in chart.nodes, f"{proc.id}: faltan Inicio o Fin"
    for number, step in enumerate(proc.steps, start=1):
        if step.decision:
            node = chart.nodes.get(f"d{number}")
            assert node is not None and is_diamond(node.polygon), f"{proc.id}: la decisión del paso {step.cvo} no es un rombo"
            for option in step.decision.options:
                assert option.label.strip() in " ".join(chart.edge_labels)

    # Text alternative and symbology linked next to the diagram.
    section = sesion.page.locator("h2#flujograma ~ p")
    texts = " ".join(section.all_inner_texts())
    assert "Texto alternativo" in texts and "Simbología" in texts
    assert sesion.page.locator(f'.md-content a[href$="{page_path(SYMBOLOGY).lstrip("/")}"]').count() >= 1
    sesion.assert_clean()

    # Screenshots to look at: the page, and the diagram alone (the sticky header hidden).
    shot = sesion.screenshot(f"flujogramas/{proc.id}-pagina.png")
    sesion.page.add_style_tag(content=".md-header { visibility: hidden; }")
    sesion.page.locator(".flujograma div.mermaid").first.screenshot(path=str(shot.with_name(f"{proc.id}.png")))


def test_un_clic_en_un_paso_lleva_a_su_fila(sesion, manual_elegido):
    proc = max(manual_elegido.manual.procedures.values(), key=lambda p: len(p.steps))
    _open(sesion, page_path(proc_url(proc.id)))
    step = proc.steps[len(proc.steps) // 2]
    number = list(proc.steps).index(step) + 1
    node = _flowchart(sesion, proc).nodes[f"s{number}"]
    sesion.page.evaluate(f"window.scrollBy(0, {node.box[1] - 300})")
    node = _flowchart(sesion, proc).nodes[f"s{number}"]          # measured again, in view
    link = node.link_box
    assert link, f"el paso {step.cvo} no tiene enlace"
    sesion.page.mouse.click((link[0] + link[2]) / 2, (link[1] + link[3]) / 2)
    sesion.page.wait_for_function(f"() => location.hash === '#paso-{step.cvo}'")
    row_top = sesion.page.evaluate(f"document.getElementById('paso-{step.cvo}').getBoundingClientRect().top")
    assert 0 <= row_top < 900, f"la fila del paso {step.cvo} no quedó a la vista (top={row_top})"
    sesion.assert_clean()


def test_la_simbologia_dibuja_cada_simbolo(sesion):
    _open(sesion, page_path(SYMBOLOGY))
    sesion.screenshot("flujogramas/simbologia.png")
    charts = drawings(sesion.page)
    example = [d for d in charts if d.title and "EJEMPLO" in d.title[1]]
    assert len(example) == 1, "falta el ejemplo completo"
    ex = example[0]
    assert len(ex.columns()) == 4
    decision = ex.nodes.get("d2")
    assert decision is not None and is_diamond(decision.polygon), "la decisión del ejemplo no es un rombo"
    assert {"Sí", "No"} <= set(ex.edge_labels), ex.edge_labels
    assert any(n.id.startswith("o") for n in ex.nodes.values()), "el ejemplo no dibuja el documento que pasa de columna"
    # One drawn example per symbol, each right under its own heading.
    headings = sesion.page.locator(".simbologia h2").all_inner_texts()
    for name in ("Columna", "Inicio y fin", "Actividad", "Decisión", "Documento", "Conector fuera de página",
                 "Dirección del flujo"):
        assert any(h.startswith(name) for h in headings), f"falta el símbolo {name}"
    assert sesion.page.locator(".simbologia__simbolo div.mermaid").count() == len(headings)
    diamonds = [n for d in charts for n in d.nodes.values() if is_diamond(n.polygon)]
    assert diamonds, "ningún rombo dibujado"
    sesion.assert_clean()
