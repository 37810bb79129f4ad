/*
 * fuzz_http.c - the request line and headers as the station server sees
 * them, fuzzed: the real server (server/http.c on libmicrohttpd, the real
 * route table of server/api.c over a temporary queue database) started
 * once on 127.0.0.1 port 0, and each input written as it is to a fresh
 * connection; the answer is read until it is complete, the server closes,
 * or a short bound passes (an input that is not a whole request is
 * answered only if the server refuses it at once, within 10 ms; one that
 * is, within 1 s).  Slower per input than the in-process targets, but it reaches
 * libmicrohttpd's parser, our on_request, the body caps, the routing and
 * the callers' tokens, cookies and CSRF checks as a client would.
 *
 * libFuzzer target (tools/fuzz.sh http); replayed over tests/fuzz/http/ by ctest.
 */
#define _GNU_SOURCE
#include "api.h"
#include "fuzz_server.h"
#include "fuzz_station.h"
#include "http.h"
#include "kerr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct http_server *http;
static int port;

static void stop(void)
{
	api_stop(fuzz_server());
	http_stop(http);
}

static void setup(void)
{
	if (http)
		return;
	signal(SIGPIPE, SIG_IGN);
	FUZZ_CHECK(http_start(&http, fuzz_station(), "127.0.0.1:0", api_routes, api_nroutes,
			      fuzz_server(), api_session) == K_OK);
	port = http_port(http);
	atexit(stop);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Is this a whole request (headers ended and a Content-Length's body there)? */
static int whole(const uint8_t *d, size_t n)
{
	const char *end = memmem(d, n, "\r\n\r\n", 4);
	if (!end)
		return 0;
	size_t head = (size_t)(end - (const char *)d) + 4;
	const char *cl = NULL;
	for (size_t i = 0; i + 15 < head; i++)
		if (strncasecmp((const char *)d + i, "\ncontent-length:", 16) == 0)
			cl = (const char *)d + i + 16;
	return !cl || strtoul(cl, NULL, 10) <= n - head;
}

/* Has reply[0..n) a status line, headers and as much body as it announces? */
static int complete(const char *reply, size_t n)
{
	const char *end = memmem(reply, n, "\r\n\r\n", 4);
	if (!end)
		return 0;
	const char *cl = memmem(reply, (size_t)(end - reply), "Content-Length: ", 16);
	size_t head = (size_t)(end - reply) + 4;
	return cl && strtoul(cl + 16, NULL, 10) <= n - head;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char reply[1 << 16];
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	setup();
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	size_t off = 0;
	while (off < size) {
		ssize_t k = send(fd, data + off, size - off, MSG_NOSIGNAL);
		if (k <= 0)
			break; /* the server closed on a refusal */
		off += (size_t)k;
	}
	int wait_ms = whole(data, size) ? 1000 : 10;
	long long until = now_ms() + wait_ms;
	size_t n = 0;
	for (;;) {
		long long left = until - now_ms();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t k = recv(fd, reply + n, sizeof(reply) - 1 - n, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
		if (n >= 12)
			FUZZ_CHECK(memcmp(reply, "HTTP/1.", 7) == 0);
		if (complete(reply, n) || n >= sizeof(reply) - 1)
			break;
	}
	close(fd);
	return 0;
}
