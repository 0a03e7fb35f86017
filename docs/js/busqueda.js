/* Índice de búsqueda bajo demanda (issue 12; véase README › Rendimiento › Primera vista).
 *
 * Material 9.8 pide `search/search_index.json` al abrir cualquier página, se busque o no: con
 * 1.000 procedimientos realistas son 3,7 MB con gzip, diez veces todo lo demás de la primera
 * vista. Este archivo se carga antes que Material (overrides/main.html, bloque `scripts`, y
 * precargado junto a las hojas de estilo) y retiene el envío de esa única petición hasta que
 * el lector usa la búsqueda: el foco en la caja (clic, Tab, o
 * las teclas «/», «s» y «f», con las que Material la enfoca), abrirla en el teléfono (la casilla
 * `__search`), o una dirección con `?q=` (búsqueda enlazada) o `?h=` (resaltar términos). Entonces
 * la petición sale tal cual la preparó Material y todo sigue como siempre: el mismo índice (con
 * las palabras sin tildes de macros/search.py), los resultados resaltados y la navegación
 * instantánea. Sólo se retiene esa dirección, sólo su `send()`, y al primer uso se devuelven
 * `XMLHttpRequest.prototype.open/send/abort` a los originales. Si algún día Material la pidiera
 * con `fetch`, el índice volvería a descargarse al cargar (como antes: nada se rompe) y
 * tests/navegador/test_busqueda.py lo señalaría.
 */
(() => {
  "use strict";
  if (window.__busquedaDiferida) return;
  const form = document.forms.namedItem("search");
  const configEl = document.getElementById("__config");
  if (!form || !configEl) return;
  window.__busquedaDiferida = { pedido: false };

  // La misma dirección que calcula Material: config.base relativo a la página.
  const base = new URL(JSON.parse(configEl.textContent).base, location.href);
  const indexUrl = new URL("search/search_index.json", base);
  const isIndex = (url) => {
    try {
      const u = new URL(String(url), location.href);
      return u.origin === indexUrl.origin && u.pathname === indexUrl.pathname;
    } catch (_) {
      return false;
    }
  };

  const proto = XMLHttpRequest.prototype;
  const original = { open: proto.open, send: proto.send, abort: proto.abort };
  const held = new Map();            // petición retenida -> cuerpo de su send()
  const index = new WeakSet();       // peticiones abiertas hacia el índice

  const wrapped = {
    open(method, url, ...rest) {
      index.delete(this);
      held.delete(this);
      if (isIndex(url)) index.add(this);
      return original.open.call(this, method, url, ...rest);
    },
    send(body) {
      if (index.has(this)) {
        held.set(this, body);
        return undefined;
      }
      return original.send.call(this, body);
    },
    abort() {
      held.delete(this);
      return original.abort.call(this);
    },
  };
  Object.assign(proto, wrapped);

  const release = () => {
    if (window.__busquedaDiferida.pedido) return;
    window.__busquedaDiferida.pedido = true;
    for (const name of Object.keys(original))
      if (proto[name] === wrapped[name]) proto[name] = original[name];
    for (const [xhr, body] of held) original.send.call(xhr, body);
    held.clear();
    document.removeEventListener("focusin", onFocus, true);
    document.removeEventListener("change", onToggle, true);
  };

  function onFocus(ev) {
    if (ev.target instanceof Element && ev.target.closest(".md-search")) release();
  }
  function onToggle(ev) {
    const el = ev.target;
    if (el instanceof HTMLInputElement && el.dataset.mdToggle === "search" && el.checked) release();
  }
  document.addEventListener("focusin", onFocus, true);
  document.addEventListener("change", onToggle, true);

  // Búsqueda enlazada (?q=) o resaltado de términos (?h=): el índice hace falta al cargar.
  const params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) release();
})();
