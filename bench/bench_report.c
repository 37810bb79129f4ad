/*
 * bench_report.c - how long a report takes, and whether it slows issuing.
 *
 * Fills DAYS closed days of N tickets each (arrivals over 07:30-17:00, each
 * called, started and served at one of four counters by one of four staff
 * accounts; written straight into the tables, as the engine would leave
 * them), then prints:
 *   - the report of the whole range read from the tickets (no aggregates);
 *   - closing the days (the daily upkeep's aggregation);
 *   - the same report from the aggregates;
 *   - issue latency p50/p99 through the engine, alone and while another
 *     connection builds the range's report from the tickets over and over.
 *
 *   build/bench-report [N] [DAYS] [DIR]   (N = 1000, DAYS = 90, DIR = a fresh temp folder)
 */
#include "kconf.h"
#include "kdb.h"
#include "kerr.h"
#include "klog.h"
#include "queue.h"
#include "report.h"
#include "station_conf.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char conf_text[] =
	"[station]\nid = BENCH\nname_vi = Trạm đo\n"
	"[queue]\nsync = normal\nkeep_days = 3650\n"
	"[service.A]\nprefix = A\nname_vi = A\nhours = 07:30-17:00\ndays = mon-sun\n"
	"[service.B]\nprefix = B\nname_vi = B\nhours = 07:30-17:00\ndays = mon-sun\n"
	"[service.C]\nprefix = C\nname_vi = C\nhours = 00:00-24:00\ndays = mon-sun\n"
	"[counter.1]\nservices = A, B, C\n[counter.2]\nservices = A, B, C\n"
	"[counter.3]\nservices = A, B, C\n[counter.4]\nservices = A, B, C\n";

static _Atomic int64_t fake_now;

static int64_t tick(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* DAYS days of N tickets each, ending the day before `today`. */
static int fill(sqlite3 *db, int64_t today, int days, int n)
{
	static const char *const svc[] = { "A", "B", "C" }, *const staff[] = { "lan", "minh",
										"hoa", "tuan" };
	sqlite3_stmt *t, *v;
	if (sqlite3_prepare_v2(db, "INSERT INTO tickets (day, issue_service, seq, number, service,"
				   " priority, source, state, issued_at, queued_at, called_at, started_at,"
				   " finished_at, counter) VALUES (?1, ?2, ?3, ?4, ?2, ?5, 'walkin', 'done',"
				   " ?6, ?6, ?7, ?8, ?9, ?10)", -1, &t, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO visits (ticket, day, service, counter, staff,"
				   " called_at, started_at, ended_at, outcome) VALUES"
				   " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'done')", -1, &v, NULL) != SQLITE_OK)
		return -1;
	for (int d = days; d >= 1; d--) {
		int64_t day = today - d, open = day * 86400 - 7 * 3600 + 7 * 3600 + 1800;
		int seq[3] = { 0 };
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (int i = 0; i < n; i++) {
			int s = (int)next(3), c = 1 + (int)next(4);
			int64_t issued = open + (int64_t)i * (9 * 3600 + 1800) / n;
			int64_t called = issued + 60 + next(3600), started = called + 30 + next(60);
			int64_t ended = started + 300 + next(900);
			char number[12];
			snprintf(number, sizeof(number), "%s%03d", svc[s], ++seq[s]);
			sqlite3_bind_int64(t, 1, day);
			sqlite3_bind_text(t, 2, svc[s], -1, SQLITE_STATIC);
			sqlite3_bind_int(t, 3, seq[s]);
			sqlite3_bind_text(t, 4, number, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(t, 5, next(10) == 0);
			sqlite3_bind_int64(t, 6, issued);
			sqlite3_bind_int64(t, 7, called);
			sqlite3_bind_int64(t, 8, started);
			sqlite3_bind_int64(t, 9, ended);
			sqlite3_bind_int(t, 10, c);
			if (sqlite3_step(t) != SQLITE_DONE)
				return -1;
			sqlite3_reset(t);
			sqlite3_bind_int64(v, 1, sqlite3_last_insert_rowid(db));
			sqlite3_bind_int64(v, 2, day);
			sqlite3_bind_text(v, 3, svc[s], -1, SQLITE_STATIC);
			sqlite3_bind_int(v, 4, c);
			sqlite3_bind_text(v, 5, staff[c - 1], -1, SQLITE_STATIC);
			sqlite3_bind_int64(v, 6, called);
			sqlite3_bind_int64(v, 7, started);
			sqlite3_bind_int64(v, 8, ended);
			if (sqlite3_step(v) != SQLITE_DONE)
				return -1;
			sqlite3_reset(v);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	sqlite3_finalize(t);
	sqlite3_finalize(v);
	return 0;
}

struct job {
	const struct kconf *cfg;
	const char *path;
	int64_t from, to;
	atomic_int stop;
	int reports;
};

/* Build the range's report from the tickets, over and over, until stopped. */
static void *reporter(void *arg)
{
	struct job *j = arg;
	struct kdb db;
	if (kdb_open(&db, j->path, SQLITE_OPEN_READWRITE, "bench") < 0)
		return NULL;
	sqlite3_busy_timeout(db.db, 5000);
	while (!atomic_load(&j->stop)) {
		struct report *r;
		if (report_build(&db, j->cfg, j->from, j->to, REPORT_GROUP_DAY, fake_now, &r) == 0)
			report_free(r);
		j->reports++;
	}
	kdb_close(&db);
	return NULL;
}

static double timed_report(struct kdb *db, const struct kconf *cfg, int64_t from, int64_t to,
			   int runs, int *closed_days)
{
	double ms[32];
	for (int i = 0; i < runs; i++) {
		struct report *r;
		double t0 = now_ms();
		if (report_build(db, cfg, from, to, REPORT_GROUP_DAY, fake_now, &r) < 0)
			return -1;
		ms[i] = now_ms() - t0;
		*closed_days = r->closed_days;
		report_free(r);
	}
	qsort(ms, (size_t)runs, sizeof(ms[0]), cmp);
	return ms[runs / 2];
}

/* Issue k tickets through the engine; p50 and p99 in ms. */
static int issue_latency(struct queue *q, int k, double *p50, double *p99)
{
	double *lat = malloc((size_t)k * sizeof(*lat));
	if (!lat)
		return -1;
	for (int i = 0; i < k; i++) {
		struct queue_ticket t;
		double t0 = now_ms();
		if (queue_issue(q, "C", 0, QUEUE_WALKIN, NULL, &t) < 0) {
			free(lat);
			return -1;
		}
		lat[i] = now_ms() - t0;
	}
	qsort(lat, (size_t)k, sizeof(*lat), cmp);
	*p50 = lat[k / 2];
	*p99 = lat[k * 99 / 100];
	free(lat);
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, days = argc > 2 ? atoi(argv[2]) : 90;
	char dir[256], path[300];
	struct kconf cfg;
	struct kconf_errors errs;
	struct kclock clock = { .now = tick };
	struct queue *q;
	struct kdb db;
	int closed = 0, cd = 0;

	klog_init("bench-report", KLOG_ERR);
	if (n < 1 || days < 1 || days > REPORT_MAX_DAYS) {
		fprintf(stderr, "usage: bench-report [N 1..] [DAYS 1..%d] [DIR]\n", REPORT_MAX_DAYS);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", argc > 3 ? argv[3] : "/tmp/bench-report-XXXXXX");
	if (argc <= 3 && !mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/queue.db", dir);
	FILE *f = fmemopen((void *)conf_text, sizeof(conf_text) - 1, "r");
	if (!f || station_conf_load_stream(f, "bench.conf", &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		return 1;
	}
	fclose(f);
	fake_now = 1796090400; /* 2026-12-01T09:00+07:00 */
	int64_t today = kclock_day(fake_now, 0), from = today - days, to = today - 1;
	if (queue_open(&q, path, &cfg, &clock) < 0 || kdb_open(&db, path, SQLITE_OPEN_READWRITE,
							       "bench") < 0)
		return 1;
	double t0 = now_ms();
	if (fill(db.db, today, days, n) < 0) {
		fprintf(stderr, "bench-report: cannot fill: %s\n", sqlite3_errmsg(db.db));
		return 1;
	}
	printf("filled %d days x %d tickets in %.0f ms (%s)\n", days, n, now_ms() - t0, path);

	double raw = timed_report(&db, &cfg, from, to, 3, &cd);
	printf("report of %d days from the tickets:    %8.1f ms (median of 3; %d days from aggregates)\n",
	       days, raw, cd);
	t0 = now_ms();
	if (report_close_days(&db, &cfg, today, &closed) < 0)
		return 1;
	printf("closing %d days (aggregates):          %8.1f ms\n", closed, now_ms() - t0);
	double agg = timed_report(&db, &cfg, from, to, 9, &cd);
	printf("report of %d days from the aggregates: %8.1f ms (median of 9; %d days from aggregates)\n",
	       days, agg, cd);

	/* issuing alone, then while reports are built from the tickets */
	double p50, p99;
	sqlite3_exec(db.db, "DELETE FROM report_cells; DELETE FROM report_days", NULL, NULL, NULL);
	if (issue_latency(q, 2000, &p50, &p99) < 0)
		return 1;
	printf("issue alone:                  p50 %6.3f ms  p99 %6.3f ms\n", p50, p99);
	struct job j = { .cfg = &cfg, .path = path, .from = from, .to = to };
	pthread_t th;
	pthread_create(&th, NULL, reporter, &j);
	if (issue_latency(q, 2000, &p50, &p99) < 0)
		return 1;
	atomic_store(&j.stop, 1);
	pthread_join(th, NULL);
	printf("issue during reports:         p50 %6.3f ms  p99 %6.3f ms (%d reports of %d days"
	       " built meanwhile)\n", p50, p99, j.reports, days);
	kdb_close(&db);
	queue_close(q);
	if (argc <= 3) {
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
	}
	return 0;
}
