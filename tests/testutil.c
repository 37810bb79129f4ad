/*
 * testutil.c - see testutil.h.
 */
#include "testutil.h"
#include "booking.h"

#include <sodium.h>
#include "kclock.h"
#include "station_conf.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char tconf_base[] =
	"[station]\nid = TEST-ST\nname_vi = Công an phường Thử\n"
	"[queue]\n%s\n"
	"[service.A]\nprefix = A\nname_vi = Dịch vụ A\nhours = 00:00-24:00\ndays = mon-sun\n"
	"[service.B]\nprefix = B\nname_vi = Dịch vụ B\nhours = 00:00-24:00\ndays = mon-sun\n"
	"[counter.1]\nservices = A, B\n"
	"[counter.2]\nservices = A, B\n"
	"[counter.3]\nservices = B\n";

int64_t tlocal(const char *iso)
{
	int64_t t = 0;
	assert_int_equal(kclock_parse_local(iso, &t), 0);
	return t;
}

int tconf(struct kconf *cfg, struct kconf_errors *errs, const char *text)
{
	char name[512];
	const char *src = getenv("KIOSK_SRC");
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	snprintf(name, sizeof(name), "%s/test.conf", src ? src : ".");
	assert_non_null(f);
	r = station_conf_load_stream(f, name, cfg, errs);
	fclose(f);
	return r;
}

static int64_t fix_now(void *ctx)
{
	return ((struct tfix *)ctx)->now;
}

struct tfix *tfix_new(const char *queue_lines, const char *iso)
{
	size_t len = strlen(tconf_base) + strlen(queue_lines) + 64;
	char *text = malloc(len), lines[512];
	struct tfix *f;

	/* sync = normal unless asked: unit tests need no fsync per ticket */
	snprintf(lines, sizeof(lines), "%s%s", strstr(queue_lines, "sync") ? "" :
		 "sync = normal\n", queue_lines);
	assert_non_null(text);
	snprintf(text, len, tconf_base, lines);
	f = tfix_new_text(text, iso);
	free(text);
	return f;
}

struct tfix *tfix_new_text(const char *text, const char *iso)
{
	struct tfix *f = calloc(1, sizeof(*f));
	struct kconf_errors errs;

	klog_init("test", KLOG_ERR);
	assert_non_null(f);
	if (tconf(&f->cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
	snprintf(f->dir, sizeof(f->dir), "/tmp/kiosk-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/queue.db", f->dir);
	f->now = tlocal(iso);
	f->clock.now = fix_now;
	f->clock.ctx = f;
	assert_int_equal(queue_open(&f->q, f->db, &f->cfg, &f->clock), 0);
	return f;
}

void tfix_free(struct tfix *f)
{
	char cmd[128];
	queue_close(f->q);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", f->dir);
	free(f);
}

const char *tissue(struct tfix *f, const char *service, int priority)
{
	static struct queue_ticket t;
	int r = queue_issue(f->q, service, priority, QUEUE_WALKIN, NULL, &t);
	if (r != 0)
		fail_msg("issue %s failed: %d", service, r);
	return t.number;
}

int terr_has(const struct kconf_errors *e, const char *needle)
{
	for (int i = 0; i < e->n; i++)
		if (strstr(e->msg[i], needle))
			return 1;
	return 0;
}

static void test_key(unsigned char pk[32], unsigned char sk[64])
{
	unsigned char seed[32];
	memset(seed, 7, sizeof(seed));
	assert_true(sodium_init() >= 0);
	crypto_sign_seed_keypair(pk, sk, seed);
}

const char *tbooking(const char *station, const char *booking, const char *service,
		     int64_t slot)
{
	static char out[256];
	unsigned char pk[32], sk[64];
	struct booking_token t;
	test_key(pk, sk);
	memset(&t, 0, sizeof(t));
	snprintf(t.kid, sizeof(t.kid), "K1");
	snprintf(t.station, sizeof(t.station), "%s", station);
	snprintf(t.booking, sizeof(t.booking), "%s", booking);
	snprintf(t.service, sizeof(t.service), "%s", service);
	t.slot = slot;
	t.minutes = 30;
	assert_int_equal(booking_mint(&t, sk, out, sizeof(out)), 0);
	return out;
}

const char *tbooking_pub(void)
{
	static char b64[50];
	unsigned char pk[32], sk[64];
	test_key(pk, sk);
	sodium_bin2base64(b64, sizeof(b64), pk, sizeof(pk), sodium_base64_VARIANT_ORIGINAL);
	return b64;
}
