/* Dash's renderer asks for the page's layout and its callbacks only once every script on the
   page has run: half a second after the HTML came on a 2-core laptop, the server idle meanwhile.
   This file, first in the page's head, asks at once, so that the server renders the page
   (callbacks/routing.layout) while the scripts load; the renderer's own requests for the same
   URLs then receive these answers. app.ObservatoryDash.interpolate_index names the URLs. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.Promise || !window.URL) {
    return;
  }
  var native = window.fetch;
  var pending = {};
  var init = {
    credentials: "same-origin",
    headers: {Accept: "application/json", "Content-Type": "application/json"},
  };
  (script.getAttribute("data-urls") || "").split(" ").forEach(function (path) {
    if (path) {
      var url = new URL(path, window.location.href).href;
      pending[url] = native.call(window, url, init);
    }
  });
  window.fetch = function (input, options) {
    var url = typeof input === "string" ? new URL(input, window.location.href).href : "";
    var method = ((options && options.method) || "GET").toUpperCase();
    var answer = method === "GET" ? pending[url] : undefined;
    if (answer) {
      delete pending[url];  // once: a later request (a new page) asks the server again
      return answer.catch(function () {
        return native.call(window, input, options);
      });
    }
    return native.apply(this, arguments);
  };
})();
