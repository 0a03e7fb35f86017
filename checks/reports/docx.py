"""The manual as a Word document (``site/descargas/manual.docx``), from the validated model.

The look comes from a Word template the institute owns (``plantillas/manual.docx``, made once
by ``scripts/plantilla_docx.py`` and restyled in Word): page size, named styles, the table
style, the header (bookmarks ``manual_titulo``, ``manual_rev``, ``manual_fecha``) and the
footer («Hoja N de M» with the ``PAGE`` / ``NUMPAGES`` fields). This module replaces the
template's body with the manual, in the official order of the print version
(:mod:`macros.impresion`): cover, signature sheets, contents (a Word ``TOC`` field),
introduction, background, legal framework, objectives, structure, processes and scope, each
coordination with its procedures (activity table and flowchart image), risk matrices,
glossary, and annexes (roles catalogue, compliance exceptions, the document's gaps). Everything
the YAML holds is in the document in a form :mod:`checks.importers.docx` reads back (one-line
data paragraphs such as «Coordinación: CSPE», numbered structure table, the source manual's
textual flowchart), so export → import gives the same manual.

YAML text is untrusted and stays text: it only ever becomes the content of ``w:t`` through
python-docx runs (``{ PAGE }`` or ``DDEAUTO`` typed in a field are literal text), never a field
code, a hyperlink or template source; characters that XML 1.0 forbids are removed
(:func:`xml_text`). Field codes come only from constants of this module.

Flowchart images are PNG bytes drawn by Chromium from the built site (``scripts/word.py``);
:func:`build` takes them as a mapping ``procedure id -> PNG`` (``"__organigrama__"`` for the
organisational chart), so this module needs neither a browser nor MkDocs.
"""
from __future__ import annotations

import copy
import io
import re
import struct
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Inches

TEMPLATE = Path(__file__).resolve().parents[2] / "plantillas" / "manual.docx"
ORGANIGRAMA = "__organigrama__"

ACTIVITY_HEADERS = ("Cvo.", "Acción", "Responsable(s)", "Insumos", "Salida(s)")
ACTIVITY_WIDTHS = (1.2, 6.6, 3.4, 3.2, 3.2)                      # cm, 17.6 in all
NORM_HEADERS = ("Clave", "Norma", "Ámbito", "Abreviatura")
GLOSSARY_HEADERS = ("Término", "Definición", "Sigla", "Rol")
ROLE_HEADERS = ("Clave", "Nombre", "Tipo", "Siglas", "Otros nombres", "Definido en el manual", "Nota")
EXCEPTION_HEADERS = ("Regla", "Objeto", "Paso", "Riesgo", "Motivo", "Resuelve", "Acto", "Vence")
RISK_HEADERS = ("Riesgo", "Etiqueta", "Descripción", "P", "I", "NR", "Tratamiento", "Acciones", "Inicio",
                "Revaloración (P/I/NR)")
SCOPE_HEADERS = ("Coordinación", "Procedimiento", "Nombre")
CHANGES_TITLE = "Control de cambios"
CHANGES_HEADERS = ("Versión", "Fecha", "Acto de aprobación", "Estado", "Etiqueta")
STRUCTURE_HEADERS = ("Núm.", "Unidad", "Rol", "Depende de", "Nota")
SIGN_HEADERS = ("Nombre", "Cargo", "Firma")

SCOPES = {"federal": "Federal", "local": "Local", "interno": "Interno"}
ROLE_KINDS = {"persona": "Persona", "unidad": "Unidad", "organo_colegiado": "Órgano colegiado",
              "organo_externo": "Órgano externo", "grupo": "Grupo"}
TREATMENTS = {"evitar": "Evitar", "reducir": "Reducir", "compartir": "Compartir",
              "transferir": "Transferir", "asumir": "Asumir"}
SIGN_TITLES = {"revision": "Revisión", "validacion": "Validación"}
UNREADABLE = "ilegible en el manual"
RISK_GAPS_TITLE = "Lagunas de la matriz"
YES, NO = "Sí", "No"

# Labels of the one-line data paragraphs under coordination and procedure headings.
LABEL_CODE = "Clave"
LABEL_NUMBER = "Número"
LABEL_HEAD = "Titular"
LABEL_AREA = "Coordinación"
LABEL_SECTION = "Apartado"
LABEL_REVIEW = "Vigencia"
LABEL_ROLE = "Rol"
LABEL_SIGNERS = "Datos de quienes firman"
LABEL_STATE = "Estado"
LABEL_APPROVED = "Fecha de aprobación"
LABEL_ACT = "Acto de aprobación"
LABEL_NEXT_REVIEW = "Próxima revisión"
STATES = {"borrador": "borrador", "en_revision": "en revisión", "aprobado": "aprobado"}
ACT_TYPES = {"acuerdo": "Acuerdo", "oficio": "Oficio"}
NONE = "—"
DRAFT = "BORRADOR — no vigente"
GAPS_TITLE = "Lagunas del manual"
FLOW_TEXT_TITLE = "Flujograma del manual fuente (texto): carriles y documentos"
FLOW_HEADERS = ("Carril (rol)", "Título del carril", "Actividades")
LABEL_FLOW_NOTE = "Nota del flujograma"
GAPS_ANNEX = "Anexo: lagunas del documento"
NO_OWN_TITLE = " · sin título propio"
ARROW = " → paso "
NOTE_PREFIX = "Nota: "
TOC_DEPTH = 2
TOC_LEVELS = f"1-{TOC_DEPTH}"

# XML 1.0 forbids these (python-docx raises on them); lone surrogates cannot be encoded.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value) -> str:
    """``value`` as text that XML 1.0 accepts (illegal characters removed)."""
    if value is None:
        return ""
    return _XML_ILLEGAL.sub("", str(value))


def paragraphs_of(text) -> list[str]:
    """Paragraphs of a multi-paragraph text: split on blank lines exactly, so that joining
    with ``"\\n\\n"`` gives the text back (the importer relies on it)."""
    if not text:
        return []
    return str(text).split("\n\n")


def _scale(value) -> str:
    return "—" if value is None else str(value)


def role_label(manual, role_id: str) -> str:
    """How a responsable is written in the table: its acronym, else its name."""
    role = manual.roles.get(role_id)
    if role is None:
        return role_id
    return role.acronym or role.name


# --- low-level helpers ---------------------------------------------------------------------

def _add_text(paragraph, text, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(xml_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    return run


def _para(container, text="", style: str | None = None, **fmt):
    paragraph = container.add_paragraph(style=style)
    if text:
        _add_text(paragraph, text, **fmt)
    return paragraph


def _heading(doc, text, level: int):
    """A heading in the template's «Heading N» style; its text goes through :func:`xml_text`.
    Headings the contents list (levels 1–2) get a bookmark ``_TocNNNNNN`` (a counter, never
    text) for the page number of their contents line."""
    paragraph = doc.add_paragraph(style=f"Heading {level}")
    entries = getattr(doc, "_toc_entries", None)
    if entries is not None and level <= TOC_DEPTH:
        name = f"_Toc{len(entries) + 1:06d}"
        entries.append((level, xml_text(text), name))
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(1000 + len(entries)))
        start.set(qn("w:name"), name)
        paragraph._p.append(start)
        _add_text(paragraph, text)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(1000 + len(entries)))
        paragraph._p.append(end)
    else:
        _add_text(paragraph, text)
    return paragraph


def _field_runs(paragraph, code: str):
    """begin / instrText / separate of a complex field whose code is the constant ``code``."""
    for kind, text in (("begin", None), ("instr", code), ("separate", None)):
        r = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)


def _field_end(paragraph):
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(el)


def _repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_lines(cell, lines, style="Texto de tabla"):
    """One paragraph per item (the cell's first, empty paragraph is reused)."""
    lines = list(lines)
    first = cell.paragraphs[0]
    first.style = style
    if not lines:
        return
    _add_text(first, lines[0])
    for line in lines[1:]:
        _para(cell, line, style)


def _table(doc, headers, rows, widths=None, style="Tabla del manual"):
    table = doc.add_table(rows=1, cols=len(headers))
    try:
        table.style = style
    except (KeyError, ValueError):
        table.style = None
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, headers):
        _cell_lines(cell, [text], "Encabezado de tabla")
    for values in rows:
        row = table.add_row()
        for cell, value in zip(row.cells, values):
            if callable(value):
                value(cell)
            else:
                _cell_lines(cell, value if isinstance(value, (list, tuple)) else [value])
    if widths:
        _fixed_widths(table, widths)
    return table


def _fixed_widths(table, widths):
    """Column widths in cm, written where Word and LibreOffice both read them: the grid,
    every cell, and a fixed layout."""
    table.autofit = False
    tbl = table._tbl
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("la imagen del flujograma no es PNG")
    return struct.unpack(">II", data[16:24])


MAX_W_CM, MAX_H_CM = 17.5, 19.0


def _picture(doc, png: bytes, scale: float = 2.0, alt: str = ""):
    """The image at its CSS size (``scale`` device pixels per CSS pixel, 96 per inch), shrunk
    to the text width and to a page height."""
    w_px, h_px = _png_size(png)
    width = Inches(w_px / scale / 96)
    height = Inches(h_px / scale / 96)
    factor = min(1.0, Cm(MAX_W_CM) / width, Cm(MAX_H_CM) / height)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(int(width * factor)),
                                            height=Emu(int(height * factor)))
    if alt:
        shape._inline.docPr.set("descr", xml_text(alt))       # alternative text for screen readers
    return paragraph


def _fill_bookmark(element, name: str, text: str) -> bool:
    """Replace what bookmark ``name`` encloses (in a header, footer or the body) by ``text``."""
    for start in element.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) != name:
            continue
        mark_id = start.get(qn("w:id"))
        parent = start.getparent()
        template_rpr = None
        node = start.getnext()
        while node is not None:
            if node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) == mark_id:
                break
            following = node.getnext()
            if node.tag == qn("w:r"):
                rpr = node.find(qn("w:rPr"))
                if template_rpr is None and rpr is not None:
                    template_rpr = rpr
                parent.remove(node)
            node = following
        run = OxmlElement("w:r")
        if template_rpr is not None:
            run.append(template_rpr)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = xml_text(text)
        run.append(t)
        start.addnext(run)
        return True
    return False


def _clear_body(doc):
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# Elements that follow w:updateFields in CT_Settings (ECMA-376 order; Word is strict about it).
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                        "listSeparator")


def _update_fields_on_open(doc):
    """settings «updateFields»: Word offers to update the fields (the contents) on opening."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        following = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS} | {
            "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}
        successor = next((child for child in settings if child.tag in following), None)
        if successor is not None:
            successor.addprevious(el)
        else:
            settings.append(el)
    el.set(qn("w:val"), "true")


def _new_section(doc, landscape: bool):
    """A new section on a new page, landscape or portrait. Its header and footer are copies of
    the first section's whose tab stops (absolute positions) are scaled to this section's text
    width, without the bookmarks."""
    # (python-docx: the Section objects wrap sectPr elements, and the last one moves into the
    # new section; so the first section's width is read before, its header after.)
    first = doc.sections[0]
    old_text = first.page_width - first.left_margin - first.right_margin
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    new_text = section.page_width - section.left_margin - section.right_margin
    if old_text > 0:
        for source_part, part in ((doc.sections[0].header, section.header), (doc.sections[0].footer, section.footer)):
            source = source_part._element
            part.is_linked_to_previous = False
            target = part._element
            for child in list(target):
                target.remove(child)
            for child in source:
                target.append(copy.deepcopy(child))
            for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
                for el in list(target.iter(qn(tag))):
                    el.getparent().remove(el)
            for tab in target.iter(qn("w:tab")):
                pos = tab.get(qn("w:pos"))
                if pos is not None and tab.getparent().tag == qn("w:tabs"):
                    tab.set(qn("w:pos"), str(int(int(pos) * new_text / old_text)))
    return section


# --- sections --------------------------------------------------------------------------------

def _cover(doc, info):
    _para(doc, info.institution, "Portada institución")
    _para(doc, info.title, "Portada título")
    _para(doc, info.unit, "Portada unidad")
    if info.unit_acronym:
        _para(doc, f"({info.unit_acronym})", "Portada detalle")
    _para(doc, str(info.year), "Portada detalle")
    _para(doc, f"Versión {info.version}" + (f" · {info.date}" if info.date else ""), "Portada detalle")
    if info.control is not None:
        _para(doc, control_line(info.control), "Dato del procedimiento").alignment = WD_ALIGN_PARAGRAPH.CENTER


def _act_text(act) -> str:
    if not act:
        return NONE
    text = f"{ACT_TYPES.get(act.get('tipo'), act.get('tipo'))} {xml_text(act.get('numero'))}"
    return text + (f" del {act['fecha']}" if act.get("fecha") else "")


def control_line(control) -> str:
    """«Estado: aprobado · Fecha de aprobación: — · Acto de aprobación: — · Próxima revisión: —»."""
    return " · ".join((f"{LABEL_STATE}: {STATES.get(control.state, control.state)}",
                       f"{LABEL_APPROVED}: {control.approval_date or NONE}",
                       f"{LABEL_ACT}: {_act_text(control.act)}",
                       f"{LABEL_NEXT_REVIEW}: {control.next_review or NONE}"))


def signer_data(signer: dict) -> str:
    """One signer's record, «CV-INE (firmado: no; fecha: —)»: the role (— if none) and, when the
    YAML has them, whether and when the person signed (— for an empty date)."""
    tokens = []
    if "firmado" in signer:
        tokens.append(f"firmado: {YES.lower() if signer['firmado'] else NO.lower()}")
    if "fecha" in signer:
        tokens.append(f"fecha: {signer['fecha'] or NONE}")
    return (signer.get("rol") or NONE) + (f" ({'; '.join(tokens)})" if tokens else "")


def _signatures(doc, info):
    for sheet in info.signatures:
        kind = SIGN_TITLES.get(sheet.get("tipo"), "")
        _heading(doc, f"Hoja de identificación de firmas: {kind}", level=1)
        _para(doc, sheet.get("titulo"), bold=True)
        signers = list(sheet.get("firmantes") or ())
        table = _table(doc, SIGN_HEADERS,
                       [(s.get("nombre"), s.get("puesto"),
                         ("Firmado" + (f" el {s['fecha']}" if s.get("fecha") else "")) if s.get("firmado") else "")
                        for s in signers],
                       widths=(6.5, 6.5, 4.6))
        for row in table.rows[1:]:
            row.height = Cm(1.8)
        if any(("rol" in x) or ("firmado" in x) or ("fecha" in x) for x in signers):
            _para(doc, f"{LABEL_SIGNERS}: " + " | ".join(signer_data(x) for x in signers), "Dato del procedimiento")


def _contents_title(doc):
    heading = _para(doc, "Contenido", "Título de contenido")
    heading.paragraph_format.keep_with_next = True
    return heading


def _fill_contents(doc, title):
    """The contents after ``title``: a Word ``TOC`` field whose cached result already lists
    every level-1/2 heading, in document order, so that it reads well before the field is
    updated. Word updates it, with page numbers, on opening (settings «updateFields») or with
    F9; LibreOffice shows the cached list until Herramientas › Actualizar › Actualizar todo
    (its headless conversion does not update indexes). The field code is a constant; the
    headings carry bookmarks ``_TocNNNNNN`` named by a counter."""
    entries = doc._toc_entries
    paragraphs = []
    for n, (level, text, _bookmark) in enumerate(entries or [(1, "", None)]):
        paragraph = doc.add_paragraph(style=f"toc {level}")
        if n == 0:
            _field_runs(paragraph, f' TOC \\o "{TOC_LEVELS}" \\h \\z \\u ')
        _add_text(paragraph, text)
        paragraphs.append(paragraph)
    _field_end(paragraphs[-1])
    anchor = title._p
    for paragraph in paragraphs:
        anchor.addnext(paragraph._p)
        anchor = paragraph._p


def _coord_title(coord) -> str:
    return (f"{coord.number}. " if coord.number else "") + coord.name


def _proc_title(proc) -> str:
    return f"{proc.id} · {proc.name}"


def _text_block(doc, text, style=None):
    for paragraph in paragraphs_of(text):
        _para(doc, paragraph, style)


def _legal(doc, manual):
    info = manual.info
    _heading(doc, "Marco normativo", level=1)
    if info and info.legal_intro:
        _text_block(doc, info.legal_intro)
    if manual.norms:
        _table(doc, NORM_HEADERS,
               [(n.id, n.name, SCOPES.get(n.scope, n.scope), n.abbreviation or "") for n in manual.norms.values()],
               widths=(2.6, 10.0, 2.0, 3.0))


def _structure_rows(unit, parent="", rows=None) -> list[tuple]:
    """The organisational structure as numbered rows in depth-first order: (number, name,
    role, number of the unit it depends on, note)."""
    rows = [] if rows is None else rows
    number = str(len(rows) + 1)
    rows.append((number, unit.get("nombre") or "", unit.get("rol") or "", parent, unit.get("nota") or ""))
    for child in unit.get("dependientes") or ():
        _structure_rows(child, number, rows)
    return rows


def _figure(doc, images, key, caption):
    """The diagram ``key``: one PNG, or the parts of a long flowchart in order (each with its
    caption «parte k de n», joined by the off-page connectors drawn in them)."""
    pngs = images.get(key)
    if not pngs:
        _para(doc, f"{caption}: la imagen no se generó (construya el sitio y ejecute scripts/word.py).",
              "Pie de figura")
        return
    parts = [pngs] if isinstance(pngs, (bytes, bytearray)) else list(pngs)
    for number, png in enumerate(parts, start=1):
        text = caption if len(parts) == 1 else f"{caption}, parte {number} de {len(parts)}"
        _picture(doc, png, alt=text)
        _para(doc, text, "Pie de figura")


def _coordination(doc, coord, manual, images):
    _heading(doc, _coord_title(coord), level=1)
    data = [f"{LABEL_CODE}: {coord.id}"]
    if coord.number:
        data.append(f"{LABEL_NUMBER}: {coord.number}")
    if coord.role:
        data.append(f"{LABEL_HEAD}: {coord.role}")
    _para(doc, " · ".join(data), "Dato del procedimiento")
    for paragraph in coord.introduction:
        _text_block(doc, paragraph)
    if coord.objective:
        _heading(doc, "Objetivo", level=3)
        _text_block(doc, coord.objective)
    if coord.rules:
        _heading(doc, "Reglas de operación", level=3)
        for rule in coord.rules:
            _para(doc, rule, "List Number")
    if coord.duties:
        _heading(doc, "Roles y responsabilidades", level=3)
        for duty in coord.duties:
            _para(doc, duty.title or manual.role_name(duty.role), bold=True)
            _para(doc, f"{LABEL_ROLE}: {duty.role}" + ("" if duty.title else NO_OWN_TITLE), "Dato del procedimiento")
            for r in duty.duties:
                _para(doc, (f"{r.number}. " if r.number else "") + xml_text(r.text), "List Bullet")
    if coord.systems:
        _heading(doc, "Sistemas de información", level=3)
        for system in coord.systems:
            _para(doc, (f"{system.number}. " if system.number else "") + xml_text(system.name), "List Bullet")
    if coord.gaps:
        _heading(doc, GAPS_TITLE, level=3)
        for gap in coord.gaps:
            _para(doc, gap, "List Bullet")
    for proc in manual.procedures_of(coord.id):
        _procedure(doc, proc, manual, images)


def _action_cell(step):
    def fill(cell):
        parts = paragraphs_of(step.action) or [""]
        _cell_lines(cell, parts)
        if step.decision is not None:
            _para(cell, step.decision.question, "Decisión")
            for option in step.decision.options:
                _para(cell, f"{xml_text(option.label)}{ARROW}{option.target}", "Opción de decisión")
        if step.note:
            _para(cell, NOTE_PREFIX + xml_text(step.note), "Nota de paso")
    return fill


def activity_table(doc, proc, manual):
    rows = []
    for step in proc.steps:
        rows.append((str(step.cvo), _action_cell(step),
                     [role_label(manual, r) for r in (step.responsibles or ())],
                     list(step.inputs or ()), list(step.outputs or ())))
    table = _table(doc, ACTIVITY_HEADERS, rows, widths=ACTIVITY_WIDTHS)
    for row in table.rows[1:]:
        row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def _procedure(doc, proc, manual, images):
    heading = _heading(doc, _proc_title(proc), level=2)
    heading.paragraph_format.page_break_before = True
    _para(doc, f"{LABEL_AREA}: {proc.area}", "Dato del procedimiento")
    if proc.section:
        _para(doc, f"{LABEL_SECTION}: {xml_text(proc.section)}", "Dato del procedimiento")
    if proc.review_date:
        _para(doc, f"{LABEL_REVIEW}: {proc.review_date}", "Dato del procedimiento")
    if proc.description:
        _heading(doc, "Descripción", level=3)
        _text_block(doc, proc.description)
    if proc.objective:
        _heading(doc, "Objetivo", level=3)
        _text_block(doc, proc.objective)
    if proc.norms:
        _heading(doc, "Normativa", level=3)
        for norm_id in proc.norms:
            norm = manual.norms.get(norm_id)
            _para(doc, (norm.abbreviation or norm.name) if norm else norm_id, "List Bullet")
    if proc.external_documents:
        _heading(doc, "Documentos externos", level=3)
        for document in proc.external_documents:
            _para(doc, document, "List Bullet")
    _heading(doc, "Descripción de actividades", level=3)
    activity_table(doc, proc, manual)
    _heading(doc, "Diagrama de flujo", level=3)
    _figure(doc, images, proc.id, f"Flujograma de {xml_text(proc.id)}")
    if proc.flowchart is not None:
        flow = proc.flowchart
        _para(doc, FLOW_TEXT_TITLE, bold=True)
        _table(doc, FLOW_HEADERS, [(lane.role, lane.title or "", list(lane.activities)) for lane in flow.lanes],
               widths=(3.4, 4.2, 10.0))
        if flow.note:
            _para(doc, f"{LABEL_FLOW_NOTE}: {xml_text(flow.note)}", "Dato del procedimiento")
        for document in flow.documents:
            _para(doc, document, "List Bullet")
    if proc.gaps:
        _heading(doc, GAPS_TITLE, level=3)
        for gap in proc.gaps:
            _para(doc, gap, "List Bullet")


def _risks(doc, manual):
    _heading(doc, "Matrices de riesgos", level=1)
    _para(doc, "Probabilidad (P) e impacto (I): 1 bajo, 2 medio, 3 alto. Nivel de riesgo (NR) = P × I.")
    owners: dict[str, list] = {}
    for risk in manual.all_risks():
        owners.setdefault(risk.owner, []).append(risk)
    for owner, risks in owners.items():
        holder = manual.procedures.get(owner) or manual.coordinations.get(owner)
        _heading(doc, f"{owner} · {holder.name}" if holder else owner, level=3)
        rows = []
        for r in risks:
            re_ = r.reassessment
            reval = "—" if re_ is None else f"{_scale(re_.probability)} / {_scale(re_.impact)} / {_scale(re_.level)}"
            treatment = [TREATMENTS.get(t, t) for t in r.treatment] if r.treatment_known else [UNREADABLE]
            rows.append((r.id, r.label or "", r.description or "", _scale(r.probability), _scale(r.impact),
                         _scale(r.level), treatment, r.actions or "", r.start_date or "", reval))
        _table(doc, RISK_HEADERS, rows, widths=(2.0, 2.4, 5.0, 0.8, 0.8, 0.9, 2.4, 5.0, 2.0, 2.4))
        gaps = [(r.id, gap) for r in risks for gap in r.gaps]
        if gaps:
            _para(doc, RISK_GAPS_TITLE, bold=True)
            for risk_id, gap in gaps:
                _para(doc, f"{risk_id}: {xml_text(gap)}", "List Bullet")


def _glossary(doc, manual):
    _heading(doc, "Glosario", level=1)
    _table(doc, GLOSSARY_HEADERS,
           [(t.term, t.definition, YES if t.acronym else NO, t.role or "") for t in manual.terms],
           widths=(3.2, 10.2, 1.4, 2.8))


def _changelog(doc, log):
    """«Control de cambios», as the print version has it (issue 15): state of this copy, the
    published versions (git tags «manual-‹versión›») and what changed in each, and what is not
    published yet. Computed from git history by :mod:`checks.reports.changelog`; not imported
    back (the history is the record)."""
    from .changelog import STATE_NAMES, act_text
    from .changelog_text import state_line

    _heading(doc, CHANGES_TITLE, level=1)
    if log is None or not log.available:
        reason = log.history.reason if log is not None else None
        _para(doc, f"Sin datos: {xml_text(reason or 'historial no disponible en esta copia')}. Las versiones "
                   "publicadas se leen de las etiquetas de git «manual-‹versión›».")
        return
    _para(doc, state_line(log))
    _heading(doc, "Versiones publicadas", level=3)
    rows = []
    for v in log.versions:
        state = STATE_NAMES.get(v.state, v.state or "sin datos de control")
        if v.problem:
            state += f" — ¡atención: {v.problem}!"
        rows.append((v.version, v.date, act_text(v.act) or NONE, state, v.published.tag))
    _table(doc, CHANGES_HEADERS, rows, widths=(2.0, 2.6, 5.0, 4.6, 3.4))

    def changes(diff):
        if diff is None or diff.empty:
            _para(doc, "Sin cambios en procedimientos, coordinaciones, catálogos ni excepciones.")
            return
        for section in diff.sections:
            _para(doc, section.title, bold=True)
            for line in section.lines:
                _para(doc, line, "List Bullet")

    previous = None
    for v in log.versions:
        _heading(doc, f"Versión {v.version}", level=3)
        _para(doc, f"Fecha: {v.date}" + (f" · Acto: {act_text(v.act)}" if act_text(v.act) else "")
              + f" · Etiqueta: {v.published.tag}.")
        if previous is None:
            _para(doc, "Primera versión publicada: no hay una versión anterior con qué compararla.")
        else:
            _para(doc, f"Cambios desde la versión {xml_text(previous.version)}:")
            changes(v.changes)
        previous = v
    _heading(doc, "Cambios no publicados", level=3)
    if log.unpublished is None:
        _para(doc, "Ninguno: esta copia es una versión publicada." if log.current is not None
              else "Sin versión publicada anterior con qué comparar.")
    else:
        changes(log.unpublished)


def _roles_annex(doc, manual):
    _heading(doc, "Anexo: catálogo de roles", level=1)
    _para(doc, "Roles que nombran las tablas de actividades (por sus siglas o su nombre) y los flujogramas.")
    _table(doc, ROLE_HEADERS,
           [(r.id, r.name, ROLE_KINDS.get(r.kind, r.kind), r.acronym or "", list(r.synonyms),
             YES if r.defined else NO, r.note or "") for r in manual.roles.values()],
           widths=(3.2, 4.6, 2.2, 2.0, 4.6, 1.8, 5.2))


def _exceptions_annex(doc, manual):
    _heading(doc, "Anexo: excepciones de cumplimiento", level=1)
    _para(doc, "Hallazgos de la revisión automática aceptados temporalmente, con motivo, responsable y vencimiento.")
    _table(doc, EXCEPTION_HEADERS,
           [(e.rule, e.subject, "" if e.step is None else str(e.step), e.risk or "", e.reason, e.resolver,
             e.act or "", e.expires) for e in manual.exceptions],
           widths=(1.8, 2.2, 1.2, 2.2, 8.6, 2.2, 3.0, 2.4))


# --- the document ----------------------------------------------------------------------------

def build(report, images: dict[str, bytes | list[bytes]] | None = None, template: str | Path | None = None,
          revised: str | None = None, control: dict | None = None, changelog=None) -> Document:
    """The Word document of a checked manual. Refuses a manual with blocking errors.

    ``control``: the build's document control as the site computes it for the PDF (plain
    values: ``titulo``, ``version``, ``fecha``, ``borrador``; ``scripts/word.py`` reads them
    from the print page): the header shows that revision and date, and a draft says
    «BORRADOR — no vigente» in the footer and on the cover. ``revised``: date of the last
    change (its last git commit), the header's «Fecha» when neither gives one. ``changelog``:
    the build's :class:`checks.reports.changelog.ChangeLog` for «Control de cambios» (None:
    the section says there is no history; False: no section)."""
    if report.blocking:
        raise ValueError("el manual tiene errores bloqueantes: no se genera el .docx")
    manual = report.manual
    info = manual.info
    images = images or {}
    control = control or {}
    doc = Document(str(template or TEMPLATE))
    _clear_body(doc)
    title = info.title if info else "Manual de Procedimientos"
    core = doc.core_properties
    core.title = xml_text(title)[:250]
    core.subject = xml_text(info.unit if info else "")[:250]
    core.author = xml_text(info.unit_acronym or info.unit if info else "")[:250]
    core.comments = "Generado desde procesos_yaml/ (validado) por checks/reports/docx.py; no se edita a mano."
    core.keywords = ""
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous and part is not section.header and part is not section.footer:
                continue
            element = part._element
            _fill_bookmark(element, "manual_titulo", control.get("titulo") or title)
            _fill_bookmark(element, "manual_rev", control.get("version") or (info.version if info else ""))
            _fill_bookmark(element, "manual_fecha", control.get("fecha") or (info.date if info else None)
                           or revised or (str(info.year) if info else ""))
            _fill_bookmark(element, "manual_estado", DRAFT if control.get("borrador") else "")
    doc._toc_entries = []
    if info:
        _cover(doc, info)
        if control.get("borrador"):
            _para(doc, DRAFT, "Portada detalle", bold=True)
        _signatures(doc, info)
    contents = _contents_title(doc)
    if info and info.introduction:
        _heading(doc, "Introducción", level=1)
        for paragraph in info.introduction:
            _text_block(doc, paragraph)
    if info and info.background:
        _heading(doc, "Antecedentes", level=1)
        for item in info.background:
            if isinstance(item, dict):
                _para(doc, item.get("cita"), "Cita")
                if item.get("fuente"):
                    _para(doc, "— " + xml_text(item["fuente"]), "Cita")
            else:
                _text_block(doc, item)
    if (info and info.legal_intro) or manual.norms:
        _legal(doc, manual)
    if info and info.objectives:
        _heading(doc, "Objetivos", level=1)
        for objective in info.objectives:
            _para(doc, objective, "List Number")
    if info and info.structure:
        _heading(doc, "Estructura orgánica", level=1)
        _table(doc, STRUCTURE_HEADERS, _structure_rows(info.structure), widths=(1.2, 7.4, 3.0, 2.2, 3.8))
        _figure(doc, images, ORGANIGRAMA, "Organigrama")
    _heading(doc, "Procesos y alcance", level=1)
    if info and info.scope_intro:
        _text_block(doc, info.scope_intro)
    _table(doc, SCOPE_HEADERS,
           [((manual.coordinations[p.area].name if p.area in manual.coordinations else p.area), p.id, p.name)
            for p in manual.procedures.values()], widths=(6.0, 2.6, 9.0))
    for coord in manual.coordinations.values():
        _coordination(doc, coord, manual, images)
    orphans = [p for p in manual.procedures.values() if p.area not in manual.coordinations]
    if orphans:
        _heading(doc, "Otros procedimientos", level=1)
        for proc in orphans:
            _procedure(doc, proc, manual, images)
    if manual.all_risks():
        _new_section(doc, landscape=True)            # the risk matrices are wide
        _risks(doc, manual)
        if manual.terms:
            _new_section(doc, landscape=False)
    if manual.terms:
        _glossary(doc, manual)
    if changelog is not False:
        _changelog(doc, changelog)
    _new_section(doc, landscape=True)                # so are the annexes
    _roles_annex(doc, manual)
    if manual.exceptions:
        _exceptions_annex(doc, manual)
    if info and info.gaps:
        _heading(doc, GAPS_ANNEX, level=1)
        _para(doc, "Lo que el manual fuente no dice o la extracción perdió, por apartado.")
        for gap in info.gaps:
            _para(doc, gap, "List Bullet")
    _fill_contents(doc, contents)
    _update_fields_on_open(doc)
    return doc


def docx_bytes(report, images: dict[str, bytes | list[bytes]] | None = None, template: str | Path | None = None,
               revised: str | None = None, control: dict | None = None, changelog=None) -> bytes:
    buffer = io.BytesIO()
    build(report, images, template, revised, control, changelog).save(buffer)
    return buffer.getvalue()
