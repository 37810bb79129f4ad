/*
 * board.js - the lobby board's logic (board.html).
 *
 * It reads GET /api/v1/board once, then follows /api/v1/board/events with
 * long-polls (common.js) and re-reads the board after each batch.  A call
 * (called or recalled) is put in the list at once from the event itself, so
 * the TV shows it within a frame of the event's arrival; the re-read then
 * brings the waiting counts and the counters' names.
 *
 * Two queues keep bursts readable and audible:
 *   - highlights: each new call is the big "now calling" one for at least
 *     HIGHLIGHT_MS, in turn; the list meanwhile shows them all;
 *   - voice: each call plays GET /voice?number=&counter= through the one
 *     <audio> element, one after the other, never overlapping, in order; a
 *     recalled call plays again.  A voice that fails (404: the station has
 *     no clips) is skipped.  Browsers refuse to play before a user gesture:
 *     then a one-time overlay asks for a tap, and calls wait meanwhile.
 *
 * window.boardState shows tests (and a curious technician) what the board
 * shows and what it has played.
 */
import { loadTexts, t, nameOf, el, follow, coalesce, noteServerTime, serverNow, hhmmss, ddmmyyyy, vnParts } from './common.js';

const $ = (id) => document.getElementById(id);

const HIGHLIGHT_MS = 4000;      /* each call the big one for at least this */
const MAX_CALLS = 10;           /* lines in the list */
const VOICE_TIMEOUT_MS = 60000; /* a voice that never ends is given up */
const STALE_VOICE_MS = 60000;   /* calls older than this when sound comes on are not read */

const B = {
	board: null,
	calls: [],                  /* newest first: {number, service, counter, counter_name_vi, counter_name_en, called_at, recalls} */
	names: new Map(),           /* counter -> {name_vi, name_en} */
	gen: 0,
	hlQueue: [],
	hlTimer: null,
	highlighted: null,          /* {number, counter} */
	audioQ: [],
	playing: null,
	unlocked: false,
	follower: null,
};

const state = {
	connected: true,
	last: null,
	calls: [],                  /* what the list shows: [{number, counter}] newest first */
	highlighted: null,
	highlights: [],             /* every highlight shown: {number, counter, at} */
	shownAt: {},                /* number -> ms since epoch when first in the list */
	audio: { unlocked: false, queued: [], playing: null, requested: [], played: [] },
};
window.boardState = state;

/* --- reading the board --------------------------------------------------- */
const refreshBoard = coalesce(async () => {
	const gen = B.gen;
	const r = await fetch('/api/v1/board', { cache: 'no-store' });
	if (!r.ok) throw new Error(`board: ${r.status}`);
	const b = await r.json();
	if (gen !== B.gen) return false; /* a call came meanwhile: read again */
	B.board = b;
	noteServerTime(Date.parse(b.time));
	for (const c of b.calls || [])
		B.names.set(c.counter, { name_vi: c.counter_name_vi, name_en: c.counter_name_en });
	B.calls = (b.calls || []).slice(0, MAX_CALLS);
	if (!B.highlighted && B.calls.length)
		B.highlighted = { number: B.calls[0].number, counter: B.calls[0].counter };
	state.last = b.last;
	render();
	return true;
});

function counterName(n) {
	return nameOf(B.names.get(n), t('counter.default', { n }));
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
	const old = B.calls.find((c) => c.number === e.number);
	const names = B.names.get(e.counter) || {};
	B.calls = [{
		number: e.number, service: e.service, counter: e.counter,
		counter_name_vi: names.name_vi, counter_name_en: names.name_en,
		called_at: e.at, recalls: e.kind === 'recalled' ? (old?.recalls || 0) + 1 : 0,
	}, ...B.calls.filter((c) => c.number !== e.number)].slice(0, MAX_CALLS);
	B.gen++;
	renderCalls();
}

/* --- highlights ---------------------------------------------------------- */
function enqueueHighlight(call) {
	B.hlQueue.push(call);
	pumpHighlight();
}

function pumpHighlight() {
	if (B.hlTimer) return;
	const next = B.hlQueue.shift();
	if (!next) return;
	B.highlighted = next;
	state.highlights.push({ ...next, at: Date.now() });
	renderNow(true);
	renderCalls();
	B.hlTimer = setTimeout(() => { B.hlTimer = null; pumpHighlight(); }, HIGHLIGHT_MS);
}

/* --- voice ---------------------------------------------------------------- */
/* 0.1 s of silence (a file: the server's CSP allows no data: URLs), to
 * learn whether the browser lets us play, and to unlock the element inside
 * the tap's gesture */
const SILENCE = '/static/silence.wav';

function enqueueVoice(item) {
	item.queuedAt = Date.now();
	B.audioQ.push(item);
	syncAudioState();
	pumpVoice();
}

function syncAudioState() {
	state.audio.unlocked = B.unlocked;
	state.audio.queued = B.audioQ.map(({ number, counter, kind }) => ({ number, counter, kind }));
	state.audio.playing = B.playing ? { number: B.playing.number, counter: B.playing.counter } : null;
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
	if (B.playing || !B.unlocked) return;
	const item = B.audioQ.shift();
	if (!item) { syncAudioState(); return; }
	B.playing = item;
	syncAudioState();
	const url = `/voice?number=${encodeURIComponent(item.number)}&counter=${encodeURIComponent(item.counter)}`;
	state.audio.requested.push({ number: item.number, counter: item.counter, at: Date.now() });
	const startedAt = Date.now();
	const result = await playOne($('voice'), url);
	B.playing = null;
	if (result === 'blocked') {
		state.audio.requested.pop();
		B.audioQ.unshift(item);
		lockAudio();
		return;
	}
	state.audio.played.push({ number: item.number, counter: item.counter, kind: item.kind, result,
		startedAt, endedAt: Date.now() });
	syncAudioState();
	pumpVoice();
}

function lockAudio() {
	B.unlocked = false;
	syncAudioState();
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
	B.unlocked = true;
	$('unlock').hidden = true;
	/* calls that waited long for the tap are old news */
	const now = Date.now();
	B.audioQ = B.audioQ.filter((i) => now - i.queuedAt < STALE_VOICE_MS);
	syncAudioState();
	pumpVoice();
}

/* --- rendering ---------------------------------------------------------- */
function render() {
	const b = B.board;
	if (b) {
		$('station').textContent = nameOf(b.station, '');
		document.title = `${t('board.title')} · ${nameOf(b.station, '')}`;
		renderServices(b.services || []);
	}
	renderNow(false);
	renderCalls();
}

function renderNow(fresh) {
	const h = B.highlighted;
	const num = $('now-number');
	num.textContent = h ? h.number : t('board.none');
	num.classList.toggle('empty', !h);
	$('now-counter').textContent = h ? counterName(h.counter) : '';
	$('now').dataset.number = h ? h.number : '';
	$('now').dataset.counter = h ? String(h.counter) : '';
	state.highlighted = h ? { number: h.number, counter: h.counter } : null;
	if (fresh) {
		const now = $('now');
		now.classList.remove('flash');
		void now.offsetWidth; /* restart the animation */
		now.classList.add('flash');
	}
}

function renderCalls() {
	const h = B.highlighted;
	const list = $('calls');
	list.replaceChildren(...B.calls.map((c) => el('li', {
		class: h && h.number === c.number && h.counter === c.counter ? 'hl' : '',
		'data-number': c.number, 'data-counter': c.counter,
	},
	el('span', { class: 'num', text: c.number }),
	el('span', { class: 'arrow', 'aria-hidden': 'true', text: '➜' }),
	el('span', { class: 'ctr', text: nameOf({ name_vi: c.counter_name_vi, name_en: c.counter_name_en }, counterName(c.counter)) }),
	c.recalls ? el('span', { class: 'recalls', 'aria-hidden': 'true', text: `↻${c.recalls > 1 ? c.recalls : ''}` }) : null,
	)));
	state.calls = B.calls.map((c) => ({ number: c.number, counter: c.counter }));
	const fresh = B.calls.filter((c) => !(c.number in state.shownAt)).map((c) => c.number);
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
	B.follower = follow({
		url: '/api/v1/board/events',
		since,
		onEvents,
		resync: async () => { await refreshBoard(); return B.board.last; },
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
		since = B.board.last;
	} catch { /* the follower reads it when the server answers */ }
	render();
	startFollowing(since);
	tryUnlock();
}

start();
