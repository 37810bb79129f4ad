/*
 * ticket.test.mjs - a ticket's live page (/t/<token>, www/ticket.*) on a
 * phone in Debian's Chromium (360x740, touch), against a real station-server
 * of its own (own-server.mjs) with its public listener ([public] listen and
 * url on a free port).  Tickets are issued through the API as the kiosk
 * lobby-1 with a page token made as the kiosk makes it (page-token,
 * $PAGE_TOKEN: core/ticket_page.c), and called and finished with the staff
 * tool's token.  The page follows the queue without reload, alerts when
 * near and when called (vibrate, the chime's oscillator and Notification
 * are recorded by an init script), catches up after the Wi-Fi came back,
 * takes one rating, follows a ticket the server had not received yet, says
 * "not found" for a wrong token, stays small, asks nothing of another
 * origin, and switches to English.  With $KIOSK_TAP (the kiosk's headless
 * tap-and-print program) the real kiosk's slip QR opens the same number.
 * Run by run.sh (ctest web_ticket: WEB_TESTS=ticket.test.mjs); ticket.png.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'acorn';
import { env, launch, call } from './lib.mjs';
import { ownServer, mergeConf } from './own-server.mjs';

const SHOTS = process.env.SCREENSHOT_DIR || '/tmp';
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/* How long a test waits for an event: only turns a hang into a clear failure. */
const EVENT = { timeout: 60000 };
const KIOSK = env('KIOSK_TOKEN');
const STAFF = env('STAFF_TOKEN');
const HOTLINE = '0274 3 123 456';

let browser, srv, pub;
const requests = [];   /* every URL the phones asked for */
const pageErrors = [];

/* a kiosk's page token for a ticket of today */
const pageToken = () => execFileSync(env('PAGE_TOKEN'), [KIOSK]).toString().trim();

let refs = 0;
/* a ticket as the kiosk lobby-1 issues it, with its page: {number, token} */
async function kioskTicket(service, token = pageToken()) {
	const r = await call('POST', '/api/v1/tickets', {
		token: KIOSK, base: srv.base,
		body: { service, client_ref: `lobby-1:tp-${process.pid}-${++refs}`, priority: false, page: token },
	});
	assert.equal(r.status, 201, JSON.stringify(r.data));
	return { number: r.data.number, token };
}

async function staff(counter, action) {
	const r = await call('POST', `/api/v1/counters/${counter}/${action}`, { token: STAFF, base: srv.base });
	assert.ok(r.status === 200 || r.status === 204, `${action} at ${counter}: ${r.status} ${JSON.stringify(r.data)}`);
	return r.data;
}

const stateOf = async (token) => (await call('GET', `/t/${token}/state`, { base: pub })).data;

/* a phone: its own context (storage, network), the alerts recorded */
async function phone() {
	const ctx = await browser.newContext(PHONE);
	await ctx.addInitScript(() => {
		window.__vibrations = [];
		Object.defineProperty(Navigator.prototype, 'vibrate', {
			configurable: true, value(p) { window.__vibrations.push(p); return true; } });
		window.__chimes = 0;
		const start = OscillatorNode.prototype.start;
		OscillatorNode.prototype.start = function (...a) { window.__chimes++; return start.apply(this, a); };
		window.__notes = [];
		window.__permission = 'default';
		class FakeNotification {
			constructor(title, o) { window.__notes.push({ title, body: o && o.body }); }
			static get permission() { return window.__permission; }
			static requestPermission() { window.__permission = 'granted'; return Promise.resolve('granted'); }
		}
		window.Notification = FakeNotification;
	});
	ctx.on('request', (rq) => requests.push(rq.url()));
	const page = await ctx.newPage();
	page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
	return page;
}

const until = (page, fn, arg) => page.waitForFunction(fn, arg, EVENT);
const text = (page, sel) => page.locator(sel).innerText();

async function open(token, view = 'ticket') {
	const page = await phone();
	await page.goto(`${pub}/t/${token}`);
	await until(page, (v) => window.ticketState && window.ticketState.view === v, view);
	return page;
}

const aheadIs = (page, n) => until(page, (k) => {
	const a = window.ticketState.answer;
	return a && a.ticket && a.ticket.state === 'waiting' && a.ticket.ahead === k &&
		document.getElementById('ahead').textContent === `Số người chờ trước: ${k}`;
}, n);

before(async () => {
	browser = await launch();
	srv = await ownServer([], `[station]\nhotline = ${HOTLINE}\n`, { publicListener: true });
	pub = srv.publicBase;
	/* the public listener may come up just after the API's */
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${pub}/t/s/ticket.css`)).status === 200) break;
		} catch { /* not yet */ }
		if (i > 1200) throw new Error(`the public listener did not start: ${srv.log()}`);
		await sleep(50);
	}
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

test('the page of a kiosk ticket: number, service, people ahead, wait, unit, hotline', async () => {
	for (let i = 0; i < 4; i++) await kioskTicket('TICHHOP');
	const me = await kioskTicket('TICHHOP');
	const page = await open(me.token);
	assert.equal(await text(page, '#number'), me.number);
	assert.equal(await text(page, '#service'), 'Tích hợp, cập nhật thông tin');
	assert.equal(await text(page, '#state'), 'Đang chờ');
	await aheadIs(page, 4);
	const s = await stateOf(me.token);
	assert.equal(s.ticket.ahead, 4);
	const want = s.ticket.wait_min === s.ticket.wait_max ? `${s.ticket.wait_min} phút`
		: `${s.ticket.wait_min}–${s.ticket.wait_max} phút`;
	assert.equal(await text(page, '#wait .range'), want);
	assert.equal(await text(page, '#unit'), 'Công an phường Thử Nghiệm');
	assert.equal(await page.locator('#hotline').getAttribute('href'), 'tel:02743123456');
	assert.equal(await text(page, '#hotline'), HOTLINE);
	assert.ok(await page.locator('#stale').isHidden());
	assert.ok(await page.locator('#notify').isVisible(), 'the button that asks for notifications');
	assert.equal(await page.title(), `Số ${me.number}`);

	/* ---- calls ahead reach the page without reload; the alert at near ---- */
	await page.evaluate(() => { window.__same = true; });
	await page.tap('#notify'); /* a tap: sound allowed, notifications granted */
	await until(page, () => !document.getElementById('notify-on').hidden);
	const t0 = Date.now();
	await staff(2, 'next');
	await aheadIs(page, 3); /* near = 3 */
	console.log(`benchmark: the page showed a call ahead ${Date.now() - t0} ms after the API answered`);
	await until(page, () => !document.getElementById('banner').hidden);
	assert.equal(await text(page, '#banner-text'), 'Sắp đến lượt ông/bà');
	let seen = await page.evaluate(() => ({ v: window.__vibrations, c: window.__chimes, n: window.__notes,
		a: window.ticketState.alerts.map((x) => x.kind), same: window.__same }));
	assert.deepEqual(seen.v, [[300, 100, 300]]);
	assert.ok(seen.c > 0, 'the chime started an oscillator');
	assert.equal(seen.n.length, 1, 'a notification (permission granted)');
	assert.deepEqual(seen.a, ['near']);
	assert.equal(seen.same, true, 'no reload');
	await page.tap('#banner-ok');
	assert.ok(await page.locator('#banner').isHidden());

	/* nearer still: no second alert for the same crossing */
	for (const n of [2, 1, 0]) {
		await staff(2, 'next');
		await aheadIs(page, n);
	}
	assert.equal(await text(page, '#wait'), 'Sắp đến lượt');
	assert.deepEqual(await page.evaluate(() => window.ticketState.alerts.map((x) => x.kind)), ['near']);

	/* its own call: to counter 2 */
	const called = await staff(2, 'next');
	assert.equal(called.number, me.number);
	await until(page, () => document.getElementById('state').textContent === 'Mời đến Quầy 2');
	await until(page, () => !document.getElementById('banner').hidden);
	assert.equal(await text(page, '#banner-text'), 'Xin mời ông/bà đến Quầy 2');
	seen = await page.evaluate(() => ({ v: window.__vibrations.length, a: window.ticketState.alerts.map((x) => x.kind) }));
	assert.equal(seen.v, 2);
	assert.deepEqual(seen.a, ['near', 'call']);
	assert.ok(await page.locator('#ahead').isHidden());
	assert.ok(await page.locator('#serving-list li.me').isVisible(), 'its number among those served');
	assert.equal(await page.evaluate(() => window.__same), true, 'no reload');
	await page.screenshot({ path: join(SHOTS, 'ticket.png') });
	await page.context().close();
});

test('Wi-Fi lost: "updated at" shows; back online the page catches up', async () => {
	await kioskTicket('XACNHAN');
	await kioskTicket('XACNHAN');
	const me = await kioskTicket('XACNHAN');
	const page = await open(me.token);
	await aheadIs(page, 2);
	await page.context().setOffline(true);
	await until(page, () => !document.getElementById('stale').hidden);
	assert.match(await text(page, '#stale'), /^Cập nhật lúc \d\d:\d\d:\d\d\b/);
	await staff(5, 'next');
	await staff(5, 'next');
	const c = await staff(5, 'next');
	assert.equal(c.number, me.number);
	assert.equal(await page.evaluate(() => window.ticketState.answer.ticket.ahead), 2, 'nothing came while offline');
	await page.context().setOffline(false);
	await until(page, () => document.getElementById('state').textContent === 'Mời đến Quầy 5');
	await until(page, () => document.getElementById('stale').hidden);
	assert.ok(await page.locator('#banner').isVisible());

	/* ---- done: the rating, once ---- */
	await staff(5, 'done');
	await until(page, () => document.getElementById('state').textContent === 'Đã xong');
	await until(page, () => document.querySelectorAll('#levels [data-level]').length === 3);
	assert.deepEqual(await page.locator('#levels [data-level]').allInnerTexts(),
		['Rất hài lòng', 'Hài lòng', 'Không hài lòng']);
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/t/${me.token}/rating`)),
		page.tap('#levels [data-level="1"]'),
	]);
	assert.equal(resp.status(), 201);
	assert.deepEqual(JSON.parse(resp.request().postData()), { level: 1, reason: 0 });
	await until(page, () => !document.getElementById('thanks').hidden);
	assert.equal(await text(page, '#thanks'), 'Cảm ơn ông/bà!');
	assert.ok(await page.locator('#rating').isHidden());

	await page.reload();
	await until(page, () => window.ticketState.view === 'ticket' && window.ticketState.answer.rating);
	const r = (await stateOf(me.token)).rating;
	assert.equal(r.rated, true);
	assert.equal(r.open, false);
	assert.ok(await page.locator('#rating').isHidden(), 'no second rating offered');
	assert.ok(await page.locator('#thanks').isVisible());
	const again = await call('POST', `/t/${me.token}/rating`, { base: pub, body: { level: 2, reason: 0 } });
	assert.equal(again.status, 409);
	assert.equal(again.data.error, 'already_rated');
	await page.context().close();
});

test('not satisfied: the reasons, then thanks', async () => {
	const me = await kioskTicket('VNEID2');
	const page = await open(me.token);
	await staff(7, 'next');
	await staff(7, 'done');
	await until(page, () => document.querySelectorAll('#levels [data-level]').length === 3);
	await page.tap('#levels [data-level="3"]'); /* ask_reason = 3 */
	await until(page, () => document.querySelectorAll('#reasons [data-reason]').length === 5);
	assert.equal(await text(page, '#reasons-q'), 'Ông/bà chưa hài lòng về điều gì?');
	assert.ok(await page.locator('#skip').isVisible());
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/rating')),
		page.tap('#reasons [data-reason="1"]'),
	]);
	assert.equal(resp.status(), 201);
	assert.deepEqual(JSON.parse(resp.request().postData()), { level: 3, reason: 1 });
	await until(page, () => !document.getElementById('thanks').hidden);
	await page.context().close();
});

test('a ticket the server has not received yet: said so, then followed without reload', async () => {
	const token = pageToken();
	const page = await open(token, 'pending');
	assert.equal(await text(page, '#pending'), 'Đơn vị chưa nhận được phiếu này; trang sẽ tự cập nhật.');
	assert.equal((await stateOf(token)).received, false);
	await page.evaluate(() => { window.__same = true; });
	const me = await kioskTicket('TRATHE', token); /* the kiosk's push arrives */
	await until(page, () => window.ticketState.view === 'ticket');
	assert.equal(await text(page, '#number'), me.number);
	assert.equal(await page.evaluate(() => window.__same), true);
	await page.context().close();
});

test('a recall, a no-show: back in the queue once ([queue] noshow = requeue), called again, then "missed"', async () => {
	const me = await kioskTicket('XACNHAN');
	const page = await open(me.token);
	const c = await staff(6, 'next');
	assert.equal(c.number, me.number);
	await until(page, () => document.getElementById('state').textContent === 'Mời đến Quầy 6');
	await until(page, () => !document.getElementById('banner').hidden);
	/* a recall: alerted again when the answer says so (issue 19 asks for
	 * it; the answer must carry "recalls" or "called_at" for the page to see it) */
	const before = await page.evaluate(() => window.ticketState.seq);
	await staff(6, 'recall');
	await until(page, (s) => window.ticketState.seq > s, before);
	const tk = (await stateOf(me.token)).ticket;
	const calls = await page.evaluate(() => window.ticketState.alerts.filter((a) => a.kind === 'call').length);
	if ('recalls' in tk || 'called_at' in tk) assert.equal(calls, 2, 'the recall alerted');
	else console.log('contract: the state answer has no "recalls" nor "called_at": a recall is not alerted');
	await staff(6, 'no-show');
	await until(page, () => document.getElementById('state').textContent === 'Đang chờ');
	/* first in line again: near, no longer called */
	await until(page, () => document.getElementById('banner-text').textContent === 'Sắp đến lượt ông/bà');
	const again = await staff(6, 'next');
	assert.equal(again.number, me.number);
	await until(page, (n) => window.ticketState.alerts.filter((a) => a.kind === 'call').length === n + 1, calls);
	assert.equal(await text(page, '#state'), 'Mời đến Quầy 6');
	await staff(6, 'no-show');
	await until(page, () => document.getElementById('state').textContent ===
		'Đã lỡ lượt. Vui lòng liên hệ cán bộ tại quầy.');
	assert.ok(await page.locator('#banner').isHidden());
	assert.ok(await page.locator('#rating').isHidden());
	assert.ok(await page.locator('#notify').isHidden());
	await page.context().close();
});

test('a wrong token: "not found", no hint why', async () => {
	for (const token of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', pageToken().replace(/^./, (c) => (c === 'x' ? 'y' : 'x'))]) {
		const r = await fetch(`${pub}/t/${token}`);
		assert.equal(r.status, 404, token);
		const page = await phone();
		await page.goto(`${pub}/t/${token}`);
		await until(page, () => window.ticketState && window.ticketState.view === 'notfound');
		assert.equal((await page.locator('body').innerText()).replace(/\s+/g, ' ').trim(), 'English Không tìm thấy phiếu');
		await page.context().close();
	}
	const s = await call('GET', '/t/AAAAAAAAAAAAAAAAAAAAAA/state', { base: pub });
	assert.equal(s.status, 404);
	assert.equal(s.data.error, 'not_found');
});

test('small, no cookie, no referrer, a CSP; the listener serves nothing else; no other origin asked', async () => {
	const me = await kioskTicket('TICHHOP');
	let total = 0;
	for (const [path, type] of [[`/t/${me.token}`, 'text/html'], ['/t/s/ticket.js', 'javascript'],
		['/t/s/ticket.css', 'text/css']]) {
		const r = await fetch(pub + path);
		assert.equal(r.status, 200, path);
		assert.match(r.headers.get('content-type'), new RegExp(type), path);
		assert.equal(r.headers.get('set-cookie'), null, path);
		total += (await r.arrayBuffer()).byteLength;
		if (type === 'text/html') {
			assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
			assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
		}
	}
	console.log(`benchmark: the ticket page's three files ${total} bytes`);
	assert.ok(total < 30 * 1024, `${total} bytes`);
	const st = await fetch(`${pub}/t/${me.token}/state`);
	assert.match(st.headers.get('cache-control'), /no-store/);
	for (const path of ['/api/v1/health', '/staff', '/board', '/static/common.js', '/t/s/rate.js'])
		assert.equal((await fetch(pub + path)).status, 404, path);

	const page = await open(me.token);
	await page.context().close();
	const origins = [...new Set(requests.map((u) => new URL(u).origin))];
	assert.deepEqual(origins, [pub], 'every request the phones made');
	assert.deepEqual(pageErrors, []);
});

test('old phones: ticket.js is ES2017 (a 5-year-old Android, iOS Safari 12), a classic script', async () => {
	const src = readFileSync(new URL('../../www/ticket.js', import.meta.url), 'utf8');
	/* acorn refuses what ES2017 lacks: optional chaining, ??, object spread,
	 * catch without a binding, class fields, top-level await */
	assert.doesNotThrow(() => parse(src, { ecmaVersion: 2017, sourceType: 'script' }));
	assert.throws(() => parse('a?.b', { ecmaVersion: 2017 }), 'the check sees what is too new');
});

test('following: asks at once on return, backs off 1, 2, 4 s on errors, waits Retry-After', async () => {
	const me = await kioskTicket('TICHHOP');
	const page = await open(me.token);
	const stateRq = (r) => new URL(r.url()).pathname === `/t/${me.token}/state`;
	/* a long-poll is held: coming back to the page drops it and asks at once */
	await until(page, () => window.ticketState.polls >= 2);
	const [atOnce, held] = await Promise.all([
		page.waitForRequest((r) => stateRq(r) && !new URL(r.url()).search, EVENT),
		/* and then its next long-poll, held (nothing changes meanwhile): made
		 * before the route below, so the failures start with the next ask */
		page.waitForRequest((r) => stateRq(r) && new URL(r.url()).searchParams.has('since'), EVENT),
		page.evaluate(() => window.dispatchEvent(new Event('focus'))),
	]);
	assert.ok(atOnce && held);

	/* the station unreachable: 1 s, 2 s, 4 s between tries (lower bounds only) */
	const tries = [];
	let fourth;
	const fourTries = new Promise((resolve) => { fourth = resolve; });
	await page.route((u) => u.pathname === `/t/${me.token}/state`, (route) => {
		tries.push(Date.now());
		if (tries.length === 4) fourth();
		return route.abort('failed');
	});
	await page.evaluate(() => window.dispatchEvent(new Event('focus')));
	await until(page, () => !document.getElementById('stale').hidden);
	await fourTries;
	const gaps = tries.slice(1).map((t, i) => t - tries[i]);
	for (const [i, g] of gaps.entries()) assert.ok(g >= 900 * 2 ** i, `try ${i + 2} after ${g} ms`);
	await page.unrouteAll();
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await until(page, () => document.getElementById('stale').hidden);

	/* 429: the page waits what Retry-After says, a return to the page or not */
	const asked = [];
	let second;
	const askedTwice = new Promise((resolve) => { second = resolve; });
	await page.route((u) => u.pathname === `/t/${me.token}/state`, (route) => {
		asked.push(Date.now());
		if (asked.length === 2) second();
		if (asked.length > 1) return route.continue();
		return route.fulfill({ status: 429, headers: { 'Retry-After': '3' }, contentType: 'application/json',
			body: '{"error":"rate_limited","message":"later"}' });
	});
	await page.evaluate(() => window.dispatchEvent(new Event('focus')));
	await until(page, () => window.ticketState.failed); /* the 429 reached the page */
	await page.evaluate(() => window.dispatchEvent(new Event('focus')));
	await askedTwice;
	assert.ok(asked[1] - asked[0] >= 2900, `asked again after ${asked[1] - asked[0]} ms`);
	await page.unrouteAll();
	await page.context().close();
});

test('English: a switch, remembered on this phone', async () => {
	const me = await kioskTicket('TICHHOP');
	const page = await open(me.token);
	await page.tap('#lang');
	await until(page, () => document.documentElement.lang === 'en');
	assert.equal(await text(page, '#state'), 'Waiting');
	assert.equal(await text(page, '#service'), 'Add or update information');
	assert.match(await text(page, '#ahead'), /^People ahead of you: \d+$/);
	assert.equal(await text(page, '#lang'), 'Tiếng Việt');
	await page.reload();
	await until(page, () => window.ticketState.view === 'ticket');
	assert.equal(await text(page, '#state'), 'Waiting');
	assert.equal(await page.evaluate(() => JSON.stringify(Object.keys(localStorage))), '["lang"]', 'the language only');
	await page.tap('#lang');
	await until(page, () => document.documentElement.lang === 'vi');
	assert.equal(await text(page, '#state'), 'Đang chờ');
	await page.context().close();
});

test('end to end: the real kiosk prints a slip whose QR opens this ticket, which follows the calls ahead to its own', {
	skip: !process.env.KIOSK_TAP && 'KIOSK_TAP is not set (the kiosk\'s kiosk_tap program): skipped',
}, async () => {
	/* two citizens ahead of the one at the kiosk, in the first button's service */
	await kioskTicket('CAPMOI');
	await kioskTicket('CAPMOI');
	const dir = join(srv.dir, 'kiosk');
	const slips = join(dir, 'slips');
	mkdirSync(slips, { recursive: true });
	const conf = join(dir, 'kiosk.conf');
	writeFileSync(conf, mergeConf(readFileSync(env('CONF'), 'utf8'), `[queue]
database = ${join(dir, 'kiosk.db')}
[sync]
server = ${srv.base}
name = lobby-1
token = ${KIOSK}
issue_timeout = 10000
outbox = ${join(dir, 'outbox.db')}
[printer]
uri = sim:${slips}
[public]
url = ${pub}
`));
	const out = await new Promise((resolve, reject) => {
		execFile(process.env.KIOSK_TAP, [conf, slips], { cwd: process.env.KIOSK_SRC || new URL('../..', import.meta.url).pathname, timeout: 120000,
			killSignal: 'SIGKILL' /* SDL takes SIGTERM for a quit event */ },
			(err, stdout, stderr) => (err ? reject(new Error(`kiosk_tap: ${err.message}\n${stderr}`)) : resolve(stdout)));
	});
	const slip = JSON.parse(out.trim().split('\n').pop());
	console.log(`kiosk_tap: ${JSON.stringify(slip)}`);
	assert.match(slip.url, new RegExp(`^${pub.replace(/\./g, '\\.')}/t/[A-Za-z0-9_-]{22}$`), slip.url);
	const page = await phone();
	await page.goto(slip.url);
	await until(page, () => window.ticketState && window.ticketState.view === 'ticket');
	assert.equal(await text(page, '#number'), slip.number);
	assert.equal(await text(page, '#service'), 'Cấp thẻ căn cước lần đầu'); /* the first button */
	assert.equal(await text(page, '#state'), 'Đang chờ');
	const token = slip.url.split('/').pop();
	const first = (await stateOf(token)).ticket.ahead;
	assert.ok(first >= 2, `people ahead: ${first}`);
	await aheadIs(page, first);
	/* counter 1 (CAPMOI, CAPDOI) calls until it is this slip's turn: each call
	 * ahead reaches the page, then "called to counter 1" */
	for (let n = first - 1; n >= 0; n--) {
		await staff(1, 'next');
		await aheadIs(page, n);
	}
	assert.equal((await staff(1, 'next')).number, slip.number);
	await until(page, () => document.getElementById('state').textContent === 'Mời đến Quầy 1');
	await page.context().close();
});
