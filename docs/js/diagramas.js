/* Mermaid bajo demanda (véase macros/mermaid_assets.py).
 *
 * Material dibuja cada `pre.mermaid` con `window.mermaid` (initialize y render) y, si no existe,
 * descarga Mermaid de internet. Este archivo, pequeño y presente en todas las páginas, define
 * `window.mermaid` como un sustituto que importa la copia local (docs/js/mermaid/mermaid.js,
 * scripts/obtener_mermaid.sh) la primera vez que hay que dibujar. Así las páginas sin diagramas
 * no descargan Mermaid, la navegación instantánea hacia una página con diagramas funciona y nunca
 * se pide nada fuera del sitio.
 */
(() => {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) return;
  const script = document.currentScript;
  const moduleUrl = new URL("mermaid/mermaid.js", script ? script.src : document.baseURI).href;
  let settings = {};
  let loading = null;
  const load = () => {
    loading = loading || import(moduleUrl).then((module) => {
      const mermaid = module.default;
      mermaid.initialize(settings);
      return mermaid;
    });
    return loading;
  };
  window.mermaid = {
    initialize(options) {
      settings = Object.assign({}, settings, options);
      if (loading) loading.then((mermaid) => mermaid.initialize(settings));
    },
    async render(id, text, container) {
      return (await load()).render(id, text, container);
    },
    async run(options) {
      return (await load()).run(options);
    },
  };
  // En una página con diagramas la descarga empieza ya, sin esperar a Material.
  if (document.querySelector("pre.mermaid")) load();
})();
