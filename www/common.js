/*
 * common.js - what the staff console and the lobby board share: the texts
 * (i18n-vi.json / i18n-en.json, Vietnamese first, the choice kept in
 * localStorage), Vietnam time from the server's clock, and the events
 * follower.
 *
 * The follower is a loop of long-polls: each request waits on the server
 * until something changes (up to `wait` seconds), so a quiet station costs
 * one request a minute or so, and a change arrives at once.  When the
 * server does not answer it backs off 1, 2, 4 ... 30 s and says so; when it
 * answers again the page re-reads the whole state and follows from there,
 * so a restarted server (or one whose sequence went back) is caught up with.
 */

let texts = {};
let fallback = {};
let lang = 'vi';

export function currentLang() { return lang; }

async function fetchTexts(code) {
	const r = await fetch(`/static/i18n-${code}.json`, { cache: 'no-cache' });
	if (!r.ok) throw new Error(`i18n-${code}.json: ${r.status}`);
	return r.json();
}

/* Load the texts of the remembered language (?lang= wins), Vietnamese
 * behind it for any key a translation lacks. */
export async function loadTexts() {
	const asked = new URLSearchParams(location.search).get('lang');
	let stored = null;
	try { stored = localStorage.getItem('lang'); } catch { /* private mode */ }
	lang = asked === 'en' || asked === 'vi' ? asked : stored === 'en' ? 'en' : 'vi';
	fallback = await fetchTexts('vi');
	texts = lang === 'vi' ? fallback : await fetchTexts(lang).catch(() => fallback);
	document.documentElement.lang = lang;
	applyTexts(document);
}

export async function switchLang() {
	try { localStorage.setItem('lang', lang === 'vi' ? 'en' : 'vi'); } catch { /* ignore */ }
	await loadTexts();
}

/* t('msg.called', {number: 'A012'}) */
export function hasText(key) { return key in texts || key in fallback; }

export function t(key, vars) {
	let s = texts[key] ?? fallback[key] ?? key;
	if (vars)
		s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
	return s;
}

/* data-i18n="key" sets the text; data-i18n-title, -placeholder and
 * -aria-label set those attributes. */
export function applyTexts(root) {
	for (const el of root.querySelectorAll('[data-i18n]'))
		el.textContent = t(el.dataset.i18n);
	for (const name of ['title', 'placeholder', 'aria-label'])
		for (const el of root.querySelectorAll(`[data-i18n-${name}]`))
			el.setAttribute(name, t(el.getAttribute(`data-i18n-${name}`)));
}

/* The name of a station, service or counter in the current language. */
export function nameOf(o, fallbackText = '') {
	if (!o) return fallbackText;
	return (lang === 'en' && o.name_en) || o.name_vi || o.name_en || fallbackText;
}

export function el(tag, attrs = {}, ...children) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs)) {
		if (v === undefined || v === null || v === false) continue;
		if (k === 'class') e.className = v;
		else if (k === 'text') e.textContent = v;
		else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
		else if (k in e && typeof v !== 'string') e[k] = v;
		else e.setAttribute(k, v === true ? '' : v);
	}
	for (const c of children.flat())
		if (c !== null && c !== undefined && c !== false)
			e.append(c instanceof Node ? c : document.createTextNode(String(c)));
	return e;
}

/* --- time ---------------------------------------------------------------
 * The server's clock is the one that counts (a counter PC's or a TV's may be
 * wrong): serverOffset is server time minus local time, from the Date header
 * or a body's "time".  Shown times are Vietnam time (UTC+7, no DST). */
let serverOffset = 0;
export function noteServerTime(ms) {
	if (Number.isFinite(ms)) serverOffset = ms - Date.now();
}
export function noteDateHeader(r) {
	const d = r.headers.get('Date');
	if (d) {
		const ms = Date.parse(d);
		/* the header has whole seconds: keep a finer earlier estimate
		 * when it agrees within a second */
		if (Number.isFinite(ms) && Math.abs(ms + 500 - (Date.now() + serverOffset)) > 1000)
			noteServerTime(ms + 500);
	}
}
export function serverNow() { return Date.now() + serverOffset; }

const VN_OFFSET_MS = 7 * 3600 * 1000;
export function vnParts(ms) {
	const d = new Date(ms + VN_OFFSET_MS);
	return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(),
		h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), wd: d.getUTCDay() };
}
const two = (n) => String(n).padStart(2, '0');
export function hhmm(ms) { const p = vnParts(ms); return `${two(p.h)}:${two(p.mi)}`; }
export function hhmmss(ms) { const p = vnParts(ms); return `${two(p.h)}:${two(p.mi)}:${two(p.s)}`; }
export function ddmmyyyy(ms) { const p = vnParts(ms); return `${two(p.d)}/${two(p.mo)}/${p.y}`; }

/* 75 -> "1:15", 3725 -> "1:02:05" */
export function duration(seconds) {
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
	return h ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/* coalesce(read): a function that runs read() with at most one run in
 * flight; calls meanwhile ask for one more run after it (and get its
 * promise).  read() returns false to be run again (what it read is already
 * stale).  The promise rejects when read() throws. */
export function coalesce(read) {
	let running = null;
	let again = false;
	return function run() {
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				if (await read() === false) again = true;
			} while (again);
		})().finally(() => { running = null; });
		return running;
	};
}

/* --- the events follower -------------------------------------------------
 * follow({url, since, onEvents, resync, onUnauthorized, onConnection})
 *   onEvents(events)   a batch, in order
 *   resync()           re-read the whole state; returns the new `since`
 *                      (called after a lost connection, or a sequence that
 *                      went back)
 *   onUnauthorized()   401: the loop ends (the session is over)
 *   onConnection(ok)   the "connection lost" mark
 * Returns {stop()}.
 */
export function follow({ url, since, wait = 25, onEvents, resync, onUnauthorized, onConnection }) {
	let stopped = false;
	let ctrl = null;
	let sleepTimer = null;
	let wake = null;

	const sleep = (s) => new Promise((res) => { wake = res; sleepTimer = setTimeout(res, s * 1000); });

	async function loop() {
		let delay = 1;
		let lost = since === null || since === undefined; /* no state yet: read it first */
		while (!stopped) {
			try {
				if (lost) {
					since = await resync();
					lost = false;
					delay = 1;
					onConnection?.(true);
				}
				ctrl = new AbortController();
				const guard = setTimeout(() => ctrl.abort(), (wait + 15) * 1000);
				let r;
				try {
					r = await fetch(`${url}?since=${since}&wait=${wait}`,
						{ signal: ctrl.signal, cache: 'no-store', credentials: 'same-origin' });
				} finally {
					clearTimeout(guard);
				}
				if (stopped) return;
				if (r.status === 401) {
					stopped = true;
					onUnauthorized?.();
					return;
				}
				if (!r.ok) throw new Error(`events: ${r.status}`);
				const b = await r.json();
				if (stopped) return;
				if (typeof b.last === 'number' && b.last < since) {
					/* the server's sequence went back (a new database) */
					since = await resync();
					continue;
				}
				if (Array.isArray(b.events) && b.events.length) {
					since = b.events[b.events.length - 1].seq ?? b.last;
					onEvents(b.events);
				} else if (typeof b.last === 'number') {
					since = Math.max(since, b.last);
				}
			} catch (err) {
				if (stopped) return;
				if (!lost) onConnection?.(false);
				lost = true;
				await sleep(delay);
				delay = Math.min(delay * 2, 30);
			}
		}
	}
	loop();
	return {
		stop() {
			stopped = true;
			ctrl?.abort();
			clearTimeout(sleepTimer);
			wake?.();
		},
	};
}
