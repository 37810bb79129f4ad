/*
 * printer.c - choosing a transport, status queries and the print job flow.
 *
 * A job: open if needed; ask the status (refuse at once on paper out, cover
 * open, offline or error: no half slip); write the bytes, paced by band if
 * asked, with a timeout sized from the slip's length and the print speed;
 * ask the status again.  Any transport failure closes the device so the
 * next job (or status query) opens it afresh; while it stays unplugged, why
 * it cannot be opened is logged once, not at every try.
 */
#include "printer_private.h"
#include "kerr.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct printer_ops *ops_for(enum printer_kind kind)
{
	switch (kind) {
	case PRINTER_USB: return &printer_usb_ops;
	case PRINTER_TCP: return &printer_tcp_ops;
	case PRINTER_LP: return &printer_lp_ops;
	case PRINTER_SIM: return &printer_sim_ops;
	case PRINTER_NONE:
	default: return &printer_none_ops;
	}
}

int printer_open(struct printer **out, const char *uri, const struct kconf *cfg)
{
	char why[200];
	struct printer *p;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return K_ERR_NOMEM;
	if (printer_uri_parse(uri, &p->uri, why, sizeof(why)) < 0) {
		klog(KLOG_ERR, "printer: %s", why);
		free(p);
		return K_ERR_INVALID;
	}
	p->ops = ops_for(p->uri.kind);
	p->cfg = cfg;
	*out = p;
	return K_OK;
}

static void drop(struct printer *p)
{
	if (p->is_open && p->ops->close)
		p->ops->close(p);
	p->is_open = 0;
}

void printer_close(struct printer *p)
{
	if (!p)
		return;
	drop(p);
	free(p);
}

const char *printer_transport(const struct printer *p)
{
	return p->ops->name;
}

static int ensure_open(struct printer *p)
{
	int r;
	if (p->is_open)
		return K_OK;
	if (!p->ops->open)
		return K_ERR_DISABLED_DEV;
	r = p->ops->open(p);
	if (r == K_OK)
		p->is_open = 1;
	p->open_failed = r < 0;
	return r;
}

static int p_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	return p->ops->write ? p->ops->write(p, buf, len, timeout_ms) : K_ERR_DISABLED_DEV;
}

static int p_read(struct printer *p, uint8_t *buf, size_t len, int timeout_ms)
{
	return p->ops->read ? p->ops->read(p, buf, len, timeout_ms) : 0;
}

/* DLE EOT 1..4 over the transport; stops at the first unanswered query. */
static int escpos_query(struct printer *p, struct printer_status *st)
{
	static const int which[] = { 1, 2, 3, 4 };
	uint8_t q[3], junk[64], reply;
	int r;

	while (p_read(p, junk, sizeof(junk), 0) > 0)
		; /* stale bytes from before */
	for (unsigned i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		escpos_status_query(which[i], q);
		r = p_write(p, q, sizeof(q), p->cfg->printer.status_timeout_ms);
		if (r < 0)
			return r;
		r = p_read(p, &reply, 1, p->cfg->printer.status_timeout_ms);
		if (r < 0)
			return r;
		if (r == 0)
			return K_OK; /* does not answer: status stays unknown */
		if (escpos_status_apply(which[i], reply, st) < 0)
			klog(KLOG_WARN, "printer: status %d answered 0x%02x, not understood",
			     which[i], reply);
	}
	return K_OK;
}

static int query(struct printer *p, struct printer_status *st)
{
	escpos_status_clear(st);
	if (p->ops->status)
		return p->ops->status(p, st);
	if (!p->ops->read)
		return K_OK;
	return escpos_query(p, st);
}

int printer_query(struct printer *p, struct printer_status *st)
{
	int r = ensure_open(p);
	escpos_status_clear(st);
	if (r == K_OK)
		r = query(p, st);
	if (r < 0 && r != K_ERR_DISABLED_DEV)
		drop(p);
	return r;
}

int printer_status_error(const struct printer_status *st)
{
	if (st->paper == PAPER_OUT)
		return K_ERR_PAPER_OUT;
	if (st->cover_open == 1)
		return K_ERR_COVER_OPEN;
	if (st->error == 1)
		return K_ERR_PRINTER;
	if (st->online == 0)
		return K_ERR_OFFLINE;
	return K_OK;
}

const char *printer_status_text(const struct printer_status *st, char *buf, unsigned len)
{
	static const char *paper[] = { "paper unknown", "paper OK", "paper near end",
				       "paper out" };
	if (!st->answered) {
		snprintf(buf, len, "status unknown (the printer does not answer status queries)");
		return buf;
	}
	snprintf(buf, len, "%s, %s%s%s", st->online == 0 ? "offline" : st->online == 1 ?
		 "online" : "online unknown", paper[st->paper], st->cover_open == 1 ?
		 ", cover open" : "", st->error == 1 ? ", error" : "");
	return buf;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int write_job(struct printer *p, const uint8_t *job, size_t len, int timeout_ms)
{
	const struct kconf *cfg = p->cfg;
	size_t chunk = len;
	int r = K_OK;

	if (cfg->printer.pace_ms > 0)
		chunk = escpos_band_bytes(cfg->printer.paper_width, cfg->printer.band_rows);
	for (size_t off = 0; off < len && r == K_OK; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		r = p_write(p, job + off, n, timeout_ms);
		if (r == K_OK && off + n < len)
			sleep_ms(cfg->printer.pace_ms);
	}
	return r;
}

int printer_print(struct printer *p, const uint8_t *job, size_t len, int length_tenth_mm,
		  struct printer_status *st_out)
{
	const struct kconf *cfg = p->cfg;
	struct printer_status st;
	/* twice the time the paper takes at the rated speed, plus 2 s */
	int timeout_ms = 2000 + length_tenth_mm * 200 / cfg->printer.speed_mm_s;
	int r, want_status = cfg->printer.status && (p->ops->read || p->ops->status);

	escpos_status_clear(&st);
	r = ensure_open(p);
	if (r < 0)
		goto out;
	if (want_status) {
		r = query(p, &st);
		if (r == K_OK && !st.answered) {
			/* [printer] status = yes promises answers: silence is a fault */
			klog(KLOG_WARN, "printer %s: no answer to a status query; if this model "
			     "never answers, set [printer] status = no", p->ops->name);
			r = K_ERR_TIMEOUT;
		}
		if (r == K_OK)
			r = printer_status_error(&st);
		if (r < 0)
			goto out; /* nothing sent: no half slip */
	}
	r = write_job(p, job, len, timeout_ms);
	if (r < 0)
		goto out;
	if (want_status) {
		r = query(p, &st);
		if (r == K_OK && !st.answered)
			r = K_ERR_TIMEOUT; /* it answered before the job: silence is a fault */
		if (r == K_OK)
			r = printer_status_error(&st);
	}
out:
	if (r == K_ERR_NODEV || r == K_ERR_TIMEOUT || r == K_ERR_IO)
		drop(p);
	if (r < 0 && r != K_ERR_DISABLED_DEV)
		klog(KLOG_WARN, "printer %s: job of %zu bytes not printed: %s", p->ops->name, len,
		     kerr_text(r));
	if (st_out)
		*st_out = st;
	return r;
}

/* "none": every op missing; printing is disabled. */
const struct printer_ops printer_none_ops = { .name = "none" };
