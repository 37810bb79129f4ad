/*
 * printer_usb.c - USB printers through libusb: usb: or usb:VVVV:PPPP.
 *
 * Finds the device by vendor:product id, or the first interface of class 7
 * (printer) when none is given; detaches the kernel's usblp driver if it is
 * bound (and says so); claims the interface; writes on the bulk OUT
 * endpoint and reads status on the bulk IN endpoint.  A device that goes
 * away makes the next call fail with K_ERR_NODEV; printer.c then closes it
 * and the next job searches afresh, so unplug and replug need no restart.
 */
#include "printer_private.h"
#include "kerr.h"
#include "klog.h"

#include <libusb.h>
#include <stdlib.h>
#include <string.h>

struct usb {
	libusb_context *ctx;
	libusb_device_handle *h;
	int iface;
	unsigned char ep_out, ep_in; /* ep_in 0: no status channel */
	int detached;                /* we took the interface from usblp */
	int vid, pid;
};

static int map_err(int e)
{
	switch (e) {
	case LIBUSB_ERROR_TIMEOUT: return K_ERR_TIMEOUT;
	case LIBUSB_ERROR_NO_DEVICE:
	case LIBUSB_ERROR_NOT_FOUND: return K_ERR_NODEV;
	case LIBUSB_ERROR_NO_MEM: return K_ERR_NOMEM;
	default: return K_ERR_IO;
	}
}

/* The printer interface of dev and its endpoints; -1 if it has none. */
static int find_interface(libusb_device *dev, int any_class, struct usb *u)
{
	struct libusb_config_descriptor *cfg;
	int found = -1;

	if (libusb_get_active_config_descriptor(dev, &cfg) < 0 &&
	    libusb_get_config_descriptor(dev, 0, &cfg) < 0)
		return -1;
	for (int i = 0; i < cfg->bNumInterfaces && found < 0; i++) {
		for (int a = 0; a < cfg->interface[i].num_altsetting && found < 0; a++) {
			const struct libusb_interface_descriptor *id = &cfg->interface[i].altsetting[a];
			unsigned char out = 0, in = 0;
			if (id->bInterfaceClass != LIBUSB_CLASS_PRINTER && !any_class)
				continue;
			for (int e = 0; e < id->bNumEndpoints; e++) {
				const struct libusb_endpoint_descriptor *ep = &id->endpoint[e];
				if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
					continue;
				if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN)
					in = in ? in : ep->bEndpointAddress;
				else
					out = out ? out : ep->bEndpointAddress;
			}
			if (out) {
				found = id->bInterfaceNumber;
				u->ep_out = out;
				u->ep_in = in;
			}
		}
	}
	libusb_free_config_descriptor(cfg);
	return found;
}

static libusb_device *find_device(struct printer *p, struct usb *u)
{
	libusb_device **list, *hit = NULL;
	ssize_t n = libusb_get_device_list(u->ctx, &list);

	for (ssize_t i = 0; i < n && !hit; i++) {
		struct libusb_device_descriptor d;
		if (libusb_get_device_descriptor(list[i], &d) < 0)
			continue;
		int wanted = p->uri.vid >= 0;
		if (wanted && (d.idVendor != p->uri.vid || d.idProduct != p->uri.pid))
			continue;
		/* a named device may have a vendor-class interface; a search wants class 7 */
		u->iface = find_interface(list[i], wanted, u);
		if (u->iface >= 0) {
			hit = libusb_ref_device(list[i]);
			u->vid = d.idVendor;
			u->pid = d.idProduct;
		}
	}
	if (n >= 0)
		libusb_free_device_list(list, 1);
	return hit;
}

static void op_close(struct printer *p)
{
	struct usb *u = p->priv;
	if (!u)
		return;
	if (u->h) {
		libusb_release_interface(u->h, u->iface);
		if (u->detached)
			libusb_attach_kernel_driver(u->h, u->iface);
		libusb_close(u->h);
	}
	if (u->ctx)
		libusb_exit(u->ctx);
	free(u);
	p->priv = NULL;
}

static int op_open(struct printer *p)
{
	struct usb *u = calloc(1, sizeof(*u));
	libusb_device *dev = NULL;
	int e, r = K_OK;

	if (!u)
		return K_ERR_NOMEM;
	p->priv = u;
	e = libusb_init(&u->ctx);
	if (e < 0) {
		printer_open_error(p, "printer usb: libusb: %s", libusb_strerror(e));
		r = K_ERR_NODEV;
		goto out;
	}
	dev = find_device(p, u);
	if (!dev) {
		if (p->uri.vid >= 0)
			printer_open_error(p, "printer usb: no device %04x:%04x with a bulk OUT "
					   "endpoint", p->uri.vid, p->uri.pid);
		else
			printer_open_error(p, "printer usb: no USB printer (interface class 7) "
					   "found");
		r = K_ERR_NODEV;
		goto out;
	}
	e = libusb_open(dev, &u->h);
	if (e < 0) {
		printer_open_error(p, "printer usb: cannot open %04x:%04x: %s", u->vid, u->pid,
				   libusb_strerror(e));
		r = e == LIBUSB_ERROR_ACCESS ? K_ERR_IO : map_err(e);
		goto out;
	}
	if (libusb_kernel_driver_active(u->h, u->iface) == 1) {
		e = libusb_detach_kernel_driver(u->h, u->iface);
		if (e < 0) {
			printer_open_error(p, "printer usb: the kernel driver of %04x:%04x will "
					   "not let go: %s", u->vid, u->pid, libusb_strerror(e));
			r = K_ERR_IO;
			goto out;
		}
		u->detached = 1;
		klog(KLOG_INFO, "printer usb: detached the kernel driver (usblp) from %04x:%04x "
		     "interface %d", u->vid, u->pid, u->iface);
	}
	e = libusb_claim_interface(u->h, u->iface);
	if (e < 0) {
		printer_open_error(p, "printer usb: cannot claim %04x:%04x interface %d: %s",
				   u->vid, u->pid, u->iface, libusb_strerror(e));
		r = e == LIBUSB_ERROR_BUSY ? K_ERR_IO : map_err(e);
		goto out;
	}
	klog(KLOG_INFO, "printer usb: %04x:%04x ready (OUT 0x%02x, IN 0x%02x)", u->vid, u->pid,
	     u->ep_out, u->ep_in);
out:
	if (dev)
		libusb_unref_device(dev);
	if (r < 0)
		op_close(p);
	return r;
}

static int op_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	struct usb *u = p->priv;
	long long deadline = printer_now_ms() + timeout_ms;
	size_t done = 0;

	while (done < len) {
		long long left = deadline - printer_now_ms();
		int chunk = len - done > 16384 ? 16384 : (int)(len - done), sent = 0;
		if (left <= 0)
			return K_ERR_TIMEOUT;
		int e = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)buf + done, chunk,
					     &sent, (unsigned)left);
		done += (size_t)sent;
		if (e < 0) {
			klog(KLOG_WARN, "printer usb: write stopped after %zu of %zu bytes: %s", done,
			     len, libusb_strerror(e));
			return map_err(e);
		}
	}
	return K_OK;
}

static int op_read(struct printer *p, uint8_t *buf, size_t len, int timeout_ms)
{
	struct usb *u = p->priv;
	int got = 0;

	if (!u->ep_in)
		return 0;
	/* libusb takes 0 as "no timeout": the shortest real wait is 1 ms */
	int e = libusb_bulk_transfer(u->h, u->ep_in, buf, (int)len, &got,
				     timeout_ms > 0 ? (unsigned)timeout_ms : 1);
	if (e == LIBUSB_ERROR_TIMEOUT || e == LIBUSB_ERROR_OVERFLOW)
		return got;
	return e < 0 ? map_err(e) : got;
}

const struct printer_ops printer_usb_ops = {
	.name = "usb",
	.open = op_open,
	.close = op_close,
	.write = op_write,
	.read = op_read,
};
