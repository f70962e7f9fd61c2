/* /map in the browser: the year slider, its play button and clicks on cities.
 *
 * Moving through the years is pure display, so it never asks the server: the server sends every
 * marker of every year once, compactly (`browser_map` in components/figures/geo.py), and `draw`
 * builds the traces of the chosen year from it. Only when the slider stops (released, paused, or
 * the end reached) does the year go into the URL, and the server then updates the member list and
 * the overview once. The cities' hover texts (country, memberships, latest value) come apart, once
 * the pointer or the keyboard nears the map (`detailsWanted`): until then a city's hover shows
 * its name.
 *
 * `mapAt` mirrors membership_map() in components/figures/geo.py: keep the two in step. One
 * difference: when more cities are on screen than plotly.js draws quickly (`groups.over` of
 * `browser_map`), nearby ones are drawn as one grey square per screen cell that says how many
 * cities it holds (`groupCities`); zooming in (or a click on a square) splits them into cities.
 */
(function () {
  "use strict";

  const CITY_ID = 0;  // customdata column of the city id, as CUSTOM in components/figures/geo.py
  const READY_WAIT = 5000;  // ms: the rest of the page never waits longer for the map
  const LABEL_FONT = 12, LABEL_LIMIT = 40, PLOT_MARGIN = 170, NARROW = 640, LEGEND_ROW = 20;
  const NAME_ONLY = "<b>%{customdata[1]}</b><extra></extra>";  // the hover until the texts come
  const NEAR = ["pointerenter", "pointerdown", "focusin"];  // what asks for the hover texts

  function placeLabels(cands, lonRange, latRange, width, height) {
    const [lon0, lon1] = lonRange, [lat0, lat1] = latRange;
    const scale = Math.min(width / (lon1 - lon0), height / ((lat1 - lat0) * 1.25));
    cands.sort((a, b) => b.base - a.base || a.index - b.index);
    const placed = [], chosen = new Set();
    for (const c of cands) {
      if (chosen.size === LABEL_LIMIT) break;
      if (c.lon < lon0 || c.lon > lon1 || c.lat < lat0 || c.lat > lat1) continue;
      const x = (c.lon - lon0) * scale;
      const y = (lat1 - c.lat) * scale * 1.25 - c.size / 2 - LABEL_FONT * 0.75;
      const half = c.name.length * LABEL_FONT * 0.3 + 3;
      const box = [x - half, y - LABEL_FONT * 0.7, x + half, y + LABEL_FONT * 0.7];
      if (placed.some(b => box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3])) continue;
      placed.push(box);
      chosen.add(c.index);
    }
    return chosen;
  }

  function graphWidth(id) {
    const graph = document.getElementById(id);
    return graph && graph.clientWidth ? graph.clientWidth : 1000;
  }

  /* What each chart last drew: the slider reports its drag value and then its value for the same
   * year, and redrawing the same year costs the map as much as its first draw. */
  const lastDrawn = {map: null, chart: null};
  const again = (what, key) => {
    const last = lastDrawn[what];
    lastDrawn[what] = key;
    return Boolean(last) && Object.keys(key).every(k => last[k] === key[k]);
  };

  /* Each city's customdata, in the order of CUSTOM in components/figures/geo.py, built when a
   * marker first shows the city (most cities are in a group at first) and kept for its table of
   * cities and hover texts (`details`, when they have come): shared by all its markers and
   * years. */
  let customFor = {cities: null, details: null, rows: null};
  function customOf(cities, details) {
    if (customFor.cities !== cities || customFor.details !== details) {
      customFor = {cities: cities, details: details, rows: new Array(cities.id.length)};
    }
    const rows = customFor.rows, ids = idsOf(cities);
    const text = (column, c) => (details ? details[column][c] : "");
    return c => rows[c] || (rows[c] = [ids[c], cities.name[c], text("country", c),
                                       text("memberships", c), text("value", c)]);
  }

  /* The part of the world on screen: the figure's view, or where the user zoomed to (`view`:
   * centre and scale, from plotly's relayout events). Close enough to decide what to group. */
  function onScreen(geo, view) {
    const [lon0, lon1] = geo.lonaxis.range, [lat0, lat1] = geo.lataxis.range;
    const scale = view.scale || 1;
    const lon = view.lon === undefined ? (lon0 + lon1) / 2 : view.lon;
    const lat = view.lat === undefined ? (lat0 + lat1) / 2 : view.lat;
    const halfLon = (lon1 - lon0) / 2 / scale, halfLat = (lat1 - lat0) / 2 / scale;
    return (x, y) =>
      Math.abs(((x - lon + 540) % 360) - 180) <= halfLon && Math.abs(y - lat) <= halfLat;
  }

  /* A screen cell's number among those of one size: cells at least FINEST degrees a side make
   * fewer than 2^22 rows, so no two cells share a number (smaller ones: every city alone). */
  const CELLS = 4194304, FINEST = 1e-4;

  /* Whether each shown city is drawn as itself, and the groups of the others, when more than
   * `groups.over` cities show: a group stands for the cities of one screen cell (`groups.cell`
   * pixels a side). Cities on screen are grouped only while more than `over` of them are on
   * screen (so zooming in splits them), those off screen always (they are not seen, and panning
   * to them draws again). Returns null when every city is drawn as itself; else `single` (1: a
   * city drawn as itself) and the groups in order of their first city: their place (the mean of
   * their cities'), how many cities each holds, and how many of those are in each trace
   * (`per`, trace by trace). */
  function groupCities(data, rings, width, height, view) {
    const opts = data.groups, cities = data.cities, geo = data.figure.layout.geo;
    if (!opts) return null;
    const n = rings.count.length, lons = cities.lon, lats = cities.lat;
    let many = 0;
    for (let c = 0; c < n; c++) if (rings.count[c]) many++;
    if (many <= opts.over) return null;
    const shown = new Int32Array(many), isWithin = new Uint8Array(n);
    for (let c = 0, k = 0; c < n; c++) if (rings.count[c]) shown[k++] = c;
    const seen = onScreen(geo, view);
    let within = 0;
    for (let k = 0; k < many; k++) {
      const c = shown[k];
      if (seen(lons[c], lats[c])) { isWithin[c] = 1; within++; }
    }
    const [lon0, lon1] = geo.lonaxis.range, [lat0, lat1] = geo.lataxis.range;
    const perDegree = Math.min(width / (lon1 - lon0), height / ((lat1 - lat0) * 1.25));  // px
    const coarse = opts.cell / perDegree;  // degrees: a cell's side when not zoomed in
    const fine = within > opts.over ? coarse / (view.scale || 1) : 0;  // 0: one by one
    const coarseCells = new Map(), fineCells = fine === coarse ? coarseCells : new Map();
    const groupOf = new Int32Array(n).fill(-1), single = new Uint8Array(n);
    const count = [], sumLon = [], sumLat = [];
    for (let k = 0; k < many; k++) {
      const c = shown[k], size = isWithin[c] ? fine : coarse;
      if (size < FINEST) { single[c] = 1; continue; }
      const cells = size === coarse ? coarseCells : fineCells;
      const key = Math.floor(lons[c] / size) * CELLS + Math.floor(lats[c] / size);
      let g = cells.get(key);
      if (g === undefined) {
        g = count.length;
        cells.set(key, g);
        count.push(0); sumLon.push(0); sumLat.push(0);
      }
      groupOf[c] = g;
      count[g] += 1; sumLon[g] += lons[c]; sumLat[g] += lats[c];
    }
    const traces = data.layers.length, per = new Int32Array(count.length * traces);
    for (let k = 0; k < many; k++) {
      const c = shown[k], g = groupOf[c];
      if (g < 0) continue;
      if (count[g] === 1) { single[c] = 1; continue; }
      for (let r = rings.start[c]; r < rings.start[c + 1]; r++) {
        per[g * traces + rings.list[r]] += 1;
      }
    }
    const groups = [];
    count.forEach((size, g) => {
      if (size > 1) {
        groups.push({size: size, lon: sumLon[g] / size, lat: sumLat[g] / size,
                     per: per.subarray(g * traces, (g + 1) * traces)});
      }
    });
    return {single: single, groups: groups};
  }

  /* The groups' trace: a grey square each, sized by its count (at most its cell), whose hover
   * says how many cities it holds and how many of them are in each trace's network (or colour
   * class). */
  function groupTrace(data, grouped, names) {
    const look = data.groups.look, cell = data.groups.cell;
    const lang = document.documentElement.lang || "en";
    // Counts are small and repeat: each is written once. Below 1,000 the page's languages write
    // a count's digits alone; a number format takes longer to make than the rest of the map.
    let format = null;
    const written = [];
    const number = k => written[k] || (written[k] = k < 1000 ? String(k)
      : (format = format || new Intl.NumberFormat(lang)).format(k));
    const custom = grouped.groups.map(g => {
      const lines = [];
      names.forEach((name, li) => { if (g.per[li]) lines.push(name + ": " + number(g.per[li])); });
      const count = look.meta.cities.replace("{n}", number(g.size));
      return ["", count, lines.join("<br>"), g.lon, g.lat];
    });
    return Object.assign({}, look, {
      lon: grouped.groups.map(g => g.lon),
      lat: grouped.groups.map(g => g.lat),
      customdata: custom,
      marker: Object.assign({}, look.marker, {
        size: grouped.groups.map(g => Math.max(4, Math.min(cell, 2.5 + 1.2 * Math.sqrt(g.size)))),
      }),
    });
  }

  /* Markers (or periods) as `_runs` in components/figures/geo.py sends them, read once per map
   * data: each one's city, in runs of one start year (`years`, null: unknown; `from`: where each
   * run begins), each one's end (Infinity: none), and `order`, where they are in city order (a
   * city's in the order sent, as the server draws them; cities below 0 or from `n` left out). */
  function unrun(runs, n) {
    const m = runs.city.length, steps = runs.city, city = new Int32Array(m);
    const from = new Int32Array(runs.years.length + 1), next = new Int32Array(n + 1);
    let i = 0;
    for (let k = 0; k < runs.years.length; k++) {
      from[k] = i;
      for (let j = 0, c = 0; j < runs.count[k]; j++, i++) {
        c = j ? c + steps[i] : steps[i];
        city[i] = c;
        if (c >= 0 && c < n) next[c + 1] += 1;
      }
    }
    from[runs.years.length] = i;
    for (let c = 0; c < n; c++) next[c + 1] += next[c];  // a counting sort: each city's first
    const order = new Int32Array(next[n]);
    for (let k = 0; k < m; k++) if (city[k] >= 0 && city[k] < n) order[next[city[k]]++] = k;
    const end = new Float64Array(m).fill(Infinity);
    runs.ended.forEach((at, k) => { end[at] = runs.end[k]; });
    return {city: city, years: runs.years, from: from, end: end, order: order,
            coloured: runs.coloured};
  }

  /* Whether each marker of `runs` (as `unrun` reads them) shows in `year`, of those of cities
   * `on` (1; all when null): the runs of later years are not looked at. */
  function shownAt(runs, year, on) {
    const shown = new Uint8Array(runs.city.length);
    for (let k = 0; k < runs.years.length; k++) {
      const from = runs.years[k];
      if (from === null || from > year) continue;
      for (let i = runs.from[k]; i < runs.from[k + 1]; i++) {
        if (runs.end[i] > year && (!on || on[runs.city[i]] === 1)) shown[i] = 1;
      }
    }
    return shown;
  }

  /* The cities' ids, from how many leading characters each shares with the one before it and
   * the rest (`_front_coded` in components/figures/geo.py); once per table of cities. */
  const idsFor = new WeakMap();
  function idsOf(cities) {
    if (!idsFor.has(cities)) {
      const rest = cities.id, shared = cities.shared, ids = new Array(rest.length);
      for (let c = 0; c < rest.length; c++) {
        ids[c] = c && shared && shared[c] ? ids[c - 1].slice(0, shared[c]) + rest[c] : rest[c];
      }
      idsFor.set(cities, ids);
    }
    return idsFor.get(cities);
  }

  /* Each map data's markers and periods read back once, not at each year drawn. */
  const unrunFor = new WeakMap();
  function markersOf(data) {
    if (!unrunFor.has(data)) {
      const n = data.cities.id.length;
      unrunFor.set(data, {layers: data.layers.map(l => unrun(l, n)),
                          periods: unrun(data.periods, n)});
    }
    return unrunFor.get(data);
  }

  /* Each city's traces shown in `year`, outermost first: those of city c are
   * list[start[c]] .. list[start[c + 1] - 1], `count[c]` of them; `shown`, whether each marker
   * of each trace shows (`shownAt`). */
  function ringsAt(layers, periods, n, year) {
    const on = new Uint8Array(n), selected = shownAt(periods, year, null);
    for (let i = 0; i < selected.length; i++) {
      const c = periods.city[i];
      if (selected[i] && c >= 0 && c < n) on[c] = 1;  // (a period of a city not on the map: none)
    }
    const count = new Int32Array(n), shown = layers.map(l => shownAt(l, year, on));
    layers.forEach((l, li) => {
      const s = shown[li];
      for (let i = 0; i < s.length; i++) if (s[i]) count[l.city[i]] += 1;
    });
    const start = new Int32Array(n + 1);
    for (let c = 0; c < n; c++) start[c + 1] = start[c] + count[c];
    const list = new Int32Array(start[n]), filled = start.slice(0, n);
    layers.forEach((l, li) => {
      const s = shown[li];
      for (let i = 0; i < s.length; i++) if (s[i]) list[filled[l.city[i]]++] = li;
    });
    return {count: count, start: start, list: list, shown: shown};
  }

  /* The figure of `year` from the compact markers of every year (`browser_map` in
   * components/figures/geo.py, whose membership_map draws one year the same way). */
  function mapAt(data, year, allDetails, view) {
    const fig = data.figure, cities = data.cities;
    const details = allDetails && allDetails.key === data.key ? allDetails : null;
    if (!data.layers || !data.layers.length || !fig.layout.geo) return fig;
    const {layers, periods} = markersOf(data);
    const ring = fig.layout.meta.ring;
    const n = cities.id.length;
    const rings = ringsAt(layers, periods, n, year);
    const width = graphWidth(data.graph);
    const shrink = Math.min(1, Math.max(0.5, width / 900));  // a phone shows the same world smaller
    const grouped = groupCities(data, rings, width, fig.layout.height - PLOT_MARGIN, view || {});
    const alone = c => !grouped || grouped.single[c] === 1;  // drawn as itself, not in a group
    const custom = customOf(cities, details);
    const half = shrink * ring / 2;  // a ring's width, drawn as a marker's edge
    const rank = new Int32Array(n);
    const traces = layers.map((l, li) => {
      const t = fig.data[li], own = t.marker.color;
      const shown = [], size = [], fill = [], edge = [], edgeWidth = [];
      const on = rings.shown[li], order = l.order;
      for (let k = 0; k < order.length; k++) {
        const i = order[k], c = l.city[i];
        if (!on[i] || !alone(c)) continue;
        if (!data.rings) {  // coloured by an indicator: one dot per city
          shown.push(c);
          size.push(shrink * cities.base[c]);
          continue;
        }
        const r = rank[c]++;
        if (r % 2) continue;  // drawn as the fill of the marker of the ring outside it
        const last = r + 1 === rings.count[c], inside = rings.list[rings.start[c] + r + 1];
        const s = shrink * (cities.base[c] + ring * (rings.count[c] - 1 - r));
        shown.push(c);
        size.push(last ? s : s - half);
        fill.push(last ? own : fig.data[inside].marker.color);
        edge.push(last ? t.marker.line.color : own);
        edgeWidth.push(last ? t.marker.line.width : half);
      }
      const marker = Object.assign({}, t.marker, {size: size});
      if (l.coloured) marker.color = shown.map(c => cities.colour[c]);
      if (data.rings) {
        marker.color = fill;
        marker.line = {color: edge, width: edgeWidth};
      }
      return Object.assign({}, t, details ? {} : {hovertemplate: NAME_ONLY}, {
        lon: shown.map(c => cities.lon[c]),
        lat: shown.map(c => cities.lat[c]),
        customdata: shown.map(custom),
        marker: marker,
      });
    });
    const cands = [];
    for (let c = 0; c < n; c++) {
      if (rings.count[c] && alone(c)) {
        cands.push({index: c, name: cities.name[c], lon: cities.lon[c], lat: cities.lat[c],
                    base: cities.base[c], size: shrink * cities.base[c]});
      }
    }
    const geo = fig.layout.geo;
    const named = Array.from(placeLabels(cands, geo.lonaxis.range, geo.lataxis.range, width,
                                         fig.layout.height - PLOT_MARGIN));
    const labels = fig.data[layers.length];  // after the rings: the names' own trace
    traces.push(Object.assign({}, labels, {
      lon: named.map(c => cities.lon[c]),
      lat: named.map(c => cities.lat[c]),
      text: named.map(c => cities.name[c]),
      marker: Object.assign({}, labels.marker, {size: named.map(c => shrink * cities.base[c])}),
    }), ...fig.data.slice(layers.length + 1));  // then the legend's keys, if any
    if (grouped && grouped.groups.length) {
      traces.push(groupTrace(data, grouped, layers.map((l, li) => fig.data[li].name)));
    }
    const annotations = (fig.layout.annotations || []).map(
      a => a.name === "year" ? Object.assign({}, a, {text: String(year)}) : a);
    const layout = Object.assign({}, fig.layout, {annotations: annotations}, narrow(fig, width));
    if (view && view.scale !== undefined) {  // zoomed (or a group clicked): the figure says where
      const projection = Object.assign({}, fig.layout.geo.projection, {scale: view.scale});
      if (view.rotation !== undefined) projection.rotation = {lon: view.rotation};
      layout.geo = Object.assign({}, fig.layout.geo, {
        center: {lon: view.lon, lat: view.lat}, projection: projection});
    }
    mapView.grouped = Boolean(grouped);
    return {data: traces, layout: layout};
  }

  /* On a phone the world is a strip: the figure shrinks to the map's height and the legend,
   * one network per line, goes above the map instead of covering it. */
  function narrow(fig, width) {
    if (width >= NARROW) return {};
    const entries = fig.data.filter(t => t.showlegend !== false).length;
    const margin = Object.assign({}, fig.layout.margin);
    margin.t = 80 + LEGEND_ROW * entries;  // the title goes below the mode bar
    return {
      margin: margin,
      height: Math.round(width * 0.55) + margin.t + margin.b,
      title: Object.assign({}, fig.layout.title, {
        font: {size: 16}, subtitle: {text: ""}, yref: "container", y: 1, yanchor: "top",
        pad: {t: 36}}),
      legend: Object.assign({}, fig.layout.legend, {
        x: 0, y: 1, yanchor: "bottom", bgcolor: "rgba(0,0,0,0)", font: {size: 12}}),
    };
  }

  function chartAt(fig, year) {
    const shapes = (fig.layout.shapes || []).map(
      s => s.name === "year" ? Object.assign({}, s, {x0: year, x1: year}) : s);
    return {data: fig.data, layout: Object.assign({}, fig.layout, {shapes: shapes})};
  }

  function yearOf(search, last) {
    const found = (search || "").replace(/^\?/, "").split("&").find(p => p.startsWith("year="));
    const year = found ? parseInt(found.slice(5), 10) : NaN;
    return Number.isNaN(year) ? last : year;
  }

  /* The query string with `year` set (left out for the last year, the default), placed after the
   * view's own parameters and before display ones, as data/state.py writes it. */
  function withYear(search, year, last, display) {
    const parts = (search || "").replace(/^\?/, "").split("&").filter(p => p && !p.startsWith("year="));
    const own = parts.filter(p => !display.includes(p.split("=")[0]));
    const shown = parts.filter(p => display.includes(p.split("=")[0]));
    if (year !== last) own.push("year=" + year);
    const all = own.concat(shown);
    return all.length ? "?" + all.join("&") : "";
  }

  /* Dash's slider renders its thumb and number box without accessible names: give them the
   * label the page shows next to the slider. */
  function nameSlider(sliderId, label) {
    const box = document.getElementById(sliderId);
    if (!box) return;
    box.querySelectorAll('[role="slider"], input').forEach(el => {
      if (el.getAttribute("aria-label") !== label) el.setAttribute("aria-label", label);
    });
  }

  const triggered = () => {
    const ctx = window.dash_clientside.callback_context;
    return ctx.triggered.length ? ctx.triggered[0].prop_id : "";
  };

  /* The countries' outline, put where plotly.js looks before fetching it: the page preloads
   * the file, and reading it starts as this script runs (`read`), so the map draws in one go
   * when its data comes instead of waiting for the file behind other work. Returns a promise
   * while it loads, or null (plotly.js fetches it itself if this failed). */
  function outline(fig, base) {
    const geo = fig.layout.geo;
    if (!geo) return null;
    const name = (geo.scope || "world").replace(/ /g, "-") + "_" + (geo.resolution || 110) + "m";
    return read(name, base + name + ".json");
  }

  const reading = {};  // file name: its promise, once asked for
  function read(name, url) {
    const assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};
    if (assets.topojson[name]) return null;
    reading[name] = reading[name] || fetch(url)
      .then(r => r.ok ? r.json() : null)
      .then(topojson => { if (topojson) assets.topojson[name] = topojson; })
      .catch(() => null);
    return reading[name];
  }
  document.querySelectorAll('link[rel="preload"][href$=".json"]').forEach(link => {
    const url = link.getAttribute("href");
    if (url.includes("/topojson/")) read(url.split("/").pop().slice(0, -".json".length), url);
  });

  /* Where the map is zoomed to (`onScreen`; the figure says so too, else redrawing it would
   * undo the zoom), a new object at each change; `grouped`: whether the last map drawn grouped
   * cities (else zooming changes nothing drawn and the map is not drawn again). */
  let mapView = {grouped: false};

  /* The view after a zoom or pan (plotly's relayout event), or null if the event was not one. */
  function zoomed(relayout, fig) {
    if (!relayout) return null;
    const at = k => relayout["geo." + k];
    const keys = ["projection.scale", "center.lon", "center.lat", "projection.rotation.lon"];
    if (keys.every(k => at(k) === undefined)) return null;
    const pick = (value, before) => (value === undefined ? before : value);
    const [lon0, lon1] = fig.layout.geo.lonaxis.range, [lat0, lat1] = fig.layout.geo.lataxis.range;
    return Object.assign({}, mapView, {
      scale: pick(at("projection.scale"), pick(mapView.scale, 1)),
      rotation: pick(at("projection.rotation.lon"), mapView.rotation),
      lon: pick(at("center.lon"), pick(mapView.lon, (lon0 + lon1) / 2)),
      lat: pick(at("center.lat"), pick(mapView.lat, (lat0 + lat1) / 2)),
      revision: fig.layout.uirevision,
    });
  }

  /* Whether the map has been pointed at on this page, and the latest query of its data. */
  const nearMap = {done: false, graph: null, waiting: null, key: null, details: null};

  const yearShown = (value, dragValue) =>
    triggered().endsWith(".drag_value") && dragValue != null ? dragValue : value;

  /* The member list's city column: a link to the city's page (the CSV export keeps the name). */
  window.dashAgGridComponentFunctions = Object.assign({}, window.dashAgGridComponentFunctions, {
    CityLink: function (props) {
      if (!props.data) return props.value;
      return window.React.createElement(
        "a", {href: "/city/" + encodeURIComponent(props.data.city_id)}, props.value);
    },
  });

  /* The member list's own CSV export (the grid writes it in the browser) writes a cell that a
     spreadsheet would run as a formula as text, with a leading apostrophe, as every CSV of the
     server does: data/safe_csv.py has the rule and why (keep the two in step). */
  const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  window.dashAgGridFunctions = Object.assign({}, window.dashAgGridFunctions, {
    spreadsheetText: function (params) {
      const value = params.value;
      if (typeof value !== "string" || !/^[=+\-@\t\r]/.test(value) || NUMBER.test(value)) {
        return value;
      }
      return "'" + value;
    },
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    observatoryMap: {
      draw: function (value, dragValue, mapData, relayout, config) {
        if (config) nameSlider(config.slider, config.year);
        if (!mapData) return window.dash_clientside.no_update;
        const revision = mapData.figure.layout.uirevision;
        if (mapView.revision !== undefined && mapView.revision !== revision) {
          mapView = {grouped: false};  // another region: plotly starts from the figure's view
        }
        if (triggered().endsWith(".relayoutData")) {
          const view = zoomed(relayout, mapData.figure);
          if (!view || !mapView.grouped) return window.dash_clientside.no_update;
          mapView = view;
        }
        const year = yearShown(value, dragValue);
        const details = nearMap.details;
        const view = mapView;
        const key = {data: mapData, year: year, width: graphWidth(mapData.graph), details: details,
                     view: view};
        if (again("map", key)) return window.dash_clientside.no_update;
        const loading = outline(mapData.figure, config.outline);
        const at = () => mapAt(mapData, year, details, view);
        return loading ? loading.then(at) : at();
      },

      /* The map again, with the hover texts that have just come. (Not an input of `draw`: the
       * renderer would hold the first map back until they came, and they wait for the map.) */
      withDetails: function (details, mapData) {
        nearMap.details = details;
        const last = lastDrawn.map;
        if (!mapData || !last || last.data !== mapData || !details || details.key !== mapData.key) {
          return window.dash_clientside.no_update;
        }
        lastDrawn.map = Object.assign({}, last, {details: details});
        return mapAt(mapData, last.year, details, last.view);
      },

      /* The query of the map's data (`key`), once the map is on screen and the pointer, a touch
       * or the keyboard has come to it: the server then sends the cities' hover texts. */
      detailsWanted: function (ready, key, config) {
        nearMap.key = key;
        if (!ready || !key) return window.dash_clientside.no_update;
        const graph = document.getElementById(config.graph);
        if (nearMap.done || !graph) return key;
        if (nearMap.graph !== graph) {
          nearMap.graph = graph;
          nearMap.waiting = new Promise(resolve => {
            const near = () => {
              nearMap.done = true;
              NEAR.forEach(e => graph.removeEventListener(e, near));
              resolve(nearMap.key);
            };
            NEAR.forEach(e => graph.addEventListener(e, near, {passive: true}));
          });
        }
        return nearMap.waiting;
      },

      /* The chart below the map waits until the map is on screen (`ready`): the map comes first. */
      drawChart: function (value, dragValue, chartData, ready) {
        if (!chartData || !ready) return window.dash_clientside.no_update;
        const year = yearShown(value, dragValue);
        if (again("chart", {data: chartData, year: year})) return window.dash_clientside.no_update;
        return chartAt(chartData, year);
      },

      /* Resolves once the page's first map has drawn (after one more frame, so that it is painted
       * before anything else is drawn); never changes again on this page. */
      drawn: function (mapData, ready, config) {
        if (ready) return window.dash_clientside.no_update;
        const started = performance.now();
        const isMap = Boolean(mapData && mapData.figure.layout.geo);  // else a "no cities" notice
        return new Promise(resolve => {
          (function check() {
            const plot = document.querySelector("#" + config.graph + " .js-plotly-plot");
            const full = plot && plot._fullLayout;
            const done = full && (isMap ? plot.querySelector(".geo path") : plot._fullData);
            if (done || performance.now() - started > READY_WAIT) {
              requestAnimationFrame(() => resolve(true));
            } else {
              requestAnimationFrame(check);
            }
          })();
        });
      },

      /* Resolves once the map is on screen and the member list comes within a screen of the
       * view: the list and its grid library (600 KB) load only for those who scroll to it. */
      listWanted: function (ready, wanted, config) {
        if (wanted || !ready) return window.dash_clientside.no_update;
        const list = document.getElementById(config.list);
        if (!list || !("IntersectionObserver" in window)) return true;
        return new Promise(resolve => {
          const watch = new IntersectionObserver(entries => {
            if (entries.some(e => e.isIntersecting)) {
              watch.disconnect();
              resolve(true);
            }
          }, {rootMargin: "100% 0px"});
          watch.observe(list);
        });
      },

      /* Play, pause, one step per tick, a click on the members-per-year chart, or the URL
       * (back/forward) move the slider. Returns [slider value, interval disabled, button text]. */
      play: function (_clicks, _ticks, chartClick, search, value, first, last, stopped, config) {
        const noUpdate = window.dash_clientside.no_update;
        const what = triggered();
        const paused = [noUpdate, true, config.play];
        if (what.endsWith(".n_clicks")) {
          if (!stopped) return paused;
          return [value >= last ? first : value, false, config.pause];
        }
        if (what.endsWith(".n_intervals")) {
          if (stopped) return [noUpdate, noUpdate, noUpdate];
          const next = Math.min(value + 1, last);
          return next >= last ? [last, true, config.play] : [next, noUpdate, noUpdate];
        }
        if (what.endsWith(".clickData")) {
          const year = chartClick && chartClick.points.length ? chartClick.points[0].x : null;
          return year === null ? [noUpdate, noUpdate, noUpdate] : [year, true, config.play];
        }
        const wanted = Math.min(Math.max(yearOf(search, last), first), last);
        return [wanted === value ? noUpdate : wanted, stopped ? noUpdate : true,
                stopped ? noUpdate : config.play];
      },

      /* The year goes into the URL only while the slider is at rest. */
      commit: function (value, stopped, search, last, config) {
        const noUpdate = window.dash_clientside.no_update;
        if (!stopped || value === null || value === undefined) return noUpdate;
        const next = withYear(search, value, last, config.display);
        return next === (search || "") ? noUpdate : next;
      },

      /* A click on a city opens its page, in the app (no reload; back returns to the map); a
       * click on a group of cities (no city id) zooms in on it. */
      open: function (clickData, config) {
        const point = clickData && clickData.points && clickData.points[0];
        if (!point || !point.customdata) return window.dash_clientside.no_update;
        if (!point.customdata[CITY_ID]) {
          const last = lastDrawn.map;
          if (!last) return window.dash_clientside.no_update;
          mapView = Object.assign({}, mapView, {
            lon: point.customdata[3], lat: point.customdata[4], rotation: point.customdata[3],
            scale: Math.min(64, (mapView.scale || 1) * 4),
            revision: last.data.figure.layout.uirevision,
          });
          lastDrawn.map = Object.assign({}, last, {view: mapView});
          return mapAt(last.data, last.year, last.details, mapView);
        }
        window.history.pushState({}, "", config.city + encodeURIComponent(point.customdata[CITY_ID]));
        window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
        window.scrollTo(0, 0);
        return window.dash_clientside.no_update;
      },
    },
  });
})();
