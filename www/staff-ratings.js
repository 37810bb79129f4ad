/*
 * staff-ratings.js - the citizens' ratings on the Báo cáo page (issue 18;
 * docs/reports.md, "Ratings"): the report's "ratings" as tiles
 * (satisfaction, ratings, response rate), a chart of each level's share
 * per service, a table per service, counter, staff member, channel or
 * period, the reasons, and satisfaction set against the wait; and the
 * line that says whether the ratings' chain is intact, as
 * GET /api/v1/ratings/verify finds it (asked with each report).
 *
 * staff-reports.js hands over its drawing kit (tiles, charts, numbers,
 * rows' names) with each report, so this file does not import it back.
 */
import { t, el, hasText, currentLang } from './common.js';
import { $, api } from './staff-state.js';

const C = {
	seq: 0,           /* the last verify asked; older answers are dropped */
	chain: null,      /* its answer {status, data}; null while asked */
	table: 'service', /* the table shown */
	kit: null,        /* staff-reports.js's: tile, chart, chartLib, num, pct, mss, rowName */
	data: null,       /* the report's "ratings" */
};

const TABLES = ['service', 'counter', 'staff', 'channel', 'period'];
/* best to worst (staff.css's .level-0 .. .level-4 too); a scale of n
 * levels takes n of them, spread out */
const PALETTE = ['#1f7a3a', '#7cb342', '#e0b000', '#ec8a4f', '#b3261e'];

const shade = (i, n) => (n > 1 ? Math.round((i * (PALETTE.length - 1)) / (n - 1)) : 0);
const colour = (i, n) => PALETTE[shade(i, n)];

/* a level's or a reason's words in the current language */
function word(o, key, n) {
	return (currentLang() === 'en' && o?.en) || o?.vi || t(key, { n });
}
const levelWord = (x, i) => word(x.levels[i], 'rep.rate.level', i + 1);

/* --- the chain ----------------------------------------------------------------- */
export async function loadChain() {
	const seq = ++C.seq;
	C.chain = null;
	renderChain();
	let r;
	try {
		r = await api('GET', '/api/v1/ratings/verify');
	} catch {
		r = { status: 0 };
	}
	if (seq !== C.seq) return;
	C.chain = r;
	renderChain();
}

function renderChain() {
	const p = $('rep-chain');
	const c = C.chain, d = c?.data;
	const n = (v) => (C.kit ? C.kit.num(v) : String(v));
	let state = 'checking', text = t('rep.chain.checking');
	if (c?.status === 200 && d?.ok === true) {
		state = 'ok';
		text = t('rep.chain.ok', { n: n(d.rows) });
	} else if (c?.status === 200 && d?.ok === false) {
		const key = `rep.chain.broken.${d.problem}`;
		state = 'broken';
		text = `${t(hasText(key) ? key : 'rep.chain.broken', { row: d.row })}${d.message ? ` (${d.message})` : ''}`;
	} else if (c) {
		state = 'unknown';
		text = t('rep.chain.unknown');
	}
	p.textContent = text;
	p.dataset.state = state;
	p.setAttribute('role', state === 'broken' ? 'alert' : 'status');
}

/* --- the figures ----------------------------------------------------------------- */
export function renderRatings(d, kit) {
	C.kit = kit;
	C.data = d?.ratings || null;
	renderChain();
	$('rep-ratings').hidden = !C.data;
	if (!C.data) return;
	const x = C.data, s = x.total;
	$('rep-rate-tiles').replaceChildren(
		kit.tile('satisfaction', s.satisfaction, kit.pct(s.satisfaction),
			t('rep.tile.satisfaction_sub', { n: kit.num(s.satisfied), of: kit.num(s.rated) })),
		kit.tile('rated', s.rated, kit.num(s.rated),
			t('rep.tile.rated_sub', { n: kit.num(s.reasons.reduce((a, r) => a + r.n, 0)) })),
		kit.tile('response', s.response_rate, kit.pct(s.response_rate),
			t('rep.tile.response_sub', { n: kit.num(s.rated), of: kit.num(s.served) })));
	$('rep-rate-figure').hidden = !kit.chartLib;
	if (kit.chartLib) chartLevels(x);
	renderTables();
	renderReasons(x);
	renderWait(x);
}

/* each level's share of the ratings, a stacked bar per service */
function chartLevels(x) {
	const rows = x.by.service;
	C.kit.chart('rep-chart-rating', {
		type: 'bar',
		data: {
			labels: rows.map((r) => C.kit.rowName('service', r)),
			datasets: x.levels.map((l, i) => ({
				label: levelWord(x, i),
				data: rows.map((r) => (r.levels[i].share === null ? null : Math.round(r.levels[i].share * 1000) / 10)),
				backgroundColor: colour(i, x.levels.length),
			})),
		},
		options: {
			indexAxis: 'y',
			scales: {
				x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%` } },
				y: { stacked: true, ticks: { callback(v) { const l = this.getLabelForValue(v); return l.length > 32 ? `${l.slice(0, 31)}…` : l; } } },
			},
		},
	});
}

function name(by, row) {
	if (by === 'channel') return hasText(`rep.rate.channel.${row.key}`) ? t(`rep.rate.channel.${row.key}`) : row.key;
	return C.kit.rowName(by, row);
}

function cells(x, row) {
	const k = C.kit;
	return [k.num(row.rated), k.num(row.served), k.pct(row.response_rate), k.pct(row.satisfaction),
		...x.levels.map((l, i) => k.pct(row.levels[i].share)), k.mss(row.wait.median)]
		.map((text) => el('td', { class: 'num', text }));
}

function renderTables() {
	const x = C.data;
	$('rep-rate-pick').replaceChildren(...TABLES.map((by) => el('button', {
		type: 'button', 'data-table': by, 'aria-pressed': String(C.table === by),
		text: t(by === 'channel' ? 'rep.rate.by.channel' : `rep.by.${by}`),
		onclick: () => { C.table = by; renderTables(); },
	})));
	const heads = ['rep.rate.col.rated', 'rep.rate.col.served', 'rep.rate.col.response', 'rep.rate.col.satisfaction']
		.map((k) => t(k)).concat(x.levels.map((l, i) => levelWord(x, i)), t('rep.col.wait_median'));
	$('rep-rate-tables').replaceChildren(...TABLES.map((by) => {
		const rows = x.by[by] || [];
		const title = t(by === 'channel' ? 'rep.rate.by.channel' : `rep.by.${by}`);
		return el('table', { class: 'grid rep-table', 'data-by': by, hidden: C.table !== by },
			el('caption', { class: 'visually-hidden', text: title }),
			el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: title }),
				heads.map((h) => el('th', { scope: 'col', text: h })))),
			el('tbody', {}, rows.length
				? rows.map((row) => el('tr', { 'data-key': row.key }, el('th', { scope: 'row', text: name(by, row) }), cells(x, row)))
				: el('tr', {}, el('td', { colspan: heads.length + 1, class: 'small', text: t('rep.empty') }))),
			el('tfoot', {}, el('tr', { 'data-key': '' }, el('th', { scope: 'row', text: t('rep.total') }), cells(x, x.total))));
	}));
}

function smallTable(id, heads, rows) {
	$(id).replaceChildren(el('table', { class: 'grid rep-table' },
		el('thead', {}, el('tr', {}, heads.map((h, i) => el('th', { scope: 'col', text: t(h), class: i ? 'num' : undefined })))),
		el('tbody', {}, rows.length ? rows
			: el('tr', {}, el('td', { colspan: heads.length, class: 'small', text: t('rep.empty') })))));
}

/* why the not satisfied were not: each reason's count and share of those given */
function renderReasons(x) {
	const k = C.kit, given = x.total.reasons.reduce((a, r) => a + r.n, 0);
	smallTable('rep-rate-reasons', ['rep.rate.col.reason', 'rep.rate.col.times', 'rep.rate.col.of_reasons'],
		x.reasons.map((r, i) => el('tr', { 'data-reason': r.reason },
			el('th', { scope: 'row', text: word(r, 'rep.rate.reason', r.reason) }),
			el('td', { class: 'num', text: k.num(x.total.reasons[i].n) }),
			el('td', { class: 'num', text: k.pct(given ? x.total.reasons[i].n / given : null) }))));
}

/* satisfaction against the wait: each level's median wait, each wait band's satisfaction */
function renderWait(x) {
	const k = C.kit, s = x.total;
	smallTable('rep-rate-levels', ['rep.rate.col.level', 'rep.rate.col.rated', 'rep.rate.col.share', 'rep.col.wait_median'],
		x.levels.map((l, i) => el('tr', { 'data-level': l.level },
			el('th', { scope: 'row' }, el('span', { class: `swatch level-${shade(i, x.levels.length)}` }), levelWord(x, i)),
			el('td', { class: 'num', text: k.num(s.levels[i].n) }),
			el('td', { class: 'num', text: k.pct(s.levels[i].share) }),
			el('td', { class: 'num', text: k.mss(s.levels[i].median_wait) }))));
	smallTable('rep-rate-bands', ['rep.rate.col.wait', 'rep.rate.col.rated', 'rep.rate.col.satisfaction'],
		x.wait_bands.map((b, i) => el('tr', { 'data-band': i },
			el('th', { scope: 'row', text: b.to === null ? t('rep.rate.band_over', { from: b.from / 60 })
				: t('rep.rate.band', { from: b.from / 60, to: b.to / 60 }) }),
			el('td', { class: 'num', text: k.num(s.wait_bands[i].rated) }),
			el('td', { class: 'num', text: k.pct(s.wait_bands[i].share) }))));
}
