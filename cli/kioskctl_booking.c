/*
 * kioskctl_booking.c - booking QR tokens for technicians and booking
 * backends: verify (why was this code refused?), checkin (the path of a
 * scan at the kiosk), keygen and mint.
 */
#include "kioskctl.h"
#include "booking.h"
#include "kerr.h"
#include "ksync.h"
#include "queue.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line: "OK ..." / "REJECT <REASON> ..." (or JSON); exit 0 / 1. */
static int answer(const struct ctl *c, int reason, const char *a, const char *b)
{
	if (c->json)
		ctl_print_json(json_pack("{s:b, s:s, s:s*, s:s*}", "ok", reason == BOOKING_OK,
					 "reason", booking_reason_name(reason), "first", a,
					 "second", b));
	else if (reason == BOOKING_OK)
		printf("OK%s%s%s%s\n", a ? " " : "", a ? a : "", b ? " " : "", b ? b : "");
	else
		printf("REJECT %s%s%s\n", booking_reason_name(reason), a ? " " : "", a ? a : "");
	return reason == BOOKING_OK ? CTL_OK : CTL_FAIL;
}

static int cmd_verify(struct ctl *c)
{
	struct booking_token t;
	if (c->nargs != 3)
		return ctl_fail(c, K_ERR_INVALID, "usage: booking verify [--now TIME] PAYLOAD");
	int reason = booking_verify(&c->cfg, c->args[2], strlen(c->args[2]),
				    kclock_now(&c->clock), &t);
	return reason == BOOKING_OK ? answer(c, reason, t.booking, t.service)
				    : answer(c, reason, NULL, NULL);
}

static int cmd_checkin(struct ctl *c)
{
	struct booking_token t;
	struct queue_ticket ticket;
	struct queue *q;
	int reason;

	if (c->nargs != 2)
		return ctl_fail(c, K_ERR_INVALID, "usage: checkin [--now TIME] PAYLOAD");
	if (c->cfg.sync.server[0]) { /* as a scan at this kiosk: through the server */
		struct ksync *k;
		if (c->db_given) /* --db names the outbox of a kiosk that syncs */
			snprintf(c->cfg.sync.outbox, sizeof(c->cfg.sync.outbox), "%s", c->db);
		int offline, r = ksync_open(&k, &c->cfg, &c->clock);
		if (r < 0)
			return ctl_fail(c, r, "cannot open the outbox %s", c->cfg.sync.outbox);
		r = ksync_checkin(k, c->args[1], strlen(c->args[1]), 1, &t, &ticket, &reason,
				  &offline);
		ksync_close(k);
		if (r < 0)
			return ctl_fail(c, r, "no ticket issued: %s", kerr_text(r));
		if (offline && reason == BOOKING_OK)
			fprintf(stderr, "kioskctl: the station server did not answer: %s was issued "
				"offline and waits in the outbox\n", ticket.number);
		return answer(c, reason, reason == BOOKING_OK || reason == BOOKING_ALREADY_USED ?
				  ticket.number : NULL, NULL);
	}
	reason = booking_verify(&c->cfg, c->args[1], strlen(c->args[1]), kclock_now(&c->clock), &t);
	if (reason != BOOKING_OK)
		return answer(c, reason, NULL, NULL);
	int r = queue_open(&q, c->db, &c->cfg, &c->clock);
	if (r < 0)
		return ctl_fail(c, r, "cannot open the queue database %s: %s", c->db, kerr_text(r));
	r = queue_checkin(q, &t, NULL, &ticket, &reason);
	queue_close(q);
	if (r < 0)
		return ctl_fail(c, r, "%s: no ticket issued: %s", t.service, kerr_text(r));
	return answer(c, reason, reason == BOOKING_CANCELLED ? NULL : ticket.number, NULL);
}

/* Write text to path, created with mode (never over an existing file). */
static int write_new(struct ctl *c, const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
	if (fd < 0)
		return ctl_fail(c, K_ERR_IO, "cannot create %s: %s", path, strerror(errno));
	size_t n = strlen(text);
	int ok = write(fd, text, n) == (ssize_t)n;
	ok &= close(fd) == 0;
	return ok ? CTL_OK : ctl_fail(c, K_ERR_IO, "cannot write %s", path);
}

static int cmd_keygen(struct ctl *c)
{
	unsigned char pk[32], sk[64];
	char path[512], skb[100], pkb[50];
	int r;

	if (!c->out)
		return ctl_fail(c, K_ERR_INVALID, "usage: booking keygen --out PREFIX");
	crypto_sign_keypair(pk, sk);
	sodium_bin2base64(skb, sizeof(skb), sk, sizeof(sk), sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(pkb, sizeof(pkb), pk, sizeof(pk), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(sk, sizeof(sk));
	strcat(skb, "\n");
	snprintf(path, sizeof(path), "%s.key", c->out);
	r = write_new(c, path, skb, 0600);
	sodium_memzero(skb, sizeof(skb));
	if (r != CTL_OK)
		return r;
	snprintf(path, sizeof(path), "%s.pub", c->out);
	strcat(pkb, "\n");
	r = write_new(c, path, pkb, 0644);
	if (r == CTL_OK)
		printf("%s.key (secret: keep it on the booking backend) and %s.pub; in kiosk.conf:\n"
		       "[booking]\nkey.<KID> = %s", c->out, c->out, pkb);
	return r;
}

static int read_secret(struct ctl *c, unsigned char sk[64])
{
	char text[128];
	size_t n = 0;
	FILE *f = fopen(c->key, "r");
	int ok = f && fgets(text, sizeof(text), f);
	if (f)
		fclose(f);
	text[ok ? strcspn(text, "\r\n") : 0] = '\0';
	ok = ok && sodium_base642bin(sk, 64, text, strlen(text), NULL, &n, NULL,
				     sodium_base64_VARIANT_ORIGINAL) == 0 && n == 64;
	sodium_memzero(text, sizeof(text));
	return ok ? CTL_OK : ctl_fail(c, K_ERR_INVALID, "%s is not a key from booking keygen",
				      c->key);
}

static int cmd_mint(struct ctl *c)
{
	struct booking_token t;
	unsigned char sk[64];
	char out[BOOKING_MAX_PAYLOAD + 1], local[20];
	long minutes = c->minutes ? strtol(c->minutes, NULL, 10) : 0;

	if (!c->key || !c->kid || !c->station || !c->booking || !c->service || !c->slot ||
	    !c->minutes)
		return ctl_fail(c, K_ERR_INVALID, "usage: booking mint --key PREFIX.key --kid K1 "
				"--station S --booking B --service SVC --slot YYYYMMDDHHMM "
				"--minutes M");
	memset(&t, 0, sizeof(t));
	snprintf(t.kid, sizeof(t.kid), "%s", c->kid);
	snprintf(t.station, sizeof(t.station), "%s", c->station);
	snprintf(t.booking, sizeof(t.booking), "%s", c->booking);
	snprintf(t.service, sizeof(t.service), "%s", c->service);
	t.minutes = (int)minutes;
	snprintf(local, sizeof(local), "%.4s-%.2s-%.2sT%.2s:%.2s", c->slot, c->slot + 4,
		 c->slot + 6, c->slot + 8, c->slot + 10);
	if (strlen(c->slot) != 12 || strspn(c->slot, "0123456789") != 12 ||
	    kclock_parse_local(local, &t.slot) < 0)
		return ctl_fail(c, K_ERR_INVALID, "--slot is YYYYMMDDHHMM, Vietnam time");
	int r = read_secret(c, sk);
	if (r != CTL_OK)
		return r;
	r = booking_mint(&t, sk, out, sizeof(out));
	sodium_memzero(sk, sizeof(sk));
	if (r < 0)
		return ctl_fail(c, r, "a field breaks the CCB1 syntax (KID 1-8 of A-Z0-9, station "
				"1-16 and booking 1-20 of A-Z0-9-, service 1-8, minutes 1-480)");
	printf("%s\n", out);
	return CTL_OK;
}

int ctl_booking_command(struct ctl *c, const char *cmd)
{
	if (!strcmp(cmd, "checkin"))
		return cmd_checkin(c);
	const char *sub = c->nargs > 1 ? c->args[1] : "";
	if (!strcmp(sub, "verify"))
		return cmd_verify(c);
	if (!strcmp(sub, "keygen"))
		return cmd_keygen(c);
	if (!strcmp(sub, "mint"))
		return cmd_mint(c);
	fprintf(stderr, "kioskctl: booking verify|keygen|mint (see kioskctl --help)\n");
	return CTL_USAGE;
}
