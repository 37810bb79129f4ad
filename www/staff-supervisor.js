/*
 * staff-supervisor.js - the supervisor's view of the staff console: every
 * counter (its state, its ticket, its services, which a supervisor edits
 * in place), every service (its queue, switched on and off), and the
 * kiosks with their printers and scanners (GET /api/v1/devices), whose bad
 * states also show as alerts at the top of the page.
 *
 * Events re-render the view often: the element that has the focus is
 * found again after each render and keeps it.
 */
import { t, hasText, nameOf, el, hhmm } from './common.js';
import { $, S, api, errorText, refreshQueue, serviceName, counterName, say } from './staff-state.js';

/* --- the server ------------------------------------------------------------- */
export async function loadDevices() {
	if (S.me?.role !== 'supervisor') return;
	try {
		const r = await api('GET', '/api/v1/devices');
		if (r.status === 200) {
			S.devices = r.data.devices || [];
			S.serverDisk = r.data.server?.disk || null; /* the station server's own */
			renderDevices();
		}
	} catch { /* the follower shows the lost connection */ }
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

export function renderSupervisor() {
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

const BAD_PRINTER = new Set(['paper_out', 'cover_open', 'offline', 'unplugged', 'error']);

/* "disk: 150 MB free" when a disk is under [queue] disk_warn_mb (low) or
 * disk_reserve_mb (full: that machine issues no number); null otherwise. */
function diskWarning(disk) {
	if (!disk || (disk.state !== 'low' && disk.state !== 'full')) return null;
	return t(disk.state === 'full' ? 'sup.disk_full' : 'sup.disk_low', { mb: disk.free_mb });
}

function renderDevices() {
	if (S.me?.role !== 'supervisor' || !S.devices) return;
	const list = $('sup-devices');
	const alerts = [];
	list.replaceChildren(...(S.devices.length ? S.devices.map((d) => {
		const printer = d.printer || 'none';
		const scanner = d.scanner || 'none'; /* none: no scanner of its own, or a wedge */
		const bad = BAD_PRINTER.has(printer) || scanner === 'unplugged' || !d.online;
		const stateText = hasText(`printer.${printer}`) ? t(`printer.${printer}`) : printer;
		const scannerText = hasText(`scanner.${scanner}`) ? t(`scanner.${scanner}`) : scanner;
		if (BAD_PRINTER.has(printer)) alerts.push(t('sup.alert', { name: d.name, state: stateText }));
		if (scanner === 'unplugged') alerts.push(t('sup.alert', { name: d.name, state: scannerText }));
		return el('li', { class: `device${bad ? ' bad' : ''}${printer === 'paper_low' ? ' warn' : ''}`,
			'data-device': d.name, 'data-printer': printer, 'data-scanner': scanner },
		el('strong', { text: d.name }),
		el('span', { class: `dot ${d.online ? 'on' : 'off'}`, text: t(d.online ? 'sup.online' : 'sup.offline') }),
		el('span', { class: 'printer', text: stateText + (d.detail ? ` (${d.detail})` : '') }),
		scanner !== 'none' ? el('span', { class: 'scanner', text: scannerText }) : null,
		diskWarning(d.disk) ? el('span', { class: 'disk', text: diskWarning(d.disk) }) : null,
		d.pending ? el('span', { class: 'small', text: t('sup.pending', { n: d.pending }) }) : null,
		d.seen ? el('span', { class: 'small', text: t('sup.seen', { time: hhmm(Date.parse(d.seen)) }) }) : null);
	}) : [el('li', { class: 'small', text: t('sup.no_devices') })]));
	for (const d of S.devices) /* kiosks' disks after their printers */
		if (diskWarning(d.disk)) alerts.push(t('sup.alert', { name: d.name, state: diskWarning(d.disk) }));
	const own = diskWarning(S.serverDisk);
	if (own) {
		alerts.unshift(t('sup.server_alert', { state: own }));
		list.prepend(el('li', { class: 'device warn', 'data-device': '(server)' },
			el('strong', { text: t('sup.server') }), el('span', { class: 'disk', text: own })));
	}
	const box = $('alerts');
	box.replaceChildren(...alerts.map((a) => el('p', { text: a })));
	box.hidden = !alerts.length;
}
