// The embed page: draw the chart from the JSON in the page, submit the compact controls on
// change, and tell the page around the iframe our height (assets/embed/resize.js listens).
(function () {
  "use strict";

  function reportHeight() {
    if (window.parent === window) return;
    window.parent.postMessage(
      // The body's own height: the document's is never less than the iframe, so could not shrink.
      { observatory: "embed-height", height: document.body.getBoundingClientRect().height },
      "*"
    );
  }

  function start() {
    var chart = document.getElementById("chart");
    var figure = JSON.parse(document.getElementById("figure").textContent);
    var config = JSON.parse(chart.getAttribute("data-config"));
    Plotly.newPlot(chart, figure.data, figure.layout, config).then(function () {
      // narrow.js may draw the chart taller to fit its legend: the box follows, so that a
      // responsive redraw keeps that height instead of shrinking the plot back
      function fit() {
        var height = chart._fullLayout && chart._fullLayout.height;
        if (height && chart.style.height !== height + "px") chart.style.height = height + "px";
      }
      chart.on("plotly_afterplot", fit);
      fit();
      reportHeight();
    });

    var forms = document.querySelectorAll("form.controls");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("change", function () { form.submit(); });
    });

    if (window.ResizeObserver) {
      new ResizeObserver(reportHeight).observe(document.body);
    }
    window.addEventListener("resize", reportHeight);
    reportHeight();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
