/* Plotly draws charts at the screen's width; redraw the city page's charts at the printed page's
   width before printing (A4 less margins is about 700 CSS pixels) and as they were afterwards. */
(function () {
  const PRINT_WIDTH = 700;
  const TREND_HEIGHT = 330;
  function charts() {
    return window.Plotly ? Array.from(document.querySelectorAll(".city-page .js-plotly-plot")) : [];
  }
  window.addEventListener("beforeprint", function () {
    charts().forEach(function (gd) {
      gd.dataset.screenHeight = gd.layout.height || "";
      const trend = gd.closest("#city-graph") || gd.id === "city-graph";
      window.Plotly.relayout(gd, {
        width: PRINT_WIDTH,
        height: trend ? TREND_HEIGHT : gd.layout.height,
      });
    });
  });
  window.addEventListener("afterprint", function () {
    charts().forEach(function (gd) {
      const height = Number(gd.dataset.screenHeight) || null;
      window.Plotly.relayout(gd, { width: null, height: height, autosize: true });
    });
  });
})();
