/*
 * scanner.c - the ops table, line framing, and the serial and none backends.
 */
#include "scanner_private.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int serial_open(struct scanner *s)
{
	struct termios t;
	s->fd = open(s->device, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0)
		return K_ERR_NODEV;
	if (tcgetattr(s->fd, &t) == 0) {
		cfmakeraw(&t); /* no echo, no line editing, no CR/LF mapping */
		cfsetspeed(&t, B115200); /* CDC-ACM ignores it; a real UART needs one */
		t.c_cflag |= CLOCAL | CREAD;
		tcsetattr(s->fd, TCSANOW, &t);
	}
	klog(KLOG_INFO, "scanner: %s open", s->device);
	return K_OK;
}

static void serial_close(struct scanner *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int serial_read(struct scanner *s, unsigned char *buf, size_t cap, int timeout_ms)
{
	struct pollfd p = { s->fd, POLLIN, 0 };
	int n = poll(&p, 1, timeout_ms);
	if (n <= 0)
		return 0;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL) && !(p.revents & POLLIN))
		return K_ERR_NODEV;
	ssize_t r = read(s->fd, buf, cap);
	if (r > 0)
		return (int)r;
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return K_ERR_NODEV; /* EOF or EIO: unplugged */
}

static int none_open(struct scanner *s)
{
	(void)s;
	return K_OK;
}

static void none_close(struct scanner *s)
{
	(void)s;
}

static int none_read(struct scanner *s, unsigned char *buf, size_t cap, int timeout_ms)
{
	(void)s, (void)buf, (void)cap;
	struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
	return 0;
}

static const struct scanner_ops serial_ops = { "serial", serial_open, serial_close, serial_read };
static const struct scanner_ops none_ops = { "none", none_open, none_close, none_read };
static const struct scanner_ops *const backends[] = {
	&serial_ops, &scanner_evdev_ops, &scanner_hid_ops, &none_ops,
};

int scanner_open(struct scanner **out, const char *mode, const char *device)
{
	*out = NULL;
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		if (strcmp(mode, backends[i]->name) != 0)
			continue;
		struct scanner *s = calloc(1, sizeof(*s));
		if (!s)
			return K_ERR_NOMEM;
		s->ops = backends[i];
		s->fd = -1;
		kbackoff_init(&s->backoff, SCANNER_RETRY_MIN_MS, SCANNER_RETRY_MAX_MS);
		snprintf(s->device, sizeof(s->device), "%s", device ? device : "");
		if (s->ops->open(s) < 0) {
			klog(KLOG_WARN, "scanner: %s is not there yet", s->device);
			clock_gettime(CLOCK_MONOTONIC, &s->next_try);
		} else {
			s->complained = 0;
		}
		*out = s;
		return K_OK;
	}
	return K_ERR_INVALID;
}

void scanner_close(struct scanner *s)
{
	if (!s)
		return;
	s->ops->close(s);
	free(s);
}

const char *scanner_mode(const struct scanner *s)
{
	return s->ops->name;
}

int scanner_present(const struct scanner *s)
{
	return s->ops == &none_ops || s->fd >= 0;
}

static long ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000L + (now.tv_nsec - t->tv_nsec) / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (ms > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * An absent scanner opened again when its next try is due, waiting for that
 * within timeout_ms: K_OK once open, else K_ERR_NODEV and the next try
 * twice as far (kbackoff: SCANNER_RETRY_MIN_MS up to SCANNER_RETRY_MAX_MS).
 */
static int reopen(struct scanner *s, long timeout_ms)
{
	long due = -ms_since(&s->next_try);
	if (due > timeout_ms) {
		sleep_ms(timeout_ms);
		return K_ERR_NODEV;
	}
	sleep_ms(due);
	if (s->ops->open(s) == K_OK) {
		kbackoff_reset(&s->backoff);
		s->complained = 0;
		return K_OK;
	}
	int wait_ms = kbackoff_next(&s->backoff);
	clock_gettime(CLOCK_MONOTONIC, &s->next_try);
	s->next_try.tv_sec += wait_ms / 1000;
	s->next_try.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (s->next_try.tv_nsec >= 1000000000L) {
		s->next_try.tv_sec++;
		s->next_try.tv_nsec -= 1000000000L;
	}
	return K_ERR_NODEV;
}

/* The code assembled so far, as a result; the next one starts empty. */
static int deliver(struct scanner *s, char *buf, size_t *len)
{
	memcpy(buf, s->line, s->len);
	buf[s->len] = '\0';
	*len = s->seen > SCANNER_MAX ? SCANNER_MAX : s->len; /* cut: refused as too long */
	memset(s->line, 0, sizeof(s->line)); /* nothing of a code stays behind */
	s->len = s->seen = 0;
	return K_OK;
}

/* Frame the bytes in hand; 1 when a code is complete (delivered). */
static int frame(struct scanner *s, char *buf, size_t *len)
{
	while (s->in_pos < s->in_len) {
		unsigned char c = s->in[s->in_pos++];
		if (c == '\r' || c == '\n' || c == '\t') {
			if (s->seen > 0) {
				deliver(s, buf, len);
				return 1;
			}
			continue; /* a CR after an LF, a suffix alone */
		}
		if (c == 0)
			continue; /* a NUL is never passed on */
		if (s->len < SCANNER_MAX)
			s->line[s->len++] = (char)c;
		s->seen++;
	}
	return 0;
}

int scanner_read(struct scanner *s, char *buf, size_t *len, int timeout_ms)
{
	struct timespec start;

	*len = 0;
	if (s->ops == &none_ops) {
		s->ops->read(s, s->in, sizeof(s->in), timeout_ms);
		return K_ERR_DISABLED_DEV;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (frame(s, buf, len))
			return K_OK;
		long left = timeout_ms - ms_since(&start);
		if (s->fd < 0 && reopen(s, left < 0 ? 0 : left) < 0)
			return K_ERR_NODEV;
		left = timeout_ms - ms_since(&start);
		int wait = (int)(left < 0 ? 0 : left);
		if (s->seen > 0 && wait > SCANNER_PAUSE_MS)
			wait = SCANNER_PAUSE_MS; /* a code without a suffix ends by a pause */
		int n = s->ops->read(s, s->in, sizeof(s->in), wait);
		if (n < 0) {
			klog(KLOG_WARN, "scanner: %s unplugged", s->device);
			s->ops->close(s);
			kbackoff_reset(&s->backoff);
			clock_gettime(CLOCK_MONOTONIC, &s->next_try); /* the first try at once */
			s->len = s->seen = 0;
			memset(s->line, 0, sizeof(s->line));
			return K_ERR_NODEV;
		}
		s->in_len = (size_t)n;
		s->in_pos = 0;
		if (n > 0) {
			clock_gettime(CLOCK_MONOTONIC, &s->last_byte);
			continue;
		}
		if (s->seen > 0 && ms_since(&s->last_byte) >= SCANNER_PAUSE_MS) {
			deliver(s, buf, len);
			return K_OK;
		}
		if (ms_since(&start) >= timeout_ms)
			return K_ERR_TIMEOUT;
	}
}
