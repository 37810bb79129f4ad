/*
 * slip.c - the slip's lines, the QR address, and the check that the QR
 * code will scan off paper.
 *
 * Short slips save paper and print faster, so English lines are printed
 * only when the station asks for them, and nothing is printed twice.
 * Nothing on a slip identifies a citizen: number, service, times.
 */
#include "slip.h"
#include "kclock.h"
#include "kerr.h"

#include <qrencode.h>
#include <stdio.h>
#include <string.h>

static void add(struct slip_layout *l, enum slip_style style, const char *text)
{
	if (l->n >= SLIP_MAX_LINES || !text || (!*text && style != SLIP_RULE))
		return;
	l->line[l->n].style = style;
	snprintf(l->line[l->n].text, sizeof(l->line[0].text), "%s", text);
	l->n++;
}

static void add_n(struct slip_layout *l, enum slip_style style, struct i18n *t,
		  const char *key, long n)
{
	char buf[KCONF_NAME];
	i18n_format(t, key, n, buf, sizeof(buf));
	add(l, style, buf);
}

int slip_layout(const struct kconf *cfg, struct i18n *const text[2],
		const struct slip_info *info, struct slip_layout *out)
{
	const struct kconf_service *s = kconf_service(cfg, info->service);
	struct i18n *en = cfg->printer.english ? text[1] : NULL;
	struct klocal lt;
	char when[KCONF_NAME], url[KCONF_PATH * 2];

	memset(out, 0, sizeof(*out));
	if (!s)
		return K_ERR_NOT_FOUND;
	add(out, SLIP_TITLE, cfg->station.name_vi);
	if (en)
		add(out, SLIP_SMALL, cfg->station.name_en);
	add(out, SLIP_RULE, "");
	add(out, SLIP_HEADING, i18n_get(text[0], "slip.title"));
	if (en)
		add(out, SLIP_SMALL, i18n_get(en, "slip.title"));
	add(out, SLIP_NUMBER, info->number);
	add(out, SLIP_TEXT, s->name_vi);
	if (en)
		add(out, SLIP_SMALL, s->name_en);
	if (info->booked_slot) { /* "Đã đặt lịch 09:30-10:00" */
		struct klocal a, b;
		kclock_local(info->booked_slot, &a);
		kclock_local(info->booked_slot + info->booked_minutes * 60LL, &b);
		snprintf(when, sizeof(when), "%s %02d:%02d-%02d:%02d", i18n_get(text[0], "slip.booked"),
			 a.hour, a.minute, b.hour, b.minute);
		add(out, SLIP_TEXT, when);
		if (en) {
			snprintf(when, sizeof(when), "%s %02d:%02d-%02d:%02d", i18n_get(en, "slip.booked"),
				 a.hour, a.minute, b.hour, b.minute);
			add(out, SLIP_SMALL, when);
		}
	}
	if (info->ahead >= 0)
		add_n(out, SLIP_TEXT, text[0], "slip.ahead", info->ahead);
	if (info->wait_minutes > 0)
		add_n(out, SLIP_TEXT, text[0], "slip.wait", info->wait_minutes);

	kclock_local(info->issued_at, &lt);
	const char *session = lt.hour < 12 ? "slip.morning" : "slip.afternoon";
	snprintf(when, sizeof(when), "%02d/%02d/%04d  %02d:%02d  %s", lt.day, lt.month, lt.year,
		 lt.hour, lt.minute, i18n_get(text[0], session));
	add(out, SLIP_SMALL, when);

	slip_qr_url(cfg, info, url, sizeof(url));
	add(out, SLIP_QR, url);
	add(out, SLIP_SMALL, i18n_get(text[0], "slip.closing"));
	if (en)
		add(out, SLIP_SMALL, i18n_get(en, "slip.closing"));
	return K_OK;
}

void slip_qr_url(const struct kconf *cfg, const struct slip_info *info, char *buf,
		 unsigned len)
{
	const char *p = cfg->printer.qr_url;
	char id[24], day[16];
	unsigned n = 0;

	snprintf(id, sizeof(id), "%lld", (long long)info->ticket_id);
	kclock_day_str(kclock_day(info->issued_at, cfg->queue.day_starts), day, sizeof(day));
	buf[0] = '\0';
	while (*p && n + 1 < len) {
		const char *with = NULL;
		size_t skip = 0;
		static const char *const names[] = { "{number}", "{id}", "{station}", "{service}",
						     "{day}" };
		const char *values[] = { info->number, id, cfg->station.id, info->service, day };
		for (unsigned i = 0; i < 5 && !with; i++)
			if (strncmp(p, names[i], strlen(names[i])) == 0) {
				with = values[i];
				skip = strlen(names[i]);
			}
		if (with) {
			n += (unsigned)snprintf(buf + n, len - n, "%s", with);
			if (n >= len)
				n = len - 1;
			p += skip;
		} else {
			buf[n++] = *p++;
			buf[n] = '\0';
		}
	}
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
	static const char *const ticket[] = { "{number}", "{id}", "{service}", "{day}" };
	const char *url = cfg->printer.qr_url;
	char own[KCONF_PATH];
	int carries = 0;

	for (unsigned i = 0; i < sizeof(ticket) / sizeof(ticket[0]); i++)
		carries |= strstr(url, ticket[i]) != NULL;
	url_host(url, host, len);
	if (!carries || !host[0])
		return 0;
	url_host(cfg->sync.server, own, sizeof(own));
	return strcmp(host, own) != 0;
}

int slip_qr_check(const struct kconf *cfg, char *why, unsigned len)
{
	/* the longest values the placeholders can take */
	struct slip_info worst = { "AB99999", "ABCDEFGH", 9223372036854775807LL,
				   4102444800LL /* 2100 */, 0, 0, 0, 0 };
	char url[KCONF_PATH * 2];
	QRcode *qr;

	if (!cfg->printer.qr_url[0])
		return 0;
	slip_qr_url(cfg, &worst, url, sizeof(url));
	qr = QRcode_encodeString8bit(url, 0, QR_ECLEVEL_M);
	if (!qr) {
		snprintf(why, len, "qr_url cannot be encoded as a QR code (too long)");
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
		snprintf(why, len, "qr_url needs a QR code of %d modules with its quiet zone; "
			 "at qr_size_mm = %d that is %d dot(s) a module, and paper needs %d: "
			 "shorten the URL or raise qr_size_mm to %d", modules,
			 cfg->printer.qr_size_mm, dots / modules, SLIP_QR_MIN_DOTS,
			 (modules * SLIP_QR_MIN_DOTS + SLIP_DOTS_PER_MM - 1) / SLIP_DOTS_PER_MM);
		return -1;
	}
	return 0;
}
