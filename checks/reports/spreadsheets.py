"""Spreadsheets of the checked manual: activities, role matrix, risk matrix and findings.

Pure and reusable: :func:`tables` turns a :class:`checks.engine.Report` into plain
:class:`Table` objects (headers and rows of str/int/None); :func:`csv_bytes` and
:func:`xlsx_bytes` serialise them. No MkDocs, no files written here.

Every text cell goes through :func:`neutralise` first: YAML text is untrusted, and a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by a
spreadsheet program as a formula (CSV/formula injection, OWASP). Such a cell gets a leading
apostrophe, so it is shown as text. Control characters that XLSX cannot store are dropped
*before* the test (they used to be dropped after it, so ``\x01=HYPERLINK(…)`` became a live
formula), and the test looks past leading spaces, line breaks and invisible characters and at
the compatibility form (NFKC) of the first visible one, so ``  =…``, ``\u200b=…``, ``＝…`` or
``﹫…`` are neutralised too.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from checks.engine import Report

from .paths import manual_root, shown_path

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (hence XLSX) cannot hold; tab, newline and CR are kept. Lone surrogates
# cannot be encoded as UTF-8 at all.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# What a spreadsheet program may skip before it decides that a cell is a formula: spaces and
# line breaks of every kind, other control characters, and invisible format characters
# (zero-width space and joiners, bidi marks and overrides, BOM, soft hyphen, word joiner…).
_SKIPPABLE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                        r"\ufff0-\ufff8]*")
# Signs that are not ASCII and that NFKC leaves alone, but that a spreadsheet may read as one.
_SIGNS = {"\u2212": "-", "\u2795": "+", "\u2796": "-"}
SEPARATOR = "\n"          # several values in one cell (responsables, insumos, ...)


def _looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet could take ``value`` (already without illegal characters) as a
    formula: it starts with tab or CR, or its first visible character is, in compatibility
    form, one of ``= + - @`` (full-width ``＝＋－＠``, small ``﹦﹢﹣﹫``, superscript
    ``⁼⁺⁻``, the minus sign ``−``…)."""
    if value.startswith(FORMULA_PREFIXES):
        return True
    rest = value[_SKIPPABLE.match(value).end():]
    if not rest:
        return False
    first = unicodedata.normalize("NFKC", rest[0])[:1]
    first = _SIGNS.get(first, first)
    return first in ("=", "+", "-", "@")


def neutralise(value):
    """A cell value that no spreadsheet program will evaluate as a formula.

    Characters XLSX cannot store are removed first; then text that could start a formula
    (see :func:`_looks_like_formula`) gets a leading ``'``. Numbers, booleans and ``None``
    are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("", value)
    if _looks_like_formula(value):
        value = "'" + value
    return value


@dataclass(frozen=True)
class Table:
    name: str            # file stem, e.g. "actividades"
    title: str           # sheet title (max. 31 characters)
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    widths: tuple[int, ...] = ()


def _join(items) -> str:
    return SEPARATOR.join(str(i) for i in (items or ()) if i is not None and str(i).strip())


def activities(report: Report) -> Table:
    """One row per step: procedure, responsible parties, inputs and outputs."""
    manual = report.manual
    rows = []
    for proc in manual.procedures.values():
        coord = manual.coordinations.get(proc.area)
        for step in proc.steps:
            owners = step.responsibles or ()
            decision = ""
            if step.decision is not None:
                options = "; ".join(f"{o.label} → paso {o.target}" for o in step.decision.options)
                decision = f"{step.decision.question} ({options})"
            rows.append((
                proc.id, proc.name, proc.area, coord.name if coord else "", proc.section or "",
                step.cvo, step.action, _join(owners), _join(manual.role_name(r) for r in owners if r),
                _join(step.inputs), _join(step.outputs), decision, step.note or "",
            ))
    return Table("actividades", "Actividades",
                 ("Procedimiento", "Nombre del procedimiento", "Coordinación", "Nombre de la coordinación",
                  "Apartado", "Cvo.", "Acción", "Responsables (id)", "Responsables", "Insumos", "Salidas",
                  "Decisión", "Nota"),
                 tuple(rows), (14, 40, 12, 30, 20, 6, 60, 18, 40, 30, 30, 30, 30))


def role_matrix(report: Report) -> Table:
    """Roles × procedures: each cell lists the steps (cvo) where the role takes part."""
    manual = report.manual
    procs = list(manual.procedures.values())
    steps_of: dict[str, dict[str, list[int]]] = {}
    for proc in procs:
        for step in proc.steps:
            for role in step.real_responsibles:
                steps_of.setdefault(role, {}).setdefault(proc.id, []).append(step.cvo)
    ordered = [r for r in manual.roles if r in steps_of] + sorted(r for r in steps_of if r not in manual.roles)
    rows = []
    for role_id in ordered:
        role = manual.roles.get(role_id)
        per_proc = steps_of[role_id]
        cells = [", ".join(str(c) for c in per_proc[p.id]) if p.id in per_proc else "" for p in procs]
        total = sum(len(v) for v in per_proc.values())
        rows.append((role_id, role.name if role else "(no está en roles.yaml)",
                     role.kind if role else "", len(per_proc), total, *cells))
    return Table("roles", "Matriz de roles",
                 ("Rol", "Nombre", "Tipo", "Procedimientos", "Pasos", *[p.id for p in procs]),
                 tuple(rows), (14, 45, 16, 14, 8, *[10] * len(procs)))


def risk_matrix(report: Report) -> Table:
    """One row per risk (procedures' and coordinations'), with its assessment."""
    manual = report.manual
    rows = []
    for risk in manual.all_risks():
        re_ = risk.reassessment
        owner = manual.procedures.get(risk.owner) or manual.coordinations.get(risk.owner)
        rows.append((
            risk.id, risk.owner, owner.name if owner else "", risk.label or "", risk.description or "",
            risk.probability, risk.impact, risk.level, _join(risk.treatment) if risk.treatment_known else "ilegible en el manual", risk.actions or "",
            risk.start_date or "",
            re_.probability if re_ else None, re_.impact if re_ else None, re_.level if re_ else None,
            _join(risk.gaps),
        ))
    return Table("riesgos", "Matriz de riesgos",
                 ("Riesgo", "Titular", "Nombre del titular", "Etiqueta", "Descripción", "Probabilidad",
                  "Impacto", "Nivel (NR)", "Tratamiento", "Acciones", "Fecha de inicio",
                  "Revaloración: probabilidad", "Revaloración: impacto", "Revaloración: nivel", "Lagunas"),
                 tuple(rows), (12, 12, 35, 16, 50, 12, 10, 10, 14, 45, 14, 14, 14, 14, 40))


def findings(report: Report, relative: bool = False) -> Table:
    """Every compliance finding, including excepted ones and warnings. With ``relative``,
    files are shown relative to the manual's directory (see :func:`checks.reports.paths.shown_path`)."""
    root = manual_root(report.manual) if relative else None
    rows = []
    for p in report.problems:
        exc = p.exception
        rows.append((
            p.rule, p.severity.label, shown_path(p.location.file, root), p.location.line, p.location.column, p.subject or "",
            p.step, p.risk or "", p.message, "sí" if exc is not None else "no",
            exc.reason if exc is not None else "", exc.resolver if exc is not None else "",
            (exc.act or "") if exc is not None else "", exc.expires if exc is not None else "",
        ))
    return Table("hallazgos", "Hallazgos",
                 ("Regla", "Nivel", "Archivo", "Línea", "Columna", "Objeto", "Paso", "Riesgo", "Mensaje",
                  "Exceptuado", "Motivo de la excepción", "Resuelve", "Acto", "Vence"),
                 tuple(rows), (9, 12, 40, 7, 8, 12, 6, 10, 60, 10, 45, 12, 20, 12))


def tables(report: Report, relative: bool = False) -> list[Table]:
    return [activities(report), role_matrix(report), risk_matrix(report), findings(report, relative)]


def _cells(table: Table) -> tuple[tuple[str, ...], list[list]]:
    """Neutralised header and rows of ``table``: computed once, reused by the CSV and by
    every workbook that holds the table."""
    return ([neutralise(h) for h in table.headers],
            [[neutralise(v) for v in row] for row in table.rows])


_PREPARED: dict[int, tuple] = {}


def _prepared(table: Table):
    """:func:`_cells` of ``table``, memoised for as long as the very same object is alive."""
    hit = _PREPARED.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    cells = _cells(table)
    if len(_PREPARED) > 16:
        _PREPARED.clear()
    _PREPARED[id(table)] = (table, cells)
    return cells


def csv_bytes(table: Table) -> bytes:
    """CSV for Excel: UTF-8 with BOM, comma separator, CRLF line ends, neutralised cells."""
    headers, rows = _prepared(table)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


LINE_POINTS = 13.0
MAX_ROW_POINTS = 409.0          # Excel's limit


def _row_height(row, widths) -> float:
    """Points needed by the tallest wrapped cell of ``row`` (about one line per width chars)."""
    lines = 1
    for value, width in zip(row, widths):
        if not isinstance(value, str) or not value:
            continue
        per_line = max(1, int(width * 1.15))
        needed = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
        lines = max(lines, needed)
    return min(MAX_ROW_POINTS, LINE_POINTS * lines + 2)


def xlsx_bytes(tables_: list[Table], title: str = "Manual de Procedimientos",
               sheets: list[bytes | None] | None = None) -> bytes:
    """One workbook, one sheet per table: bold frozen header, filters, wrapped text.

    Written with openpyxl's write-only mode (rows streamed, one style object per kind of
    cell) so that large manuals stay cheap; every text cell is stored as a string, never as
    a formula.

    ``sheets`` (optional, one item per table): the worksheet XML this function already wrote
    for that very table, as :func:`sheet_xml` reads it back from the workbook of that table
    alone, or None. A sheet given so is not serialised again (the workbook with the four
    tables repeats the four single-table workbooks; at a thousand procedures the activities
    sheet alone is seconds of openpyxl). The sheet XML does not depend on the rest of the
    workbook except through the style indexes, and those are the same: only the header and
    body styles exist and they are registered in the same order (the header row and the first
    row with cells are still appended). The result is the workbook written without ``sheets``
    (tests/test_spreadsheets.py compares every part of both).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if sheets is not None and len(sheets) != len(tables_):
        raise ValueError("sheets: una hoja (o None) por tabla")
    wb = Workbook(write_only=True)
    wb.properties.title = neutralise(title)
    wb.properties.creator = "python -m checks (manual como código)"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="800040")
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, table in enumerate(tables_):
        known = sheets[n] if sheets is not None else None
        ws = wb.create_sheet(table.title[:31])
        headers, rows = _prepared(table)
        for i, width in enumerate(table.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        n_cols = max([len(headers)] + [len(r) for r in rows])
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{len(rows) + 1}"
        # One styled template per kind of cell; new cells copy its style array (cheap).
        head = WriteOnlyCell(ws)
        head.font, head.fill, head.alignment = header_font, header_fill, wrap
        body = WriteOnlyCell(ws)
        body.alignment = wrap
        ws.append([_styled(ws, h, head) for h in headers])
        if known is not None:
            # Register the body style where the full sheet would (its first row with cells),
            # then put the known XML in place of what openpyxl wrote.
            first = next((row for row in rows if row), None)
            if first is not None:
                ws.append([_styled(ws, v, body) for v in first])
            ws.close()
            with open(ws._writer.out, "wb") as fh:
                fh.write(known)
            continue
        # Explicit heights: LibreOffice does not grow rows of wrapped text when opening a file.
        dims = ws.row_dimensions
        # openpyxl writes the rows up to the first one with cells (which registers the body
        # style); the rest, if every value is of a plain type, are written by _rows_xml.
        first = next((i for i, row in enumerate(rows) if row), len(rows))
        for r, (row, raw) in enumerate(zip(rows[:first + 1], table.rows), start=2):
            dims[r].height = _row_height(raw, table.widths)
            ws.append([_styled(ws, v, body) for v in row])
        rest = first + 1
        fast = _rows_xml(rows[rest:], table.rows[rest:], table.widths, rest + 2, body.style_id) \
            if rest < len(rows) else None
        if fast is None:
            for r, (row, raw) in enumerate(zip(rows[rest:], table.rows[rest:]), start=rest + 2):
                dims[r].height = _row_height(raw, table.widths)
                ws.append([_styled(ws, v, body) for v in row])
        else:
            ws.close()
            with open(ws._writer.out, "rb") as fh:
                xml = fh.read()
            at = xml.index(b"</sheetData>")
            with open(ws._writer.out, "wb") as fh:
                fh.write(xml[:at] + fast + xml[at:])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# What lxml (openpyxl's writer, ASCII output) escapes in a text node; other non-ASCII
# characters become decimal character references (``encode("ascii", "xmlcharrefreplace")``).
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_OPENPYXL_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_MAX_CELL = 32767           # openpyxl truncates longer strings


def _rows_xml(rows, raw_rows, widths, start: int, style: int) -> bytes | None:
    """The ``<row>`` elements openpyxl's write-only sheet writes for ``rows`` (from row number
    ``start``, every cell with style ``style``, heights by :func:`_row_height`), byte for byte,
    without creating a cell object per value: openpyxl spends ~0.3 ms per row, several seconds
    per build at a thousand procedures. None if a value is not a str, int, bool or None, or
    a string openpyxl would reject: then openpyxl writes them. tests/test_spreadsheets.py
    compares both on random tables."""
    from openpyxl.utils import get_column_letter

    n_cols = max((len(r) for r in rows), default=0)
    letters = [get_column_letter(i) for i in range(1, n_cols + 1)]
    tail = f'" s="{style}" t='
    out = []
    append = out.append
    for r, (row, raw) in enumerate(zip(rows, raw_rows), start=start):
        number = str(r)
        append(f'<row r="{number}" ht="{"%.16g" % _row_height(raw, widths)}" customHeight="1">')
        for col, value in enumerate(row):
            kind = type(value)
            ref = letters[col] + number
            if kind is str:
                value = value[:_MAX_CELL]
                if _OPENPYXL_ILLEGAL.search(value):
                    return None
                if not value:
                    append(f'<c r="{ref}{tail}"inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if value != value.strip() else ""
                append(f'<c r="{ref}{tail}"inlineStr"><is><t{space}>{value.translate(_XML_TEXT)}</t></is></c>')
            elif value is None:
                append(f'<c r="{ref}{tail}"n"></c>')
            elif kind is bool:
                append(f'<c r="{ref}{tail}"b"><v>{int(value)}</v></c>')
            elif kind is int:
                append(f'<c r="{ref}{tail}"n"><v>{"%.16g" % value}</v></c>')
            else:
                return None
        append("</row>")
    return "".join(out).encode("ascii", "xmlcharrefreplace")


def sheet_xml(workbook: bytes, number: int = 1) -> bytes:
    """The XML of worksheet ``number`` (1, 2…) of a workbook written by :func:`xlsx_bytes`."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml")


def _styled(ws, value, template):
    """A write-only cell holding ``value`` (already neutralised) with ``template``'s style."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles.cell_style import StyleArray

    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"            # never a formula, whatever the text
    cell._style = StyleArray(template._style)
    return cell
