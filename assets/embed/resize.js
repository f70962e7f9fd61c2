// Include once on a page with Observatory iframes: each takes the height of its content.
//   <script src="https://OBSERVATORY/assets/embed/resize.js" async></script>
// Only iframes showing pages of the server this script came from are resized.
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = script ? new URL(script.src, window.location.href).origin : null;

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (!message || message.observatory !== "embed-height") return;
    if (origin && event.origin !== origin) return;
    var height = Math.ceil(Number(message.height));
    if (!(height > 0 && height < 10000)) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
      }
    }
  });
})();
