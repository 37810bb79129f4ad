/*
 * hub_fwd_days.c - the days and ratings of a forwarding round (hub_fwd.h):
 * the days the reports aggregated after the hub's last (report_export_days)
 * and the ratings after its last id (rating_export), as the hub's contract
 * has them.  Who served is never sent by name: staff is "" unless [hub]
 * staff_ids = pseudonym, then the hex of a BLAKE2b-128 of the account's
 * name keyed by a key derived from the station's [dossiers] secret file
 * (32 bytes, never leaves the station): the same name gives the same
 * pseudonym at this station, and nobody without the file can go back from
 * it to the name or match it at another station.
 */
#include "hub_fwd_private.h"

#include "kerr.h"
#include "klog.h"
#include "rating.h"
#include "report.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define DAYS_PER_POST 7

int hub_fwd_staff_key(const struct kconf *cfg, unsigned char key[32])
{
	static const char what[] = "kiosk hub staff pseudonym v1";
	unsigned char secret[32];
	size_t got = 0;
	FILE *f;

	if (cfg->hub.staff_ids != KCONF_STAFF_IDS_PSEUDONYM)
		return 0;
	f = fopen(cfg->dossiers.secret, "rb");
	if (f) {
		got = fread(secret, 1, sizeof(secret), f);
		fclose(f);
	}
	if (got != sizeof(secret)) {
		klog(KLOG_WARN, "hub: [hub] staff_ids = pseudonym but the secret %s cannot be read"
		     " (%s): staff are sent as \"\"", cfg->dossiers.secret,
		     f ? "not 32 bytes" : strerror(errno));
		return 0;
	}
	crypto_generichash(key, 32, (const unsigned char *)what, sizeof(what) - 1, secret, 32);
	sodium_memzero(secret, sizeof(secret));
	return 1;
}

static void pseudonym(const char *name, const unsigned char *key, char out[33])
{
	unsigned char h[16];
	out[0] = '\0';
	if (!key || !name || !name[0])
		return;
	crypto_generichash(h, sizeof(h), (const unsigned char *)name, strlen(name), key, 32);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

struct days_out {
	json_t *arr;
	const unsigned char *key;
	int64_t made, day;
};

static int add_day(void *arg, int64_t day, int64_t tickets, int64_t made_at, int64_t faults,
		   const struct report_cells *cells)
{
	struct days_out *o = arg;
	json_t *cs = json_array();

	for (int i = 0; i < cells->n; i++) {
		const struct report_cell *c = &cells->v[i];
		char staff[33];
		json_t *times = json_array();
		pseudonym(c->staff, o->key, staff);
		for (int k = 0; k < c->ntimes; k++)
			json_array_append_new(times, json_integer(c->times[k]));
		json_array_append_new(cs, json_pack(
			"{s:s, s:s, s:i, s:s, s:i, s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i,"
			" s:i, s:i, s:o}", "kind", report_kind_name(c->kind), "service", c->service,
			"hour", c->hour, "source", c->source, "counter", c->counter, "staff", staff,
			"n", c->n, "served", c->served, "noshow", c->noshow, "transferred",
			c->transferred, "waiting", c->waiting, "unfinished", c->unfinished,
			"priority", c->priority, "offline", c->offline, "bk_on_time", c->bk_on_time,
			"bk_early", c->bk_early, "bk_late", c->bk_late, "times", times));
	}
	json_array_append_new(o->arr, json_pack("{s:I, s:I, s:I, s:I, s:o}", "day", (json_int_t)day,
		"tickets", (json_int_t)tickets, "made_at", (json_int_t)made_at, "printer_faults",
		(json_int_t)faults, "cells", cs));
	o->made = made_at;
	o->day = day;
	return K_OK;
}

json_t *hub_fwd_days(struct kdb *k, const struct hub_cursor *c, const unsigned char *key,
		     int64_t *last_made, int64_t *last_day, int *more, int *err)
{
	struct days_out o = { json_array(), key, c->day_made, c->day };
	int n = report_export_days(k, c->day_made, c->day, DAYS_PER_POST, add_day, &o);
	if (n < 0) {
		*err = n;
		json_decref(o.arr);
		return NULL;
	}
	*last_made = o.made;
	*last_day = o.day;
	*more |= n == DAYS_PER_POST;
	return o.arr;
}

struct ratings_out {
	json_t *arr;
	const unsigned char *key;
};

static int add_rating(void *arg, const struct rating_row *r, const unsigned char hash[RATING_HASH])
{
	struct ratings_out *o = arg;
	char staff[33], prev[2 * RATING_HASH + 1], h[2 * RATING_HASH + 1];

	pseudonym(r->staff, o->key, staff);
	sodium_bin2hex(prev, sizeof(prev), r->prev, RATING_HASH);
	sodium_bin2hex(h, sizeof(h), hash, RATING_HASH);
	json_array_append_new(o->arr, json_pack(
		"{s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:o, s:I, s:s, s:s, s:s}",
		"id", (json_int_t)r->id, "day", (json_int_t)r->day, "ticket", (json_int_t)r->ticket,
		"number", r->number ? r->number : "", "service", r->service ? r->service : "",
		"counter", (json_int_t)r->counter, "staff", staff, "level", (json_int_t)r->level,
		"scale", (json_int_t)r->scale, "reason", (json_int_t)r->reason, "wait",
		r->wait < 0 ? json_null() : json_integer(r->wait), "at", (json_int_t)r->at,
		"channel", r->channel ? r->channel : "", "prev", prev, "hash", h));
	return K_OK;
}

json_t *hub_fwd_ratings(struct kdb *k, const struct hub_cursor *c, int batch,
			const unsigned char *key, int *more, int *err)
{
	struct ratings_out o = { json_array(), key };
	int n = rating_export(k, c->ratings, batch, add_rating, &o);
	if (n < 0) {
		*err = n;
		json_decref(o.arr);
		return NULL;
	}
	*more |= n == batch;
	return o.arr;
}
