/*
 * ksync.c - the kiosk's link to the station server: opening it, whether
 * the server answers, what it last said of the queue (docs/sync.md).
 * Issuing is in ksync_issue.c, pushing and following in ksync_follow.c.
 */
#include "ksync_private.h"
#include "kerr.h"
#include "klog.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ksync_open(struct ksync **out, const struct kconf *cfg, const struct kclock *clock)
{
	struct ksync *k = calloc(1, sizeof(*k));
	int r;

	*out = NULL;
	if (!k)
		return K_ERR_NOMEM;
	k->cfg = cfg;
	k->clock = clock;
	r = sodium_init() < 0 ? K_ERR_NOMEM : K_OK;
	if (r == K_OK && cfg->sync.token[0]) {
		ticket_page_key(cfg->sync.token, k->page_key);
		k->has_page_key = 1;
	}
	if (r == K_OK)
		r = store_open(&k->store, cfg->sync.outbox, cfg);
	if (r == K_OK)
		r = sync_http_open(&k->http, cfg);
	if (r < 0) {
		ksync_close(k);
		return r;
	}
	*out = k;
	return K_OK;
}

json_t *ks_with_page(json_t *body, const char *page)
{
	if (body && page[0])
		json_object_set_new(body, "page", json_string(page));
	return body;
}

void ksync_close(struct ksync *k)
{
	if (!k)
		return;
	sync_http_close(k->http);
	store_close(k->store);
	sodium_memzero(k->page_key, sizeof(k->page_key));
	free(k);
}

int ksync_maintain(struct ksync *k, struct db_maint_report *out)
{
	int64_t now = kclock_now(k->clock);
	return store_maintain(k->store, kclock_day(now, k->cfg->queue.day_starts), now, out);
}

void ksync_watch_disk(struct ksync *k, const struct kdisk *d)
{
	k->disk = d;
}

void ksync_cancel(struct ksync *k)
{
	sync_http_cancel(k->http);
}

void ksync_set_online(struct ksync *k, int online)
{
	int64_t away = 0, now = kclock_now(k->clock);
	/* the last contact, to the minute: not a synchronous write per request */
	if (online && now - k->contact_written >= 60) {
		store_set_int(k->store, "contact_at", now);
		k->contact_written = now;
	}
	/* another thread or process may have changed it: read before writing */
	store_get_int(k->store, "away", &away);
	if (away != !online) {
		store_set_int(k->store, "away", !online);
		klog(KLOG_INFO, online ? "sync: the station server answers again"
				       : "sync: the station server does not answer; issuing offline");
	}
}

long ks_timeout_ms(const struct ksync *k)
{
	return (long)k->cfg->sync.timeout * 1000;
}

const char *ks_jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

void ks_jtext(char *dst, size_t cap, json_t *o, const char *key)
{
	const char *s = ks_jstr(o, key);
	size_t n = strlen(s);

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--; /* s[n] would be a continuation byte: cut before its lead */
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

const char *ks_jcode(json_t *o, const char *key)
{
	const char *s = ks_jstr(o, key);
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
	return s[n] || n > 40 ? "(not a code)" : s;
}

json_int_t ks_jcount(json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));
	return v < 0 ? 0 : v > KS_COUNT_MAX ? KS_COUNT_MAX : v;
}

static int name_index(const char *name, const char *(*fn)(int), int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fn(i), name) == 0)
			return i;
	return 0;
}

/* A ticket as the API writes it (api_ticket_json() in server/api.c). */
int ks_ticket_from_json(const struct ksync *k, json_t *o, struct queue_ticket *t)
{
	memset(t, 0, sizeof(*t));
	if (!json_is_object(o) || !json_is_string(json_object_get(o, "number")))
		return K_ERR_PROTOCOL;
	t->id = json_integer_value(json_object_get(o, "id"));
	snprintf(t->number, sizeof(t->number), "%s", ks_jstr(o, "number"));
	snprintf(t->service, sizeof(t->service), "%s", ks_jstr(o, "service"));
	snprintf(t->client_ref, sizeof(t->client_ref), "%s", ks_jstr(o, "client_ref"));
	t->priority = json_is_true(json_object_get(o, "priority"));
	t->source = name_index(ks_jstr(o, "source"), queue_source_name, 3);
	t->state = name_index(ks_jstr(o, "state"), queue_state_name, 6);
	if (kclock_parse_iso(ks_jstr(o, "issued_at"), &t->issued_at) < 0)
		return K_ERR_PROTOCOL;
	t->day = kclock_day(t->issued_at, k->cfg->queue.day_starts);
	t->ahead = (int)ks_jcount(o, "people_ahead");
	t->wait_minutes = (int)((ks_jcount(o, "estimated_wait_s") + 59) / 60);
	return K_OK;
}

int ks_number_ok(const struct ksync *k, const char *service, const char *number)
{
	const struct kconf_service *svc = kconf_service(k->cfg, service);
	if (!svc || strncmp(number, svc->prefix, strlen(svc->prefix)) != 0)
		return 0;
	number += strlen(svc->prefix);
	size_t digits = strspn(number, "0123456789");
	return digits >= 3 && digits <= 5 && number[digits] == '\0';
}

int ks_ticket_mine(const struct ksync *k, json_t *o, const char *service, const char *ref,
		   const char *what, struct queue_ticket *t)
{
	int r = ks_ticket_from_json(k, o, t);
	if (r == K_OK && (strcmp(t->client_ref, ref) != 0 ||
			  (service && strcmp(t->service, service) != 0) ||
			  !ks_number_ok(k, t->service, ks_jstr(o, "number"))))
		r = K_ERR_PROTOCOL;
	if (r < 0) /* nothing of the answer itself: it is the peer's text */
		klog(KLOG_WARN, "sync: the answer to %s is not the ticket this kiosk asked for", what);
	return r;
}

json_t *ks_snapshot(struct ksync *k, int64_t *at)
{
	char *text = malloc(SNAPSHOT_MAX);
	json_t *o = NULL;
	*at = 0;
	if (text && store_get_text(k->store, "queue", text, SNAPSHOT_MAX) == K_OK &&
	    store_get_int(k->store, "queue_at", at) == K_OK)
		o = json_loads(text, 0, NULL);
	free(text);
	/* yesterday's queue says nothing of today's */
	if (o && kclock_day(*at, k->cfg->queue.day_starts) !=
		 kclock_day(kclock_now(k->clock), k->cfg->queue.day_starts)) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

int ks_snap_service(json_t *snap, const char *code, struct snap_service *out)
{
	size_t i;
	json_t *v;
	memset(out, 0, sizeof(*out));
	out->enabled = 1;
	json_array_foreach(json_object_get(snap, "services"), i, v) {
		if (strcmp(ks_jstr(v, "service"), code) != 0)
			continue;
		out->waiting = (int)ks_jcount(v, "waiting");
		out->waiting_priority = (int)ks_jcount(v, "waiting_priority");
		out->issued = (int)ks_jcount(v, "issued");
		out->served = (int)ks_jcount(v, "served");
		out->enabled = !json_is_false(json_object_get(v, "enabled"));
		return K_OK;
	}
	return K_ERR_NOT_FOUND;
}

int ksync_status(struct ksync *k, struct queue_status *out, int *online)
{
	int64_t at, away = 0, now = kclock_now(k->clock);
	json_t *snap = ks_snapshot(k, &at), *v;
	size_t j;

	memset(out, 0, sizeof(*out));
	out->day = kclock_day(now, k->cfg->queue.day_starts);
	out->nservices = k->cfg->nservices;
	for (int i = 0; i < k->cfg->nservices; i++) {
		struct snap_service ss;
		int own = 0;
		snprintf(out->services[i].code, sizeof(out->services[i].code), "%s",
			 k->cfg->services[i].code);
		ks_snap_service(snap, k->cfg->services[i].code, &ss);
		store_offline_since(k->store, k->cfg->services[i].code, at, &own);
		out->services[i].waiting = ss.waiting + own;
		out->services[i].waiting_priority = ss.waiting_priority;
		out->services[i].issued = ss.issued + own;
		out->services[i].served = ss.served;
	}
	json_array_foreach(json_object_get(snap, "counters"), j, v) {
		if (out->ncounters >= KCONF_MAX_COUNTERS)
			break;
		out->counters[out->ncounters].id = (int)json_integer_value(json_object_get(v, "counter"));
		out->counters[out->ncounters].open = json_is_true(json_object_get(v, "open"));
		snprintf(out->counters[out->ncounters].number,
			 sizeof(out->counters[0].number), "%s", ks_jstr(v, "serving"));
		out->ncounters++;
	}
	json_decref(snap);
	store_get_int(k->store, "away", &away);
	*online = !away;
	return K_OK;
}

int ksync_report(struct ksync *k, struct ksync_report *out)
{
	struct store_pending p;
	int64_t away = 0, today = kclock_day(kclock_now(k->clock), k->cfg->queue.day_starts);
	int r;

	memset(out, 0, sizeof(*out));
	r = store_pending_count(k->store, &out->pending, out->per_service, &out->oldest);
	if (r == K_OK && store_next_pending(k->store, NULL, &p) == K_OK)
		snprintf(out->last_error, sizeof(out->last_error), "%s", p.last_error);
	for (int i = 0; r == K_OK && i < k->cfg->nservices; i++)
		r = store_lease_left(k->store, today, k->cfg->services[i].code, &out->lease_left[i]);
	store_get_int(k->store, "away", &away);
	store_get_int(k->store, "contact_at", &out->last_contact);
	out->online = !away;
	return r;
}

