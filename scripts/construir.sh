#!/usr/bin/env bash
# Construye el manual en site/. Uso: bash scripts/construir.sh
#
# 1. Prepara el entorno (scripts/_entorno.sh): .venv, dependencias fijadas y Mermaid.
# 2. Ejecuta, en orden, los pasos listados en PASOS. Cada paso es una función paso_<nombre>;
#    para añadir uno (PDF, hojas de cálculo, ...), defina la función y agregue su nombre a
#    PASOS. Cualquier fallo detiene la construcción con código distinto de cero.
set -euo pipefail

# shellcheck source=scripts/_entorno.sh
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
cd "$RAIZ"

paso_sitio() {
    [ -f mkdocs.yml ] || fallar "no existe mkdocs.yml en $RAIZ"
    "$VENV/bin/mkdocs" build --strict
}

# PDF del manual (site/descargas/manual.pdf): imprime la página imprimir/ del sitio recién
# construido con el Chromium de Debian (scripts/pdf.py; lo instala con apt-get si falta).
# Las hojas de cálculo, el JSON y los esquemas ya los escribió el paso «sitio».
paso_pdf() {
    asegurar_chromium
    "$VPY" scripts/pdf.py --sitio site --salida site/descargas/manual.pdf
}

PASOS=(
    sitio
    pdf
)

construir() {
    preparar_entorno
    local paso
    for paso in "${PASOS[@]}"; do
        cronometrar "Paso '$paso'" "paso_$paso"
    done
}

cronometrar "Construcción completa" construir
info "Sitio en site/; vista previa: .venv/bin/mkdocs serve (servir por HTTP, no como file://)"
