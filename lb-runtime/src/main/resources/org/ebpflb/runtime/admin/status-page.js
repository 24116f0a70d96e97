// The status page's script: reads the admin API every second and redraws. Plain DOM, no framework, no build step.
'use strict';

const SAMPLES = 60;                 // one minute of per-second points per target
const tokenRequired = document.querySelector('meta[name="lb-token-required"]').content === 'true';
const series = new Map();           // "service target" -> {conns: [], rate: [], bytes, at}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : String(c));
  return e;
}

async function getJson(path) {
  const r = await fetch(path, {cache: 'no-store'});
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

function bytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return (i === 0 ? n.toFixed(0) : n.toFixed(1)) + ' ' + units[i];
}

function spark(points) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 ' + (SAMPLES - 1) + ' 20');
  svg.setAttribute('preserveAspectRatio', 'none');
  const max = Math.max(1, ...points);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  const start = SAMPLES - points.length;
  line.setAttribute('points', points.map((v, i) => (start + i) + ',' + (19 - 18 * v / max).toFixed(2)).join(' '));
  svg.append(line);
  return svg;
}

/** Keeps the last minute of active connections and bytes per second of one target. */
function record(key, traffic, now) {
  let s = series.get(key);
  const total = traffic ? traffic.bytesForward + traffic.bytesReverse : 0;
  if (!s) {
    s = {conns: [], rate: [], bytes: total, at: now};
    series.set(key, s);
  }
  const seconds = (now - s.at) / 1000;
  s.rate.push(seconds > 0 ? Math.max(0, total - s.bytes) / seconds : 0);
  s.conns.push(traffic ? traffic.connectionsActive : 0);
  s.bytes = total;
  s.at = now;
  for (const a of [s.rate, s.conns]) if (a.length > SAMPLES) a.splice(0, a.length - SAMPLES);
  s.seen = now;
  return s;
}

/** What the weight trace says about health, drain and circuit: the factors of the plugins that own them. */
function states(factors) {
  const health = factors.filter(f => f.plugin.startsWith('health-') && !/not checked/.test(f.reason));
  const of = id => factors.find(f => f.plugin === id);
  const drain = of('drain');
  const circuit = of('circuit-breaker');
  return {
    health: health.length === 0 ? 'unchecked' : health.some(f => f.value === 0) ? 'unhealthy' : 'healthy',
    drain: drain ? (drain.value === 0 ? 'draining' : 'serving') : '—',
    // a service without a circuit-breaker block gets a neutral factor: it has no circuit to show or reset
    circuit: circuit && !/^no circuit-breaker block/.test(circuit.reason)
        ? (circuit.reason.split(/[ :(]/)[0] || '—') : '—',
  };
}

function cell(label, content, cls) {
  return el('td', {'data-label': label, class: cls}, content);
}

function actions(service, target, routes, hasCircuit) {
  const td = cell('Actions', '');
  const path = '/api/v1/services/' + encodeURIComponent(service) + '/targets/' + encodeURIComponent(target);
  if (routes.some(r => r.includes('/drain'))) {
    td.append(button('Drain', 'POST', path + '/drain', {}), ' ', button('Undrain', 'DELETE', path + '/drain'));
  }
  if (hasCircuit && routes.some(r => r.includes('/circuit/'))) {
    td.append(' ', button('Reset circuit', 'POST', path + '/circuit/reset'));
  }
  return td;
}

function button(text, method, path, body) {
  const b = el('button', {type: 'button'}, text);
  b.addEventListener('click', () => send(method, path, body));
  return b;
}

async function send(method, path, body) {
  const result = document.getElementById('action-result');
  const token = document.getElementById('token').value.trim();
  sessionStorage.setItem('lb-token', token);
  const headers = {'Authorization': 'Bearer ' + token};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const r = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    const answer = await r.json();
    result.textContent = method + ' ' + path + ': ' + (r.ok ? 'done' : (answer.error || 'HTTP ' + r.status));
  } catch (e) {
    result.textContent = method + ' ' + path + ': ' + e.message;
  }
}

function targetRow(service, row, traffic, routes, now) {
  const st = states(row.factors);
  const s = record(service + ' ' + row.target, traffic, now);
  const factors = el('ul', {class: 'factors'}, ...row.factors.map(f => el('li', {},
      el('span', {class: 'value'}, 'x' + +f.value.toFixed(3)), f.plugin + ': ' + f.reason
      + (f.ignored ? ' (ignored: panic)' : '') + (f.failed ? ' (failed)' : ''))));
  return el('tr', {'data-target': row.target, 'data-health': st.health},
      cell('Target', row.target),
      cell('Base', +row.base.toFixed(3), 'num base'),
      cell('Effective', +row.effective.toFixed(3), 'num effective'),
      cell('Share', row.sharePercent.toFixed(1) + '%', 'num share'),
      cell('Health', st.health, 'health ' + st.health),
      cell('Drain', st.drain, 'drain ' + st.drain),
      cell('Circuit', st.circuit, 'circuit ' + st.circuit),
      cell('Modifiers', factors),
      cell('Connections', el('span', {class: 'series'}, spark(s.conns),
          el('span', {class: 'connections'}, String(s.conns[s.conns.length - 1])))),
      cell('Throughput', el('span', {class: 'series'}, spark(s.rate),
          el('span', {class: 'throughput'}, bytes(s.rate[s.rate.length - 1]) + '/s'))),
      tokenRequired ? actions(service, row.target, routes, st.circuit !== '—') : '');
}

function renderServices(status, explains, now) {
  const routes = status.plugins.flatMap(p => p.routes || []);
  const byName = new Map(status.services.map(s => [s.name, s]));
  const out = [];
  for (const ex of explains) {
    const traffic = (byName.get(ex.service) || {}).traffic || {targets: {}};
    const section = el('section', {class: 'service', 'data-service': ex.service},
        el('h2', {}, ex.service + ' ', el('small', {}, ex.listen + ', hash ' + ex.hash)));
    for (const g of ex.groups) {
      section.append(el('h3', {}, 'group ' + g.group + (g.source ? ' (clients ' + g.source + ')' : '')
          + ', ' + g.availablePercent.toFixed(1) + '% of weight available', g.panic
          ? el('span', {class: 'panic'}, ' panic: health verdicts ignored') : ''));
      const head = el('tr', {}, ...['Target', 'Base', 'Effective', 'Share', 'Health', 'Drain', 'Circuit',
        'Modifiers', 'Connections', 'Throughput'].concat(tokenRequired ? ['Actions'] : []).map(h => el('th', {}, h)));
      section.append(el('table', {class: 'targets', 'data-group': g.group}, el('thead', {}, head),
          el('tbody', {}, ...g.targets.map(t => targetRow(ex.service, t, traffic.targets[t.target], routes, now)))));
    }
    out.push(section);
  }
  document.getElementById('services').replaceChildren(...out);
  for (const [key, s] of series) if (s.seen !== now) series.delete(key);   // targets that are gone
}

function renderTables(status) {
  document.querySelector('#drops tbody').replaceChildren(...Object.entries(status.drops).map(([reason, n]) =>
      el('tr', {'data-reason': reason}, el('td', {}, reason), el('td', {class: 'num'}, n))));
  document.querySelector('#plugins tbody').replaceChildren(...status.plugins.map(p =>
      el('tr', {'data-plugin': p.id}, el('td', {}, p.id), el('td', {}, p.version),
          el('td', {}, p.state + (p.error ? ': ' + p.error : '')),
          el('td', {class: 'num'}, (status.pluginErrors || {})[p.id] || 0))));
}

async function tick() {
  const state = document.getElementById('state');
  try {
    const status = await getJson('/api/v1/status');
    const explains = await Promise.all(status.services.map(s =>
        getJson('/api/v1/services/' + encodeURIComponent(s.name) + '/explain')));
    const now = Date.now();
    document.getElementById('instance').textContent = status.instance;
    document.getElementById('summary').textContent = 'version ' + status.version + ', up ' + status.uptimeSeconds
        + ' s, data plane: ' + status.dataPlane + ', kernel ' + status.kernel;
    renderServices(status, explains, now);
    renderTables(status);
    state.dataset.state = 'live';
    state.textContent = 'updated ' + new Date(now).toLocaleTimeString();
  } catch (e) {
    state.dataset.state = 'error';
    state.textContent = 'cannot read the admin API: ' + e.message;
  }
  setTimeout(tick, 1000);
}

if (tokenRequired) {
  const controls = document.getElementById('controls');
  controls.hidden = false;
  controls.addEventListener('submit', e => e.preventDefault());   // Enter in the token field reloads nothing
  document.getElementById('token').value = sessionStorage.getItem('lb-token') || '';
  document.getElementById('reload').addEventListener('click', () => send('POST', '/api/v1/reload'));
}
tick();
