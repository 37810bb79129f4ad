/*
 * slip.c - the slip's lines, the QR address, and the check that the QR
 * code will scan off paper.
 *
 * Short slips save paper and print faster, so English lines are printed
 * only when the station asks for them, nothing is printed twice, and short
 * lines say where they may share a row (enum slip_place) for the renderer.
 * Nothing on a slip identifies a citizen: number, service, times.
 */
#include "slip.h"
#include "booking.h"
#include "kclock.h"
#include "kerr.h"
#include "queue.h"

#include <errno.h>
#include <qrencode.h>
#include <stdio.h>
#include <string.h>

static void add(struct slip_layout *l, enum slip_style style, unsigned place,
		const char *text)
{
	if (l->n >= SLIP_MAX_LINES || !text || (!*text && style != SLIP_RULE))
		return;
	l->line[l->n].style = style;
	l->line[l->n].place = place;
	snprintf(l->line[l->n].text, sizeof(l->line[0].text), "%s", text);
	l->n++;
}

/* "Quầy 1, 2": the counters whose [counter.N] services include s; "" if
 * none.  A counter with a name is called by it. */
static void counters_line(const struct kconf *cfg, const struct kconf_service *s,
			  struct i18n *t, char *buf, unsigned len)
{
	static const char *const name[] = { "{list}" };
	unsigned bit = 1u << (s - cfg->services);
	char list[KCONF_LONG] = "", item[KCONF_NAME];
	const char *value[] = { list };
	int named = 0, n = 0;

	buf[0] = '\0';
	for (int i = 0; i < cfg->ncounters; i++)
		if (cfg->counters[i].services & bit)
			named |= cfg->counters[i].name_vi[0] != '\0';
	for (int i = 0; i < cfg->ncounters; i++) {
		const struct kconf_counter *c = &cfg->counters[i];
		size_t used = strlen(list);
		if (!(c->services & bit))
			continue;
		if (c->name_vi[0])
			snprintf(item, sizeof(item), "%s", c->name_vi);
		else if (named)
			i18n_format(t, "slip.counter", c->id, item, sizeof(item));
		else
			snprintf(item, sizeof(item), "%d", c->id);
		snprintf(list + used, sizeof(list) - used, "%s%s", n++ ? ", " : "", item);
	}
	if (!n)
		return;
	if (named)
		snprintf(buf, len, "%s", list);
	else
		i18n_fill(i18n_get(t, "slip.counters"), name, value, 1, buf, len);
}

/* "Ngày 28/11/2026, lúc 09:30 (sáng)" */
static void date_line(struct i18n *t, int64_t at, char *buf, unsigned len)
{
	static const char *const name[] = { "{date}", "{time}", "{session}" };
	struct klocal lt;
	char date[16], time[8];

	kclock_local(at, &lt);
	snprintf(date, sizeof(date), "%02d/%02d/%04d", lt.day % 100, lt.month % 100,
		 lt.year % 10000);
	snprintf(time, sizeof(time), "%02d:%02d", lt.hour % 100, lt.minute % 100);
	const char *value[] = { date, time,
				i18n_get(t, lt.hour < 12 ? "slip.morning" : "slip.afternoon") };
	i18n_fill(i18n_get(t, "slip.date"), name, value, 3, buf, len);
}

/* "Đã đặt lịch 09:30-10:00" */
static void booked_line(struct i18n *t, const struct slip_info *info, char *buf, unsigned len)
{
	struct klocal a, b;

	kclock_local(info->booked_slot, &a);
	kclock_local(info->booked_slot + info->booked_minutes * 60LL, &b);
	snprintf(buf, len, "%s %02d:%02d-%02d:%02d", i18n_get(t, "slip.booked"), a.hour, a.minute,
		 b.hour, b.minute);
}

/*
 * The unit, the heading (with ƯU TIÊN beside it on a priority ticket), the
 * number, the service (with its counters beside it when they fit); then the
 * short lines - booked slot, people ahead, wait, date - in a column beside
 * the QR code, so that they cost no paper of their own; the closing line last.
 */
int slip_layout(const struct kconf *cfg, struct i18n *const text[2],
		const struct slip_info *info, struct slip_layout *out)
{
	const struct kconf_service *s = kconf_service(cfg, info->service);
	struct i18n *vi = text[0], *en = cfg->printer.english ? text[1] : NULL;
	char line[KCONF_LONG], url[KCONF_PATH * 2];

	memset(out, 0, sizeof(*out));
	if (!s)
		return K_ERR_NOT_FOUND;
	add(out, SLIP_SMALL, 0, cfg->station.parent_vi);
	if (en)
		add(out, SLIP_SMALL, 0, cfg->station.parent_en);
	add(out, SLIP_TITLE, 0, cfg->station.name_vi);
	if (en)
		add(out, SLIP_SMALL, 0, cfg->station.name_en);
	add(out, SLIP_RULE, 0, "");
	add(out, SLIP_HEADING, 0, i18n_get(vi, "slip.title"));
	if (info->priority)
		add(out, SLIP_MARK, SLIP_ROW, i18n_get(vi, "slip.priority"));
	if (en)
		add(out, SLIP_SMALL, 0, i18n_get(en, "slip.title"));
	add(out, SLIP_NUMBER, 0, info->number);
	add(out, SLIP_SERVICE, 0, s->name_vi);
	if (en)
		add(out, SLIP_SMALL, 0, s->name_en);
	counters_line(cfg, s, vi, line, sizeof(line));
	/* beside the name it belongs to, else first beside the QR code */
	add(out, SLIP_TEXT, en ? 0 : SLIP_ROW | SLIP_BESIDE, line);
	if (info->booked_slot) {
		booked_line(vi, info, line, sizeof(line));
		add(out, SLIP_TEXT, SLIP_BESIDE, line);
		if (en) {
			booked_line(en, info, line, sizeof(line));
			add(out, SLIP_SMALL, SLIP_BESIDE, line);
		}
	}
	if (info->ahead >= 0) {
		i18n_format(vi, "slip.ahead", info->ahead, line, sizeof(line));
		add(out, SLIP_TEXT, SLIP_BESIDE, line);
	}
	if (info->wait_minutes > 0) {
		i18n_wait(vi, "slip.wait", info->wait_minutes, line, sizeof(line));
		add(out, SLIP_TEXT, SLIP_BESIDE, line);
	}
	date_line(vi, info->issued_at, line, sizeof(line));
	add(out, SLIP_SMALL, SLIP_BESIDE, line);
	slip_qr_url(cfg, info, url, sizeof(url));
	add(out, SLIP_QR, 0, url);
	add(out, SLIP_SMALL, 0, i18n_get(vi, "slip.closing"));
	if (en)
		add(out, SLIP_SMALL, 0, i18n_get(en, "slip.closing"));
	return K_OK;
}

void slip_info_of(struct slip_info *out, const struct queue_ticket *t,
		  const struct booking_token *b)
{
	memset(out, 0, sizeof(*out));
	out->number = t->number;
	out->service = t->service;
	out->ticket_id = t->id;
	out->issued_at = t->issued_at;
	out->ahead = t->ahead;
	out->wait_minutes = t->wait_minutes;
	out->booked_slot = b ? b->slot : 0;
	out->booked_minutes = b ? b->minutes : 0;
	out->priority = t->priority;
	out->page = t->page;
}

/* The address's template: [printer] qr_url, else the ticket page of
 * [public] url; "" = no QR code. */
static void qr_template(const struct kconf *cfg, char *buf, unsigned len)
{
	if (cfg->printer.qr_url[0] || !cfg->public.url[0])
		snprintf(buf, len, "%s", cfg->printer.qr_url);
	else
		snprintf(buf, len, "%s/t/{token}", cfg->public.url);
}

void slip_qr_url(const struct kconf *cfg, const struct slip_info *info, char *buf,
		 unsigned len)
{
	static const char *const names[] = { "{number}", "{id}", "{station}", "{service}",
					     "{day}", "{token}" };
	const char *page = info->page ? info->page : "";
	char id[24], day[16], tmpl[KCONF_PATH * 2];

	buf[0] = '\0';
	qr_template(cfg, tmpl, sizeof(tmpl));
	if (strstr(tmpl, "{token}") && !page[0])
		return; /* no page for this ticket: no code rather than a broken one */
	snprintf(id, sizeof(id), "%lld", (long long)info->ticket_id);
	kclock_day_str(kclock_day(info->issued_at, cfg->queue.day_starts), day, sizeof(day));
	const char *values[] = { info->number, id, cfg->station.id, info->service, day, page };
	i18n_fill(tmpl, names, values, 6, buf, len);
}

/* The host of url, lower case, without user or port; "" if there is none. */
static void url_host(const char *url, char *host, unsigned len)
{
	const char *p = strstr(url, "://"), *end;
	unsigned n = 0;

	host[0] = '\0';
	if (!p)
		return;
	p += 3;
	end = p + strcspn(p, "/?#");
	for (const char *at = p; at < end; at++)
		if (*at == '@')
			p = at + 1; /* user:password@host */
	for (; p < end && *p != ':' && n + 1 < len; p++)
		host[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
	host[n] = '\0';
}

int slip_qr_third_party(const struct kconf *cfg, char *host, unsigned len)
{
	static const char *const ticket[] = { "{number}", "{id}", "{service}", "{day}",
					      "{token}" };
	const char *url = cfg->printer.qr_url;
	char own[KCONF_PATH], page[KCONF_PATH];
	int carries = 0;

	for (unsigned i = 0; i < sizeof(ticket) / sizeof(ticket[0]); i++)
		carries |= strstr(url, ticket[i]) != NULL;
	url_host(url, host, len);
	if (!carries || !host[0])
		return 0;
	url_host(cfg->sync.server, own, sizeof(own));
	url_host(cfg->public.url, page, sizeof(page)); /* the station's page for phones */
	return strcmp(host, own) != 0 && strcmp(host, page) != 0;
}

int slip_qr_check(const struct kconf *cfg, char *why, unsigned len)
{
	/* the longest values the placeholders can take */
	static const char page[] = "Worst-case_token_22chr";
	_Static_assert(sizeof(page) - 1 == TICKET_PAGE_LEN, "a token's length");
	struct slip_info worst = { .number = "AB99999", .service = "ABCDEFGH",
				   .ticket_id = 9223372036854775807LL,
				   .issued_at = 4102444800LL /* 2100 */, .page = page };
	char url[KCONF_PATH * 2];
	QRcode *qr;

	slip_qr_url(cfg, &worst, url, sizeof(url));
	if (!url[0])
		return 0;
	errno = 0;
	qr = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);
	/* said after "[printer] qr_url" (the key a failure is reported at) */
	const char *what = cfg->printer.qr_url[0] ? "" : " (empty: [public] url/t/<token>)";
	if (!qr) {
		snprintf(why, len, errno == ENOMEM ? "out of memory while encoding qr_url%s" :
			 "qr_url%s cannot be encoded as a QR code (too long)", what);
		return -1;
	}
	int modules = qr->width + 8; /* 4-module quiet zone each side */
	int dots = cfg->printer.qr_size_mm * SLIP_DOTS_PER_MM;
	QRcode_free(qr);
	if (dots > cfg->printer.paper_width) {
		snprintf(why, len, "qr_size_mm = %d is wider than the paper (%d dots)",
			 cfg->printer.qr_size_mm, cfg->printer.paper_width);
		return -1;
	}
	if (dots / modules < SLIP_QR_MIN_DOTS) {
		snprintf(why, len, "qr_url%s needs a QR code of %d modules with its quiet zone; "
			 "at qr_size_mm = %d that is %d dot(s) a module, and paper needs %d: "
			 "shorten the URL or raise qr_size_mm to %d", what, modules,
			 cfg->printer.qr_size_mm, dots / modules, SLIP_QR_MIN_DOTS,
			 (modules * SLIP_QR_MIN_DOTS + SLIP_DOTS_PER_MM - 1) / SLIP_DOTS_PER_MM);
		return -1;
	}
	return 0;
}
