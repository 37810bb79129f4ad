/*
 * ticket.js - a ticket's live page (ticket.html, /t/<token>) on the
 * citizen's phone.
 *
 * Follows GET /t/<token>/state by long-polls (?since=<seq>&wait=25): an
 * answer comes at once when the queue changes, else after 25 s.  A network
 * error or a 5xx backs off 1 s doubling to 30 s; 429/503 waits Retry-After;
 * an answer with "poll" (the server had no place to hold the wait) is
 * followed by a pause of that many seconds;
 * coming back to the page (visible, online, focus, pageshow) asks at once,
 * so a phone that slept or lost Wi-Fi catches up.  "Updated at HH:MM:SS"
 * shows when the last answer is older than 40 s or a request failed.
 * When the ticket comes near (ahead <= near, once each time it gets there)
 * and at each call to a counter: a chime (Web Audio, no file), a
 * vibration, a big banner, and a Notification if the citizen allowed it.
 * Served: the rating, once (POST /t/<token>/rating).
 * Old browsers too (ES2017: a 5-year-old Android, iOS Safari): no optional
 * chaining, no object spread.  Every text the citizen sees is in TEXTS.
 * What the page knows is window.ticketState (for tests).
 */
(function () {
	'use strict';

	var TEXTS = {
		vi: {
			lang: 'English', lang_label: 'Switch to English',
			loading: 'Đang tải…',
			notfound: 'Không tìm thấy phiếu',
			pending: 'Đơn vị chưa nhận được phiếu này; trang sẽ tự cập nhật.',
			your_number: 'Số thứ tự của ông/bà',
			priority: 'ƯU TIÊN',
			waiting: 'Đang chờ',
			called: 'Mời đến {counter}',
			serving_me: 'Đang được phục vụ tại {counter}',
			done: 'Đã xong',
			missed: 'Đã lỡ lượt. Vui lòng liên hệ cán bộ tại quầy.',
			expired: 'Phiếu đã hết hạn',
			ahead: 'Số người chờ trước: {n}',
			wait: 'Thời gian chờ dự kiến:',
			soon: 'Sắp đến lượt',
			minutes: '{n} phút', hours: '{h} giờ', hours_min: '{h} giờ {m} phút',
			counter: 'Quầy {n}',
			near_banner: 'Sắp đến lượt ông/bà',
			near_body: 'Số {number}: còn {n} người chờ trước.',
			call_banner: 'Xin mời ông/bà đến {counter}',
			call_body: 'Số {number}',
			ok: 'Đã hiểu',
			notify: 'Báo cho tôi khi gần đến lượt',
			notify_on: 'Sẽ báo khi gần đến lượt (để trang này mở).',
			serving: 'Số đang được phục vụ tại các quầy',
			updated: 'Cập nhật lúc {time}. Đang kết nối lại…',
			hotline: 'Đường dây nóng:',
			rate_q: 'Ông/bà có hài lòng với việc phục vụ?',
			rate_why: 'Ông/bà chưa hài lòng về điều gì?',
			skip: 'Bỏ qua',
			rate_failed: 'Chưa gửi được. Vui lòng chạm lại.',
			thanks: 'Cảm ơn ông/bà!',
			title: 'Số {number}',
		},
		en: {
			lang: 'Tiếng Việt', lang_label: 'Chuyển sang tiếng Việt',
			loading: 'Loading…',
			notfound: 'Ticket not found',
			pending: 'The office has not received this ticket yet; this page will update by itself.',
			your_number: 'Your number',
			priority: 'PRIORITY',
			waiting: 'Waiting',
			called: 'Please go to {counter}',
			serving_me: 'Being served at {counter}',
			done: 'Done',
			missed: 'Missed. Please ask the staff at a counter.',
			expired: 'This ticket has expired',
			ahead: 'People ahead of you: {n}',
			wait: 'Expected wait:',
			soon: 'Your turn is coming soon',
			minutes: '{n} min', hours: '{h} h', hours_min: '{h} h {m} min',
			counter: 'Counter {n}',
			near_banner: 'Your turn is coming soon',
			near_body: 'Number {number}: {n} ahead of you.',
			call_banner: 'Please go to {counter}',
			call_body: 'Number {number}',
			ok: 'OK',
			notify: 'Tell me when my turn is near',
			notify_on: 'You will be told when your turn is near (keep this page open).',
			serving: 'Numbers being served at the counters',
			updated: 'Updated at {time}. Reconnecting…',
			hotline: 'Hotline:',
			rate_q: 'Are you satisfied with our service?',
			rate_why: 'What were you not satisfied with?',
			skip: 'Skip',
			rate_failed: 'Not sent yet. Please tap again.',
			thanks: 'Thank you!',
			title: 'Number {number}',
		},
	};

	var WAIT = 25;          /* seconds a long-poll is held */
	var STALE_MS = 40000;   /* "updated at" after this long without an answer */
	var MAX_BACKOFF = 30;   /* seconds */

	var $ = function (id) { return document.getElementById(id); };
	var m = /^\/t\/([A-Za-z0-9_-]{22})\/?$/.exec(location.pathname);
	var token = m ? m[1] : '';
	var base = '/t/' + token;

	var state = {
		view: 'loading',     /* loading | notfound | pending | ticket */
		answer: null,        /* the last answer of /state */
		seq: null,
		lastOk: 0,           /* Date.now() of the last good answer */
		lastTime: '',        /* HH:MM:SS of that answer (the server's clock) */
		failed: false,       /* the last request failed */
		stale: false,
		polls: 0,            /* requests made */
		alerts: [],          /* {kind: 'near' | 'call', at, counter, text} */
		near: false,         /* inside near now (an alert is made on entering) */
		callKey: '',         /* the call last alerted */
		rating: 'none',      /* none | levels | reasons | sending | thanks */
		level: 0,
		rated: null,         /* the POST's answer: {status, body} */
	};
	window.ticketState = state;

	/* --- words ---------------------------------------------------------------- */
	var lang = 'vi';
	try { if (localStorage.getItem('lang') === 'en') lang = 'en'; } catch (e) { /* private mode */ }

	function t(key, vars) {
		var s = TEXTS[lang][key] || TEXTS.vi[key] || key;
		return s.replace(/\{(\w+)\}/g, function (all, k) {
			return vars && k in vars ? String(vars[k]) : all;
		});
	}
	/* a field with _vi and _en in the current language */
	function words(o, name) {
		return (lang === 'en' && o[name + '_en']) || o[name + '_vi'] || o[name + '_en'] || '';
	}
	function counterName(o) {
		return words(o, 'counter_name') || t('counter', { n: o.counter });
	}
	function list(o, name) {
		var en = o[name + '_en'] || [], vi = o[name + '_vi'] || [];
		return lang === 'en' && en.length === vi.length && en.length ? en : vi;
	}
	function applyTexts() {
		document.documentElement.lang = lang;
		var els = document.querySelectorAll('[data-k]');
		for (var i = 0; i < els.length; i++) els[i].textContent = t(els[i].getAttribute('data-k'));
		els = document.querySelectorAll('[data-k-aria-label]');
		for (i = 0; i < els.length; i++) els[i].setAttribute('aria-label', t(els[i].getAttribute('data-k-aria-label')));
	}

	/* 15..25 minutes as "15–25 phút"; an hour and more as hours and minutes */
	function dur(min) {
		var h = Math.floor(min / 60), mm = min % 60;
		if (!h) return t('minutes', { n: min });
		return mm ? t('hours_min', { h: h, m: mm }) : t('hours', { h: h });
	}
	function range(a, b) {
		if (a >= 60 || b >= 60) return a === b ? dur(a) : dur(a) + ' – ' + dur(b);
		return a === b ? t('minutes', { n: a }) : t('minutes', { n: a + '–' + b });
	}

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

	/* --- showing -------------------------------------------------------------- */
	function show(view) {
		state.view = view;
		document.body.setAttribute('data-view', view);
		['loading', 'notfound', 'pending', 'ticket'].forEach(function (v) { $(v).hidden = v !== view; });
		document.body.classList.remove('loading');
	}

	function renderStation(a) {
		var s = a.station || {};
		$('unit').textContent = words(s, 'name');
		var tel = String(s.hotline || '');
		$('foot').hidden = !tel;
		$('hotline').textContent = tel;
		$('hotline').setAttribute('href', 'tel:' + tel.replace(/[^0-9+]/g, ''));
	}

	function stateText(tk) {
		switch (tk.state) {
		case 'waiting': return t('waiting');
		case 'called': return t('called', { counter: counterName(tk) });
		case 'serving': return t('serving_me', { counter: counterName(tk) });
		case 'done': return t('done');
		case 'missed': return t('missed');
		default: return t('expired');
		}
	}

	function renderTicket(a) {
		var tk = a.ticket;
		document.title = t('title', { number: tk.number });
		document.body.setAttribute('data-state', tk.state);
		$('number').textContent = tk.number;
		$('priority').hidden = !tk.priority;
		$('service').textContent = words(tk, 'service') || tk.service || '';
		$('state').textContent = stateText(tk);
		var waiting = tk.state === 'waiting';
		$('ahead').hidden = !waiting;
		$('ahead').textContent = t('ahead', { n: tk.ahead });
		$('wait').hidden = !waiting;
		var w = $('wait');
		clear(w);
		if (tk.ahead > 0) {
			w.appendChild(document.createTextNode(t('wait') + ' '));
			w.appendChild(el('b', 'range', range(tk.wait_min, tk.wait_max)));
		} else {
			w.appendChild(el('b', 'range', t('soon')));
		}
		renderNotify(waiting || tk.state === 'called', waiting);
	}

	function renderServing(a) {
		var rows = a.serving || [];
		var ul = $('serving-list');
		clear(ul);
		rows.forEach(function (r) {
			var li = el('li', a.ticket && r.number === a.ticket.number ? 'me' : '');
			li.appendChild(el('span', 'where', counterName(r)));
			li.appendChild(el('span', 'num', r.number));
			ul.appendChild(li);
		});
		$('serving').hidden = !rows.length || state.view !== 'ticket';
	}

	function renderRating() {
		var a = state.answer;
		var r = a && a.received && a.ticket && a.ticket.state === 'done' ? a.rating : null;
		if (r && r.rated && state.rating !== 'sending') state.rating = 'thanks';
		else if (r && r.open && state.rating === 'none') state.rating = 'levels';
		else if ((!r || !r.open) && state.rating !== 'thanks') state.rating = 'none';
		var s = state.rating;
		$('thanks').hidden = s !== 'thanks';
		$('rating').hidden = s === 'none' || s === 'thanks';
		if ($('rating').hidden) return;
		var levels = r ? list(r, 'levels') : [];
		var reasons = r ? list(r, 'reasons') : [];
		var asking = s === 'reasons' || (s === 'sending' && state.level >= (r ? r.ask_reason : 99) && reasons.length);
		$('rating-q').hidden = $('levels').hidden = asking;
		$('reasons-q').hidden = $('reasons').hidden = $('skip').hidden = !asking;
		fill($('levels'), levels, 'level', function (i) { choose(i); });
		fill($('reasons'), reasons, 'reason', function (i) { send(state.level, i); });
	}

	function fill(box, items, attr, tap) {
		clear(box);
		items.forEach(function (w, i) {
			var b = el('button', 'choice', w);
			b.type = 'button';
			b.setAttribute('data-' + attr, i + 1);
			if (attr === 'level' && state.level === i + 1) b.classList.add('chosen');
			b.disabled = state.rating === 'sending';
			b.addEventListener('click', function () { tap(i + 1); });
			box.appendChild(b);
		});
	}

	function renderStale() {
		var stale = state.failed || (state.lastOk > 0 && Date.now() - state.lastOk > STALE_MS);
		state.stale = stale;
		$('stale').hidden = !stale || !state.lastOk;
		$('stale').textContent = t('updated', { time: state.lastTime });
		document.body.classList.toggle('stale', stale);
	}

	function render() {
		applyTexts();
		var a = state.answer;
		if (a && a.received && a.ticket) {
			show('ticket');
			renderStation(a);
			renderTicket(a);
		} else if (a) {
			show('pending');
			renderStation(a);
			document.title = t('pending');
		}
		if (state.view === 'notfound') document.title = t('notfound');
		if (a) renderServing(a);
		renderRating();
		renderStale();
		if (state.banner) $('banner-text').textContent = bannerText(state.banner);
	}

	/* --- alerts ---------------------------------------------------------------- */
	var audio = null;
	function unlockAudio() {
		try {
			var AC = window.AudioContext || window.webkitAudioContext;
			if (!audio && AC) audio = new AC();
			if (audio && audio.state === 'suspended') audio.resume();
		} catch (e) { audio = null; }
	}

	/* two notes, 0.6 s; quiet where sound is not allowed yet */
	function chime() {
		unlockAudio();
		if (!audio) return false;
		try {
			var t0 = audio.currentTime;
			[[880, 0], [1175, 0.22]].forEach(function (n) {
				var osc = audio.createOscillator(), gain = audio.createGain();
				osc.type = 'sine';
				osc.frequency.setValueAtTime(n[0], t0 + n[1]);
				gain.gain.setValueAtTime(0.0001, t0 + n[1]);
				gain.gain.exponentialRampToValueAtTime(0.5, t0 + n[1] + 0.02);
				gain.gain.exponentialRampToValueAtTime(0.0001, t0 + n[1] + 0.4);
				osc.connect(gain);
				gain.connect(audio.destination);
				osc.start(t0 + n[1]);
				osc.stop(t0 + n[1] + 0.42);
			});
			return true;
		} catch (e) { return false; }
	}

	function bannerText(b) {
		return b.kind === 'call' ? t('call_banner', { counter: counterName(b) }) : t('near_banner');
	}

	function raise(kind, tk) {
		var b = { kind: kind, counter: tk.counter, counter_name_vi: tk.counter_name_vi,
			counter_name_en: tk.counter_name_en, number: tk.number, ahead: tk.ahead };
		state.banner = b;
		var text = bannerText(b);
		state.alerts.push({ kind: kind, at: Date.now(), counter: tk.counter, text: text });
		$('banner-text').textContent = text;
		$('banner').hidden = false;
		document.body.classList.add('alerting');
		chime();
		try { if (navigator.vibrate) navigator.vibrate([300, 100, 300]); } catch (e) { /* not allowed */ }
		try {
			if (window.Notification && Notification.permission === 'granted') {
				new Notification(text, { body: kind === 'call' ? t('call_body', { number: tk.number })
					: t('near_body', { number: tk.number, n: tk.ahead }), tag: 'ticket', renotify: true });
			}
		} catch (e) { /* Android wants a service worker for this: the banner and the sound remain */ }
	}

	function hideBanner() {
		state.banner = null;
		$('banner').hidden = true;
		document.body.classList.remove('alerting');
	}

	/* once per crossing into near; every new call or recall */
	function checkAlerts(a) {
		var tk = a.ticket;
		var near = tk.state === 'waiting' && tk.ahead <= (a.near || 0);
		if (near && !state.near) raise('near', tk);
		state.near = near;
		/* a recall changes nothing else of the ticket: "recalls" (or
		 * "called_at") in the answer tells it, where the server sends it */
		var callKey = tk.state === 'called' ? [tk.counter, tk.recalls, tk.called_at].join('/') : '';
		if (callKey && callKey !== state.callKey) raise('call', tk);
		state.callKey = callKey;
		if (state.banner && !near && tk.state !== 'called') hideBanner();
	}

	function renderNotify(wanted, waiting) {
		var N = window.Notification;
		var perm = N ? N.permission : 'denied';
		$('notify').hidden = !wanted || perm !== 'default';
		$('notify-on').hidden = !waiting || perm !== 'granted';
	}

	function askNotify() {
		unlockAudio(); /* a tap: sound is allowed from now on */
		var N = window.Notification;
		if (!N) return;
		var done = function () { render(); };
		try {
			var p = N.requestPermission(done); /* old Safari: a callback */
			if (p && p.then) p.then(done, done);
		} catch (e) { done(); }
	}

	/* --- the rating ------------------------------------------------------------ */
	function choose(level) {
		if (state.rating !== 'levels') return;
		var r = state.answer.rating;
		state.level = level;
		if (level >= r.ask_reason && list(r, 'reasons').length) {
			state.rating = 'reasons';
			renderRating();
		} else {
			send(level, 0);
		}
	}

	function send(level, reason) {
		if (state.rating === 'sending') return;
		var from = state.rating;
		state.rating = 'sending';
		$('rate-failed').hidden = true;
		renderRating();
		fetch(base + '/rating', {
			method: 'POST', cache: 'no-store', credentials: 'omit',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ level: level, reason: reason }),
		}).then(function (r) {
			return r.json().catch(function () { return null; }).then(function (body) {
				state.rated = { status: r.status, body: body };
				if (r.status === 201 || (body && body.error === 'already_rated')) {
					state.rating = 'thanks';
				} else if (r.status >= 500 || r.status === 429) {
					throw new Error('busy');
				} else {
					state.rating = 'none'; /* not_finished, bad_request, not found: nothing to ask */
					if (state.answer && state.answer.rating) state.answer.rating.open = false;
				}
				renderRating();
			});
		}).catch(function () {
			state.rating = from;
			renderRating();
			$('rate-failed').hidden = false;
		});
	}

	/* --- following ------------------------------------------------------------- */
	var ctrl = null;       /* the request in flight */
	var wake = null;       /* ends the pause between requests */
	var waitTimer = null;
	var now = false;       /* ask at once, without since */

	/* a pause a kick ends, unless firm (the server's Retry-After) */
	function pause(seconds, firm) {
		return new Promise(function (res) {
			wake = firm ? null : res;
			waitTimer = setTimeout(res, seconds * 1000);
		});
	}

	/* back on the page, or on the network: the pending wait is dropped, one
	 * answer asked at once */
	function kick() {
		now = true;
		if (ctrl) ctrl.abort();
		if (wake) { clearTimeout(waitTimer); wake(); }
	}

	function onAnswer(a) {
		state.answer = a;
		state.seq = typeof a.seq === 'number' ? a.seq : state.seq;
		state.lastOk = Date.now();
		state.failed = false;
		var tm = /T(\d\d:\d\d:\d\d)/.exec(a.now || '');
		var d = new Date();
		state.lastTime = tm ? tm[1] : [d.getHours(), d.getMinutes(), d.getSeconds()]
			.map(function (x) { return String(x).padStart(2, '0'); }).join(':');
		render();
		if (a.received && a.ticket) checkAlerts(a);
	}

	function failed() {
		state.failed = true;
		renderStale();
	}

	function retryAfter(r, fallback) {
		var s = parseInt(r.headers.get('Retry-After'), 10);
		return s > 0 ? Math.min(s, 600) : fallback;
	}

	async function loop() {
		var backoff = 1;
		for (;;) {
			var url = base + '/state';
			if (state.seq !== null && !now) url += '?since=' + state.seq + '&wait=' + WAIT;
			now = false;
			ctrl = window.AbortController ? new AbortController() : null;
			var c = ctrl;
			var guard = setTimeout(function () { if (c) c.abort(); }, (WAIT + 15) * 1000);
			var r = null, body = null;
			state.polls++;
			try {
				r = await fetch(url, { cache: 'no-store', credentials: 'omit', signal: c ? c.signal : undefined });
				if (r.ok) body = await r.json();
			} catch (e) {
				r = null;
			}
			clearTimeout(guard);
			ctrl = null;
			var aborted = c && c.signal.aborted;
			if (r && r.ok && body) {
				backoff = 1;
				onAnswer(body);
				/* the server had no place to hold this wait: ask again then */
				if (body.poll > 0 && !now) await pause(Math.min(body.poll, MAX_BACKOFF));
				continue;
			}
			if (r && r.status === 404) {
				state.answer = null;
				show('notfound');
				render();
				return; /* the same for every wrong token: nothing to wait for */
			}
			if (aborted && now) continue; /* kicked: ask again at once */
			failed();
			if (r && (r.status === 429 || r.status === 503)) {
				await pause(retryAfter(r, backoff), true);
			} else {
				await pause(backoff);
				backoff = Math.min(backoff * 2, MAX_BACKOFF);
			}
			if (now) backoff = 1;
		}
	}

	function start() {
		applyTexts();
		$('lang').addEventListener('click', function () {
			lang = lang === 'vi' ? 'en' : 'vi';
			try { localStorage.setItem('lang', lang); } catch (e) { /* private mode */ }
			render();
		});
		$('banner-ok').addEventListener('click', hideBanner);
		$('notify').addEventListener('click', askNotify);
		$('skip').addEventListener('click', function () { send(state.level, 0); });
		['pointerdown', 'touchstart', 'keydown'].forEach(function (ev) {
			document.addEventListener(ev, unlockAudio, { once: true, passive: true });
		});
		document.addEventListener('visibilitychange', function () {
			if (document.visibilityState === 'visible') kick();
		});
		window.addEventListener('online', kick);
		window.addEventListener('focus', kick);
		window.addEventListener('pageshow', function (e) { if (e.persisted) kick(); });
		window.addEventListener('offline', function () { failed(); if (ctrl) ctrl.abort(); });
		setInterval(renderStale, 2000);
		if (!token) {
			show('notfound');
			render();
			return;
		}
		loop();
	}

	start();
})();
