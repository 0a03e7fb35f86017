#!/usr/bin/env bash
# Construye el manual en site/. Uso: bash scripts/construir.sh
#
# 1. Prepara el entorno (scripts/_entorno.sh): .venv, dependencias fijadas y Mermaid.
# 2. Ejecuta, en orden, los pasos listados en PASOS. Cada paso es una función paso_<nombre>;
#    para añadir uno (PDF, hojas de cálculo, ...), defina la función y agregue su nombre a
#    PASOS. Cualquier fallo detiene la construcción con código distinto de cero.
# 3. Todo se escribe en un directorio provisional propio (.cache/sitio-nuevo.XXXXXX) que sólo al
#    final, si todos los pasos terminaron bien, reemplaza a site/: una construcción fallida (un
#    error de cumplimiento, una advertencia en modo estricto, el PDF) deja el site/ anterior intacto.
# 4. Dos construcciones en el mismo árbol se turnan (flock sobre .cache/construir.lock): la
#    segunda espera a que termine la primera y ambas dejan un sitio completo (antes compartían
#    .cache/sitio-nuevo y la segunda fallaba en el PDF).
set -euo pipefail

# shellcheck source=scripts/_entorno.sh
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
cd "$RAIZ"

NUEVO=""        # directorio provisional de esta construcción (lo crea construir)

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
    local anterior="$NUEVO.anterior"
    if [ -d site ]; then mv site "$anterior"; fi
    mv "$NUEVO" site
    rm -rf "$anterior"
}

PASOS=(
    sitio
    pdf
    word
    publicar        # siempre el último
)

# Una construcción a la vez en este árbol. El cerrojo (descriptor 8) se libera solo al
# terminar el proceso, también si falla o se interrumpe.
bloquear_construccion() {
    mkdir -p "$RAIZ/.cache"
    exec 8>"$RAIZ/.cache/construir.lock"
    command -v flock >/dev/null || return 0
    if ! flock -n 8; then
        info "Otra construcción está en curso en este árbol: se espera a que termine"
        flock 8
    fi
}

limpiar_provisional() {
    if [ -n "$NUEVO" ]; then rm -rf "$NUEVO" "$NUEVO.anterior"; fi
}

construir() {
    bloquear_construccion
    # Con el cerrojo tomado no hay otra construcción: lo provisional que quede es de una
    # construcción interrumpida.
    rm -rf "$RAIZ"/.cache/sitio-nuevo "$RAIZ"/.cache/sitio-nuevo.* "$RAIZ"/.cache/sitio-anterior
    NUEVO="$(mktemp -d "$RAIZ/.cache/sitio-nuevo.XXXXXX")"
    trap limpiar_provisional EXIT
    preparar_entorno
    local paso
    for paso in "${PASOS[@]}"; do
        cronometrar "Paso '$paso'" "paso_$paso"
    done
}

cronometrar "Construcción completa" construir
info "Sitio en site/; vista previa: .venv/bin/mkdocs serve (servir por HTTP, no como file://)"
