"""Every page address, anchor and link of the site, in one place.

Page addresses are ``.md`` source paths relative to ``docs/`` (MkDocs rewrites links to
them). A :class:`Links` object writes the links of one page: on the site it links to the
other pages (relative URLs); in print mode (the one-page print version) a link to a
procedure or coordination becomes an in-document anchor and any other reference is plain
text, so the same widget (e.g. the activity table) serves both outputs.

Anchors are built from validated identifiers (``[A-Za-z][A-Za-z0-9_-]*``), step numbers or
counters, never from free text.
"""
from __future__ import annotations

# --- navigation sections, in order (coordinations go between MANUAL and ROLES) ----------

HOME_SECTION = "Inicio"
MANUAL_SECTION = "El manual"
ROLES_SECTION = "Roles «¿Qué me toca?»"
REFERENCE_SECTION = "Consulta"
COMPLIANCE_SECTION = "Cumplimiento"
ORPHANS_SECTION = "_sin_coordinacion"      # procedures whose coordination is not in the manual
ORPHANS_TITLE = "Sin coordinación"

# --- page addresses ------------------------------------------------------------------------

HOME = "index.md"
INTRO = "manual/introduccion.md"
BACKGROUND = "manual/antecedentes.md"
NORMS = "manual/marco-normativo.md"
OBJECTIVES = "manual/objetivos.md"
STRUCTURE = "manual/estructura.md"
SIGNATURES = "manual/firmas.md"
CHANGELOG = "manual/control-de-cambios.md"
ROLES_INDEX = "roles/index.md"
MATRIX = "consulta/matriz-roles.md"
RISKS = "consulta/riesgos.md"
DOCUMENTS = "consulta/documentos.md"
GLOSSARY = "consulta/glosario.md"
COMPLIANCE = "cumplimiento/index.md"      # the section page (navigation.indexes)
RULES = "cumplimiento/reglas.md"
PRINT = "imprimir.md"
SYMBOLOGY = "manual/simbologia.md"         # macros/pages/symbology.py
PRINT_SYMBOLOGY = "simbologia"            # its anchor in the print version
DOWNLOADS_DIR = "descargas"
DOWNLOADS = f"{DOWNLOADS_DIR}/index.md"
PDF_NAME = "manual.pdf"                   # written by scripts/pdf.py into site/descargas/
DOCX_NAME = "manual.docx"       # written by scripts/word.py into site/descargas/ (issue 16)
PDF = f"{DOWNLOADS_DIR}/{PDF_NAME}"
WORKBOOK = "manual.xlsx"
JSON_FILE = "manual.json"

# Downloadable tables: file name (without extension) -> (title, description).
DOWNLOAD_TABLES = {
    "actividades": ("Actividades", "Una fila por paso de cada procedimiento: procedimiento, coordinación, "
                                   "acción, responsables, insumos, salidas, decisión y nota."),
    "roles": ("Matriz de roles", "Una fila por rol y una columna por procedimiento; cada celda lista los "
                                 "pasos (Cvo.) en que el rol participa."),
    "riesgos": ("Matriz de riesgos", "Una fila por riesgo de procedimientos y coordinaciones: probabilidad, "
                                     "impacto, nivel, tratamiento, acciones y revaloración."),
    "hallazgos": ("Hallazgos de cumplimiento", "Todos los hallazgos de python -m checks, incluidos los "
                                               "exceptuados (con motivo, responsable y vencimiento) y las advertencias."),
}


def proc_url(proc_id: str) -> str:
    return f"procedimientos/{proc_id}.md"


def coord_url(coord_id: str) -> str:
    return f"coordinaciones/{coord_id}.md"


def role_url(role_id: str) -> str:
    return f"roles/{role_id}.md"


def download(name: str) -> str:
    """Address of a generated download (``actividades.xlsx``, ``manual.json``…)."""
    return f"{DOWNLOADS_DIR}/{name}"


# --- anchors ----------------------------------------------------------------------------

def step_anchor(cvo) -> str:
    return f"paso-{cvo}"


def risk_anchor(risk_id: str) -> str:
    return f"riesgo-{risk_id}"


def norm_anchor(norm_id: str) -> str:
    return f"norma-{norm_id}"


def rule_anchor(rule_id: str) -> str:
    return rule_id.lower()


def version_anchor(version: str) -> str:
    """Anchor of a published version in the change log (page and print version); versions are
    validated numbers (``2024.1``)."""
    return "cambios-version-" + str(version).replace(".", "-")


def print_proc_anchor(proc_id: str) -> str:
    """Anchor of a procedure in the print version."""
    return f"proc-{proc_id}"


def print_coord_anchor(coord_id: str) -> str:
    """Anchor of a coordination in the print version."""
    return f"coord-{coord_id}"


# --- links ------------------------------------------------------------------------------

def rel(target: str, here: str) -> str:
    """Relative URL (to the ``.md`` source, which MkDocs rewrites) from page ``here``."""
    return "../" * here.count("/") + target


def link(text: str, target: str, here: str) -> str:
    """Markdown link; ``text`` must already be escaped Markdown."""
    return f"[{text}]({rel(target, here)})"


class Links:
    """The links of one page (``here``); ``print_mode``: of the print version."""

    def __init__(self, here: str, print_mode: bool = False):
        self.here = here
        self.print_mode = print_mode

    def to(self, text: str, target: str) -> str:
        """Link to another page (``text`` is escaped Markdown); plain text in print mode."""
        return text if self.print_mode else link(text, target, self.here)

    def proc(self, text: str, proc_id: str) -> str:
        """Link to a procedure page, or to its section of the print version."""
        if self.print_mode:
            return f"[{text}](#{print_proc_anchor(proc_id)})"
        return link(text, proc_url(proc_id), self.here)

    def step(self, text: str, proc_id: str, cvo) -> str:
        return self.to(text, f"{proc_url(proc_id)}#{step_anchor(cvo)}")

    def step_target(self, cvo) -> str:
        """Where a step's own row starts (an anchor on the site; nothing on paper)."""
        return "" if self.print_mode else f'<span id="{step_anchor(cvo)}"></span>'

    def list_cell(self, items: list[str]) -> str:
        """Several values (escaped Markdown) in one table cell, one per line; on the site
        with a bullet when there are two or more."""
        if not items:
            return "—"
        if self.print_mode or len(items) == 1:
            return "<br>".join(items)
        return "<br>".join("• " + i for i in items)

    def downloads(self, table: str) -> str:
        """Markdown line with the XLSX and CSV links of one downloadable table."""
        title, _desc = DOWNLOAD_TABLES[table]
        return (f"Descargar {title.lower()}: [XLSX]({rel(download(table + '.xlsx'), self.here)}) · "
                f"[CSV]({rel(download(table + '.csv'), self.here)})")
