"""``python -m checks propietarios``: the CODEOWNERS file for the repository host, generated
from the data (:mod:`checks.reports.codeowners`): prints it, writes it (``--escribir``) or
checks that the committed one is current (``--comprobar``, for CI)."""
from __future__ import annotations

import os
import sys

PROG = "python -m checks propietarios"
DESCRIPTION = ("Genera el archivo CODEOWNERS del alojamiento del repositorio: cada procedimiento lo aprueba "
               "su coordinación; manual.yaml y los catálogos, quien valida el manual. Los equipos salen de "
               "revisores.yaml.")
EPILOG = ("Códigos de salida: 0 listo (o al día, con --comprobar); 1 CODEOWNERS desactualizado o roles sin "
          "equipo; 2 uso incorrecto, revisores.yaml no válido o manual con errores.")


def add_arguments(parser) -> None:
    parser.add_argument("--ruta", default="procesos_yaml", help="directorio del manual (por omisión: procesos_yaml)")
    parser.add_argument("--revisores", default=None, metavar="ARCHIVO",
                        help="equipos por rol (por omisión: revisores.yaml junto al directorio del manual)")
    parser.add_argument("--salida", default=None, metavar="ARCHIVO",
                        help="archivo CODEOWNERS (por omisión: .github/CODEOWNERS junto al directorio del manual)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--escribir", action="store_true", help="escribe el archivo en lugar de mostrarlo")
    group.add_argument("--comprobar", action="store_true",
                       help="no escribe: falla (código 1) si el archivo no está al día o falta algún equipo")


def run(args) -> int:
    from checks.project import load_manual
    from checks.reports.codeowners import CONFIG_NAME, DEFAULT_OUTPUT, OwnersError, load_teams, owners

    prog = PROG
    base = os.path.dirname(os.path.abspath(args.ruta))
    loaded = load_manual(args.ruta)
    if not loaded.catalog_ok:
        print(f"{prog}: error: el manual tiene errores de estructura: revíselo con python -m checks", file=sys.stderr)
        return 2
    try:
        teams = load_teams(args.revisores or os.path.join(base, CONFIG_NAME))
    except OwnersError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    result = owners(loaded.manual, args.ruta, base, teams)
    text = result.text()
    target = args.salida or os.path.join(base, DEFAULT_OUTPUT)
    missing = [f"el rol {role} no tiene equipo en {CONFIG_NAME} ({len(paths)} archivo(s))"
               for role, paths in sorted(result.missing.items())]
    if args.comprobar:
        try:
            with open(target, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = None
        problems = list(missing)
        if current != text:
            problems.insert(0, f"{target} no está al día: ejecute {prog} --escribir")
        for line in problems:
            print(f"{prog}: {line}", file=sys.stderr)
        return 1 if problems else 0
    if args.escribir:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        tmp = target + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
        print(f"escrito {target}")
    else:
        sys.stdout.write(text)
    for line in missing:
        print(f"{prog}: aviso: {line}", file=sys.stderr)
    return 1 if missing else 0
