/*
 * kioskctl_print.c - slip, print and printer-status: layout work, a test
 * print, and a technician's look at the printer.
 */
#include "kioskctl.h"
#include "escpos.h"
#include "kerr.h"
#include "printer.h"
#include "slip_job.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>


struct made {
	struct i18n *text[2];
	struct slip_renderer *r;
	struct bitmap img;
	struct kbuf job;
};

static void made_free(struct made *m)
{
	bitmap_free(&m->img);
	kbuf_free(&m->job);
	slip_renderer_close(m->r);
	i18n_free(m->text[0]);
	i18n_free(m->text[1]);
}

/* Render the sample slip the options describe. */
static int make(struct ctl *c, struct made *m)
{
	struct slip_info info = { .number = c->number, .service = c->service, .ticket_id = 1,
				  .ahead = c->ahead, .wait_minutes = c->wait,
				  .priority = c->priority };
	int r;

	memset(m, 0, sizeof(*m));
	kbuf_init(&m->job, ESCPOS_MAX_JOB);
	if (!c->number || !c->service)
		return ctl_fail(c, K_ERR_INVALID, "give --number (e.g. A012) and --service (e.g. "
				"CAPDOI)");
	if (!kconf_service(&c->cfg, c->service))
		return ctl_fail(c, K_ERR_NOT_FOUND, "no service %s in %s", c->service, c->config);
	info.issued_at = c->fixed_now ? c->fixed_now : kclock_now(&kclock_system);
	if (i18n_load(&m->text[0], c->cfg.kiosk.translations, "vi") < 0 ||
	    i18n_load(&m->text[1], c->cfg.kiosk.translations, "en") < 0)
		return ctl_fail(c, K_ERR_IO, "translations missing in %s", c->cfg.kiosk.translations);
	r = slip_renderer_open(&m->r, &c->cfg);
	if (r < 0)
		return ctl_fail(c, r, "the slip fonts cannot be opened (see above)");
	r = slip_job_make(m->r, &c->cfg, m->text, &info, &m->img, &m->job);
	if (r < 0)
		return ctl_fail(c, r, "the slip cannot be made: %s", kerr_text(r));
	return CTL_OK;
}

static int cmd_slip(struct ctl *c)
{
	struct made m;
	int rc = make(c, &m);

	if (rc != CTL_OK)
		goto out;
	if (!c->out || !c->format || (strcmp(c->format, "png") && strcmp(c->format, "escpos"))) {
		rc = ctl_fail(c, K_ERR_INVALID, "give --format png|escpos and --out FILE");
		goto out;
	}
	if (!strcmp(c->format, "png")) {
		if (bitmap_write_png(&m.img, c->out) < 0) {
			rc = ctl_fail(c, K_ERR_IO, "cannot write %s", c->out);
			goto out;
		}
	} else {
		FILE *f = fopen(c->out, "wb");
		if (!f || fwrite(m.job.data, 1, m.job.len, f) != m.job.len) {
			if (f)
				fclose(f);
			rc = ctl_fail(c, K_ERR_IO, "cannot write %s", c->out);
			goto out;
		}
		fclose(f);
	}
	int tenth = slip_length_tenth_mm(&m.img);
	if (c->json)
		ctl_print_json(json_pack("{s:b, s:s, s:i, s:i, s:f, s:I}", "ok", 1, "out", c->out,
				     "width", m.img.w, "height", m.img.h, "length_mm", tenth / 10.0,
				     "escpos_bytes", (json_int_t)m.job.len));
	else
		printf("%s: %dx%d dots, %d.%d mm, %zu bytes of ESC/POS\n", c->out, m.img.w, m.img.h,
		       tenth / 10, tenth % 10, m.job.len);
out:
	made_free(&m);
	return rc;
}

static int report(struct ctl *c, int r, const struct printer_status *st, const char *what)
{
	char text[160];
	printer_status_text(st, text, sizeof(text));
	if (r < 0)
		return ctl_fail(c, r, "%s: %s (%s)", what, kerr_text(r), text);
	if (c->json)
		ctl_print_json(json_pack("{s:b, s:s, s:b, s:s, s:b, s:b}", "ok", 1, "status", text,
				     "answered", st->answered, "paper",
				     st->paper == PAPER_OK ? "ok" : st->paper == PAPER_NEAR_END ?
				     "near-end" : st->paper == PAPER_OUT ? "out" : "unknown",
				     "cover_open", st->cover_open == 1, "error", st->error == 1));
	else
		printf("%s: %s\n", what, text);
	return CTL_OK;
}

static int cmd_print(struct ctl *c)
{
	const char *uri = c->printer ? c->printer : c->cfg.printer.uri;
	struct printer_status st;
	struct printer *p = NULL;
	struct made m;
	int rc = make(c, &m);

	escpos_status_clear(&st);
	if (rc != CTL_OK)
		goto out;
	if (printer_open(&p, uri, &c->cfg) < 0) {
		rc = ctl_fail(c, K_ERR_INVALID, "printer '%s' cannot be used (see above)", uri);
		goto out;
	}
	int r = printer_print(p, m.job.data, m.job.len, slip_length_tenth_mm(&m.img), &st);
	rc = report(c, r, &st, r < 0 ? "not printed" : "printed");
out:
	printer_close(p);
	made_free(&m);
	return rc;
}

static int cmd_status(struct ctl *c)
{
	const char *uri = c->printer ? c->printer : c->cfg.printer.uri;
	struct printer_status st;
	struct printer *p = NULL;

	escpos_status_clear(&st);
	if (printer_open(&p, uri, &c->cfg) < 0)
		return ctl_fail(c, K_ERR_INVALID, "printer '%s' cannot be used (see above)", uri);
	int r = printer_query(p, &st);
	if (r == K_OK)
		r = printer_status_error(&st) == K_OK ? K_OK : printer_status_error(&st);
	int rc = report(c, r, &st, uri);
	printer_close(p);
	return rc;
}

int ctl_is_print_command(const char *cmd)
{
	return !strcmp(cmd, "slip") || !strcmp(cmd, "print") || !strcmp(cmd, "printer-status");
}

int ctl_print_command(struct ctl *c, const char *cmd)
{
	if (c->nargs != 1)
		return ctl_fail(c, K_ERR_INVALID, "%s takes options only (see kioskctl --help)", cmd);
	if (!strcmp(cmd, "slip"))
		return cmd_slip(c);
	if (!strcmp(cmd, "print"))
		return cmd_print(c);
	return cmd_status(c);
}
