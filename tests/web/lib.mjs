/*
 * lib.mjs - what the browser tests share: the browser (Debian's Chromium
 * through playwright-core, never a downloaded one), the server's addresses
 * and accounts from run.sh's environment, plain HTTP helpers for setting up
 * the queue, and the second server the tests start and restart themselves.
 */
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const env = (k) => {
	const v = process.env[k];
	if (!v) throw new Error(`${k} is not set: run tests/web/run.sh`);
	return v;
};

export const BASE = env('BASE');
export const USERS = {
	staff: { name: 'lan', password: 'lan-password-1' },
	staff2: { name: 'minh', password: 'minh-password-2' },
	locked: { name: 'locked', password: 'locked-password-3' },
	revoked: { name: 'revoked', password: 'revoked-password-4' },
	supervisor: { name: 'hoa', password: 'hoa-password-5' },
	idle: { name: 'idle', password: 'idle-password-6' },
};
export const VI = JSON.parse(readFileSync(new URL('../../www/i18n-vi.json', import.meta.url)));
export const EN = JSON.parse(readFileSync(new URL('../../www/i18n-en.json', import.meta.url)));

export async function launch(extraArgs = [], autoplay = true) {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox', '--headless=new', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			...(autoplay ? ['--autoplay-policy=no-user-gesture-required'] : []),
			...extraArgs,
		],
	});
}

/* --- the API, as a kiosk or a staff tool would call it -------------------- */
export async function call(method, path, { token, body, base = BASE, headers = {} } = {}) {
	const h = { ...headers };
	if (token) h.Authorization = `Bearer ${token}`;
	if (body !== undefined) h['Content-Type'] = 'application/json';
	const r = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	let data = null;
	try { data = text ? JSON.parse(text) : null; } catch { data = text; }
	return { status: r.status, data };
}

let refs = 0;
/* issue n tickets of a service through the kiosk API; their numbers in order */
export async function issue(service, n = 1, base = BASE) {
	const out = [];
	for (let i = 0; i < n; i++) {
		const r = await call('POST', '/api/v1/tickets', {
			token: env('KIOSK_TOKEN'), base,
			body: { service, client_ref: `lobby-1:web-${process.pid}-${++refs}`, priority: false },
		});
		if (r.status !== 201) throw new Error(`issue ${service}: ${r.status} ${JSON.stringify(r.data)}`);
		out.push(r.data.number);
	}
	return out;
}

/* a counter action with the staff tool's token (not through a page) */
export async function staffAction(counter, action, body, base = BASE) {
	return call('POST', `/api/v1/counters/${counter}/${action}`, { token: env('STAFF_TOKEN'), body, base });
}

/* --- pages ------------------------------------------------------------------ */
export async function login(page, user, base = BASE) {
	await page.goto(`${base}/staff`);
	await page.locator('#login-view').waitFor({ state: 'visible' });
	await page.fill('#login-name', user.name);
	await page.fill('#login-password', user.password);
	await page.click('#login-submit');
	await page.locator('#login-view').waitFor({ state: 'hidden' });
}

export async function chooseCounter(page, n) {
	const work = page.locator('#work-view');
	if (await work.isVisible() && await page.locator('#counter-name').textContent() === VI['counter.default'].replace('{n}', n))
		return;
	if (await work.isVisible()) await page.click('#change-counter');
	await page.click(`#counter-list [data-counter="${n}"]`);
	await work.waitFor({ state: 'visible' });
}

/* press a button or key and return the counter action's answer */
export async function acting(page, action, doIt) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/counters\/\d+\//.test(r.url()) &&
			r.url().endsWith(`/${action}`)),
		doIt(),
	]);
	const status = resp.status();
	const data = status === 204 ? null : await resp.json();
	/* the answer has reached the page; wait until the page has shown it */
	await page.waitForFunction(() => document.querySelector('#actions')?.getAttribute('aria-busy') !== 'true');
	return { status, data };
}

export async function currentNumber(page) {
	return page.locator('#current-number').getAttribute('data-number');
}

/* --- the second server (own database and port, staff_idle = 60) ------------ */
export const server2 = {
	proc: null,
	base: env('BASE2'),
	async start() {
		const log = openSync(env('SERVER2_LOG'), 'a');
		this.proc = spawn(env('STATION_SERVER'), ['--config', env('CONF2'), '--db', env('DB2')],
			{ stdio: ['ignore', log, log] });
		writeFileSync(env('SERVER2_PIDFILE'), String(this.proc.pid));
		/* until it answers: a loaded machine may take long to start it */
		for (let i = 0; i < 1200; i++) {
			try {
				const r = await fetch(`${this.base}/api/v1/health`);
				if (r.ok) return;
			} catch { /* not yet */ }
			await sleep(50);
		}
		throw new Error('the second server did not start');
	},
	async stop() {
		if (!this.proc) return;
		const p = this.proc;
		this.proc = null;
		const gone = new Promise((res) => p.once('exit', res));
		p.kill('SIGTERM');
		await Promise.race([gone, sleep(5000)]);
		if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
	},
};

export function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}
