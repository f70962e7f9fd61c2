/* Plotly draws charts at the screen's width; redraw the city page's charts at their printed
   width before printing (A4 less margins is about 700 CSS pixels; the timeline sits in a column
   of about 400) and at the screen's width afterwards. Heights are left alone: the city page's
   charts are sized to fit one A4 page already (callbacks/city.py). */
(function () {
  const PRINT_WIDTH = { "city-graph": 700, "city-timeline": 400 };
  function charts() {
    if (!window.Plotly) return [];
    return Object.keys(PRINT_WIDTH)
      .map(function (id) {
        const outer = document.getElementById(id);
        const gd = outer && (outer.classList.contains("js-plotly-plot")
          ? outer : outer.querySelector(".js-plotly-plot"));
        return gd ? [id, gd] : null;
      })
      .filter(Boolean);
  }
  window.addEventListener("beforeprint", function () {
    charts().forEach(function ([id, gd]) {
      window.Plotly.relayout(gd, { width: PRINT_WIDTH[id] });
    });
  });
  window.addEventListener("afterprint", function () {
    charts().forEach(function ([, gd]) {
      window.Plotly.relayout(gd, { width: null, autosize: true });
    });
  });
})();
