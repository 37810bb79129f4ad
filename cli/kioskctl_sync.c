/*
 * kioskctl_sync.c - issue, sync and sync-status for a kiosk that shares the
 * station server's queue ([sync] server set): the path of the kiosk button.
 */
#include "kioskctl.h"
#include "kerr.h"
#include "ksync.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void hhmm(int64_t t, char *buf, size_t len)
{
	struct klocal lt;
	if (!t) {
		snprintf(buf, len, "never");
		return;
	}
	kclock_local(t, &lt);
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d", lt.year, lt.month, lt.day, lt.hour,
		 lt.minute, lt.second);
}

static int cmd_issue(struct ctl *c, struct ksync *k)
{
	struct queue_ticket t;
	int offline = 0;

	if (c->nargs != 2)
		return ctl_fail(c, K_ERR_INVALID, "usage: issue SERVICE [--priority]");
	if (c->source && strcmp(c->source, "walkin") != 0)
		return ctl_fail(c, K_ERR_INVALID, "a kiosk issues walk-in tickets; staff tickets "
				"come from the station server");
	int r = ksync_issue(k, c->args[1], c->priority, 1, &t, &offline);
	if (r == K_ERR_CLOSED || r == K_ERR_CAP || r == K_ERR_DISABLED || r == K_ERR_NOT_FOUND ||
	    r == K_ERR_CLOCK)
		return ctl_fail(c, r, "%s: %s", c->args[1], kerr_text(r));
	if (r < 0)
		return ctl_fail(c, r, "%s: no ticket issued: %s", c->args[1], kerr_text(r));
	if (!offline)
		ksync_topup(k); /* as the kiosk's follower does: numbers for a later outage */
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:b, s:i, s:i, s:s}", "ok", 1,
					 "number", t.number, "service", t.service, "priority",
					 t.priority, "offline", offline, "ahead", t.ahead,
					 "wait_minutes", t.wait_minutes, "client_ref", t.client_ref));
	} else {
		printf("%s\n", t.number);
		if (offline)
			fprintf(stderr, "kioskctl: the station server did not answer: %s was issued "
				"offline and waits in the outbox\n", t.number);
	}
	return CTL_OK;
}

static int cmd_sync(struct ctl *c, struct ksync *k)
{
	struct ksync_report rep;
	int left = 0;
	int r = ksync_push(k, &left);

	if (r == K_OK) {
		ksync_refresh(k);
		ksync_topup(k);
	}
	ksync_report(k, &rep);
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:i, s:s}", "ok", left == 0, "pending", left,
					 "last_error", rep.last_error));
	} else if (left == 0) {
		printf("outbox empty: every ticket is at the station server\n");
	} else {
		printf("%d ticket(s) still pending\n", left);
	}
	if (left == 0)
		return CTL_OK;
	if (!c->json)
		fprintf(stderr, "kioskctl: %s (%s)\n", r == K_OK ?
			"the server refuses some tickets; see sync-status" :
			"the station server does not answer", rep.last_error);
	return CTL_FAIL;
}

static int cmd_sync_status(struct ctl *c, struct ksync *k)
{
	struct ksync_report rep;
	char contact[32], oldest[32];
	int r = ksync_report(k, &rep);

	if (r < 0)
		return ctl_fail(c, r, "cannot read the outbox %s", c->cfg.sync.outbox);
	hhmm(rep.last_contact, contact, sizeof(contact));
	hhmm(rep.oldest, oldest, sizeof(oldest));
	if (c->json) {
		json_t *per = json_object(), *lease = json_object();
		for (int i = 0; i < c->cfg.nservices; i++) {
			if (rep.per_service[i])
				json_object_set_new(per, c->cfg.services[i].code,
						    json_integer(rep.per_service[i]));
			json_object_set_new(lease, c->cfg.services[i].code,
					    json_integer(rep.lease_left[i]));
		}
		ctl_print_json(json_pack("{s:b, s:s, s:b, s:s, s:i, s:o, s:s, s:s, s:o}", "ok", 1,
					 "server", c->cfg.sync.server, "online", rep.online,
					 "last_contact", contact, "pending", rep.pending,
					 "pending_per_service", per, "oldest", oldest,
					 "last_error", rep.last_error, "lease_left", lease));
		return CTL_OK;
	}
	printf("server %s: %s, last answer %s\n", c->cfg.sync.server,
	       rep.online ? "reachable" : "NOT reachable", contact);
	printf("pending: %d", rep.pending);
	for (int i = 0; i < c->cfg.nservices; i++)
		if (rep.per_service[i])
			printf(" %s=%d", c->cfg.services[i].code, rep.per_service[i]);
	if (rep.pending)
		printf(" (oldest issued %s%s%s)", oldest, rep.last_error[0] ? ", last try: " : "",
		       rep.last_error);
	printf("\nleased numbers in reserve today:");
	for (int i = 0; i < c->cfg.nservices; i++)
		printf(" %s=%d", c->cfg.services[i].code, rep.lease_left[i]);
	if (c->cfg.sync.band.from)
		printf("; band %d-%d", c->cfg.sync.band.from, c->cfg.sync.band.to);
	putchar('\n');
	return CTL_OK;
}

int ctl_is_sync_command(const struct ctl *c, const char *cmd)
{
	if (!strcmp(cmd, "sync") || !strcmp(cmd, "sync-status"))
		return 1;
	/* issue takes the kiosk button's path; staff tickets stay local */
	return !strcmp(cmd, "issue") && c->cfg.sync.server[0] &&
	       !(c->source && !strcmp(c->source, "staff"));
}

int ctl_sync_command(struct ctl *c, const char *cmd)
{
	struct ksync *k;
	int r;

	if (!c->cfg.sync.server[0])
		return ctl_fail(c, K_ERR_CONFIG, "%s: [sync] server is not set: this kiosk works "
				"alone and has nothing to sync", c->config);
	if (c->db_given)
		snprintf(c->cfg.sync.outbox, sizeof(c->cfg.sync.outbox), "%s", c->db);
	r = ksync_open(&k, &c->cfg, &c->clock);
	if (r < 0)
		return ctl_fail(c, r, "cannot open the outbox %s: %s", c->cfg.sync.outbox,
				kerr_text(r));
	if (!strcmp(cmd, "issue"))
		r = cmd_issue(c, k);
	else if (!strcmp(cmd, "sync"))
		r = cmd_sync(c, k);
	else
		r = cmd_sync_status(c, k);
	ksync_close(k);
	return r;
}
