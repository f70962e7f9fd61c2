/* A chart's picture, from the PNG/SVG buttons under it (callbacks/charts.py) or the camera of
   its mode bar, carries under its source line the data's date and the address of the view it
   shows, as the deck's pictures do (exports/deck.py, with_footer): a picture passed around
   alone can be traced back. The page's footer (#shell-build: components/shell.py, an embed's
   in components/templates/embed.html) holds the line, translated, and OBSERVATORY_PUBLIC_URL;
   without that setting the address is relative, as on slides. */
(function () {
  "use strict";

  const FOOT = 22;  // px the footer line adds below the picture (exports/deck.py with_footer)
  const MUTED = "#6c757d";  // components/figures/style.py MUTED
  const SIZE = 11;  // px: the footer's font, as the source line's
  const LINE = 15;  // px a further line of it takes
  const TITLE = 16;  // px: an embed's title put back into its picture
  const TITLE_LINE = 21;

  function plain(text) {  // plotly reads "<" and "&...;" in annotation text as markup
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  const canvas = document.createElement("canvas").getContext("2d");

  /* plotly.js does not wrap text: lines no wider than `room` px, broken after a space, "/",
     "?" or "&" where one fits (an address is long on a phone's chart), else anywhere. */
  function wrapped(text, room, font) {
    canvas.font = font;
    const fits = (s) => canvas.measureText(s).width <= room;
    const lines = [];
    let rest = text;
    while (rest && !fits(rest)) {
      let longest = 1;
      let cut = 0;
      for (let i = 1; i <= rest.length && fits(rest.slice(0, i)); i++) {
        longest = i;
        if (" /?&".includes(rest[i - 1])) cut = i;
      }
      lines.push(rest.slice(0, cut || longest).trim());
      rest = rest.slice(cut || longest).trim();
    }
    return rest ? lines.concat([rest]) : lines;
  }

  /* The view's address: the page's own, or the view an embed shows (data-view). */
  function footerLine() {
    const build = document.getElementById("shell-build");
    if (!build || !build.dataset.footer) return "";
    const query = new URLSearchParams(window.location.search);
    if (!query.get("lang")) query.set("lang", document.documentElement.lang || "en");
    const base = (build.dataset.base || "").replace(/\/+$/, "");
    const view = build.dataset.view || window.location.pathname + "?" + query.toString();
    return build.dataset.footer.replace("{url}", base + view);
  }

  /* An embed draws its title as the page's heading, not in the chart (components/embed.py):
     its picture gets that heading back on top, or it would travel without saying what it is. */
  function titled(layout, full) {
    const title = layout.title || {};
    const heading = document.querySelector("main > h1");
    if ((typeof title === "string" ? title : title.text) || !heading) return;
    const room = full.width - full._size.l - 8;
    const font = TITLE + "px " + full.font.family;
    const lines = wrapped(heading.textContent.trim(), room, font);
    const extra = TITLE_LINE * lines.length + 12;
    layout.height += extra;
    layout.margin = Object.assign({}, layout.margin, {t: full._size.t + extra});
    layout.title = Object.assign({}, typeof title === "string" ? {} : title, {
      text: lines.map(plain).join("<br>"),
      x: 0,
      xref: "paper",
      xanchor: "left",
      y: 1,
      yref: "container",
      yanchor: "top",
      pad: {t: 10},
      font: {size: TITLE},
    });
  }

  /* The chart as drawn (size, margins pushed by long labels, a phone's wrapped titles), a line
     taller, with the footer line at its foot, and its title inside. */
  function footed(gd) {
    const full = gd._fullLayout;
    const layout = structuredClone(gd.layout);
    layout.width = full.width;
    layout.height = full.height;
    titled(layout, full);
    const line = footerLine();
    if (line) {
      const room = full.width - full._size.l - 8;
      const lines = wrapped(line, room, SIZE + "px " + full.font.family);
      const extra = FOOT + LINE * (lines.length - 1);
      const bottom = full._size.b + extra;
      layout.height += extra;
      layout.margin = Object.assign({}, layout.margin, {b: bottom});
      layout.annotations = (layout.annotations || []).concat([{
        text: lines.map(plain).join("<br>"),
        xref: "paper",
        yref: "paper",
        x: 0,
        y: 0,
        xanchor: "left",
        yanchor: "top",
        yshift: -(bottom - 24 - LINE * (lines.length - 1)),  // the picture's last lines
        showarrow: false,
        align: "left",
        font: {size: SIZE, color: MUTED},
      }]);
    }
    return {data: structuredClone(gd.data), layout: layout, config: gd._context};
  }

  /* `opts`: format, filename, scale; the size is the chart's as drawn, the file is named for
     what the chart shows when the figure says (layout.meta.export). */
  function download(gd, opts) {
    const figure = footed(gd);
    const named = (gd.layout.meta || {}).export;  // what the chart shows (the view sets it)
    return window.Plotly.downloadImage(figure, Object.assign({}, opts, named && {filename: named}, {
      width: figure.layout.width,
      height: figure.layout.height,
    }));
  }
  window.observatoryExport = download;

  /* The mode bar's camera calls plotly's registered "downloadImage" (not Plotly.downloadImage,
     which stays plotly's own and draws the footed copy). */
  function register(Plotly) {
    if (Plotly && Plotly.register) {
      Plotly.register({moduleType: "apiMethod", name: "downloadImage", fn: download});
    }
  }
  if (window.Plotly) {
    register(window.Plotly);
  } else {
    document.addEventListener("DOMContentLoaded", () => register(window.Plotly));
  }
})();
