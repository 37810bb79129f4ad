/*
 * test_watchdog.c - systemd's notify protocol without systemd: each program
 * (station-server, kiosk, kiosk --board) runs with NOTIFY_SOCKET naming a
 * datagram socket of this test and WATCHDOG_USEC set; what it sends is read
 * with CLOCK_MONOTONIC stamps.  READY=1 arrives, WATCHDOG=1 never gaps more
 * than half the interval, STATUS= says what the program knows, pings stop
 * while a thread hangs (the kiosk's worker in a stalled printer write) or
 * the server's database is locked by another process, come back after, and
 * SIGTERM gives STOPPING=1 and exit 0.  Also: klog's "<N>" priorities when
 * JOURNAL_STREAM names stderr, plain lines otherwise.
 *
 * Waits are on datagrams (poll); the timeouts are the failure path, except
 * where the test's point is that nothing comes: "no ping for a whole
 * interval" can only be seen by waiting that interval.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "spawn.h"
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define INTERVAL_MS 4000       /* WATCHDOG_USEC: pings every 1 s, a gap of 2 s fails */
#define PATIENCE_MS 60000      /* the failure path of every wait */

struct notes {
	int fd;
	char path[100];
	int64_t last_ping, max_gap;
	int pings;
	char status[512];
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void notes_open(struct notes *n, const char *dir)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memset(n, 0, sizeof(*n));
	snprintf(n->path, sizeof(n->path), "%.60s/notify", dir);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", n->path);
	n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(n->fd >= 0);
	assert_int_equal(bind(n->fd, (struct sockaddr *)&a, sizeof(a)), 0);
}

static void notes_close(struct notes *n)
{
	close(n->fd);
	unlink(n->path);
}

/* One datagram within ms (1, its text in buf) or none (0); pings and the
 * longest gap between two are counted. */
static int next_note(struct notes *n, int ms, char *buf, size_t len)
{
	struct pollfd p = { n->fd, POLLIN, 0 };
	if (ms < 0)
		ms = 0;
	if (poll(&p, 1, ms) <= 0)
		return 0;
	ssize_t got = recv(n->fd, buf, len - 1, 0);
	assert_true(got >= 0);
	buf[got] = '\0';
	if (!strcmp(buf, "WATCHDOG=1")) {
		int64_t t = now_ms();
		if (n->last_ping && t - n->last_ping > n->max_gap)
			n->max_gap = t - n->last_ping;
		n->last_ping = t;
		n->pings++;
	} else if (!strncmp(buf, "STATUS=", 7)) {
		snprintf(n->status, sizeof(n->status), "%s", buf + 7);
	}
	return 1;
}

/* Until a datagram equal to what (or a STATUS= holding it, with what
 * "STATUS=...") arrives: 1, or 0 after ms. */
static int wait_note(struct notes *n, const char *what, int ms)
{
	char buf[600];
	int64_t end = now_ms() + ms;
	int status = !strncmp(what, "STATUS=", 7);
	if (status && strstr(n->status, what + 7))
		return 1;
	while (next_note(n, (int)(end - now_ms()), buf, sizeof(buf)))
		if (status ? !strncmp(buf, "STATUS=", 7) && strstr(buf + 7, what + 7) :
			     !strcmp(buf, what))
			return 1;
	print_message("no %s within %d ms; the last STATUS: %s\n", what, ms, n->status);
	return 0;
}

/* Read for ms; the longest gap between pings in that time. */
static int64_t watch(struct notes *n, int ms)
{
	char buf[600];
	int64_t end = now_ms() + ms;
	n->max_gap = 0;
	n->pings = 0;
	while (now_ms() < end)
		next_note(n, (int)(end - now_ms()), buf, sizeof(buf));
	if (n->last_ping && end - n->last_ping > n->max_gap)
		n->max_gap = end - n->last_ping;
	return n->max_gap;
}

/* Until no ping has come for quiet ms: 1, or 0 if pings go on past ms. */
static int wait_silence(struct notes *n, int quiet, int ms)
{
	char buf[600];
	int64_t end = now_ms() + ms;
	while (now_ms() < end) {
		int64_t since = now_ms() - n->last_ping;
		if (since >= quiet)
			return 1;
		next_note(n, (int)(quiet - since), buf, sizeof(buf));
	}
	return 0;
}

struct prog {
	pid_t pid;
	char log[160];
};

/* argv with env added, stdout and stderr to log (a file, so JOURNAL_STREAM
 * can name it); it dies with the test. */
static void prog_start(struct prog *p, const char *dir, const char *name, char *const argv[],
		       char *const env[], int journal)
{
	snprintf(p->log, sizeof(p->log), "%s/%s.log", dir, name);
	int fd = open(p->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct stat st;
	char js[64];
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	p->pid = fork();
	assert_true(p->pid >= 0);
	if (p->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(fd, 1);
		dup2(fd, 2);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		if (journal)
			setenv("JOURNAL_STREAM", js, 1);
		else
			unsetenv("JOURNAL_STREAM");
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd);
}

/* SIGTERM, then its exit status. */
static int prog_stop(struct prog *p)
{
	int st = 0;
	kill(p->pid, SIGTERM);
	while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static char *slurp(const char *path)
{
	static char buf[65536];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

struct env {
	char dir[64], conf[128], db[128], sim[128], notify[160], *vars[5];
	struct notes n;
};

/* server: lines for [server]; extra: more sections. */
static void env_setup(struct env *e, const char *server, const char *extra)
{
	const char *src = getenv("KIOSK_SRC");
	char text[4096];
	static char wd[32];
	snprintf(e->dir, sizeof(e->dir), "/tmp/test_watchdog.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->conf, sizeof(e->conf), "%s/kiosk.conf", e->dir);
	snprintf(e->db, sizeof(e->db), "%s/q.db", e->dir);
	snprintf(e->sim, sizeof(e->sim), "%s/sim", e->dir);
	snprintf(text, sizeof(text),
		 "[station]\nid = TEST\nname_vi = Trạm thử\n"
		 "[kiosk]\nfont = %s/fonts/DejaVuSans.ttf\nfont_bold = %s/fonts/DejaVuSans-Bold.ttf\n"
		 "translations = %s/assets/i18n\n"
		 "[printer]\nuri = sim:%s\n"
		 "[booking]\nkey.K1 = %s\n"
		 "[server]\nlisten = 127.0.0.1:0\n%s"
		 "[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\nhours = 00:00-24:00\n"
		 "days = mon-sun\n[counter.1]\nservices = CAPMOI\n%s",
		 src, src, src, e->sim, tbooking_pub(), server, extra);
	write_file(e->conf, text);
	notes_open(&e->n, e->dir);
	snprintf(e->notify, sizeof(e->notify), "NOTIFY_SOCKET=%s", e->n.path);
	snprintf(wd, sizeof(wd), "WATCHDOG_USEC=%d", INTERVAL_MS * 1000);
	e->vars[0] = e->notify;
	e->vars[1] = wd;
	e->vars[2] = "SDL_VIDEODRIVER=dummy";
	e->vars[3] = "SDL_AUDIODRIVER=dummy";
	e->vars[4] = NULL;
}

static void env_teardown(struct env *e)
{
	char cmd[128];
	notes_close(&e->n);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", e->dir);
	assert_int_equal(system(cmd), 0);
}

/* Pings over two intervals, none further apart than half of one. */
static void pings_steady(struct notes *n, const char *who)
{
	int64_t gap = watch(n, 2 * INTERVAL_MS);
	print_message("%s: %d pings in %d ms, the longest gap %lld ms\n", who, n->pings,
		      2 * INTERVAL_MS, (long long)gap);
	assert_true(n->pings >= 4);
	assert_true(gap < INTERVAL_MS / 2);
}

static void server_pings_while_it_serves(void **state)
{
	(void)state;
	struct env e;
	struct prog p;
	sqlite3 *db;
	env_setup(&e, "", "");
	char *argv[] = { getenv("STATION_SERVER"), "--config", e.conf, "--db", e.db, NULL };
	prog_start(&p, e.dir, "server", argv, e.vars, 1);

	assert_true(wait_note(&e.n, "READY=1", PATIENCE_MS));
	assert_true(wait_note(&e.n, "STATUS=serving on :", PATIENCE_MS));
	assert_non_null(strstr(e.n.status, "0 waiting, 0 issued today"));
	pings_steady(&e.n, "station-server");

	/* another process holds the database's write lock: no more pings */
	assert_int_equal(sqlite3_open(e.db, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	assert_true(wait_note(&e.n, "STATUS=database: locked", PATIENCE_MS));
	assert_true(wait_silence(&e.n, INTERVAL_MS, PATIENCE_MS));
	assert_non_null(strstr(e.n.status, "not serving"));
	assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_true(wait_note(&e.n, "WATCHDOG=1", PATIENCE_MS));
	assert_true(wait_note(&e.n, "STATUS=serving on :", PATIENCE_MS));

	assert_int_equal(prog_stop(&p), 0);
	assert_true(wait_note(&e.n, "STOPPING=1", PATIENCE_MS));
	/* under journald (JOURNAL_STREAM is its stderr) each line has its priority */
	char *log = slurp(p.log);
	assert_non_null(strstr(log, "<6>station-server: info: "));
	assert_non_null(strstr(log, "<6>station-server: info: stopping on signal 15"));
	assert_null(strstr(log, "\nstation-server: info"));
	env_teardown(&e);
}

static void kiosk_stops_pinging_while_its_worker_hangs(void **state)
{
	(void)state;
	struct env e;
	struct prog p;
	char extra[160], path[160], code[300];
	int master, slave;
	char pts[64];

	assert_int_equal(openpty(&master, &slave, pts, NULL, NULL), 0);
	snprintf(extra, sizeof(extra), "[scanner]\nmode = serial\ndevice = %s\n", pts);
	env_setup(&e, "", extra);
	snprintf(path, sizeof(path), "%s/status", e.sim);
	char *argv[] = { getenv("KIOSK"), "--config", e.conf, "--db", e.db, NULL };
	prog_start(&p, e.dir, "kiosk", argv, e.vars, 0);

	assert_true(wait_note(&e.n, "READY=1", PATIENCE_MS));
	assert_true(wait_note(&e.n, "STATUS=issuing; 0 waiting; printer: ok", PATIENCE_MS));
	pings_steady(&e.n, "kiosk");

	write_file(path, "paper-out\n"); /* seen at the next status refresh */
	assert_true(wait_note(&e.n, "STATUS=printer: paper out", PATIENCE_MS));

	/* a jammed write: a booking checked in, its slip's write never returns */
	write_file(path, "stall\n");
	assert_true(wait_note(&e.n, "STATUS=printer: ok", PATIENCE_MS));
	snprintf(code, sizeof(code), "%s\r\n", tbooking("TEST", "BK1", "CAPMOI", time(NULL)));
	assert_int_equal(write(master, code, strlen(code)), (ssize_t)strlen(code));
	assert_true(wait_note(&e.n, "STATUS=hangs: worker (printing a slip)", PATIENCE_MS));
	assert_true(wait_silence(&e.n, INTERVAL_MS, PATIENCE_MS));

	write_file(path, "ok\n"); /* the write goes on, the worker is back */
	assert_true(wait_note(&e.n, "WATCHDOG=1", PATIENCE_MS));
	assert_null(strstr(e.n.status, "hangs"));
	assert_true(wait_note(&e.n, "STATUS=issuing; 1 waiting", PATIENCE_MS));

	assert_int_equal(prog_stop(&p), 0);
	assert_true(wait_note(&e.n, "STOPPING=1", PATIENCE_MS));
	/* the slip was printed once the write went on */
	snprintf(path, sizeof(path), "%s/slip-0001.escpos", e.sim);
	assert_int_equal(access(path, F_OK), 0);
	/* without journald the lines are plain */
	char *log = slurp(p.log);
	assert_non_null(strstr(log, "kiosk: info: started"));
	assert_null(strstr(log, "<6>"));
	close(master);
	close(slave);
	env_teardown(&e);
}

/* With a station server the follower sits in a 25 s long-poll, longer than
 * the interval: that is its job, not a hang. */
static void kiosk_with_a_server_pings_through_its_long_poll(void **state)
{
	(void)state;
	struct env e;
	struct prog p;
	struct child server;
	char kconf[160], text[4096], *listen;
	env_setup(&e, "kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa\nband.lobby-1 = 901-949\n", "");
	char *sargv[] = { getenv("STATION_SERVER"), "--config", e.conf, "--db", e.db, NULL };
	assert_int_equal(child_start(&server, sargv, NULL), 0);
	long at = child_wait_for(&server, "listening on http://127.0.0.1:", 0, PATIENCE_MS);
	assert_true(at >= 0);
	listen = server.out + at + strlen("listening on http://127.0.0.1:");

	snprintf(kconf, sizeof(kconf), "%s/kiosk-sync.conf", e.dir);
	int n = snprintf(text, sizeof(text), "%s[sync]\nserver = http://127.0.0.1:%d\n"
			 "name = lobby-1\ntoken = kiosk-token-aaaaaaaaaaaa\noutbox = %s/outbox.db\n",
			 slurp(e.conf), atoi(listen), e.dir);
	assert_true(n > 0 && n < (int)sizeof(text)); /* the whole configuration, not cut */
	write_file(kconf, text);
	char *argv[] = { getenv("KIOSK"), "--config", kconf, NULL };
	prog_start(&p, e.dir, "kiosk-sync", argv, e.vars, 0);

	assert_true(wait_note(&e.n, "READY=1", PATIENCE_MS));
	assert_true(wait_note(&e.n, "STATUS=issuing; 0 waiting; printer: ok; server: ok",
			      PATIENCE_MS));
	pings_steady(&e.n, "kiosk with a server");
	child_end(&server, SIGTERM); /* the server gone: away, and still alive */
	assert_true(wait_note(&e.n, "STATUS=server: away", PATIENCE_MS));
	pings_steady(&e.n, "kiosk, its server away");
	assert_int_equal(prog_stop(&p), 0);
	assert_true(wait_note(&e.n, "STOPPING=1", PATIENCE_MS));
	child_free(&server);
	env_teardown(&e);
}

static void board_pings_while_its_feed_runs(void **state)
{
	(void)state;
	struct env e;
	struct prog p;
	env_setup(&e, "", "");
	char *argv[] = { getenv("KIOSK"), "--board", "--config", e.conf, "--db", e.db,
			 "--size", "640x360", NULL };
	prog_start(&p, e.dir, "board", argv, e.vars, 0);

	assert_true(wait_note(&e.n, "READY=1", PATIENCE_MS));
	assert_true(wait_note(&e.n, "STATUS=showing 0 call(s); queue: ok", PATIENCE_MS));
	pings_steady(&e.n, "board");
	assert_int_equal(prog_stop(&p), 0);
	assert_true(wait_note(&e.n, "STOPPING=1", PATIENCE_MS));
	env_teardown(&e);
}

/* Nothing listening: the programs run as before and say nothing. */
static void without_notify_socket_nothing_is_sent(void **state)
{
	(void)state;
	struct env e;
	struct prog p;
	char buf[600];
	env_setup(&e, "", "");
	e.vars[0] = "KIOSK_TEST_NO_NOTIFY=1";
	char *argv[] = { getenv("STATION_SERVER"), "--config", e.conf, "--db", e.db, NULL };
	unsetenv("NOTIFY_SOCKET");
	prog_start(&p, e.dir, "server", argv, e.vars, 0);
	for (int i = 0; i < 600 && !strstr(slurp(p.log), "listening on"); i++)
		usleep(100000); /* its first line: it serves */
	assert_non_null(strstr(slurp(p.log), "listening on"));
	assert_int_equal(prog_stop(&p), 0);
	assert_int_equal(next_note(&e.n, 0, buf, sizeof(buf)), 0);
	assert_null(strstr(slurp(p.log), "watchdog: every"));
	env_teardown(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(server_pings_while_it_serves),
		cmocka_unit_test(kiosk_stops_pinging_while_its_worker_hangs),
		cmocka_unit_test(kiosk_with_a_server_pings_through_its_long_poll),
		cmocka_unit_test(board_pings_while_its_feed_runs),
		cmocka_unit_test(without_notify_socket_nothing_is_sent),
	};
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
