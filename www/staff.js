/*
 * staff.js - the staff console's logic (staff.html).
 *
 * One state object S, one render per part; the server is the only truth:
 * after every action and every event the page re-reads GET /api/v1/queue
 * (coalesced: at most one read in flight, one more queued), and it follows
 * GET /api/v1/events with long-polls (common.js).  A counter action answers
 * with its ticket, which is shown at once without waiting for that read.
 *
 * One action at a time: while a POST is in flight the six buttons are
 * disabled and keys are ignored, and auto-repeated keys never act, so a
 * double click or a held key sends one action.  Space is "next" anywhere
 * outside a text field (Enter still presses the focused button).
 *
 * The session is an HttpOnly cookie; its CSRF token lives only in memory
 * and goes with every POST as X-CSRF-Token.  Any 401 ends the session on
 * the page: the login form comes back with a message.
 */
import {
	loadTexts, switchLang, t, hasText, applyTexts, nameOf, el, follow, coalesce,
	noteDateHeader, serverNow, duration, hhmm,
} from './common.js';

const $ = (id) => document.getElementById(id);

const S = {
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

/* --- the API ------------------------------------------------------------ */
async function api(method, path, body) {
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
	if (r.status === 401 && S.me && path !== '/api/v1/login') sessionEnded('login.expired');
	return { status: r.status, data };
}

function errorText(r) {
	const code = r.data?.error || String(r.status);
	return hasText(`err.${code}`) ? t(`err.${code}`) : t('err.other', { code });
}

/* GET /api/v1/queue, coalesced; rejects when the server does not answer. */
const refreshQueue = coalesce(async () => {
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

async function loadDevices() {
	if (S.me?.role !== 'supervisor') return;
	try {
		const r = await api('GET', '/api/v1/devices');
		if (r.status === 200) {
			S.devices = r.data.devices || [];
			renderDevices();
		}
	} catch { /* the follower shows the lost connection */ }
}

/* --- session ---------------------------------------------------------------- */
function show(id, on) { $(id).hidden = !on; }

function showLogin(message) {
	for (const id of ['tabs', 'counter-pane', 'sup-view', 'logout', 'who', 'alerts', 'conn'])
		show(id, false);
	show('login-view', true);
	$('login-msg').textContent = message || '';
	$('login-password').value = '';
	$('login-submit').disabled = false;
	$('login-name').focus();
}

function sessionEnded(msgKey) {
	S.follower?.stop();
	S.follower = null;
	clearInterval(S.devicesTimer);
	S.me = null;
	S.busy = false;
	S.editing = null;
	for (const d of document.querySelectorAll('dialog[open]')) d.close();
	showLogin(t(msgKey));
}

async function onLoggedIn(me) {
	S.me = me;
	show('login-view', false);
	show('logout', true);
	show('who', true);
	$('who').textContent = `${me.name} · ${t(`role.${me.role}`)}`;
	show('tabs', me.role === 'supervisor');
	setTab(me.role === 'supervisor' ? S.tab : 'counter');
	try { await refreshQueue(); } catch { /* the follower re-reads when it can */ }
	if (!S.me) return;
	const saved = Number(localStorage.getItem('staff.counter'));
	if (S.queue?.counters?.some((c) => c.counter === saved)) S.counter = saved;
	takeCurrent();
	render();
	S.follower = follow({
		url: '/api/v1/events',
		since: S.queue?.last,
		onEvents,
		resync: async () => { await refreshQueue(); loadDevices(); return S.queue.last; },
		onUnauthorized: () => sessionEnded('login.expired'),
		onConnection: (ok) => show('conn', !ok),
	});
	if (me.role === 'supervisor') {
		loadDevices();
		/* "seen" and "online" age without an event: look again now and then */
		S.devicesTimer = setInterval(loadDevices, 20000);
	}
}

function onEvents(events) {
	if (events.some((e) => e.kind === 'device')) loadDevices();
	if (events.some((e) => e.kind !== 'device')) refreshQueue().catch(() => {});
}

async function login(e) {
	e.preventDefault();
	const name = $('login-name').value.trim();
	const password = $('login-password').value;
	const msg = $('login-msg');
	if (!name || !password) {
		msg.textContent = t('login.empty');
		return;
	}
	$('login-submit').disabled = true;
	msg.textContent = t('login.busy');
	let r;
	try {
		r = await api('POST', '/api/v1/login', { name, password });
	} catch {
		msg.textContent = t('login.error');
		$('login-submit').disabled = false;
		return;
	}
	$('login-submit').disabled = false;
	if (r.status === 200) {
		$('login-password').value = '';
		msg.textContent = '';
		onLoggedIn(r.data);
	} else {
		msg.textContent = r.status === 401 ? t('login.failed')
			: r.status === 429 ? t('login.locked') : errorText(r);
		$('login-password').select();
	}
}

async function logout() {
	try { await api('POST', '/api/v1/logout'); } catch { /* ended here anyway */ }
	if (S.me) sessionEnded('login.logged_out');
	else $('login-msg').textContent = t('login.logged_out');
}

/* --- the counter -------------------------------------------------------- */
function counterOf(n) { return S.queue?.counters?.find((c) => c.counter === n); }
function serviceOf(code) { return S.queue?.services?.find((s) => s.service === code); }
function serviceName(code) { return nameOf(serviceOf(code), code); }
function counterName(c) { return nameOf(c, t('counter.default', { n: c.counter })); }

/* the current ticket as the last queue read has it */
function takeCurrent() {
	const c = counterOf(S.counter);
	S.current = c?.serving
		? { number: c.serving, service: c.service, state: c.state, called_at: c.called_at }
		: null;
}

function chooseCounter(n) {
	S.counter = n;
	try { localStorage.setItem('staff.counter', String(n)); } catch { /* ignore */ }
	takeCurrent();
	render();
	document.querySelector('[data-action="next"]').focus();
}

function say(text, kind = 'ok', where = 'status') {
	const p = $(where);
	p.textContent = text;
	p.dataset.kind = kind;
}

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

/* --- the supervisor ------------------------------------------------------ */
function setTab(tab) {
	S.tab = tab;
	const sup = tab === 'supervisor' && S.me?.role === 'supervisor';
	show('counter-pane', !sup);
	show('sup-view', sup);
	$('tab-counter').setAttribute('aria-selected', String(!sup));
	$('tab-sup').setAttribute('aria-selected', String(sup));
}

async function setServiceEnabled(code, enabled) {
	try {
		const r = await api('POST', `/api/v1/services/${encodeURIComponent(code)}/enabled`, { enabled });
		if (r.status === 200) {
			say(t(enabled ? 'msg.service_on' : 'msg.service_off', { service: serviceName(code) }), 'ok', 'sup-status');
			refreshQueue().catch(() => {});
		} else if (r.status !== 401) {
			say(errorText(r), 'error', 'sup-status');
		}
	} catch {
		say(t('err.network'), 'error', 'sup-status');
	}
}

async function saveCounterServices() {
	const { counter, chosen } = S.editing;
	if (!chosen.size) {
		say(t('sup.pick_one'), 'error', 'sup-status');
		return;
	}
	try {
		const r = await api('POST', `/api/v1/counters/${counter}/services`, { services: [...chosen] });
		if (r.status === 200) {
			S.editing = null;
			say(t('msg.saved'), 'ok', 'sup-status');
			refreshQueue().catch(() => {});
		} else if (r.status !== 401) {
			say(errorText(r), 'error', 'sup-status');
		}
	} catch {
		say(t('err.network'), 'error', 'sup-status');
	}
}

/* --- rendering ---------------------------------------------------------- */
function render() {
	if (!S.me) return;
	$('station-name').textContent = nameOf(S.queue?.station, '');
	document.title = `${t('staff.title')} · ${nameOf(S.queue?.station, '')}`;
	const chosen = counterOf(S.counter);
	show('choose-view', !chosen);
	show('work-view', !!chosen);
	if (chosen) renderWork(chosen);
	else renderChoose();
	if (S.me.role === 'supervisor') renderSupervisor();
	tick();
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

/* the element of the supervisor's view that has the focus, as a selector
 * that finds its successor after a re-render (events re-render often) */
function focusKey() {
	const f = document.activeElement;
	if (!f || !$('sup-view').contains(f)) return null;
	if (f.dataset.toggle) return `[data-toggle="${f.dataset.toggle}"]`;
	if (f.dataset.edit) return `[data-edit="${f.dataset.edit}"]`;
	if (f.type === 'checkbox') return `input[type="checkbox"][value="${f.value}"]`;
	return null;
}

function renderSupervisor() {
	const q = S.queue;
	if (!q) return;
	const focused = focusKey();
	renderSupervisorTables(q);
	if (focused) $('sup-view').querySelector(focused)?.focus();
}

function renderSupervisorTables(q) {
	const body = $('sup-counters').tBodies[0];
	body.replaceChildren(...(q.counters || []).map((c) => {
		const editing = S.editing?.counter === c.counter;
		const state = !c.open ? 'closed' : c.state || 'idle';
		const stateText = state === 'closed' || state === 'idle' ? t(`sup.state.${state}`) : t(`state.${state}`);
		return el('tr', { 'data-counter': c.counter, class: `st-${state}` },
			el('th', { scope: 'row', text: counterName(c) }),
			el('td', { text: stateText }),
			el('td', { class: 'num', text: c.serving || '' }),
			el('td', c.called_at && c.serving ? { class: 'timer', 'data-since': c.called_at } : {}),
			el('td', {}, editing ? editServices(c) : (c.services || []).map((code) =>
				el('span', { class: 'chip', text: serviceName(code) }))),
			el('td', {}, editing
				? [el('button', { type: 'button', class: 'primary', text: t('sup.save'), onclick: saveCounterServices }),
					el('button', { type: 'button', text: t('btn.cancel'), onclick: () => { S.editing = null; renderSupervisor(); } })]
				: el('button', { type: 'button', text: t('sup.edit'), 'data-edit': c.counter,
					onclick: () => { S.editing = { counter: c.counter, chosen: new Set(c.services || []) }; renderSupervisor(); } })));
	}));

	const sbody = $('sup-services').tBodies[0];
	sbody.replaceChildren(...(q.services || []).map((s) => {
		const on = s.enabled !== false;
		return el('tr', { 'data-service': s.service, class: on ? '' : 'off' },
			el('th', { scope: 'row' }, el('span', { class: 'prefix', text: s.prefix || '' }), ' ', nameOf(s, s.service)),
			el('td', { class: 'num' }, String(s.waiting ?? 0),
				s.waiting_priority ? el('span', { class: 'small', text: ` (${t('queue.priority', { n: s.waiting_priority })})` }) : null),
			el('td', s.waiting && s.longest_wait_s != null
				? { class: 'timer', 'data-wait': s.longest_wait_s } : { text: '–' }),
			el('td', { class: 'num', text: String(s.issued ?? '') }),
			el('td', { class: 'num', text: String(s.served ?? '') }),
			el('td', {},
				el('span', { class: `tag ${on ? 'on' : 'off'}`, text: t(on ? 'sup.enabled' : 'sup.disabled') }), ' ',
				el('button', { type: 'button', 'data-toggle': s.service, 'aria-pressed': String(!on),
					text: t(on ? 'sup.disable' : 'sup.enable'), onclick: () => setServiceEnabled(s.service, !on) })));
	}));
	renderDevices();
}

function editServices(c) {
	const chosen = S.editing.chosen;
	return el('fieldset', { class: 'edit' },
		el('legend', { class: 'visually-hidden', text: counterName(c) }),
		(S.queue.services || []).map((s) => el('label', {},
			el('input', { type: 'checkbox', value: s.service, checked: chosen.has(s.service),
				onchange: (e) => { if (e.target.checked) chosen.add(s.service); else chosen.delete(s.service); } }),
			' ', nameOf(s, s.service))));
}

const BAD_PRINTER = new Set(['paper_out', 'cover_open', 'offline', 'error']);

function renderDevices() {
	if (S.me?.role !== 'supervisor' || !S.devices) return;
	const list = $('sup-devices');
	const alerts = [];
	list.replaceChildren(...(S.devices.length ? S.devices.map((d) => {
		const printer = d.printer || 'none';
		const bad = BAD_PRINTER.has(printer) || !d.online;
		const stateText = hasText(`printer.${printer}`) ? t(`printer.${printer}`) : printer;
		if (BAD_PRINTER.has(printer)) alerts.push(t('sup.alert', { name: d.name, state: stateText }));
		return el('li', { class: `device${bad ? ' bad' : ''}${printer === 'paper_low' ? ' warn' : ''}`,
			'data-device': d.name, 'data-printer': printer },
		el('strong', { text: d.name }),
		el('span', { class: `dot ${d.online ? 'on' : 'off'}`, text: t(d.online ? 'sup.online' : 'sup.offline') }),
		el('span', { class: 'printer', text: stateText + (d.detail ? ` (${d.detail})` : '') }),
		d.pending ? el('span', { class: 'small', text: t('sup.pending', { n: d.pending }) }) : null,
		d.seen ? el('span', { class: 'small', text: t('sup.seen', { time: hhmm(Date.parse(d.seen)) }) }) : null);
	}) : [el('li', { class: 'small', text: t('sup.no_devices') })]));
	const box = $('alerts');
	box.replaceChildren(...alerts.map((a) => el('p', { text: a })));
	box.hidden = !alerts.length;
}

/* every second: the timers, from the server's clock */
function tick() {
	const now = serverNow();
	for (const e of document.querySelectorAll('[data-since]')) {
		const since = Date.parse(e.dataset.since);
		e.textContent = Number.isFinite(since) ? duration((now - since) / 1000) : '';
	}
	const elapsed = (Date.now() - S.queueAt) / 1000;
	for (const e of document.querySelectorAll('[data-wait]'))
		e.textContent = duration(Number(e.dataset.wait) + elapsed);
}

/* --- start ---------------------------------------------------------------- */
async function start() {
	await loadTexts();
	document.title = t('staff.title');
	$('login-form').addEventListener('submit', login);
	$('logout').addEventListener('click', logout);
	$('lang').addEventListener('click', async () => {
		await switchLang();
		applyTexts(document);
		if (S.me) {
			$('who').textContent = `${S.me.name} · ${t(`role.${S.me.role}`)}`;
			render();
		} else {
			document.title = t('staff.title');
		}
	});
	$('change-counter').addEventListener('click', () => {
		S.counter = null;
		try { localStorage.removeItem('staff.counter'); } catch { /* ignore */ }
		render();
		document.querySelector('#counter-list button')?.focus();
	});
	for (const b of document.querySelectorAll('#actions button'))
		b.addEventListener('click', (e) => {
			/* a double click's second click (detail 2) is not a second action */
			if (e.detail > 1) return;
			runAction(b.dataset.action);
		});
	$('tab-counter').addEventListener('click', () => setTab('counter'));
	$('tab-sup').addEventListener('click', () => { setTab('supervisor'); loadDevices(); });
	$('call-form').addEventListener('submit', submitCall);
	$('call-cancel').addEventListener('click', () => $('call-dialog').close());
	$('call-number').addEventListener('input', (e) => { e.target.value = e.target.value.toUpperCase(); });
	document.addEventListener('keydown', onKeyDown);
	document.addEventListener('keyup', onKeyUp);
	setInterval(tick, 1000);

	let r = null;
	try { r = await api('GET', '/api/v1/session'); } catch { /* shown below */ }
	document.body.classList.remove('loading');
	if (r?.status === 200) onLoggedIn(r.data);
	else showLogin(r ? '' : t('login.error'));
}

start();
