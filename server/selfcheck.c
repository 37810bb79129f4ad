/*
 * selfcheck.c - the station server asks itself whether it serves: a GET of
 * its own /api/v1/health through the listening socket (the connection
 * threads, libmicrohttpd's accept loop and the route table all answer it),
 * and BEGIN IMMEDIATE / ROLLBACK on a connection of its own to the
 * database (a writer stuck inside a transaction, or another process holding
 * the write lock, makes every ticket fail).  Each probe has a deadline, so
 * the main loop that runs them keeps its rhythm.
 */
#include "selfcheck.h"
#include "kerr.h"
#include "klog.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct selfcheck {
	struct sockaddr_in addr;
	int tls;
	sqlite3 *db;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int selfcheck_open(struct selfcheck **out, const char *listen, int port, int tls,
		   const char *db)
{
	struct selfcheck *c = calloc(1, sizeof(*c));
	char host[64];
	size_t n = strcspn(listen, ":");

	*out = NULL;
	if (!c)
		return K_ERR_NOMEM;
	snprintf(host, sizeof(host), "%.*s", (int)(n < sizeof(host) ? n : sizeof(host) - 1),
		 listen);
	c->addr.sin_family = AF_INET;
	c->addr.sin_port = htons((uint16_t)port);
	if (!strcmp(host, "0.0.0.0") || !strcmp(host, "localhost") ||
	    inet_pton(AF_INET, host, &c->addr.sin_addr) != 1)
		inet_pton(AF_INET, "127.0.0.1", &c->addr.sin_addr); /* a name: http.c resolved it */
	c->tls = tls;
	if (sqlite3_open_v2(db, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		klog(KLOG_ERR, "selfcheck: cannot open %s: %s", db, sqlite3_errmsg(c->db));
		selfcheck_close(c);
		return K_ERR_DB;
	}
	*out = c;
	return K_OK;
}

void selfcheck_close(struct selfcheck *c)
{
	if (!c)
		return;
	sqlite3_close(c->db);
	free(c);
}

/* Wait for fd to be ready for events before the deadline: 1, 0 timed out. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd p = { fd, events, 0 };
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return 0;
		int r = poll(&p, 1, (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return 0;
	}
}

/* 0: the health route answered 200; else a short reason. */
static const char *probe_http(const struct selfcheck *c, int timeout_ms)
{
	static const char req[] = "GET /api/v1/health HTTP/1.0\r\nHost: localhost\r\n"
				  "User-Agent: station-server-selfcheck\r\n\r\n";
	int64_t deadline = now_ms() + timeout_ms;
	char buf[64];
	size_t got = 0;
	const char *why = NULL;
	int err = 0;
	socklen_t elen = sizeof(err);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return "no socket";
	if (connect(fd, (const struct sockaddr *)&c->addr, sizeof(c->addr)) < 0 &&
	    errno != EINPROGRESS) {
		why = "refused";
		goto out;
	}
	if (!wait_fd(fd, POLLOUT, deadline)) {
		why = "no connection";
		goto out;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0 || err) {
		why = "refused";
		goto out;
	}
	if (c->tls)
		goto out; /* the listener accepts: as far as we look without TLS */
	if (send(fd, req, sizeof(req) - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof(req) - 1)) {
		why = "cannot ask";
		goto out;
	}
	while (got < 12) { /* "HTTP/1.1 200" */
		if (!wait_fd(fd, POLLIN, deadline)) {
			why = "no answer";
			goto out;
		}
		ssize_t n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0);
		if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR))) {
			why = "no answer";
			goto out;
		}
		if (n > 0)
			got += (size_t)n;
	}
	buf[got] = '\0';
	if (strncmp(buf, "HTTP/1.", 7) || strncmp(buf + 9, "200", 3))
		why = "not 200";
out:
	close(fd);
	return why;
}

/* 0: the write lock was had (and given back at once); else why not. */
static const char *probe_db(struct selfcheck *c, int timeout_ms)
{
	const char *why = NULL;
	sqlite3_busy_timeout(c->db, timeout_ms);
	int r = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
		why = "locked";
	else if (r != SQLITE_OK)
		why = sqlite3_errstr(r);
	if (r == SQLITE_OK)
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return why;
}

int selfcheck_run(struct selfcheck *c, int timeout_ms, char *why, size_t len)
{
	const char *h = probe_http(c, timeout_ms);
	const char *d = probe_db(c, timeout_ms);

	why[0] = '\0';
	if (h && d)
		snprintf(why, len, "health: %s; database: %s", h, d);
	else if (h || d)
		snprintf(why, len, "%s: %s", h ? "health" : "database", h ? h : d);
	return !h && !d;
}
