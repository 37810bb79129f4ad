/*
 * test_scanner.c - the serial scanner driver on a pseudo-terminal standing
 * in for /dev/ttyACM0: framing by CR/LF/TAB or a pause, two codes in one
 * read, NUL bytes dropped, the length capped, unplugging; and the evdev
 * driver fed kernel input events through a pipe.
 */
#include "testutil.h"
#include "kerr.h"
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_framed),
		cmocka_unit_test(evdev_keys_become_the_code),
		cmocka_unit_test(modes_and_absent_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
