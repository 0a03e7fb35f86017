#!/usr/bin/env bash
# Ejecuta toda la batería de pruebas. Uso: bash scripts/probar.sh [argumentos de pytest]
#
# 1. Prepara el entorno (scripts/_entorno.sh): .venv, dependencias fijadas y Mermaid; y
#    axe-core para las pruebas de accesibilidad (scripts/obtener_axe.sh, fijado y verificado).
# 2. Asegura el Chromium de Debian (/usr/bin/chromium) para las pruebas de navegador;
#    lo instala con apt-get solo si falta. OMITIR_CHROMIUM=1 salta este paso.
#    Igual con LibreOffice (soffice) y poppler-utils para las pruebas del manual en Word
#    (OMITIR_LIBREOFFICE=1 lo salta).
# 3. Ejecuta `.venv/bin/python -m pytest "$@"` y devuelve su código de salida, salvo el 5
#    ("no se recolectó ninguna prueba"), que aquí es un fallo.
set -euo pipefail

# shellcheck source=scripts/_entorno.sh
source "$(dirname "${BASH_SOURCE[0]}")/_entorno.sh"
cd "$RAIZ"

preparar_entorno
cronometrar "axe-core para las pruebas de accesibilidad (tests/navegador/axe/)" \
    bash "$RAIZ/scripts/obtener_axe.sh"
if [ "${OMITIR_CHROMIUM:-0}" = 1 ]; then
    info "OMITIR_CHROMIUM=1: no se comprueba Chromium (las pruebas de navegador pueden fallar u omitirse)"
else
    cronometrar "Chromium de Debian para pruebas de navegador" asegurar_chromium
    cronometrar "poppler-utils (pdftoppm) para revisar el PDF" asegurar_poppler
fi

if [ "${OMITIR_LIBREOFFICE:-0}" = 1 ]; then
    info "OMITIR_LIBREOFFICE=1: no se comprueba LibreOffice (las pruebas del .docx en LibreOffice se omiten)"
else
    cronometrar "LibreOffice de Debian para el manual en Word" asegurar_libreoffice
fi

info "Ejecutando pytest $*"
codigo=0
"$VPY" -m pytest "$@" || codigo=$?
if [ "$codigo" -eq 5 ]; then
    printf 'ERROR: pytest no recolectó ninguna prueba (código 5). Revise tests/ y los filtros (-k, -m) usados.\n' >&2
    exit 1
fi
exit "$codigo"
