/*
 * test_scanner.c - the serial scanner driver on a pseudo-terminal standing
 * in for /dev/ttyACM0: framing by CR/LF/TAB or a pause, two codes in one
 * read, NUL bytes dropped, the length capped, unplugging.
 */
#include "testutil.h"
#include "kerr.h"
#include "scanner.h"

#include <pty.h>
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
		cmocka_unit_test(modes_and_absent_devices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
