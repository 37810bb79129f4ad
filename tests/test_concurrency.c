/*
 * test_concurrency.c - two processes issuing 500 tickets each into one
 * database at the same moment get 1,000 distinct numbers.
 */
#include "testutil.h"
#include "kerr.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PER_CHILD 500

static void child(struct tfix *f, int id, int go_fd)
{
	char path[160], c;
	struct queue *q;
	struct queue_ticket t;

	/* a connection of its own, as a second program would have */
	if (queue_open(&q, f->db, &f->cfg, &f->clock) < 0)
		_exit(10);
	snprintf(path, sizeof(path), "%s/child-%d.txt", f->dir, id);
	FILE *out = fopen(path, "w");
	if (!out || read(go_fd, &c, 1) != 1)
		_exit(11);
	for (int i = 0; i < PER_CHILD; i++) {
		if (queue_issue(q, "A", i % 5 == 0, QUEUE_WALKIN, NULL, &t) < 0)
			_exit(12);
		fprintf(out, "%s\n", t.number);
	}
	fclose(out);
	queue_close(q);
	_exit(0);
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

static void two_processes_never_share_a_number(void **state)
{
	(void)state;
	struct tfix *f = tfix_new("", "2026-11-28T09:00");
	int go[2];
	pid_t pid[2];
	char seen[2 * PER_CHILD + 1][32];
	int nseen = 0;

	assert_int_equal(pipe(go), 0);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			child(f, i, go[0]);
	}
	assert_int_equal(write(go[1], "gg", 2), 2); /* both start together */
	for (int i = 0; i < 2; i++) {
		int status;
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	for (int i = 0; i < 2; i++) {
		char path[160], line[32];
		snprintf(path, sizeof(path), "%s/child-%d.txt", f->dir, i);
		FILE *in = fopen(path, "r");
		assert_non_null(in);
		while (fgets(line, sizeof(line), in) && nseen <= 2 * PER_CHILD) {
			line[strcspn(line, "\n")] = '\0';
			for (int j = 0; j < nseen; j++)
				if (strcmp(seen[j], line) == 0)
					fail_msg("%s was issued twice", line);
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", line);
		}
		fclose(in);
	}
	assert_int_equal(nseen, 2 * PER_CHILD);

	sqlite3 *db;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(scalar(db, "SELECT count(*) FROM tickets"), 2 * PER_CHILD);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT number) FROM tickets"), 2 * PER_CHILD);
	assert_int_equal(scalar(db, "SELECT max(seq) FROM tickets"), 2 * PER_CHILD);
	sqlite3_close(db);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_processes_never_share_a_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
