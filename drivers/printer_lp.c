/*
 * printer_lp.c - printers behind the kernel's usblp driver: lp:/dev/usb/lp0.
 *
 * Writes go through the character device with poll() timeouts; the status
 * is the driver's own LPGETSTATUS (paper out, selected, error), which does
 * not need the printer to speak ESC/POS status.
 */
#include "printer_private.h"
#include "kerr.h"
#include "klog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/lp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct lp {
	int fd;
};

static int op_open(struct printer *p)
{
	struct lp *l;
	int fd = open(p->uri.path, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		fd = open(p->uri.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		printer_open_error(p, "printer lp: %s: %s", p->uri.path, strerror(e));
		errno = e;
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ? K_ERR_NODEV :
									      K_ERR_IO;
	}
	l = calloc(1, sizeof(*l));
	if (!l) {
		close(fd);
		return K_ERR_NOMEM;
	}
	l->fd = fd;
	p->priv = l;
	return K_OK;
}

static void op_close(struct printer *p)
{
	struct lp *l = p->priv;
	if (l)
		close(l->fd);
	free(l);
	p->priv = NULL;
}

static int op_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	struct lp *l = p->priv;
	long long deadline = printer_now_ms() + timeout_ms;
	size_t done = 0;

	while (done < len) {
		struct pollfd pfd = { l->fd, POLLOUT, 0 };
		long long left = deadline - printer_now_ms();
		if (left <= 0 || poll(&pfd, 1, (int)left) == 0)
			return K_ERR_TIMEOUT;
		ssize_t n = write(l->fd, buf + done, len - done);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			klog(KLOG_WARN, "printer lp: write: %s", strerror(errno));
			return errno == ENODEV || errno == EIO ? K_ERR_NODEV : K_ERR_IO;
		}
		done += (size_t)n;
	}
	return K_OK;
}

static int op_status(struct printer *p, struct printer_status *st)
{
	struct lp *l = p->priv;
	int v = 0;

	if (ioctl(l->fd, LPGETSTATUS, &v) < 0)
		return K_OK; /* not a usblp node (a test FIFO): unknown */
	st->answered = 1;
	st->paper = (v & LP_POUTPA) ? PAPER_OUT : PAPER_OK;
	st->online = !!(v & LP_PSELECD);
	st->error = !(v & LP_PERRORP);
	return K_OK;
}

const struct printer_ops printer_lp_ops = {
	.name = "lp",
	.open = op_open,
	.close = op_close,
	.write = op_write,
	.status = op_status,
};
