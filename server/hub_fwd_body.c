/*
 * hub_fwd_body.c - what one round of the forwarder sends (hub_fwd.h): the
 * queue's events after the hub's cursor, the lobby's status now and the
 * kiosks' devices, as the hub's contract has them (docs/hub.md).  Only
 * numbers, times, counters, services and states: a ticket's booking id,
 * its page token or client ref are never read here.
 */
#include "hub_fwd_private.h"
#include "hub_fetch.h"

#include "kerr.h"

#include <stdlib.h>
#include <string.h>

#define DEVICES_MAX 64

static json_t *events(struct queue *q, const struct hub_cursor *c, int batch, int *more,
		      int64_t *last, int *err)
{
	struct queue_change *ch = calloc((size_t)batch, sizeof(*ch));
	json_t *arr = NULL;
	int n;

	if (!ch) {
		*err = K_ERR_NOMEM;
		return NULL;
	}
	n = queue_changes(q, c->events, ch, batch, last);
	if (n < 0) {
		*err = n;
		goto out;
	}
	arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:i, s:i, s:s}",
			"seq", (json_int_t)ch[i].seq, "at", (json_int_t)ch[i].at,
			"day", (json_int_t)ch[i].day, "kind", ch[i].kind, "number", ch[i].number,
			"service", ch[i].service, "counter", ch[i].counter,
			"priority", ch[i].priority, "source", ch[i].source));
	*more = n == batch && ch[n - 1].seq < *last;
out:
	free(ch);
	return arr;
}

/* The lobby now: tickets waiting today, how long the longest has waited,
 * and the kiosks' printers (the first that is not "ok", else "ok"; "none"
 * without a kiosk). */
static json_t *status(struct queue *q, const struct kclock *clock,
		      const struct queue_device *d, int nd, int *err)
{
	static struct queue_status st; /* large; the forwarder's thread alone uses it */
	int64_t now = kclock_now(clock), oldest = 0;
	int waiting = 0;
	const char *printer = nd ? "ok" : "none";
	int r = queue_status(q, &st);

	if (r < 0) {
		*err = r;
		return NULL;
	}
	for (int i = 0; i < st.nservices; i++) {
		waiting += st.services[i].waiting;
		if (st.services[i].oldest && (!oldest || st.services[i].oldest < oldest))
			oldest = st.services[i].oldest;
	}
	for (int i = 0; i < nd; i++)
		if (strcmp(d[i].printer, "ok") && strcmp(d[i].printer, "none")) {
			printer = d[i].printer;
			break;
		}
	return json_pack("{s:I, s:i, s:I, s:s}", "at", (json_int_t)now, "waiting", waiting,
			 "longest_wait", (json_int_t)(oldest && now > oldest ? now - oldest : 0),
			 "printer", printer);
}

json_t *hub_fwd_body(struct queue *q, const struct kconf *cfg, const struct kclock *clock,
		     const struct hub_cursor *c, int batch, int *more, int64_t *last, int *err)
{
	struct queue_device d[DEVICES_MAX];
	json_t *ev, *st, *devs;
	int nd;

	*more = 0;
	ev = events(q, c, batch, more, last, err);
	if (!ev)
		return NULL;
	nd = queue_devices(q, d, DEVICES_MAX);
	if (nd < 0) {
		*err = nd;
		json_decref(ev);
		return NULL;
	}
	st = status(q, clock, d, nd, err);
	if (!st) {
		json_decref(ev);
		return NULL;
	}
	/* what the station runs of what the hub published (server/hub_fetch.h) */
	json_object_set_new(st, "config_version", json_integer(hub_fetch_version(cfg)));
	json_object_set_new(st, "dossiers_version", json_integer(hub_fetch_dossiers_version(cfg)));
	devs = json_array();
	for (int i = 0; i < nd; i++)
		json_array_append_new(devs, json_pack("{s:s, s:I, s:s, s:s, s:I}", "name", d[i].name,
			"seen", (json_int_t)d[i].seen, "printer", d[i].printer, "scanner",
			d[i].scanner, "pending", (json_int_t)d[i].pending));
	return json_pack("{s:s, s:o, s:o, s:o}", "station", cfg->station.id, "events", ev,
			 "status", st, "devices", devs);
}
