/**
 * The performance page: plain HTML and inline script, no external assets (it must work offline).
 * Each chart is an SVG whose data-points attribute counts the marks it drew.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>Mesa de Partes · rendimiento</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2330; }
  header { background: #1d3557; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  main { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; padding: 16px; }
  section { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 15px; margin: 0 0 8px; }
  .empty { fill: #888; font-style: italic; }
  #status { font-weight: 600; }
  .healthy { color: #2a9d8f; } .degraded { color: #e9c46a; } .unhealthy { color: #e63946; }
  svg text { font-size: 11px; }
</style>
</head>
<body>
<header><h1>Mesa de Partes · rendimiento</h1><span>Estado: <span id="status">…</span></span><span id="source"></span></header>
<main>
  <section><h2>Latencia por ruta (p50 / p95, ms, últimos 15 min)</h2><svg id="latency" data-chart="latency" data-points="0" width="100%" height="300"></svg></section>
  <section><h2>Aciertos de caché por espacio de nombres (%)</h2><svg id="cache" data-chart="cache" data-points="0" width="100%" height="300"></svg></section>
  <section><h2>Consultas lentas</h2><svg id="slow" data-chart="slow" data-points="0" width="100%" height="300"></svg></section>
  <section><h2>Salud</h2><svg id="health" data-chart="health" data-points="0" width="100%" height="300"></svg></section>
  <section><h2>p95 por ruta, últimos 15 min (ms)</h2><svg id="trend" data-chart="trend" data-points="0" width="100%" height="300"></svg></section>
</main>
<script>
(function () {
  var NS = 'http://www.w3.org/2000/svg';
  var API = 'api/v1/performance/';
  var COLORS = ['#457b9d', '#e76f51', '#2a9d8f', '#e9c46a', '#8d5fd3', '#f4a261', '#264653', '#d62828'];

  function el(name, attrs, text) {
    var n = document.createElementNS(NS, name);
    for (var k in attrs) n.setAttribute(k, attrs[k]);
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function get(path) {
    return fetch(API + path, { headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.json();
    });
  }
  function empty(svg, message) {
    svg.appendChild(el('text', { x: 10, y: 24, 'class': 'empty' }, message));
  }
  /** Horizontal bars: rows of { label, values: [numbers] }, one color per value. */
  function bars(svg, rows, max, unit) {
    var width = svg.getBoundingClientRect().width || 560;
    var labelWidth = 230, barArea = width - labelWidth - 130, rowH = 22, count = 0;
    svg.setAttribute('height', String(Math.max(60, rows.length * rowH + 10)));
    rows.forEach(function (row, i) {
      var y = 5 + i * rowH;
      svg.appendChild(el('text', { x: 0, y: y + 14 }, row.label.length > 36 ? row.label.slice(0, 35) + '…' : row.label));
      var h = (rowH - 6) / row.values.length;
      row.values.forEach(function (v, j) {
        var w = max > 0 ? Math.max(1, (v / max) * barArea) : 1;
        svg.appendChild(el('rect', { 'class': 'point', x: labelWidth, y: y + j * h, width: w, height: h - 1, fill: (row.colors || COLORS)[j % COLORS.length] }));
        count++;
      });
      svg.appendChild(el('text', { x: labelWidth + barArea + 6, y: y + 14 }, row.values.map(function (v) { return Math.round(v * 100) / 100; }).join(' / ') + (unit || '')));
    });
    svg.setAttribute('data-points', String(count));
  }

  function drawLatency(m) {
    var svg = document.getElementById('latency');
    var rows = m.routes.slice(0, 12).map(function (r) { return { label: r.method + ' ' + r.route + ' (' + r.app + ')', values: [r.p50Ms || 0, r.p95Ms || 0] }; });
    if (!rows.length) return empty(svg, 'Sin solicitudes en la ventana');
    bars(svg, rows, Math.max.apply(null, rows.map(function (r) { return r.values[1]; })), ' ms');
  }
  function drawCache(m) {
    var svg = document.getElementById('cache');
    var rows = m.cache.map(function (c) { return { label: c.namespace + ' (' + c.app + ')', values: [100 * (c.hitRate || 0)], colors: [c.hitRate < 0.5 ? '#e63946' : '#2a9d8f'] }; });
    if (!rows.length) return empty(svg, 'Sin lecturas de caché en la ventana');
    bars(svg, rows, 100, ' %');
  }
  function drawSlow(s) {
    var svg = document.getElementById('slow');
    var rows = s.queries.slice(0, 12).map(function (q) {
      return s.source === 'pg_stat_statements'
        ? { label: q.query.replace(/\\s+/g, ' '), values: [q.meanMs] }
        : { label: q.operation + ' (' + q.app + ')', values: [q.slowCount] };
    });
    if (!rows.length) return empty(svg, 'Sin consultas lentas');
    bars(svg, rows, Math.max.apply(null, rows.map(function (r) { return r.values[0]; })), s.source === 'pg_stat_statements' ? ' ms' : '');
  }
  function drawHealth(h) {
    var svg = document.getElementById('health');
    var status = document.getElementById('status');
    status.textContent = h.status;
    status.className = h.status;
    var checks = h.apps.concat(h.dependencies);
    var cols = 3, w = 180, hh = 46, count = 0;
    svg.setAttribute('height', String(Math.ceil(checks.length / cols) * (hh + 8) + 8));
    checks.forEach(function (c, i) {
      var x = (i % cols) * (w + 8), y = Math.floor(i / cols) * (hh + 8);
      svg.appendChild(el('rect', { 'class': 'point', x: x, y: y, width: w, height: hh, rx: 4, fill: c.status === 'up' ? '#2a9d8f' : '#e63946' }));
      svg.appendChild(el('text', { x: x + 8, y: y + 18, fill: '#fff' }, c.name));
      svg.appendChild(el('text', { x: x + 8, y: y + 36, fill: '#fff' }, c.status + (c.responseTimeMs !== null ? ' · ' + c.responseTimeMs + ' ms' : '')));
      count++;
    });
    svg.setAttribute('data-points', String(count));
  }
  function drawTrend(a) {
    var svg = document.getElementById('trend');
    var series = a.routeP95Ms.filter(function (s) { return s.points.length; }).slice(0, 6);
    if (!series.length) return empty(svg, 'Sin datos en los últimos 15 min');
    var width = svg.getBoundingClientRect().width || 560, height = 260, pad = 40, count = 0;
    var t0 = Date.parse(a.from) / 1000, t1 = Date.parse(a.to) / 1000, max = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { if (p[1] > max) max = p[1]; }); });
    max = max || 1;
    svg.appendChild(el('line', { x1: pad, y1: height - pad, x2: width - 10, y2: height - pad, stroke: '#999' }));
    svg.appendChild(el('line', { x1: pad, y1: 10, x2: pad, y2: height - pad, stroke: '#999' }));
    svg.appendChild(el('text', { x: 2, y: 18 }, Math.round(max) + ' ms'));
    series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var xy = s.points.map(function (p) {
        return [pad + ((p[0] - t0) / Math.max(1, t1 - t0)) * (width - pad - 10), height - pad - (p[1] / max) * (height - pad - 10)];
      });
      svg.appendChild(el('polyline', { points: xy.map(function (p) { return p.join(','); }).join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
      xy.forEach(function (p) { svg.appendChild(el('circle', { 'class': 'point', cx: p[0], cy: p[1], r: 3, fill: color })); count++; });
      svg.appendChild(el('text', { x: pad + 4, y: height - 8 - i * 0, fill: color, dx: i * 150 }, (s.method + ' ' + s.route).slice(0, 24)));
    });
    svg.setAttribute('data-points', String(count));
  }
  function fail(id) {
    return function (err) { empty(document.getElementById(id), 'Error: ' + err.message); };
  }

  get('metrics?window=15m').then(function (m) {
    document.getElementById('source').textContent = 'Fuente: ' + m.source;
    drawLatency(m);
    drawCache(m);
  }, function (err) { fail('latency')(err); fail('cache')(err); });
  get('slow-queries?window=1h').then(drawSlow, fail('slow'));
  get('health').then(drawHealth, fail('health'));
  get('analytics?step=15s&from=' + (Math.floor(Date.now() / 1000) - 900)).then(drawTrend, fail('trend'));
})();
</script>
</body>
</html>
`;
