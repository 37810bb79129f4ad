/*
 * test_server_dos.c - a stranger on the lobby network against the real
 * station-server process on 127.0.0.1 (issue 15, findings 1, 2 and the
 * HTTP-level lower ones): whatever the stranger sends, /api/v1/health,
 * the kiosks and the counters keep being answered.
 *
 * The stranger comes from other loopback addresses (127.0.0.2 and up: a
 * socket bound there before it connects), the station's own clients from
 * 127.0.0.1, the kiosk from 127.0.0.30.  Every check waits on an event (an
 * answer, the end of a socket, the server's thread count falling) with a
 * generous bound that the server before the fix exceeded by far: its
 * long-polls held for their whole wait=60, and a trickled request was
 * never cut while bytes kept coming.
 */
#define _GNU_SOURCE /* strcasestr */
#include "testutil.h"
#include "spawn.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define KIOSK_TOKEN "kiosk-token-aaaaaaaaaaaa"
#define STAFF_TOKEN "staff-token-bbbbbbbbbbbb"
#define REQUEST_TIMEOUT 2 /* [server] request_timeout of the server under test */
#define BOUND_MS 20000    /* far below the 60 s a held long-poll took before */
#define FLOOD 256

struct srv {
	char dir[64], conf[128];
	struct child c;
	int port;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int srv_setup(void **state)
{
	struct srv *s = calloc(1, sizeof(*s));
	char db[128];
	assert_non_null(s);
	snprintf(s->dir, sizeof(s->dir), "/tmp/kiosk-dos-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->conf, sizeof(s->conf), "%s/server.conf", s->dir);
	snprintf(db, sizeof(db), "%s/q.db", s->dir);
	FILE *f = fopen(s->conf, "w");
	assert_non_null(f);
	fprintf(f, "[station]\nid = DOS\nname_vi = Trạm thử\n[queue]\nsync = normal\ndatabase = %s\n"
		"[voice]\nclips = %s/assets/voice\n"
		"[server]\nlisten = 127.0.0.1:0\nrequest_timeout = %d\n"
		"kiosk.lobby-1 = " KIOSK_TOKEN "\nstaff.counter-1 = " STAFF_TOKEN "\n"
		"[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\nhours = 00:00-24:00\n"
		"days = mon-sun\n[counter.1]\nservices = CAPMOI\n",
		db, getenv("KIOSK_SRC"), REQUEST_TIMEOUT);
	fclose(f);
	char *argv[] = { getenv("STATION_SERVER"), "--config", s->conf, NULL };
	assert_int_equal(child_start(&s->c, argv, NULL), 0);
	long at = child_wait_for(&s->c, "listening on http://127.0.0.1:", 0, 20000);
	if (at < 0)
		fail_msg("the server did not start: %s", s->c.out);
	s->port = atoi(s->c.out + at + strlen("listening on http://127.0.0.1:"));
	*state = s;
	return 0;
}

static int srv_teardown(void **state)
{
	struct srv *s = *state;
	char cmd[128];
	int status = child_end(&s->c, SIGTERM), bad = status != 0 || strstr(s->c.out, "Sanitizer");
	if (bad) /* it stops cleanly, with nothing left behind (ASan, LeakSanitizer) */
		fprintf(stderr, "the server ended with %d:\n%s\n", status, s->c.out);
	child_free(&s->c);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", s->dir);
	free(s);
	return bad ? -1 : 0;
}

/* A socket from 127.0.0.<from> connected to the server; -1 if refused. */
static int dial(const struct srv *s, int from)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in me = { .sin_family = AF_INET }, to = { .sin_family = AF_INET };
	assert_true(fd >= 0);
	me.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)from);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	to.sin_port = htons((uint16_t)s->port);
	if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *text)
{
	size_t n = strlen(text);
	while (n) {
		ssize_t w = send(fd, text, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		text += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Read fd until the peer closes it or ms pass; what came goes into buf
 * (NUL-terminated).  Returns the bytes read, or -1 if ms passed first.
 * whole: stop as soon as an answer's head and Content-Length body are in.
 */
static long read_reply(int fd, char *buf, size_t len, int ms, int whole)
{
	size_t got = 0;
	double end = now_ms() + ms;
	buf[0] = '\0';
	for (;;) {
		if (whole) {
			const char *body = strstr(buf, "\r\n\r\n");
			const char *cl = strcasestr(buf, "Content-Length:");
			if (body && cl && got >= (size_t)(body + 4 - buf) + strtoul(cl + 15, NULL, 10))
				return (long)got;
		}
		double left = end - now_ms();
		if (left <= 0)
			return -1;
		struct pollfd p = { fd, POLLIN, 0 };
		if (poll(&p, 1, (int)left + 1) <= 0)
			continue;
		ssize_t r = recv(fd, buf + got, len - 1 - got, 0);
		if (r <= 0)
			return (long)got; /* closed (or reset) */
		got += (size_t)r;
		buf[got] = '\0';
		if (got + 1 >= len)
			return (long)got;
	}
}

/* One request from 127.0.0.<from>: the answer's status (0: none), text in buf. */
static int ask(const struct srv *s, int from, const char *request, char *buf, size_t len)
{
	int fd = dial(s, from), status = 0;
	if (fd < 0)
		return 0;
	if (send_all(fd, request) == 0 && read_reply(fd, buf, len, BOUND_MS, 1) > 0 &&
	    !strncmp(buf, "HTTP/1.1 ", 9))
		status = atoi(buf + 9);
	close(fd);
	return status;
}

static int get(const struct srv *s, int from, const char *path, const char *token)
{
	char req[512], buf[8192];
	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\n%s%s%sConnection: close\r\n\r\n",
		 path, token ? "Authorization: Bearer " : "", token ? token : "", token ? "\r\n" : "");
	return ask(s, from, req, buf, sizeof(buf));
}

/* A kiosk's walk-in ticket as a request. */
static const char issue_request[] =
	"POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " KIOSK_TOKEN "\r\n"
	"Content-Type: application/json\r\nContent-Length: 20\r\nConnection: close\r\n\r\n"
	"{\"service\":\"CAPMOI\"}";

static int issue(const struct srv *s, int from)
{
	char buf[8192];
	return ask(s, from, issue_request, buf, sizeof(buf));
}

static const char longpoll[] =
	"GET /api/v1/board/events?since=999999999&wait=60 HTTP/1.1\r\nHost: x\r\n\r\n";

/* The server's threads now (one per open connection, and its own few). */
static int threads(const struct srv *s)
{
	char path[64];
	int n = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)s->c.pid);
	DIR *d = opendir(path);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Wait up to BOUND_MS for the thread count to satisfy cmp(n, want). */
static int threads_reach(const struct srv *s, int want, int at_least)
{
	double end = now_ms() + BOUND_MS;
	while (now_ms() < end) {
		int n = threads(s);
		if (at_least ? n >= want : n <= want)
			return n;
		usleep(20000);
	}
	return -threads(s) - 1;
}

/* Finding 1: 256 long-polls opened and closed at once from one address. */
static void longpoll_flood_leaves_health_kiosks_and_counters_answering(void **state)
{
	struct srv *s = *state;
	int fds[FLOOD];
	for (int i = 0; i < FLOOD; i++) {
		fds[i] = dial(s, 2);
		if (fds[i] >= 0)
			send_all(fds[i], longpoll);
	}
	for (int i = 0; i < FLOOD; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	double t0 = now_ms();
	assert_int_equal(get(s, 1, "/api/v1/health", NULL), 200);
	assert_int_equal(issue(s, 30), 201);
	assert_int_equal(get(s, 31, "/api/v1/queue", STAFF_TOKEN), 200);
	print_message("health, a kiosk's ticket and the queue answered in %.0f ms after the flood\n",
		      now_ms() - t0);
}

/* Finding 1: a long-poll whose client hung up ends (its thread with it). */
static void a_closed_longpoll_frees_its_connection(void **state)
{
	struct srv *s = *state;
	int fds[4], base = threads(s);
	for (int i = 0; i < 4; i++) {
		fds[i] = dial(s, 3);
		assert_true(fds[i] >= 0);
		assert_int_equal(send_all(fds[i], longpoll), 0);
	}
	/* (at least 3 more: one of the server's own may end meanwhile) */
	int held = threads_reach(s, base + 3, 1);
	if (held < 0)
		fail_msg("4 long-polls did not start (%d threads, were %d)", -held - 1, base);
	for (int i = 0; i < 4; i++)
		close(fds[i]);
	int after = threads_reach(s, held - 3, 0);
	if (after < 0)
		fail_msg("4 closed long-polls still hold their threads (%d, were %d)", -after - 1,
			 held);
}

/* Finding 1: a stranger's long-polls over the cap answer 503 at once; a
 * kiosk's (its token) and the station's own still wait. */
static void longpolls_over_the_cap_answer_at_once(void **state)
{
	struct srv *s = *state;
	enum { N = 8 };
	int fds[N], busy = 0;
	char buf[4096];
	for (int i = 0; i < N; i++) {
		fds[i] = dial(s, 4);
		assert_true(fds[i] >= 0);
		assert_int_equal(send_all(fds[i], longpoll), 0);
	}
	/* those over the cap are answered now; the others wait their 60 s */
	double end = now_ms() + BOUND_MS;
	while (busy < N / 2 && now_ms() < end) {
		struct pollfd p[N];
		for (int i = 0; i < N; i++)
			p[i] = (struct pollfd){ fds[i], POLLIN, 0 };
		if (poll(p, N, 100) <= 0)
			continue;
		for (int i = 0; i < N; i++) {
			if (fds[i] < 0 || !(p[i].revents & (POLLIN | POLLHUP)))
				continue;
			assert_true(read_reply(fds[i], buf, sizeof(buf), BOUND_MS, 1) > 0);
			assert_non_null(strstr(buf, "HTTP/1.1 503"));
			assert_non_null(strcasestr(buf, "Retry-After:"));
			close(fds[i]);
			fds[i] = -1; /* poll skips it */
			busy++;
		}
	}
	print_message("%d of %d long-polls from one address answered 503 at once\n", busy, N);
	assert_true(busy >= N / 2);
	/* a kiosk from the same address, with its token, still waits */
	int k = dial(s, 4);
	assert_true(k >= 0);
	assert_int_equal(send_all(k, "GET /api/v1/events?since=999999999&wait=60 HTTP/1.1\r\n"
				     "Host: x\r\nAuthorization: Bearer " KIOSK_TOKEN "\r\n\r\n"), 0);
	struct pollfd p = { k, POLLIN, 0 };
	assert_int_equal(poll(&p, 1, 1000), 0);
	close(k);
	for (int i = 0; i < N; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Finding 2: a header line every half second is cut at request_timeout. */
static void a_trickled_request_head_is_cut(void **state)
{
	struct srv *s = *state;
	char buf[256];
	int fd = dial(s, 5);
	assert_true(fd >= 0);
	assert_int_equal(send_all(fd, "GET /api/v1/health HTTP/1.1\r\n"), 0);
	double t0 = now_ms();
	for (int i = 0; i < 30; i++) { /* 15 s of it, if it is not cut */
		if (read_reply(fd, buf, sizeof(buf), 500, 0) >= 0)
			break; /* the server ended it */
		if (send_all(fd, "X-Slow: 1\r\n") < 0)
			break;
	}
	double took = now_ms() - t0;
	print_message("the trickled head was cut after %.1f s (request_timeout %d)\n", took / 1e3,
		      REQUEST_TIMEOUT);
	assert_true(took < 14000);
	assert_null(strstr(buf, "HTTP/1.1 200"));
	close(fd);
	/* the technician sees it in the log */
	assert_true(child_wait_for(&s->c, "cut 1 connection(s) whose request took over 2 s", 0,
				   BOUND_MS) >= 0);
}

/* Finding 2: a 40-byte body sent a byte every half second is cut too. */
static void a_trickled_body_is_cut(void **state)
{
	struct srv *s = *state;
	char buf[256];
	int fd = dial(s, 5), sent = 0;
	assert_true(fd >= 0);
	assert_int_equal(send_all(fd, "POST /api/v1/login HTTP/1.1\r\nHost: x\r\n"
				      "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n"),
			 0);
	for (; sent < 40; sent++) {
		if (read_reply(fd, buf, sizeof(buf), 500, 0) >= 0)
			break;
		if (send_all(fd, " ") < 0)
			break;
	}
	print_message("the trickled body was cut after %d of 40 bytes\n", sent);
	assert_true(sent < 40);
	close(fd);
}

/* The status of request from 127.0.0.<from> (0: none), while the n sockets
 * of slow keep sending a header line every half second. */
static int ask_while_trickling(const struct srv *s, int from, const char *request, int *slow,
			       int n)
{
	char buf[4096];
	int fd = dial(s, from), status = 0;
	if (fd < 0 || send_all(fd, request) < 0)
		goto out;
	double end = now_ms() + BOUND_MS;
	while (now_ms() < end) {
		long got = read_reply(fd, buf, sizeof(buf), 500, 1);
		if (got >= 0) {
			if (!strncmp(buf, "HTTP/1.1 ", 9))
				status = atoi(buf + 9);
			break;
		}
		for (int i = 0; i < n; i++)
			if (slow[i] >= 0 && send_all(slow[i], "X-Slow: 1\r\n") < 0) {
				close(slow[i]);
				slow[i] = -1;
			}
	}
out:
	if (fd >= 0)
		close(fd);
	return status;
}

/* Finding 2: 260 slow connections from ten addresses, each sending a header
 * line every half second; health, and a kiosk whose address showed its
 * token before, are still answered. */
static void slow_connections_leave_room_for_the_station_and_kiosks(void **state)
{
	struct srv *s = *state;
	enum { SLOW = 260 };
	int fds[SLOW];
	assert_int_equal(issue(s, 30), 201); /* the kiosk's address is known */
	for (int i = 0; i < SLOW; i++) {
		fds[i] = dial(s, 10 + i % 10);
		if (fds[i] >= 0 && send_all(fds[i], "GET /api/v1/health HTTP/1.1\r\n") < 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	assert_int_equal(ask_while_trickling(s, 1, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
						   "Connection: close\r\n\r\n", fds, SLOW), 200);
	assert_int_equal(ask_while_trickling(s, 30, issue_request, fds, SLOW), 201);
	assert_true(child_wait_for(&s->c, "server: refused ", 0, BOUND_MS) >= 0);
	for (int i = 0; i < SLOW; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Finding 6 (HTTP): %0a is escaped in the log, %00 refused, thousands of
 * parameters answered, /voice validates its number and limits renders. */
static void request_lines_are_answered_and_logged_safely(void **state)
{
	struct srv *s = *state;
	char buf[16384];
	size_t from = s->c.len;

	assert_int_equal(get(s, 1, "/api/v1/board%0aFAKE%20line", NULL), 404);
	assert_true(child_wait_for(&s->c, "FAKE line -> 404", from, BOUND_MS) >= 0);
	assert_null(strstr(s->c.out + from, "\nFAKE"));
	assert_non_null(strstr(s->c.out + from, "\\x0aFAKE"));

	assert_int_equal(get(s, 1, "/api/v1/health%00.txt", NULL), 400);
	assert_int_equal(get(s, 1, "/api/v1/health?a=%00", NULL), 400);

	char *req = malloc(3000 * 8 + 128);
	assert_non_null(req);
	int n = sprintf(req, "GET /api/v1/health?");
	for (int i = 0; i < 3000; i++)
		n += sprintf(req + n, "%sa%d=1", i ? "&" : "", i);
	sprintf(req + n, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
	int st = ask(s, 1, req, buf, sizeof(buf));
	free(req);
	assert_true(st == 400 || st == 414);

	assert_int_equal(get(s, 6, "/voice?number=A1111111111&counter=1", NULL), 400);
	/* only this station's numbers, in their one form; counters as written */
	static const char *const refused[] = {
		"/voice?number=Z012&counter=1",  "/voice?number=A0012&counter=1",
		"/voice?number=A12&counter=1",   "/voice?number=a012&counter=1",
		"/voice?number=A012&counter=%2B1", "/voice?number=A012&counter=01",
		"/voice?number=A012&counter=%201", "/voice?number=A012&counter=100",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (get(s, 6, refused[i], NULL) != 400)
			fail_msg("%s was not refused with 400", refused[i]);
	assert_int_equal(get(s, 6, "/voice?number=A012&counter=1", NULL), 200);
	int limited = 0;
	for (int i = 0; i < 40; i++) { /* the same call: from the cache, never limited */
		assert_int_equal(get(s, 6, "/voice?number=A012&counter=1", NULL), 200);
	}
	for (int i = 0; i < 40 && !limited; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/voice?number=A%03d&counter=2", 100 + i);
		st = get(s, 6, path, NULL);
		assert_true(st == 200 || st == 429);
		limited = st == 429;
	}
	assert_true(limited);
	assert_int_equal(get(s, 7, "/voice?number=A150&counter=2", NULL), 200); /* another address */
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			longpoll_flood_leaves_health_kiosks_and_counters_answering, srv_setup,
			srv_teardown),
		cmocka_unit_test_setup_teardown(a_closed_longpoll_frees_its_connection, srv_setup,
						srv_teardown),
		cmocka_unit_test_setup_teardown(longpolls_over_the_cap_answer_at_once, srv_setup,
						srv_teardown),
		cmocka_unit_test_setup_teardown(a_trickled_request_head_is_cut, srv_setup,
						srv_teardown),
		cmocka_unit_test_setup_teardown(a_trickled_body_is_cut, srv_setup, srv_teardown),
		cmocka_unit_test_setup_teardown(
			slow_connections_leave_room_for_the_station_and_kiosks, srv_setup,
			srv_teardown),
		cmocka_unit_test_setup_teardown(request_lines_are_answered_and_logged_safely,
						srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
