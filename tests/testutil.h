/*
 * testutil.h - fixtures shared by the tests: a configuration from a string,
 * a clock the test moves, and a fresh queue database in a temp folder.
 */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kconf.h"
#include "queue.h"

/*
 * Two services open all day, every day, three counters (3 serves only B).
 * A printf format: its %s takes extra [queue] lines (sync = normal unless
 * they set sync).
 */
extern const char tconf_base[];

struct tfix {
	struct kconf cfg;
	struct kclock clock;
	_Atomic int64_t now; /* the fake clock: tests set it while the kiosk's threads read it */
	char dir[64];
	char db[128];
	struct queue *q;
};

/* Vietnam local "YYYY-MM-DDTHH:MM[:SS]" as Unix time; fails the test if bad. */
int64_t tlocal(const char *iso);

/* Parse configuration text (relative paths against $KIOSK_SRC). */
int tconf(struct kconf *cfg, struct kconf_errors *errs, const char *text);

/* A fixture on tconf_base with queue_lines in [queue] (may be ""), clock at iso. */
struct tfix *tfix_new(const char *queue_lines, const char *iso);
/* A fixture on a whole configuration text of its own. */
struct tfix *tfix_new_text(const char *text, const char *iso);
void tfix_free(struct tfix *f);

/* Issue one walk-in ticket and return its number (asserts success). */
const char *tissue(struct tfix *f, const char *service, int priority);

/* A booking token for a 30-minute slot, signed by the test key K1 (an
 * Ed25519 key from a seed of 32 bytes 7); static storage. */
const char *tbooking(const char *station, const char *booking, const char *service,
		     int64_t slot);
/* The test key's public half, base64, for [booking] key.K1. */
const char *tbooking_pub(void);

/* Does any error message contain needle? */
int terr_has(const struct kconf_errors *e, const char *needle);

#endif
