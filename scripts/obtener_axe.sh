#!/usr/bin/env bash
# Obtiene axe-core, fijado y verificado, para las pruebas de accesibilidad en el navegador
# (tests/navegador/test_accesibilidad.py). Sólo lo usan las pruebas: no se publica en el sitio.
#   tests/navegador/axe/axe.min.js                  motor de reglas (lo inyecta la prueba)
#   tests/navegador/axe/LICENSE                     licencia MPL-2.0 de axe-core
#   tests/navegador/axe/LICENSE-3RD-PARTY.txt       licencias de terceros que incluye
# Ninguno se versiona (.gitignore). Si ya están y sus sha256 coinciden con los fijados abajo,
# no hace nada. Si no, `npm pack` descarga el paquete en un directorio temporal, se comprueba
# su integridad sha512 contra la fijada y se extraen los tres archivos. Nunca de un CDN.
#
# Para cambiar de versión: actualizar AXE_VERSION, AXE_INTEGRITY
# (`npm view axe-core@X.Y.Z dist.integrity`) y los sha256 (de los archivos extraídos).
set -euo pipefail

AXE_VERSION="4.14.1"
AXE_INTEGRITY="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_JS_SHA256="29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_LICENSE_SHA256="af175b9d96ee93c21a036152e1b905b0b95304d4ae8c2c921c7609100ba8df7e"
AXE_LICENSE3_SHA256="4f8563870d0fca38bbc3e00b6f670cb7fa9f380ba9f26a7f7d1184a6b18b1653"

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DESTINO="$RAIZ/tests/navegador/axe"
ARCHIVOS=("axe.min.js:$AXE_JS_SHA256" "LICENSE:$AXE_LICENSE_SHA256" "LICENSE-3RD-PARTY.txt:$AXE_LICENSE3_SHA256")

_sha256() { sha256sum "$1" | cut -d' ' -f1; }

_vigente() {
    local par
    for par in "${ARCHIVOS[@]}"; do
        [ -f "$DESTINO/${par%%:*}" ] && [ "$(_sha256 "$DESTINO/${par%%:*}")" = "${par##*:}" ] || return 1
    done
}

if _vigente; then
    echo "==> axe-core $AXE_VERSION ya presente y verificado: se omite la descarga" >&2
    exit 0
fi

command -v npm >/dev/null || { echo "ERROR: falta npm (Debian: apt-get install -y npm)" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "==> Descargando axe-core@$AXE_VERSION con npm pack" >&2
(cd "$TMP" && npm pack "axe-core@$AXE_VERSION" --loglevel=error >/dev/null)
TGZ="$TMP/axe-core-$AXE_VERSION.tgz"
[ -f "$TGZ" ] || { echo "ERROR: npm pack no produjo $(basename "$TGZ")" >&2; exit 1; }

# Integridad del tarball: el mismo formato que `dist.integrity` del registro (sha512 en base64).
INTEGRIDAD="$("${PYTHON:-python3}" -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$TGZ")"
if [ "$INTEGRIDAD" != "$AXE_INTEGRITY" ]; then
    echo "ERROR: la integridad de axe-core-$AXE_VERSION.tgz no coincide con la fijada" >&2
    echo "  esperada: $AXE_INTEGRITY" >&2
    echo "  obtenida: $INTEGRIDAD" >&2
    exit 1
fi
echo "==> Integridad sha512 del paquete verificada" >&2

tar -xzf "$TGZ" -C "$TMP" package/axe.min.js package/LICENSE package/LICENSE-3RD-PARTY.txt
for par in "${ARCHIVOS[@]}"; do
    archivo="package/${par%%:*}"; esperado="${par##*:}"
    if [ "$(_sha256 "$TMP/$archivo")" != "$esperado" ]; then
        echo "ERROR: sha256 inesperado para $archivo dentro del paquete" >&2
        exit 1
    fi
done

mkdir -p "$DESTINO"
for par in "${ARCHIVOS[@]}"; do
    nombre="${par%%:*}"
    # Copia atómica: nunca queda a medias un archivo que la prueba pudiera leer.
    cp "$TMP/package/$nombre" "$DESTINO/$nombre.tmp.$$" && mv -f "$DESTINO/$nombre.tmp.$$" "$DESTINO/$nombre"
done
echo "==> axe-core $AXE_VERSION instalado en tests/navegador/axe/ ($(wc -c < "$DESTINO/axe.min.js") bytes)" >&2
