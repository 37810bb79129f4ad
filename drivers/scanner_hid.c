/*
 * scanner_hid.c - a USB HID POS scanner through Linux hidraw
 * (/dev/hidrawN): the report descriptor says where the code sits
 * (hidpos.c); each report's code bytes go to scanner.c's framing, and the
 * last report of a code (no "continued" bit) ends it.
 */
#include "scanner_private.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/hidraw.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int hid_open(struct scanner *s)
{
	struct hidraw_report_descriptor desc;
	int size = 0;

	s->fd = open(s->device, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fd < 0)
		return K_ERR_NODEV;
	memset(&desc, 0, sizeof(desc));
	if (ioctl(s->fd, HIDIOCGRDESCSIZE, &size) < 0 || size <= 0 ||
	    size > HID_MAX_DESCRIPTOR_SIZE)
		goto not_pos;
	desc.size = (unsigned)size;
	if (ioctl(s->fd, HIDIOCGRDESC, &desc) < 0 || hidpos_parse(desc.value, desc.size, &s->hid) < 0)
		goto not_pos;
	klog(KLOG_INFO, "scanner: %s open (HID POS, report %d, %d bytes of code)", s->device,
	     s->hid.report_id, s->hid.data_len);
	return K_OK;
not_pos:
	if (!s->complained) /* once: it is tried again every few seconds */
		klog(KLOG_ERR, "scanner: %s is not a HID POS scanner (usage page 0x8C): set it "
		     "to that mode, or use mode = evdev or serial", s->device);
	s->complained = 1;
	close(s->fd);
	s->fd = -1;
	return K_ERR_NODEV;
}

static void hid_close(struct scanner *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int hid_read(struct scanner *s, unsigned char *buf, size_t cap, int timeout_ms)
{
	uint8_t report[HID_MAX_DESCRIPTOR_SIZE];
	struct pollfd p = { s->fd, POLLIN, 0 };
	int more = 0;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	ssize_t r = read(s->fd, report, sizeof(report));
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r <= 0)
		return K_ERR_NODEV; /* unplugged */
	int n = hidpos_extract(&s->hid, report, (size_t)r, buf, cap - 1, &more);
	if (n < 0)
		return 0; /* another report (settings, status) */
	for (int i = 0; i < n; i++)
		if (buf[i] == '\r' || buf[i] == '\n')
			buf[i] = '?'; /* inside a code: not an end (framing is by report) */
	if (!more)
		buf[n++] = '\r'; /* the last report of this code */
	return n;
}

const struct scanner_ops scanner_hid_ops = { "hid", hid_open, hid_close, hid_read };
