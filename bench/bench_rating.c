/*
 * bench_rating.c - what the ratings' chain costs.
 *
 * Writes N ratings over DAYS days through the chain's own functions
 * (rating_tail(), rating_hash(), one INSERT each, as queue_rate() appends
 * them, in one transaction per day) with the day heads of the audit log
 * (rating_close_days()), then prints how long the append took per rating
 * and how long rating_verify() takes over the whole chain (what the
 * supervisor's Báo cáo page asks with each report, and `station-server
 * ratings verify`) and over the last 30 days (--from).
 *
 *   build/bench-rating [N] [DAYS] [DIR]   (N = 100000, DAYS = 1826, DIR = a fresh temp folder)
 */
#include "kdb.h"
#include "kerr.h"
#include "klog.h"
#include "rating.h"
#include "station_schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int append(struct kdb *db, int64_t day, int64_t ticket, int64_t at)
{
	static const char *const staff[] = { "lan", "minh", "hoa", "tuan" };
	char number[12];
	struct rating_row row = { .day = day, .ticket = ticket, .number = number,
				  .service = "CAPMOI", .staff = staff[ticket % 4],
				  .channel = ticket % 10 ? "counter" : "phone",
				  .counter = 1 + ticket % 4, .level = 1 + ticket % 3, .scale = 3,
				  .reason = ticket % 3 == 2 ? 1 + ticket % 5 : 0,
				  .wait = ticket % 1800, .at = at };
	unsigned char h[RATING_HASH];
	sqlite3_stmt *st;
	snprintf(number, sizeof(number), "A%03lld", (long long)(ticket % 1000));
	int r = rating_tail(db, row.prev, &row.id);
	if (r < 0)
		return r;
	rating_hash(&row, h);
	r = kdb_prepare_bind(db, &st, "INSERT INTO ratings (id, day, ticket, number, service, counter,"
			     " staff, level, scale, reason, wait, at, channel, prev, hash) VALUES (?1, ?2,"
			     " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
			     "iiittitiiiiitbb", row.id, row.day, row.ticket, row.number, row.service,
			     row.counter, row.staff, row.level, row.scale, row.reason, row.wait, row.at,
			     row.channel, row.prev, RATING_HASH, h, RATING_HASH);
	return r < 0 ? r : kdb_step_done(db, st, "bench: add");
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000, days = argc > 2 ? atol(argv[2]) : 1826;
	char dir[256], path[300];
	struct kdb db;
	struct rating_check c;
	int heads = 0;

	klog_init("bench-rating", KLOG_ERR);
	if (n < 1 || days < 1 || days > n) {
		fprintf(stderr, "usage: bench-rating [N 1..] [DAYS 1..N] [DIR]\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", argc > 3 ? argv[3] : "/tmp/bench-rating-XXXXXX");
	if (argc <= 3 && !mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/queue.db", dir);
	if (kdb_open(&db, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "bench") < 0 ||
	    kdb_exec(&db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", "bench") < 0 ||
	    kdb_migrate(&db, station_schema, station_schema_steps) < 0)
		return 1;
	int64_t first_day = 20000, at = first_day * 86400;
	double t0 = now_ms();
	for (long d = 0, i = 0; d < days; d++) {
		long upto = n * (d + 1) / days;
		if (kdb_begin(&db) < 0)
			return 1;
		for (; i < upto; i++)
			if (append(&db, first_day + d, i + 1, at + d * 86400 + 3600 + i % 30000) < 0)
				return 1;
		if (kdb_commit(&db) < 0)
			return 1;
	}
	double fill = now_ms() - t0;
	if (kdb_begin(&db) < 0 || rating_close_days(&db, first_day + days, at, &heads) < 0 ||
	    kdb_commit(&db) < 0)
		return 1;
	printf("appended %ld ratings over %ld days: %.1f us each (hash, tail, insert; a "
	       "transaction a day); %d day heads\n", n, days, fill * 1000 / n, heads);
	t0 = now_ms();
	if (rating_verify(&db, 0, &c) < 0 || !c.ok)
		return 1;
	double all = now_ms() - t0;
	t0 = now_ms();
	if (rating_verify(&db, first_day + days - 30, &c) < 0 || !c.ok)
		return 1;
	printf("verify the whole chain: %.0f ms (%lld rows, %lld heads); the last 30 days: %.1f ms\n",
	       all, (long long)n, (long long)heads, now_ms() - t0);
	kdb_close(&db);
	return 0;
}
