/*
 * conn_guard.c - see conn_guard.h.
 *
 * The open connections are a list under one lock (at most the server's
 * connection limit, a few hundred), walked by the accept policy to count
 * and by the guard thread (the thread kit's, core/kthread.h), which wakes
 * every GUARD_TICK_MS to cut the sockets of requests past their deadline.  The connection's own thread
 * (libmicrohttpd's) then sees the end of its socket and closes it; the
 * entry goes in conn_guard_closed(), called before that close, so the
 * guard never touches a socket number that could already be another's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* POLLRDHUP */
#endif
#include "conn_guard.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define GUARD_TICK_MS 200
#define LOG_S 10 /* cuts and refusals are summed up in the log at most this often */

enum phase { WAITING, RECEIVING, ANSWERING };

struct conn_guard_conn {
	struct conn_guard_conn *next, *prev;
	struct conn_guard *g;
	int fd;
	unsigned char addr[16]; /* IPv4 as ::ffff:a.b.c.d */
	int own;                /* the station itself: 127.0.0.1 or ::1 */
	int stranger;           /* its address was not known when it came */
	enum phase phase;
	int64_t deadline_ms;    /* WAITING, RECEIVING: cut after this */
	int cut;
	int trusted;            /* this request showed a credential */
	int holding;            /* it holds a long-poll place (counted as public or not) */
};

struct known {
	unsigned char addr[16];
	int64_t seen_ms;
};

struct conn_guard {
	struct conn_guard_limits lim;
	pthread_mutex_t lock;
	struct kthread *thread;
	struct conn_guard_conn *head;
	int nconn, nstrangers;
	int held_public, held_all;
	struct known known[CONN_GUARD_KNOWN];
	long cuts, refused;     /* since the last log line */
	int64_t logged_ms;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sa as 16 bytes (IPv4 mapped); 0, or -1 if not an IP address. */
static int addr_key(const struct sockaddr *sa, socklen_t len, unsigned char out[16], int *own)
{
	static const unsigned char loop6[16] = { [15] = 1 };
	memset(out, 0, 16);
	*own = 0;
	if (sa && sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &in->sin_addr, 4);
		*own = ntohl(in->sin_addr.s_addr) == INADDR_LOOPBACK;
		return 0;
	}
	if (sa && sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		memcpy(out, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		*own = memcmp(out, loop6, 16) == 0;
		return 0;
	}
	return -1;
}

/* Under lock: has this address shown a credential within CONN_GUARD_KNOWN_S? */
static int is_known(const struct conn_guard *g, const unsigned char addr[16], int64_t now)
{
	for (int i = 0; i < CONN_GUARD_KNOWN; i++)
		if (g->known[i].seen_ms && now - g->known[i].seen_ms < CONN_GUARD_KNOWN_S * 1000LL &&
		    !memcmp(g->known[i].addr, addr, 16))
			return 1;
	return 0;
}

static void guard_main(struct kthread *t, void *arg)
{
	struct conn_guard *g = arg;
	while (!kthread_wait(t, GUARD_TICK_MS)) {
		pthread_mutex_lock(&g->lock);
		int64_t now = now_ms();
		for (struct conn_guard_conn *c = g->head; c; c = c->next) {
			if (c->cut || c->phase == ANSWERING || now < c->deadline_ms)
				continue;
			shutdown(c->fd, SHUT_RDWR); /* its thread reads the end and closes it */
			c->cut = 1;
			g->cuts++;
		}
		if ((g->cuts || g->refused) && now - g->logged_ms >= LOG_S * 1000LL) {
			if (g->cuts)
				klog(KLOG_WARN, "server: cut %ld connection(s) whose request took over "
				     "%d s (request_timeout)", g->cuts, g->lim.request_timeout);
			if (g->refused)
				klog(KLOG_WARN, "server: refused %ld connection(s) over %d from one "
				     "address (per_address) or over the strangers' share",
				     g->refused, g->lim.per_address);
			g->cuts = g->refused = 0;
			g->logged_ms = now;
		}
		pthread_mutex_unlock(&g->lock);
	}
}

int conn_guard_new(struct conn_guard **out, const struct conn_guard_limits *lim)
{
	struct conn_guard *g = calloc(1, sizeof(*g));

	*out = NULL;
	if (!g)
		return K_ERR_NOMEM;
	g->lim = *lim;
	if (pthread_mutex_init(&g->lock, NULL) != 0 ||
	    kthread_start(&g->thread, "conn-guard", KTHREAD_TICK_MS, guard_main, g) < 0) {
		free(g); /* a mutex that failed to start holds nothing on Linux */
		return K_ERR_NOMEM;
	}
	*out = g;
	return K_OK;
}

void conn_guard_free(struct conn_guard *g)
{
	if (!g)
		return;
	kthread_stop(g->thread);
	while (g->head) { /* none are left once the server stopped; just in case */
		struct conn_guard_conn *c = g->head;
		g->head = c->next;
		free(c);
	}
	pthread_mutex_destroy(&g->lock);
	free(g);
}

int conn_guard_admit(struct conn_guard *g, const struct sockaddr *sa, socklen_t len)
{
	unsigned char addr[16];
	int own, ok = 1, from_addr = 0;

	if (addr_key(sa, len, addr, &own) < 0 || own)
		return 1;
	pthread_mutex_lock(&g->lock);
	for (struct conn_guard_conn *c = g->head; c; c = c->next)
		from_addr += !memcmp(c->addr, addr, 16);
	if (from_addr >= g->lim.per_address)
		ok = 0;
	else if (g->nstrangers >= g->lim.total - g->lim.reserved && !is_known(g, addr, now_ms()))
		ok = 0;
	g->refused += !ok;
	pthread_mutex_unlock(&g->lock);
	return ok;
}

struct conn_guard_conn *conn_guard_opened(struct conn_guard *g, int fd, const struct sockaddr *sa,
					  socklen_t len)
{
	struct conn_guard_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->g = g;
	c->fd = fd;
	addr_key(sa, len, c->addr, &c->own);
	c->phase = WAITING;
	pthread_mutex_lock(&g->lock);
	c->deadline_ms = now_ms() + g->lim.request_timeout * 1000LL;
	c->stranger = !c->own && !is_known(g, c->addr, now_ms());
	g->nstrangers += c->stranger;
	g->nconn++;
	c->next = g->head;
	if (g->head)
		g->head->prev = c;
	g->head = c;
	pthread_mutex_unlock(&g->lock);
	return c;
}

/* Under lock: give back c's long-poll place, if it holds one. */
static void release_locked(struct conn_guard *g, struct conn_guard_conn *c)
{
	if (!c->holding)
		return;
	g->held_all--;
	if (c->holding == 2)
		g->held_public--;
	c->holding = 0;
}

void conn_guard_closed(struct conn_guard *g, struct conn_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	release_locked(g, c);
	if (c->prev)
		c->prev->next = c->next;
	else
		g->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	g->nstrangers -= c->stranger;
	g->nconn--;
	pthread_mutex_unlock(&g->lock);
	free(c);
}

/* Set c's phase; reset: its deadline is request_timeout from now. */
static void set_phase(struct conn_guard *g, struct conn_guard_conn *c, enum phase ph, int reset)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->phase = ph;
	if (reset)
		c->deadline_ms = now_ms() + g->lim.request_timeout * 1000LL;
	pthread_mutex_unlock(&g->lock);
}

void conn_guard_request_line(struct conn_guard *g, struct conn_guard_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&g->lock);
	c->trusted = 0; /* a credential is per request */
	pthread_mutex_unlock(&g->lock);
	set_phase(g, c, RECEIVING, 1);
}

void conn_guard_extend(struct conn_guard *g, struct conn_guard_conn *c, int extra_s)
{
	if (!c || extra_s <= 0)
		return;
	pthread_mutex_lock(&g->lock);
	c->deadline_ms += extra_s * 1000LL;
	pthread_mutex_unlock(&g->lock);
}

void conn_guard_received(struct conn_guard *g, struct conn_guard_conn *c)
{
	set_phase(g, c, ANSWERING, 0);
}

void conn_guard_answered(struct conn_guard *g, struct conn_guard_conn *c)
{
	set_phase(g, c, WAITING, 1);
}

void conn_guard_trust(struct conn_guard *g, struct conn_guard_conn *c)
{
	if (!c)
		return;
	int64_t now = now_ms();
	pthread_mutex_lock(&g->lock);
	c->trusted = 1;
	if (!c->own) {
		struct known *k = &g->known[0];
		for (int i = 0; i < CONN_GUARD_KNOWN; i++) {
			if (!memcmp(g->known[i].addr, c->addr, 16) && g->known[i].seen_ms) {
				k = &g->known[i];
				break;
			}
			if (g->known[i].seen_ms < k->seen_ms)
				k = &g->known[i]; /* the place of the one seen longest ago */
		}
		memcpy(k->addr, c->addr, 16);
		k->seen_ms = now;
	}
	pthread_mutex_unlock(&g->lock);
}

int conn_guard_hold(struct conn_guard_conn *c)
{
	int retry = 0;
	if (!c)
		return 0;
	struct conn_guard *g = c->g;
	pthread_mutex_lock(&g->lock);
	int public = !c->trusted && !c->own;
	if (public) {
		int from_addr = 0;
		for (struct conn_guard_conn *o = g->head; o; o = o->next)
			from_addr += o->holding == 2 && !memcmp(o->addr, c->addr, 16);
		if (from_addr >= CONN_GUARD_HOLD_PER_ADDRESS || g->held_public >= CONN_GUARD_HOLD_PUBLIC)
			retry = 10;
	}
	if (!retry && g->held_all >= CONN_GUARD_HOLD_ALL)
		retry = 10;
	if (!retry && !c->holding) {
		c->holding = public ? 2 : 1;
		g->held_all++;
		g->held_public += public;
	}
	pthread_mutex_unlock(&g->lock);
	return retry;
}

void conn_guard_release(struct conn_guard_conn *c)
{
	if (!c)
		return;
	struct conn_guard *g = c->g;
	pthread_mutex_lock(&g->lock);
	release_locked(g, c);
	pthread_mutex_unlock(&g->lock);
}

int conn_guard_gone(const struct conn_guard_conn *c)
{
	if (!c)
		return 0;
	struct pollfd p = { .fd = c->fd, .events = POLLRDHUP };
	int n;
	do
		n = poll(&p, 1, 0);
	while (n < 0 && errno == EINTR);
	return n > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL));
}
