/*
 * kioskctl_lookup.c - `kioskctl lookup CODE`: the dossier look-up the kiosk's
 * "Tra cứu hồ sơ" makes, from the command line (docs/dossiers.md), for a
 * technician checking an imported list or the kiosk's link to it.
 *
 * Exit codes of its own, so scripts can tell the answers apart: 0 found,
 * 1 not found, 2 usage or a malformed code (never sent), 3 the station
 * server did not answer, 4 it would not look up (no list, rate limited,
 * the day's look-ups made, this kiosk's token refused).  The code is not echoed.
 */
#include "kioskctl.h"
#include "kerr.h"
#include "ksync.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum { LOOKUP_FOUND = 0, LOOKUP_NOT_FOUND = 1, LOOKUP_USAGE = 2, LOOKUP_UNREACHABLE = 3,
       LOOKUP_REFUSED = 4 };

static int exit_code(int r)
{
	switch (r) {
	case K_OK: return LOOKUP_FOUND;
	case K_ERR_NOT_FOUND: return LOOKUP_NOT_FOUND;
	case K_ERR_INVALID: case K_ERR_CONFIG: return LOOKUP_USAGE;
	case K_ERR_UNREACHABLE: return LOOKUP_UNREACHABLE;
	case K_ERR_DISABLED: case K_ERR_BUSY: case K_ERR_CAP: case K_ERR_AUTH:
		return LOOKUP_REFUSED;
	default: return CTL_FAIL;
	}
}

static const char *why(int r, const struct ksync_dossier *d, char *buf, size_t len)
{
	switch (r) {
	case K_ERR_INVALID:
		return "a dossier code is 4-32 letters and digits (spaces and '-' are dropped)";
	case K_ERR_UNREACHABLE:
		return "the station server did not answer; the kiosk keeps no copy of the list";
	case K_ERR_DISABLED:
		return "the station has no dossier list (station-server dossiers import FILE.csv)";
	case K_ERR_BUSY:
		snprintf(buf, len, "rate limited: try again in %d s", d->retry_after);
		return buf;
	case K_ERR_CAP:
		snprintf(buf, len, "this kiosk's look-ups for today are made ([dossiers] rate_day): "
			 "none until the next day starts, in %d h %02d min", d->retry_after / 3600,
			 d->retry_after % 3600 / 60);
		return buf;
	case K_ERR_AUTH:
		return "the station server refuses this kiosk's token ([sync] name, token)";
	default:
		return kerr_text(r);
	}
}

static void print_found(const struct ctl *c, const struct ksync_dossier *d)
{
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s}",
					 "ok", 1, "found", 1, "status", d->status,
					 "text_vi", d->text_vi, "text_en", d->text_en,
					 "action_vi", d->action_vi, "action_en", d->action_en,
					 "note", d->note, "date", d->date[0] ? d->date : NULL,
					 "service", d->service[0] ? d->service : NULL,
					 "updated", d->updated));
		return;
	}
	printf("%s: %s\n", d->status, d->text_vi);
	if (d->text_en[0])
		printf("  en: %s\n", d->text_en);
	if (d->note[0])
		printf("note: %s\n", d->note);
	if (d->action_vi[0])
		printf("do: %s\n", d->action_vi);
	if (d->action_en[0])
		printf("  en: %s\n", d->action_en);
	if (d->date[0])
		printf("date: %s\n", d->date);
	if (d->service[0]) {
		const struct kconf_service *s = kconf_service(&c->cfg, d->service);
		printf("service: %s%s%s%s\n", d->service, s ? " (" : " (not a service of this kiosk)",
		       s ? s->name_vi : "", s ? ")" : "");
	}
	if (d->updated[0])
		printf("list updated: %s\n", d->updated);
}

int ctl_lookup_command(struct ctl *c)
{
	struct ksync_dossier d;
	struct ksync *k;
	char norm[KSYNC_DOSSIER_CODE], buf[160];
	int r;

	if (c->nargs != 2) {
		fprintf(stderr, "kioskctl: usage: lookup CODE\n");
		return LOOKUP_USAGE;
	}
	if (!c->cfg.sync.server[0]) {
		ctl_fail(c, K_ERR_CONFIG, "%s: [sync] server is not set: only the station server "
			 "holds the dossier list", c->config);
		return LOOKUP_USAGE;
	}
	memset(&d, 0, sizeof(d));
	r = dossier_code_norm(c->args[1], strlen(c->args[1]), norm);
	if (r == K_OK) {
		if (c->db_given)
			snprintf(c->cfg.sync.outbox, sizeof(c->cfg.sync.outbox), "%s", c->db);
		r = ksync_open(&k, &c->cfg, &c->clock);
		if (r < 0) {
			ctl_fail(c, r, "cannot open the outbox %s: %s", c->cfg.sync.outbox,
				 kerr_text(r));
			return CTL_FAIL;
		}
		r = ksync_dossier_lookup(k, norm, 1, &d);
		ksync_close(k);
	}
	if (r == K_OK) {
		print_found(c, &d);
	} else if (r == K_ERR_NOT_FOUND) {
		if (c->json)
			ctl_print_json(json_pack("{s:b, s:b, s:s}", "ok", 1, "found", 0, "updated",
						 d.updated));
		else
			printf("not found\n");
	} else if (c->json) {
		ctl_print_json(json_pack("{s:b, s:s, s:s, s:i}", "ok", 0, "error", kerr_name(r),
					 "message", why(r, &d, buf, sizeof(buf)),
					 "retry_after", d.retry_after));
	} else {
		fprintf(stderr, "kioskctl: lookup: %s\n", why(r, &d, buf, sizeof(buf)));
	}
	return exit_code(r);
}
