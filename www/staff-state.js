/*
 * staff-state.js - what the parts of the staff console share (staff.js,
 * staff-counter.js, staff-supervisor.js): the one state object S, the
 * calls to the API, the read of the queue, the names of counters and
 * services, and the timers.
 *
 * The server is the only truth: after every action and every event the
 * page re-reads GET /api/v1/queue (coalesced: at most one read in flight,
 * one more queued).  A counter action answers with its ticket, which is
 * shown at once without waiting for that read; it bumps S.gen, so a read
 * that was on its way meanwhile is read again rather than shown.
 *
 * The session is an HttpOnly cookie; its CSRF token lives only in memory
 * (S.me) and goes with every POST as X-CSRF-Token.  Any 401 ends the
 * session on the page.  How the page is drawn and how a session ends are
 * staff.js's: it hands them in with setHooks() at start, so no part
 * imports the module that imports it.
 */
import { t, hasText, nameOf, coalesce, noteDateHeader, serverNow, duration } from './common.js';

export const $ = (id) => document.getElementById(id);

export function show(id, on) { $(id).hidden = !on; }

export const S = {
	me: null,          /* {name, role, csrf, idle_seconds} */
	queue: null,       /* the last GET /api/v1/queue */
	queueAt: 0,        /* local ms when it came */
	counter: null,     /* the chosen counter's number */
	current: null,     /* {number, service, state, called_at} */
	busy: false,
	gen: 0,            /* bumped by each action's answer */
	follower: null,
	devices: null,
	devicesTimer: null,
	tab: 'counter',
	editing: null,     /* {counter, chosen: Set} while a supervisor edits */
};

const hooks = { render() {}, sessionEnded() {} };

/* staff.js: {render(), sessionEnded(msgKey)} */
export function setHooks(h) { Object.assign(hooks, h); }

/* draw the whole page from S */
export function render() { hooks.render(); }

/* --- the API ------------------------------------------------------------ */
export async function api(method, path, body) {
	const headers = {};
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (method !== 'GET' && S.me?.csrf) headers['X-CSRF-Token'] = S.me.csrf;
	const r = await fetch(path, {
		method, headers, credentials: 'same-origin', cache: 'no-store',
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	noteDateHeader(r);
	let data = null;
	if (r.status !== 204) {
		try { data = await r.json(); } catch { /* no JSON body */ }
	}
	if (r.status === 401 && S.me && path !== '/api/v1/login') hooks.sessionEnded('login.expired');
	return { status: r.status, data };
}

export function errorText(r) {
	const code = r.data?.error || String(r.status);
	return hasText(`err.${code}`) ? t(`err.${code}`) : t('err.other', { code });
}

/* GET /api/v1/queue, coalesced; rejects when the server does not answer. */
export const refreshQueue = coalesce(async () => {
	const gen = S.gen;
	const r = await api('GET', '/api/v1/queue');
	if (r.status === 401) return true;
	if (r.status !== 200) throw new Error(`queue: ${r.status}`);
	/* an action answered while this read was on its way: read again */
	if (gen !== S.gen) return false;
	S.queue = r.data;
	S.queueAt = Date.now();
	takeCurrent();
	render();
	return true;
});

/* --- names ---------------------------------------------------------------- */
export function counterOf(n) { return S.queue?.counters?.find((c) => c.counter === n); }
function serviceOf(code) { return S.queue?.services?.find((s) => s.service === code); }
export function serviceName(code) { return nameOf(serviceOf(code), code); }
export function counterName(c) { return nameOf(c, t('counter.default', { n: c.counter })); }

/* the current ticket as the last queue read has it */
export function takeCurrent() {
	const c = counterOf(S.counter);
	S.current = c?.serving
		? { number: c.serving, service: c.service, state: c.state, called_at: c.called_at }
		: null;
}

/* a message in a status line: #status (the counter) or #sup-status */
export function say(text, kind = 'ok', where = 'status') {
	const p = $(where);
	p.textContent = text;
	p.dataset.kind = kind;
}

/* every second: the timers, from the server's clock */
export function tick() {
	const now = serverNow();
	for (const e of document.querySelectorAll('[data-since]')) {
		const since = Date.parse(e.dataset.since);
		e.textContent = Number.isFinite(since) ? duration((now - since) / 1000) : '';
	}
	const elapsed = (Date.now() - S.queueAt) / 1000;
	for (const e of document.querySelectorAll('[data-wait]'))
		e.textContent = duration(Number(e.dataset.wait) + elapsed);
}
