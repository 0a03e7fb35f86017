#!/usr/bin/env bash
# Obtiene Mermaid, fijado y verificado, para que el sitio lo sirva sin red:
#   docs/js/mermaid/mermaid.js        Mermaid con el flujograma (módulo ES; lo carga
#                                     docs/js/diagramas.js sólo al dibujar)
#   docs/js/mermaid/*-<hash>.js       los demás tipos de diagrama, que se cargan sólo si se usan
#   docs/js/mermaid/LICENSE.txt       licencia MIT de Mermaid, que se publica junto a los archivos
# Nada de docs/js/mermaid/ se versiona (.gitignore). Si ya está y su huella coincide con la fijada
# abajo, no hace nada. Si no:
#   1. `npm pack` descarga mermaid en un directorio temporal y se comprueba la integridad sha512
#      del paquete contra la fijada;
#   2. `npm ci` instala rollup con las versiones e integridades fijadas en
#      scripts/mermaid/package-lock.json;
#   3. rollup reempaqueta el ESM de Mermaid (dist/mermaid.esm.min.mjs y sus fragmentos) de modo que
#      el núcleo, el flujograma y su trazado (dagre) queden en UN archivo: el ESM tal como se
#      publica son 35 peticiones para un flujograma y, con la latencia de una red lenta, dibujar
#      tardaba 6 a 8 s (medido en benchmarks/peso.py; README › Rendimiento). El resultado es
#      determinista: su huella (sha256 de la lista ordenada «sha256  archivo») se compara con la
#      fijada antes de instalarlo.
#
# Para cambiar de versión: actualizar MERMAID_VERSION, MERMAID_INTEGRITY
# (`npm view mermaid@X.Y.Z dist.integrity`), MERMAID_LICENSE_SHA256 y MERMAID_PAQUETE_SHA256 (la
# huella que este script informa al fallar por no coincidir, tras revisar el resultado).
set -euo pipefail

MERMAID_VERSION="11.17.2"
MERMAID_INTEGRITY="sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
MERMAID_LICENSE_SHA256="ec9fb67dcb25eccc416ed56e1aab819222c805a2a4bfe4cb19e7556bf2ffde80"
MERMAID_PAQUETE_SHA256="57384b01bd5ef0954d3a550b358dacae07854992e4d18e9006658d6f043e58cf"

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DESTINO="$RAIZ/docs/js/mermaid"
HERRAMIENTA="$RAIZ/scripts/mermaid"      # package.json + package-lock.json de rollup

_sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Huella de un directorio: sha256 de «sha256  ./ruta» de cada archivo, en orden de bytes.
_huella() {
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

_vigente() {
    [ -f "$DESTINO/mermaid.js" ] && [ "$(_huella "$DESTINO")" = "$MERMAID_PAQUETE_SHA256" ]
}

# La copia UMD de versiones anteriores de este script (3,5 MB en cada página) ya no se usa.
rm -f "$RAIZ/docs/js/mermaid.min.js" "$RAIZ/docs/js/mermaid.min.js.LICENSE.txt"

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

tar -xzf "$TGZ" -C "$TMP" package/LICENSE package/dist/mermaid.esm.min.mjs \
    --wildcards 'package/dist/chunks/mermaid.esm.min/*.mjs'
if [ "$(_sha256 "$TMP/package/LICENSE")" != "$MERMAID_LICENSE_SHA256" ]; then
    echo "ERROR: sha256 inesperado para package/LICENSE dentro del paquete" >&2
    exit 1
fi

echo "==> Instalando rollup fijado (scripts/mermaid/package-lock.json)" >&2
mkdir -p "$TMP/herramienta"
cp "$HERRAMIENTA/package.json" "$HERRAMIENTA/package-lock.json" "$TMP/herramienta/"
(cd "$TMP/herramienta" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# Punto de entrada: el núcleo de Mermaid más, importados de forma estática, el flujograma y
# dagre (el núcleo los importaría dinámicamente, uno tras otro). Los nombres llevan un hash.
DIST="$TMP/package/dist"
encontrar_uno() {
    local hallados=("$DIST"/chunks/mermaid.esm.min/$1)
    [ "${#hallados[@]}" -eq 1 ] && [ -f "${hallados[0]}" ] \
        || { echo "ERROR: se esperaba un único $1 en el paquete de Mermaid" >&2; exit 1; }
    basename "${hallados[0]}"
}
FLUJO="$(encontrar_uno 'flowDiagram-*.mjs')"
DAGRE="$(encontrar_uno 'dagre-*.mjs')"
cat > "$DIST/entrada.mjs" <<EOF
export { default } from "./mermaid.esm.min.mjs";
import "./chunks/mermaid.esm.min/$FLUJO";
import "./chunks/mermaid.esm.min/$DAGRE";
EOF

echo "==> Reempaquetando Mermaid con rollup" >&2
SALIDA="$TMP/salida"
"$TMP/herramienta/node_modules/.bin/rollup" "$DIST/entrada.mjs" --dir "$SALIDA" --format es \
    --entryFileNames mermaid.js --chunkFileNames '[name]-[hash].js' \
    --preserveEntrySignatures allow-extension --silent
cp "$TMP/package/LICENSE" "$SALIDA/LICENSE.txt"

HUELLA="$(_huella "$SALIDA")"
if [ "$HUELLA" != "$MERMAID_PAQUETE_SHA256" ]; then
    echo "ERROR: el Mermaid reempaquetado no coincide con la huella fijada" >&2
    echo "  esperada: $MERMAID_PAQUETE_SHA256" >&2
    echo "  obtenida: $HUELLA" >&2
    exit 1
fi

# Instalación atómica: nunca queda a medias un docs/js/mermaid/ que el sitio pudiera servir.
mkdir -p "$(dirname "$DESTINO")"
rm -rf "$DESTINO.tmp.$$"
cp -r "$SALIDA" "$DESTINO.tmp.$$"
rm -rf "$DESTINO.viejo.$$"
if [ -e "$DESTINO" ]; then mv "$DESTINO" "$DESTINO.viejo.$$"; fi
mv "$DESTINO.tmp.$$" "$DESTINO"
rm -rf "$DESTINO.viejo.$$"
echo "==> Mermaid $MERMAID_VERSION instalado en docs/js/mermaid/ ($(wc -c < "$DESTINO/mermaid.js") bytes el núcleo con el flujograma)" >&2
