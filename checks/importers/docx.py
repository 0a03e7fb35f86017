"""Read a procedures manual written in Word into draft YAML for ``procesos_yaml/``.

Two kinds of input are understood:

* the export of :mod:`checks.reports.docx` (``site/descargas/manual.docx``), including copies
  edited by people in Word: headings, the one-line data paragraphs («Clave: …»,
  «Coordinación: …»), the activity tables and the catalogue tables are read back, so that
  export → import gives the same manual;
* activity tables written by people: merged cells (horizontal ``gridSpan`` and vertical
  ``vMerge``), rows split across a page break (a continuation row whose Cvo. is empty),
  header variants («No.» / «Cvo.», «Responsable» / «Responsable(s)», «Insumo(s)»,
  «Salida(s)» / «Documento de salida» …) and responsables written as names, acronyms or
  synonyms of the roles catalogue.

Nothing is dropped silently: every table cell that could not be mapped goes to
:attr:`Draft.review` with its table and row (1-based, the header row is row 1), and every
section that is not imported is listed in :attr:`Draft.notes`. The result is plain data
(:attr:`Draft.files`: relative path -> YAML mapping); writing it is the command's job
(:mod:`checks.commands.import_docx`), which never overwrites a file.

Text read from the document is data: it is never evaluated, and only field *results* (what
Word shows) are read, never field codes.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..model import fold
from ..reports import docx as export
from ..schema import DATE_PATTERN, ID_PATTERN

MAX_BYTES = 50 * 1024 * 1024            # the .docx file
MAX_EXPANDED = 200 * 1024 * 1024        # its parts once decompressed (a ZIP bomb is refused before reading)

# Header variants -> field. Compared after fold() and removing punctuation.
COLUMN_NAMES = {
    "cvo": {"cvo", "no", "num", "numero", "n", "n°", "no.", "#", "paso", "consecutivo", "actividad no"},
    "accion": {"accion", "acciones", "actividad", "actividades", "descripcion de la actividad",
               "descripcion de actividades", "descripcion"},
    "responsables": {"responsable", "responsables", "responsable(s)", "responsable s", "area responsable",
                     "areas responsables", "unidad responsable", "puesto responsable"},
    "insumos": {"insumo", "insumos", "insumo(s)", "insumo s", "entrada", "entradas", "documento de entrada",
                "documentos de entrada", "entrada(s)"},
    "salidas": {"salida", "salidas", "salida(s)", "salida s", "documento de salida", "documentos de salida",
                "producto", "productos", "resultado"},
}
_PUNCT = re.compile(r"[^\w\s()°#]")


def _header_key(text: str) -> str | None:
    norm = _PUNCT.sub("", fold(text)).strip()
    norm = re.sub(r"\s+", " ", norm)
    for key, names in COLUMN_NAMES.items():
        if norm in names or norm.replace("(", "").replace(")", "") in names:
            return key
    return None


@dataclass
class ReviewItem:
    table: int | None        # 1-based table number in the document
    row: int | None          # 1-based row (the header row is 1)
    column: str | None
    text: str
    message: str

    def line(self) -> str:
        where = []
        if self.table is not None:
            where.append(f"tabla {self.table}")
        if self.row is not None:
            where.append(f"fila {self.row}")
        if self.column:
            where.append(f"columna «{self.column}»")
        place = ", ".join(where) or "documento"
        return f"{place}: {_one_line(self.message, 400)}" + (f" — texto: «{_one_line(self.text)}»" if self.text else "")


def _one_line(text: str, limit: int = 200) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class Draft:
    files: dict[str, dict] = field(default_factory=dict)     # relative path -> YAML data
    review: list[ReviewItem] = field(default_factory=list)   # cells and values not mapped
    notes: list[str] = field(default_factory=list)           # sections not imported, assumptions
    tables: int = 0
    steps: int = 0


# --- reading the document ------------------------------------------------------------------

@dataclass
class Para:
    text: str
    style: str
    heading: int | None       # 1..9 for headings


@dataclass
class Grid:
    number: int                               # 1-based table number
    rows: list[list["GridCell"]]


@dataclass
class GridCell:
    paragraphs: list[Para]
    span: int = 1               # grid columns this cell covers
    first: bool = True          # False for the 2nd… grid column of a horizontally merged cell
    merged_from_above: bool = False

    @property
    def lines(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs).strip()


_HEADING = re.compile(r"^(?:heading|título|titulo)\s*(\d)$", re.I)


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return ""
    return style.name if style is not None and style.name else ""


_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
# Subtrees whose text is not the paragraph's: deleted or moved-away text under tracked changes,
# field codes, drawings and text boxes (their content is repeated in fallbacks), properties.
_NOT_TEXT = {qn("w:del"), qn("w:moveFrom"), qn("w:delText"), qn("w:instrText"), qn("w:delInstrText"),
             qn("w:drawing"), qn("w:pict"), qn("w:object"), _MC_ALTERNATE, qn("w:pPr"), qn("w:rPr")}


def paragraph_text(p) -> str:
    """What Word shows of paragraph ``p`` with every tracked change accepted: inserted text
    (``w:ins``, ``w:moveTo``) counts, deleted text does not. python-docx's ``Paragraph.text``
    skips runs inside ``w:ins``, which would lose a person's tracked edits silently."""
    out: list[str] = []

    def walk(element):
        for child in element:
            tag = child.tag
            if tag in _NOT_TEXT:
                continue
            if tag == qn("w:t"):
                out.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                out.append("\t")
            elif tag == qn("w:br"):
                out.append("" if child.get(qn("w:type")) in ("page", "column") else "\n")
            elif tag == qn("w:cr"):
                out.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                out.append("-")
            else:
                walk(child)
    walk(p)
    return "".join(out)


def _paragraphs_in(element):
    """``w:p`` elements inside ``element`` in document order (through content controls and
    nested tables; not inside drawings or text boxes)."""
    for child in element:
        if child.tag in (qn("w:drawing"), qn("w:pict"), qn("w:object"), _MC_ALTERNATE, qn("w:tcPr")):
            continue
        if child.tag == qn("w:p"):
            yield child
        else:
            yield from _paragraphs_in(child)


def _para(paragraph: Paragraph) -> Para:
    style = _style_name(paragraph)
    m = _HEADING.match(style)
    heading = int(m.group(1)) if m else None
    if heading is None and style == "Title":
        heading = 0
    return Para(paragraph_text(paragraph._p), style, heading)


def _grid(table: Table, number: int) -> Grid:
    rows: list[list[GridCell]] = []
    for tr in table._tbl.findall(qn("w:tr")):
        cells: list[GridCell] = []
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None and trpr.find(qn("w:del")) is not None:
            continue                               # a row deleted under tracked changes
        before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
        for _ in range(int(before.get(qn("w:val"), "0")) if before is not None else 0):
            cells.append(GridCell([], 1, True))
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = max(1, int(gs.get(qn("w:val"), "1")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val")) or "continue"
            cell = _Cell(tc, table)
            paragraphs = [_para(Paragraph(p, cell)) for p in _paragraphs_in(tc)]
            col = len(cells)
            if vmerge == "continue" and rows and col < len(rows[-1]):
                above = rows[-1][col]
                paragraphs = above.paragraphs
                merged = True
            else:
                merged = False
            for k in range(span):
                cells.append(GridCell(paragraphs, span, k == 0, merged))
        rows.append(cells)
    return Grid(number, rows)


def _blocks(doc) -> list:
    """Body paragraphs and tables in document order (also inside content controls)."""
    out = []
    number = [0]

    def walk(container):
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                out.append(_para(Paragraph(child, doc._body)))
            elif child.tag == qn("w:tbl"):
                number[0] += 1
                out.append(_grid(Table(child, doc._body), number[0]))
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                walk(child)
    walk(doc.element.body)
    return out


def tracked_changes(doc) -> int:
    """Insertions, deletions and moves recorded with tracked changes in the body."""
    tags = {qn("w:ins"), qn("w:del"), qn("w:moveFrom"), qn("w:moveTo")}
    return sum(1 for el in doc.element.body.iter() if el.tag in tags)


# --- catalogues ----------------------------------------------------------------------------

class RoleIndex:
    """Role lookup by id, acronym, name or synonym (case- and accent-insensitive)."""

    def __init__(self, roles: list[dict], terms: list[dict] = ()):
        self.ids = {r["id"] for r in roles}
        exact: dict[str, set] = {}
        loose: dict[str, set] = {}
        for r in roles:
            for key in (r["id"], r.get("siglas")):
                if key:
                    exact.setdefault(fold(key), set()).add(r["id"])
            for key in (r.get("nombre"), *(r.get("sinonimos") or ())):
                if key:
                    loose.setdefault(fold(key), set()).add(r["id"])
        for t in terms:
            if t.get("rol") in self.ids:
                loose.setdefault(fold(t["termino"]), set()).add(t["rol"])
        self.exact, self.loose = exact, loose

    def find(self, text: str) -> str | None | list:
        """The role id, None when unknown, or a list of candidates when ambiguous."""
        key = fold(text).strip(" .;,")
        for table in (self.exact, self.loose):
            found = table.get(key)
            if found:
                return next(iter(found)) if len(found) == 1 else sorted(found)
        return None


_SPLIT = re.compile(r"\s*(?:,|;|/|\by\b|\be\b|\n)\s*", re.I)


def map_responsables(lines: list[str], index: RoleIndex) -> tuple[list[str], list[tuple[str, str]]]:
    """Role ids for the lines of a Responsable(s) cell, and (text, reason) for what is not a role."""
    ids: list[str] = []
    bad: list[tuple[str, str]] = []

    def add(role):
        if role not in ids:
            ids.append(role)

    for line in lines:
        if not line.strip():
            continue
        found = index.find(line)
        if isinstance(found, str):
            add(found)
            continue
        pieces = [p for p in _SPLIT.split(line) if p and p.strip()]
        if len(pieces) > 1 and any(isinstance(index.find(p), str) for p in pieces):
            for p in pieces:
                role = index.find(p)
                if isinstance(role, str):
                    add(role)
                elif isinstance(role, list):
                    bad.append((p, f"en «{line}», nombre ambiguo en el catálogo de roles: " + ", ".join(role)))
                else:
                    bad.append((p, f"en «{line}», no es un rol del catálogo (ni su clave, siglas, nombre u "
                                   "otro nombre)"))
            continue
        if isinstance(found, list):
            bad.append((line, "nombre ambiguo en el catálogo de roles: " + ", ".join(found)))
        else:
            bad.append((line, "no es un rol del catálogo (ni su clave, siglas, nombre u otro nombre)"))
    return ids, bad


# --- the reader ----------------------------------------------------------------------------

_PROC_HEADING = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_-]{0,63})\s*(?:·|\.|:|–|—|-)\s+(.+)$", re.S)
# A procedure title written as a plain paragraph: «SPE-01 · Ingreso», «SPE-01 Ingreso», «SPE-01: …».
_PROC_TITLE = re.compile(r"^\s*([A-Za-z][A-Za-z]*-\d+[A-Za-z0-9_-]*)\s*(?:·|\.|:|–|—|-)?\s+(\S.*)$", re.S)
_OPTION = re.compile(r"^(?P<label>.+?)\s*(?:→|->|:)\s*(?:ir\s+a(?:l)?\s+)?(?:paso|actividad|cvo\.?)\s+"
                     r"(?P<n>\d+)\s*\.?\s*$", re.I | re.S)
# «IV. texto», «2. texto»: numbered duties and information systems.
_NUMBERED = re.compile(r"^((?:\d+(?:\.\d+)*)|(?:[IVXLCDM]+))\. (.+)$", re.S)
_INT = re.compile(r"^\s*(\d{1,6})\s*\.?\s*$")
_KIND_BY_LABEL = {fold(v): k for k, v in export.ROLE_KINDS.items()}
_SCOPE_BY_LABEL = {fold(v): k for k, v in export.SCOPES.items()}
_TREATMENT_BY_LABEL = {fold(v): k for k, v in export.TREATMENTS.items()}
_SIGN_BY_LABEL = {fold(v): k for k, v in export.SIGN_TITLES.items()}


def _none_if_empty(text: str):
    return text if text else None


def _scale(text: str):
    text = text.strip()
    if text in ("", "—", "-"):
        return None
    return int(text) if _INT.match(text) else None


class _Reader:
    def __init__(self, source: str, roles_fallback: list[dict] | None, terms_fallback: list[dict] | None):
        self.source = source
        self.draft = Draft()
        self.manual: dict = {}
        self.firmas: list[dict] = []
        self.roles: list[dict] = []
        self.terms: list[dict] = []
        self.norms: list[dict] = []
        self.exceptions: list[dict] = []
        self.coords: dict[str, dict] = {}
        self.procs: dict[str, dict] = {}
        self.proc_norm_labels: dict[str, list[str]] = {}
        self.roles_fallback = roles_fallback or []
        self.terms_fallback = terms_fallback or []
        self.pending_steps: list[tuple[dict, Grid, int, list[str]]] = []   # (step, table, row, lines)
        self.risks_owner: str | None = None
        self.risk_by_id: dict[tuple, dict] = {}
        self.banner_title = False      # the next table's first row was read as its procedure's title

    # section state
    section: str = ""
    coord: dict | None = None
    proc: dict | None = None
    sub: str = ""

    def review(self, grid, row, column, text, message):
        self.draft.review.append(ReviewItem(grid.number if grid else None, row, column, text, message))

    # -- paragraphs
    def heading(self, p: Para):
        text = p.text.strip()
        level = p.heading
        if level == 1:
            self.proc, self.sub, self.risks_owner = None, "", None
            self.coord = None
            if text.startswith("Hoja de identificación de firmas"):
                kind = _SIGN_BY_LABEL.get(fold(text.split(":", 1)[-1]), "revision")
                self.firmas.append({"tipo": kind, "titulo": None, "firmantes": []})
                self.section = "firmas"
                return
            known = {"Introducción": "introduccion", "Antecedentes": "antecedentes",
                     "Marco normativo": "marco", "Objetivos": "objetivos", "Estructura orgánica": "estructura",
                     "Procesos y alcance": "alcance", "Matrices de riesgos": "riesgos", "Glosario": "glosario",
                     "Anexo: catálogo de roles": "roles", "Anexo: excepciones de cumplimiento": "excepciones",
                     export.GAPS_ANNEX: "lagunas", export.CHANGES_TITLE: "cambios",
                     "Otros procedimientos": "otros", "Contenido": "contenido"}
            self.section = known.get(text, "coordinacion")
            if self.section == "coordinacion":
                self.coord = {"_titulo": text, "_parrafos": []}
                self.section = "coordinacion"
            return
        if level == 2 and (m := _PROC_HEADING.match(text)) and ID_PATTERN.match(m.group(1)):
            self.start_procedure(m.group(1), m.group(2).strip())
            return
        if level == 2 and self.section not in ("riesgos",):
            self.start_procedure(None, text)
            return
        if level == 3:
            self.sub = text
            if self.section == "riesgos":
                m = _PROC_HEADING.match(text)
                self.risks_owner = m.group(1) if m else text.split(" ")[0]
            return

    def start_procedure(self, proc_id, name):
        if proc_id is None or not ID_PATTERN.match(proc_id):
            n = len(self.procs) + 1
            new_id = f"PROC-{n:02d}"
            while new_id in self.procs:
                n += 1
                new_id = f"PROC-{n:02d}"
            self.draft.notes.append(f"El título «{_one_line(name)}» no empieza con una clave de procedimiento "
                                    f"(p. ej. «SPE-01 · Nombre»): se le asignó la clave {new_id}.")
            proc_id = new_id
        if proc_id in self.procs:
            self.draft.notes.append(f"El procedimiento {proc_id} aparece dos veces; la segunda se une a la primera.")
            self.proc = self.procs[proc_id]
        else:
            area = self.coord.get("id") if self.coord else None
            self.proc = {"id": proc_id, "area": area, "nombre": name or proc_id, "_seccion": None,
                         "_vigencia": None, "_desc": [], "_obj": [], "_normas": [], "_ext": [], "_lagunas": [],
                         "pasos": [], "riesgos": [], "_tabla": None}
            self.procs[proc_id] = self.proc
        self.sub = ""

    def title_paragraph(self, text: str):
        m = _PROC_TITLE.match(text)
        if m and ID_PATTERN.match(m.group(1)):
            self.start_procedure(m.group(1), m.group(2).strip())
        else:
            self.start_procedure(None, text)

    def paragraph(self, p: Para):
        if p.heading is not None and p.heading >= 1:
            return self.heading(p)
        text = p.text
        if not text.strip():
            return
        style = p.style
        if style.startswith("Portada"):
            self.cover(style, text.strip())
            return
        if style.startswith("toc") or style == "Título de contenido":
            return
        if style == "Dato del procedimiento":
            return self.data_line(text)
        if style == "Pie de figura":
            return
        sec = self.section
        if self.proc is not None:
            bucket = {"Descripción": "_desc", "Objetivo": "_obj", "Normativa": "_normas",
                      "Documentos externos": "_ext", "Lagunas del manual": "_lagunas"}.get(self.sub)
            if bucket:
                self.proc[bucket].append(text)
            elif self.sub == "Diagrama de flujo" and style.startswith("List") and self.proc.get("_flujo"):
                self.proc["_flujo"]["documentos"].append(text)
            elif self.sub == "Diagrama de flujo" and text == export.FLOW_TEXT_TITLE:
                pass
            elif self.sub in ("Descripción de actividades", "Diagrama de flujo"):
                self.draft.notes.append(f"{self.proc['id']}: párrafo junto a la tabla o el flujograma no importado: "
                                        f"«{_one_line(text)}»")
            elif self.proc["pasos"] or self.sub:
                self.draft.notes.append(f"{self.proc['id']}, apartado «{_one_line(self.sub)}»: párrafo no importado: "
                                        f"«{_one_line(text)}»")
            else:
                self.proc["_desc"].append(text)
            return
        if sec == "coordinacion" and self.coord is not None:
            self.coord.setdefault("_sub", {}).setdefault(self.sub, []).append((style, text))
            return
        if sec == "firmas" and self.firmas:
            if self.firmas[-1]["titulo"] is None:
                self.firmas[-1]["titulo"] = text.strip()
            return
        if sec == "introduccion":
            self.manual.setdefault("introduccion", []).append(text)
        elif sec == "antecedentes":
            items = self.manual.setdefault("antecedentes", [])
            if style == "Cita":
                if text.startswith("— ") and items and isinstance(items[-1], dict) and "fuente" not in items[-1]:
                    items[-1]["fuente"] = text[2:]
                else:
                    items.append({"cita": text})
            else:
                items.append(text)
        elif sec == "marco":
            self.manual.setdefault("_marco", []).append(text)
        elif sec == "lagunas":
            if style.startswith("List"):
                self.manual.setdefault("lagunas", []).append(text)
        elif sec == "objetivos":
            self.manual.setdefault("objetivos", []).append(text)
        elif sec == "alcance":
            self.manual.setdefault("_alcance", []).append(text)
        elif sec in ("estructura",):
            self.manual.setdefault("_estructura", []).append((style, text))
        elif sec == "riesgos" and style.startswith("List") and (m := re.match(r"^([A-Za-z][\w-]*): ", text)):
            risk = self.risk_by_id.get((self.risks_owner, m.group(1)))
            if risk is None:
                self.draft.notes.append(f"Matrices de riesgos: laguna de un riesgo desconocido no importada: "
                                        f"«{_one_line(text)}»")
            else:
                risk.setdefault("lagunas", []).append(text[m.end():])
        elif sec in ("riesgos", "glosario", "roles", "excepciones", "contenido", "cambios"):
            return
        else:
            self.manual.setdefault("_sueltos", []).append(text)

    def cover(self, style, text):
        if style == "Portada institución":
            self.manual["institucion"] = text
        elif style == "Portada título":
            self.manual["titulo"] = text
        elif style == "Portada unidad":
            self.manual["unidad"] = text
        elif style == "Portada detalle":
            if text.startswith("(") and text.endswith(")"):
                self.manual["siglas_unidad"] = text[1:-1]
            elif _INT.match(text):
                self.manual["anio"] = int(text)
            elif text.startswith("Versión "):
                rest = text[len("Versión "):]
                version, _, date = rest.partition(" · ")
                self.manual["version"] = version
                if date:
                    self.manual["fecha"] = date

    def data_line(self, text):
        if self.proc is not None:
            label, _, value = text.partition(": ")
            if label == export.LABEL_AREA:
                self.proc["area"] = value.strip()
            elif label == export.LABEL_SECTION:
                self.proc["_seccion"] = value
            elif label == export.LABEL_REVIEW:
                self.proc["_vigencia"] = value.strip()
            elif label == export.LABEL_FLOW_NOTE and self.proc.get("_flujo"):
                self.proc["_flujo"]["nota"] = value
            else:
                self.draft.notes.append(f"{self.proc['id']}: dato no reconocido «{_one_line(text)}»")
            return
        if self.section == "firmas" and self.firmas and text.startswith(f"{export.LABEL_SIGNERS}: "):
            records = text[len(export.LABEL_SIGNERS) + 2:].split(" | ")
            signers = self.firmas[-1]["firmantes"]
            if len(records) != len(signers):
                self.draft.notes.append(f"Hoja de firmas: «{_one_line(text)}» no tiene un registro por firmante.")
                return
            for signer, record in zip(signers, records):
                m = re.match(r"^(\S+)(?: \((.*)\))?$", record.strip())
                if not m:
                    self.draft.notes.append(f"Hoja de firmas: registro no reconocido «{_one_line(record)}».")
                    continue
                if m.group(1) != export.NONE and ID_PATTERN.match(m.group(1)):
                    signer["rol"] = m.group(1)
                for token in (m.group(2) or "").split("; "):
                    key, _, value = token.partition(": ")
                    if key == "firmado":
                        signer["firmado"] = fold(value) in ("si", "sí")
                    elif key == "fecha":
                        signer["fecha"] = None if value == export.NONE else value
            return
        if self.section == "" and self.proc is None and text.startswith(f"{export.LABEL_STATE}: "):
            self.manual["control"] = self.control(text)
            return
        if self.coord is not None and self.sub:
            self.coord.setdefault("_sub", {}).setdefault(self.sub, []).append(("Dato del procedimiento", text))
            return
        if self.coord is not None:
            for part in text.split(" · "):
                label, _, value = part.partition(": ")
                key = {export.LABEL_CODE: "id", export.LABEL_NUMBER: "numero", export.LABEL_HEAD: "rol"}.get(label)
                if key:
                    self.coord[key] = value.strip()
            if self.coord.get("id") and ID_PATTERN.match(self.coord["id"]):
                self.coords.setdefault(self.coord["id"], self.coord)
                self.coord = self.coords[self.coord["id"]]

    # -- tables
    def table(self, grid: Grid):
        self.draft.tables += 1
        if not grid.rows or self.section == "cambios":     # the change log comes from git history
            return
        at = _activity_header_row(grid)
        if at is not None:
            for r in range(at):                  # title rows above the header («PROCEDIMIENTO: …»)
                text = grid.rows[r][0].text
                if text and not (r == 0 and self.banner_title):
                    self.review(grid, r + 1, None, text, "fila antes del encabezado de la tabla: no se importa")
            self.banner_title = False
            header = [c.text for c in grid.rows[at]]
            return self.activity_table(grid, header, [_header_key(h) for h in header], first_row=at + 1)
        header = [c.text for c in grid.rows[0]]
        folded = [fold(h) for h in header]
        if header[:len(export.GLOSSARY_HEADERS)] == list(export.GLOSSARY_HEADERS) or folded[:2] == ["termino",
                                                                                                    "definicion"]:
            return self.simple_table(grid, header, self.glossary_row)
        if header == list(export.ROLE_HEADERS):
            return self.simple_table(grid, header, self.role_row)
        if header == list(export.EXCEPTION_HEADERS):
            return self.simple_table(grid, header, self.exception_row)
        if header == list(export.NORM_HEADERS):
            return self.simple_table(grid, header, self.norm_row)
        if header == list(export.RISK_HEADERS):
            return self.simple_table(grid, header, self.risk_row)
        if header == list(export.SIGN_HEADERS) and self.section == "firmas" and self.firmas:
            return self.simple_table(grid, header, self.signer_row)
        if header == list(export.FLOW_HEADERS) and self.proc is not None:
            self.proc["_flujo"] = {"carriles": [], "documentos": []}
            return self.simple_table(grid, header, self.lane_row)
        if header == list(export.STRUCTURE_HEADERS):
            return self.simple_table(grid, header, self.structure_row)
        if header == list(export.SCOPE_HEADERS):
            return          # derived from the procedures; nothing to import
        for r, row in enumerate(grid.rows, start=1):
            for c, cell in enumerate(row):
                if cell.first and not cell.merged_from_above and cell.text:
                    self.review(grid, r, header[c] if c < len(header) else None, cell.text,
                                "tabla no reconocida (no es de actividades ni un catálogo del manual): no se importa")

    def simple_table(self, grid, header, handler):
        for r, row in enumerate(grid.rows[1:], start=2):
            values = {}
            for c, cell in enumerate(row):
                name = header[c] if c < len(header) else None
                if not cell.first:
                    if cell.text and name:
                        self.review(grid, r, name, cell.text, "celda combinada que abarca otra columna")
                    continue
                if name is None:
                    if cell.text:
                        self.review(grid, r, None, cell.text, "celda fuera de las columnas del encabezado")
                    continue
                values[name] = cell
            if not any(c.text for c in values.values()):
                continue
            handler(grid, r, values)

    def glossary_row(self, grid, r, v):
        term = v.get("Término")
        definition = v.get("Definición")
        if not term or not term.text or not definition or not definition.text:
            self.review(grid, r, "Término", term.text if term else "", "fila de glosario sin término o sin definición")
            return
        item = {"termino": term.text, "definicion": definition.text}
        sigla = v.get("Sigla")
        if sigla is not None and sigla.text:
            item["sigla"] = fold(sigla.text) in ("si", "sí", "x", "true")
        rol = v.get("Rol")
        if rol is not None and rol.text:
            if ID_PATTERN.match(rol.text):
                item["rol"] = rol.text
            else:
                self.review(grid, r, "Rol", rol.text, "no es una clave de rol")
        self.terms.append(item)

    def role_row(self, grid, r, v):
        rid = v["Clave"].text
        if not ID_PATTERN.match(rid):
            self.review(grid, r, "Clave", rid, "clave de rol no válida (letras ASCII, dígitos y guiones)")
            return
        kind = _KIND_BY_LABEL.get(fold(v["Tipo"].text))
        if kind is None:
            self.review(grid, r, "Tipo", v["Tipo"].text, "tipo de rol desconocido: se usa «unidad»")
            kind = "unidad"
        role = {"id": rid, "nombre": v["Nombre"].text, "tipo": kind,
                "siglas": _none_if_empty(v["Siglas"].text),
                "sinonimos": [t for t in v["Otros nombres"].lines if t.strip()],
                "definido_en_manual": fold(v["Definido en el manual"].text) in ("si", "sí")}
        if v["Nota"].text:
            role["nota"] = "\n".join(v["Nota"].lines)
        if role["siglas"] is None:
            del role["siglas"]
        self.roles.append(role)

    def exception_row(self, grid, r, v):
        step = v["Paso"].text
        item = {"regla": v["Regla"].text, "objeto": v["Objeto"].text,
                "paso": int(step) if _INT.match(step) else None,
                "riesgo": _none_if_empty(v["Riesgo"].text), "motivo": "\n".join(v["Motivo"].lines),
                "resuelve": v["Resuelve"].text, "acto": _none_if_empty("\n".join(v["Acto"].lines).strip()),
                "vence": v["Vence"].text}
        if step and item["paso"] is None:
            self.review(grid, r, "Paso", step, "no es un número de paso")
        self.exceptions.append(item)

    def norm_row(self, grid, r, v):
        scope = _SCOPE_BY_LABEL.get(fold(v["Ámbito"].text))
        if scope is None:
            self.review(grid, r, "Ámbito", v["Ámbito"].text, "ámbito desconocido (federal, local, interno): se usa «interno»")
            scope = "interno"
        item = {"id": v["Clave"].text, "nombre": "\n".join(v["Norma"].lines), "ambito": scope}
        if v["Abreviatura"].text:
            item["abreviatura"] = v["Abreviatura"].text
        self.norms.append(item)

    def control(self, text: str) -> dict:
        """The cover's control line back to ``control:`` (unknown parts are reported)."""
        states = {v: k for k, v in export.STATES.items()}
        acts = {fold(v): k for k, v in export.ACT_TYPES.items()}
        out = {"estado": "borrador", "fecha_aprobacion": None, "acto_aprobacion": None, "proxima_revision": None}
        for part in text.split(" · "):
            label, _, value = part.partition(": ")
            value = value.strip()
            none = value == export.NONE
            if label == export.LABEL_STATE and value in states:
                out["estado"] = states[value]
            elif label == export.LABEL_APPROVED:
                out["fecha_aprobacion"] = None if none else value
            elif label == export.LABEL_NEXT_REVIEW:
                out["proxima_revision"] = None if none else value
            elif label == export.LABEL_ACT and not none:
                m = re.match(r"^(\S+) (.+?)(?: del (\d{4}-\d{2}-\d{2}))?$", value, re.S)
                if m and fold(m.group(1)) in acts:
                    out["acto_aprobacion"] = {"tipo": acts[fold(m.group(1))], "numero": m.group(2),
                                              "fecha": m.group(3)}
                else:
                    self.draft.notes.append(f"Control del documento: acto no reconocido «{_one_line(value)}».")
            elif label != export.LABEL_ACT:
                self.draft.notes.append(f"Control del documento: dato no reconocido «{_one_line(part)}».")
        return out

    def lane_row(self, grid, r, v):
        role = v["Carril (rol)"].text
        if not ID_PATTERN.match(role):
            self.review(grid, r, "Carril (rol)", role, "no es una clave de rol: el carril no se importa")
            return
        lane = {"rol": role}
        if v["Título del carril"].text:
            lane["titulo"] = v["Título del carril"].text
        lane["actividades"] = [t for t in v["Actividades"].lines if t.strip()]
        self.proc["_flujo"]["carriles"].append(lane)

    def structure_row(self, grid, r, v):
        unit = {"nombre": v["Unidad"].text}
        if v["Rol"].text:
            unit["rol"] = v["Rol"].text
        if v["Nota"].text:
            unit["nota"] = "\n".join(v["Nota"].lines)
        units = self.manual.setdefault("_unidades", {})
        number, parent = v["Núm."].text, v["Depende de"].text
        if number in units or not number:
            self.review(grid, r, "Núm.", number, "número de unidad vacío o repetido: no se importa la fila")
            return
        units[number] = unit
        if parent:
            if parent not in units:
                self.review(grid, r, "Depende de", parent, "depende de una unidad que no está antes en la tabla")
                return
            units[parent].setdefault("dependientes", []).append(unit)
        elif "estructura" in self.manual:
            self.review(grid, r, "Depende de", "", "segunda unidad sin «Depende de»: no se importa")
        else:
            self.manual["estructura"] = unit

    def signer_row(self, grid, r, v):
        self.firmas[-1]["firmantes"].append({"nombre": v["Nombre"].text, "puesto": v["Cargo"].text})

    def risk_row(self, grid, r, v):
        owner = self.risks_owner
        reval_text = v["Revaloración (P/I/NR)"].text
        reval = None
        if reval_text and reval_text != "—":
            parts = [p.strip() for p in reval_text.split("/")]
            if len(parts) == 3:
                reval = {"probabilidad": _scale(parts[0]), "impacto": _scale(parts[1]), "nivel": _scale(parts[2])}
            else:
                self.review(grid, r, "Revaloración (P/I/NR)", reval_text, "se esperaba «P / I / NR»")
        lines = [t for t in v["Tratamiento"].lines if t.strip()]
        if lines == [export.UNREADABLE]:
            treatment = None
        else:
            treatment = []
            for t in lines:
                key = _TREATMENT_BY_LABEL.get(fold(t))
                if key:
                    treatment.append(key)
                else:
                    self.review(grid, r, "Tratamiento", t, "tratamiento desconocido (evitar, reducir, compartir, "
                                                          "transferir, asumir)")
        risk = {"id": v["Riesgo"].text, "etiqueta": _none_if_empty(v["Etiqueta"].text),
                "descripcion": _none_if_empty("\n".join(v["Descripción"].lines).strip()),
                "probabilidad": _scale(v["P"].text), "impacto": _scale(v["I"].text), "nivel": _scale(v["NR"].text),
                "tratamiento": treatment, "acciones": _none_if_empty("\n".join(v["Acciones"].lines).strip()),
                "fecha_inicio": _none_if_empty(v["Inicio"].text), "revaloracion": reval}
        self.risk_by_id[(owner, risk["id"])] = risk
        holder = self.procs.get(owner) if owner else None
        if holder is not None:
            holder["riesgos"].append(risk)
        elif owner in self.coords:
            self.coords[owner].setdefault("riesgos", []).append(risk)
        else:
            self.review(grid, r, "Riesgo", risk["id"], f"riesgo de «{owner}», que no es un procedimiento ni una "
                                                       "coordinación del documento: no se importa")

    # -- activity tables
    def activity_table(self, grid: Grid, header, keys, first_row: int = 1):
        if self.proc is None:
            self.start_procedure(None, f"Procedimiento de la tabla {grid.number}")
        proc = self.proc
        if proc["_tabla"] is None:
            proc["_tabla"] = grid.number
        columns = {}
        for c, key in enumerate(keys):
            if key and key not in columns:
                columns[key] = c
            elif header[c]:
                self.review(grid, first_row, header[c], header[c], "columna no reconocida: sus celdas se listan abajo"
                            if not key else "columna repetida: sus celdas se listan abajo")
        steps = proc["pasos"]
        for r, row in enumerate(grid.rows[first_row:], start=first_row + 1):
            texts = [c.text for c in row]
            # a repeated header row (table continued on the next page) or an empty row
            if [_header_key(t) for t in texts] == keys or not any(texts):
                continue
            banner = len(row) > 1 and row[0].span >= len(row)
            if banner:
                self.review(grid, r, None, row[0].text, "fila combinada a todo lo ancho (no es un paso): no se importa")
                continue
            cvo_text = row[columns["cvo"]].text if "cvo" in columns else ""
            continuation = bool("cvo" in columns and steps
                                and (not cvo_text or row[columns["cvo"]].merged_from_above))
            if continuation:
                step = steps[-1]
                self.draft.notes.append(f"{proc['id']}: la fila {r} de la tabla {grid.number} no tiene Cvo.: se unió "
                                        f"al paso {step['cvo']} (fila partida por un salto de página).")
            else:
                if "cvo" in columns and _INT.match(cvo_text):
                    cvo = int(cvo_text)
                else:
                    cvo = (steps[-1]["cvo"] + 1) if steps else 1
                    if "cvo" in columns:
                        self.review(grid, r, header[columns["cvo"]], cvo_text,
                                    f"Cvo. no numérico: se numeró como {cvo}")
                step = {"cvo": cvo, "accion": "", "responsables": [], "insumos": [], "salidas": []}
                steps.append(step)
                self.draft.steps += 1
            for c, cell in enumerate(row):
                key = keys[c] if c < len(keys) else None
                name = header[c] if c < len(header) else None
                if not cell.first:
                    if cell.text and key and key != "cvo":
                        start = c - cell_offset(row, c)
                        self.review(grid, r, name, cell.text, f"celda combinada con «{header[start]}»: su texto "
                                                              "se asignó sólo a esa columna")
                    continue
                if continuation and cell.merged_from_above:
                    continue
                if key is None or columns.get(key) != c:
                    if cell.text:
                        self.review(grid, r, name, cell.text, "celda de una columna no reconocida: no se importa")
                    continue
                if key == "cvo":
                    continue
                if cell.merged_from_above and key == "accion":
                    if not continuation:
                        self.review(grid, r, name, cell.text, "acción combinada verticalmente con la fila anterior: "
                                                              "se repite en este paso")
                self.fill(step, key, cell, grid, r, name, continuation)

    def fill(self, step, key, cell, grid, r, name, continuation):
        if key == "accion":
            parts, question, options, notes = [], None, [], []
            for p in cell.paragraphs:
                if p.style == "Decisión":
                    question = p.text.strip()
                elif p.style == "Opción de decisión" or (question is not None and _OPTION.match(p.text.strip())):
                    m = _OPTION.match(p.text.strip())
                    if m:
                        options.append({"etiqueta": m.group("label").strip(), "ir_a": int(m.group("n"))})
                    else:
                        self.review(grid, r, name, p.text, "opción de decisión sin «→ paso N»")
                elif p.style == "Nota de paso" and p.text.startswith(export.NOTE_PREFIX):
                    notes.append(p.text[len(export.NOTE_PREFIX):])
                elif _OPTION.match(p.text.strip()) and parts and parts[-1].rstrip().endswith("?"):
                    question = parts.pop().strip()
                    m = _OPTION.match(p.text.strip())
                    options.append({"etiqueta": m.group("label").strip(), "ir_a": int(m.group("n"))})
                else:
                    parts.append(p.text)
            while parts and not parts[-1].strip():
                parts.pop()
            while parts and not parts[0].strip():
                parts.pop(0)
            text = "\n\n".join(parts)
            if continuation and step["accion"]:
                step["accion"] = step["accion"].rstrip() + " " + text.strip() if text.strip() else step["accion"]
            else:
                step["accion"] = text
            if question is not None:
                if options:
                    step["decision"] = {"pregunta": question, "opciones": options}
                else:
                    self.review(grid, r, name, question, "decisión sin opciones «Sí → paso N»: se deja en la acción")
                    step["accion"] = (step["accion"] + "\n\n" + question).strip()
            if notes:
                step["nota"] = "\n\n".join(notes) if "nota" not in step else step["nota"] + "\n\n" + "\n\n".join(notes)
            return
        lines = [t.strip() for t in cell.lines if t.strip()]
        if key == "responsables":
            step.setdefault("_resp_cells", []).append((grid, r, name, lines))
            return
        step[key].extend(lines)

    # -- finishing
    def finish(self) -> Draft:
        draft = self.draft
        roles = self.roles or [dict(r) for r in self.roles_fallback]
        if not self.roles and self.roles_fallback:
            draft.notes.append("El documento no trae el anexo «catálogo de roles»: se usó el catálogo indicado "
                               "(--catalogo) y se copió a roles.yaml.")
        elif not roles:
            draft.notes.append("No hay catálogo de roles (ni en el documento ni --catalogo): ningún responsable "
                               "se pudo identificar.")
        terms = self.terms or [dict(t) for t in self.terms_fallback]
        index = RoleIndex(roles, terms)
        norm_ids = {}
        for n in self.norms:
            for key in (n["id"], n["nombre"], n.get("abreviatura")):
                if key:
                    norm_ids.setdefault(fold(key), n["id"])
        for proc in self.procs.values():
            for step in proc["pasos"]:
                for grid, r, name, lines in step.pop("_resp_cells", []):
                    ids, bad = map_responsables(lines, index)
                    for role in ids:
                        if role not in step["responsables"]:
                            step["responsables"].append(role)
                    for text, reason in bad:
                        self.review(grid, r, name, text, f"responsable no identificado: {reason}")
        draft.files = self.files(roles, terms, norm_ids)
        draft.review.sort(key=lambda item: (item.table or 0, item.row or 0))
        return draft

    def files(self, roles, terms, norm_ids) -> dict[str, dict]:
        files: dict[str, dict] = {}
        m = self.manual
        info = {}
        for key, default in (("titulo", None), ("unidad", None), ("siglas_unidad", None), ("institucion", None),
                             ("anio", None), ("version", None), ("fecha", None)):
            if m.get(key) is not None:
                info[key] = m[key]
        missing = {"titulo": Path(self.source).stem or "Manual de Procedimientos", "unidad": "Por completar",
                   "institucion": "Por completar", "anio": dt.date.today().year,
                   "version": str(info.get("anio") or dt.date.today().year)}
        for key, value in missing.items():
            if key not in info:
                info[key] = value
                self.draft.notes.append(f"manual.yaml: «{key}» no está en la portada del documento; se puso "
                                        f"«{value}» (complételo).")
        ordered = {k: info[k] for k in ("titulo", "unidad", "siglas_unidad", "institucion", "anio", "version", "fecha")
                   if k in info}
        if m.get("control"):
            ordered["control"] = m["control"]
        firmas = [f for f in self.firmas if f["titulo"] and f["firmantes"]]
        if firmas:
            ordered["firmas"] = firmas
        if m.get("estructura"):
            ordered["estructura"] = m["estructura"]
        for key in ("introduccion", "antecedentes", "objetivos", "lagunas"):
            if m.get(key):
                ordered[key] = m[key]
        if m.get("_marco"):
            ordered["marco_normativo"] = "\n\n".join(m["_marco"])
        if m.get("_alcance"):
            ordered["procesos_alcance"] = "\n\n".join(m["_alcance"])
        if m.get("_estructura"):
            self.draft.notes.append(f"Estructura orgánica: {len(m['_estructura'])} renglones no importados (el "
                                    "organigrama se captura a mano en manual.yaml, clave «estructura»).")
        if m.get("_sueltos"):
            self.draft.notes.append(f"{len(m['_sueltos'])} párrafos fuera de los apartados conocidos no se importaron "
                                    "(p. ej. «" + _one_line(m["_sueltos"][0], 80) + "»).")
        files["manual.yaml"] = ordered
        files["roles.yaml"] = {"roles": roles}
        files["glosario.yaml"] = {"terminos": terms}
        files["normativa.yaml"] = {"normas": self.norms}
        if self.exceptions:
            files["excepciones.yaml"] = {"excepciones": self.exceptions}
        # coordinations: the document's, plus one placeholder for procedures without one
        for coord in self.coords.values():
            files[f"coordinaciones/{coord['id']}.yaml"] = self.coordination(coord)
        orphan_area = None
        for proc in self.procs.values():
            if not proc.get("area") or not ID_PATTERN.match(proc["area"]):
                if orphan_area is None:
                    orphan_area = "POR-DEFINIR"
                    files[f"coordinaciones/{orphan_area}.yaml"] = {
                        "id": orphan_area, "nombre": "Coordinación por definir (importación de Word)"}
                    self.draft.notes.append("Procedimientos sin coordinación: se asignaron a POR-DEFINIR "
                                            "(coordinaciones/POR-DEFINIR.yaml); cambie «area».")
                proc["area"] = orphan_area
            files[f"procedimientos/{proc['id']}.yaml"] = self.procedure(proc, norm_ids)
        return files

    def coordination(self, coord) -> dict:
        out = {"id": coord["id"]}
        if coord.get("numero"):
            out["numero"] = coord["numero"]
        title = coord["_titulo"]
        if coord.get("numero") and title.startswith(f"{coord['numero']}. "):
            title = title[len(coord["numero"]) + 2:]
        out["nombre"] = title
        if coord.get("rol"):
            out["rol"] = coord["rol"]
        subs = coord.get("_sub", {})
        if subs.get(""):
            out["introduccion"] = [t for _s, t in subs[""]]
        if subs.get("Objetivo"):
            out["objetivo"] = "\n\n".join(t for _s, t in subs["Objetivo"])
        if subs.get("Reglas de operación"):
            out["reglas_operacion"] = [t for _s, t in subs["Reglas de operación"]]
        if subs.get("Roles y responsabilidades"):
            duties = self.duties(coord["id"], subs["Roles y responsabilidades"])
            if duties:
                out["roles_responsabilidades"] = duties
        if subs.get(export.GAPS_TITLE):
            out["lagunas"] = [t for _s, t in subs[export.GAPS_TITLE]]
        if subs.get("Sistemas de información"):
            systems = []
            for _s, t in subs["Sistemas de información"]:
                m = _NUMBERED.match(t)
                systems.append({"numero": m.group(1), "nombre": m.group(2)} if m else {"nombre": t})
            out["sistemas_informacion"] = systems
        for name, items in subs.items():
            if name not in ("", "Objetivo", "Reglas de operación", "Roles y responsabilidades",
                            "Sistemas de información", export.GAPS_TITLE) and items:
                self.draft.notes.append(f"Coordinación {coord['id']}, apartado «{_one_line(name)}»: {len(items)} "
                                        "párrafos no importados.")
        out["riesgos"] = coord.get("riesgos", [])
        return out

    def duties(self, coord_id, items) -> list[dict]:
        """«Roles y responsabilidades»: a title paragraph, «Rol: ID» and the numbered duties."""
        out: list[dict] = []
        for style, text in items:
            if style == "Dato del procedimiento" and text.startswith(f"{export.LABEL_ROLE}: ") and out:
                value = text[len(export.LABEL_ROLE) + 2:]
                if value.endswith(export.NO_OWN_TITLE):
                    value = value[:-len(export.NO_OWN_TITLE)]
                    out[-1].pop("titulo", None)
                if ID_PATTERN.match(value.strip()):
                    out[-1]["rol"] = value.strip()
            elif style.startswith("List") and out:
                m = _NUMBERED.match(text)
                out[-1]["responsabilidades"].append({"numero": m.group(1), "texto": m.group(2)} if m
                                                    else {"texto": text})
            else:
                out.append({"rol": None, "titulo": text, "responsabilidades": []})
        kept = []
        for duty in out:
            if duty["rol"] is None:
                self.draft.notes.append(f"Coordinación {coord_id}, «Roles y responsabilidades»: «"
                                        f"{_one_line(duty.get('titulo', ''))}» no trae «{export.LABEL_ROLE}: …»; "
                                        f"no se importan sus {len(duty['responsabilidades'])} responsabilidades.")
                continue
            ordered = {"rol": duty["rol"]}
            if "titulo" in duty:
                ordered["titulo"] = duty["titulo"]
            ordered["responsabilidades"] = duty["responsabilidades"]
            kept.append(ordered)
        return kept

    def procedure(self, proc, norm_ids) -> dict:
        out = {"id": proc["id"], "area": proc["area"], "nombre": proc["nombre"]}
        if proc["_seccion"]:
            out["seccion"] = proc["_seccion"]
        out["descripcion"] = "\n\n".join(proc["_desc"])
        if proc["_obj"]:
            out["objetivo"] = "\n\n".join(proc["_obj"])
        norms = []
        for label in proc["_normas"]:
            nid = norm_ids.get(fold(label))
            if nid:
                norms.append(nid)
            else:
                self.draft.notes.append(f"{proc['id']}: la norma «{_one_line(label)}» no está en el marco normativo "
                                        "del documento: no se importa.")
        if norms:
            out["normativa"] = norms
        if proc["_ext"]:
            out["documentos_externos"] = proc["_ext"]
        steps = []
        for s in proc["pasos"]:
            step = {"cvo": s["cvo"], "accion": s["accion"] or "Por completar",
                    "responsables": s["responsables"], "insumos": s["insumos"], "salidas": s["salidas"]}
            if not s["accion"]:
                self.draft.notes.append(f"{proc['id']}: el paso {s['cvo']} no tiene acción; se puso «Por completar».")
            if s.get("nota"):
                step["nota"] = s["nota"]
            if s.get("decision"):
                step["decision"] = s["decision"]
            steps.append(step)
        out["pasos"] = steps
        out["riesgos"] = proc["riesgos"]
        if proc["_vigencia"]:
            if DATE_PATTERN.match(proc["_vigencia"]):
                out["vigencia"] = proc["_vigencia"]
            else:
                self.draft.notes.append(f"{proc['id']}: vigencia «{_one_line(proc['_vigencia'])}» no es AAAA-MM-DD.")
        if proc.get("_flujo"):
            flow = proc["_flujo"]
            out["flujograma"] = {k: flow[k] for k in ("carriles", "documentos", "nota") if k in flow}
        if proc["_lagunas"]:
            out["lagunas"] = proc["_lagunas"]
        if not steps:
            self.draft.notes.append(f"{proc['id']}: no tiene tabla de actividades.")
        return out


def cell_offset(row, c) -> int:
    """How many grid columns back the merged cell covering column ``c`` starts."""
    k = 0
    while c - k > 0 and not row[c - k].first:
        k += 1
    return k


def read(path: str | Path, roles_fallback: list[dict] | None = None,
         terms_fallback: list[dict] | None = None) -> Draft:
    """Read ``path`` (.docx) into a :class:`Draft`. Raises ``ValueError`` (Spanish message)
    when the file is not a readable Word document."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ValueError(f"{path.name}: el archivo pesa {size // (1024 * 1024)} MB; el máximo es "
                         f"{MAX_BYTES // (1024 * 1024)} MB")
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ValueError(f"{path.name}: no es un documento de Word (.docx) legible (no es un ZIP)") from None
    if expanded > MAX_EXPANDED:
        raise ValueError(f"{path.name}: descomprimido ocuparía {expanded // (1024 * 1024)} MB; el máximo es "
                         f"{MAX_EXPANDED // (1024 * 1024)} MB")
    try:
        doc = Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several types for bad files
        raise ValueError(f"{path.name}: no es un documento de Word (.docx) legible ({type(exc).__name__})") from None
    reader = _Reader(str(path), roles_fallback, terms_fallback)
    changes = tracked_changes(doc)
    if changes:
        reader.draft.notes.append(f"El documento tiene {changes} cambios con control de cambios sin aceptar ni "
                                  "rechazar: se importó el texto como si se hubieran aceptado (inserciones "
                                  "incluidas, eliminaciones y filas eliminadas omitidas). Revíselos.")
    blocks = _blocks(doc)
    marks = _title_paragraphs(blocks)
    pending: list[str] = []
    for n, block in enumerate(blocks):
        if isinstance(block, Grid):
            if marks.get(n) == "banner":
                reader.title_paragraph(_banner(block))
                reader.proc["_desc"].extend(pending)
                reader.banner_title = True
                pending = []
            reader.table(block)
        elif marks.get(n) == "pending":
            pending.append(block.text)
        elif marks.get(n) == "title":
            reader.title_paragraph(block.text.strip())
        elif marks.get(n) == "desc":
            reader.proc["_desc"].append(block.text)
        else:
            reader.paragraph(block)
    return reader.finish()


def _activity_header_row(grid: Grid) -> int | None:
    """Index of the header row of an activity table (the first of the first three rows that
    names an action and a Cvo. or responsable column), or None."""
    for r, row in enumerate(grid.rows[:3]):
        keys = [_header_key(c.text) for c in row]
        if "accion" in keys and ("cvo" in keys or "responsables" in keys):
            return r
    return None


def _is_activity_header(grid: Grid) -> bool:
    return _activity_header_row(grid) is not None


def _banner(grid: Grid) -> str | None:
    """The text of a title row above an activity table's header, if it names a procedure."""
    at = _activity_header_row(grid)
    if not at:
        return None
    text = grid.rows[0][0].text.strip()
    text = re.sub(r"^(?:procedimiento|proceso)\s*:?\s*", "", text, flags=re.I)
    m = _PROC_TITLE.match(text)
    return text if m and ID_PATTERN.match(m.group(1)) else None


def _title_paragraphs(blocks) -> dict[int, str]:
    """Procedures written without headings: for an activity table with no level-2 heading
    since the previous table, the paragraphs since the previous table or heading name it —
    the first one that starts with a procedure key («SPE-01 · Ingreso», «SPE-01 Ingreso»), else
    the last one — and the paragraphs after that title are its description. A table that
    follows another one directly (a table continued after a page break) names nothing."""
    marks: dict[int, str] = {}
    window: list[int] = []
    h2_seen = False
    for n, block in enumerate(blocks):
        if isinstance(block, Grid):
            if _is_activity_header(block) and not h2_seen and _banner(block):
                marks[n] = "banner"
                for i in window:
                    marks[i] = "pending"
            elif _is_activity_header(block) and not h2_seen and window:
                title = next((i for i in window if (m := _PROC_TITLE.match(blocks[i].text.strip()))
                              and ID_PATTERN.match(m.group(1))), window[-1])
                marks[title] = "title"
                for i in window:
                    if i > title:
                        marks[i] = "desc"
            window, h2_seen = [], False
        elif block.heading is not None and block.heading >= 1:
            window = []
            if block.heading == 2:
                h2_seen = True
        elif block.text.strip() and not block.style.startswith(("Portada", "toc", "Dato", "Pie de figura")):
            window.append(n)
    return marks
