"""Downloads published with the site: spreadsheets (XLSX and CSV), the JSON export, the
editor JSON Schemas and the PDF, plus the «Descargas» page that lists them.

The files are produced in memory from the checked model (:mod:`checks.reports.spreadsheets`,
:mod:`checks.reports.export`, :mod:`checks.reports.jsonschema`) and handed to MkDocs as generated files in
``on_files`` (:func:`macros.hooks.add_downloads`), so MkDocs copies them into ``site/`` and checks links to
them like any other file. The PDF is the exception: ``scripts/pdf.py`` prints it from the
built site, after MkDocs, into ``site/descargas/manual.pdf``.

The files of the current build and the serialised spreadsheets of the previous one live in
the build state (:class:`macros.state.BuildState`), not in this module.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from checks.reports import export, jsonschema, spreadsheets

from ..escape import md_text
from ..links import DOWNLOAD_TABLES as TABLES
from ..links import DOCX_NAME, DOWNLOADS, DOWNLOADS_DIR, JSON_FILE, PDF_NAME, PRINT, REFERENCE_SECTION, WORKBOOK, rel
from ..state import current as current_state

TITLE = "Descargas"
DIR = DOWNLOADS_DIR


@dataclass
class Blobs:
    files: dict[str, bytes]          # src uri -> content


def _digest(tables) -> str:
    h = hashlib.blake2b(digest_size=20)
    for table in tables:
        h.update(repr((table.name, table.title, table.headers, table.widths, table.rows)).encode("utf-8",
                                                                                                    "surrogatepass"))
    return h.hexdigest()


def _memo(previous: dict, kept: dict, key: tuple, make) -> bytes:
    content = previous.get(key)
    if content is None:
        content = make()
    kept[key] = content
    return content


def blobs(site) -> Blobs:
    """Every generated download for this build (computed once per Site object, and each
    spreadsheet once per distinct content).

    Serialised spreadsheets are kept by a digest of exactly what they hold (title, headers,
    rows, widths): a rebuild whose tables did not change (``mkdocs serve`` after editing a
    page text that no table shows, or a second build in the same process) reuses the bytes,
    and any change of content gives a new digest, hence new files. Only the last build's
    entries are kept (``BuildState.spreadsheets``)."""
    state = current_state()
    if state.downloads is not None and state.downloads[0] is site:
        return state.downloads[1]
    previous = state.spreadsheets
    report = site.report
    files: dict[str, bytes] = {}
    kept: dict[tuple, bytes] = {}
    tables = spreadsheets.tables(report, relative=True)     # no build-machine paths in published files
    for table in tables:
        digest = _digest([table])
        files[f"{DIR}/{table.name}.xlsx"] = _memo(previous, kept, ("xlsx", digest, table.title),
                                                  lambda t=table: spreadsheets.xlsx_bytes([t], t.title))
        files[f"{DIR}/{table.name}.csv"] = _memo(previous, kept, ("csv", digest), lambda t=table: spreadsheets.csv_bytes(t))
    # The complete workbook repeats the sheets just written: reuse their XML (xlsx_bytes).
    files[f"{DIR}/{WORKBOOK}"] = _memo(previous, kept, ("xlsx", _digest(tables), None), lambda: spreadsheets.xlsx_bytes(
        tables, sheets=[spreadsheets.sheet_xml(files[f"{DIR}/{t.name}.xlsx"]) for t in tables]))
    files[f"{DIR}/{JSON_FILE}"] = export.dumps(report, relative=True).encode("utf-8")
    for kind, (file_name, _title) in jsonschema.KINDS.items():
        files[f"{jsonschema.SCHEMA_DIR}/{file_name}"] = jsonschema.dumps(kind).encode("utf-8")
    state.spreadsheets = kept
    result = Blobs(files)
    state.downloads = (site, result)
    return result


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def page(site) -> str:
    files = blobs(site).files
    rows = ["| Contenido | Descripción | Descargas |", "| --- | --- | --- |"]
    for name, (title, desc) in TABLES.items():
        xlsx = f"{DIR}/{name}.xlsx"
        csv_ = f"{DIR}/{name}.csv"
        rows.append(f"| **{title}** | {desc} | [XLSX]({name}.xlsx) ({_size(len(files[xlsx]))}) · "
                    f"[CSV]({name}.csv) ({_size(len(files[csv_]))}) |")
    rows.append(f"| **Libro completo** | Las cuatro tablas anteriores, una por hoja. | "
                f"[XLSX]({WORKBOOK}) ({_size(len(files[f'{DIR}/{WORKBOOK}']))}) |")
    rows.append(f"| **Modelo completo (JSON)** | El manual validado completo, para otras herramientas "
                f"(estructura en el README, «Formatos y descargas»). | "
                f"[JSON]({JSON_FILE}) ({_size(len(files[f'{DIR}/{JSON_FILE}']))}) |")
    manual = site.manual
    info = manual.info
    title = md_text(info.title) if info else "Manual de Procedimientos"
    schema_rows = []
    for kind, (file_name, label) in jsonschema.KINDS.items():
        schema_rows.append(f"- [{md_text(label)}](../{jsonschema.SCHEMA_DIR}/{file_name})")
    parts = [
        "# Descargas",
        f"Formatos del {title} para trabajar fuera del sitio. Todos se generan en cada construcción "
        "a partir de `procesos_yaml/`, ya validado; no se editan a mano.",
        "## Manual impreso",
        f"- [Versión para imprimir]({rel(PRINT, DOWNLOADS)}): el manual completo en el orden oficial "
        "(portada, hojas de firmas, contenido, introducción, coordinaciones y procedimientos con sus "
        "flujogramas, matrices de riesgos y glosario).\n"
        f'- <a href="{PDF_NAME}" download>Manual en PDF</a>: la misma versión, impresa por '
        "Chromium durante la construcción (`bash scripts/construir.sh`). Con `mkdocs serve` no existe.\n"
        f'- <a href="{DOCX_NAME}" download>Manual en Word (.docx)</a>: el mismo orden oficial con la plantilla de '
        "la institución (`plantillas/manual.docx`), tablas de actividades y flujogramas como imagen; se importa "
        "de vuelta con `python -m checks importar`. Lo escribe `scripts/word.py` al construir.",
        "## Hojas de cálculo y datos",
        "Los XLSX se abren en Excel o LibreOffice; los CSV van en UTF-8 con BOM, separados por comas. "
        "Por seguridad, una celda cuyo texto empieza con `=`, `+`, `-` o `@` se guarda con un apóstrofo "
        "inicial para que la hoja de cálculo nunca la ejecute como fórmula.",
        "\n".join(rows),
        "## Esquemas para editores",
        "Esquemas JSON (draft-07) de los archivos de `procesos_yaml/`, generados del esquema de validación. "
        "Un editor con soporte YAML (p. ej. VS Code con la extensión YAML) completa las claves y marca los "
        "errores mientras se escribe; el repositorio ya los asocia en `.vscode/settings.json`, y "
        "`python -m checks nuevo` los referencia en cada archivo nuevo.",
        "\n".join(schema_rows),
    ]
    return "\n\n".join(parts) + "\n"


def register(site) -> None:
    """The «Descargas» page, in «Consulta»."""
    site.add(DOWNLOADS, TITLE, lambda: page(site), section=REFERENCE_SECTION)
