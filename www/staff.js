/*
 * staff.js - the staff console's logic (staff.html): logging in and out,
 * the session, switching between the counter's view (staff-counter.js), the
 * supervisor's (staff-supervisor.js) and the reports (staff-reports.js, a
 * supervisor's too), and following the events.
 *
 * One state object S, one render per part (staff-state.js); the page
 * follows GET /api/v1/events with long-polls (common.js) and re-reads the
 * queue on each change.  Any 401 ends the session on the page: the login
 * form comes back with a message.
 */
import { loadTexts, switchLang, t, applyTexts, nameOf, follow } from './common.js';
import {
	$, show, S, api, errorText, refreshQueue, setHooks, takeCurrent, tick,
} from './staff-state.js';
import { wireCounter, renderCounter } from './staff-counter.js';
import { loadDevices, renderSupervisor } from './staff-supervisor.js';
import { wireReports, openReports, renderReports } from './staff-reports.js';

/* --- session ---------------------------------------------------------------- */
function showLogin(message) {
	for (const id of ['tabs', 'counter-pane', 'sup-view', 'reports-view', 'logout', 'who', 'alerts', 'conn'])
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
		/* 429 busy: too many logins at once at the server, not a lock */
		msg.textContent = r.status === 401 ? t('login.failed')
			: r.data?.error === 'locked' ? t('login.locked') : errorText(r);
		$('login-password').select();
	}
}

async function logout() {
	try { await api('POST', '/api/v1/logout'); } catch { /* ended here anyway */ }
	if (S.me) sessionEnded('login.logged_out');
	else $('login-msg').textContent = t('login.logged_out');
}

/* --- the views ------------------------------------------------------------ */
/* each tab: its button and the part of the page it shows */
const TABS = {
	counter: ['tab-counter', 'counter-pane'],
	supervisor: ['tab-sup', 'sup-view'],
	reports: ['tab-reports', 'reports-view'],
};

function setTab(tab) {
	S.tab = tab;
	/* staff have only their counter */
	const shown = S.me?.role === 'supervisor' && TABS[tab] ? tab : 'counter';
	for (const [name, [button, pane]] of Object.entries(TABS)) {
		show(pane, name === shown);
		$(button).setAttribute('aria-selected', String(name === shown));
	}
	if (shown === 'reports') openReports();
}

function render() {
	if (!S.me) return;
	$('station-name').textContent = nameOf(S.queue?.station, '');
	document.title = `${t('staff.title')} · ${nameOf(S.queue?.station, '')}`;
	renderCounter();
	if (S.me.role === 'supervisor') renderSupervisor();
	tick();
}

/* --- start ---------------------------------------------------------------- */
async function start() {
	setHooks({ render, sessionEnded });
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
			if (S.me.role === 'supervisor') renderReports();
		} else {
			document.title = t('staff.title');
		}
	});
	wireCounter();
	$('tab-counter').addEventListener('click', () => setTab('counter'));
	$('tab-sup').addEventListener('click', () => { setTab('supervisor'); loadDevices(); });
	$('tab-reports').addEventListener('click', () => setTab('reports'));
	wireReports();
	setInterval(tick, 1000);

	let r = null;
	try { r = await api('GET', '/api/v1/session'); } catch { /* shown below */ }
	document.body.classList.remove('loading');
	if (r?.status === 200) onLoggedIn(r.data);
	else showLogin(r ? '' : t('login.error'));
}

start();
