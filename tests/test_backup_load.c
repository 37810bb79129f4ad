/*
 * test_backup_load.c - a backup taken while two processes issue.
 *
 * Two child processes issue tickets into one queue database as fast as
 * they can, each writing every number to its pipe once queue_issue() has
 * returned (the ticket is committed: the kiosk would print it now).  Once
 * both have issued a hundred, the parent takes a backup; every number it
 * had read from the pipes before it started must be in the backup.  The
 * children go on issuing through it (tickets acknowledged after the backup
 * and missing from it prove it was a copy taken mid-way, not at the end).
 * The backup verifies, its numbers are unique per service and day, and
 * restored into a fresh path it holds the same tickets.  Nothing sleeps:
 * the parent waits on the pipes.
 */
#include "testutil.h"
#include "db_backup.h"
#include "kerr.h"

#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ACKS 1000000 /* a bound on a test gone wrong */
#define BEFORE 50        /* per child, before the backup starts */

struct acks {
	char (*number)[12];
	int n, cap, per_child[2];
	char partial[2][32];
	size_t plen[2];
};

static void child(struct tfix *f, int out_fd)
{
	struct queue *q;
	struct queue_ticket t;
	char line[32];

	/* a connection of its own, as a second program would have */
	int r0 = queue_open(&q, f->db, &f->cfg, &f->clock);
	if (r0 < 0) {
		int n = snprintf(line, sizeof(line), "!open %s\n", kerr_name(r0));
		if (write(out_fd, line, (size_t)n) != n)
			_exit(10);
		_exit(10);
	}
	for (int i = 0; ; i++) { /* until the parent has seen enough and kills it */
		int r = queue_issue(q, i % 2 ? "B" : "A", i % 7 == 0, QUEUE_WALKIN, NULL, &t);
		if (r == K_ERR_BUSY)
			continue;
		if (r < 0) { /* said on the pipe, for the parent's failure message */
			int n = snprintf(line, sizeof(line), "!%s\n", kerr_name(r));
			if (write(out_fd, line, (size_t)n) != n)
				_exit(12);
			_exit(12);
		}
		int n = snprintf(line, sizeof(line), "%s\n", t.number);
		if (write(out_fd, line, (size_t)n) != n)
			_exit(0); /* the parent has read enough */
	}
}

/* Read what is there on the children's pipes (waiting for some). */
static void read_acks(struct acks *a, const int fds[2])
{
	struct pollfd p[2] = { { .fd = fds[0], .events = POLLIN }, { .fd = fds[1], .events = POLLIN } };
	char buf[4096];

	assert_true(poll(p, 2, 60000) > 0);
	for (int c = 0; c < 2; c++) {
		if (!(p[c].revents & (POLLIN | POLLHUP)))
			continue;
		ssize_t n = read(fds[c], buf, sizeof(buf));
		assert_true(n > 0); /* a child that stopped early failed */
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				assert_true(a->plen[c] < sizeof(a->partial[c]) - 1);
				a->partial[c][a->plen[c]++] = buf[i];
				continue;
			}
			assert_true(a->n < MAX_ACKS);
			if (a->n == a->cap) {
				a->cap = a->cap ? 2 * a->cap : 4096;
				a->number = realloc(a->number, (size_t)a->cap * sizeof(a->number[0]));
				assert_non_null(a->number);
			}
			a->partial[c][a->plen[c]] = '\0';
			if (a->partial[c][0] == '!')
				fail_msg("issuer %d stopped on %s after %d tickets", c, a->partial[c] + 1,
					 a->per_child[c]);
			int w = snprintf(a->number[a->n++], sizeof(a->number[0]), "%s", a->partial[c]);
			assert_true(w > 0 && w < (int)sizeof(a->number[0])); /* a number, not a line cut */
			a->per_child[c]++;
			a->plen[c] = 0;
		}
	}
}

static int64_t scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every ticket, in id order, as one string (for comparing two files). */
static char *ticket_list(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *out = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(id || number || service ||"
					    " state || seq || issued_at, ',') FROM"
					    " (SELECT * FROM tickets ORDER BY id)", -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_non_null(out);
	return out;
}

static void backup_under_load_holds_every_acknowledged_ticket(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("sync = full", "2026-11-28T09:00");
	struct acks *a = calloc(1, sizeof(*a));
	struct db_backup_info info, rinfo;
	struct db_kinds kinds;
	char bk[200], fresh[200], err[1024];
	int fds[2], p[2];
	pid_t pid[2];
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_non_null(a);
	db_kinds_init(&kinds, queue_schema_version(), 0);
	snprintf(bk, sizeof(bk), "%s/backup.db", f->dir);
	snprintf(fresh, sizeof(fresh), "%s/restored.db", f->dir);
	for (int c = 0; c < 2; c++) {
		assert_int_equal(pipe(p), 0);
		pid[c] = fork();
		assert_true(pid[c] >= 0);
		if (pid[c] == 0) {
			close(p[0]);
			child(f, p[1]);
		}
		close(p[1]);
		fds[c] = p[0];
	}
	while (a->per_child[0] < BEFORE || a->per_child[1] < BEFORE)
		read_acks(a, fds);
	int acked_before = a->n; /* each of these was committed before the backup began */
	int first = a->per_child[0], second = a->per_child[1];

	assert_int_equal(db_backup(f->db, bk, &kinds.queue, &info, err, sizeof(err)), K_OK);
	/* the children were not held up: they go on past what the backup holds */
	while (a->n < info.tickets + 40)
		read_acks(a, fds);
	for (int c = 0; c < 2; c++) {
		kill(pid[c], SIGKILL);
		int status;
		waitpid(pid[c], &status, 0);
		close(fds[c]);
	}

	assert_int_equal(sqlite3_open_v2(bk, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM tickets"), info.tickets);
	assert_true(info.tickets >= acked_before);
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM pragma_integrity_check"
				    " WHERE integrity_check = 'ok'"), 1);
	assert_int_equal(scalar(db, "SELECT COUNT(*) - COUNT(DISTINCT day || ' ' || number)"
				    " FROM tickets"), 0);
	assert_int_equal(scalar(db, "SELECT COUNT(*) - COUNT(DISTINCT day || ' ' ||"
				    " issue_service || ' ' || seq) FROM tickets"), 0);
	/* numbers run without a gap per service: a snapshot, not a torn copy */
	assert_int_equal(scalar(db, "SELECT COUNT(*) FROM (SELECT issue_service,"
				    " MAX(seq) - COUNT(*) AS gap FROM tickets"
				    " GROUP BY day, issue_service) WHERE gap != 0"), 0);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT 1 FROM tickets WHERE number = ?", -1, &st,
					    NULL), SQLITE_OK);
	for (int i = 0; i < acked_before; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, a->number[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			fail_msg("%s was acknowledged before the backup began, not in it",
				 a->number[i]);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* the live database went on past the backup */
	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_true(scalar(db, "SELECT COUNT(*) FROM tickets") > info.tickets);
	sqlite3_close(db);

	/* restore round-trips */
	assert_int_equal(db_restore(bk, fresh, &kinds.queue, &rinfo, err, sizeof(err)), K_OK);
	assert_int_equal(rinfo.tickets, info.tickets);
	char *want = ticket_list(bk), *got = ticket_list(fresh);
	assert_string_equal(got, want);
	free(want);
	free(got);
	struct queue *q;
	assert_int_equal(queue_open(&q, fresh, &f->cfg, &f->clock), K_OK);
	queue_close(q);
	printf("# %d tickets acknowledged before the backup (%d and %d), %lld in it, "
	       "%d acknowledged in all\n", acked_before, first, second,
	       (long long)info.tickets, a->n);
	free(a->number);
	free(a);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_under_load_holds_every_acknowledged_ticket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
