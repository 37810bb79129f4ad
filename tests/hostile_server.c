/*
 * hostile_server.c - a scripted fake station server for the sync client's
 * tests (hostile_server.h): one thread, one connection at a time, each
 * closed after its answer, so every request of the client is answered the
 * way the test set last.
 */
#include "hostile_server.h"
#include "kclock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX 65536
#define BODY_MAX 65536
#define PUSHED_MAX 512

struct hostile {
	int fd, port;
	pthread_t thread;
	atomic_int stop;
	pthread_mutex_t lock;
	enum hostile_mode mode;
	int arg, arg2;
	int requests, mutated, answered, seq, lease_next;
	char auth[PUSHED_MAX][96];
	int nauth;
	int64_t max_sent;
	char pushed[PUSHED_MAX][24];
	int npushed;
	char sent_ref[PUSHED_MAX][65], sent_page[PUSHED_MAX][32]; /* tickets, check-ins */
	int nsent;
};

struct conn {
	int fd;
	int64_t sent;
};

static int put(struct conn *c, const void *p, size_t n)
{
	const char *s = p;
	while (n > 0) {
		ssize_t w = send(c->fd, s, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1; /* the client has gone */
		c->sent += w;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int putf(struct conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int putf(struct conn *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return put(c, buf, (size_t)n);
}

/* 1 when the client closed its side (or the wait of ms ended without it: 0). */
static int client_gone(struct conn *c, int ms)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };
	char b[256];
	if (poll(&p, 1, ms) <= 0)
		return 0;
	return recv(c->fd, b, sizeof(b), MSG_DONTWAIT) <= 0;
}

static void now_iso(char *buf, unsigned len)
{
	kclock_iso(kclock_now(&kclock_system), buf, len);
}

static void today(char *buf, unsigned len)
{
	kclock_day_str(kclock_day(kclock_now(&kclock_system), 0), buf, len);
}

static json_t *ticket(const char *number, const char *service, const char *ref, const char *at)
{
	char iso[32], day[16];
	now_iso(iso, sizeof(iso));
	today(day, sizeof(day));
	return json_pack("{s:i, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:i, s:i}", "id", 1,
			 "number", number, "service", service, "client_ref", ref, "priority", 0,
			 "source", "walkin", "state", "waiting", "day", day, "issued_at",
			 at && at[0] ? at : iso, "people_ahead", 2, "estimated_wait_s", 600);
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* The API's answer to method path (after /api/v1) with body; *status set. */
static json_t *good_answer(struct hostile *h, const char *method, const char *path, json_t *body,
			   int *status)
{
	char iso[32], day[16], number[16];
	int other = h->mode == HOSTILE_OTHER;
	const char *ref = other && h->arg == 0 ? "lobby-2:00000000000000ff" : jstr(body, "client_ref");
	const char *svc = other && h->arg == 1 ? "B" : jstr(body, "service");

	now_iso(iso, sizeof(iso));
	today(day, sizeof(day));
	*status = 200;
	if (!strcmp(method, "POST") && (!strcmp(path, "/tickets") || !strcmp(path, "/checkins")) &&
	    h->nsent < PUSHED_MAX) { /* whatever it is answered */
		snprintf(h->sent_ref[h->nsent], sizeof(h->sent_ref[0]), "%s",
			 jstr(body, "client_ref"));
		snprintf(h->sent_page[h->nsent++], sizeof(h->sent_page[0]), "%s",
			 jstr(body, "page"));
	}
	if (!strcmp(method, "POST") && !strcmp(path, "/tickets")) {
		*status = 201;
		if (json_object_get(body, "number")) { /* a push */
			if (h->npushed < PUSHED_MAX) /* whatever it is answered */
				snprintf(h->pushed[h->npushed++], sizeof(h->pushed[0]), "%s %s",
					 jstr(body, "service"), jstr(body, "number"));
			return ticket(jstr(body, "number"), svc, ref, jstr(body, "issued_at"));
		}
		snprintf(number, sizeof(number), "%.8s%03d", svc, ++h->seq);
		return ticket(number, svc, ref, NULL);
	}
	if (!strcmp(method, "POST") && !strcmp(path, "/checkins")) {
		*status = 201;
		snprintf(number, sizeof(number), "A%03d", ++h->seq);
		return ticket(number, other && h->arg == 1 ? "B" : "A", ref, NULL);
	}
	if (!strcmp(method, "POST") && !strcmp(path, "/leases")) {
		json_int_t count = json_integer_value(json_object_get(body, "count"));
		json_int_t first = h->lease_next, last = first + count - 1;
		*status = 201;
		if (other && h->arg == 0) /* numbers of this kiosk's own band */
			first = 601, last = 600 + count;
		else if (other) /* another service, and more than asked */
			first = 1, last = 100;
		else
			h->lease_next += (int)count;
		return json_pack("{s:s, s:s, s:s, s:I, s:I, s:[i, i]}", "service", svc, "holder",
				 "lobby-1", "day", day, "first", first, "last", last, "band", 601, 799);
	}
	if (!strcmp(method, "GET") && !strcmp(path, "/queue"))
		return json_pack("{s:s, s:[{s:s, s:i, s:i, s:i, s:i, s:b}], s:[{s:i, s:b, s:s}]}",
				 "day", day, "services", "service", "A", "waiting", 2,
				 "waiting_priority", 0, "issued", 5, "served", 3, "enabled", 1,
				 "counters", "counter", 1, "open", 1, "serving", "A003");
	if (!strcmp(method, "GET") && !strcmp(path, "/bookings/today"))
		return json_pack("{s:[{s:s, s:s, s:s, s:i, s:b}]}", "bookings", "id", "BK-1", "slot",
				 iso, "service", "A", "minutes", 30, "cancelled", 0);
	if (!strcmp(method, "GET") && !strcmp(path, "/events"))
		return json_pack("{s:[{s:i, s:s, s:s}], s:i}", "events", "seq", 7, "kind", "call",
				 "number", "A003", "last", 7);
	if (!strcmp(method, "GET") && !strcmp(path, "/board"))
		return json_pack("{s:{s:s, s:s, s:s}, s:s, s:i, s:[{s:s, s:s, s:s, s:s, s:i, s:b}],"
				 " s:[{s:s, s:s, s:i, s:s, s:s, s:s, s:i}]}",
				 "station", "id", "T", "name_vi", "Thử", "name_en", "Test", "time",
				 iso, "last", 7, "services", "service", "A", "prefix", "A", "name_vi",
				 "A", "name_en", "A", "waiting", 2, "enabled", 1, "calls", "number",
				 "A003", "service", "A", "counter", 1, "counter_name_vi", "Quầy 1",
				 "counter_name_en", "Counter 1", "called_at", iso, "recalls", 0);
	if (!strcmp(method, "GET") && !strcmp(path, "/board/events"))
		return json_pack("{s:[{s:i, s:s, s:s, s:s, s:s, s:i}], s:i}", "events", "seq", 7,
				 "at", iso, "kind", "call", "number", "A003", "service", "A",
				 "counter", 1, "last", 7);
	if (!strcmp(method, "GET") && !strcmp(path, "/dossiers/lookup"))
		return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
				 "found", 1, "status", "READY", "text_vi", "Đã có kết quả",
				 "text_en", "Ready", "action_vi", "Mời đến quầy", "action_en",
				 "Go to a counter", "note", "", "date", "2026-12-03", "date_vi",
				 "Ngày hẹn", "date_en", "Due", "service", "A", "updated", iso);
	if (!strcmp(method, "POST") && !strcmp(path, "/devices/status"))
		return json_pack("{s:b}", "ok", 1);
	if (!strcmp(method, "GET") && !strcmp(path, "/rating")) /* a counter's rating panel */
		return json_pack("{s:i, s:{s:s, s:s}, s:s, s:i, s:i, s:[{s:i, s:s, s:s}, {s:i, s:s, s:s},"
				 " {s:i, s:s, s:s}], s:[{s:i, s:s, s:s}, {s:i, s:s, s:s}], s:i,"
				 " s:{s:s, s:s, s:{s:s, s:s}}, s:i, s:s}",
				 "counter", 1, "counter_name", "vi", "", "en", "", "state", "open",
				 "last", 7, "seconds", 30, "levels", "level", 1, "vi", "Rất hài lòng",
				 "en", "Very satisfied", "level", 2, "vi", "Hài lòng", "en", "Satisfied",
				 "level", 3, "vi", "Không hài lòng", "en", "Not satisfied", "reasons",
				 "reason", 1, "vi", "Chờ lâu", "en", "Long wait", "reason", 2, "vi",
				 "Khác", "en", "Other", "ask_reason", 3, "ticket", "number", "A003",
				 "service", "A", "service_name", "vi", "A", "en", "A", "expires_in", 27,
				 "staff", "an");
	if (!strcmp(method, "POST") && !strcmp(path, "/ratings")) {
		*status = 201;
		return json_pack("{s:s, s:I}", "number", jstr(body, "number"), "level",
				 json_integer_value(json_object_get(body, "level")));
	}
	*status = 404;
	return json_pack("{s:s}", "error", "not_found");
}

/* The wrong values put in place of each value of an answer in turn. */
static json_t *wrong_value(int i)
{
	static char longs[2001];
	switch (i) {
	case 0: return json_null();
	case 1: return json_true();
	case 2: return json_integer(0);
	case 3: return json_integer(-1);
	case 4: return json_integer(INT64_MAX);
	case 5: return json_real(-1e308);
	case 6: return json_string("");
	case 7:
		memset(longs, 'x', sizeof(longs) - 1);
		return json_string(longs);
	case 8: return json_array();
	default: return json_pack("{s:s}", "x", "y");
	}
}
#define WRONG_VALUES 10

static int mutate(json_t *v, int k);

/* One value of a tree, parent[key] or parent[i]: replaced if the k-th
 * mutation is one of its own, else looked for below it; -1 once done. */
static int mutate_child(json_t *parent, const char *key, size_t i, json_t *child, int k,
			int *used)
{
	if (k - *used < WRONG_VALUES) {
		if (key)
			json_object_set_new(parent, key, wrong_value(k - *used));
		else
			json_array_set_new(parent, i, wrong_value(k - *used));
		return -1;
	}
	*used += WRONG_VALUES;
	int r = mutate(child, k - *used);
	if (r < 0)
		return -1;
	*used += r;
	return 0;
}

/* Put the k-th wrong value (values in document order, WRONG_VALUES each)
 * into v's tree: -1 when done, else how many mutations the tree has (k is
 * past them). */
static int mutate(json_t *v, int k)
{
	const char *key;
	json_t *child;
	size_t i;
	int used = 0;

	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
			if (mutate_child(v, key, 0, child, k, &used) < 0)
				return -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			if (mutate_child(v, NULL, i, child, k, &used) < 0)
				return -1;
	}
	return used;
}

static void answer_json(struct conn *c, int status, json_t *o)
{
	char *text = json_dumps(o, JSON_COMPACT);
	size_t n = text ? strlen(text) : 0;
	putf(c, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
	     "Connection: close\r\n\r\n", status, n);
	put(c, text, n);
	free(text);
}

/* 100 MB announced and sent, or (chunked) a body without end: until the
 * client closes, or 1 GiB. */
static void flood(struct hostile *h, struct conn *c, int status, int chunked)
{
	static char block[65536];
	int64_t size = chunked ? 1LL << 30 : 100 << 20;
	memset(block, ' ', sizeof(block));
	if (chunked)
		putf(c, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
		     "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", status);
	else
		putf(c, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
		     "Content-Length: %lld\r\nConnection: close\r\n\r\n", status, (long long)size);
	for (int64_t n = 0; n < size && !atomic_load(&h->stop); n += sizeof(block))
		if ((chunked && putf(c, "%zx\r\n", sizeof(block)) < 0) ||
		    put(c, block, sizeof(block)) < 0 || (chunked && put(c, "\r\n", 2) < 0))
			break;
}

static void answer(struct hostile *h, struct conn *c, const char *method, const char *path,
		   json_t *body)
{
	int status;

	pthread_mutex_lock(&h->lock);
	enum hostile_mode mode = h->mode;
	int arg = h->arg, arg2 = h->arg2;
	json_t *good = good_answer(h, method, path, body, &status);
	if (mode == HOSTILE_MUTATE) {
		h->answered++;
		h->mutated += mutate(good, arg) < 0; /* else k is past its last value */
	}
	pthread_mutex_unlock(&h->lock);

	switch (mode) {
	case HOSTILE_GOOD:
	case HOSTILE_OTHER:
	case HOSTILE_MUTATE:
		answer_json(c, status, good);
		break;
	case HOSTILE_GARBLED: {
		static const char junk[] = "{\"number\": \"A0\x01\"\r\n<html>x";
		putf(c, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
		     "Connection: close\r\n\r\n%s", status, strlen(junk), junk);
		break;
	}
	case HOSTILE_TRUNCATED:
		putf(c, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
		     "Connection: close\r\n\r\n{\"number\": \"A001\", \"serv", status);
		break;
	case HOSTILE_TRICKLE:
		putf(c, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: 100000"
		     "\r\nConnection: close\r\n\r\n", status);
		/* a byte a second, for up to ten minutes, until the client gives up */
		for (int i = 0; i < 600 && !atomic_load(&h->stop); i++)
			if (client_gone(c, 1000) || put(c, i ? " " : "{", 1) < 0)
				break;
		break;
	case HOSTILE_HUGE:
	case HOSTILE_ENDLESS:
		flood(h, c, status, mode == HOSTILE_ENDLESS);
		break;
	case HOSTILE_REFUSE: {
		/* a booking "already used" with a text to print in place of its number */
		json_t *o = strcmp(path, "/checkins") ?
			    json_pack("{s:s}", "error", "x\nkiosk: error: forged line") :
			    json_pack("{s:s, s:s, s:s, s:s}", "error", "booking_refused", "reason",
				      "ALREADY_USED", "number", "GỌI 113", "service", "A");
		answer_json(c, strcmp(path, "/checkins") ? 422 : 409, o);
		json_decref(o);
		break;
	}
	case HOSTILE_REDIRECT:
		putf(c, "HTTP/1.1 %d X\r\nLocation: http://127.0.0.1:%d/api/v1%s\r\n"
		     "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n"
		     "\r\n{}", arg, arg2, path);
		break;
	}
	json_decref(good);
}

/* Read one request: head and body; 0, or -1 when it is not one. */
static int serve(struct hostile *h, struct conn *c)
{
	static char head[HEAD_MAX + 1], body[BODY_MAX + 1];
	size_t n = 0, blen = 0, want = 0;
	char *end = NULL, method[8], path[256], auth[96] = "";

	while (!end && n < HEAD_MAX) {
		ssize_t r = recv(c->fd, head + n, HEAD_MAX - n, 0);
		if (r <= 0)
			return -1;
		n += (size_t)r;
		head[n] = '\0';
		end = strstr(head, "\r\n\r\n");
	}
	if (!end || sscanf(head, "%7s %255s", method, path) != 2)
		return -1;
	for (char *l = strstr(head, "\r\n"); l && l < end; l = strstr(l + 2, "\r\n")) {
		if (!strncasecmp(l + 2, "Content-Length:", 15))
			want = strtoul(l + 17, NULL, 10);
		if (!strncasecmp(l + 2, "Authorization:", 14))
			sscanf(l + 16, " %95[^\r]", auth);
	}
	blen = n - (size_t)(end + 4 - head);
	memcpy(body, end + 4, blen);
	while (blen < want && blen < BODY_MAX) {
		ssize_t r = recv(c->fd, body + blen, BODY_MAX - blen, 0);
		if (r <= 0)
			return -1;
		blen += (size_t)r;
	}
	body[blen] = '\0';
	path[strcspn(path, "?")] = '\0';

	pthread_mutex_lock(&h->lock);
	h->requests++;
	if (h->nauth < PUSHED_MAX)
		snprintf(h->auth[h->nauth++], sizeof(h->auth[0]), "%s", auth);
	pthread_mutex_unlock(&h->lock);

	json_t *o = json_loadb(body, blen, 0, NULL);
	answer(h, c, method, strncmp(path, "/api/v1", 7) ? path : path + 7, o);
	json_decref(o);
	return 0;
}

static void *run(void *arg)
{
	struct hostile *h = arg;
	while (!atomic_load(&h->stop)) {
		struct pollfd p = { .fd = h->fd, .events = POLLIN };
		if (poll(&p, 1, 100) <= 0)
			continue;
		struct conn c = { .fd = accept(h->fd, NULL, NULL) };
		if (c.fd < 0)
			continue;
		serve(h, &c);
		shutdown(c.fd, SHUT_WR);
		client_gone(&c, 2000); /* the client reads the end before the socket goes */
		close(c.fd);
		pthread_mutex_lock(&h->lock);
		if (c.sent > h->max_sent)
			h->max_sent = c.sent;
		pthread_mutex_unlock(&h->lock);
	}
	return NULL;
}

struct hostile *hostile_start(void)
{
	struct hostile *h = calloc(1, sizeof(*h));
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int one = 1;

	if (!h)
		return NULL;
	h->lease_next = 100;
	h->seq = 20000; /* the server's own numbers: never a lease's or a band's here */
	pthread_mutex_init(&h->lock, NULL);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	h->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (h->fd < 0 || bind(h->fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(h->fd, 16) < 0 || getsockname(h->fd, (struct sockaddr *)&a, &len) < 0 ||
	    pthread_create(&h->thread, NULL, run, h) != 0) {
		if (h->fd >= 0)
			close(h->fd);
		free(h);
		return NULL;
	}
	h->port = ntohs(a.sin_port);
	return h;
}

void hostile_stop(struct hostile *h)
{
	if (!h)
		return;
	atomic_store(&h->stop, 1);
	pthread_join(h->thread, NULL);
	close(h->fd);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

int hostile_port(const struct hostile *h)
{
	return h->port;
}

void hostile_set(struct hostile *h, enum hostile_mode mode, int arg, int arg2)
{
	pthread_mutex_lock(&h->lock);
	h->mode = mode;
	h->arg = arg;
	h->arg2 = arg2;
	h->mutated = h->answered = 0;
	pthread_mutex_unlock(&h->lock);
}

#define GETTER(type, name, expr) \
	type name(struct hostile *h) \
	{ \
		pthread_mutex_lock(&h->lock); \
		type v = (expr); \
		pthread_mutex_unlock(&h->lock); \
		return v; \
	}
GETTER(int, hostile_requests, h->requests)
GETTER(int64_t, hostile_max_sent, h->max_sent)
GETTER(int, hostile_mutations_done, h->answered > 0 && h->mutated == 0)

int hostile_bad_auth(struct hostile *h, const char *token)
{
	char want[96];
	int bad = 0;
	snprintf(want, sizeof(want), "Bearer %s", token);
	pthread_mutex_lock(&h->lock);
	for (int i = 0; i < h->nauth; i++)
		bad += strcmp(h->auth[i], want) != 0;
	pthread_mutex_unlock(&h->lock);
	return bad;
}

int hostile_was_pushed(struct hostile *h, const char *service, const char *number)
{
	char want[24];
	int found = 0;
	snprintf(want, sizeof(want), "%s %s", service, number);
	pthread_mutex_lock(&h->lock);
	for (int i = 0; i < h->npushed && !found; i++)
		found = !strcmp(h->pushed[i], want);
	pthread_mutex_unlock(&h->lock);
	return found;
}

int hostile_pages(struct hostile *h, const char *client_ref, char pages[][32], int max)
{
	int n = 0;
	pthread_mutex_lock(&h->lock);
	for (int i = 0; i < h->nsent; i++)
		if (!strcmp(h->sent_ref[i], client_ref)) {
			if (n < max)
				snprintf(pages[n], 32, "%s", h->sent_page[i]);
			n++;
		}
	pthread_mutex_unlock(&h->lock);
	return n;
}
