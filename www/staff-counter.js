/*
 * staff-counter.js - the counter's side of the staff console: choosing a
 * counter, its current ticket and timer, its queues, and the six actions
 * (next, recall, no-show, done, transfer, call) with their keys F1-F6 and
 * Space.
 *
 * One action at a time: while a POST is in flight the six buttons are
 * disabled and keys are ignored, and auto-repeated keys never act, so a
 * double click or a held key sends one action.  Space is "next" anywhere
 * outside a text field (Enter still presses the focused button).
 */
import { t, nameOf, el } from './common.js';
import {
	$, show, S, api, errorText, refreshQueue, render, counterOf, serviceName, counterName,
	takeCurrent, say, tick,
} from './staff-state.js';

/* --- choosing a counter ----------------------------------------------------- */
function chooseCounter(n) {
	S.counter = n;
	try { localStorage.setItem('staff.counter', String(n)); } catch { /* ignore */ }
	takeCurrent();
	render();
	document.querySelector('[data-action="next"]').focus();
}

function changeCounter() {
	S.counter = null;
	try { localStorage.removeItem('staff.counter'); } catch { /* ignore */ }
	render();
	document.querySelector('#counter-list button')?.focus();
}

/* --- the actions ------------------------------------------------------------ */
function setBusy(on) {
	S.busy = on;
	const focused = document.activeElement;
	for (const b of document.querySelectorAll('#actions button')) b.disabled = on;
	$('actions').setAttribute('aria-busy', on ? 'true' : 'false');
	if (on) S.refocus = focused?.closest?.('#actions') ? focused : null;
	else if (S.refocus && document.activeElement === document.body) S.refocus.focus();
}

const DONE_TEXT = {
	next: 'msg.called', call: 'msg.called', recall: 'msg.recalled',
	'no-show': 'msg.noshow', done: 'msg.done', transfer: 'msg.transferred',
};

/* POST /api/v1/counters/{n}/{action}: one at a time */
async function act(action, body) {
	if (S.busy || !S.me || !S.counter) return;
	setBusy(true);
	try {
		let r;
		try {
			r = await api('POST', `/api/v1/counters/${S.counter}/${action}`, body);
		} catch {
			say(t('err.network'), 'error');
			return;
		}
		S.gen++;
		if (r.status === 401) return;
		if (r.status === 204) {
			S.current = null;
			say(t('msg.nobody'), 'info');
		} else if (r.status === 200 && r.data) {
			const tk = r.data;
			S.current = ['next', 'call', 'recall'].includes(action)
				? { number: tk.number, service: tk.service, state: tk.state, called_at: tk.called_at }
				: null;
			say(t(DONE_TEXT[action], { number: tk.number, service: serviceName(body?.service) }), 'ok');
		} else {
			say(errorText(r), 'error');
		}
		renderCurrent();
		refreshQueue().catch(() => {});
	} finally {
		setBusy(false);
	}
}

function openTransfer() {
	if (S.busy) return;
	if (!S.current) {
		say(t('transfer.nobody'), 'info');
		return;
	}
	$('transfer-title').textContent = t('transfer.title', { number: S.current.number });
	const list = $('transfer-list');
	list.replaceChildren(...(S.queue?.services || [])
		.filter((s) => s.service !== S.current.service)
		.map((s) => el('button', {
			type: 'button', class: 'big pick', value: s.service, disabled: s.enabled === false,
			'data-service': s.service,
			onclick: () => { $('transfer-dialog').close(); act('transfer', { service: s.service }); },
		}, el('span', { class: 'prefix', text: s.prefix || '' }), ' ', nameOf(s, s.service))));
	$('transfer-dialog').showModal();
	list.querySelector('button:not([disabled])')?.focus();
}

function openCall() {
	if (S.busy) return;
	$('call-number').value = '';
	$('call-msg').textContent = '';
	$('call-dialog').showModal();
	$('call-number').focus();
}

function submitCall(e) {
	e.preventDefault();
	const number = $('call-number').value.trim().toUpperCase();
	if (!/^[A-Z]{1,2}[0-9]{1,5}$/.test(number)) {
		$('call-msg').textContent = t('call.bad');
		$('call-number').focus();
		return;
	}
	$('call-dialog').close();
	act('call', { number });
}

function runAction(action) {
	if (action === 'transfer') openTransfer();
	else if (action === 'call') openCall();
	else act(action);
}

/* --- keys ----------------------------------------------------------------- */
const KEYS = { F1: 'next', F2: 'recall', F3: 'no-show', F4: 'done', F5: 'transfer', F6: 'call' };
let spaceTaken = false;

function typing(target) {
	return target instanceof HTMLElement &&
		(target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function onKeyDown(e) {
	const fkey = KEYS[e.key];
	if (fkey) e.preventDefault();              /* F1 help, F3 find, F5 reload ... */
	const space = e.key === ' ' && !e.ctrlKey && !e.altKey && !e.metaKey;
	if (!fkey && !space) return;
	if (document.querySelector('dialog[open]') || typing(e.target)) return;
	if (!S.me || !S.counter || $('work-view').hidden || $('counter-pane').hidden) return;
	if (space) {
		e.preventDefault();                    /* no scrolling, no pressing the focused button */
		spaceTaken = true;
	}
	if (e.repeat || S.busy) return;
	runAction(fkey || 'next');
}

function onKeyUp(e) {
	if (e.key === ' ' && spaceTaken) {
		e.preventDefault();                    /* a button is pressed on Space's keyup */
		spaceTaken = false;
	}
}

/* the counter's buttons, dialogs and keys: once, at start */
export function wireCounter() {
	$('change-counter').addEventListener('click', changeCounter);
	for (const b of document.querySelectorAll('#actions button'))
		b.addEventListener('click', (e) => {
			/* a double click's second click (detail 2) is not a second action */
			if (e.detail > 1) return;
			runAction(b.dataset.action);
		});
	$('call-form').addEventListener('submit', submitCall);
	$('call-cancel').addEventListener('click', () => $('call-dialog').close());
	$('call-number').addEventListener('input', (e) => { e.target.value = e.target.value.toUpperCase(); });
	document.addEventListener('keydown', onKeyDown);
	document.addEventListener('keyup', onKeyUp);
}

/* --- rendering ---------------------------------------------------------- */
/* the list of counters to choose from, or the chosen one's work view */
export function renderCounter() {
	const chosen = counterOf(S.counter);
	show('choose-view', !chosen);
	show('work-view', !!chosen);
	if (chosen) renderWork(chosen);
	else renderChoose();
}

function renderChoose() {
	const counters = S.queue?.counters || [];
	$('counter-list').replaceChildren(...(counters.length ? counters.map((c) => el('button', {
		type: 'button', class: 'big counter-choice', 'data-counter': c.counter,
		onclick: () => chooseCounter(c.counter),
	},
	el('strong', { text: counterName(c) }),
	el('span', { class: 'small', text: (c.services || []).map(serviceName).join(' · ') }),
	c.serving ? el('span', { class: 'small', text: t('counter.busy_with', { number: c.serving }) }) : null,
	)) : [el('p', { text: t('counter.none') })]));
}

function renderWork(c) {
	$('counter-name').textContent = counterName(c);
	renderCurrent();
	const mine = new Set(c.services || []);
	const services = [...(S.queue?.services || [])]
		.sort((a, b) => (mine.has(b.service) - mine.has(a.service)));
	$('queue-list').replaceChildren(...services.map((s) => el('li', {
		class: `svc${mine.has(s.service) ? ' mine' : ''}${s.enabled === false ? ' off' : ''}`,
		'data-service': s.service, 'data-waiting': s.waiting,
		'data-enabled': String(s.enabled !== false),
	},
	el('span', { class: 'prefix', text: s.prefix || '' }),
	el('span', { class: 'svc-name' }, nameOf(s, s.service),
		s.enabled === false ? el('span', { class: 'tag off', text: t('queue.off') }) : null),
	el('span', { class: 'svc-count' },
		el('strong', { class: 'waiting', text: String(s.waiting ?? 0) }),
		s.waiting_priority ? el('span', { class: 'small', text: t('queue.priority', { n: s.waiting_priority }) }) : null),
	)));
}

function renderCurrent() {
	const cur = S.current;
	const num = $('current-number');
	num.textContent = cur ? cur.number : t('current.none');
	num.classList.toggle('empty', !cur);
	num.dataset.number = cur ? cur.number : '';
	$('current-service').textContent = cur ? serviceName(cur.service) : '';
	$('current-state').textContent = cur?.state ? t(`state.${cur.state}`) : '';
	$('current-state').dataset.state = cur?.state || '';
	const timer = $('current-timer');
	if (cur?.called_at) timer.dataset.since = cur.called_at;
	else delete timer.dataset.since;
	timer.textContent = cur?.called_at ? '' : '–';
	tick();
}
