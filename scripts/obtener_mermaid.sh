#!/usr/bin/env bash
# Obtiene Mermaid, fijado y verificado, para que el sitio lo sirva sin red. Qué archivos, de
# qué versión y con qué sha512 lo dice scripts/mermaid.fijado (la única fuente: MkDocs
# comprueba los mismos archivos contra las mismas sumas en cada construcción, macros/assets.py):
#   docs/js/mermaid.min.js              paquete UMD autocontenido (define globalThis.mermaid)
#   docs/js/mermaid.min.js.LICENSE.txt  licencia MIT de Mermaid, que se publica junto al archivo
# Ninguno se versiona (.gitignore). Si ya están y sus sha512 coinciden con los fijados, no hace
# nada. Si no, `npm pack` descarga el paquete en un directorio temporal, se comprueba su
# integridad sha512 contra la fijada y se extraen los archivos, cada uno verificado.
set -euo pipefail

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIJADO="$RAIZ/scripts/mermaid.fijado"
DOCS="$RAIZ/docs"

MERMAID_VERSION=""
MERMAID_INTEGRITY=""
ARCHIVOS=()          # "ruta bajo docs/|ruta en el paquete|sha512"
[ -f "$FIJADO" ] || { echo "ERROR: falta $FIJADO (versión y sumas de Mermaid)" >&2; exit 1; }
while read -r clave a b c resto; do
    case "$clave" in
        ''|'#'*) ;;
        version) MERMAID_VERSION="$a" ;;
        integridad) MERMAID_INTEGRITY="$a" ;;
        archivo)
            [ -n "$c" ] && [ -z "${resto:-}" ] || { echo "ERROR: $FIJADO: línea «archivo» mal formada: $a $b $c" >&2; exit 1; }
            ARCHIVOS+=("$a|$b|$c") ;;
        *) echo "ERROR: $FIJADO: clave desconocida «$clave»" >&2; exit 1 ;;
    esac
done < "$FIJADO"
[ -n "$MERMAID_VERSION" ] && [ -n "$MERMAID_INTEGRITY" ] && [ "${#ARCHIVOS[@]}" -gt 0 ] \
    || { echo "ERROR: $FIJADO no fija version, integridad y algún archivo" >&2; exit 1; }

_sha512() { sha512sum "$1" | cut -d' ' -f1; }

_vigente() {
    local entrada destino esperado
    for entrada in "${ARCHIVOS[@]}"; do
        destino="${entrada%%|*}"; esperado="${entrada##*|}"
        [ -f "$DOCS/$destino" ] && [ "$(_sha512 "$DOCS/$destino")" = "$esperado" ] || return 1
    done
}

if _vigente; then
    echo "==> Mermaid $MERMAID_VERSION ya presente y verificado: se omite la descarga" >&2
    exit 0
fi

command -v npm >/dev/null || { echo "ERROR: falta npm (Debian: apt-get install -y npm)" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "==> Descargando mermaid@$MERMAID_VERSION con npm pack" >&2
(cd "$TMP" && npm pack "mermaid@$MERMAID_VERSION" --loglevel=error >/dev/null)
TGZ="$TMP/mermaid-$MERMAID_VERSION.tgz"
[ -f "$TGZ" ] || { echo "ERROR: npm pack no produjo $(basename "$TGZ")" >&2; exit 1; }

# Integridad del tarball: el mismo formato que `dist.integrity` del registro (sha512 en base64).
INTEGRIDAD="$("${PYTHON:-python3}" -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$TGZ")"
if [ "$INTEGRIDAD" != "$MERMAID_INTEGRITY" ]; then
    echo "ERROR: la integridad de mermaid-$MERMAID_VERSION.tgz no coincide con la fijada" >&2
    echo "  esperada: $MERMAID_INTEGRITY" >&2
    echo "  obtenida: $INTEGRIDAD" >&2
    exit 1
fi
echo "==> Integridad sha512 del paquete verificada" >&2

EN_PAQUETE=()
for entrada in "${ARCHIVOS[@]}"; do
    resto="${entrada#*|}"; EN_PAQUETE+=("${resto%%|*}")
done
tar -xzf "$TGZ" -C "$TMP" "${EN_PAQUETE[@]}"
for entrada in "${ARCHIVOS[@]}"; do
    resto="${entrada#*|}"; archivo="${resto%%|*}"; esperado="${entrada##*|}"
    if [ "$(_sha512 "$TMP/$archivo")" != "$esperado" ]; then
        echo "ERROR: sha512 inesperado para $archivo dentro del paquete" >&2
        exit 1
    fi
done

# Copia atómica: nunca queda a medias un archivo que el sitio pudiera servir.
for entrada in "${ARCHIVOS[@]}"; do
    destino="$DOCS/${entrada%%|*}"; resto="${entrada#*|}"; archivo="${resto%%|*}"
    mkdir -p "$(dirname "$destino")"
    cp "$TMP/$archivo" "$destino.tmp.$$" && mv -f "$destino.tmp.$$" "$destino"
done
echo "==> Mermaid $MERMAID_VERSION instalado en docs/ (${#ARCHIVOS[@]} archivos verificados)" >&2
