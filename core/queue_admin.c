/*
 * queue_admin.c - what a supervisor changes while the station runs: which
 * services a counter serves, a service switched off for today; and what the
 * kiosks report of their printers.  Each change is noted in queue_events so
 * the staff console and the boards see it at once.
 */
#include "queue_private.h"
#include "kerr.h"

#include <stdio.h>
#include <string.h>

unsigned qdb_services_mask(const struct kconf *cfg, const char *list, unsigned fallback)
{
	unsigned mask = 0;
	char code[9];

	if (!list)
		return fallback;
	while (*list) {
		size_t n = strcspn(list, ",");
		if (n < sizeof(code)) {
			memcpy(code, list, n);
			code[n] = '\0';
			int i = kconf_service_index(cfg, code);
			if (i >= 0)
				mask |= 1u << i;
		}
		list += n + (list[n] == ',');
	}
	return mask;
}

int queue_counter_services(struct queue *q, int counter, unsigned *services)
{
	const struct kconf_counter *cc = kconf_counter(q->cfg, counter);
	sqlite3_stmt *st;

	if (!cc)
		return K_ERR_NOT_FOUND;
	int r = qdb_prepare(q, "SELECT services FROM counters WHERE id = ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int(st, 1, counter);
	int rc = sqlite3_step(st);
	*services = qdb_services_mask(q->cfg, rc == SQLITE_ROW ?
				      (const char *)sqlite3_column_text(st, 0) : NULL, cc->services);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = qdb_error(q, rc, "counter services");
	qdb_done(q, st);
	return r;
}

/* Run one change and note it, in one transaction. */
static int change(struct queue *q, const char *sql, const char *text, int64_t a, int64_t b,
		  const char *kind, int counter, const char *subject)
{
	sqlite3_stmt *st;
	int r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_prepare(q, sql, &st);
	if (r == K_OK) {
		sqlite3_bind_int64(st, 1, a);
		sqlite3_bind_int64(st, 2, b);
		sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
		r = qdb_step_done(q, st, kind);
	}
	if (r == K_OK)
		r = qdb_note_subject(q, kind, 0, counter, subject);
	if (r == K_OK)
		r = qdb_commit(q);
	if (r < 0)
		qdb_rollback(q);
	return r;
}

int queue_set_counter_services(struct queue *q, int counter, unsigned services)
{
	const struct kconf *cfg = q->cfg;
	char list[KCONF_MAX_SERVICES * 9 + 1] = "";
	size_t len = 0;

	if (!kconf_counter(cfg, counter))
		return K_ERR_NOT_FOUND;
	for (int i = 0; i < cfg->nservices; i++)
		if (services & (1u << i))
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						len ? "," : "", cfg->services[i].code);
	return change(q, "INSERT INTO counters (id, services) VALUES (?1, ?3)"
		      " ON CONFLICT (id) DO UPDATE SET services = ?3",
		      list, counter, 0, "counter", counter, NULL);
}

int queue_service_enabled(struct queue *q, const char *service, int *enabled)
{
	const struct kconf_service *s = kconf_service(q->cfg, service);
	sqlite3_stmt *st;

	if (!s)
		return K_ERR_NOT_FOUND;
	*enabled = s->enabled;
	int r = qdb_prepare(q, "SELECT enabled FROM service_days WHERE day = ? AND service = ?",
			    &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, qdb_today(q, kclock_now(q->clock)));
	sqlite3_bind_text(st, 2, s->code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*enabled = sqlite3_column_int(st, 0);
	else if (rc != SQLITE_DONE)
		r = qdb_error(q, rc, "service enabled");
	qdb_done(q, st);
	return r;
}

int queue_set_service_enabled(struct queue *q, const char *service, int enabled)
{
	const struct kconf_service *s = kconf_service(q->cfg, service);
	if (!s)
		return K_ERR_NOT_FOUND;
	return change(q, "INSERT INTO service_days (day, service, enabled) VALUES (?1, ?3, ?2)"
		      " ON CONFLICT (day, service) DO UPDATE SET enabled = ?2",
		      s->code, qdb_today(q, kclock_now(q->clock)), !!enabled, "service", 0, s->code);
}

static int printer_fault(const char *state)
{
	static const char *const faults[] = { "paper_out", "cover_open", "offline", "error" };
	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (!strcmp(state, faults[i]))
			return 1;
	return 0;
}

int queue_device_report(struct queue *q, const struct queue_device *d)
{
	sqlite3_stmt *st;
	char before[16] = "", scanner_before[16] = "";
	int r = qdb_begin(q);
	if (r < 0)
		return r;
	r = qdb_prepare(q, "SELECT printer, scanner FROM devices WHERE name = ?", &st);
	if (r == K_OK) {
		sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(before, sizeof(before), "%s", sqlite3_column_text(st, 0));
			snprintf(scanner_before, sizeof(scanner_before), "%s",
				 sqlite3_column_text(st, 1));
		}
		qdb_done(q, st);
		r = qdb_prepare(q, "INSERT OR REPLACE INTO devices (name, seen, printer, detail,"
				   " pending, scanner) VALUES (?, ?, ?, ?, ?, ?)", &st);
	}
	if (r == K_OK) {
		sqlite3_bind_text(st, 1, d->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, kclock_now(q->clock));
		sqlite3_bind_text(st, 3, d->printer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, d->detail, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, d->pending);
		sqlite3_bind_text(st, 6, d->scanner[0] ? d->scanner : "none", -1, SQLITE_STATIC);
		r = qdb_step_done(q, st, "device report");
	}
	if (r == K_OK && strcmp(before, d->printer) != 0 && printer_fault(d->printer))
		r = queue_log_event(q, "printer_fault", d->printer, d->name); /* the reports count them */
	if (r == K_OK && (strcmp(before, d->printer) != 0 ||
			  strcmp(scanner_before, d->scanner[0] ? d->scanner : "none") != 0))
		r = qdb_note_subject(q, "device", 0, 0, d->name);
	if (r == K_OK)
		r = qdb_commit(q);
	if (r < 0)
		qdb_rollback(q);
	return r;
}

int queue_devices(struct queue *q, struct queue_device *out, int max)
{
	sqlite3_stmt *st;
	int n = 0;
	int r = qdb_prepare(q, "SELECT name, seen, printer, detail, pending, scanner FROM devices"
			       " ORDER BY name LIMIT ?", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int(st, 1, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		struct queue_device *d = &out[n++];
		snprintf(d->name, sizeof(d->name), "%s", sqlite3_column_text(st, 0));
		d->seen = sqlite3_column_int64(st, 1);
		snprintf(d->printer, sizeof(d->printer), "%s", sqlite3_column_text(st, 2));
		snprintf(d->detail, sizeof(d->detail), "%s", sqlite3_column_text(st, 3));
		d->pending = sqlite3_column_int64(st, 4);
		snprintf(d->scanner, sizeof(d->scanner), "%s", sqlite3_column_text(st, 5));
	}
	qdb_done(q, st);
	return n;
}

int queue_counter_staff(struct queue *q, int counter, const char *staff)
{
	sqlite3_stmt *st;
	if (!kconf_counter(q->cfg, counter))
		return K_ERR_NOT_FOUND;
	/* read first: a counter worked by the same account all day writes nothing */
	int r = qdb_prepare(q, "SELECT 1 FROM counters WHERE id = ?1 AND staff IS ?2", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int(st, 1, counter);
	if (staff)
		sqlite3_bind_text(st, 2, staff, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	qdb_done(q, st);
	if (rc == SQLITE_ROW)
		return K_OK;
	if (rc != SQLITE_DONE)
		return qdb_error(q, rc, "counter staff");
	r = qdb_begin(q);
	if (r == K_OK)
		r = qdb_run(q, "INSERT OR IGNORE INTO counters (id) VALUES (?1)", counter, 0, 0);
	if (r == K_OK)
		r = qdb_prepare(q, "UPDATE counters SET staff = ?2 WHERE id = ?1", &st);
	if (r == K_OK) {
		sqlite3_bind_int(st, 1, counter);
		if (staff)
			sqlite3_bind_text(st, 2, staff, -1, SQLITE_STATIC);
		r = qdb_step_done(q, st, "counter staff");
	}
	if (r == K_OK)
		r = qdb_commit(q);
	if (r < 0)
		qdb_rollback(q);
	return r;
}

int queue_note_refusal(struct queue *q, const char *service, int refusal)
{
	const char *reason = refusal == K_ERR_CLOSED   ? "closed" :
			     refusal == K_ERR_CAP      ? "cap" :
			     refusal == K_ERR_DISABLED ? "disabled" : NULL;
	const struct kconf_service *s = kconf_service(q->cfg, service);
	int64_t now = kclock_now(q->clock);
	struct klocal lt;
	sqlite3_stmt *st;

	if (!reason || !s)
		return K_OK;
	kclock_local(now, &lt);
	int r = qdb_prepare(q, "INSERT INTO refusals (day, service, hour, reason, n)"
			       " VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (day, service, hour, reason)"
			       " DO UPDATE SET n = n + 1", &st);
	if (r < 0)
		return r;
	sqlite3_bind_int64(st, 1, qdb_today(q, now));
	sqlite3_bind_text(st, 2, s->code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, lt.hour);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	return qdb_step_done(q, st, "note refusal");
}
