/*
 * test_scanner.c - the serial scanner driver on a pseudo-terminal standing
 * in for /dev/ttyACM0: framing by CR/LF/TAB or a pause, two codes in one
 * read, NUL bytes dropped, the length capped, unplugging; the evdev
 * driver fed kernel input events through a pipe; HID POS reports read by
 * the layout their report descriptor gives.  Hot-plug: a serial scanner
 * named by a symlink (as /dev/kiosk/scanner is) unplugged and a new pty put
 * behind the name, an evdev scanner's node (a FIFO) removed and made again:
 * each is found again by the same scanner, the unplug is logged once, and
 * reads of an absent scanner wait rather than spin.
 */
#include "testutil.h"
#include "kerr.h"
#include "hidpos.h"
#include "klog.h"
#include "scanner.h"

#include <fcntl.h>
#include <linux/input.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct pty {
	int master, slave;
	char name[64];
};

static void pty_open(struct pty *p)
{
	assert_int_equal(openpty(&p->master, &p->slave, p->name, NULL, NULL), 0);
}

static void put(struct pty *p, const void *data, size_t n)
{
	assert_int_equal(write(p->master, data, n), (ssize_t)n);
}

static void codes_are_framed(void **state)
{
	(void)state;
	struct pty p;
	struct scanner *s;
	char buf[SCANNER_MAX + 1];
	size_t len;

	pty_open(&p);
	assert_int_equal(scanner_open(&s, "serial", p.name), 0);
	assert_int_equal(scanner_read(s, buf, &len, 50), K_ERR_TIMEOUT);
	put(&p, "CCB1:K1:ABC\r\n", 13);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "CCB1:K1:ABC");
	assert_int_equal(len, 11);
	put(&p, "FIRST\nSECOND\t", 13);                   /* two codes in one read */
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "FIRST");
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "SECOND");
	put(&p, "NOSUFFIX", 8);                           /* ended by a pause */
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "NOSUFFIX");
	put(&p, "A\0B\r", 4);                             /* a NUL is dropped */
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "AB");
	assert_int_equal(len, 2);
	char big[1001];
	memset(big, 'x', 1000);
	big[1000] = '\n';
	put(&p, big, sizeof(big));                        /* capped, and so refused later */
	assert_int_equal(scanner_read(s, buf, &len, 2000), 0);
	assert_int_equal(len, SCANNER_MAX);
	assert_int_equal(strlen(buf), SCANNER_MAX);
	put(&p, "AFTER\r\n", 7);                          /* the next code is whole */
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "AFTER");

	close(p.master);                                  /* unplugged */
	close(p.slave);
	int r = scanner_read(s, buf, &len, 500);
	assert_true(r == K_ERR_NODEV);
	assert_int_equal(scanner_read(s, buf, &len, 100), K_ERR_NODEV);
	scanner_close(s);
}

/* One key event, as the kernel's evdev gives it. */
static void key(int fd, int code, int value)
{
	struct input_event e[2];
	memset(e, 0, sizeof(e));
	e[0].type = EV_KEY;
	e[0].code = (unsigned short)code;
	e[0].value = value;
	e[1].type = EV_SYN; /* SYN_REPORT */
	assert_int_equal(write(fd, e, sizeof(e)), (ssize_t)sizeof(e));
}

static void tap(int fd, int code)
{
	key(fd, code, 1);
	key(fd, code, 0);
}

/* A pipe stands in for /dev/input/eventN (it cannot be grabbed: a warning). */
static void evdev_keys_become_the_code(void **state)
{
	(void)state;
	struct scanner *s;
	char buf[SCANNER_MAX + 1], path[64];
	size_t len;
	int p[2];

	assert_int_equal(pipe(p), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	assert_int_equal(scanner_open(&s, "evdev", path), 0);
	key(p[1], KEY_LEFTSHIFT, 1);                      /* "CCB1:K1" as a scanner types it */
	tap(p[1], KEY_C);
	tap(p[1], KEY_C);
	key(p[1], KEY_B, 1);
	key(p[1], KEY_B, 2);                              /* auto-repeat: not a second B */
	key(p[1], KEY_B, 0);
	key(p[1], KEY_LEFTSHIFT, 0);
	tap(p[1], KEY_1);
	key(p[1], KEY_RIGHTSHIFT, 1);
	tap(p[1], KEY_SEMICOLON);
	tap(p[1], KEY_K);
	key(p[1], KEY_RIGHTSHIFT, 0);
	tap(p[1], KEY_1);
	tap(p[1], KEY_ENTER);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "CCB1:K1");
	tap(p[1], KEY_A);                                 /* lower case, ended by Tab */
	tap(p[1], KEY_MINUS);
	tap(p[1], KEY_F1);                                /* a key that types nothing */
	tap(p[1], KEY_TAB);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "a-");
	close(p[1]);                                      /* unplugged */
	assert_int_equal(scanner_read(s, buf, &len, 500), K_ERR_NODEV);
	scanner_close(s);
	close(p[0]);
}

/* A HID POS scanner's descriptor as Honeywell's lays it out: report 2 =
 * a vendor length byte, 3 symbology bytes, 56 bytes of code, a continued bit. */
static const uint8_t pos_desc[] = {
	0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01,             /* Bar Code Scanner, application */
	0x09, 0x12, 0xA1, 0x02,                         /* Scanned Data Report */
	0x85, 0x02, 0x15, 0x00, 0x26, 0xFF, 0x00,       /* report 2, 0..255 */
	0x75, 0x08, 0x95, 0x01, 0x06, 0x00, 0xFF, 0x09, 0x01, 0x81, 0x02, /* vendor length */
	0x05, 0x8C, 0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x95, 0x03, 0x81, 0x02, /* symbology */
	0x09, 0xFE, 0x95, 0x38, 0x82, 0x02, 0x01,       /* Decoded Data x 56 */
	0x09, 0xFF, 0x75, 0x01, 0x95, 0x01, 0x25, 0x01, 0x81, 0x02, /* Decoded Data Continued */
	0x75, 0x07, 0x81, 0x03,                         /* padding */
	0xC0, 0xC0,
};

static size_t pos_report(uint8_t *r, const char *code, int more)
{
	memset(r, 0, 62);
	r[0] = 0x02;
	r[1] = (uint8_t)strlen(code);
	memcpy(r + 2, "]Q1", 3);                       /* AIM: QR code */
	memcpy(r + 5, code, strlen(code) > 56 ? 56 : strlen(code));
	r[61] = (uint8_t)more;
	return 62;
}

static void hid_pos_reports_are_read_by_their_descriptor(void **state)
{
	(void)state;
	struct hidpos_layout l;
	uint8_t r[64], out[64];
	int more;
	static const uint8_t keyboard[] = { 0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x75,
					    0x08, 0x95, 0x06, 0x81, 0x00, 0xC0 };

	assert_int_equal(hidpos_parse(pos_desc, sizeof(pos_desc), &l), 0);
	assert_int_equal(l.report_id, 2);
	assert_int_equal(l.data_bit, 32);
	assert_int_equal(l.data_len, 56);
	assert_int_equal(l.cont_bit, 32 + 56 * 8);
	const char *code = "CCB1:K1:DIAN-PC06:BK2611280042:CAPDOI:202611280930:30:XWGFAHSO2ZW";
	size_t n = pos_report(r, code, 1);                 /* the first 56 bytes, more to come */
	assert_int_equal(hidpos_extract(&l, r, n, out, sizeof(out), &more), 56);
	assert_memory_equal(out, code, 56);
	assert_int_equal(more, 1);
	n = pos_report(r, code + 56, 0);                   /* the rest, NUL-padded */
	assert_int_equal(hidpos_extract(&l, r, n, out, sizeof(out), &more), (int)strlen(code + 56));
	assert_int_equal(more, 0);
	r[0] = 0x04;                                       /* another report: not a code */
	assert_int_equal(hidpos_extract(&l, r, n, out, sizeof(out), &more), -1);
	assert_int_equal(hidpos_extract(&l, r, 3, out, sizeof(out), &more), -1);
	assert_int_equal(hidpos_parse(keyboard, sizeof(keyboard), &l), -1); /* not HID POS */
	assert_int_equal(hidpos_parse(pos_desc, 20, &l), -1); /* cut short */
	/* a device that claims 4 billion fields (found by the fuzzer: it looped for
	 * seconds per report): refused at once */
	static const uint8_t huge[] = { 0x05, 0x8C, 0x09, 0xFE, 0x75, 0x08, 0x97, 0xFF, 0xFF,
					0xFF, 0xFF, 0x81, 0x02 };
	assert_int_equal(hidpos_parse(huge, sizeof(huge), &l), -1);
}

static void modes_and_absent_devices(void **state)
{
	(void)state;
	struct scanner *s;
	char buf[SCANNER_MAX + 1];
	size_t len;
	assert_int_equal(scanner_open(&s, "laser", ""), K_ERR_INVALID);
	assert_int_equal(scanner_open(&s, "none", ""), 0);
	assert_int_equal(scanner_read(s, buf, &len, 10), K_ERR_DISABLED_DEV);
	scanner_close(s);
	assert_int_equal(scanner_open(&s, "serial", "/dev/ttyACM-not-there"), 0);
	assert_int_equal(scanner_read(s, buf, &len, 10), K_ERR_NODEV);
	scanner_close(s);
	assert_int_equal(scanner_open(&s, "hid", "/dev/null"), 0); /* no descriptor: not HID POS */
	assert_int_equal(scanner_read(s, buf, &len, 10), K_ERR_NODEV);
	scanner_close(s);
}

/* stderr into a file while a test runs, to count what was logged. */
struct logged {
	char path[64];
	int saved;
};

static void log_capture(struct logged *l)
{
	snprintf(l->path, sizeof(l->path), "/tmp/test_scanner-log-XXXXXX");
	int fd = mkstemp(l->path);
	assert_true(fd >= 0);
	fflush(stderr);
	l->saved = dup(2);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
	klog_init("test", KLOG_INFO);
}

/* Lines logged since log_capture() that hold what. */
static int log_count(struct logged *l, const char *what)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(l->path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, what) != NULL;
	fclose(f);
	return n;
}

static void log_release(struct logged *l)
{
	fflush(stderr);
	dup2(l->saved, 2);
	close(l->saved);
	unlink(l->path);
	klog_init("test", KLOG_ERR);
}

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Read until the scanner is open again (or 60 s: not back): every read in
 * between says K_ERR_NODEV; how many reads it took. */
static int read_until_back(struct scanner *s)
{
	char buf[SCANNER_MAX + 1];
	size_t len;
	int reads = 0;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!scanner_present(s)) {
		int r = scanner_read(s, buf, &len, 100);
		reads++;
		if (!scanner_present(s))
			assert_int_equal(r, K_ERR_NODEV);
		if (seconds_since(&start) > 60)
			fail_msg("the scanner was not opened again");
	}
	return reads;
}

/* /dev/kiosk/scanner is a symlink udev points at the tty of the moment. */
static void serial_scanner_replugged_behind_its_name(void **state)
{
	(void)state;
	struct pty a, b;
	struct scanner *s;
	struct logged log;
	char dir[] = "/tmp/test_scanner-XXXXXX", link[64], tmp[80], buf[SCANNER_MAX + 1];
	size_t len;

	assert_non_null(mkdtemp(dir));
	snprintf(link, sizeof(link), "%s/scanner", dir);
	snprintf(tmp, sizeof(tmp), "%s/scanner.new", dir);
	pty_open(&a);
	assert_int_equal(symlink(a.name, link), 0);
	log_capture(&log);
	assert_int_equal(scanner_open(&s, "serial", link), 0);
	assert_true(scanner_present(s));
	put(&a, "BEFORE\r", 7);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "BEFORE");

	close(a.master);                                  /* unplugged: the tty goes */
	close(a.slave);
	unlink(link);
	assert_int_equal(scanner_read(s, buf, &len, 1000), K_ERR_NODEV);
	assert_false(scanner_present(s));
	/* absent: each read waits its time (or for the next try), never spins;
	 * the retries are not logged */
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < 10; i++)
		assert_int_equal(scanner_read(s, buf, &len, 100), K_ERR_NODEV);
	assert_true(seconds_since(&start) >= 0.5);
	assert_int_equal(log_count(&log, "unplugged"), 1);

	pty_open(&b);                                     /* plugged back, another tty */
	assert_int_equal(symlink(b.name, tmp), 0);
	assert_int_equal(rename(tmp, link), 0);
	read_until_back(s);
	put(&b, "AFTER\r", 6);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "AFTER");
	assert_int_equal(log_count(&log, "unplugged"), 1);
	assert_int_equal(log_count(&log, " open"), 2);   /* at start, and once back */
	log_release(&log);
	scanner_close(s);
	close(b.master);
	close(b.slave);
	unlink(link);
	rmdir(dir);
}

/* An evdev node that disappears and comes back (a FIFO plays it). */
static void evdev_scanner_node_gone_and_back(void **state)
{
	(void)state;
	struct scanner *s;
	struct logged log;
	char dir[] = "/tmp/test_scanner-XXXXXX", path[64], buf[SCANNER_MAX + 1];
	size_t len;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/event-kbd", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	int w = open(path, O_RDWR);                       /* the device's side */
	assert_true(w >= 0);
	log_capture(&log);
	assert_int_equal(scanner_open(&s, "evdev", path), 0);
	tap(w, KEY_A);
	tap(w, KEY_ENTER);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "a");

	unlink(path);                                     /* unplugged */
	close(w);
	assert_int_equal(scanner_read(s, buf, &len, 1000), K_ERR_NODEV);
	for (int i = 0; i < 5; i++)
		assert_int_equal(scanner_read(s, buf, &len, 100), K_ERR_NODEV);
	assert_int_equal(log_count(&log, "unplugged"), 1);

	assert_int_equal(mkfifo(path, 0600), 0);          /* back */
	w = open(path, O_RDWR);
	assert_true(w >= 0);
	read_until_back(s);
	tap(w, KEY_B);
	tap(w, KEY_ENTER);
	assert_int_equal(scanner_read(s, buf, &len, 1000), 0);
	assert_string_equal(buf, "b");
	assert_int_equal(log_count(&log, "unplugged"), 1);
	log_release(&log);
	scanner_close(s);
	close(w);
	unlink(path);
	rmdir(dir);
}

/* A hidraw node that is not a HID POS scanner (the keyboard interface, say):
 * said once, not at each of its retries. */
static void hid_not_pos_said_once(void **state)
{
	(void)state;
	struct scanner *s;
	struct logged log;
	char buf[SCANNER_MAX + 1];
	size_t len;
	struct timespec start;

	log_capture(&log);
	assert_int_equal(scanner_open(&s, "hid", "/dev/null"), 0);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (seconds_since(&start) < 1.2)               /* the first tries: 0.25, 0.5 s */
		assert_int_equal(scanner_read(s, buf, &len, 100), K_ERR_NODEV);
	assert_false(scanner_present(s));
	assert_int_equal(log_count(&log, "is not a HID POS scanner"), 1);
	log_release(&log);
	scanner_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_framed),
		cmocka_unit_test(evdev_keys_become_the_code),
		cmocka_unit_test(hid_pos_reports_are_read_by_their_descriptor),
		cmocka_unit_test(modes_and_absent_devices),
		cmocka_unit_test(serial_scanner_replugged_behind_its_name),
		cmocka_unit_test(evdev_scanner_node_gone_and_back),
		cmocka_unit_test(hid_not_pos_said_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
