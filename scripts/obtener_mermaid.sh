#!/usr/bin/env bash
# Obtiene Mermaid, fijado y verificado, para que el sitio lo sirva sin red. Qué archivos, de
# qué versión y con qué sha512 lo dice scripts/mermaid.fijado (la única fuente: MkDocs
# comprueba los mismos archivos contra las mismas sumas en cada construcción, macros/assets.py):
#   docs/js/mermaid/mermaid.js        Mermaid con el flujograma, un módulo ES (lo importa
#                                     docs/js/diagramas.js sólo al dibujar; macros/mermaid_assets.py)
#   docs/js/mermaid/*-<hash>.js       los demás tipos de diagrama, cargados sólo si se usan
#   docs/js/mermaid/LICENSE.txt       licencia MIT de Mermaid, que se publica junto a los archivos
# Nada de docs/js/mermaid/ se versiona (.gitignore). Si ya están y sus sha512 coinciden con los
# fijados, no hace nada. Si no:
#   1. `npm pack` descarga mermaid en un directorio temporal y se comprueba la integridad sha512
#      del paquete contra la fijada;
#   2. `npm ci` instala rollup con las versiones e integridades de scripts/mermaid/package-lock.json;
#   3. rollup reempaqueta el ESM de Mermaid (dist/mermaid.esm.min.mjs y sus fragmentos) para que el
#      núcleo, el flujograma, los carriles (swimlane-beta) y dagre queden en UN archivo: tal como se publica, un
#      flujograma son 35 módulos encadenados y, con la latencia de una red lenta, tardaba 6 a 8 s en
#      dibujarse (benchmarks/peso.py; README › Rendimiento). El resultado es determinista: cada
#      archivo («rollup/…» en mermaid.fijado) se compara con su sha512 fijado, y no puede sobrar
#      ninguno, antes de instalar el directorio entero.
# Para cambiar de versión: `version` e `integridad` en mermaid.fijado y las líneas «archivo» (las
# que imprime este script al fallar, tras revisar el resultado).
set -euo pipefail

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIJADO="$RAIZ/scripts/mermaid.fijado"
DOCS="$RAIZ/docs"
DESTINO="$DOCS/js/mermaid"                # todos los archivos fijados viven aquí
HERRAMIENTA="$RAIZ/scripts/mermaid"       # package.json + package-lock.json de rollup

MERMAID_VERSION=""
MERMAID_INTEGRITY=""
ARCHIVOS=()          # "ruta bajo docs/|origen|sha512"; origen: package/… (npm) o rollup/…
[ -f "$FIJADO" ] || { echo "ERROR: falta $FIJADO (versión y sumas de Mermaid)" >&2; exit 1; }
while read -r clave a b c resto; do
    case "$clave" in
        ''|'#'*) ;;
        version) MERMAID_VERSION="$a" ;;
        integridad) MERMAID_INTEGRITY="$a" ;;
        archivo)
            [ -n "$c" ] && [ -z "${resto:-}" ] || { echo "ERROR: $FIJADO: línea «archivo» mal formada: $a $b $c" >&2; exit 1; }
            case "$a" in js/mermaid/*) ;; *) echo "ERROR: $FIJADO: $a no está bajo js/mermaid/" >&2; exit 1 ;; esac
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

# La copia UMD de versiones anteriores (3,5 MB en cada página) ya no se usa.
rm -f "$DOCS/js/mermaid.min.js" "$DOCS/js/mermaid.min.js.LICENSE.txt"

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

echo "==> Instalando rollup fijado (scripts/mermaid/package-lock.json)" >&2
mkdir -p "$TMP/herramienta"
cp "$HERRAMIENTA/package.json" "$HERRAMIENTA/package-lock.json" "$TMP/herramienta/"
(cd "$TMP/herramienta" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# Punto de entrada: el núcleo más, importados de forma estática, el flujograma y dagre (el
# núcleo los importaría dinámicamente, uno tras otro). Sus nombres llevan un hash.
DIST="$TMP/package/dist"
encontrar_uno() {
    local hallados=("$DIST"/chunks/mermaid.esm.min/$1)
    [ "${#hallados[@]}" -eq 1 ] && [ -f "${hallados[0]}" ] \
        || { echo "ERROR: se esperaba un único $1 en el paquete de Mermaid" >&2; exit 1; }
    basename "${hallados[0]}"
}
FLUJO="$(encontrar_uno 'flowDiagram-*.mjs')"
DAGRE="$(encontrar_uno 'dagre-*.mjs')"
CARRILES="$(encontrar_uno 'swimlanesDiagram-*.mjs')"     # swimlane-beta: los flujogramas (macros/swimlanes.py)
TRAZADO="$(encontrar_uno 'swimlanes-[A-Z0-9]*.mjs')"      # su trazado, que importaría al dibujar
cat > "$DIST/entrada.mjs" <<EOF
export { default } from "./mermaid.esm.min.mjs";
import "./chunks/mermaid.esm.min/$FLUJO";
import "./chunks/mermaid.esm.min/$DAGRE";
import "./chunks/mermaid.esm.min/$CARRILES";
import "./chunks/mermaid.esm.min/$TRAZADO";
EOF

echo "==> Reempaquetando Mermaid con rollup" >&2
mkdir -p "$TMP/rollup"
"$TMP/herramienta/node_modules/.bin/rollup" "$DIST/entrada.mjs" --dir "$TMP/rollup" --format es \
    --entryFileNames mermaid.js --chunkFileNames '[name]-[hash].js' \
    --preserveEntrySignatures allow-extension --silent

# Cada archivo fijado, de su origen, con su sha512; y ninguno del resultado sin fijar.
NUEVO="$TMP/nuevo"
mkdir -p "$NUEVO"
MAL=0
for entrada in "${ARCHIVOS[@]}"; do
    destino="${entrada%%|*}"; resto="${entrada#*|}"; origen="${resto%%|*}"; esperado="${entrada##*|}"
    if [ ! -f "$TMP/$origen" ] || [ "$(_sha512 "$TMP/$origen")" != "$esperado" ]; then
        echo "ERROR: $origen falta o su sha512 no es el fijado en mermaid.fijado" >&2
        MAL=1
        continue
    fi
    cp "$TMP/$origen" "$NUEVO/${destino#js/mermaid/}"
done
for archivo in "$TMP"/rollup/*; do
    nombre="$(basename "$archivo")"
    if ! grep -q "^archivo[[:space:]]\+js/mermaid/$nombre[[:space:]]" "$FIJADO"; then
        echo "ERROR: rollup produjo $nombre, que mermaid.fijado no fija" >&2
        MAL=1
    fi
done
if [ "$MAL" -ne 0 ]; then
    echo "Líneas «archivo» del resultado obtenido (revisarlo antes de fijarlas):" >&2
    for archivo in "$TMP"/rollup/*; do
        nombre="$(basename "$archivo")"
        echo "archivo       js/mermaid/$nombre    rollup/$nombre    $(_sha512 "$archivo")" >&2
    done
    exit 1
fi

# Instalación atómica del directorio: nunca queda a medias uno que el sitio pudiera servir.
rm -rf "$DESTINO.tmp.$$" "$DESTINO.viejo.$$"
cp -r "$NUEVO" "$DESTINO.tmp.$$"
if [ -e "$DESTINO" ]; then mv "$DESTINO" "$DESTINO.viejo.$$"; fi
mv "$DESTINO.tmp.$$" "$DESTINO"
rm -rf "$DESTINO.viejo.$$"
echo "==> Mermaid $MERMAID_VERSION instalado en docs/js/mermaid/ (${#ARCHIVOS[@]} archivos verificados)" >&2
