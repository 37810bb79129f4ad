/*
 * rate.js - a counter's rating tablet (rate.html): the screens and what a
 * tap does.
 *
 *   setup    no token yet, or the server refused it: how to set it up (staff)
 *   idle     the counter's name, calm, until the server says "open"
 *   open     the ticket, its service, one big face a level, a countdown bar
 *   reasons  after a level >= ask_reason: a few reasons and "skip", one tap
 *   sending  the rating on its way (the tapped choice stays marked)
 *   thanks   ~4 s, then idle
 *
 * The server is the judge of what may be rated (rate-link.js follows it);
 * the page counts the window (expires_in) down itself and goes idle at 0,
 * and never takes a ticket it is done with again (rated, closed or gone
 * past its time here: the server gives a few seconds' grace for a tap on
 * its way).  A citizen never sees technical text: a lost server is a small
 * dot for staff, a rating that cannot be sent still ends in thank you.
 * Everything the page knows is in `state`, shown to tests as
 * window.rateState.
 */
import { loadTexts, switchLang, currentLang, t, el } from './common.js';
import { takeToken, watch, rate, refused } from './rate-link.js';
import { face } from './rate-faces.js';
import { chime } from './rate-sound.js';

const $ = (id) => document.getElementById(id);

const THANKS_MS = 4000;
const TICK_MS = 250;
const SEND_GRACE_MS = 4000;   /* a rating is sent again until this after the window */
const MAX_RESULTS = 20;

const state = {
	state: 'loading',     /* setup | idle | open | reasons | sending | thanks */
	setup: null,          /* why setup: 'no_token' | 'refused' */
	connected: true,
	answer: null,         /* the last GET /api/v1/rating */
	last: null,           /* its "last" */
	ticket: null,         /* shown: {number, service, service_name, staff} */
	deadline: 0,          /* Date.now() when its window closes here */
	level: 0,             /* chosen, waiting for a reason */
	result: null,         /* the last POST: {number, level, reason, status, body} */
	results: [],          /* the last MAX_RESULTS of them */
	done: [],             /* numbers not to show again: {number, until} */
	idleWhy: null,        /* why the last idle: expired, closed, server, thanks */
	beeps: 0,             /* chimes started */
};
window.rateState = state;

let follower = null;
let ticker = null;
let thanksTimer = null;
let deviceLang = 'vi';    /* the language idle returns to */

/* --- words ---------------------------------------------------------------- */
const words = (o) => (o && ((currentLang() === 'en' && o.en) || o.vi || o.en)) || '';

function counterName() {
	const a = state.answer;
	return words(a?.counter_name) || (a ? t('counter.default', { n: a.counter }) : '');
}

/* --- screens -------------------------------------------------------------- */
function show(screen) {
	state.state = screen;
	document.body.dataset.screen = screen;
	for (const s of ['setup', 'idle', 'open', 'reasons', 'thanks'])
		$(s).hidden = s !== (screen === 'sending' ? document.body.dataset.shown : screen);
	if (screen !== 'sending') document.body.dataset.shown = screen;
	document.body.classList.remove('loading');
}

function renderSetup() {
	$('setup-url').textContent = `${location.origin}/rate#token=…`;
	$('setup-refused').hidden = state.setup !== 'refused';
	document.title = t('rate.setup.title');
}

function renderIdle() {
	$('idle-counter').textContent = counterName();
	document.title = `${t('rate.title')} · ${counterName()}`;
}

function renderOpen() {
	const a = state.answer;
	const tk = state.ticket;
	$('ticket-number').textContent = tk.number;
	$('ticket-service').textContent = words(tk.service_name) || tk.service || '';
	$('ticket-staff').hidden = !tk.staff;
	$('ticket-staff').textContent = tk.staff || '';
	const levels = a.levels || [];
	$('levels').dataset.count = levels.length;
	$('levels').replaceChildren(...levels.map((lv, i) => el('button', {
		type: 'button', class: 'choice', 'data-level': lv.level,
		onclick: () => choose(lv.level),
	}, face(i, levels.length), el('span', { class: 'word', text: words(lv) }))));
	tick();
}

function renderReasons() {
	const reasons = state.answer.reasons || [];
	$('reason-list').dataset.count = reasons.length;
	$('reason-list').replaceChildren(...reasons.map((r) => el('button', {
		type: 'button', class: 'reason', 'data-reason': r.reason, text: words(r),
		onclick: () => chooseReason(r.reason),
	})));
}

function renderAll() {
	if (state.state === 'setup') renderSetup();
	else if (state.answer) renderIdle();
	if (state.ticket) renderOpen();
	if (state.state === 'reasons' || (state.state === 'sending' && state.level)) renderReasons();
}

/* --- the window ------------------------------------------------------------- */
function tick() {
	const left = state.deadline - Date.now();
	const seconds = state.answer?.seconds || 30;
	$('countdown-bar').style.width = `${Math.max(0, Math.min(100, (100 * left) / (seconds * 1000)))}%`;
	if (left > 0) return;
	if (state.state === 'open') {
		forget(state.ticket.number);
		goIdle('expired');
	} else if (state.state === 'reasons') {
		send(state.level, 0); /* no reason chosen in time: the level alone */
	}
}

function startTicker() {
	clearInterval(ticker);
	ticker = setInterval(tick, TICK_MS);
}

/* a number this device is done with, not shown again while it could come back */
function forget(number) {
	const now = Date.now();
	state.done = state.done.filter((d) => d.until > now && d.number !== number);
	state.done.push({ number, until: now + ((state.answer?.seconds || 30) + 60) * 1000 });
}
const isDone = (number) => state.done.some((d) => d.number === number && d.until > Date.now());

async function goIdle(why) {
	clearInterval(ticker);
	clearTimeout(thanksTimer);
	state.ticket = null;
	state.level = 0;
	state.idleWhy = why;
	if (currentLang() !== deviceLang) await switchLang(); /* a citizen's English was for them */
	if (state.ticket) return; /* a new ticket came meanwhile */
	renderIdle();
	show('idle');
}

function openTicket(a) {
	clearTimeout(thanksTimer);
	state.ticket = { ...a.ticket, staff: a.staff || '' };
	state.deadline = Date.now() + a.expires_in * 1000;
	state.level = 0;
	renderOpen();
	show('open');
	startTicker();
}

/* --- the server's word ------------------------------------------------------ */
function onAnswer(a) {
	state.answer = a;
	state.last = a.last;
	state.setup = null;
	const number = a.ticket?.number;
	const shown = state.ticket?.number;
	if (a.state === 'open' && number && a.expires_in > 0 && !isDone(number)) {
		if (state.state === 'sending' && shown === number) return; /* our POST answers */
		if ((state.state === 'open' || state.state === 'reasons') && shown === number) {
			state.deadline = Date.now() + a.expires_in * 1000;
			return;
		}
		openTicket(a);
	} else if (state.state === 'open' || state.state === 'reasons') {
		forget(shown); /* rated elsewhere, or the counter's window is over */
		goIdle('server');
	} else if (state.state === 'idle' || state.state === 'loading' || state.state === 'setup') {
		renderIdle();
		show('idle');
	}
}

function onRefused() {
	clearInterval(ticker);
	state.ticket = null;
	state.setup = 'refused';
	renderSetup();
	show('setup');
}

function onConnection(ok) {
	state.connected = ok;
	$('conn').hidden = ok;
	if (!ok && state.state === 'loading') { /* calm, while the server is away */
		renderIdle();
		show('idle');
	}
}

/* --- taps ------------------------------------------------------------------- */
function tapped(button) {
	if (chime()) state.beeps++;
	button?.classList.add('chosen');
}

function choose(level) {
	if (state.state !== 'open') return;
	tapped(document.querySelector(`#levels [data-level="${level}"]`));
	const a = state.answer;
	if (level >= a.ask_reason && (a.reasons || []).length) {
		state.level = level;
		renderReasons();
		show('reasons');
	} else {
		send(level, 0);
	}
}

function chooseReason(reason) {
	if (state.state !== 'reasons') return;
	tapped(reason ? document.querySelector(`#reason-list [data-reason="${reason}"]`) : $('skip'));
	send(state.level, reason);
}

const pause = (ms) => new Promise((res) => setTimeout(res, ms));

/* POST the rating; then thank you, the setup, or idle quietly */
async function send(level, reason) {
	const number = state.ticket.number;
	const until = state.deadline + SEND_GRACE_MS;
	show('sending');
	let r = null;
	for (let wait = 1000; ; wait = Math.min(wait * 2, 4000)) {
		try { r = await rate(number, level, reason); } catch { r = null; }
		if ((r && r.status < 500) || Date.now() + wait > until) break;
		await pause(wait); /* the server not reached, or busy: again */
	}
	state.result = { number, level, reason, status: r ? r.status : 0, body: r ? r.body : null };
	state.results = [...state.results, state.result].slice(-MAX_RESULTS);
	forget(number);
	if (state.ticket?.number !== number) return; /* another ticket is shown now */
	if (r && refused(r)) {
		onRefused();
	} else if (!r || r.status === 201 || r.status >= 500 || r.body?.error === 'already_rated') {
		thank(); /* stored, stored before, or the citizen did their part anyway */
	} else {
		goIdle('closed'); /* window_closed, not_finished: nothing to say */
	}
}

function thank() {
	clearInterval(ticker);
	state.ticket = null;
	state.level = 0;
	show('thanks');
	thanksTimer = setTimeout(() => { if (state.state === 'thanks') goIdle('thanks'); }, THANKS_MS);
}

/* --- start ------------------------------------------------------------------ */
function follow() {
	follower?.stop();
	if (!takeToken()) {
		state.setup = 'no_token';
		renderSetup();
		show('setup');
		return;
	}
	state.setup = null;
	follower = watch({
		onAnswer,
		onRefused,
		onConnection,
	});
}

/* the screen stays on where the browser allows it (a secure context:
 * https, or the kiosk browser's own setting: docs/rating-web.md) */
function keepAwake() {
	if (document.visibilityState === 'visible')
		navigator.wakeLock?.request('screen').catch(() => {});
}

async function start() {
	await loadTexts();
	deviceLang = currentLang();
	$('thanks-face').append(face(0, 1));
	$('skip').addEventListener('click', () => chooseReason(0));
	$('lang').addEventListener('click', async () => {
		await switchLang();
		if (state.state === 'idle' || state.state === 'setup') deviceLang = currentLang();
		renderAll();
	});
	window.addEventListener('hashchange', follow);
	document.addEventListener('visibilitychange', keepAwake);
	keepAwake();
	follow();
}

start();
