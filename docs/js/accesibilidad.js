/* Accesibilidad: regiones que se desplazan, alcanzables con el teclado (WCAG 2.1.1).
 *
 * Material envuelve cada tabla del contenido en .md-typeset__scrollwrap (al cargar la
 * página, con JavaScript) y el flujograma va en .flujograma; cuando su contenido es más
 * ancho que la columna se desplazan de lado. Sólo entonces este script los vuelve una región
 * con nombre que recibe el foco (tabindex="0", role="region", aria-label), para que quien
 * usa el teclado llegue con Tab y se desplace con las flechas; cuando dejan de desplazarse
 * (otra anchura de ventana) se les quita, para no añadir paradas de Tab inútiles.
 * Funciona con la navegación instantánea (document$ de Material) y sin ella. Además: tras
 * una navegación instantánea el foco vuelve al principio de la página, y el área de
 * resultados de la búsqueda deja de ser una parada de Tab invisible mientras está cerrada.
 */
(function () {
  "use strict";

  var REGIONS = ".md-typeset__scrollwrap, .flujograma";

  // Material draws each diagram in a closed shadow root, out of reach of the site's CSS; the
  // flowcharts' links would show only the browser's thin default ring. Every shadow root
  // created after this script (Material creates them when it draws) adopts the same 3 px
  // focus ring. The root's mode is left as it is.
  if (typeof CSSStyleSheet === "function" && "adoptedStyleSheets" in Document.prototype) {
    var ring = new CSSStyleSheet();
    ring.replaceSync(":focus-visible { outline: 3px solid #5c002e !important; outline-offset: 2px !important; }");
    var attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      var root = attach.call(this, init);
      try { root.adoptedStyleSheets = root.adoptedStyleSheets.concat([ring]); } catch (e) { /* keep drawing */ }
      return root;
    };
  }
  var MARK = "data-desplazable";

  function labelOf(el) {
    var table = el.querySelector("table");
    if (table) {
      var caption = table.querySelector("caption");
      var name = table.getAttribute("aria-label") || (caption && caption.textContent.trim()) || "";
      return (name ? name + ": " : "") + "tabla desplazable";
    }
    return "Flujograma desplazable";
  }

  function update(el) {
    var scrolls = el.scrollWidth > el.clientWidth + 1;
    if (scrolls) {
      if (!el.hasAttribute(MARK)) {
        el.setAttribute(MARK, "");
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
      }
      el.setAttribute("aria-label", labelOf(el));
    } else if (el.hasAttribute(MARK)) {
      el.removeAttribute(MARK);
      el.removeAttribute("tabindex");
      el.removeAttribute("role");
      el.removeAttribute("aria-label");
    }
  }

  var observer = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var region = entry.target.closest(REGIONS);
      if (region) { update(region); }
    });
  }) : null;

  function scan() {
    searchStop();
    drawerBack();
    document.querySelectorAll(REGIONS).forEach(function (el) {
      update(el);
      if (observer) {
        observer.observe(el);                       // the window changes width
        if (el.firstElementChild) { observer.observe(el.firstElementChild); }   // the content grows
      }
    });
  }

  // Material's search results area is a Tab stop even with nothing typed, when Material
  // closes the search as soon as the focus leaves the box: the focus would land on an
  // invisible area. It is a Tab stop only while there is a query (then there are results to
  // scroll); docs/css/accesibilidad.css hides it while the search is closed.
  function searchStop() {
    var input = document.querySelector(".md-search__input");
    document.querySelectorAll(".md-search__scrollwrap").forEach(function (el) {
      el.setAttribute("tabindex", input && input.value.trim() ? "0" : "-1");
    });
    if (input && !input.hasAttribute("data-a11y")) {
      input.setAttribute("data-a11y", "");
      input.addEventListener("input", searchStop);
    }
  }

  // In the navigation drawer (below 1220 px) the open section slides over the top level,
  // whose links docs/css/accesibilidad.css hides meanwhile; the «←» title that closes the
  // section is a label Material leaves out of the Tab order. In it, as a button; Enter on a
  // focused navigation label is Material's (it clicks it), which goes back to the top level.
  function drawerBack() {
    document.querySelectorAll('.md-nav--primary .md-nav__title[for^="__nav"]:not([tabindex])').forEach(function (el) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "button");
      el.setAttribute("aria-label", "Volver al nivel superior de la navegación");
    });
  }

  // Opening or closing a section in the drawer hides the label that had the focus (it is
  // covered, or slides away): give the focus to what replaces it, the «←» title of the open
  // section or, going back, the section's label in the top level.
  function shown(el) {
    return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  function keepFocusInDrawer(event) {
    var toggle = event.target;
    if (!toggle.matches || !toggle.matches(".md-nav--primary .md-nav__toggle")) { return; }
    if (!window.matchMedia("(max-width: 76.2344em)").matches) { return; }      // no drawer
    window.requestAnimationFrame(function () {
      var next = toggle.checked
        ? document.querySelector('nav[aria-labelledby="' + toggle.id + '_label"] > .md-nav__title')
        : document.getElementById(toggle.id + "_label");
      if (shown(next)) { next.focus(); }
    });
  }
  document.addEventListener("change", keepFocusInDrawer);

  function soon() {
    scan();
    // Material may wrap the tables after this subscriber runs: look again once it has.
    window.requestAnimationFrame(scan);
  }

  // After an instant navigation (Material swaps the page without reloading it) the focus
  // would stay where the followed link was, somewhere in the middle of the new page. Put it
  // where a page load puts it: on the target of the address's #fragment, or at the start of
  // the document, so the next Tab reaches «Saltar al contenido» first.
  function focusQuietly(el) {
    // A temporary tabindex="-1" (removed when the focus leaves) lets any element take the
    // focus; removing it at once would drop the focus again.
    if (!el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "-1");
      el.addEventListener("blur", function () { el.removeAttribute("tabindex"); }, {once: true});
    }
    el.focus({preventScroll: true});
  }

  function resetFocus() {
    var target = null;
    if (location.hash.length > 1) {
      try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { target = null; }
    }
    focusQuietly(target || document.querySelector('[data-md-component="skip"]') || document.body);
  }

  var loads = 0;
  function onDocument() {
    loads += 1;
    if (loads > 1) { resetFocus(); }
    soon();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", soon);
  } else {
    soon();
  }
  window.addEventListener("load", scan);
})();
