/**
 * The live status page the master serves at `/`: one self-contained HTML document (no external
 * script, style or font), which polls /status.json every second and draws the processes, the
 * Gateways the Register lists and a chart of connections and messages/s. messages/s comes from a
 * row's messagesPerSecond when it has one, else from the change of its cumulative `messages`.
 * (Plain string concatenation in the script: this file is a TypeScript template literal.)
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gatewayworker status</title>
<style>
  :root { --fg: #1d2330; --muted: #6b7385; --line: #e3e6ec; --conn: #2f6fde; --rate: #e0782f; --bad: #c62f2f; --ok: #23884a; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f7f9; }
  header { display: flex; align-items: baseline; gap: 24px; padding: 14px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 17px; margin: 0; }
  header .figure { font-size: 22px; font-weight: 600; }
  header .label { color: var(--muted); font-size: 12px; margin-left: 4px; }
  #updated { margin-left: auto; color: var(--muted); font-size: 12px; }
  #updated.stale { color: var(--bad); }
  main { padding: 16px 20px; display: grid; gap: 16px; grid-template-columns: minmax(0, 3fr) minmax(220px, 1fr); }
  section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; }
  section h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 8px; }
  .wide { grid-column: 1 / -1; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  th, td { text-align: right; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
  th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
  th { font-weight: 600; color: var(--muted); font-size: 12px; }
  td.state { font-weight: 600; }
  td.state.ok { color: var(--ok); }
  td.state.bad { color: var(--bad); }
  canvas { width: 100%; height: 180px; display: block; }
  .legend { display: flex; gap: 16px; font-size: 12px; color: var(--muted); margin-top: 4px; }
  .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
  ul { margin: 0; padding-left: 18px; }
  li { margin: 2px 0; }
  code { font-size: 12px; color: var(--muted); }
  #error { color: var(--bad); }
</style>
</head>
<body>
<header>
  <h1>gatewayworker</h1>
  <div><span class="figure" id="total-connections">-</span><span class="label">connections</span></div>
  <div><span class="figure" id="total-rate">-</span><span class="label">messages/s</span></div>
  <div><span class="figure" id="total-processes">-</span><span class="label">processes</span></div>
  <div id="updated">connecting...</div>
</header>
<main>
  <section>
    <h2>Connections and messages/s (last 2 minutes)</h2>
    <canvas id="chart" width="900" height="180" data-samples="0"></canvas>
    <div class="legend"><span><i style="background:var(--conn)"></i>connections</span><span><i style="background:var(--rate)"></i>messages/s</span></div>
  </section>
  <section>
    <h2>Gateways listed by the Register</h2>
    <ul id="gateways"><li><code>none yet</code></li></ul>
  </section>
  <section class="wide">
    <h2>Processes</h2>
    <table id="processes">
      <thead><tr id="head"></tr></thead>
      <tbody></tbody>
    </table>
    <p id="error"></p>
  </section>
</main>
<script>
(function () {
  'use strict';
  var HISTORY = 120;
  var samples = [];
  var previous = {};
  var lastOk = 0;
  var OPTIONAL = [['messagesOut', 'messages out'], ['dropped', 'dropped'], ['timers', 'timers']];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function bytes(n) {
    if (typeof n !== 'number') return '-';
    var units = ['B', 'KB', 'MB', 'GB'];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }
  function duration(ms) {
    if (typeof ms !== 'number') return '-';
    var s = Math.floor(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }
  function num(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : '-'; }

  /** messages/s of one row: its own figure, or the change of its cumulative count since the last poll. */
  function rateOf(row, now) {
    var key = row.kind + ':' + row.name + ':' + row.index;
    var before = previous[key];
    if (typeof row.messages === 'number') previous[key] = { pid: row.pid, messages: row.messages, at: now };
    if (typeof row.messagesPerSecond === 'number') return row.messagesPerSecond;
    if (!before || before.pid !== row.pid || typeof row.messages !== 'number' || now <= before.at) return undefined;
    return Math.max(0, (row.messages - before.messages) * 1000 / (now - before.at));
  }

  function render(rows) {
    var now = Date.now();
    var optional = OPTIONAL.filter(function (o) { return rows.some(function (r) { return r[o[0]] !== undefined; }); });
    var head = document.getElementById('head');
    head.textContent = '';
    ['role', 'process', 'pid', 'state', 'memory', 'connections', 'messages/s', 'messages']
      .concat(optional.map(function (o) { return o[1]; }))
      .concat(['uptime', 'restarts'])
      .forEach(function (h) { head.appendChild(el('th', h)); });
    var body = document.querySelector('#processes tbody');
    body.textContent = '';
    var connections = 0;
    var rate = 0;
    var gateways = [];
    rows.forEach(function (row) {
      var r = rateOf(row, now);
      if (row.kind === 'gateway') {
        connections += row.connections || 0;
        rate += r || 0;
      }
      if (row.kind === 'register' && Array.isArray(row.gateways)) gateways = gateways.concat(row.gateways);
      var tr = el('tr');
      tr.dataset.pid = row.pid === null || row.pid === undefined ? '' : String(row.pid);
      tr.dataset.kind = row.kind;
      var cells = [row.kind, row.name + ':' + row.index, row.pid === null ? '-' : row.pid];
      tr.appendChild(el('td', cells[0]));
      tr.appendChild(el('td', cells[1]));
      tr.appendChild(el('td', cells[2], 'pid'));
      var title = row.lastFailure ? String(row.lastFailure).split('\\n')[0] : '';
      var st = el('td', row.state, 'state ' + (row.state === 'ok' ? 'ok' : row.state === 'busy' ? '' : 'bad'));
      if (title) st.title = title;
      tr.appendChild(st);
      tr.appendChild(el('td', bytes(row.rssBytes)));
      tr.appendChild(el('td', num(row.connections), 'connections'));
      tr.appendChild(el('td', r === undefined ? '-' : r.toFixed(r < 10 ? 1 : 0), 'rate'));
      tr.appendChild(el('td', num(row.messages)));
      optional.forEach(function (o) { tr.appendChild(el('td', num(row[o[0]]))); });
      tr.appendChild(el('td', duration(row.uptimeMs)));
      tr.appendChild(el('td', num(row.restarts)));
      body.appendChild(tr);
    });
    document.getElementById('total-connections').textContent = num(connections);
    document.getElementById('total-rate').textContent = rate.toFixed(rate < 10 ? 1 : 0);
    document.getElementById('total-processes').textContent =
      rows.filter(function (r) { return r.state === 'ok'; }).length + '/' + rows.length;
    var list = document.getElementById('gateways');
    list.textContent = '';
    if (gateways.length === 0) list.appendChild(el('li')).appendChild(el('code', 'none'));
    gateways.forEach(function (g) {
      var li = el('li', g.name + ' ');
      li.appendChild(el('code', g.address));
      list.appendChild(li);
    });
    samples.push({ connections: connections, rate: rate });
    if (samples.length > HISTORY) samples.shift();
    draw();
  }

  /** The axis top: 4, 8, 12, 20, 40, 60, 80, 120... at or above the highest value (4 whole ticks). */
  function niceMax(values) {
    var max = Math.max.apply(null, values.concat([1]));
    if (max <= 4) return 4;
    if (max <= 8) return 8;
    for (var k = 0; ; k++) {
      var top = [12, 20, 40, 60, 80][k % 5] * Math.pow(10, Math.floor(k / 5));
      if (top >= max) return top;
    }
  }

  function draw() {
    var canvas = document.getElementById('chart');
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 900;
    var h = canvas.clientHeight || 180;
    canvas.width = w * ratio;
    canvas.height = h * ratio;
    var c = canvas.getContext('2d');
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, w, h);
    var pad = { l: 44, r: 44, t: 8, b: 18 };
    var maxC = niceMax(samples.map(function (s) { return s.connections; }));
    var maxR = niceMax(samples.map(function (s) { return s.rate; }));
    c.strokeStyle = '#e3e6ec';
    c.fillStyle = '#6b7385';
    c.font = '11px system-ui, sans-serif';
    for (var i = 0; i <= 4; i++) {
      var y = pad.t + (h - pad.t - pad.b) * i / 4;
      c.beginPath(); c.moveTo(pad.l, y); c.lineTo(w - pad.r, y); c.stroke();
      c.textAlign = 'right'; c.fillText(String(Math.round(maxC * (4 - i) / 4)), pad.l - 6, y + 4);
      c.textAlign = 'left'; c.fillText(String(Math.round(maxR * (4 - i) / 4)), w - pad.r + 6, y + 4);
    }
    c.textAlign = 'center';
    c.fillText('-' + HISTORY + ' s', pad.l + 14, h - 4);
    c.fillText('now', w - pad.r - 10, h - 4);
    function line(key, max, color) {
      c.strokeStyle = color;
      c.lineWidth = 2;
      c.beginPath();
      samples.forEach(function (s, k) {
        var x = pad.l + (w - pad.l - pad.r) * (HISTORY - samples.length + k) / (HISTORY - 1);
        var y = pad.t + (h - pad.t - pad.b) * (1 - s[key] / max);
        if (k === 0) c.moveTo(x, y); else c.lineTo(x, y);
      });
      c.stroke();
      c.lineWidth = 1;
    }
    line('connections', maxC, '#2f6fde');
    line('rate', maxR, '#e0782f');
    canvas.dataset.samples = String(samples.length);
    var last = samples[samples.length - 1];
    canvas.dataset.connections = last ? String(last.connections) : '';
  }

  function poll() {
    fetch('status.json', { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('status.json: HTTP ' + response.status);
        return response.json();
      })
      .then(function (rows) {
        lastOk = Date.now();
        document.getElementById('error').textContent = '';
        render(rows);
      })
      .catch(function (err) { document.getElementById('error').textContent = String(err.message || err); })
      .then(function () {
        var updated = document.getElementById('updated');
        var age = lastOk ? Math.round((Date.now() - lastOk) / 1000) : -1;
        updated.textContent = lastOk ? 'updated ' + new Date(lastOk).toLocaleTimeString() : 'no answer yet';
        updated.className = age > 3 || age < 0 ? 'stale' : '';
        setTimeout(poll, 1000);
      });
  }
  poll();
})();
</script>
</body>
</html>
`;
