/*
 * console.test.mjs - the staff console and the lobby board in Debian's
 * Chromium against a real station-server (tests/web/run.sh starts it).
 * The tests run in order on one server; each works its own counters and
 * services (run.sh's configuration) so that none depends on another's queue:
 *   counter 1 (A, B) the six actions    counter 2 (D) keys
 *   counters 3, 4 (C) board and voice   counters 5, 6 (X) two at once
 *   counter 7 (V) the supervisor's
 * The click -> board figure is printed as "benchmark: ...".
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
	BASE, USERS, VI, EN, env, launch, call, issue, staffAction, login, chooseCounter, acting,
	currentNumber, server2, percentile,
} from './lib.mjs';

const SHOTS = process.env.SCREENSHOT_DIR || '/tmp';
const STAFF_VIEW = { width: 1366, height: 768 };
const TV = { width: 1920, height: 1080 };
let browser;
const pageErrors = [];
/* How long a test waits for an event (a page change, a reply): long enough for any loaded
 * machine; the bound only turns a hang into a clear failure.  Speeds are benchmarks. */
const EVENT = { timeout: 60000 };
let idlePage = null;
let idleSince = 0;

async function newPage(viewport = STAFF_VIEW, b = browser) {
	const ctx = await b.newContext({ viewport });
	const page = await ctx.newPage();
	page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
	return page;
}

async function staffPage(user, counter) {
	const page = await newPage();
	await login(page, user);
	if (counter) await chooseCounter(page, counter);
	return page;
}

async function boardPage(base = BASE) {
	const page = await newPage(TV);
	await page.goto(`${base}/board`);
	await page.waitForFunction(() => window.boardState && window.boardState.last !== null);
	return page;
}

const status = (page) => page.locator('#status').textContent();
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => vars[k]);

before(async () => {
	browser = await launch();
	/* the idle logout needs 60 s: its page starts now, its check is last */
	await server2.start();
	idlePage = await newPage();
	await login(idlePage, USERS.idle, server2.base);
	await chooseCounter(idlePage, 1);
	idleSince = Date.now();
});

after(async () => {
	await browser?.close();
	await server2.stop();
});

test('the pages and their files are served', async () => {
	for (const [path, type] of [['/staff', 'text/html'], ['/board', 'text/html'],
		['/static/staff.js', 'javascript'], ['/static/board.css', 'text/css'],
		['/static/i18n-vi.json', 'application/json'], ['/static/silence.wav', 'audio/wav'],
		['/static/vendor/chart.js', 'javascript']]) {
		const r = await fetch(BASE + path);
		assert.equal(r.status, 200, path);
		assert.match(r.headers.get('content-type'), new RegExp(type), path);
	}
	/* Chart.js is Debian's file at [server] chartjs: the second server's is missing */
	assert.match(await (await fetch(`${BASE}/static/vendor/chart.js`)).text(), /Chart\.js v3\./);
	assert.equal((await fetch(`${server2.base}/static/vendor/chart.js`)).status, 404);
	for (const bad of ['/static/..%2Fkiosk.conf', '/static/nope.js', '/static/.hidden.js'])
		assert.equal((await fetch(BASE + bad)).status, 404, bad);
});

test('a wrong password is refused with a message; five in a row lock the account', async () => {
	const page = await newPage();
	await page.goto(`${BASE}/staff`);
	await page.fill('#login-name', USERS.locked.name);
	await page.fill('#login-password', 'not-the-password');
	await page.click('#login-submit');
	await page.locator('#login-msg', { hasText: VI['login.failed'] }).waitFor();
	assert.equal(await page.locator('#login-view').isVisible(), true);
	let text = '';
	for (let i = 0; i < 6 && text !== VI['login.locked']; i++) {
		await page.fill('#login-password', 'still-not-it');
		await page.evaluate(() => { document.querySelector('#login-msg').textContent = ''; });
		await page.click('#login-submit');
		await page.waitForFunction(() => document.querySelector('#login-submit').disabled === false &&
			document.querySelector('#login-msg').textContent !== '' &&
			!document.querySelector('#login-msg').textContent.endsWith('…'));
		text = await page.locator('#login-msg').textContent();
	}
	assert.equal(text, VI['login.locked']);
	/* locked: even the right password is refused for now */
	await page.fill('#login-password', USERS.locked.password);
	await page.click('#login-submit');
	await page.locator('#login-msg', { hasText: VI['login.locked'] }).waitFor();
	await page.context().close();
});

test('log in, choose a counter; a reload keeps both; the English switch is remembered', async () => {
	const page = await staffPage(USERS.staff);
	assert.match(await page.locator('#who').textContent(), /lan/);
	assert.equal(await page.locator('#tabs').isVisible(), false, 'staff see no supervisor tab');
	await chooseCounter(page, 1);
	assert.equal(await page.locator('#counter-name').textContent(), 'Quầy 1');
	await page.reload();
	await page.locator('#work-view').waitFor({ state: 'visible' });
	assert.equal(await page.locator('#counter-name').textContent(), 'Quầy 1');

	await page.click('#lang');
	await page.locator('[data-action="next"] span', { hasText: EN['btn.next'] }).waitFor();
	assert.equal(await page.locator('#counter-name').textContent(), 'Counter 1');
	await page.reload();
	await page.locator('[data-action="next"] span', { hasText: EN['btn.next'] }).waitFor();
	assert.equal(await page.locator('#lang').textContent(), EN['lang.switch']);
	await page.click('#lang');
	await page.locator('[data-action="next"] span', { hasText: VI['btn.next'] }).waitFor();
	assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');

	await page.click('#logout');
	await page.locator('#login-msg', { hasText: VI['login.logged_out'] }).waitFor();
	await page.context().close();
});

test('next, recall, no-show, done, transfer and call a given number (counter 1)', async () => {
	const page = await staffPage(USERS.staff, 1);
	const issued = await issue('CAPMOI', 3);
	const next = () => acting(page, 'next', () => page.click('[data-action="next"]'));

	const r1 = await next();
	assert.equal(r1.status, 200);
	assert.equal(r1.data.number, issued[0], 'the first waiting ticket');
	assert.equal(await currentNumber(page), r1.data.number);
	assert.equal(await page.locator('#current-state').textContent(), VI['state.called']);
	assert.equal(await status(page), fill(VI['msg.called'], { number: r1.data.number }));
	/* the timer ticks, from called_at */
	await page.waitForFunction(() => /^0:0[1-9]$/.test(document.querySelector('#current-timer').textContent),
		null, EVENT);

	const rc = await acting(page, 'recall', () => page.click('[data-action="recall"]'));
	assert.equal(rc.status, 200);
	assert.equal(rc.data.number, r1.data.number);
	assert.equal(await status(page), fill(VI['msg.recalled'], { number: r1.data.number }));
	assert.equal(await currentNumber(page), r1.data.number);

	const rn = await acting(page, 'no-show', () => page.click('[data-action="no-show"]'));
	assert.equal(rn.status, 200);
	assert.equal(await currentNumber(page), '');
	assert.equal(await page.locator('#current-number').textContent(), VI['current.none']);
	assert.equal(await status(page), fill(VI['msg.noshow'], { number: r1.data.number }));

	const r2 = await next();
	assert.equal(r2.status, 200);
	assert.ok(issued.includes(r2.data.number));
	assert.equal(await currentNumber(page), r2.data.number);
	const rd = await acting(page, 'done', () => page.click('[data-action="done"]'));
	assert.equal(rd.status, 200);
	assert.equal(await currentNumber(page), '');
	assert.equal(await status(page), fill(VI['msg.done'], { number: r2.data.number }));

	/* transfer: pick a service; the citizen waits there now */
	const waitingB = Number(await page.locator('#queue-list [data-service="CAPDOI"]').getAttribute('data-waiting'));
	const r3 = await next();
	assert.equal(r3.status, 200);
	await page.click('[data-action="transfer"]');
	await page.locator('#transfer-dialog').waitFor({ state: 'visible' });
	assert.equal(await page.locator('#transfer-list [data-service="CAPMOI"]').count(), 0,
		'not to its own service');
	const rt = await acting(page, 'transfer', () => page.click('#transfer-list [data-service="CAPDOI"]'));
	assert.equal(rt.status, 200);
	assert.equal(rt.data.number, r3.data.number);
	assert.equal(await page.locator('#transfer-dialog').isVisible(), false);
	assert.equal(await status(page), fill(VI['msg.transferred'], { number: r3.data.number, service: 'Cấp đổi thẻ căn cước' }));
	assert.equal(await currentNumber(page), '');
	await page.locator(`#queue-list [data-service="CAPDOI"][data-waiting="${waitingB + 1}"]`).waitFor();

	/* call a given waiting number */
	const [wanted] = await issue('CAPMOI', 1);
	await page.click('[data-action="call"]');
	await page.locator('#call-dialog').waitFor({ state: 'visible' });
	await page.fill('#call-number', '12');
	await page.press('#call-number', 'Enter');
	assert.equal(await page.locator('#call-msg').textContent(), VI['call.bad']);
	await page.fill('#call-number', wanted.toLowerCase());
	const rg = await acting(page, 'call', () => page.press('#call-number', 'Enter'));
	assert.equal(rg.status, 200);
	assert.equal(rg.data.number, wanted);
	assert.equal(await currentNumber(page), wanted);
	assert.equal(rg.data.state, 'called');

	/* a number that does not exist: refused, nothing changes */
	await page.click('[data-action="call"]');
	await page.fill('#call-number', 'A999');
	const ru = await acting(page, 'call', () => page.press('#call-number', 'Enter'));
	assert.equal(ru.status, 404);
	assert.equal(await status(page), VI['err.unknown_ticket']);
	assert.equal(await currentNumber(page), wanted);

	/* nobody left: 204 and its message */
	let last;
	for (let i = 0; i < 10; i++) {
		last = await next();
		if (last.status === 204) break;
	}
	assert.equal(last.status, 204);
	assert.equal(await status(page), VI['msg.nobody']);
	assert.equal(await currentNumber(page), '');
	/* recall with nobody: 409 no_citizen, said so */
	const rr = await acting(page, 'recall', () => page.click('[data-action="recall"]'));
	assert.equal(rr.status, 409);
	assert.equal(await status(page), VI['err.no_citizen']);
	await page.context().close();
});

test('keys: Space and F1-F6 act once; a held key, a double click, typing and F5 do not (counter 2)', async () => {
	const page = await staffPage(USERS.staff, 2);
	await issue('TICHHOP', 8);
	const posts = [];
	page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/counters/2/')) posts.push(r.url().split('/').pop()); });
	const settle = async () => {
		await page.waitForFunction(() => !document.querySelector('[data-action="next"]').disabled);
		/* a marker request from the page itself: the browser reports requests in
		 * the order the page makes them, so a second action the keys caused shows
		 * before it; no sleep that a loaded machine outlasts */
		await Promise.all([page.waitForRequest((r) => r.url().endsWith('/api/v1/health?settle')),
			page.evaluate(() => fetch('/api/v1/health?settle'))]);
	};

	const a = await acting(page, 'next', () => page.keyboard.press(' '));
	assert.equal(a.status, 200);
	assert.equal(await currentNumber(page), a.data.number);
	assert.equal((await acting(page, 'recall', () => page.keyboard.press('F2'))).data.number, a.data.number);
	assert.equal((await acting(page, 'done', () => page.keyboard.press('F4'))).status, 200);
	const b = await acting(page, 'next', () => page.keyboard.press('F1'));
	assert.equal(await currentNumber(page), b.data.number);
	assert.equal((await acting(page, 'no-show', () => page.keyboard.press('F3'))).status, 200);
	await settle();
	assert.deepEqual(posts, ['next', 'recall', 'done', 'next', 'no-show']);

	/* Space with another button focused is still "next", once */
	posts.length = 0;
	await page.focus('[data-action="done"]');
	await acting(page, 'next', () => page.keyboard.press(' '));
	await settle();
	assert.deepEqual(posts, ['next']);

	/* a held key repeats: one action */
	posts.length = 0;
	await acting(page, 'next', async () => {
		await page.keyboard.down('F1');
		await page.keyboard.down('F1');
		await page.keyboard.down('F1');
		await page.keyboard.up('F1');
	});
	await settle();
	assert.deepEqual(posts, ['next']);

	/* a double click: one action */
	posts.length = 0;
	await acting(page, 'next', () => page.dblclick('[data-action="next"]'));
	await settle();
	assert.deepEqual(posts, ['next']);

	/* F6 opens the number field; keys typed there are text, not actions */
	posts.length = 0;
	await page.keyboard.press('F6');
	await page.locator('#call-dialog').waitFor({ state: 'visible' });
	await page.keyboard.type('D0 ');
	await page.keyboard.press('F1');
	await page.keyboard.press('F4');
	await settle();
	assert.deepEqual(posts, []);
	assert.equal(await page.locator('#call-dialog').isVisible(), true);
	assert.equal(await page.inputValue('#call-number'), 'D0 ');
	await page.keyboard.press('Escape');
	await page.locator('#call-dialog').waitFor({ state: 'hidden' });

	/* F5 transfers, and never reloads the page */
	await page.evaluate(() => { window.notReloaded = true; });
	await page.keyboard.press('F5');
	await page.locator('#transfer-dialog').waitFor({ state: 'visible' });
	await page.keyboard.press('Escape');
	assert.equal(await page.evaluate(() => window.notReloaded), true);
	await page.context().close();
});

test('without a session 401; without or with a wrong CSRF token 403; staff are not supervisors', async () => {
	const anon = await browser.newContext();
	let r = await anon.request.post(`${BASE}/api/v1/counters/1/next`);
	assert.equal(r.status(), 401);
	r = await anon.request.get(`${BASE}/api/v1/session`);
	assert.equal(r.status(), 401);

	const ctx = await browser.newContext();
	r = await ctx.request.post(`${BASE}/api/v1/login`, { data: USERS.staff2 });
	assert.equal(r.status(), 200);
	const me = await r.json();
	assert.equal(me.name, USERS.staff2.name);
	assert.equal(me.role, 'staff');
	assert.ok(me.csrf && me.idle_seconds > 0);
	assert.match(r.headers()['set-cookie'], /session=.*Path=\/api.*HttpOnly.*SameSite=Strict/is);
	r = await ctx.request.get(`${BASE}/api/v1/session`);
	assert.equal(r.status(), 200);
	assert.equal((await r.json()).csrf, me.csrf);

	r = await ctx.request.post(`${BASE}/api/v1/counters/7/recall`);
	assert.equal(r.status(), 403);
	assert.equal((await r.json()).error, 'csrf');
	r = await ctx.request.post(`${BASE}/api/v1/counters/7/recall`, { headers: { 'X-CSRF-Token': 'x'.repeat(43) } });
	assert.equal(r.status(), 403);
	r = await ctx.request.post(`${BASE}/api/v1/counters/7/recall`, { headers: { 'X-CSRF-Token': me.csrf } });
	assert.equal(r.status(), 409, 'with the token it is the queue that answers');
	r = await ctx.request.post(`${BASE}/api/v1/services/VNEID2/enabled`,
		{ headers: { 'X-CSRF-Token': me.csrf }, data: { enabled: false } });
	assert.equal(r.status(), 403);
	assert.equal((await r.json()).error, 'supervisor_only');

	r = await ctx.request.post(`${BASE}/api/v1/logout`, { headers: { 'X-CSRF-Token': me.csrf } });
	assert.equal(r.status(), 200);
	r = await ctx.request.post(`${BASE}/api/v1/counters/7/recall`, { headers: { 'X-CSRF-Token': me.csrf } });
	assert.equal(r.status(), 401, 'after logout');
	await anon.close();
	await ctx.close();
});

test('a session ended elsewhere: the next action brings the login form back with a message', async () => {
	const page = await staffPage(USERS.revoked, 7);
	execFileSync(env('STATION_SERVER'), ['--config', env('CONF'), '--db', env('DB'), 'user', 'revoke', 'revoked']);
	const r = await acting(page, 'next', () => page.keyboard.press('F1'));
	assert.equal(r.status, 401);
	await page.locator('#login-view').waitFor({ state: 'visible' });
	assert.equal(await page.locator('#login-msg').textContent(), VI['login.expired']);
	assert.equal(await page.locator('#work-view').isVisible(), false);
	await page.context().close();
});

test('two counters pressing next at the same moment get two different tickets, none skipped', async () => {
	const p5 = await staffPage(USERS.staff, 5);
	const p6 = await staffPage(USERS.staff2, 6);
	const issued = await issue('XACNHAN', 12);
	const called = [];
	for (let round = 0; round < 6; round++) {
		const [a, b] = await Promise.all([
			acting(p5, 'next', () => (round % 2 ? p5.click('[data-action="next"]') : p5.keyboard.press('F1'))),
			acting(p6, 'next', () => (round % 2 ? p6.click('[data-action="next"]') : p6.keyboard.press('F1'))),
		]);
		assert.equal(a.status, 200);
		assert.equal(b.status, 200);
		assert.notEqual(a.data.number, b.data.number);
		called.push(a.data.number, b.data.number);
		assert.equal(await currentNumber(p5), a.data.number);
		assert.equal(await currentNumber(p6), b.data.number);
	}
	assert.deepEqual([...called].sort(), [...issued].sort(), 'each ticket once, none skipped');
	await p5.context().close();
	await p6.context().close();
});

test('supervisor: a service off for today reaches the staff page and the board; counters\' services; paper out', async () => {
	const sup = await staffPage(USERS.supervisor);
	await sup.locator('#tabs').waitFor({ state: 'visible' });
	const staff = await staffPage(USERS.staff, 7);
	const board = await boardPage();
	await sup.click('#tab-sup');
	await sup.locator('#sup-view').waitFor({ state: 'visible' });
	await sup.locator('#sup-counters tr[data-counter="7"]').waitFor();

	await sup.click('#sup-services [data-toggle="VNEID2"]');
	await sup.locator('#sup-status', { hasText: 'Đã tạm ngừng' }).waitFor();
	await staff.locator('#queue-list [data-service="VNEID2"][data-enabled="false"]').waitFor(EVENT);
	await board.locator('#services [data-service="VNEID2"].off').waitFor(EVENT);
	assert.equal(await sup.locator('#sup-services tr[data-service="VNEID2"]').getAttribute('class'), 'off');
	await sup.click('#sup-services [data-toggle="VNEID2"]');
	await staff.locator('#queue-list [data-service="VNEID2"][data-enabled="true"]').waitFor(EVENT);
	await board.locator('#services [data-service="VNEID2"]:not(.off)').waitFor(EVENT);

	/* counter 7 also serves CAPDOI, then only VNEID2 again */
	await sup.click('[data-edit="7"]');
	await sup.check('#sup-counters tr[data-counter="7"] input[value="CAPDOI"]');
	await sup.click('#sup-counters tr[data-counter="7"] button.primary');
	await sup.locator('#sup-counters tr[data-counter="7"] .chip', { hasText: 'Cấp đổi thẻ căn cước' }).waitFor();
	await staff.locator('#queue-list li.mine[data-service="CAPDOI"]').waitFor(EVENT);
	let q = await call('GET', '/api/v1/queue', { token: env('KIOSK_TOKEN') });
	assert.deepEqual(q.data.counters.find((c) => c.counter === 7).services.sort(), ['CAPDOI', 'VNEID2']);
	await sup.click('[data-edit="7"]');
	await sup.uncheck('#sup-counters tr[data-counter="7"] input[value="CAPDOI"]');
	/* the status line still says "saved" from the first save: wait for this one's answer */
	const [saved] = await Promise.all([
		sup.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/counters/7/services')),
		sup.click('#sup-counters tr[data-counter="7"] button.primary'),
	]);
	assert.equal(saved.status(), 200);
	await sup.locator('#sup-status', { hasText: VI['msg.saved'] }).waitFor();
	q = await call('GET', '/api/v1/queue', { token: env('KIOSK_TOKEN') });
	assert.deepEqual(q.data.counters.find((c) => c.counter === 7).services, ['VNEID2']);

	/* a kiosk's printer runs out of paper: said at once, prominently */
	const report = (printer) => call('POST', '/api/v1/devices/status',
		{ token: env('KIOSK_TOKEN'), body: { printer, detail: '', pending: 0 } });
	assert.equal((await report('paper_out')).status, 200);
	await sup.locator('#alerts', { hasText: 'HẾT GIẤY' }).waitFor(EVENT);
	await sup.locator('#sup-devices [data-device="lobby-1"][data-printer="paper_out"]').waitFor();
	await sup.click('#tab-counter');
	assert.equal(await sup.locator('#alerts').isVisible(), true, 'seen from the counter tab too');
	assert.equal((await report('ok')).status, 200);
	await sup.locator('#alerts').waitFor({ state: 'hidden', ...EVENT });
	/* its scanner pulled out, then put back (issue 13) */
	const scanner = (state) => call('POST', '/api/v1/devices/status',
		{ token: env('KIOSK_TOKEN'), body: { printer: 'ok', detail: '', pending: 0, scanner: state } });
	assert.equal((await scanner('unplugged')).status, 200);
	await sup.locator('#alerts', { hasText: VI['scanner.unplugged'] }).waitFor(EVENT);
	/* (the counter tab is still shown: the list is there, out of sight) */
	await sup.locator('#sup-devices [data-device="lobby-1"][data-scanner="unplugged"].bad').waitFor({ state: 'attached' });
	assert.equal((await scanner('ok')).status, 200);
	await sup.locator('#alerts').waitFor({ state: 'hidden', ...EVENT });
	await sup.locator('#sup-devices [data-device="lobby-1"][data-scanner="ok"]', { hasText: VI['scanner.ok'] })
		.waitFor({ state: 'attached' });
	await sup.context().close();
	await staff.context().close();
	await board.context().close();
});

test('the board shows a call within 1 s of the staff click (benchmark over 30 calls)', async () => {
	const board = await boardPage();
	const staff = await staffPage(USERS.staff, 3);
	await issue('TRATHE', 31);
	/* the click as the page gets it; both pages read the same machine clock */
	await staff.evaluate(() => document.addEventListener('click', () => { window.clickAt = Date.now(); }, true));
	const lat = [], driven = [];
	for (let i = 0; i < 30; i++) {
		const t0 = Date.now();
		const r = await acting(staff, 'next', () => staff.click('[data-action="next"]'));
		assert.equal(r.status, 200);
		const h = await board.waitForFunction((n) => window.boardState.shownAt[n], r.data.number, EVENT);
		const shown = await h.jsonValue();
		lat.push(shown - await staff.evaluate(() => window.clickAt));
		driven.push(shown - t0);
		assert.equal(await board.locator(`#calls li[data-number="${r.data.number}"]`).count(), 1);
	}
	const figures = (xs) => {
		xs.sort((a, b) => a - b);
		return `p50 ${percentile(xs, 50)} ms, p99 ${percentile(xs, 99)} ms, max ${xs[xs.length - 1]} ms`;
	};
	console.log(`benchmark: staff click -> board shows the call, ${lat.length} calls: ${figures(lat)}`);
	console.log(`benchmark: the same from the test driver's click command (Playwright's checks included): ${figures(driven)}`);
	/* the figures are a benchmark, printed above; asserting them would fail on a loaded machine */

	/* the timer shows a second or so */
	await staff.waitForFunction(() => /^0:0[1-9]$/.test(document.querySelector('#current-timer').textContent),
		null, EVENT);
	await staff.screenshot({ path: `${SHOTS}/staff.png` });
	await board.context().close();
	await staff.context().close();
});

test('two calls within a second: both listed at once, each the big one for 4 s in turn', async () => {
	const board = await boardPage();
	await issue('TRATHE', 2);
	const a = await staffAction(3, 'next');
	const b = await staffAction(4, 'next');
	assert.equal(a.status, 200);
	assert.equal(b.status, 200);
	await board.waitForFunction(([x, y]) => window.boardState.calls.slice(0, 2).map((c) => c.number).join() === `${y},${x}`,
		[a.data.number, b.data.number], EVENT);
	assert.equal(await board.locator('#now').getAttribute('data-number'), a.data.number);
	await board.screenshot({ path: `${SHOTS}/board-web.png` });
	/* how long the first stayed the big one is measured by the page itself
	 * (below): a wall-clock sleep here would race a loaded machine */
	await board.waitForFunction((y) => window.boardState.highlighted?.number === y, b.data.number, EVENT);
	const hs = await board.evaluate(() => window.boardState.highlights);
	assert.deepEqual(hs.map((h) => h.number), [a.data.number, b.data.number]);
	assert.ok(hs[1].at - hs[0].at >= 3950, `the first was the big one for ${hs[1].at - hs[0].at} ms`);
	assert.equal(await board.locator('#calls li.hl').getAttribute('data-number'), b.data.number);
	assert.equal(await board.locator(`#calls li[data-number="${a.data.number}"]`).count(), 1);
	await board.context().close();
});

test('board voice: calls play in order, one at a time; a recall plays again', async () => {
	const board = await boardPage();
	const asked = [];
	board.on('request', (r) => { if (r.url().includes('/voice?')) asked.push(new URL(r.url()).search); });
	await issue('TRATHE', 2);
	const a = await staffAction(3, 'next');
	const b = await staffAction(4, 'next');
	const c = await staffAction(3, 'recall');
	assert.deepEqual([a.status, b.status, c.status], [200, 200, 200]);
	const want = [[a.data.number, 3], [b.data.number, 4], [a.data.number, 3]];
	await board.waitForFunction(() => window.boardState.audio.played.length >= 3, null, { timeout: 120000 });
	const played = await board.evaluate(() => window.boardState.audio.played);
	assert.deepEqual(played.map((p) => [p.number, p.counter]), want);
	assert.deepEqual(played.map((p) => p.kind), ['called', 'called', 'recalled']);
	for (let i = 1; i < played.length; i++)
		assert.ok(played[i].startedAt >= played[i - 1].endedAt, 'no two voices at once');
	/* the endpoint was asked in that order (a media load may ask twice in a row) */
	const distinct = asked.filter((s, i) => s !== asked[i - 1]);
	assert.deepEqual(distinct, want.map(([n, k]) => `?number=${n}&counter=${k}`));
	const v = await fetch(`${BASE}/voice?number=${a.data.number}&counter=3`);
	if (v.status === 200) {
		assert.match(v.headers.get('content-type'), /audio\/wav/);
		assert.deepEqual(played.map((p) => p.result), ['ended', 'ended', 'ended']);
	} else {
		assert.equal(v.status, 404, 'no clips: 404');
		assert.deepEqual(played.map((p) => p.result), ['error', 'error', 'error']);
	}
	await board.context().close();
});

test('board: without autoplay permission a tap turns the sound on', async () => {
	const strict = await launch([], false);
	try {
		const page = await newPage(TV, strict);
		/* The browser's rule, pinned: play() before the user has tapped is refused with
		 * NotAllowedError.  Chromium launched without the autoplay switch applies it too,
		 * but under load it let the first play() through, and once in CI it even reported
		 * navigator.userActivation.hasBeenActive on a page nobody had touched (its own
		 * heuristics for a browser-started navigation).  So the rule is kept here: a
		 * trusted pointer or key event on the page is the only thing that allows play(). */
		await page.addInitScript(() => {
			let tapped = false;
			const onGesture = (e) => { if (e.isTrusted) tapped = true; };
			for (const type of ['pointerdown', 'mousedown', 'keydown', 'touchstart'])
				window.addEventListener(type, onGesture, true);
			const play = HTMLMediaElement.prototype.play;
			HTMLMediaElement.prototype.play = function () {
				if (!tapped)
					return Promise.reject(new DOMException('a user gesture is needed', 'NotAllowedError'));
				return play.call(this);
			};
		});
		await page.goto(`${BASE}/board`);
		/* the page decides once its first play() of silence is answered: wait for that
		 * decision, however long a loaded machine takes (a 5 s bound failed in CI) */
		await page.waitForFunction(() => !document.getElementById('unlock').hidden ||
			window.boardState?.audio?.unlocked === true, null, { timeout: 0 });
		const seen = await page.evaluate(() => ({ hidden: document.getElementById('unlock').hidden,
			unlocked: window.boardState.audio.unlocked, body: document.body.className }));
		assert.equal(await page.locator('#unlock').isVisible(), true,
			`autoplay was refused, so the overlay must ask for a tap (${JSON.stringify(seen)})`);
		assert.equal(await page.locator('#unlock-button').textContent().then((s) => s.includes(VI['board.unlock'])), true);
		assert.equal(await page.evaluate(() => window.boardState.audio.unlocked), false);
		await page.click('#unlock-button');
		await page.locator('#unlock').waitFor({ state: 'hidden' });
		assert.equal(await page.evaluate(() => window.boardState.audio.unlocked), true);
	} finally {
		await strict.close();
	}
});

test('the board recovers by itself after the server restarts', async () => {
	const board = await boardPage(server2.base);
	await server2.stop();
	await board.locator('#conn').waitFor({ state: 'visible', ...EVENT });
	await server2.start();
	await issue('CAPMOI', 1, server2.base);
	const n = await staffAction(1, 'next', undefined, server2.base);
	assert.equal(n.status, 200);
	await board.locator(`#calls li[data-number="${n.data.number}"]`).waitFor({ timeout: 35000 });
	await board.locator('#conn').waitFor({ state: 'hidden' });
	assert.equal(await board.evaluate(() => window.boardState.connected), true);
	await board.context().close();
});

test('a session unused for staff_idle (60 s) ends: the login form comes back by itself', async () => {
	const left = idleSince + 60000 - Date.now();
	if (left > 3000)
		assert.equal(await idlePage.locator('#work-view').isVisible(), true, 'still logged in before 60 s');
	/* the page learns it at its next long-poll (25 s at most) */
	await idlePage.locator('#login-view').waitFor({ state: 'visible', timeout: Math.max(left, 0) + 45000 });
	assert.equal(await idlePage.locator('#login-msg').textContent(), VI['login.expired']);
	assert.ok(Date.now() - idleSince >= 59000, 'not before its time');
});

test('no page had a script error', () => {
	assert.deepEqual(pageErrors, []);
});
