// hub.js - the province's dashboard (index.html): log in, the stations'
// lobbies now (refreshed every REFRESH_MS), the reports over a range with
// their CSV and XLSX downloads.  Words are Vietnamese first, English after.
const API = '/api/v1';
const REFRESH_MS = 15000;
let csrf = '';
let timer = null;

const $ = (id) => document.getElementById(id);

const PRINTER = {
  ok: ['Bình thường', 'OK', ''], none: ['Không có', 'None', ''],
  paper_low: ['Sắp hết giấy', 'Paper low', 'warn'], unknown: ['Chưa rõ', 'Unknown', 'warn'],
  paper_out: ['Hết giấy', 'Paper out', 'bad'], cover_open: ['Nắp mở', 'Cover open', 'bad'],
  offline: ['Mất kết nối', 'Offline', 'bad'], unplugged: ['Đã rút', 'Unplugged', 'bad'],
  error: ['Lỗi', 'Error', 'bad'],
};

// An element with text children: el('td', {class: 'num'}, 'text', node ...)
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
const en = (t) => el('span', { class: 'en' }, ' ' + t);

async function api(path, opts = {}) {
  const r = await fetch(API + path, {
    ...opts,
    headers: { ...(opts.headers || {}), ...(csrf && opts.method ? { 'X-CSRF-Token': csrf } : {}) },
  });
  if (r.status === 401 && path !== '/login') showLogin();
  return r;
}

function minutes(s) {
  if (s === null || s === undefined) return '–';
  const m = Math.floor(s / 60), r = s % 60;
  return `${m}:${String(r).padStart(2, '0')}`;
}
const pct = (x) => (x === null || x === undefined ? '–' : (x * 100).toFixed(1).replace('.', ',') + ' %');

function showLogin() {
  clearInterval(timer);
  timer = null;
  csrf = '';
  $('app').hidden = true;
  $('who').hidden = $('logout').hidden = true;
  $('login').hidden = false;
  $('login-name').focus();
}

function showApp(me) {
  csrf = me.csrf;
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').hidden = $('logout').hidden = false;
  $('who').textContent = me.name;
  loadStations();
  clearInterval(timer);
  timer = setInterval(loadStations, REFRESH_MS);
}

function heardCell(s) {
  if (!s.heard) return el('td', { class: 'stale' }, 'Chưa liên lạc', en('Never heard'));
  const at = new Date(s.heard_at * 1000).toLocaleString('vi-VN');
  if (!s.stale) return el('td', {}, at);
  return el('td', {}, at, el('br'),
    el('span', { class: 'stale' }, `Mất liên lạc ${s.silent_minutes} phút`,
      en(`not heard for ${s.silent_minutes} min`)));
}

function stationRow(s) {
  const tr = el('tr', { 'data-station': s.id, class: s.overflowing ? 'over' : '' });
  const name = el('td', {}, el('strong', {}, s.id), ' ', s.name);
  if (s.overflowing) name.append(' ', el('span', { class: 'badge bad' }, 'Quá tải', en('Overflowing')));
  const p = PRINTER[s.printer] || [s.printer || '–', '', s.printer ? 'bad' : ''];
  tr.append(name,
    el('td', { class: 'num' }, s.heard ? s.waiting : '–'),
    el('td', { class: 'num' }, s.heard ? minutes(s.longest_wait) : '–'),
    el('td', {}, s.heard ? el('span', { class: 'badge ' + p[2] }, p[0], p[1] ? en(p[1]) : '') : '–'),
    heardCell(s),
    el('td', { class: 'num' }, s.heard ? s.config_version : '–'),
    el('td', { class: 'num' }, s.heard ? s.dossiers_version : '–'));
  return tr;
}

async function loadStations() {
  const r = await api('/stations');
  if (!r.ok) return;
  const j = await r.json();
  $('target-now').textContent = j.target_wait;
  $('stations').tBodies[0].replaceChildren(...j.stations.map(stationRow));
  $('updated').textContent = ' · ' + new Date(j.now * 1000).toLocaleTimeString('vi-VN');
  const sel = $('station');
  if (sel.options.length === 1)
    for (const s of j.stations) sel.append(el('option', { value: s.id }, `${s.id} ${s.name}`));
}

function reportQuery(format) {
  const q = new URLSearchParams({ from: $('from').value, to: $('to').value, target: $('target').value });
  if ($('station').value) q.set('station', $('station').value);
  q.set('format', format);
  return `${API}/reports?${q}`;
}

function reportRow(x, label) {
  return el('tr', { 'data-station': x.station || '*' },
    el('td', {}, label),
    el('td', { class: 'num' }, x.tickets), el('td', { class: 'num' }, x.served),
    el('td', { class: 'num' }, x.noshow), el('td', { class: 'num' }, minutes(x.wait.median)),
    el('td', { class: 'num' }, minutes(x.wait.p90)),
    el('td', { class: 'num' }, pct(x.service_level.share)),
    el('td', { class: 'num' }, x.ratings.rated), el('td', { class: 'num' }, pct(x.ratings.satisfaction)));
}

function updateLinks() {
  $('csv').href = reportQuery('csv');
  $('xlsx').href = reportQuery('xlsx');
}

async function loadReport(ev) {
  if (ev) ev.preventDefault();
  updateLinks();
  const r = await fetch(reportQuery('json'));
  const j = await r.json().catch(() => ({}));
  $('report-error').hidden = r.ok;
  if (!r.ok) {
    $('report-error').textContent = j.message || r.status;
    return;
  }
  $('report').tBodies[0].replaceChildren(...j.stations.map((x) => reportRow(x, `${x.station} ${x.name}`)));
  $('report').tFoot.replaceChildren(reportRow(j.province, 'Toàn tỉnh (Province)'));
  $('report').dataset.loaded = `${j.from}..${j.to}`;
}

function tab(which) {
  const now = which === 'now';
  $('now').hidden = !now;
  $('reports').hidden = now;
  $('tab-now').setAttribute('aria-selected', String(now));
  $('tab-reports').setAttribute('aria-selected', String(!now));
  if (!now && !$('report').dataset.loaded) loadReport();
}

const day = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);

async function start() {
  const today = new Date();
  $('to').value = day(today);
  $('from').value = day(new Date(today.getTime() - 29 * 86400000));
  updateLinks();
  for (const id of ['from', 'to', 'station', 'target']) $(id).addEventListener('change', updateLinks);
  $('tab-now').addEventListener('click', () => tab('now'));
  $('tab-reports').addEventListener('click', () => tab('reports'));
  $('report-form').addEventListener('submit', loadReport);
  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await api('/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: $('login-name').value, password: $('login-password').value }),
    });
    $('login-password').value = '';
    if (r.ok) return showApp(await r.json());
    $('login-error').hidden = false;
    $('login-error').textContent = r.status === 429 ? 'Thử sai quá nhiều lần, hãy đợi vài phút (Too many tries: wait a few minutes)'
      : 'Sai tên hoặc mật khẩu (Wrong name or password)';
  });
  $('logout').addEventListener('click', async () => {
    await api('/logout', { method: 'POST' });
    showLogin();
  });
  const r = await fetch(API + '/session');
  if (r.ok) showApp(await r.json());
  else showLogin();
}

start();
