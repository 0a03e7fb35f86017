"""Completeness score: definition, per procedure, per coordination (step-weighted)."""
from checks import check
from checks.completeness import DEFINITION, as_dict, completeness
from tests.common import line_of, manual_copy, procedure, write


def test_definition_states_the_weighting_and_exceptions():
    assert "3 × pasos + 4" in DEFINITION
    assert "cuenta como no cumplido" in DEFINITION


def test_scores_per_procedure_and_coordination(tmp_path):
    root = manual_copy(tmp_path)
    # CV-08: 1 complete step + objective + norm + flowchart, no risks -> 3 + 3 of 7.
    procedure(root, "CV-08", """
        - {cvo: 1, accion: A, responsables: [CV-INE], insumos: [Oficio], salidas: [Acuse]}
    """, extra="""
        objetivo: Notificar.
        normativa: [CPEUM]
        flujograma:
          carriles:
            - {rol: CV-INE, actividades: [A]}
    """)
    # CV-09: step 1 owner unknown role, output N/A, no inputs; step 2 fine; nothing else -> 3 of 10.
    procedure(root, "CV-09", """
        - {cvo: 1, accion: A, responsables: [NADIE], salidas: ["N/A"]}
        - {cvo: 2, accion: B, responsables: [CV-INE], insumos: [Oficio], salidas: [Acuse]}
    """)
    report = check(root)
    result = completeness(report.manual, report.problems)
    p8, p9 = result.procedures["CV-08"], result.procedures["CV-09"]
    assert (p8.met, p8.total) == (6, 7)
    assert [c.key for c in p8.missing] == ["riesgos"]
    assert (p9.met, p9.total) == (3, 10)
    assert [(c.key, c.step) for c in p9.missing] == [
        ("responsable", 1), ("salida", 1), ("insumos", 1),
        ("objetivo", None), ("normativa", None), ("riesgos", None), ("flujograma", None)]
    # Each criterion points at the key it judges (the procedure itself when the key is absent).
    path9 = root / "procedimientos" / "CV-09.yaml"
    where = {(c.key, c.step): (c.location.file, c.location.line, c.location.column) for c in p9.missing}
    assert where[("responsable", 1)] == (str(path9), line_of(path9, "responsables: [NADIE]"), 25)
    assert where[("salida", 1)] == (str(path9), line_of(path9, "responsables: [NADIE]"), 48)
    assert where[("objetivo", None)][1:] == (1, 1)
    # minimo's CV-02: 3 complete steps, no objective/norms/risks/flowchart -> 9 of 13.
    p2 = result.procedures["CV-02"]
    assert (p2.met, p2.total) == (9, 13)
    coord = result.coordinations["CV-INE"]
    assert (coord.met, coord.total) == (6 + 3 + 9, 7 + 10 + 13)       # pooled, not a mean of percentages
    assert (result.met, result.total) == (18, 30)
    assert result.percent == 60.0
    data = as_dict(result)
    assert data["porcentaje"] == 60.0
    assert {p["id"]: p["porcentaje"] for p in data["procedimientos"]} == {"CV-02": 69.2, "CV-08": 85.7, "CV-09": 30.0}


def test_excepted_gap_still_counts_as_missing(tmp_path):
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", '- {cvo: 1, accion: A, responsables: [CV-INE], insumos: [Oficio], salidas: ["N/A"]}')
    write(root, "excepciones.yaml", """
        excepciones:
          - {regla: PRC002, objeto: CV-09, paso: 1, motivo: N/A en el manual., resuelve: CV-INE, vence: "2999-01-01"}
    """)
    report = check(root)
    assert report.blocking == []
    score = completeness(report.manual, report.problems).procedures["CV-09"]
    assert ("salida", 1) in [(c.key, c.step) for c in score.missing]
    assert score.excepted == 1


def test_coordination_risks_satisfy_the_risk_criterion(tmp_path):
    root = manual_copy(tmp_path)
    coord = root / "coordinaciones" / "CV-INE.yaml"
    coord.write_text(coord.read_text(encoding="utf-8").replace(
        "riesgos: []", "riesgos:\n  - {id: R-C-01, probabilidad: 1, impacto: 1, nivel: 1}"), encoding="utf-8")
    report = check(root)
    score = completeness(report.manual, report.problems).procedures["CV-02"]
    assert "riesgos" not in [c.key for c in score.missing]


# --- site pages: «Estado de cumplimiento» and «Reglas» ----------------------------------

def _site(root):
    from macros import site as site_state
    return site_state.build(str(root))


def test_estado_page_shows_definition_scores_and_marked_exceptions(tmp_path):
    from macros.links import COMPLIANCE as ESTADO
    root = manual_copy(tmp_path)
    procedure(root, "CV-09", '- {cvo: 1, accion: A, responsables: [CV-INE], insumos: [Oficio], salidas: ["N/A"]}')
    write(root, "excepciones.yaml", """
        excepciones:
          - {regla: PRC002, objeto: CV-09, paso: 1, motivo: "El manual registra N/A | [ver](x).", resuelve: CV-INE,
             vence: "2999-01-01"}
    """)
    site = _site(root)
    page = site.render(ESTADO)
    assert "3 × pasos + 4" in page                            # the definition, verbatim
    result = completeness(site.report.manual, site.report.problems)
    assert f"{result.met} de {result.total}" in page
    row = next(l for l in page.splitlines() if "procedimientos/CV-09.md" in l and l.startswith("| "))
    assert "salida \\(1 paso\\)" in row and row.rstrip().endswith("| 1 |")      # excepted count
    excepted = page.split("## Errores exceptuados (1)")[1]
    assert "PRC002" in excepted and "**Exceptuado** hasta 2999\\-01\\-01" in excepted
    assert "N/A \\| \\[ver\\]\\(x\\)" in excepted                      # YAML text escaped
    assert "## Advertencias" in page


def test_reglas_page_documents_every_registered_rule():
    import inspect

    from checks import rules
    from checks.config import default_settings
    from checks.engine import Report
    from checks.model import Manual
    from macros.pages.compliance import rules_page as reglas_page
    page = reglas_page(Report(Manual(), settings=default_settings()))
    for rule in rules.all_rules():
        doc = inspect.cleandoc(rule.__doc__)
        assert "Correcto:" in doc and "Incorrecto:" in doc and doc.count("```yaml") >= 2, rule.ID
        assert f"## {rule.ID} · {rule.NAME} {{#{rule.ID.lower()}}}" in page
        assert f"[{rule.ID}](#{rule.ID.lower()})" in page
    assert len({r.ID for r in rules.all_rules()}) == len(rules.all_rules())
    assert "| YAML002 |" in page and "| ESQ001 |" in page
