#!/usr/bin/env bash
# Obtiene Mermaid, fijado y verificado, para que el sitio lo sirva sin red:
#   docs/js/mermaid.min.js              paquete UMD autocontenido (define globalThis.mermaid)
#   docs/js/mermaid.min.js.LICENSE.txt  licencia MIT de Mermaid, que se publica junto al archivo
# Ninguno de los dos se versiona (.gitignore). Si ya están y sus sha256 coinciden con los
# fijados abajo, no hace nada. Si no, `npm pack` descarga el paquete en un directorio temporal,
# se comprueba su integridad sha512 contra la fijada y se extraen los dos archivos.
#
# Para cambiar de versión: actualizar MERMAID_VERSION, MERMAID_INTEGRITY
# (`npm view mermaid@X.Y.Z dist.integrity`) y los dos sha256 (de los archivos extraídos).
set -euo pipefail

MERMAID_VERSION="11.17.2"
MERMAID_INTEGRITY="sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
MERMAID_JS_SHA256="581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
MERMAID_LICENSE_SHA256="ec9fb67dcb25eccc416ed56e1aab819222c805a2a4bfe4cb19e7556bf2ffde80"

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DESTINO="$RAIZ/docs/js"
JS="$DESTINO/mermaid.min.js"
LICENCIA="$DESTINO/mermaid.min.js.LICENSE.txt"

_sha256() { sha256sum "$1" | cut -d' ' -f1; }

_vigente() {
    [ -f "$JS" ] && [ -f "$LICENCIA" ] \
        && [ "$(_sha256 "$JS")" = "$MERMAID_JS_SHA256" ] \
        && [ "$(_sha256 "$LICENCIA")" = "$MERMAID_LICENSE_SHA256" ]
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

tar -xzf "$TGZ" -C "$TMP" package/dist/mermaid.min.js package/LICENSE
for par in "package/dist/mermaid.min.js:$MERMAID_JS_SHA256" "package/LICENSE:$MERMAID_LICENSE_SHA256"; do
    archivo="${par%%:*}"; esperado="${par##*:}"
    if [ "$(_sha256 "$TMP/$archivo")" != "$esperado" ]; then
        echo "ERROR: sha256 inesperado para $archivo dentro del paquete" >&2
        exit 1
    fi
done

mkdir -p "$DESTINO"
# Copia atómica: nunca queda a medias un mermaid.min.js que el sitio pudiera servir.
cp "$TMP/package/dist/mermaid.min.js" "$JS.tmp.$$" && mv -f "$JS.tmp.$$" "$JS"
cp "$TMP/package/LICENSE" "$LICENCIA.tmp.$$" && mv -f "$LICENCIA.tmp.$$" "$LICENCIA"
echo "==> Mermaid $MERMAID_VERSION instalado en docs/js/ ($(wc -c < "$JS") bytes)" >&2
