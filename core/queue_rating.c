/*
 * queue_rating.c - a citizen's rating of the ticket a counter finished
 * (queue.h): what the counter's rating device shows, and the rating itself,
 * appended to the ratings' chain (rating.h) in the queue's transaction.
 */
#include "hours.h"
#include "kerr.h"
#include "queue_private.h"
#include "rating.h"

#include <stdio.h>
#include <string.h>

/* The visit a rating is about: the ticket, where and when it ended. */
struct finished {
	int64_t ticket, day, ended_at, issued_at, first_call;
	int counter;
	char number[12], service[9], issue_service[9], staff[33];
};

#define FINISHED_SQL \
	"SELECT v.ticket, v.day, v.ended_at, t.issued_at, v.counter, t.number, v.service," \
	" t.issue_service, COALESCE(v.staff, ''), (SELECT MIN(called_at) FROM visits" \
	" WHERE ticket = v.ticket) FROM visits v JOIN tickets t ON t.id = v.ticket"

static void copy(char *dst, size_t n, const unsigned char *src)
{
	snprintf(dst, n, "%s", src ? (const char *)src : "");
}

/* The one row of st (FINISHED_SQL) into f: 1, none: 0, or an error. */
static int read_finished(struct queue *q, sqlite3_stmt *st, struct finished *f)
{
	int rc = sqlite3_step(st), r = 0;
	if (rc == SQLITE_ROW) {
		f->ticket = sqlite3_column_int64(st, 0);
		f->day = sqlite3_column_int64(st, 1);
		f->ended_at = sqlite3_column_int64(st, 2);
		f->issued_at = sqlite3_column_int64(st, 3);
		f->counter = sqlite3_column_int(st, 4);
		copy(f->number, sizeof(f->number), sqlite3_column_text(st, 5));
		copy(f->service, sizeof(f->service), sqlite3_column_text(st, 6));
		copy(f->issue_service, sizeof(f->issue_service), sqlite3_column_text(st, 7));
		copy(f->staff, sizeof(f->staff), sqlite3_column_text(st, 8));
		f->first_call = sqlite3_column_int64(st, 9);
		r = 1;
	} else if (rc != SQLITE_DONE) {
		r = qdb_error(q, rc, "ratings: the finished ticket");
	}
	qdb_done(q, st);
	return r;
}

/* The ticket counter last finished on day: 1 found, 0 none, or an error. */
static int last_finished(struct queue *q, int counter, int64_t day, struct finished *f)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&q->kdb, &st, FINISHED_SQL " WHERE v.day = ?1 AND v.counter = ?2"
				 " AND v.outcome = 'done' ORDER BY v.ended_at DESC, v.id DESC LIMIT 1",
				 "ii", day, (int64_t)counter);
	return r < 0 ? r : read_finished(q, st, f);
}

/* Ticket number of day, finished (its last served visit): 1, 0 none, or an error. */
static int finished_ticket(struct queue *q, const char *number, int64_t day, struct finished *f)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&q->kdb, &st, FINISHED_SQL " WHERE v.day = ?1 AND t.number = ?2"
				 " AND t.state = 'done' AND v.outcome = 'done'"
				 " ORDER BY v.ended_at DESC, v.id DESC LIMIT 1", "it", day, number);
	return r < 0 ? r : read_finished(q, st, f);
}

static int rated(struct queue *q, int64_t ticket, int64_t *n)
{
	sqlite3_stmt *st;
	int r = kdb_prepare_bind(&q->kdb, &st, "SELECT COUNT(*) FROM ratings WHERE ticket = ?1",
				 "i", ticket);
	return r < 0 ? r : kdb_step_int(&q->kdb, st, n, 0, "ratings: rated?");
}

int queue_rating_prompt(struct queue *q, int counter, struct queue_prompt *out)
{
	struct finished f;
	int64_t now = kclock_now(q->clock), n = 0;
	int r;

	memset(out, 0, sizeof(*out));
	r = last_finished(q, counter, qdb_today(q, now), &f);
	if (r <= 0)
		return r;
	int64_t left = f.ended_at + q->cfg->rating.seconds - now;
	if (left <= 0)
		return K_OK;
	if ((r = rated(q, f.ticket, &n)) < 0)
		return r;
	out->state = n ? QUEUE_PROMPT_RATED : QUEUE_PROMPT_OPEN;
	out->expires_in = n ? 0 : (int)left;
	snprintf(out->number, sizeof(out->number), "%s", f.number);
	snprintf(out->service, sizeof(out->service), "%s", f.service);
	snprintf(out->staff, sizeof(out->staff), "%s", f.staff);
	return K_OK;
}

/* Seconds from the ticket's issue (or its service's opening, if later) to its first call. */
static int64_t wait_of(const struct kconf *cfg, const struct finished *f)
{
	int64_t open = hours_first_opening(cfg, kconf_service(cfg, f->issue_service), f->issued_at);
	int64_t from = open > f->issued_at ? open : f->issued_at;
	if (!f->first_call)
		return -1;
	return f->first_call > from ? f->first_call - from : 0;
}

/* Append the rating of f to the chain. */
static int append(struct queue *q, const struct finished *f, int level, int reason,
		  const char *channel, int64_t now)
{
	struct rating_row row = {
		.day = f->day, .ticket = f->ticket, .number = f->number, .service = f->service,
		.staff = f->staff, .channel = channel, .counter = f->counter, .level = level,
		.scale = q->cfg->rating.levels_vi.n, .reason = reason, .wait = wait_of(q->cfg, f),
		.at = now,
	};
	unsigned char h[RATING_HASH];
	sqlite3_stmt *st;
	int r = rating_tail(&q->kdb, row.prev, &row.id);
	if (r < 0)
		return r;
	rating_hash(&row, h);
	r = kdb_prepare_bind(&q->kdb, &st, "INSERT INTO ratings (id, day, ticket, number, service,"
			     " counter, staff, level, scale, reason, wait, at, channel, prev, hash)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULLIF(?11, -1), ?12,"
			     " ?13, ?14, ?15)", "iiittitiiiiitbb", row.id, row.day, row.ticket,
			     row.number, row.service, row.counter, row.staff, row.level, row.scale,
			     row.reason, row.wait, row.at, row.channel, row.prev, RATING_HASH, h,
			     RATING_HASH);
	return r < 0 ? r : qdb_step_done(q, st, "ratings: add");
}

int queue_rate(struct queue *q, int counter, const char *number, int level, int reason,
	       enum queue_rating_channel channel)
{
	const struct kconf *cfg = q->cfg;
	struct finished f;
	int64_t now = kclock_now(q->clock), n = 0;
	int r;

	if (level < 1 || level > cfg->rating.levels_vi.n || reason < 0 ||
	    reason > cfg->rating.reasons_vi.n || (reason && level < cfg->rating.ask_reason) ||
	    !number || !*number)
		return K_ERR_INVALID;
	if ((r = qdb_begin(q)) < 0)
		return r;
	int64_t today = qdb_today(q, now);
	if (channel == QUEUE_RATE_COUNTER)
		r = last_finished(q, counter, today, &f);
	else
		r = finished_ticket(q, number, today, &f);
	if (r == 0 || (r > 0 && strcmp(f.number, number) != 0))
		r = K_ERR_NOT_FOUND;
	else if (r > 0 && (r = rated(q, f.ticket, &n)) == K_OK && n)
		r = K_ERR_DUPLICATE;
	else if (r == K_OK && channel == QUEUE_RATE_COUNTER &&
		 now > f.ended_at + cfg->rating.seconds + QUEUE_RATE_GRACE_S)
		r = K_ERR_EXPIRED;
	if (r == K_OK)
		r = append(q, &f, level, reason, channel == QUEUE_RATE_PHONE ? "phone" : "counter",
			   now);
	/* the counter's other devices (a second tablet, the phone page) learn
	 * it is rated; the change names the counter, not the ticket */
	if (r == K_OK)
		r = qdb_note(q, "rated", 0, f.counter);
	if (r < 0) {
		qdb_rollback(q);
		return r;
	}
	return qdb_commit(q);
}
