"""``python -m checks importar ARCHIVO.docx [-o DIR]``: a manual written in Word -> draft YAML.

Reads the document with :mod:`checks.importers.docx`, writes the draft files (Spanish keys,
the layout of ``procesos_yaml/``) and ``REVISION.md``, the review report that lists every
table cell it could not map (table and row) and every section it did not import. It never
overwrites a file: if any target exists, nothing is written (exit 2). Then it checks the
draft with the same engine as ``python -m checks`` and prints the summary: the draft passes,
or fails only with positioned findings (``archivo:línea:columna``).

Exit codes: 0 draft written (read REVISION.md and the findings); 1 the file is not a readable
.docx; 2 bad usage or a target file already exists.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

PROG = "python -m checks importar"
DESCRIPTION = ("Importa un manual escrito en Word (.docx con tablas de actividades: Cvo., Acción, "
               "Responsable(s), Insumos, Salida(s)) a archivos YAML de borrador, con un informe de "
               "revisión (REVISION.md) de todo lo que no se pudo asignar.")
EPILOG = ("Códigos de salida: 0 borrador escrito; 1 el archivo no es un .docx legible; 2 uso incorrecto o "
          "un archivo de destino ya existe (no se sobrescribe nada).")
HEADER = ("# Borrador importado de un documento de Word con `python -m checks importar`.\n"
          "# Revise REVISION.md (celdas que no se pudieron asignar) y `python -m checks` antes de usarlo.\n")
REVIEW_FILE = "REVISION.md"


class _NoAliasDumper(yaml.SafeDumper):
    """The project's loader refuses anchors and aliases: never emit them."""

    def ignore_aliases(self, data):
        return True


def dump_yaml(data) -> str:
    return HEADER + yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100,
                              default_flow_style=False)


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in name)


def review_markdown(source: str, draft) -> str:
    lines = [f"# Revisión de la importación de «{_safe_name(Path(source).name)}»", "",
             f"Tablas leídas: {draft.tables}. Pasos importados: {draft.steps}. "
             f"Archivos del borrador: {len(draft.files)}.", ""]
    lines.append("## Celdas que no se pudieron asignar")
    lines.append("")
    if draft.review:
        lines.extend(f"- {item.line()}" for item in draft.review)
    else:
        lines.append("Ninguna: todas las celdas de las tablas se asignaron a un campo.")
    lines.append("")
    lines.append("## Apartados no importados y supuestos")
    lines.append("")
    if draft.notes:
        lines.extend(f"- {note}" for note in draft.notes)
    else:
        lines.append("Ninguno.")
    lines.append("")
    # Markdown-sensitive characters stay visible as text: the report is read as plain text.
    return "\n".join(lines) + "\n"


def add_arguments(parser) -> None:
    parser.add_argument("archivo", metavar="ARCHIVO.docx", help="documento de Word con el manual (tablas de actividades)")
    parser.add_argument("-o", "--salida", metavar="DIR", default=None,
                        help="directorio del borrador (por omisión: <nombre del archivo>_yaml); nunca se "
                             "sobrescribe un archivo existente")
    parser.add_argument("--catalogo", metavar="DIR", default=None,
                        help="manual en YAML del que tomar el catálogo de roles y el glosario cuando el documento "
                             "no trae el anexo «catálogo de roles» (por omisión: procesos_yaml, si existe)")


def _fallback_catalogue(directory: str | None):
    """Roles and terms (plain dicts) of an existing manual, to recognise responsables."""
    path = directory or ("procesos_yaml" if Path("procesos_yaml", "roles.yaml").is_file() else None)
    if not path:
        return [], []
    from ..project import load_manual

    manual = load_manual(path).manual
    roles = []
    for r in manual.roles.values():
        role = {"id": r.id, "nombre": r.name, "tipo": r.kind}
        if r.acronym:
            role["siglas"] = r.acronym
        role["sinonimos"] = list(r.synonyms)
        role["definido_en_manual"] = r.defined
        if r.note:
            role["nota"] = r.note
        roles.append(role)
    terms = []
    for t in manual.terms:
        term = {"termino": t.term, "definicion": t.definition, "sigla": t.acronym}
        if t.role:
            term["rol"] = t.role
        terms.append(term)
    return roles, terms


def run(args) -> int:
    from ..engine import check
    from ..importers import docx as importer
    from ..reports.formatters import human

    prog = PROG
    source = Path(args.archivo)
    if not source.is_file():
        sys.stderr.write(f"{prog}: error: no existe el archivo «{_safe_name(str(source))}»\n")
        return 2
    out = Path(args.salida) if args.salida else Path(f"{source.stem}_yaml")
    if args.catalogo and not Path(args.catalogo).is_dir():
        sys.stderr.write(f"{prog}: error: --catalogo: no existe el directorio «{_safe_name(args.catalogo)}»\n")
        return 2
    roles, terms = _fallback_catalogue(args.catalogo)
    try:
        draft = importer.read(source, roles, terms)
    except ValueError as exc:
        sys.stderr.write(f"{prog}: error: {_safe_name(str(exc))}\n")
        return 1
    contents = {rel: dump_yaml(data) for rel, data in draft.files.items()}
    contents[REVIEW_FILE] = review_markdown(str(source), draft)
    existing = sorted(rel for rel in contents if (out / rel).exists() or (out / rel).is_symlink())
    if existing:
        sys.stderr.write(f"{prog}: error: no se sobrescribe nada; ya existen en {_safe_name(str(out))}: "
                         + ", ".join(existing) + "\n")
        return 2
    written = []
    try:
        for rel, text in contents.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8", newline="\n") as fh:      # "x": never overwrite
                fh.write(text)
            written.append(target)
    except FileExistsError as exc:
        sys.stderr.write(f"{prog}: error: apareció {exc.filename} mientras se escribía; no se sobrescribe\n")
        return 2
    sys.stderr.write(f"Borrador escrito en {_safe_name(str(out))}: {len(draft.files)} archivos YAML, "
                     f"{draft.steps} pasos; {len(draft.review)} celdas por revisar y {len(draft.notes)} avisos "
                     f"en {REVIEW_FILE}.\n")
    report = check(str(out))
    if report.blocking:
        sys.stderr.write("El borrador todavía no pasa `python -m checks` (hallazgos con su posición):\n")
        sys.stdout.write(human(report) + "\n")
    else:
        sys.stderr.write("El borrador pasa `python -m checks` "
                         f"({len(report.warnings)} advertencias, {len(report.excepted)} exceptuados).\n")
    return 0
