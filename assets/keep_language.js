/* The language a reader chose stays with them from page to page.
 *
 * A chosen language lives in the address (`?lang=es`), the server has no cookie to remember it,
 * and the navigation's links are plain paths (`/trends`): without this, the first click from
 * `/?lang=es` opened `/trends` in the browser's own language, its headings in English under a
 * Spanish menu. So while the address carries `lang`, every address the app moves to inside the
 * page (Dash's links and our scripts call `history.pushState`/`replaceState`) and every link to
 * this site that is followed gets the same `lang`, unless it names one itself.
 */
(function () {
  "use strict";

  function chosen() {
    return new URLSearchParams(window.location.search).get("lang");
  }

  /* `address` with the chosen language, or null when it needs none (another site, a language
     of its own, or nothing chosen). */
  function withLanguage(address) {
    const lang = chosen();
    if (!lang) {
      return null;
    }
    const next = new URL(address, window.location.href);
    if (next.origin !== window.location.origin || next.searchParams.has("lang")) {
      return null;
    }
    next.searchParams.set("lang", lang);
    return next;
  }

  ["pushState", "replaceState"].forEach(function (name) {
    const native = window.history[name];
    window.history[name] = function (state, title, address) {
      const next = address == null ? null : withLanguage(address);
      const args = Array.prototype.slice.call(arguments);
      if (next) {
        args[2] = next.pathname + next.search + next.hash;
      }
      return native.apply(this, args);
    };
  });

  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    const href = link ? link.getAttribute("href") : "";
    if (!href || href.charAt(0) === "#") {
      return;  // a place on this page (the skip link)
    }
    const next = withLanguage(link.href);
    if (next) {
      link.href = next.href;
    }
  }, true);
})();
