/*
 * scanner_evdev.c - a keyboard-wedge scanner read straight from its input
 * device (/dev/input/by-id/...-event-kbd), grabbed (EVIOCGRAB) so that its
 * keys never reach the kiosk's window or a console.  Key presses become the
 * characters they type on a US layout (by key position: no keyboard layout
 * garbles a code), Enter and Tab end a code; the framing is scanner.c's.
 */
#include "scanner_private.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Linux key codes 0..57: the character typed, unshifted and shifted. */
static const char plain[] = "\0\0" "1234567890-=" "\0\0" "qwertyuiop[]" "\0\0"
			    "asdfghjkl;'`" "\0\\" "zxcvbnm,./" "\0*\0 ";
static const char upper[] = "\0\0" "!@#$%^&*()_+" "\0\0" "QWERTYUIOP{}" "\0\0"
			    "ASDFGHJKL:\"~" "\0|" "ZXCVBNM<>?" "\0*\0 ";

static int evdev_open(struct scanner *s)
{
	s->fd = open(s->device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0)
		return K_ERR_NODEV;
	if (ioctl(s->fd, EVIOCGRAB, (void *)1) < 0) /* ours alone, or a console sees it */
		klog(KLOG_WARN, "scanner: %s cannot be grabbed (%s): its codes may also be "
		     "typed elsewhere", s->device, strerror(errno));
	s->shift = 0;
	klog(KLOG_INFO, "scanner: %s open", s->device);
	return K_OK;
}

static void evdev_close(struct scanner *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* One key event into buf (at most one byte): 1 if it typed something. */
static int key_event(struct scanner *s, const struct input_event *e, unsigned char *out)
{
	if (e->type != EV_KEY)
		return 0;
	if (e->code == KEY_LEFTSHIFT || e->code == KEY_RIGHTSHIFT) {
		s->shift += e->value == 1 ? 1 : e->value == 0 ? -1 : 0;
		if (s->shift < 0)
			s->shift = 0;
		return 0;
	}
	if (e->value != 1)
		return 0; /* releases, and auto-repeat a scanner never means */
	if (e->code == KEY_ENTER || e->code == KEY_KPENTER || e->code == KEY_TAB) {
		*out = '\r';
		return 1;
	}
	if (e->code >= sizeof(plain) - 1)
		return 0;
	char c = (s->shift ? upper : plain)[e->code];
	if (c == '\0')
		return 0;
	*out = (unsigned char)c;
	return 1;
}

static int evdev_read(struct scanner *s, unsigned char *buf, size_t cap, int timeout_ms)
{
	struct input_event ev[16];
	struct pollfd p = { s->fd, POLLIN, 0 };
	size_t n = 0;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL) && !(p.revents & POLLIN))
		return K_ERR_NODEV;
	size_t want = cap < sizeof(ev) / sizeof(ev[0]) ? cap : sizeof(ev) / sizeof(ev[0]);
	ssize_t r = read(s->fd, ev, want * sizeof(ev[0]));
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r <= 0)
		return K_ERR_NODEV; /* ENODEV: unplugged */
	for (size_t i = 0; i < (size_t)r / sizeof(ev[0]); i++)
		n += (size_t)key_event(s, &ev[i], buf + n);
	return (int)n;
}

const struct scanner_ops scanner_evdev_ops = { "evdev", evdev_open, evdev_close, evdev_read };
