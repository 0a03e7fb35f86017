# shellcheck shell=bash
# Preparación común del entorno. No se ejecuta: la cargan (source) scripts/construir.sh y
# scripts/probar.sh, que ya tienen `set -euo pipefail`.
#
# Deja listo, de forma idempotente:
#   .venv/                 entorno virtual de Python (python3 -m venv) con requirements.txt;
#                          se reinstala solo si cambia el sha256 de requirements.txt o la
#                          versión de Python (sello en .venv/.sello-requirements).
#   docs/js/mermaid/ Mermaid fijado, reempaquetado y verificado (scripts/obtener_mermaid.sh).
#
# Variables que respeta:
#   PYTHON   intérprete con el que crear .venv (por omisión: python3; debe ser >= 3.11).

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$RAIZ/.venv"
VPY="$VENV/bin/python"
SELLO_REQ="$VENV/.sello-requirements"

export NO_MKDOCS_2_WARNING=1    # silencia el aviso de fin de soporte de Material
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

# --- utilidades --------------------------------------------------------------------------

info() { printf '==> %s\n' "$*" >&2; }
fallar() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# cronometrar "descripción" comando [args...]: ejecuta e informa del tiempo transcurrido.
cronometrar() {
    local descripcion="$1"; shift
    local inicio=${EPOCHREALTIME/[.,]/} fin ms
    info "$descripcion"
    "$@"
    fin=${EPOCHREALTIME/[.,]/}
    ms=$(( (fin - inicio) / 1000 ))
    info "$descripcion: listo en $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
}

# --- Python ------------------------------------------------------------------------------

_venv_sano() {
    [ -x "$VPY" ] && "$VPY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

crear_venv() {
    if _venv_sano; then
        return 0
    fi
    local py="${PYTHON:-python3}"
    command -v "$py" >/dev/null || fallar "no se encontró '$py'; instale Python 3.11 o superior"
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || fallar "se necesita Python >= 3.11 ('$py' es $("$py" -V 2>&1))"
    if [ -e "$VENV" ]; then
        info "El entorno .venv está dañado o es de otra versión de Python: se recrea"
        rm -rf "$VENV"
    fi
    info "Creando .venv con $("$py" -V 2>&1)"
    "$py" -m venv "$VENV"
}

_huella_requirements() {
    {
        sha256sum "$RAIZ/requirements.txt"
        "$VPY" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}

instalar_dependencias() {
    local huella
    huella="$(_huella_requirements)"
    if [ -f "$SELLO_REQ" ] && [ "$(cat "$SELLO_REQ")" = "$huella" ]; then
        info "Dependencias de Python al día (requirements.txt sin cambios): se omite pip"
        return 0
    fi
    rm -f "$SELLO_REQ"
    "$VPY" -m pip install --quiet -r "$RAIZ/requirements.txt"
    printf '%s\n' "$huella" > "$SELLO_REQ"
}

# --- paquetes de Debian -------------------------------------------------------------------

# instalar_apt "qué falta" [opciones de apt-get install --] paquete...: instala paquetes de
# Debian con apt-get (con sudo -n si no se es root). Sólo lo llaman las funciones asegurar_*,
# después de comprobar que falta algo. Nunca descarga nada por otra vía.
instalar_apt() {
    local falta="$1"; shift
    local opciones=()
    while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do opciones+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || fallar "falta $falta y no hay permisos para instalarlo (apt-get install $*)"
        sudo=(sudo -n)
    fi
    info "Instalando $* de Debian con apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${opciones[@]}" "$@" </dev/null
}

# --- Chromium de Debian -------------------------------------------------------------------

# asegurar_chromium: instala el paquete chromium de Debian con apt-get si falta
# /usr/bin/chromium (lo usan el PDF de scripts/construir.sh y las pruebas de navegador).
# Nunca descarga un navegador por otra vía.
asegurar_chromium() {
    if [ -x /usr/bin/chromium ]; then
        info "Chromium presente: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
        return 0
    fi
    instalar_apt /usr/bin/chromium -- chromium
    [ -x /usr/bin/chromium ] || fallar "apt-get terminó pero no existe /usr/bin/chromium"
}

# asegurar_poppler: instala poppler-utils (pdftoppm) con apt-get si falta; las pruebas del
# PDF convierten a imagen las páginas con flujogramas para revisarlas.
asegurar_poppler() {
    if command -v pdftoppm >/dev/null; then
        info "pdftoppm presente: $(pdftoppm -v 2>&1 | head -n1)"
        return 0
    fi
    instalar_apt pdftoppm -- poppler-utils
    command -v pdftoppm >/dev/null || fallar "apt-get terminó pero no existe pdftoppm"
}

# --- LibreOffice de Debian ----------------------------------------------------------------

# asegurar_libreoffice: instala con apt-get el Writer sin interfaz de Debian
# (libreoffice-writer-nogui, que trae `soffice`) y poppler-utils (pdftotext, pdfimages,
# pdftoppm) si faltan. Las pruebas del manual en Word (tests/test_docx_libreoffice.py)
# convierten el .docx a PDF con `soffice --headless --convert-to pdf` para comprobar que una
# suite de oficina real lo abre. Unos 100 s la primera vez en una máquina nueva.
asegurar_libreoffice() {
    if command -v soffice >/dev/null && command -v pdftotext >/dev/null && command -v pdfimages >/dev/null; then
        info "LibreOffice presente: $(soffice --version 2>/dev/null | head -n1 || echo soffice)"
        return 0
    fi
    instalar_apt LibreOffice --no-install-recommends -- libreoffice-writer-nogui poppler-utils
    command -v soffice >/dev/null || fallar "apt-get terminó pero no existe soffice"
}

# --- todo junto --------------------------------------------------------------------------

# preparar_entorno: venv + dependencias + Mermaid. Usa un cerrojo (flock) para que dos
# ejecuciones simultáneas en el mismo árbol no instalen a la vez.
preparar_entorno() {
    mkdir -p "$RAIZ/.cache"
    exec 9>"$RAIZ/.cache/entorno.lock"
    if command -v flock >/dev/null; then
        flock 9
    fi
    cronometrar "Entorno virtual de Python (.venv)" crear_venv
    cronometrar "Dependencias de Python (requirements.txt)" instalar_dependencias
    cronometrar "Mermaid para servir sin red (docs/js/mermaid/)" \
        bash "$RAIZ/scripts/obtener_mermaid.sh"
    exec 9>&-
}
