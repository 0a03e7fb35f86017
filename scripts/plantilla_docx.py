"""Generate the Word template ``plantillas/manual.docx`` once (then the institute owns it).

Usage::

    .venv/bin/python scripts/plantilla_docx.py [--salida plantillas/manual.docx] [--forzar]

The template holds everything about the *look* of ``site/descargas/manual.docx`` and nothing
about its content: page size and margins, the named styles the exporter uses (Spanish names,
listed in :data:`STYLES` and in the template body as a style sample), the table style of the
activity tables, and the header and footer. The header carries three bookmarks
(``manual_titulo``, ``manual_rev``, ``manual_fecha``) where the exporter writes the title,
revision and date as plain text; the footer carries the bookmark ``manual_estado`` («BORRADOR —
no vigente» for a draft) and the ``PAGE`` and ``NUMPAGES`` fields («Hoja N de M»). Restyle it in Word (Inicio › Estilos › Modificar) and commit it: the code
does not need to change. The body of the template is a style sample and is replaced by the
manual on export.

It never overwrites an existing template unless ``--forzar`` is given.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

_RAIZ = Path(__file__).resolve().parents[1]
if str(_RAIZ) not in sys.path:
    sys.path.insert(0, str(_RAIZ))
from checks.commands.base import SpanishArgumentParser  # noqa: E402

DEFAULT_OUTPUT = _RAIZ / "plantillas" / "manual.docx"
GUINDA = RGBColor(0x6B, 0x1D, 0x3A)      # institutional accent colour; change it in Word
GRIS = RGBColor(0x44, 0x44, 0x44)
FONT = "Arial"

# Paragraph styles the exporter uses (name -> what for). Built-in ones keep their English
# internal names (Word shows them translated: «Título 1», «Encabezado», …).
STYLES = {
    "Portada institución": "nombre de la institución en la portada",
    "Portada título": "título del manual en la portada",
    "Portada unidad": "unidad administrativa en la portada",
    "Portada detalle": "siglas, año, versión y fecha en la portada",
    "Título de contenido": "título «Contenido» sobre el índice",
    "Dato del procedimiento": "renglones de datos («Clave: …», «Coordinación: …», «Rol: …») que el "
                              "importador vuelve a leer",
    "Texto de tabla": "texto de las celdas",
    "Encabezado de tabla": "fila de encabezado de las tablas",
    "Decisión": "pregunta de una decisión dentro de la celda Acción",
    "Opción de decisión": "cada opción «Sí → paso 5» de una decisión",
    "Nota de paso": "nota de un paso dentro de la celda Acción",
    "Cita": "citas textuales de los antecedentes",
    "Pie de figura": "rótulo bajo cada flujograma",
    "Texto del encabezado": "texto del encabezado y del pie de página",
}
TABLE_STYLE = "Tabla del manual"


def _font(style, size=None, bold=None, color=None, italic=None):
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = color


def _paragraph_style(doc, name, base="Normal", **font):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    _font(style, **font)
    return style


def _borders(parent, tag: str, size: int = 4, color: str = "808080"):
    borders = OxmlElement(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    parent.append(borders)


def _table_style(doc):
    """A table style with thin borders and a shaded, bold, repeated first row."""
    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    style.base_style = doc.styles["Normal Table"]
    _font(style, size=9)
    el = style.element
    tblpr = OxmlElement("w:tblPr")
    _borders(tblpr, "w:tblBorders")
    cell_mar = OxmlElement("w:tblCellMar")
    for edge, width in (("left", 80), ("right", 80)):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), str(width))
        m.set(qn("w:type"), "dxa")
        cell_mar.append(m)
    tblpr.append(cell_mar)
    el.append(tblpr)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "FFFFFF")
    rpr.append(color)
    first.append(rpr)
    trpr = OxmlElement("w:trPr")
    trpr.append(OxmlElement("w:tblHeader"))
    first.append(trpr)
    tcpr = OxmlElement("w:tcPr")
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), str(GUINDA))
    tcpr.append(shd)
    first.append(tcpr)
    el.append(first)
    return style


def _field(paragraph, code: str, placeholder: str, style_name: str | None = None):
    """A complex field (fldChar begin / instrText / separate / result / end). Only for the
    fixed codes of the template (PAGE, NUMPAGES)."""
    def run():
        r = paragraph.add_run()
        if style_name:
            r.style = style_name
        return r
    r = run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    r._r.append(begin)
    r = run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    r._r.append(instr)
    r = run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    r._r.append(sep)
    paragraph.add_run(placeholder)
    r = run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r._r.append(end)


_BOOKMARK_ID = [100]


def _bookmark(paragraph, name: str, sample: str):
    """``sample`` inside bookmark ``name``: the exporter replaces what the bookmark encloses."""
    _BOOKMARK_ID[0] += 1
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(_BOOKMARK_ID[0]))
    start.set(qn("w:name"), name)
    paragraph._p.append(start)
    paragraph.add_run(sample)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(_BOOKMARK_ID[0]))
    paragraph._p.append(end)


def build_template() -> Document:
    doc = Document()
    core = doc.core_properties
    core.title = "Plantilla del Manual de Procedimientos"
    core.author = "DEVySPE"
    core.comments = "Generada por scripts/plantilla_docx.py; modifique estilos, encabezado y pie en Word."

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)        # carta
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    section.header_distance, section.footer_distance = Cm(1), Cm(1)

    styles = doc.styles
    # Spanish (Mexico) for spelling and hyphenation, in the document defaults.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "es-MX")
    _font(styles["Normal"], size=10.5)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        st = styles[f"Heading {level}"]
        _font(st, size=size, bold=True, color=GUINDA if level < 3 else GRIS, italic=False)
        st.paragraph_format.space_before = Pt(12 if level > 1 else 0)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 2"].paragraph_format.page_break_before = False

    _paragraph_style(doc, "Portada institución", size=14, bold=True, color=GRIS).paragraph_format.alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    st = _paragraph_style(doc, "Portada título", size=28, bold=True, color=GUINDA)
    st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    st.paragraph_format.space_before = Pt(120)
    st.paragraph_format.space_after = Pt(24)
    _paragraph_style(doc, "Portada unidad", size=16, color=GRIS).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, "Portada detalle", size=12, color=GRIS).paragraph_format.alignment = \
        WD_ALIGN_PARAGRAPH.CENTER
    st = _paragraph_style(doc, "Título de contenido", size=16, bold=True, color=GUINDA)
    st.paragraph_format.page_break_before = True
    _paragraph_style(doc, "Dato del procedimiento", size=9.5, color=GRIS)
    st = _paragraph_style(doc, "Texto de tabla", size=9)
    st.paragraph_format.space_after = Pt(0)
    st = _paragraph_style(doc, "Encabezado de tabla", size=9, bold=True)
    st.paragraph_format.space_after = Pt(0)
    st = _paragraph_style(doc, "Decisión", base="Texto de tabla", bold=True)
    st.paragraph_format.space_before = Pt(3)
    _paragraph_style(doc, "Opción de decisión", base="Texto de tabla").paragraph_format.left_indent = Cm(0.3)
    _paragraph_style(doc, "Nota de paso", base="Texto de tabla", italic=True, color=GRIS, size=8)
    st = _paragraph_style(doc, "Cita", italic=True)
    st.paragraph_format.left_indent = Cm(1)
    st.paragraph_format.right_indent = Cm(1)
    st = _paragraph_style(doc, "Pie de figura", size=9, italic=True, color=GRIS)
    st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, "Texto del encabezado", size=8, color=GRIS).paragraph_format.space_after = Pt(0)
    for level in (1, 2):
        st = _paragraph_style(doc, f"toc {level}", size=10)
        st.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        st.paragraph_format.space_after = Pt(2)
        st.paragraph_format.tab_stops.add_tab_stop(Cm(17.5), WD_TAB_ALIGNMENT.RIGHT)
    _table_style(doc)

    # Header: «<título>    Rev. <rev>    Fecha: <fecha>», bookmarks filled by the exporter.
    header = section.header
    p = header.paragraphs[0]
    p.style = "Texto del encabezado"
    p.paragraph_format.tab_stops.add_tab_stop(Cm(11), WD_TAB_ALIGNMENT.CENTER)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(17.5), WD_TAB_ALIGNMENT.RIGHT)
    _bookmark(p, "manual_titulo", "Manual de Procedimientos")
    p.add_run("\tRev. ")
    _bookmark(p, "manual_rev", "0")
    p.add_run("\tFecha: ")
    _bookmark(p, "manual_fecha", "AAAA-MM-DD")
    # Footer: «Hoja N de M» with PAGE / NUMPAGES fields, right-aligned.
    # Footer: «<estado>    Hoja N de M»; the bookmark holds «BORRADOR — no vigente» in a draft.
    footer = section.footer
    p = footer.paragraphs[0]
    p.style = "Texto del encabezado"
    p.paragraph_format.tab_stops.add_tab_stop(Cm(17.5), WD_TAB_ALIGNMENT.RIGHT)
    _bookmark(p, "manual_estado", "")
    p.add_run("\tHoja ")
    _field(p, "PAGE", "1")
    p.add_run(" de ")
    _field(p, "NUMPAGES", "1")

    # Body: a style sample (replaced by the manual on export).
    doc.add_paragraph("Instituto", style="Portada institución")
    doc.add_paragraph("Plantilla del Manual de Procedimientos", style="Portada título")
    doc.add_paragraph("Muestra de estilos: modifíquelos en Word (Inicio › Estilos); el contenido de esta "
                      "plantilla se reemplaza al exportar el manual.", style="Portada detalle")
    doc.add_paragraph("Estilos que usa el manual", style="Heading 1")
    for name, what in STYLES.items():
        doc.add_paragraph(f"{name}: {what}", style=name)
    doc.add_paragraph("Título 2 (procedimiento)", style="Heading 2")
    doc.add_paragraph("Título 3 (apartado de un procedimiento)", style="Heading 3")
    table = doc.add_table(rows=2, cols=5)
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("Cvo.", "Acción", "Responsable(s)", "Insumos", "Salida(s)")):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "Encabezado de tabla"
    for cell, text in zip(table.rows[1].cells, ("1", "Acción del paso", "Rol", "Documento", "Documento")):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "Texto de tabla"
    doc.add_paragraph().add_run().add_break(WD_BREAK.LINE)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = SpanishArgumentParser(
        prog="scripts/plantilla_docx.py",
        description="Genera la plantilla de Word del manual (estilos, encabezado y pie). Se ejecuta una vez; "
                    "después la plantilla se modifica en Word.")
    parser.add_argument("--salida", default=str(DEFAULT_OUTPUT), help="archivo .docx (por omisión: %(default)s)")
    parser.add_argument("--forzar", action="store_true", help="reemplaza la plantilla si ya existe")
    args = parser.parse_args(argv)
    out = Path(args.salida)
    if out.exists() and not args.forzar:
        sys.stderr.write(f"ERROR: {out} ya existe; no se sobrescribe (use --forzar)\n")
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    build_template().save(str(out))
    sys.stderr.write(f"plantilla escrita en {out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
