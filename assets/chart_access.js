/* Charts for keyboards and screen readers (issue 18). plotly.js draws a chart as three SVG
 * layers with no text alternative, and puts each mode-bar button in the tab order. Here, after
 * every draw:
 * - the plot's layer is an image (role="img") named by the chart's title and described by the
 *   sentence the page writes under it (the element named by the nearest data-summary), both in
 *   the page's language; the layers of titles, legends and hover labels are hidden from
 *   screen readers, which the image and its sentence replace;
 * - the mode bar is one tab stop: its first button; the arrow keys, Home and End move along it
 *   (the ARIA toolbar pattern), and it stays visible while a button has the focus.
 * Pages get this file from assets/; embeds list it in components/embed.py. */
(function () {
  "use strict";

  const text = (html) => String(html || "").replace(/<br\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();

  function nameOf(gd) {
    const layout = gd._fullLayout || {};
    const title = text(layout.title && layout.title.text);
    if (title) return title;
    const heading = document.querySelector("main h1, h1");  // an embed's title is its heading
    return heading ? heading.textContent.trim() : "";
  }

  function set(el, name, value) {
    if (value === null) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function label(gd) {
    const layers = gd.querySelectorAll("svg.main-svg");
    if (!layers.length) return;
    const holder = gd.closest("[data-summary]");
    const summary = holder && document.getElementById(holder.getAttribute("data-summary"));
    layers.forEach(function (layer, i) {
      if (i === 0) {
        set(layer, "role", "img");
        set(layer, "aria-label", nameOf(gd));
        set(layer, "aria-describedby", summary ? summary.id : null);
        set(layer, "aria-hidden", null);
      } else {
        set(layer, "aria-hidden", "true");
      }
    });
    gd.querySelectorAll(".modebar-btn").forEach(function (button, i) {
      set(button, "tabindex", i === 0 ? "0" : "-1");
    });
  }

  let queued = false;
  function labelAll() {
    queued = false;
    document.querySelectorAll(".js-plotly-plot").forEach(label);
  }

  function queue() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(labelAll);
    }
  }

  const MOVES = {
    ArrowRight: (i) => i + 1, ArrowDown: (i) => i + 1, ArrowLeft: (i) => i - 1,
    ArrowUp: (i) => i - 1, Home: () => 0, End: (_i, n) => n - 1,
  };

  document.addEventListener("keydown", function (event) {
    const button = event.target.closest && event.target.closest(".modebar-btn");
    if (!button || !MOVES[event.key]) return;
    const buttons = [...button.closest(".modebar").querySelectorAll(".modebar-btn")];
    const n = buttons.length;
    const next = buttons[(MOVES[event.key](buttons.indexOf(button), n) + n) % n];
    buttons.forEach((b) => b.setAttribute("tabindex", b === next ? "0" : "-1"));
    next.focus();
    event.preventDefault();
  });

  function start() {
    new MutationObserver(queue).observe(document.body, {childList: true, subtree: true});
    queue();
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
