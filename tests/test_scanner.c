/*
 * test_scanner.c - the serial scanner driver on a pseudo-terminal standing
 * in for /dev/ttyACM0: framing by CR/LF/TAB or a pause, two codes in one
 * read, NUL bytes dropped, the length capped, unplugging; the evdev
 * driver fed kernel input events through a pipe; HID POS reports read by
 * the layout their report descriptor gives.
 */
#include "testutil.h"
#include "kerr.h"
#include "hidpos.h"
#include "scanner.h"

#include <linux/input.h>
#include <pty.h>
#include <stdio.h>
#include <string.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_framed),
		cmocka_unit_test(evdev_keys_become_the_code),
		cmocka_unit_test(hid_pos_reports_are_read_by_their_descriptor),
		cmocka_unit_test(modes_and_absent_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
