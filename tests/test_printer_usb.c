/*
 * test_printer_usb.c - the real libusb printer driver against a faked
 * kernel: umockdev emulates sysfs and the usbfs node of an Epson
 * TM-T20II-like printer (04b8:0e15, class 7, bulk OUT 0x01 / IN 0x82), and
 * the handler below answers the usbfs ioctls libusb issues, with the
 * printer itself played by tests/fake_printer.c.  Hot-plug: unplugged in
 * the middle of a job and plugged back; unplugged between jobs and another
 * model plugged in at another address (uri = usb: prints on it).  Run under
 * umockdev-wrapper (ctest does).
 */
#include "testutil.h"
#include "fake_printer.h"
#include "kerr.h"
#include "printer.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#define SYSPATH "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1"
#define DEVNODE "/dev/bus/usb/001/002"

static const char device[] =
	"P: /devices/pci0000:00/0000:00:14.0/usb1/1-1\n"
	"N: bus/usb/001/002\n"
	"E: DEVNAME=/dev/bus/usb/001/002\n"
	"E: DEVTYPE=usb_device\n"
	"E: DRIVER=usb\n"
	"E: PRODUCT=4b8/e15/100\n"
	"E: TYPE=0/0/0\n"
	"E: BUSNUM=001\n"
	"E: DEVNUM=002\n"
	"E: MAJOR=189\n"
	"E: MINOR=1\n"
	"E: SUBSYSTEM=usb\n"
	"A: busnum=1\\n\n"
	"A: devnum=2\\n\n"
	"A: speed=12\\n\n"
	"A: bConfigurationValue=1\\n\n"
	"A: idVendor=04b8\\n\n"
	"A: idProduct=0e15\\n\n"
	"H: descriptors=1201000200000040B804150E00010102030109022000010100C032090400000207010200"
	"0705010240000007058202400000\n";

static struct {
	UMockdevTestbed *tb;
	UMockdevIoctlBase *handler;
	struct fake_printer fp;
	GMutex lock;
	int kernel_bound, refuse_detach, detached_count, claimed;
	int unplugged, stall_out;
	long unplug_after;          /* bytes after which the cable is pulled; -1 never */
	GList *done, *in, *stalled, *discarded; /* UMockdevIoctlData of URBs */
} fx;

static struct kconf cfg;

static void reap(UMockdevIoctlClient *client, UMockdevIoctlData *arg, UMockdevIoctlData *urb_data,
		 int status)
{
	struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
	UMockdevIoctlData *ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
	urb->status = status;
	umockdev_ioctl_data_set_ptr(ptr, 0, urb_data);
	umockdev_ioctl_client_complete(client, 0, 0);
	umockdev_ioctl_data_unref(ptr);
	umockdev_ioctl_data_unref(urb_data);
}

static GList *pop(GList *list, UMockdevIoctlData **out)
{
	*out = list->data;
	return g_list_delete_link(list, list);
}

static gboolean submit(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *urb_data = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb),
								  NULL);
	struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;

	if (fx.unplugged) {
		umockdev_ioctl_data_unref(urb_data);
		umockdev_ioctl_client_complete(client, -1, ENODEV);
		return TRUE;
	}
	if (urb->endpoint & 0x80) {
		fx.in = g_list_append(fx.in, urb_data); /* answered at reap time */
	} else if (fx.stall_out) {
		fx.stalled = g_list_append(fx.stalled, urb_data); /* never completes */
	} else {
		UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(
			urb_data, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
			(gsize)urb->buffer_length, NULL);
		fake_printer_feed(&fx.fp, buf->data, (size_t)urb->buffer_length);
		umockdev_ioctl_data_unref(buf);
		urb->actual_length = urb->buffer_length;
		if (fx.unplug_after >= 0 && (long)fx.fp.all_len > fx.unplug_after) {
			fx.unplugged = 1; /* the cable is pulled in the middle of the job */
			urb->actual_length = 0;
			urb->status = -ENODEV;
		}
		fx.done = g_list_append(fx.done, urb_data);
	}
	umockdev_ioctl_client_complete(client, 0, 0);
	return TRUE;
}

static gboolean reap_one(UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *urb_data;
	uint8_t reply[64];

	if (fx.discarded) {
		fx.discarded = pop(fx.discarded, &urb_data);
		reap(client, arg, urb_data, -ENOENT);
		return TRUE;
	}
	if (fx.done) {
		fx.done = pop(fx.done, &urb_data);
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
		reap(client, arg, urb_data, urb->status);
		return TRUE;
	}
	if (fx.in && fx.unplugged) {
		fx.in = pop(fx.in, &urb_data);
		reap(client, arg, urb_data, -ENODEV);
		return TRUE;
	}
	if (fx.in) {
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)((UMockdevIoctlData *)fx.in->data)->data;
		size_t n = fake_printer_take(&fx.fp, reply, (size_t)urb->buffer_length < sizeof(reply) ?
							      (size_t)urb->buffer_length : sizeof(reply));
		if (n) {
			fx.in = pop(fx.in, &urb_data);
			memcpy(urb->buffer, reply, n); /* one address space: the client's buffer */
			urb->actual_length = (int)n;
			reap(client, arg, urb_data, 0);
			return TRUE;
		}
	}
	umockdev_ioctl_client_complete(client, -1, fx.unplugged ? ENODEV : EAGAIN);
	return TRUE;
}

static GList *take_by_addr(GList *list, gulong addr, UMockdevIoctlData **out)
{
	for (GList *l = list; l; l = l->next)
		if (((UMockdevIoctlData *)l->data)->client_addr == addr) {
			*out = l->data;
			return g_list_delete_link(list, l);
		}
	*out = NULL;
	return list;
}

static gboolean handle_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client,
			     gpointer user)
{
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	gulong request = umockdev_ioctl_client_get_request(client);
	gboolean handled = TRUE;
	(void)handler;
	(void)user;

	g_mutex_lock(&fx.lock);
	switch (request) {
	case USBDEVFS_GET_CAPABILITIES: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
		*(guint32 *)d->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
				      USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
		umockdev_ioctl_client_complete(client, 0, 0);
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_GETDRIVER: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0,
								   sizeof(struct usbdevfs_getdriver), NULL);
		if (fx.kernel_bound) {
			strcpy(((struct usbdevfs_getdriver *)d->data)->driver, "usblp");
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, ENODATA);
		}
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_IOCTL: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl),
								   NULL);
		int code = ((struct usbdevfs_ioctl *)d->data)->ioctl_code;
		umockdev_ioctl_data_unref(d);
		if (code == USBDEVFS_DISCONNECT && fx.refuse_detach) {
			umockdev_ioctl_client_complete(client, -1, EPERM);
		} else if (code == USBDEVFS_DISCONNECT) {
			fx.kernel_bound = 0;
			fx.detached_count++;
			umockdev_ioctl_client_complete(client, 0, 0);
		} else if (code == USBDEVFS_CONNECT) {
			fx.kernel_bound = 1;
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			handled = FALSE;
		}
		break;
	}
	case USBDEVFS_CLAIMINTERFACE:
		if (fx.kernel_bound) {
			umockdev_ioctl_client_complete(client, -1, EBUSY);
		} else {
			fx.claimed++;
			umockdev_ioctl_client_complete(client, 0, 0);
		}
		break;
	case USBDEVFS_RELEASEINTERFACE:
	case USBDEVFS_CLEAR_HALT:
	case USBDEVFS_RESET:
	case USBDEVFS_RESETEP:
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_SUBMITURB:
		handled = submit(client, arg);
		break;
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY:
		handled = reap_one(client, arg);
		break;
	case USBDEVFS_DISCARDURB: {
		UMockdevIoctlData *u;
		gulong addr = (gulong) * (void **)arg->data;
		fx.in = take_by_addr(fx.in, addr, &u);
		if (!u)
			fx.stalled = take_by_addr(fx.stalled, addr, &u);
		if (u)
			fx.discarded = g_list_append(fx.discarded, u);
		umockdev_ioctl_client_complete(client, u ? 0 : -1, u ? 0 : EINVAL);
		break;
	}
	default:
		handled = FALSE;
	}
	g_mutex_unlock(&fx.lock);
	return handled;
}

static void plug_in(void)
{
	assert_true(umockdev_testbed_attach_ioctl(fx.tb, DEVNODE, fx.handler, NULL));
	assert_true(umockdev_testbed_add_from_string(fx.tb, device, NULL));
}

static void free_list(GList **l)
{
	g_list_free_full(*l, (GDestroyNotify)umockdev_ioctl_data_unref);
	*l = NULL;
}

static void unplug(void)
{
	umockdev_testbed_uevent(fx.tb, SYSPATH, "remove");
	umockdev_testbed_remove_device(fx.tb, SYSPATH);
	umockdev_testbed_detach_ioctl(fx.tb, DEVNODE, NULL);
	/* URBs of the old device node die with it */
	g_mutex_lock(&fx.lock);
	free_list(&fx.done);
	free_list(&fx.in);
	free_list(&fx.stalled);
	free_list(&fx.discarded);
	g_mutex_unlock(&fx.lock);
}

static int setup(void **state)
{
	struct kconf_errors errs;
	(void)state;
	memset(&fx, 0, sizeof(fx));
	g_mutex_init(&fx.lock);
	fake_printer_init(&fx.fp);
	fx.unplug_after = -1;
	fx.kernel_bound = 1; /* usblp has the printer, as on a fresh board */
	fx.tb = umockdev_testbed_new();
	fx.handler = umockdev_ioctl_base_new();
	g_signal_connect(fx.handler, "handle-ioctl", G_CALLBACK(handle_ioctl), NULL);
	plug_in();
	assert_int_equal(tconf(&cfg, &errs, "[station]\nid = S\nname_vi = S\n[service.A]\n"
				       "prefix = A\nname_vi = A\n[printer]\nstatus_timeout_ms = 150\n"),
			 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free_list(&fx.done);
	free_list(&fx.in);
	free_list(&fx.stalled);
	free_list(&fx.discarded);
	g_clear_object(&fx.handler);
	g_clear_object(&fx.tb);
	fake_printer_free(&fx.fp);
	g_mutex_clear(&fx.lock);
	return 0;
}


static uint8_t job[80000];

static void the_printer_receives_the_job_after_usblp_is_detached(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 250);
	assert_int_equal(printer_open(&p, "usb:04b8:0e15", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 300, &st), 0);
	g_mutex_lock(&fx.lock);
	assert_int_equal(fx.detached_count, 1);
	assert_int_equal(fx.claimed, 1);
	assert_int_equal(fx.fp.job_len, len);
	assert_memory_equal(fx.fp.job, job, len);
	assert_int_equal(fx.fp.queries, 8); /* DLE EOT 1..4, before and after */
	g_mutex_unlock(&fx.lock);
	assert_int_equal(st.paper, PAPER_OK);
	assert_int_equal(st.online, 1);
	/* a second job on the same handle: no second detach or claim */
	assert_int_equal(printer_print(p, job, len, 300, &st), 0);
	assert_int_equal(fx.claimed, 1);
	assert_int_equal(fx.fp.job_len, 2 * len);
	printer_close(p);
	/* closing gives the printer back to usblp */
	assert_int_equal(fx.kernel_bound, 1);
}

static void the_first_printer_is_found_by_class(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	assert_int_equal(printer_query(p, &st), 0);
	assert_int_equal(st.answered, 1);
	printer_close(p);
}

static void status_is_decoded(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 10);
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	fx.fp.status[4] = FAKE_PAPER_NEAR_END;
	assert_int_equal(printer_print(p, job, len, 20, &st), 0);
	assert_int_equal(st.paper, PAPER_NEAR_END);
	fx.fp.status[4] = FAKE_PAPER_OUT;
	size_t before = fx.fp.job_len;
	assert_int_equal(printer_print(p, job, len, 20, &st), K_ERR_PAPER_OUT);
	assert_int_equal(fx.fp.job_len, before); /* nothing sent */
	fx.fp.status[4] = FAKE_PAPER_OK;
	fx.fp.status[2] = 0x16; /* cover open */
	assert_int_equal(printer_print(p, job, len, 20, &st), K_ERR_COVER_OPEN);
	fx.fp.status[2] = 0x12;
	assert_int_equal(printer_print(p, job, len, 20, &st), 0);
	printer_close(p);
}

static void paper_out_during_the_job(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 250);
	fx.fp.paper_out_after = (long)len / 3;
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 300, &st), K_ERR_PAPER_OUT);
	assert_int_equal(fx.fp.job_len, len); /* sent, and the printer says it ran out */
	printer_close(p);
}

static void a_printer_that_never_answers_status(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 10);
	fx.fp.answer = 0;
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 20, &st), K_ERR_TIMEOUT);
	assert_int_equal(fx.fp.job_len, 0);
	printer_close(p);
}

static void a_stalled_printer_times_out(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 10);
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	assert_int_equal(printer_query(p, &st), 0);
	fx.stall_out = 1;
	assert_int_equal(printer_print(p, job, len, 1, &st), K_ERR_TIMEOUT);
	printer_close(p);
}

static void unplugged_mid_job_then_plugged_back(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 250);
	fx.unplug_after = (long)len / 2;
	assert_int_equal(printer_open(&p, "usb:04b8:0e15", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 300, &st), K_ERR_NODEV);
	unplug();
	assert_int_equal(printer_print(p, job, len, 300, &st), K_ERR_NODEV); /* not there */
	/* plugged back in: the next job finds it again, no restart */
	g_mutex_lock(&fx.lock);
	fx.unplugged = 0;
	fx.unplug_after = -1;
	fx.kernel_bound = 1;
	fx.fp.parsed = fx.fp.all_len; /* a replugged printer starts afresh: the half band is lost */
	size_t before = fx.fp.job_len;
	g_mutex_unlock(&fx.lock);
	plug_in();
	assert_int_equal(printer_print(p, job, len, 300, &st), 0);
	assert_int_equal(fx.fp.job_len - before, len);
	assert_memory_equal(fx.fp.job + before, job, len);
	printer_close(p);
}

/* Another model at another address: an Xprinter-like 0483:5743, class 7/1/1. */
#define SYSPATH2 "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2"
#define DEVNODE2 "/dev/bus/usb/001/003"
static const char other_model[] =
	"P: /devices/pci0000:00/0000:00:14.0/usb1/1-2\n"
	"N: bus/usb/001/003\n"
	"E: DEVNAME=/dev/bus/usb/001/003\n"
	"E: DEVTYPE=usb_device\n"
	"E: DRIVER=usb\n"
	"E: PRODUCT=483/5743/100\n"
	"E: TYPE=0/0/0\n"
	"E: BUSNUM=001\n"
	"E: DEVNUM=003\n"
	"E: MAJOR=189\n"
	"E: MINOR=2\n"
	"E: SUBSYSTEM=usb\n"
	"A: busnum=1\\n\n"
	"A: devnum=3\\n\n"
	"A: speed=12\\n\n"
	"A: bConfigurationValue=1\\n\n"
	"A: idVendor=0483\\n\n"
	"A: idProduct=5743\\n\n"
	"H: descriptors=12010002000000408304435700010102030109022000010100C032090400000207010100"
	"0705010240000007058202400000\n";

/*
 * Unplugged between two jobs (the status refresh sees it first), and a
 * printer of another model plugged in instead, at another address: with
 * uri = usb: the next job goes to it, no restart and nothing edited.
 */
static void unplugged_between_jobs_then_another_model(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 60);
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 300, &st), 0);
	g_mutex_lock(&fx.lock);
	fx.unplugged = 1;                              /* the cable is pulled while idle */
	g_mutex_unlock(&fx.lock);
	unplug();
	assert_int_equal(printer_query(p, &st), K_ERR_NODEV); /* the refresh: "unplugged" */
	assert_int_equal(printer_query(p, &st), K_ERR_NODEV); /* still gone, asked again */
	assert_int_equal(printer_print(p, job, len, 300, &st), K_ERR_NODEV);
	g_mutex_lock(&fx.lock);
	fx.unplugged = 0;
	fx.kernel_bound = 1;                           /* usblp takes the new one first */
	fx.fp.parsed = fx.fp.all_len;
	size_t before = fx.fp.job_len;
	int claimed = fx.claimed;
	g_mutex_unlock(&fx.lock);
	assert_true(umockdev_testbed_attach_ioctl(fx.tb, DEVNODE2, fx.handler, NULL));
	assert_true(umockdev_testbed_add_from_string(fx.tb, other_model, NULL));
	assert_int_equal(printer_query(p, &st), 0);    /* found by its class */
	assert_int_equal(st.online, 1);
	assert_int_equal(printer_print(p, job, len, 300, &st), 0);
	g_mutex_lock(&fx.lock);
	assert_int_equal(fx.fp.job_len - before, len);
	assert_memory_equal(fx.fp.job + before, job, len);
	assert_int_equal(fx.claimed, claimed + 1);     /* the new one, claimed once */
	g_mutex_unlock(&fx.lock);
	printer_close(p);
	umockdev_testbed_detach_ioctl(fx.tb, DEVNODE2, NULL);
	umockdev_testbed_remove_device(fx.tb, SYSPATH2);
}

static void a_kernel_driver_that_will_not_let_go(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 10);
	fx.refuse_detach = 1;
	assert_int_equal(printer_open(&p, "usb:", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 20, &st), K_ERR_IO);
	assert_int_equal(fx.claimed, 0);
	printer_close(p);
}

static void a_device_that_is_not_there(void **state)
{
	(void)state;
	struct printer *p;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 10);
	assert_int_equal(printer_open(&p, "usb:0519:0001", &cfg), 0);
	assert_int_equal(printer_print(p, job, len, 20, &st), K_ERR_NODEV);
	assert_int_equal(printer_query(p, &st), K_ERR_NODEV);
	printer_close(p);
}

int main(void)
{
	if (!getenv("UMOCKDEV_DIR") && !getenv("LD_PRELOAD")) {
		/* umockdev_in_mock_environment() is only right once a testbed exists */
		fprintf(stderr, "run under umockdev-wrapper (ctest does)\n");
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_printer_receives_the_job_after_usblp_is_detached,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_first_printer_is_found_by_class, setup, teardown),
		cmocka_unit_test_setup_teardown(status_is_decoded, setup, teardown),
		cmocka_unit_test_setup_teardown(paper_out_during_the_job, setup, teardown),
		cmocka_unit_test_setup_teardown(a_printer_that_never_answers_status, setup, teardown),
		cmocka_unit_test_setup_teardown(a_stalled_printer_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(unplugged_mid_job_then_plugged_back, setup, teardown),
		cmocka_unit_test_setup_teardown(unplugged_between_jobs_then_another_model, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_kernel_driver_that_will_not_let_go, setup, teardown),
		cmocka_unit_test_setup_teardown(a_device_that_is_not_there, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
