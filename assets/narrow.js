/* Charts on a phone. plotly.js neither wraps a title nor makes room above the plot for a legend
 * that wraps into more rows on a narrow screen: at 320 px a title runs off the chart and under
 * the mode bar, and a legend above the plot climbs over the title. A chart narrower than NARROW
 * is therefore drawn with its title, subtitle and source line wrapped to its width and the title
 * below the mode bar; once drawn, when its legend or source line needs more room than guessed
 * (only plotly.js knows their size), the margins grow to fit, and the chart grows with them so
 * that the plot keeps its height. Wider charts are drawn as built. */
(function () {
  "use strict";

  const NARROW = 500;  // px: below this, titles of a typical chart no longer fit
  // px: a window at least this wide (Bootstrap's md) has no chart narrower than NARROW, and
  // is not asked for one: reading a chart's width before plotly.js draws forces the browser
  // to lay out the page early, 100-200 ms on a 2-core laptop
  const STACKED = 768;
  const MODE_BAR = 30;  // px the mode bar takes at the top
  const LINE = 1.3;  // line height, in font sizes
  const TITLE = 15;  // px: a phone title, a little smaller than the desktop's
  const LEGEND_ROW = 20;  // px a legend row takes, as a first guess
  const GAP = 8;  // px between the title block and the legend or plot
  const SOURCE_SHIFT = -48;  // components/figures/style.py: the source line's offset
  const MIN_HEIGHT = 300;  // assets/style.css: no chart is drawn lower
  const LABEL_FONT = 12;  // components/figures/geo.py: a map's city names
  const ROW_ABOVE = 38;  // px: a timeline row on a phone, its label above its bar
  const GRID_ROW = 120;  // px: a row of small multiples (components/figures/trends.py)
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

  const canvas = document.createElement("canvas").getContext("2d");

  function textWidth(text, size, family) {
    canvas.font = size + "px " + family;
    return canvas.measureText(text.replace(/<[^>]*>/g, "")).width;
  }

  /* Lines of `text` (which may hold <br>) no wider than `width` px, broken between words. */
  function wrap(text, width, size, family) {
    const lines = [];
    String(text).split(/<br\s*\/?>/i).forEach(function (part) {
      let line = "";
      part.split(" ").forEach(function (word) {
        const longer = line ? line + " " + word : word;
        if (line && textWidth(longer, size, family) > width) {
          lines.push(line);
          line = word;
        } else {
          line = longer;
        }
      });
      lines.push(line);
    });
    return lines;
  }

  const familyOf = (layout) => (layout.font && layout.font.family) || FONT;
  const sizeOf = (item, fallback) => (item && item.font && item.font.size) || fallback;
  const lineCount = (text) => String(text).split(/<br\s*\/?>/i).length;
  const isSource = (a) => a.yshift === SOURCE_SHIFT && a.text && a.xref === "paper";
  const legendAbove = (layout) => layout.showlegend !== false && layout.legend &&
    (layout.legend.y === undefined ? 1.02 : layout.legend.y) >= 1 &&
    layout.legend.yanchor === "bottom";

  /* plotly.js centres the extra lines of a top-anchored title on its first: the pad that puts
   * the top of `lines` lines just below the mode bar (or lower, if the chart asked for that). */
  const titlePad = (lines, size, asked) =>
    Math.max(MODE_BAR, asked || 0) + 4 + ((lines - 1) * size * LINE) / 2;

  /* Where the title block (title and subtitle, placed as `adapt` places them) ends. */
  function titleBottom(title) {
    if (!title || !title.text) return MODE_BAR;
    const lines = lineCount(title.text);
    const size = sizeOf(title, 17);
    const pad = (title.pad && title.pad.t) || 0;
    let bottom = pad - ((lines - 1) * size * LINE) / 2 + lines * size * LINE;
    const sub = title.subtitle;
    if (sub && sub.text) bottom += lineCount(sub.text) * sizeOf(sub, 12) * LINE + 4;
    return bottom;
  }

  /* Rows a horizontal legend wraps into: each entry is its symbol (40 px) and its name. */
  function legendRows(names, width, size, family) {
    let rows = 1;
    let used = 0;
    names.forEach(function (name) {
      const entry = 40 + textWidth(name, size, family);
      if (used && used + entry > width) {
        rows += 1;
        used = 0;
      }
      used += entry;
    });
    return rows;
  }

  function adapt(width, data, layout) {
    const family = familyOf(layout);
    const margin = Object.assign({t: 100, b: 80, l: 80, r: 80}, layout.margin);
    const before = margin.t + margin.b;
    const out = Object.assign({}, layout, {margin: margin});
    if (layout.title && layout.title.text) {
      const title = layout.title;
      const size = Math.min(TITLE, sizeOf(title, 17));
      const sub = title.subtitle && title.subtitle.text ? Object.assign({}, title.subtitle, {
        text: wrap(title.subtitle.text, width - 16, sizeOf(title.subtitle, 12), family).join("<br>"),
      }) : title.subtitle;
      const lines = wrap(title.text, width - 16, size, family);
      out.title = Object.assign({}, title, {
        text: lines.join("<br>"),
        font: Object.assign({}, title.font, {size: size}),
        subtitle: sub,
        x: 0, xref: "container", xanchor: "left", y: 1, yref: "container", yanchor: "top",
        pad: Object.assign({}, title.pad, {t: titlePad(lines.length, size, (title.pad || {}).t)}),
      });
    }
    let above = titleBottom(out.title) + GAP;
    if (legendAbove(layout)) {
      const size = sizeOf(layout.legend, 13);
      const names = data.filter((t) => t.showlegend !== false && t.name).map((t) => t.name);
      above += LEGEND_ROW * (layout.legend.orientation === "v" ? names.length
        : legendRows(names, width - margin.l - margin.r, size, family));
    }
    margin.t = Math.max(margin.t, Math.ceil(above));
    out.annotations = (layout.annotations || []).map(function (a) {
      if (!isSource(a)) return a;
      const size = sizeOf(a, 11);
      const lines = wrap(a.text, width - margin.l - 8, size, family);
      margin.b = Math.max(margin.b, Math.ceil(-SOURCE_SHIFT + lines.length * size * LINE + GAP));
      return Object.assign({}, a, {text: lines.join("<br>")});
    });
    Object.keys(layout).filter((k) => /^xaxis\d*$/.test(k) && layout[k].tickangle === 0)
      .forEach((k) => { out[k] = Object.assign({}, layout[k], {tickangle: "auto"}); });
    const grown = margin.t + margin.b - before;
    if (layout.height && grown > 0) out.height = Math.max(layout.height, MIN_HEIGHT) + grown;
    return out;
  }

  /* Once drawn: the legend's true height, and the source line wrapped to the room it really
   * has (labels that plotly.js pushed right, automargin, move where the plot starts). Drawn
   * again with plotly's own `react`: a relayout would reach dcc.Graph as a user's change, which
   * it merges into its figure and draws once more. */
  function settle(gd, react) {
    const full = gd._fullLayout;
    const layout = gd.layout;
    if (!full || !full._size || !layout || !layout.margin) return null;
    const family = familyOf(layout);
    const margin = Object.assign({}, layout.margin);
    let grown = 0;
    let changed = false;
    if (legendAbove(layout) && full.legend && full.legend._height) {
      const need = Math.ceil(titleBottom(layout.title) + full.legend._height + GAP);
      if (need > margin.t + 2) {
        grown += need - margin.t;
        margin.t = need;
        changed = true;
      }
    }
    const annotations = (layout.annotations || []).map(function (a) {
      if (!isSource(a)) return a;
      const size = sizeOf(a, 11);
      const room = gd.clientWidth - full._size.l - 8;
      const lines = wrap(a.text.replace(/<br>/g, " "), room, size, family);
      const text = lines.join("<br>");
      if (text === a.text) return a;
      const more = Math.max(0, Math.ceil((lines.length - lineCount(a.text)) * size * LINE));
      margin.b += more;
      grown += more;
      changed = true;
      return Object.assign({}, a, {text: text});
    });
    if (!changed) return null;
    const height = Math.ceil(full.height + grown);
    return react(gd, gd.data, Object.assign({}, layout, {margin, annotations, height}));
  }

  /* A wide chart whose title sits at the top of the chart (yref "container") gets the same
   * room for a legend that wraps into more rows than its margin holds (eight cities with their
   * national lines): drawn as built, then grown if the legend needs it. */
  function settled(el, drawn) {
    return drawn && drawn.then ? drawn.then(function (g) {
      const title = el && el.layout && el.layout.title;
      if (el && !el.observatoryWide && el.on && title && title.yref === "container") {
        el.observatoryWide = true;
        el.on("plotly_afterplot", () => (window.innerWidth >= STACKED ||
          el.clientWidth >= NARROW) && settle(el, react));
        settle(el, react);
      }
      return g;
    }) : drawn;
  }

  /* Legend entries wider than the chart (long names in French or Spanish) are cut by plotly.js:
   * their names are wrapped instead. Our hover labels never show a trace's name. */
  function wrapNames(width, data, layout) {
    const family = familyOf(layout);
    const size = sizeOf(layout.legend, 13);
    const margin = Object.assign({l: 80, r: 80}, layout.margin);
    const room = width - margin.l - margin.r - 40;
    return data.map(function (t) {
      if (t.showlegend === false || !t.name || textWidth(t.name, size, family) <= room) return t;
      return Object.assign({}, t, {name: wrap(t.name, room, size, family).join("<br>")});
    });
  }

  /* A map built for a wide screen (an embed, a slide's figure) names more cities than a phone
   * has room for: the names that would overlap one already kept (bigger dots first) are left
   * out, placed as components/figures/geo.py's place_labels places them. */
  function thinLabels(width, data, layout) {
    const geo = layout.geo;
    if (!geo || !geo.lonaxis || !geo.lonaxis.range || !geo.lataxis || !geo.lataxis.range) {
      return data;
    }
    const [lon0, lon1] = geo.lonaxis.range;
    const [lat0, lat1] = geo.lataxis.range;
    const scale = Math.min(width / (lon1 - lon0), (width * 0.55) / ((lat1 - lat0) * 1.25));
    return data.map(function (t) {
      if (!t.meta || t.meta.series !== "labels" || !Array.isArray(t.text)) return t;
      const sizes = t.marker && Array.isArray(t.marker.size) ? t.marker.size : [];
      const order = t.text.map((_, i) => i).sort((a, b) => (sizes[b] || 0) - (sizes[a] || 0));
      const placed = [];
      const text = t.text.slice();
      order.forEach(function (i) {
        const x = (t.lon[i] - lon0) * scale;
        const y = (lat1 - t.lat[i]) * scale * 1.25 - (sizes[i] || 0) / 2 - LABEL_FONT * 0.75;
        const half = String(t.text[i]).length * LABEL_FONT * 0.3 + 3;
        const box = [x - half, y - LABEL_FONT * 0.7, x + half, y + LABEL_FONT * 0.7];
        if (placed.some((b) => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) {
          text[i] = "";
        } else {
          placed.push(box);
        }
      });
      return Object.assign({}, t, {text: text});
    });
  }

  /* A map's legend sits over the empty Pacific on a wide screen; on a phone the world is a
   * strip and the legend would cover it: it goes above the map (as assets/map.js does). */
  function legendAboveMap(layout) {
    if (!layout.geo || !layout.legend || layout.legend.y >= 1) return layout;
    return Object.assign({}, layout, {legend: Object.assign({}, layout.legend, {
      x: 0, y: 1, yanchor: "bottom", bgcolor: "rgba(0,0,0,0)", font: {size: 12}})});
  }

  /* The interventions timeline (layout.meta.rows "timeline", components/figures/timeline.py)
   * labels each row at its left: on a phone the labels would leave the bars a sliver. Each
   * label goes above its row instead, across the whole width, and the bar sits below it. */
  function labelsAbove(data, layout) {
    const axis = layout.yaxis || {};
    if (!layout.meta || layout.meta.rows !== "timeline" || !Array.isArray(axis.ticktext)) {
      return {data: data, layout: layout};
    }
    const margin = Object.assign({}, layout.margin, {l: 8, r: 8});
    const labels = axis.ticktext.map((text, i) => ({
      text: text, xref: "paper", x: 0, xanchor: "left", yref: "y", y: axis.tickvals[i] - 0.5,
      yanchor: "top", showarrow: false, align: "left", font: {size: 11}}));
    const rows = axis.ticktext.length;
    // an embed's or slide's colour key sits right of the rows: on a phone it goes above them,
    // and the years below, where the key does not cover them
    const keyed = layout.showlegend ? {
      legend: Object.assign({}, layout.legend, {orientation: "h", x: 0, xanchor: "left", y: 1,
        yanchor: "bottom"}),
      xaxis: Object.assign({}, layout.xaxis, {side: "bottom"}),
    } : {};
    return {
      data: data.map((t) => t.type === "bar" && t.orientation === "h"
        ? Object.assign({}, t, {width: 0.5, offset: -0.04}) : t),
      layout: Object.assign({}, layout, {
        margin: margin,
        height: (margin.t || 80) + (margin.b || 80) + ROW_ABOVE * rows,
        yaxis: Object.assign({}, axis, {showticklabels: false}),
        annotations: (layout.annotations || []).concat(labels),
      }, keyed),
    };
  }

  /* Lines named at their ends (annotations "end-label", components/figures/trends.py) leave a
   * phone's plot a third of its width less: there the names go back to the legend above it. */
  function endsInLegend(data, layout) {
    const ends = (layout.annotations || []).filter((a) => a.name === "end-label");
    if (!ends.length) return {data: data, layout: layout};
    const named = new Set(ends.map((a) => a.text));
    return {
      data: data.map((t) => t.meta && t.meta.series === "city" && named.has(t.name)
        ? Object.assign({}, t, {showlegend: true}) : t),
      layout: Object.assign({}, layout, {
        annotations: layout.annotations.filter((a) => a.name !== "end-label"),
        margin: Object.assign({}, layout.margin, {r: 20}),  // finish()'s, before the names
        showlegend: true,
      }),
    };
  }

  /* Small multiples (layout.meta.grid, components/figures/trends.py small_multiples) come four
   * to a row: on a phone the names over the charts run into each other and the years pile up.
   * There the grid is drawn again with fewer charts to a row, each as tall as before; years
   * under the lowest chart of each column, values left of the first. */
  function narrowGrid(width, data, layout) {
    const cols = width < 420 ? 2 : 3;
    if (!layout.meta || !layout.meta.grid || data.length <= cols) return layout;
    const rows = Math.ceil(data.length / cols);
    const margin = Object.assign({t: 90, b: 80}, layout.margin);
    const plot = rows * GRID_ROW;
    const gapX = 0.06;
    const gapY = 34 / plot;  // room for a chart's name over it
    const w = (1 - gapX * (cols - 1)) / cols;
    const h = (1 - gapY * (rows - 1)) / rows;
    const out = Object.assign({}, layout, {height: plot + margin.t + margin.b});
    const titles = (layout.annotations || []).slice();
    data.forEach(function (t, i) {
      const col = i % cols;
      const row = Math.floor(i / cols);
      const x = [col * (w + gapX), col * (w + gapX) + w];
      const top = 1 - row * (h + gapY);
      const xKey = "xaxis" + (t.xaxis || "x").slice(1);
      const yKey = "yaxis" + (t.yaxis || "y").slice(1);
      out[xKey] = Object.assign({}, layout[xKey], {domain: x,
        showticklabels: i + cols >= data.length});
      out[yKey] = Object.assign({}, layout[yKey], {domain: [top - h, top],
        showticklabels: col === 0});
      const at = titles.findIndex((a) => a.text === t.name && a.xref === "paper" &&
        a.yanchor === "bottom");
      if (at >= 0) titles[at] = Object.assign({}, titles[at], {x: (x[0] + x[1]) / 2, y: top});
    });
    out.annotations = titles;
    return out;
  }

  function narrowed(width, figure) {
    if (!figure || !figure.layout) return figure;
    const named = endsInLegend(figure.data || [], figure.layout);
    named.layout = narrowGrid(width, named.data, named.layout);
    const rows = labelsAbove(named.data, legendAboveMap(named.layout));
    const layout = rows.layout;
    const data = thinLabels(width, wrapNames(width, rows.data, layout), layout);
    return Object.assign({}, figure, {data: data, layout: adapt(width, data, layout)});
  }

  let react = null;  // plotly's own, unwrapped

  /* dcc.Graph draws with Plotly.react(gd, figure); other code may use (gd, data, layout). */
  function wrapPlotly(Plotly) {
    if (!Plotly || Plotly.observatoryNarrow) return;
    react = Plotly.react.bind(Plotly);
    ["react", "newPlot"].forEach(function (name) {
      const draw = Plotly[name];
      Plotly[name] = function (gd, data, layout, config) {
        const el = typeof gd === "string" ? document.getElementById(gd) : gd;
        if (window.innerWidth >= STACKED) return settled(el, draw.apply(this, arguments));
        const width = el && el.clientWidth;
        if (!width || width >= NARROW) return settled(el, draw.apply(this, arguments));
        const figure = Array.isArray(data) ? narrowed(width, {data: data, layout: layout || {}})
          : null;
        const drawn = figure ? draw.call(this, gd, figure.data, figure.layout, config)
          : draw.call(this, gd, narrowed(width, data));
        return drawn.then(function (g) {
          // after every draw, also those plotly.js makes itself once labels pushed a margin
          if (!el.observatoryNarrow && el.on) {
            el.observatoryNarrow = true;
            el.on("plotly_afterplot", () => window.innerWidth < STACKED &&
              el.clientWidth < NARROW && settle(el, react));
            // this first draw's afterplot has already fired: a legend taller than guessed
            // (seven rows in a 360 px Spanish embed) would otherwise climb under the mode bar
            settle(el, react);
          }
          return g;
        });
      };
    });
    Plotly.observatoryNarrow = true;
  }

  if (window.Plotly) {
    wrapPlotly(window.Plotly);
  } else {
    document.addEventListener("DOMContentLoaded", () => wrapPlotly(window.Plotly));
  }
})();
