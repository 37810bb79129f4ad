/*
 * staff-reports.js - the supervisor's reports (Báo cáo): a range of days
 * and a grouping, GET /api/v1/reports?from=&to=&group=, its key figures
 * as tiles, charts (Chart.js, Debian's libjs-chart.js served by the station
 * server as /static/vendor/chart.js), a day-by-hour heat map of the waits,
 * the tables per service, counter, staff member, hour, source, weekday and
 * period, the citizens' ratings (staff-ratings.js, with this file's kit),
 * and the links to the same report as CSV and XLSX.
 *
 * Without Chart.js (the file is missing on the server) the page says so
 * and shows everything else.  Only the answer to the last request asked
 * is shown; the figures are kept in R and drawn again in the other
 * language when it is switched.
 */
import { t, hasText, nameOf, el, currentLang, serverNow, vnParts, duration } from './common.js';
import { $, api, errorText, counterName } from './staff-state.js';
import { renderRatings, loadChain } from './staff-ratings.js';

const R = {
	opened: false,
	seq: 0,            /* the last request asked; older answers are dropped */
	data: null,        /* the last report shown */
	chart: undefined,  /* Chart.js: undefined not asked yet, null missing */
	charts: [],        /* the Chart instances drawn */
	table: 'service',  /* the table shown */
};

const TABLES = ['service', 'counter', 'staff', 'hour', 'source', 'weekday', 'period'];
const QUICK = ['today', '7d', 'month', 'last_month'];
const BRAND = '#0b4a8b', WARN = '#a35a00', OK = '#1f7a3a';

/* --- dates (Vietnam's, from the server's clock) --------------------------- */
const two = (n) => String(n).padStart(2, '0');
const iso = (ms) => { const d = new Date(ms); return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`; };
const DAY = 86400000;

/* the from and to of a quick choice, as YYYY-MM-DD */
function quickRange(which) {
	const p = vnParts(serverNow());
	const today = Date.UTC(p.y, p.mo - 1, p.d);
	switch (which) {
	case '7d': return [iso(today - 6 * DAY), iso(today)];
	case 'month': return [iso(Date.UTC(p.y, p.mo - 1, 1)), iso(today)];
	case 'last_month': return [iso(Date.UTC(p.y, p.mo - 2, 1)), iso(Date.UTC(p.y, p.mo - 1, 0))];
	default: return [iso(today), iso(today)];
	}
}

/* "2026-11-03" -> "03/11/2026" */
function dmy(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
	return m ? `${m[3]}/${m[2]}/${m[1]}` : s;
}

/* --- numbers and times ------------------------------------------------------ */
function num(n) {
	return n === null || n === undefined ? '–' : Number(n).toLocaleString(currentLang() === 'vi' ? 'vi-VN' : 'en-GB');
}

/* seconds as a table shows them: "12:05" (m:ss) */
function mss(s) { return s === null || s === undefined ? '–' : duration(s); }

/* seconds as a tile says them: "45 giây", "12 phút", "1 giờ 20 phút" */
export function spoken(s) {
	if (s === null || s === undefined) return '–';
	if (s < 60) return t('rep.seconds', { n: Math.round(s) });
	const m = Math.round(s / 60);
	return m < 60 ? t('rep.minutes', { n: m }) : t('rep.hours_minutes', { h: Math.floor(m / 60), m: m % 60 });
}

function pct(share) { return share === null || share === undefined ? '–' : `${Math.round(share * 100)}%`; }

/* what a row is, in words */
function rowName(by, row) {
	const k = row.key;
	switch (by) {
	case 'service': return nameOf(row, k);
	case 'counter': return k === '0' ? t('rep.counter.none') : counterName({ ...row, counter: Number(k) });
	case 'staff': return k || t('rep.staff.unknown');
	case 'hour': return `${two(Number(k))}:00–${two(Number(k) + 1)}:00`;
	case 'source': return hasText(`rep.source.${k}`) ? t(`rep.source.${k}`) : k;
	case 'weekday': return t('board.days').split(',')[Number(k) % 7] || k;
	case 'period': return periodName(k);
	default: return k;
	}
}

function periodName(k) {
	let m = /^(\d{4})-W(\d{2})$/.exec(k);
	if (m) return t('rep.week', { w: Number(m[2]), y: m[1] });
	m = /^(\d{4})-(\d{2})$/.exec(k);
	if (m) return t('rep.month', { m: Number(m[2]), y: m[1] });
	return dmy(k);
}

/* --- Chart.js, loaded once, from this server -------------------------------- */
function loadChart() {
	if (R.chart !== undefined) return Promise.resolve(R.chart);
	if (!R.loading) {
		R.loading = new Promise((resolve) => {
			const s = el('script', { src: '/static/vendor/chart.js' });
			s.addEventListener('load', () => resolve(window.Chart || null));
			s.addEventListener('error', () => resolve(null));
			document.head.append(s);
		}).then((c) => {
			if (c) { /* the page's own font, large enough to read from a chair */
				c.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
				c.defaults.font.size = 14;
				c.defaults.color = '#16202c';
			}
			R.chart = c;
			return c;
		});
	}
	return R.loading;
}

/* --- the server --------------------------------------------------------------- */
function query(from, to, group) {
	return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&group=${encodeURIComponent(group)}`;
}

function say(text, kind) {
	const p = $('rep-status');
	p.textContent = text;
	p.dataset.kind = kind;
}

async function load() {
	const from = $('rep-from').value, to = $('rep-to').value, group = $('rep-group').value;
	if (!from || !to) {
		say(t('rep.err.dates'), 'error');
		return;
	}
	const seq = ++R.seq;
	say(t('rep.loading'), 'info');
	$('reports-view').setAttribute('aria-busy', 'true');
	let r;
	try {
		r = await api('GET', `/api/v1/reports?${query(from, to, group)}`);
	} catch {
		r = null;
	}
	if (seq !== R.seq) return;
	$('reports-view').removeAttribute('aria-busy');
	if (r?.status === 200 && r.data?.total) {
		R.data = r.data;
		say('', 'ok');
		loadChain(); /* the ratings' chain, as it is now */
		await loadChart();
		if (seq === R.seq) renderReports();
		return;
	}
	if (r?.status === 401) return; /* the session has ended: the login form is back */
	R.data = null;
	renderReports();
	const code = r?.data?.error;
	say(!r ? t('err.network')
		: hasText(`rep.err.${code}`) ? t(`rep.err.${code}`)
			: r.status === 400 && r.data?.message ? r.data.message : errorText(r), 'error');
}

/* --- drawing ------------------------------------------------------------------ */
export function renderReports() {
	const d = R.data;
	$('rep-body').hidden = !d;
	$('rep-export').hidden = !d;
	for (const c of R.charts) c.destroy();
	R.charts = [];
	const body = $('rep-body').dataset;
	for (const k of ['from', 'to', 'group', 'lang']) delete body[k];
	if (!d) {
		renderRatings(null);
		return;
	}
	const q = query(d.from, d.to, d.group);
	$('rep-csv').href = `/api/v1/reports?${q}&format=csv`;
	$('rep-xlsx').href = `/api/v1/reports?${q}&format=xlsx`;
	$('rep-range').textContent = t('rep.range', { from: dmy(d.from), to: dmy(d.to), days: d.days, working: d.working_days });
	renderTiles(d);
	$('rep-nocharts').hidden = R.chart !== null;
	$('rep-charts').hidden = !R.chart;
	if (R.chart) renderCharts(d);
	renderHeat(d);
	renderTables(d);
	renderRatings(d, { tile, chart, chartLib: R.chart, num, pct, mss, rowName });
	/* what is drawn, for whoever waits for it (the tests) */
	Object.assign(body, { from: d.from, to: d.to, group: d.group, lang: currentLang() });
}

function tile(key, value, text, sub) {
	return el('div', { class: 'tile', 'data-tile': key, 'data-value': value ?? '' },
		el('span', { class: 'tile-label', text: t(`rep.tile.${key}`) }),
		el('strong', { class: 'tile-value', text }),
		sub ? el('span', { class: 'small', text: sub }) : null);
}

function renderTiles(d) {
	const s = d.total;
	const level = s.service_level || {};
	$('rep-tiles').replaceChildren(
		tile('served', s.served, num(s.served)),
		tile('wait', s.wait?.median, spoken(s.wait?.median),
			s.wait?.p90 != null ? t('rep.tile.wait_sub', { t: spoken(s.wait.p90) }) : null),
		tile('level', level.share, pct(level.share),
			`${t('rep.tile.level_sub', { n: d.target_wait })} (${t('rep.tile.of', { within: num(level.within), of: num(level.of) })})`),
		tile('noshow', s.noshow, num(s.noshow)),
		tile('issued', s.issued, num(s.issued)),
		tile('waiting', s.waiting_at_close, num(s.waiting_at_close)));
}

function chart(id, config) {
	const canvas = $(id);
	const c = new R.chart(canvas, {
		...config,
		options: {
			responsive: true, maintainAspectRatio: false, animation: false,
			plugins: { legend: { position: 'bottom' } },
			datasets: { bar: { maxBarThickness: 56 } }, /* one hour or one day: no wall of colour */
			...config.options,
		},
	});
	R.charts.push(c);
}

const minutes = (s) => (s === null || s === undefined ? null : Math.round(s / 6) / 10);

function renderCharts(d) {
	const hours = d.by?.hour || [];
	chart('rep-chart-hour', {
		type: 'bar',
		data: {
			labels: hours.map((h) => `${two(Number(h.key))}:00`),
			datasets: [
				{ type: 'bar', label: t('rep.chart.arrivals'), data: hours.map((h) => h.issued), backgroundColor: BRAND, yAxisID: 'y' },
				{ type: 'line', label: t('rep.chart.median_wait'), data: hours.map((h) => minutes(h.wait?.median)),
					borderColor: WARN, backgroundColor: WARN, yAxisID: 'y1', spanGaps: true },
			],
		},
		options: {
			scales: {
				y: { beginAtZero: true, position: 'left', title: { display: true, text: t('rep.chart.arrivals') }, ticks: { precision: 0 } },
				y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false },
					title: { display: true, text: t('rep.chart.median_wait') } },
			},
		},
	});
	const services = d.by?.service || [];
	chart('rep-chart-level', {
		type: 'bar',
		data: {
			labels: services.map((s) => rowName('service', s)),
			datasets: [{ label: t('rep.tile.level_sub', { n: d.target_wait }),
				data: services.map((s) => (s.service_level?.share == null ? null : Math.round(s.service_level.share * 100))),
				backgroundColor: OK }],
		},
		options: {
			indexAxis: 'y',
			scales: {
				x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } },
				/* a long service name shortened on the axis, whole in the tooltip */
				y: { ticks: { callback(v) { const l = this.getLabelForValue(v); return l.length > 32 ? `${l.slice(0, 31)}…` : l; } } },
			},
		},
	});
	const periods = d.by?.period || [];
	chart('rep-chart-period', {
		type: 'bar',
		data: {
			labels: periods.map((p) => periodName(p.key)),
			datasets: [
				{ label: t('rep.col.issued'), data: periods.map((p) => p.issued), backgroundColor: '#8fb3d9' },
				{ label: t('rep.col.served'), data: periods.map((p) => p.served), backgroundColor: BRAND },
			],
		},
		options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
	});
}

/* the heat map: one row a day, one column an hour, the median wait in
 * minutes in each cell, coloured by its share of the target wait */
const HEAT = [0.25, 0.5, 0.75, 1, 1.5]; /* upper bounds, times the target; then over */

function heatClass(s, target) {
	if (s === null || s === undefined) return 'heat-none';
	const i = HEAT.findIndex((b) => s <= b * target * 60);
	return `heat-${i < 0 ? HEAT.length : i}`;
}

function renderHeat(d) {
	const h = d.heat;
	const box = $('rep-heat');
	if (!h?.days?.length || !h.hours?.length) {
		box.replaceChildren(el('p', { class: 'small', text: t('rep.empty') }));
		return;
	}
	const days = t('board.days').split(',');
	const target = d.target_wait || 20;
	const table = el('table', { class: 'heat' },
		el('thead', {}, el('tr', {}, el('th', {}),
			h.hours.map((hr) => el('th', { scope: 'col', text: two(hr) })))),
		el('tbody', {}, h.days.map((day, i) => el('tr', {},
			el('th', { scope: 'row', text: `${days[new Date(`${day}T00:00:00Z`).getUTCDay()] || ''} ${dmy(day).slice(0, 5)}` }),
			h.hours.map((hr, j) => {
				const s = h.median_wait?.[i]?.[j] ?? null;
				const n = h.arrivals?.[i]?.[j] ?? 0;
				return el('td', { class: heatClass(s, target),
					title: t('rep.heat.cell', { day: dmy(day), hour: two(hr), n, wait: spoken(s) }),
					text: s === null ? '' : String(Math.round(s / 60)) });
			})))));
	const legend = el('ul', { class: 'heat-legend', 'aria-label': t('rep.heat.legend') },
		el('li', {}, el('span', { class: 'swatch heat-none' }), t('rep.heat.none')),
		HEAT.map((b, i) => el('li', {}, el('span', { class: `swatch heat-${i}` }),
			t('rep.heat.upto', { n: Math.round(b * target) }))),
		el('li', {}, el('span', { class: `swatch heat-${HEAT.length}` }),
			t('rep.heat.over', { n: Math.round(HEAT[HEAT.length - 1] * target) })));
	box.replaceChildren(el('div', { class: 'heat-scroll' }, table), legend);
}

const COLS = ['issued', 'served', 'noshow', 'wait_median', 'wait_p90', 'service_median', 'level'];

function cells(row) {
	return [num(row.issued), num(row.served), num(row.noshow), mss(row.wait?.median), mss(row.wait?.p90),
		mss(row.service_time?.median), pct(row.service_level?.share)].map((text) => el('td', { class: 'num', text }));
}

function renderTables(d) {
	$('rep-pick').replaceChildren(...TABLES.map((by) => el('button', {
		type: 'button', 'data-table': by, 'aria-pressed': String(R.table === by), text: t(`rep.by.${by}`),
		onclick: () => { R.table = by; renderTables(R.data); },
	})));
	$('rep-tables').replaceChildren(...TABLES.map((by) => {
		const rows = d.by?.[by] || [];
		return el('table', { class: 'grid rep-table', 'data-by': by, hidden: R.table !== by },
			el('caption', { class: 'visually-hidden', text: t(`rep.by.${by}`) }),
			el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t(`rep.by.${by}`) }),
				COLS.map((c) => el('th', { scope: 'col', text: t(`rep.col.${c}`) })))),
			el('tbody', {}, rows.length
				? rows.map((row) => el('tr', { 'data-key': row.key },
					el('th', { scope: 'row', text: rowName(by, row) }), cells(row)))
				: el('tr', {}, el('td', { colspan: COLS.length + 1, class: 'small', text: t('rep.empty') }))),
			el('tfoot', {}, el('tr', { 'data-key': '' }, el('th', { scope: 'row', text: t('rep.total') }), cells(d.total))));
	}));
}

/* --- wiring ------------------------------------------------------------------- */
function pick(which) {
	[$('rep-from').value, $('rep-to').value] = quickRange(which);
	load();
}

export function wireReports() {
	$('rep-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
	$('rep-group').addEventListener('change', () => load());
	for (const b of document.querySelectorAll('#rep-quick [data-quick]'))
		b.addEventListener('click', () => pick(b.dataset.quick));
}

/* the tab is shown: the first time, the last 7 days */
export function openReports() {
	if (R.opened) return;
	R.opened = true;
	loadChart();
	pick(QUICK[1]);
}
