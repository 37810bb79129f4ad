/*
 * board.js - the lobby board's logic (board.html).
 *
 * It reads GET /api/v1/board once, then follows /api/v1/board/events with
 * long-polls (common.js) and re-reads the board after each batch.  A call
 * (called or recalled) is put in the list at once from the event itself, so
 * the TV shows it within a frame of the event's arrival; the re-read then
 * brings the waiting counts and the counters' names.
 *
 * A burst of calls goes through two bounded queues, the highlight's and the
 * voice's, by the rule docs/board.md ("Bursts") writes down for this page
 * and for the board the kiosk program draws: enqueueHighlight() and
 * enqueueVoice() are the only places it is applied.  Browsers refuse to play
 * before a user gesture: then a one-time overlay asks for a tap, and calls
 * wait meanwhile.
 *
 * Everything the page knows is in one object, `state`; window.boardState
 * shows it to tests (and a curious technician).  Every list in it is
 * bounded, so a TV left on for months holds no more than on its first day.
 */
import { loadTexts, t, nameOf, el, follow, coalesce, noteServerTime, serverNow, hhmmss, ddmmyyyy, vnParts } from './common.js';

const $ = (id) => document.getElementById(id);

const HIGHLIGHT_MS = 4000;      /* each call the big one for at least this */
const MAX_CALLS = 10;           /* lines in the list */
const MAX_TURNS = 16;           /* calls waiting for the highlight; beyond, the oldest gives way */
const MAX_VOICES = 32;          /* calls waiting to be said; beyond, the newest is not said */
const MAX_HISTORY = 100;        /* highlights shown, voices requested and played, kept for tests */
const VOICE_TIMEOUT_MS = 60000; /* a voice that never ends is given up */
const STALE_VOICE_MS = 60000;   /* calls older than this when sound comes on are not read */

const state = {
	connected: true,
	last: null,                 /* the last event seen */
	board: null,                /* the last GET /board */
	names: new Map(),           /* counter -> {name_vi, name_en} */
	gen: 0,                     /* bumped by each call: a board read meanwhile is read again */
	calls: [],                  /* the list, newest first: {number, service, counter,
				     * counter_name_vi, counter_name_en, called_at, recalls} */
	shownAt: {},                /* number in the list -> ms since epoch when first shown */
	highlighted: null,          /* {number, counter} */
	turns: [],                  /* calls waiting for the highlight */
	turnTimer: null,
	highlights: [],             /* the last highlights shown: {number, counter, at} */
	follower: null,
	audio: {
		unlocked: false,
		queued: [],             /* calls waiting to be said: {number, counter, kind, seq, queuedAt} */
		playing: null,
		requested: [],          /* the last voices asked for: {number, counter, at} */
		played: [],             /* the last voices ended: {number, counter, kind, result, ...} */
	},
};
window.boardState = state;

/* list.push(item), the oldest dropped beyond max */
function keepLast(list, item, max) {
	list.push(item);
	if (list.length > max) list.splice(0, list.length - max);
}

/* --- reading the board --------------------------------------------------- */
const refreshBoard = coalesce(async () => {
	const gen = state.gen;
	const r = await fetch('/api/v1/board', { cache: 'no-store' });
	if (!r.ok) throw new Error(`board: ${r.status}`);
	const b = await r.json();
	if (gen !== state.gen) return false; /* a call came meanwhile: read again */
	state.board = b;
	noteServerTime(Date.parse(b.time));
	for (const c of b.calls || [])
		state.names.set(c.counter, { name_vi: c.counter_name_vi, name_en: c.counter_name_en });
	state.calls = (b.calls || []).slice(0, MAX_CALLS);
	if (!state.highlighted && state.calls.length)
		state.highlighted = { number: state.calls[0].number, counter: state.calls[0].counter };
	state.last = b.last;
	render();
	return true;
});

function counterName(n) {
	return nameOf(state.names.get(n), t('counter.default', { n }));
}

function onEvents(events) {
	for (const e of events) {
		state.last = e.seq;
		if ((e.kind === 'called' || e.kind === 'recalled') && e.number && e.counter) {
			addCall(e);
			enqueueHighlight({ number: e.number, counter: e.counter });
			enqueueVoice({ number: e.number, counter: e.counter, kind: e.kind, seq: e.seq });
		}
	}
	refreshBoard().catch(() => {});
}

/* a call from an event, at the top of the list at once */
function addCall(e) {
	const old = state.calls.find((c) => c.number === e.number);
	const names = state.names.get(e.counter) || {};
	state.calls = [{
		number: e.number, service: e.service, counter: e.counter,
		counter_name_vi: names.name_vi, counter_name_en: names.name_en,
		called_at: e.at, recalls: e.kind === 'recalled' ? (old?.recalls || 0) + 1 : 0,
	}, ...state.calls.filter((c) => c.number !== e.number)].slice(0, MAX_CALLS);
	state.gen++;
	renderCalls();
}

/* --- highlights ---------------------------------------------------------- */
function enqueueHighlight(call) {
	const last = state.turns.length ? state.turns[state.turns.length - 1]
		: state.turnTimer ? state.highlighted : null;
	if (last && last.number === call.number && last.counter === call.counter)
		return; /* said again while still waiting or shown: one turn is enough */
	if (state.turns.length >= MAX_TURNS) state.turns.shift(); /* the oldest waiting gives way */
	state.turns.push(call);
	pumpHighlight();
}

function pumpHighlight() {
	if (state.turnTimer) return;
	const next = state.turns.shift();
	if (!next) return;
	state.highlighted = next;
	keepLast(state.highlights, { ...next, at: Date.now() }, MAX_HISTORY);
	renderNow(true);
	renderCalls();
	state.turnTimer = setTimeout(() => { state.turnTimer = null; pumpHighlight(); }, HIGHLIGHT_MS);
}

/* --- voice ---------------------------------------------------------------- */
/* 0.1 s of silence (a file: the server's CSP allows no data: URLs), to
 * learn whether the browser lets us play, and to unlock the element inside
 * the tap's gesture */
const SILENCE = '/static/silence.wav';

function enqueueVoice(item) {
	const a = state.audio;
	if (a.queued.length >= MAX_VOICES) return; /* a long burst: shown, not said */
	a.queued.push({ ...item, queuedAt: Date.now() });
	pumpVoice();
}

/* play one item to its end (or error); 'blocked' when the browser wants a gesture */
function playOne(audio, url) {
	return new Promise((resolve) => {
		let settled = false;
		let timer = null;
		const finish = (result) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			audio.removeEventListener('ended', onEnded);
			audio.removeEventListener('error', onError);
			resolve(result);
		};
		const onEnded = () => finish('ended');
		const onError = () => finish('error');
		audio.addEventListener('ended', onEnded);
		audio.addEventListener('error', onError);
		timer = setTimeout(() => finish('timeout'), VOICE_TIMEOUT_MS);
		audio.src = url;
		const p = audio.play();
		if (p) p.catch((err) => finish(err?.name === 'NotAllowedError' ? 'blocked' : 'error'));
	});
}

async function pumpVoice() {
	const a = state.audio;
	if (a.playing || !a.unlocked) return;
	const item = a.queued.shift();
	if (!item) return;
	a.playing = item;
	const url = `/voice?number=${encodeURIComponent(item.number)}&counter=${encodeURIComponent(item.counter)}`;
	keepLast(a.requested, { number: item.number, counter: item.counter, at: Date.now() }, MAX_HISTORY);
	const startedAt = Date.now();
	const result = await playOne($('voice'), url);
	a.playing = null;
	if (result === 'blocked') {
		a.requested.pop();
		a.queued.unshift(item);
		lockAudio();
		return;
	}
	keepLast(a.played, { number: item.number, counter: item.counter, kind: item.kind, result,
		startedAt, endedAt: Date.now() }, MAX_HISTORY);
	pumpVoice();
}

function lockAudio() {
	state.audio.unlocked = false;
	$('unlock').hidden = false;
	$('unlock-button').focus();
}

/* Try to play silence: allowed -> unlocked; refused -> the overlay. */
async function tryUnlock() {
	const audio = $('voice');
	try {
		audio.src = SILENCE;
		await audio.play();
	} catch (err) {
		if (err?.name === 'NotAllowedError') {
			lockAudio();
			return;
		}
		/* another failure (no audio output): the voices will fail on their own */
	}
	state.audio.unlocked = true;
	$('unlock').hidden = true;
	/* calls that waited long for the tap are old news */
	const now = Date.now();
	state.audio.queued = state.audio.queued.filter((i) => now - i.queuedAt < STALE_VOICE_MS);
	pumpVoice();
}

/* --- rendering ---------------------------------------------------------- */
function render() {
	const b = state.board;
	if (b) {
		$('station').textContent = nameOf(b.station, '');
		document.title = `${t('board.title')} · ${nameOf(b.station, '')}`;
		renderServices(b.services || []);
	}
	renderNow(false);
	renderCalls();
}

function renderNow(fresh) {
	const h = state.highlighted;
	const num = $('now-number');
	num.textContent = h ? h.number : t('board.none');
	num.classList.toggle('empty', !h);
	$('now-counter').textContent = h ? counterName(h.counter) : '';
	$('now').dataset.number = h ? h.number : '';
	$('now').dataset.counter = h ? String(h.counter) : '';
	if (fresh) {
		const now = $('now');
		now.classList.remove('flash');
		void now.offsetWidth; /* restart the animation */
		now.classList.add('flash');
	}
}

function renderCalls() {
	const h = state.highlighted;
	const list = $('calls');
	list.replaceChildren(...state.calls.map((c) => el('li', {
		class: h && h.number === c.number && h.counter === c.counter ? 'hl' : '',
		'data-number': c.number, 'data-counter': c.counter,
	},
	el('span', { class: 'num', text: c.number }),
	el('span', { class: 'arrow', 'aria-hidden': 'true', text: '➜' }),
	el('span', { class: 'ctr', text: nameOf({ name_vi: c.counter_name_vi, name_en: c.counter_name_en }, counterName(c.counter)) }),
	c.recalls ? el('span', { class: 'recalls', 'aria-hidden': 'true', text: `↻${c.recalls > 1 ? c.recalls : ''}` }) : null,
	)));
	/* shownAt keeps the numbers in the list only */
	for (const n of Object.keys(state.shownAt))
		if (!state.calls.some((c) => c.number === n)) delete state.shownAt[n];
	const fresh = state.calls.filter((c) => !(c.number in state.shownAt)).map((c) => c.number);
	if (fresh.length) {
		/* the time it is on screen: the next frame (or soon, if frames are not drawn) */
		let done = false;
		const stamp = () => {
			if (done) return;
			done = true;
			const now = Date.now();
			for (const n of fresh) if (!(n in state.shownAt)) state.shownAt[n] = now;
		};
		requestAnimationFrame(stamp);
		setTimeout(stamp, 100);
	}
}

function renderServices(services) {
	$('services').replaceChildren(...services.map((s) => el('li', {
		class: s.enabled === false ? 'off' : '', 'data-service': s.service, 'data-waiting': s.waiting ?? 0,
	},
	el('span', { class: 'prefix', text: s.prefix || '' }),
	el('span', { class: 'name', text: nameOf(s, s.service) }),
	s.enabled === false
		? el('span', { class: 'count off', text: t('board.off') })
		: el('span', { class: 'count', text: String(s.waiting ?? 0) }),
	)));
}

function tickClock() {
	const now = serverNow();
	$('clock-time').textContent = hhmmss(now);
	const days = t('board.days').split(',');
	$('clock-date').textContent = `${days[vnParts(now).wd] || ''} ${ddmmyyyy(now)}`;
}

/* --- start ---------------------------------------------------------------- */
function startFollowing(since) {
	state.follower = follow({
		url: '/api/v1/board/events',
		since,
		onEvents,
		resync: async () => { await refreshBoard(); return state.board.last; },
		/* the board needs no login: a 401 is a misconfigured proxy; try again later */
		onUnauthorized: () => setTimeout(() => startFollowing(null), 30000),
		onConnection: (ok) => { state.connected = ok; $('conn').hidden = ok; },
	});
}

async function start() {
	await loadTexts();
	document.title = t('board.title');
	document.body.classList.remove('loading');
	tickClock();
	setInterval(tickClock, 500);
	$('unlock-button').addEventListener('click', tryUnlock);
	let since = null;
	try {
		await refreshBoard();
		since = state.board.last;
	} catch { /* the follower reads it when the server answers */ }
	render();
	startFollowing(since);
	tryUnlock();
}

start();
