// Draws the report's charts and map as SVG from the JSON embedded in the page.
// Written for this project: no library, no network. Any error is recorded on <body>
// (data-errors) so a headless browser test can fail on it; data-drawn counts what drew.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var errors = [];
  window.addEventListener("error", function (e) {
    errors.push(e.message || ("failed to load " + (e.target && (e.target.src || e.target.href))));
    document.body.setAttribute("data-errors", errors.join(" | "));
  }, true);

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(parent, x, y, s, anchor) {
    var t = el("text", {x: x, y: y, "text-anchor": anchor || "start"}, parent);
    t.textContent = s;
    return t;
  }
  function svg(id, width, height) {
    var holder = document.getElementById(id);
    var root = el("svg", {viewBox: "0 0 " + width + " " + height, width: "100%", role: "img"});
    holder.appendChild(root);
    return root;
  }
  function legend(id, colors) {
    var box = document.getElementById(id);
    Object.keys(colors).forEach(function (name) {
      var item = document.createElement("span");
      var swatch = document.createElement("i");
      swatch.style.background = colors[name];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(name));
      box.appendChild(item);
    });
  }

  // Stacked bars: one per month, one colour per event type.
  function timeline(data, colors) {
    var months = data.months, W = 900, H = 260, left = 40, bottom = 40, top = 10;
    var root = svg("timeline", W, H);
    var max = Math.max.apply(null, months.map(function (m) { return m.total; }).concat([1]));
    var bw = (W - left - 10) / Math.max(months.length, 1);
    months.forEach(function (m, i) {
      var y = H - bottom;
      Object.keys(m.by_type).forEach(function (type) {
        var h = (H - bottom - top) * m.by_type[type] / max;
        y -= h;
        var r = el("rect", {x: left + i * bw + 1, y: y, width: Math.max(bw - 2, 1), height: h, fill: colors[type],
                            "class": "bar"}, root);
        el("title", {}, r).textContent = m.month + ": " + m.by_type[type] + " " + type;
      });
      // At most 12 labels: a month label is about 50 px wide, the axis about 850.
      if (months.length <= 12 || i % Math.ceil(months.length / 12) === 0) {
        text(root, left + i * bw + bw / 2, H - bottom + 14, m.month, "middle");
      }
    });
    text(root, left - 6, top + 10, String(max), "end");
    text(root, left - 6, H - bottom, "0", "end");
    el("line", {x1: left, y1: H - bottom, x2: W - 10, y2: H - bottom, stroke: "#999"}, root);
  }

  // Horizontal bars for a list of [label, value].
  function bars(id, rows, color) {
    var W = 900, row = 22, left = 260, H = Math.max(rows.length, 1) * row + 10;
    var root = svg(id, W, H);
    var max = Math.max.apply(null, rows.map(function (r) { return r[1]; }).concat([1]));
    rows.forEach(function (r, i) {
      var w = (W - left - 60) * r[1] / max;
      el("rect", {x: left, y: i * row + 4, width: Math.max(w, 1), height: row - 6, fill: color, "class": "bar"}, root);
      text(root, left - 6, i * row + row - 6, r[0].length > 40 ? r[0].slice(0, 39) + "…" : r[0], "end");
      text(root, left + w + 4, i * row + row - 6, String(r[1]));
    });
  }

  // Events on an equirectangular map fitted to their extent: the circle's size is the
  // uncertainty of the place (geo_precision 1 town, 2 district or near a town, 3 province or country).
  function map(points, colors) {
    var W = 900, H = 450, pad = 20;
    var root = svg("map", W, H);
    el("rect", {x: 0, y: 0, width: W, height: H, fill: "#eef3f7"}, root);
    var lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return p.lat; });
    var x0 = Math.min.apply(null, lons.concat([180])) - 2, x1 = Math.max.apply(null, lons.concat([-180])) + 2;
    var y0 = Math.min.apply(null, lats.concat([90])) - 2, y1 = Math.max.apply(null, lats.concat([-90])) + 2;
    if (!points.length) { x0 = -180; x1 = 180; y0 = -90; y1 = 90; }
    var scale = Math.min((W - 2 * pad) / (x1 - x0), (H - 2 * pad) / (y1 - y0));
    // Centre the extent in the frame: the scale is the same on both axes, so one side has room left.
    var dx = (W - 2 * pad - (x1 - x0) * scale) / 2, dy = (H - 2 * pad - (y1 - y0) * scale) / 2;
    function px(lon) { return pad + dx + (lon - x0) * scale; }
    function py(lat) { return H - pad - dy - (lat - y0) * scale; }
    var step = (x1 - x0) > 60 ? 30 : (x1 - x0) > 20 ? 10 : 5;
    for (var g = Math.ceil(x0 / step) * step; g <= x1; g += step) {
      el("line", {x1: px(g), y1: py(y0), x2: px(g), y2: py(y1), stroke: "#cdd8e0"}, root);
      text(root, px(g) + 2, H - 4, g + "°");
    }
    for (var h = Math.ceil(y0 / step) * step; h <= y1; h += step) {
      el("line", {x1: px(x0), y1: py(h), x2: px(x1), y2: py(h), stroke: "#cdd8e0"}, root);
      text(root, 2, py(h) - 2, h + "°");
    }
    var radius = {1: 4, 2: 8, 3: 14};
    points.forEach(function (p) {
      var c = el("circle", {cx: px(p.lon), cy: py(p.lat), r: radius[p.precision] || 14, fill: colors[p.type],
                            "fill-opacity": p.precision === 1 ? 0.9 : 0.35, stroke: "#333", "stroke-width": 0.5,
                            "class": "point"}, root);
      el("title", {}, c).textContent = p.label;
    });
  }

  try {
    var data = JSON.parse(document.getElementById("report-data").textContent);
    legend("timeline-legend", data.colors);
    legend("map-legend", data.colors);
    timeline(data, data.colors);
    bars("fatalities", data.fatalities_by_country, "#b2182b");
    bars("actors", data.top_actors, "#2166ac");
    map(data.points, data.colors);
    document.body.setAttribute("data-drawn", String(document.querySelectorAll("#timeline svg, #fatalities svg, " +
      "#actors svg, #map svg").length));
  } catch (e) {
    errors.push(String(e));
    document.body.setAttribute("data-errors", errors.join(" | "));
    throw e;
  }
}());
