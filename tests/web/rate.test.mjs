/*
 * rate.test.mjs - a counter's rating tablet (/rate) in Debian's Chromium, the
 * whole loop with real processes: staff finish a citizen at counter 1 in the
 * console, the counter's tablet (and a phone set up for the same counter)
 * show the ticket, a tap stores one rating, a second is refused, "not
 * satisfied" asks why, only the counter's own device may rate, a lost
 * server is no text for the citizen, and after the window nothing is shown
 * and the server refuses.
 * The server is one of its own (own-server.mjs: run.sh's configuration with
 * rater.1 and rater.2, and kiosk.conf's shipped [rating] but for a window of
 * 120 s, long enough for a loaded machine: three levels, five reasons asked
 * from level 3), whose clock the last test moves.  The words on the page
 * are compared with the API's (they come from kiosk.conf).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { USERS, VI, EN, env, launch, call, issue, login, chooseCounter, acting } from './lib.mjs';
import { ownServer } from './own-server.mjs';

const SHOTS = process.env.SCREENSHOT_DIR || '/tmp';
const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/* How long a test waits for an event: only turns a hang into a clear failure. */
const EVENT = { timeout: 60000 };
const RATER1 = env('RATER_TOKEN');
const RATER2 = env('RATER2_TOKEN');
const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => vars[k]);

let browser, srv, staff, tablet, supervisor;
let prompt; /* GET /api/v1/rating as counter 1's device reads it */
const pageErrors = [];

async function newPage(viewport) {
	const ctx = await browser.newContext({ viewport, hasTouch: true });
	const page = await ctx.newPage();
	page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
	return page;
}

const rateState = (page) => page.evaluate(() => window.rateState);
const until = (page, fn, arg) => page.waitForFunction(fn, arg, EVENT);
const showing = (page, number) => until(page, (n) => window.rateState.state === 'open' &&
	window.rateState.ticket?.number === n, number);
const rateApi = (token, body) => call('POST', '/api/v1/ratings', { token, body, base: srv.base });

/* a device at a counter, set up once by its address */
async function device(viewport, token) {
	const page = await newPage(viewport);
	await page.goto(`${srv.base}/rate#token=${token}`);
	await until(page, () => ['idle', 'setup'].includes(window.rateState?.state));
	return page;
}

/* the console calls and finishes the next citizen at counter 1: the number */
async function serveOne(service) {
	await issue(service, 1, srv.base);
	const next = await acting(staff, 'next', () => staff.click('[data-action="next"]'));
	assert.equal(next.status, 200);
	const done = await acting(staff, 'done', () => staff.click('[data-action="done"]'));
	assert.equal(done.status, 200);
	return next.data.number;
}

/* the page's reads of /api/v1/rating made while it shows a ticket go to
 * onOpen(route), the others to the server */
async function whileOpen(page, onOpen) {
	await page.route(/\/api\/v1\/rating(\?|$)/, async (route) => {
		const s = await page.evaluate(() => window.rateState.state).catch(() => null);
		if (s === 'open') await onOpen(route);
		else await route.continue();
	});
}

/* the ratings stored: the supervisor's chain check counts them */
async function stored() {
	const r = await supervisor.request.get(`${srv.base}/api/v1/ratings/verify`);
	assert.equal(r.status(), 200);
	const v = await r.json();
	assert.equal(v.ok, true, JSON.stringify(v));
	return v.rows;
}

/* each choice a big target: at least 15% of the screen's height */
async function assertBig(page, selector, viewport) {
	const heights = await page.locator(selector).evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height));
	assert.ok(heights.length > 0, selector);
	for (const h of heights) assert.ok(h >= 0.15 * viewport.height, `${selector}: ${h}px of ${viewport.height}`);
}

before(async () => {
	browser = await launch();
	srv = await ownServer([USERS.staff, { ...USERS.supervisor, supervisor: true }], '[rating]\nseconds = 120\n');
	staff = await newPage({ width: 1366, height: 768 });
	await login(staff, USERS.staff, srv.base);
	await chooseCounter(staff, 1);
	supervisor = await browser.newContext();
	assert.equal((await supervisor.request.post(`${srv.base}/api/v1/login`, { data: USERS.supervisor })).status(), 200);
	prompt = (await call('GET', '/api/v1/rating', { token: RATER1, base: srv.base })).data;
});

after(async () => {
	await browser?.close();
	await srv?.stop();
});

test('the page and its files are served; without a token it asks staff to set it up', async () => {
	for (const [path, type] of [['/rate', 'text/html'], ['/static/rate.js', 'javascript'],
		['/static/rate-link.js', 'javascript'], ['/static/rate-faces.js', 'javascript'],
		['/static/rate-sound.js', 'javascript'], ['/static/rate.css', 'text/css']]) {
		const r = await fetch(srv.base + path);
		assert.equal(r.status, 200, path);
		assert.match(r.headers.get('content-type'), new RegExp(type), path);
	}
	assert.match((await fetch(`${srv.base}/rate`)).headers.get('content-security-policy'), /default-src 'self'/);

	const page = await newPage(PHONE);
	await page.goto(`${srv.base}/rate`);
	await until(page, () => window.rateState?.state === 'setup');
	assert.equal((await rateState(page)).setup, 'no_token');
	assert.equal(await page.locator('#setup-title').textContent(), VI['rate.setup.title']);
	assert.equal(await page.locator('#setup-url').textContent(), `${srv.base}/rate#token=…`);
	assert.ok(await page.locator('#setup-refused').isHidden());
	await page.context().close();
});

test('a token the server refuses shows the same setup message', async () => {
	const page = await device(PHONE, 'not-a-rater-token-at-all-000');
	await until(page, () => window.rateState.state === 'setup');
	assert.equal((await rateState(page)).setup, 'refused');
	assert.ok(await page.locator('#setup').isVisible());
	assert.equal(await page.locator('#setup-refused').textContent(), VI['rate.setup.refused']);
	assert.ok(!page.url().includes('#'), 'the token is not left in the address');
	await page.context().close();
});

test('set up once: the token leaves the address bar, /rate alone works after', async () => {
	assert.equal(prompt.counter, 1);
	assert.equal(prompt.state, 'idle');
	assert.equal(prompt.seconds, 120);
	tablet = await device(TABLET, RATER1);
	assert.equal((await rateState(tablet)).state, 'idle');
	assert.equal(tablet.url(), `${srv.base}/rate`);
	assert.equal(await tablet.evaluate(() => localStorage.getItem('rateToken')), RATER1);
	assert.equal(await tablet.locator('#idle-counter').textContent(), fill(VI['counter.default'], { n: 1 }));
	assert.ok(await tablet.locator('#open').isHidden());
	await tablet.goto(`${srv.base}/rate`); /* the tablet restarted */
	await until(tablet, () => window.rateState?.state === 'idle');
	assert.equal(await tablet.locator('#idle-counter').textContent(), fill(VI['counter.default'], { n: 1 }));
});

test('a finished citizen: the ticket, the service, three faces; a tap stores one rating, a second is refused', async () => {
	/* a phone set up for the same counter, its long-polls held once it shows
	 * the ticket: it does not learn of the tablet's rating and taps too */
	const phone = await device(PHONE, RATER1);
	const held = [];
	await whileOpen(phone, (route) => held.push(route));

	const number = await serveOne('CAPMOI');
	await showing(tablet, number);
	await showing(phone, number);
	const a = (await call('GET', '/api/v1/rating', { token: RATER1, base: srv.base })).data;
	assert.equal(a.state, 'open');
	assert.equal(a.ticket.number, number);
	assert.equal(a.staff, undefined, 'no name unless [rating] show_staff');
	assert.equal(await tablet.locator('#ticket-number').textContent(), number);
	assert.equal(await tablet.locator('#ticket-service').textContent(), a.ticket.service_name.vi);
	assert.ok(await tablet.locator('#ticket-staff').isHidden());
	assert.deepEqual(await tablet.locator('#levels .choice .word').allTextContents(), a.levels.map((l) => l.vi));
	assert.equal(a.levels.length, 3);
	assert.deepEqual(await tablet.locator('#levels .face').evaluateAll((fs) => fs.map((f) => f.dataset.mood)),
		['smile', 'neutral', 'frown']);
	await assertBig(tablet, '#levels .choice', TABLET);
	await assertBig(phone, '#levels .choice', PHONE);
	await tablet.screenshot({ path: `${SHOTS}/rate.png` });

	await tablet.locator('#levels [data-level="1"]').tap();
	await until(tablet, (n) => window.rateState.result?.number === n, number);
	const s = await rateState(tablet);
	assert.equal(s.result.status, 201);
	assert.deepEqual(s.result.body, { number, level: 1, reason: 0, rated: true });
	assert.ok(s.beeps >= 1, 'a sound on the tap');
	await until(tablet, () => window.rateState.state === 'thanks');
	assert.equal(await tablet.locator('#thanks h1').textContent(), VI['rate.thanks']);
	assert.equal(await stored(), 1);

	/* the phone still shows it: its tap is the second, refused, and it thanks anyway */
	await phone.locator('#levels [data-level="2"]').tap();
	await until(phone, () => window.rateState.state === 'thanks');
	const p = await rateState(phone);
	assert.equal(p.result.status, 409);
	assert.equal(p.result.body.error, 'already_rated');
	const again = await rateApi(RATER1, { number, level: 3 });
	assert.equal(again.status, 409);
	assert.equal(again.data.error, 'already_rated');
	assert.equal(await stored(), 1, 'exactly one rating');
	for (const r of held) await r.continue().catch(() => {});
	await phone.context().close();

	assert.equal((await call('GET', '/api/v1/rating', { token: RATER1, base: srv.base })).data.state, 'rated');
	await until(tablet, () => window.rateState.state === 'idle');
	assert.equal((await rateState(tablet)).idleWhy, 'thanks');
	assert.ok(await tablet.locator('#idle').isVisible());
});

test('"not satisfied" asks why: one tap on a reason stores it', async () => {
	const number = await serveOne('CAPDOI');
	await showing(tablet, number);
	const worst = prompt.levels[prompt.levels.length - 1].level;
	assert.ok(worst >= prompt.ask_reason);
	await tablet.locator(`#levels [data-level="${worst}"]`).tap();
	await until(tablet, () => window.rateState.state === 'reasons');
	assert.equal(await tablet.locator('#why').textContent(), VI['rate.why']);
	assert.deepEqual(await tablet.locator('#reason-list .reason').allTextContents(), prompt.reasons.map((r) => r.vi));
	assert.equal(await tablet.locator('#skip').textContent(), VI['rate.skip']);
	await assertBig(tablet, '#reason-list .reason, #skip', TABLET);
	assert.equal((await rateState(tablet)).results.filter((r) => r.number === number).length, 0,
		'nothing is sent before the reason');

	const reason = prompt.reasons[1].reason;
	await tablet.locator(`#reason-list [data-reason="${reason}"]`).tap();
	await until(tablet, (n) => window.rateState.result?.number === n, number);
	const s = await rateState(tablet);
	assert.equal(s.result.status, 201);
	assert.deepEqual(s.result.body, { number, level: worst, reason, rated: true });
	await until(tablet, () => window.rateState.state === 'thanks');
	assert.equal(await stored(), 2);
	await until(tablet, () => window.rateState.state === 'idle');
});

test('only the counter\'s own device rates: staff sessions and tokens, kiosks and another counter refused', async () => {
	const number = await serveOne('CAPMOI');
	await showing(tablet, number);
	const body = { number, level: 1 };
	/* the logged-in console's own session */
	const me = await (await staff.context().request.get(`${srv.base}/api/v1/session`)).json();
	const r = await staff.context().request.post(`${srv.base}/api/v1/ratings`,
		{ headers: { 'X-CSRF-Token': me.csrf }, data: body });
	assert.equal(r.status(), 403);
	assert.equal((await r.json()).error, 'forbidden');
	for (const token of [env('STAFF_TOKEN'), env('KIOSK_TOKEN')]) {
		const t = await rateApi(token, body);
		assert.equal(t.status, 403, token);
		assert.equal(t.data.error, 'forbidden');
	}
	assert.equal((await rateApi(undefined, body)).status, 401);
	const other = await rateApi(RATER2, body);
	assert.equal(other.status, 409);
	assert.equal(other.data.error, 'not_finished');
	assert.equal(await stored(), 2, 'none of them stored');

	/* still the tablet's to rate: in English this time, a reason skipped */
	assert.equal((await rateState(tablet)).state, 'open');
	await tablet.locator('#lang').tap();
	await until(tablet, () => document.documentElement.lang === 'en');
	const a = (await call('GET', '/api/v1/rating', { token: RATER1, base: srv.base })).data;
	assert.deepEqual(await tablet.locator('#levels .choice .word').allTextContents(), a.levels.map((l) => l.en || l.vi));
	assert.equal(await tablet.locator('#ticket-service').textContent(), a.ticket.service_name.en);
	assert.equal(await tablet.locator('#question').textContent(), EN['rate.question']);
	const worst = a.levels[a.levels.length - 1].level;
	await tablet.locator(`#levels [data-level="${worst}"]`).tap();
	await until(tablet, () => window.rateState.state === 'reasons');
	assert.equal(await tablet.locator('#skip').textContent(), EN['rate.skip']);
	await tablet.locator('#skip').tap();
	await until(tablet, (n) => window.rateState.result?.number === n, number);
	const s = await rateState(tablet);
	assert.equal(s.result.status, 201);
	assert.deepEqual(s.result.body, { number, level: worst, reason: 0, rated: true });
	assert.equal(await stored(), 3);
	/* the next citizen finds the tablet in Vietnamese again */
	await until(tablet, () => window.rateState.state === 'idle' && document.documentElement.lang === 'vi');
	assert.equal(await tablet.locator('#idle-counter').textContent(), fill(VI['counter.default'], { n: 1 }));
});

test('a lost server is a dot for staff, no words for the citizen; the tap still counts, and it comes back', async () => {
	const phone = await device(PHONE, RATER1);
	/* while it shows the ticket, its reads fail as if the network were down */
	await whileOpen(phone, (route) => route.abort('internetdisconnected'));
	const number = await serveOne('CAPDOI');
	await showing(phone, number);
	await until(phone, () => window.rateState.connected === false);
	assert.ok(await phone.locator('#conn').isVisible());
	assert.equal(await phone.locator('#conn').textContent(), '');
	assert.equal((await rateState(phone)).state, 'open', 'the choice stays while the window runs');
	await phone.locator('#levels [data-level="2"]').tap();
	await until(phone, () => window.rateState.state === 'thanks');
	assert.equal((await rateState(phone)).result.status, 201);
	assert.equal(await stored(), 4);
	await until(phone, () => window.rateState.connected === true);
	assert.ok(await phone.locator('#conn').isHidden());
	await until(phone, () => window.rateState.state === 'idle');
	await phone.context().close();
	/* the tablet still shows it: a rating does not end the server's long-poll
	 * (not a change of the queue), so it learns at the wait's end; a tap would
	 * be 409 already_rated, thanked.  The next finished citizen replaces it. */
});

test('after the window nothing is shown, and the server refuses', async () => {
	/* a phone on a clock the test moves: its own count ends the window */
	const phone = await newPage(PHONE);
	await phone.clock.install();
	await phone.goto(`${srv.base}/rate#token=${RATER1}`);
	await until(phone, () => window.rateState?.state === 'idle');
	const number = await serveOne('CAPMOI');
	await showing(tablet, number);
	await showing(phone, number);
	await phone.clock.fastForward((prompt.seconds + 1) * 1000);
	await until(phone, () => window.rateState.state === 'idle');
	assert.equal((await rateState(phone)).idleWhy, 'expired');
	assert.ok(await phone.locator('#open').isHidden());
	assert.ok(await phone.locator('#levels').isHidden());
	await phone.context().close();

	/* the server's clock past the window and its grace */
	try {
		srv.setClock(prompt.seconds + 60);
		const late = await rateApi(RATER1, { number, level: 1 });
		assert.equal(late.status, 409);
		assert.equal(late.data.error, 'window_closed');
		assert.equal((await call('GET', '/api/v1/rating', { token: RATER1, base: srv.base })).data.state, 'idle');
		/* the tablet hears it at the queue's next change (or ends the window itself) */
		await issue('TICHHOP', 1, srv.base);
		await until(tablet, () => window.rateState.state === 'idle');
		assert.ok(['server', 'expired'].includes((await rateState(tablet)).idleWhy));
		assert.ok(await tablet.locator('#open').isHidden());
		assert.equal(await stored(), 4);
	} finally {
		srv.setClock(0);
	}
	assert.deepEqual(pageErrors, []);
});
