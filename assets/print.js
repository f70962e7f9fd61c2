/* Before the city page prints (the browser's print, our button, or a PDF printer such as
   Chromium's printToPDF, which fire the same events):
   - its address at the foot of the brief becomes the full address of the page, language
     included, at the observatory's public address when the page names one (data-base,
     OBSERVATORY_PUBLIC_URL) or where it was opened;
   - plotly draws charts at the screen's width: the trend is redrawn for the printed page, a
     little lower than on screen, which leaves the rest of the brief room on its one page; after
     printing it is drawn as on screen again. */
(function () {
  // Drawn larger and shrunk by print.css (zoom: 0.8) to A4's width less margins, about 700
  // CSS pixels: text the size of the brief's, more room for the plot. Only width and height
  // change (dcc.Graph keeps its own figure's fonts and margins: relayouting those would make it
  // draw again at its figure's height).
  const PRINT_SIZE = { "city-graph": { width: 875, height: 330 } };
  function charts() {
    if (!window.Plotly) return [];
    return Object.keys(PRINT_SIZE)
      .map(function (id) {
        const outer = document.getElementById(id);
        const gd = outer && (outer.classList.contains("js-plotly-plot")
          ? outer : outer.querySelector(".js-plotly-plot"));
        return gd ? [id, gd] : null;
      })
      .filter(Boolean);
  }
  function address(base) {
    const query = new URLSearchParams(window.location.search);
    if (!query.get("lang")) query.set("lang", document.documentElement.lang || "en");
    const root = (base || window.location.origin).replace(/\/+$/, "");
    return root + window.location.pathname + "?" + query.toString();
  }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".city-print-url").forEach(function (el) {
      el.textContent = el.href = address(el.dataset.base);
    });
    charts().forEach(function ([id, gd]) {
      gd.observatoryHeight = gd._fullLayout.height;
      window.Plotly.relayout(gd, PRINT_SIZE[id]);
    });
  });
  window.addEventListener("afterprint", function () {
    charts().forEach(function ([, gd]) {
      window.Plotly.relayout(gd, { width: null, height: gd.observatoryHeight, autosize: true });
    });
  });
})();
