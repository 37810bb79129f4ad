/*
 * rate-link.js - the rating tablet's link to the station server.
 *
 * The token: given once in the address (/rate#token=...), then kept in the
 * browser's localStorage and taken out of the address bar, so /rate alone
 * works after a restart and the token is not left on screen.  "#token="
 * with nothing forgets it.
 *
 * watch() follows GET /api/v1/rating: a first read at once, then long-polls
 * (?since=LAST&wait=25) that the server holds until the queue changes.  A
 * server that does not answer is asked again after 1, 2, 4 ... 30 s, from a
 * fresh read; a refused token (401, 403) is asked again every minute, in
 * case the station adds it to kiosk.conf meanwhile.
 */
const KEY = 'rateToken';
const REFUSED_RETRY_S = 60;
let kept = null; /* the token when localStorage is refused (private mode) */

/* Take a token from the address, if there is one; the token in use, or null. */
export function takeToken() {
	const fresh = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
	if (fresh !== null) {
		kept = fresh.trim() || null;
		try {
			if (kept) localStorage.setItem(KEY, kept);
			else localStorage.removeItem(KEY);
		} catch { /* kept in memory only */ }
		history.replaceState(null, '', location.pathname + location.search);
	}
	return token();
}

function token() {
	if (kept) return kept;
	try { return localStorage.getItem(KEY); } catch { return null; }
}

/* {status, ok, body} (body: the JSON answer or null); throws when the
 * server is not reached */
async function request(method, path, body, signal) {
	const headers = { Authorization: `Bearer ${token() || ''}` };
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const r = await fetch(path, { method, headers, signal, cache: 'no-store', credentials: 'omit',
		body: body === undefined ? undefined : JSON.stringify(body) });
	let data = null;
	try { data = await r.json(); } catch { /* no body */ }
	return { status: r.status, ok: r.ok, body: data };
}

export const refused = (r) => r.status === 401 || r.status === 403;

/* POST /api/v1/ratings; reason 0 = none */
export function rate(number, level, reason) {
	return request('POST', '/api/v1/ratings', reason ? { number, level, reason } : { number, level });
}

/* watch({onAnswer(answer), onRefused(), onConnection(ok)}) -> {stop()} */
export function watch({ wait = 25, onAnswer, onRefused, onConnection }) {
	let stopped = false;
	let ctrl = null;
	let timer = null;
	let wake = null;
	const sleep = (s) => new Promise((res) => { wake = res; timer = setTimeout(res, s * 1000); });

	async function ask(since) {
		ctrl = new AbortController();
		const guard = setTimeout(() => ctrl.abort(), (wait + 15) * 1000);
		try {
			return await request('GET', since === null ? '/api/v1/rating'
				: `/api/v1/rating?since=${since}&wait=${wait}`, undefined, ctrl.signal);
		} catch {
			return null;
		} finally {
			clearTimeout(guard);
		}
	}

	(async () => {
		let since = null;
		let delay = 1;
		while (!stopped) {
			const asked = Date.now();
			const r = await ask(since);
			if (stopped) return;
			if (r && refused(r)) {
				since = null;
				onRefused();
				await sleep(REFUSED_RETRY_S);
			} else if (!r || !r.ok || !r.body || typeof r.body.last !== 'number') {
				since = null;
				onConnection(false);
				await sleep(delay);
				delay = Math.min(delay * 2, 30);
			} else {
				const same = since === r.body.last;
				delay = 1;
				since = r.body.last;
				onConnection(true);
				onAnswer(r.body);
				/* an answer at once with nothing new (a server that does not
				 * hold the request): not a busy loop */
				if (same && Date.now() - asked < 1000) await sleep(1);
			}
		}
	})();
	return {
		stop() {
			stopped = true;
			ctrl?.abort();
			clearTimeout(timer);
			wake?.();
		},
	};
}
