#!/usr/bin/env bash
# Construye el manual en site/. Uso: bash scripts/construir.sh
#
# 1. Prepara el entorno (scripts/_entorno.sh): .venv, dependencias fijadas y Mermaid.
# 2. Ejecuta, en orden, los pasos listados en PASOS. Cada paso es una función paso_<nombre>;
#    para añadir uno (PDF, hojas de cálculo, ...), defina la función y agregue su nombre a
#    PASOS. Cualquier fallo detiene la construcción con código distinto de cero.
# 3. Todo se escribe en un directorio provisional (.cache/sitio-nuevo) que sólo al final, si
#    todos los pasos terminaron bien, reemplaza a site/: una construcción fallida (un error de
#    cumplimiento, una advertencia en modo estricto, el PDF) deja el site/ anterior intacto.
set -euo pipefail

# shellcheck source=scripts/_entorno.sh
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
cd "$RAIZ"

NUEVO="$RAIZ/.cache/sitio-nuevo"

paso_sitio() {
    [ -f mkdocs.yml ] || fallar "no existe mkdocs.yml en $RAIZ"
    rm -rf "$NUEVO"
    mkdir -p "$(dirname "$NUEVO")"
    "$VENV/bin/mkdocs" build --strict --site-dir "$NUEVO"
}

# PDF del manual (site/descargas/manual.pdf): imprime la página imprimir/ del sitio recién
# construido con el Chromium de Debian (scripts/pdf.py; lo instala con apt-get si falta).
# Las hojas de cálculo, el JSON y los esquemas ya los escribió el paso «sitio».
paso_pdf() {
    asegurar_chromium
    "$VPY" scripts/pdf.py --sitio "$NUEVO" --salida "$NUEVO/descargas/manual.pdf"
}

# Manual en Word (site/descargas/manual.docx): checks/reports/docx.py con la plantilla
# plantillas/manual.docx y cada flujograma como PNG dibujado por el mismo Chromium
# (scripts/word.py); necesita el sitio recién construido.
paso_word() {
    asegurar_chromium
    "$VPY" scripts/word.py --sitio "$NUEVO" --salida "$NUEVO/descargas/manual.docx"
}

# Reemplaza site/ por la construcción nueva sólo cuando todos los pasos anteriores terminaron.
paso_publicar() {
    rm -rf "$RAIZ/.cache/sitio-anterior"
    if [ -d site ]; then mv site "$RAIZ/.cache/sitio-anterior"; fi
    mv "$NUEVO" site
    rm -rf "$RAIZ/.cache/sitio-anterior"
}

PASOS=(
    sitio
    pdf
    word
    publicar        # siempre el último
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
