/*
 * printer_tcp.c - network printers: tcp:HOST[:PORT] (raw port 9100).
 *
 * A non-blocking socket with poll() around connect, every write and every
 * read, so a printer that accepts and never reads costs a timeout, not a
 * hung kiosk.  Status queries go over the same connection.
 */
#include "printer_private.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 3000

struct tcp {
	int fd;
};

static int wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = { fd, events, 0 };
	int r;
	do
		r = poll(&pfd, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	return r; /* 1 ready, 0 timeout, -1 error */
}

static int try_connect(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ai->ai_protocol);
	int err = 0;
	socklen_t elen = sizeof(err);

	if (fd < 0)
		return -1;
	/* A small send buffer: a job waits in the printer, not in our kernel, so a
	 * printer that stops reading shows up as a write timeout. */
	int sndbuf = 32768;
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno == EINPROGRESS && wait_fd(fd, POLLOUT, CONNECT_TIMEOUT_MS) == 1 &&
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err == 0)
		return fd;
	close(fd);
	return -1;
}

static int op_open(struct printer *p)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	char port[8];
	struct tcp *t;
	int fd = -1, rc;

	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%d", p->uri.port);
	rc = getaddrinfo(p->uri.host, port, &hints, &res);
	if (rc != 0) {
		printer_open_error(p, "printer tcp: %s: %s", p->uri.host, gai_strerror(rc));
		return K_ERR_NODEV;
	}
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = try_connect(ai);
	freeaddrinfo(res);
	if (fd < 0) {
		printer_open_error(p, "printer tcp: cannot connect to %s:%d", p->uri.host,
				   p->uri.port);
		return K_ERR_NODEV;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		close(fd);
		return K_ERR_NOMEM;
	}
	t->fd = fd;
	p->priv = t;
	klog(KLOG_INFO, "printer tcp: connected to %s:%d", p->uri.host, p->uri.port);
	return K_OK;
}

static void op_close(struct printer *p)
{
	struct tcp *t = p->priv;
	if (t)
		close(t->fd);
	free(t);
	p->priv = NULL;
}

static int op_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	struct tcp *t = p->priv;
	long long deadline = printer_now_ms() + timeout_ms;
	size_t done = 0;

	while (done < len) {
		long long left = deadline - printer_now_ms();
		if (left <= 0 || wait_fd(t->fd, POLLOUT, (int)left) == 0) {
			klog(KLOG_WARN, "printer tcp: write timed out after %zu of %zu bytes", done,
			     len);
			return K_ERR_TIMEOUT;
		}
		ssize_t n = send(t->fd, buf + done, len - done, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			klog(KLOG_WARN, "printer tcp: write: %s", strerror(errno));
			return errno == EPIPE || errno == ECONNRESET ? K_ERR_NODEV : K_ERR_IO;
		}
		done += (size_t)n;
	}
	return K_OK;
}

static int op_read(struct printer *p, uint8_t *buf, size_t len, int timeout_ms)
{
	struct tcp *t = p->priv;
	if (wait_fd(t->fd, POLLIN, timeout_ms) == 0)
		return 0;
	ssize_t n = recv(t->fd, buf, len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n < 0)
		return K_ERR_IO;
	if (n == 0)
		return K_ERR_NODEV; /* the printer closed the connection */
	return (int)n;
}

const struct printer_ops printer_tcp_ops = {
	.name = "tcp",
	.open = op_open,
	.close = op_close,
	.write = op_write,
	.read = op_read,
};
