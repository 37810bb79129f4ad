/*
 * reports.test.mjs - the supervisor's reports (Báo cáo) in Debian's Chromium
 * against the real station-server of run.sh: the figures on the page are
 * the ones GET /api/v1/reports answers for the same range, the charts are
 * drawn with the server's Chart.js, the English switch, a bad range's
 * message, the export links and their downloads (CSV, XLSX), staff and
 * kiosks refused.  The tickets are issued and served here (counter 1,
 * CAPMOI and CAPDOI, as staff "lan"), so today has served tickets, waits
 * and a no-show whatever ran before.  The citizens' ratings: tickets served
 * and rated at counter 1's rating device (POST /api/v1/ratings, the rater
 * token), their figures on the page as the report's JSON has them, and the
 * ratings' chain intact, then broken (a level changed in the database by
 * hand) in red, then intact again.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, USERS, VI, EN, env, launch, call, issue } from './lib.mjs';

const SHOTS = process.env.SCREENSHOT_DIR || '/tmp';
const LAPTOP = { width: 1366, height: 768 };
const TV = { width: 1920, height: 1080 };
const CHARTS = ['rep-chart-hour', 'rep-chart-level', 'rep-chart-period'];
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => vars[k]);
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/* a staff member's session through the API, as the console makes it */
async function session(user) {
	const ctx = await browser.newContext();
	const r = await ctx.request.post(`${BASE}/api/v1/login`, { data: user });
	assert.equal(r.status(), 200, `login ${user.name}`);
	const { csrf } = await r.json();
	const post = async (path) => {
		const a = await ctx.request.post(BASE + path, { headers: { 'X-CSRF-Token': csrf } });
		return { status: a.status(), data: a.status() === 204 ? null : await a.json() };
	};
	return { ctx, post };
}

/* today's tickets: issued at the kiosk, called and served at counter 1 by
 * lan; one of them a no-show twice (the first requeues it: [queue] noshow) */
async function seed() {
	const lan = await session(USERS.staff);
	await issue('CAPMOI', 4);
	const [absent] = await issue('CAPDOI', 2);
	let served = 0, noshow = 0;
	for (let i = 0; i < 20; i++) {
		const n = await lan.post('/api/v1/counters/1/next');
		if (n.status === 204) break;
		assert.equal(n.status, 200);
		const gone = n.data.number === absent;
		const end = await lan.post(`/api/v1/counters/1/${gone ? 'no-show' : 'done'}`);
		assert.equal(end.status, 200);
		if (gone) noshow++; else served++;
	}
	assert.ok(served >= 5 && noshow === 2, `served ${served}, no-show ${noshow}`);
	await lan.ctx.close();
}

/* a supervisor's page on the reports; its script and console errors
 * (without: Chart.js answers 404, as from a server whose [server] chartjs
 * file is missing; console.test.mjs checks that it does) */
async function reportsPage({ viewport = LAPTOP, without = false } = {}) {
	const ctx = await browser.newContext({ viewport });
	const page = await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
	if (without)
		await page.route('**/static/vendor/chart.js', (r) => r.fulfill({ status: 404,
			contentType: 'application/json', body: '{"error":"not_found","message":"no such file"}' }));
	await page.goto(`${BASE}/staff`);
	await page.locator('#login-view').waitFor({ state: 'visible' });
	/* from here on: the session check before the login answered 401, as it should */
	page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`); });
	await page.fill('#login-name', USERS.supervisor.name);
	await page.fill('#login-password', USERS.supervisor.password);
	await page.click('#login-submit');
	await page.locator('#tabs').waitFor({ state: 'visible' });
	const [first] = await Promise.all([
		page.waitForResponse((r) => r.url().includes('/api/v1/reports?')),
		page.click('#tab-reports'),
	]);
	assert.equal(first.status(), 200, 'the last 7 days, at once');
	/* drawn: a quick choice after this is the only request in flight */
	await page.locator('#rep-body[data-from]').waitFor();
	return { page, errors };
}

/* choose a quick range; the report's JSON once the page has drawn it */
async function quick(page, which) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.url().includes('/api/v1/reports?')),
		page.click(`#rep-quick [data-quick="${which}"]`),
	]);
	assert.equal(resp.status(), 200);
	const u = new URL(resp.url());
	const [from, to, group] = ['from', 'to', 'group'].map((k) => u.searchParams.get(k));
	await page.locator(`#rep-body[data-from="${from}"][data-to="${to}"][data-group="${group}"]`).waitFor();
	return { from, to, group, json: await resp.json() };
}

const tileText = (page, key) => page.locator(`#rep-tiles [data-tile="${key}"] .tile-value`).textContent();
const rateTile = (page, key) => page.locator(`#rep-rate-tiles [data-tile="${key}"]`);
const tileValue = (page, key) => page.locator(`#rep-tiles [data-tile="${key}"]`).getAttribute('data-value');
const vnNum = (n) => Number(n).toLocaleString('vi-VN');
const VI_LEVELS = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng']; /* [rating] levels_vi as shipped */

test('a supervisor\'s report for today: the API\'s figures in the tiles, tables and charts; no error', async () => {
	await seed();
	const { page, errors } = await reportsPage();
	const { from, to, group, json } = await quick(page, 'today');
	assert.equal(from, to, 'today is one day');
	assert.equal(json.from, from);
	assert.equal(json.to, to);

	/* the same range asked again with the same session: the same figures */
	const again = await page.context().request.get(`${BASE}/api/v1/reports?from=${from}&to=${to}&group=${group}`);
	assert.equal(again.status(), 200);
	const api = await again.json();
	assert.deepEqual(api.total, json.total, 'nothing changed in between');
	const total = api.total;
	assert.ok(total.served >= 4, `served today: ${total.served}`);
	assert.ok(total.noshow >= 1, `no-shows today: ${total.noshow}`);
	assert.ok(total.wait.n >= 5 && total.wait.median !== null, 'waits measured');

	for (const [key, n] of [['served', total.served], ['noshow', total.noshow], ['issued', total.issued],
		['waiting', total.waiting_at_close]]) {
		assert.equal(await tileText(page, key), vnNum(n), key);
		assert.equal(await tileValue(page, key), String(n), key);
	}
	assert.equal(await tileValue(page, 'wait'), String(total.wait.median ?? ''));
	const median = total.wait.median;
	assert.equal(await tileText(page, 'wait'), median < 60 ? fill(VI['rep.seconds'], { n: Math.round(median) })
		: fill(VI['rep.minutes'], { n: Math.round(median / 60) }));
	const share = total.service_level.share;
	assert.equal(await tileText(page, 'level'), share === null ? '–' : `${Math.round(share * 100)}%`);
	assert.match(await page.locator('#rep-tiles [data-tile="level"]').textContent(),
		new RegExp(fill(VI['rep.tile.level_sub'], { n: api.target_wait })));

	/* the tables: a row per service of the answer, the total at the foot */
	const services = page.locator('#rep-tables table[data-by="service"]');
	assert.equal(await services.isVisible(), true, 'the services\' table first');
	assert.equal(await services.locator('tbody tr[data-key]').count(), api.by.service.length);
	const capmoi = api.by.service.find((r) => r.key === 'CAPMOI');
	assert.ok(capmoi, 'CAPMOI in the report');
	const cells = await services.locator('tbody tr[data-key="CAPMOI"] > *').allTextContents();
	assert.equal(cells[0], capmoi.name_vi);
	assert.deepEqual(cells.slice(1, 4), [capmoi.issued, capmoi.served, capmoi.noshow].map(vnNum));
	assert.equal((await services.locator('tfoot td').first().textContent()), vnNum(total.issued));
	/* the staff member who served them, by account */
	await page.click('#rep-pick [data-table="staff"]');
	const staff = page.locator('#rep-tables table[data-by="staff"]');
	await staff.waitFor({ state: 'visible' });
	assert.equal(await staff.locator('tbody tr[data-key]').count(), api.by.staff.length);
	await staff.locator(`tbody tr[data-key="${USERS.staff.name}"]`).waitFor();
	/* the heat map: a row per day of the answer */
	assert.equal(await page.locator('#rep-heat table.heat tbody tr').count(), api.heat.days.length);

	/* the charts: drawn by Chart.js from the answer, under the page's own policy
	 * (scripts from this server only: a violation would be a console error) */
	const csp = (await fetch(`${BASE}/staff`)).headers.get('content-security-policy');
	assert.match(csp, /default-src 'self'/);
	assert.equal(await page.locator('#rep-nocharts').isVisible(), false);
	const drawn = await page.evaluate((ids) => ids.map((id) => {
		const canvas = document.getElementById(id);
		const c = window.Chart?.getChart(canvas);
		const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
		let ink = 0;
		for (let i = 3; i < px.length; i += 4) if (px[i]) ink++;
		return { chart: !!c, data: c?.data.datasets.map((d) => d.data), labels: c?.data.labels, w: canvas.width, ink };
	}), CHARTS);
	for (const [i, d] of drawn.entries()) {
		assert.ok(d.chart, `${CHARTS[i]}: a Chart`);
		assert.ok(d.w > 0 && d.ink > 100, `${CHARTS[i]}: drawn (${d.ink} pixels)`);
	}
	assert.deepEqual(drawn[0].data[0], api.by.hour.map((h) => h.issued), 'arrivals per hour');
	assert.deepEqual(drawn[1].labels, api.by.service.map((s) => s.name_vi), 'a bar per service');
	assert.deepEqual(drawn[2].data[1], api.by.period.map((p) => p.served), 'served per period');

	/* the exports: the same report as CSV and XLSX */
	for (const format of ['csv', 'xlsx']) {
		const href = await page.locator(`#rep-${format}`).getAttribute('href');
		const u = new URL(href, BASE);
		assert.equal(u.pathname, '/api/v1/reports');
		assert.deepEqual(Object.fromEntries(u.searchParams), { from, to, group, format });
	}

	/* the charts side by side and readable on a laptop, and on a TV-sized screen */
	const width = async (id) => (await page.locator(`#${id}`).boundingBox()).width;
	assert.ok(await width('rep-chart-hour') >= 500, 'the hour chart at 1366 px');
	await page.screenshot({ path: `${SHOTS}/reports.png`, fullPage: true });
	await page.setViewportSize(TV);
	await page.waitForFunction(() => window.Chart.getChart(document.getElementById('rep-chart-hour')).width >= 600);
	await page.screenshot({ path: `${SHOTS}/reports-1920.png`, fullPage: true });

	/* English and back: the words change, the figures stay */
	await page.click('#lang');
	await page.locator('#rep-body[data-lang="en"]').waitFor();
	assert.equal(await page.locator('#tab-reports').textContent(), EN['tab.reports']);
	assert.equal(await page.locator('#rep-tiles [data-tile="served"] .tile-label').textContent(), EN['rep.tile.served']);
	assert.equal(await tileText(page, 'served'), Number(total.served).toLocaleString('en-GB'));
	assert.equal(await page.evaluate(() => window.Chart.getChart(document.getElementById('rep-chart-hour')).data.datasets[0].label),
		EN['rep.chart.arrivals']);
	await page.click('#rep-pick [data-table="service"]');
	assert.equal(await services.locator('tbody tr[data-key="CAPMOI"] th').textContent(), capmoi.name_en);
	await page.click('#lang');
	await page.locator('#rep-body[data-lang="vi"]').waitFor();
	assert.equal(await page.locator('#tab-reports').textContent(), VI['tab.reports']);
	assert.equal(await services.locator('tbody tr[data-key="CAPMOI"] th').textContent(), capmoi.name_vi);

	/* by week: the periods are weeks */
	const [wk] = await Promise.all([
		page.waitForResponse((r) => r.url().includes('/api/v1/reports?') && r.url().includes('group=week')),
		page.selectOption('#rep-group', 'week'),
	]);
	assert.equal(wk.status(), 200);
	await page.locator('#rep-body[data-group="week"]').waitFor();
	assert.ok((await wk.json()).by.period.every((p) => /^\d{4}-W\d{2}$/.test(p.key)), 'week keys');
	assert.match(await page.locator('#rep-csv').getAttribute('href'), /group=week/);

	assert.deepEqual(errors, []);
	await page.context().close();
});

/* tickets served at counter 1 by lan, each rated at once on counter 1's
 * device, levels 1, 2, 3, 1, 3 ... (a reason for the 3s); how many */
async function serveAndRate(n) {
	const lan = await session(USERS.staff);
	await issue('CAPMOI', n);
	let rated = 0;
	for (let i = 0; i < 40; i++) {
		const next = await lan.post('/api/v1/counters/1/next');
		if (next.status === 204) break;
		assert.equal(next.status, 200);
		assert.equal((await lan.post('/api/v1/counters/1/done')).status, 200);
		const level = [1, 2, 3, 1, 3][rated % 5];
		const r = await call('POST', '/api/v1/ratings', { token: env('RATER_TOKEN'),
			body: { number: next.data.number, level, reason: level === 3 ? 1 : 0 } });
		assert.equal(r.status, 201, `rating ${next.data.number}: ${JSON.stringify(r.data)}`);
		rated++;
	}
	await lan.ctx.close();
	assert.ok(rated >= n, `rated ${rated}`);
	return rated;
}

/* today's report, asked again, and the chain as the page shows it (asked
 * with the report: "checking" from its drawing until the answer) and as
 * GET /api/v1/ratings/verify answers now */
async function todayWithChain(page) {
	const shown = await quick(page, 'today');
	await page.locator('#rep-chain:is([data-state="ok"], [data-state="broken"])').waitFor();
	const r = await page.context().request.get(`${BASE}/api/v1/ratings/verify`);
	assert.equal(r.status(), 200);
	return { ...shown, verify: await r.json() };
}

const sql = (text) => execFileSync('sqlite3', [env('DB'), text], { encoding: 'utf8' }).trim();

test('the citizens\' ratings: the API\'s figures in the tiles, chart and tables; the chain intact, then broken in red', async () => {
	await serveAndRate(5);
	const { page, errors } = await reportsPage();
	const { json, verify } = await todayWithChain(page);
	const x = json.ratings;
	const vnPct = (s) => (s === null ? '–' : `${Math.round(s * 100)}%`);
	assert.ok(x.total.rated >= 5 && x.total.served >= x.total.rated, `rated ${x.total.rated} of ${x.total.served}`);
	assert.deepEqual(x.levels.map((l) => l.vi), VI_LEVELS);

	/* the tiles: satisfaction, ratings, response rate */
	assert.equal(await rateTile(page, 'satisfaction').locator('.tile-value').textContent(), vnPct(x.total.satisfaction));
	assert.equal(await rateTile(page, 'satisfaction').getAttribute('data-value'), String(x.total.satisfaction));
	assert.equal(await rateTile(page, 'rated').locator('.tile-value').textContent(), vnNum(x.total.rated));
	assert.equal(await rateTile(page, 'response').locator('.tile-value').textContent(), vnPct(x.total.response_rate));
	assert.match(await rateTile(page, 'response').textContent(),
		new RegExp(fill(VI['rep.tile.response_sub'], { n: vnNum(x.total.rated), of: vnNum(x.total.served) })));

	/* the chain, intact: its rows */
	assert.equal(verify.ok, true);
	assert.ok(verify.rows >= x.total.rated);
	assert.equal(await page.locator('#rep-chain').textContent(), fill(VI['rep.chain.ok'], { n: vnNum(verify.rows) }));

	/* the chart: each level's share per service, stacked */
	const drawn = await page.evaluate(() => {
		const c = window.Chart.getChart(document.getElementById('rep-chart-rating'));
		return { labels: c.data.labels, data: c.data.datasets.map((d) => d.data), names: c.data.datasets.map((d) => d.label) };
	});
	assert.deepEqual(drawn.labels, x.by.service.map((r) => r.name_vi));
	assert.deepEqual(drawn.names, VI_LEVELS);
	assert.deepEqual(drawn.data, x.levels.map((l, i) => x.by.service.map((r) =>
		(r.levels[i].share === null ? null : Math.round(r.levels[i].share * 1000) / 10))));

	/* the tables: per service, then per staff member (lan served them) */
	const services = page.locator('#rep-rate-tables table[data-by="service"]');
	assert.equal(await services.locator('tbody tr[data-key]').count(), x.by.service.length);
	const capmoi = x.by.service.find((r) => r.key === 'CAPMOI');
	const row = await services.locator('tbody tr[data-key="CAPMOI"] > *').allTextContents();
	assert.deepEqual(row.slice(0, 5), [capmoi.name_vi, vnNum(capmoi.rated), vnNum(capmoi.served),
		vnPct(capmoi.response_rate), vnPct(capmoi.satisfaction)]);
	await page.click('#rep-rate-pick [data-table="staff"]');
	const staff = page.locator('#rep-rate-tables table[data-by="staff"]');
	await staff.waitFor({ state: 'visible' });
	const lan = x.by.staff.find((r) => r.key === USERS.staff.name);
	assert.equal(await staff.locator(`tbody tr[data-key="${USERS.staff.name}"] td`).first().textContent(), vnNum(lan.rated));
	await page.click('#rep-rate-pick [data-table="channel"]');
	const channels = page.locator('#rep-rate-tables table[data-by="channel"]');
	await channels.waitFor({ state: 'visible' });
	assert.equal(await channels.locator('tbody tr[data-key="counter"] th').textContent(), VI['rep.rate.channel.counter']);

	/* the reasons, the levels' waits, the wait bands */
	assert.equal(await page.locator('#rep-rate-reasons tr[data-reason="1"] td').first().textContent(),
		vnNum(x.total.reasons[0].n));
	assert.ok(x.total.reasons[0].n >= 1, 'a "Chờ lâu" given');
	assert.equal(await page.locator('#rep-rate-levels tr[data-level]').count(), x.levels.length);
	assert.equal(await page.locator('#rep-rate-levels tr[data-level="3"] td').first().textContent(), vnNum(x.total.levels[2].n));
	assert.equal(await page.locator('#rep-rate-bands tr[data-band]').count(), x.wait_bands.length);
	assert.equal(await page.locator('#rep-rate-bands tr[data-band="0"] td').first().textContent(),
		vnNum(x.total.wait_bands[0].rated));

	/* in English: the words change, the figures stay */
	await page.click('#lang');
	await page.locator('#rep-body[data-lang="en"]').waitFor();
	assert.equal(await rateTile(page, 'satisfaction').locator('.tile-label').textContent(), EN['rep.tile.satisfaction']);
	assert.equal(await page.locator('#rep-chain').textContent(),
		fill(EN['rep.chain.ok'], { n: Number(verify.rows).toLocaleString('en-GB') }));
	await page.click('#lang');
	await page.locator('#rep-body[data-lang="vi"]').waitFor();

	/* a level changed by hand in the database: the chain names the row, in red */
	const id = sql('SELECT max(id) FROM ratings');
	const level = sql(`SELECT level FROM ratings WHERE id = ${id}`);
	sql(`UPDATE ratings SET level = ${level === '1' ? 2 : 1} WHERE id = ${id}`);
	try {
		const broken = await todayWithChain(page);
		assert.equal(broken.verify.ok, false);
		assert.equal(broken.verify.problem, 'changed');
		assert.equal(String(broken.verify.row), id);
		const chain = page.locator('#rep-chain');
		assert.equal(await chain.textContent(),
			`${fill(VI['rep.chain.broken.changed'], { row: id })} (${broken.verify.message})`);
		assert.equal(await chain.evaluate((e) => getComputedStyle(e).color), 'rgb(179, 38, 30)');
		assert.equal(await chain.getAttribute('role'), 'alert');
	} finally {
		sql(`UPDATE ratings SET level = ${level} WHERE id = ${id}`);
	}
	const again = await todayWithChain(page);
	assert.equal(again.verify.ok, true, 'put back: intact again');
	await page.screenshot({ path: `${SHOTS}/reports-ratings.png`, fullPage: true });

	assert.deepEqual(errors, []);
	await page.context().close();
});

test('a range that ends before it starts: the server\'s 400 said in words, nothing else shown', async () => {
	const { page, errors } = await reportsPage();
	const { from } = await quick(page, 'today');
	const d = new Date(`${from}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() - 1);
	await page.fill('#rep-to', d.toISOString().slice(0, 10));
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.url().includes('/api/v1/reports?')),
		page.click('#rep-form button[type="submit"]'),
	]);
	assert.equal(resp.status(), 400);
	assert.equal((await resp.json()).error, 'bad_range');
	await page.locator('#rep-status', { hasText: VI['rep.err.bad_range'] }).waitFor();
	assert.equal(await page.locator('#rep-status').getAttribute('data-kind'), 'error');
	assert.equal(await page.locator('#rep-body').isVisible(), false, 'no figures of another range');
	assert.equal(await page.locator('#rep-export').isVisible(), false, 'no export of another range');
	/* a good range again */
	await quick(page, '7d');
	assert.equal(await page.locator('#rep-status').textContent(), '');
	/* the browser notes the 400 in its console; nothing else may be there */
	assert.deepEqual(errors.filter((e) => !/status of 400 .*\/api\/v1\/reports\?/.test(e)), []);
	await page.context().close();
});

test('without Chart.js the report shows its tiles and tables and says why there are no charts', async () => {
	const { page, errors } = await reportsPage({ without: true });
	const { json } = await quick(page, 'today');
	await page.locator('#rep-nocharts', { hasText: VI['rep.no_charts'] }).waitFor();
	assert.equal(await page.locator('#rep-charts').isVisible(), false);
	assert.equal(await tileText(page, 'served'), vnNum(json.total.served));
	assert.equal(await page.locator('#rep-tables table[data-by="service"] tbody tr[data-key]').count(), json.by.service.length);
	assert.equal(await page.evaluate(() => typeof window.Chart), 'undefined');
	assert.equal(await page.locator('#rep-rate-figure').isVisible(), false, 'no ratings chart either');
	assert.equal(await page.locator('#rep-rate-tiles [data-tile="rated"] .tile-value').textContent(),
		vnNum(json.ratings.total.rated));
	/* the browser notes the 404 in its console; nothing else may be there */
	assert.deepEqual(errors.filter((e) => !/status of 404 .*\/static\/vendor\/chart\.js/.test(e)), []);
	await page.context().close();
});

test('staff see no reports and the API refuses them (403), a kiosk too; nobody logged in 401', async () => {
	const ctx = await browser.newContext({ viewport: LAPTOP });
	const page = await ctx.newPage();
	await page.goto(`${BASE}/staff`);
	await page.fill('#login-name', USERS.staff2.name);
	await page.fill('#login-password', USERS.staff2.password);
	await page.click('#login-submit');
	await page.locator('#choose-view, #work-view').first().waitFor({ state: 'visible' });
	assert.equal(await page.locator('#tabs').isVisible(), false);
	assert.equal(await page.locator('#tab-reports').isVisible(), false);
	assert.equal(await page.locator('#reports-view').isVisible(), false);
	const q = 'from=2026-01-01&to=2026-01-02&group=day';
	const r = await ctx.request.get(`${BASE}/api/v1/reports?${q}`);
	assert.equal(r.status(), 403);
	assert.equal((await call('GET', `/api/v1/reports?${q}`, { token: env('KIOSK_TOKEN') })).status, 403);
	assert.equal((await call('GET', `/api/v1/reports?${q}`)).status, 401);
	assert.equal((await ctx.request.get(`${BASE}/api/v1/ratings/verify`)).status(), 403, 'the chain: a supervisor\'s');
	await ctx.close();
});

test('the exports download from the page: CSV with a UTF-8 BOM, an XLSX that openpyxl opens', async () => {
	const { page, errors } = await reportsPage();
	const { from, to } = await quick(page, 'today');
	const dir = tmpdir();
	for (const format of ['csv', 'xlsx']) {
		const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#rep-${format}`)]);
		assert.match(download.suggestedFilename(), new RegExp(`${from}.*${to}.*\\.${format}$`));
		const file = join(dir, `reports-test-${process.pid}.${format}`);
		await download.saveAs(file);
		try {
			if (format === 'csv')
				assert.deepEqual([...readFileSync(file).subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the UTF-8 BOM');
			else
				execFileSync('/usr/bin/python3', ['-c', 'import openpyxl,sys; openpyxl.load_workbook(sys.argv[1])', file]);
		} finally {
			rmSync(file); /* leave nothing of the report behind */
		}
	}
	assert.deepEqual(errors, []);
	await page.context().close();
});
