/*
 * kioskctl_backup.c - kioskctl backup FILE | backup --into DIR --keep N |
 * restore FILE: core/db_backup.c on what this kiosk keeps.
 *
 * A kiosk that syncs with a station server keeps its own record in the
 * outbox ([sync] outbox, or --db): the tickets it issued, pending ones not
 * yet at the server, its leases.  A kiosk that works alone keeps the queue
 * itself ([queue] database, or --db).  The backup runs beside the kiosk;
 * a restore needs the kiosk stopped and says so when it is not.
 */
#include "db_backup.h"
#include "kerr.h"
#include "kioskctl.h"
#include "queue.h"
#include "sync_store.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int refused(int r)
{
	return r == K_ERR_INVALID || r == K_ERR_VERSION ? CTL_USAGE : CTL_FAIL;
}

static int report_error(struct ctl *c, int r, const char *what, const char *err)
{
	if (c->json)
		ctl_print_json(json_pack("{s:b, s:s, s:s}", "ok", 0, "error", kerr_name(r),
					 "message", err));
	else
		fprintf(stderr, "kioskctl: %s: %s\n", what, err);
	return r == K_ERR_BUSY ? CTL_FAIL : refused(r);
}

static int usage_error(const char *why)
{
	fprintf(stderr, "kioskctl: %s\nusage: kioskctl [--config FILE] [--db FILE] backup FILE\n"
		"       kioskctl [--config FILE] [--db FILE] backup --into DIR --keep N\n"
		"       kioskctl [--config FILE] [--db FILE] restore FILE  (the kiosk stopped)\n",
		why);
	return CTL_USAGE;
}

static int backup(struct ctl *c, const struct db_kind *kind, const char *live)
{
	struct db_backup_info info;
	char err[1024];
	int removed = 0, keep = 0, r;

	if (c->nargs == 2 && !c->into && !c->keep) {
		r = db_backup(live, c->args[1], kind, &info, err, sizeof(err));
	} else {
		char *end = NULL;
		long k = c->keep ? strtol(c->keep, &end, 10) : 0;
		if (c->nargs != 1 || !c->into || !c->keep || *end || k < 1 || k > 1000)
			return usage_error("backup takes FILE, or --into DIR --keep N (1 to 1000)");
		keep = (int)k;
		if (access(live, F_OK) < 0 && errno == ENOENT) {
			/* a new kiosk that has not issued yet: the daily timer is not a failure */
			if (c->json)
				ctl_print_json(json_pack("{s:b, s:s, s:s, s:b}", "ok", 1, "kind",
							 kind->prefix, "database", live, "nothing", 1));
			else
				printf("nothing to back up yet: %s does not exist (the kiosk has "
				       "not issued here)\n", live);
			return CTL_OK;
		}
		r = db_backup_into(live, c->into, keep, kclock_now(&c->clock), kind, &info,
				   &removed, err, sizeof(err));
	}
	if (r < 0 && !info.path[0])
		return report_error(c, r, "backup failed", err);
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:s, s:s, s:s, s:I, s:I, s:i, s:b, s:i}", "ok", r == 0,
					 "kind", kind->prefix, "database", live, "file", info.path,
					 "tickets", (json_int_t)info.tickets, "bytes",
					 (json_int_t)info.bytes, "schema", info.version,
					 "verified", 1, "removed", removed));
	} else {
		printf("backup of %s in %s: %lld tickets, %lld bytes, schema %d, verified", live,
		       info.path, (long long)info.tickets, (long long)info.bytes, info.version);
		if (c->into)
			printf("; %d older backup(s) removed, up to %d kept", removed, keep);
		printf("\n");
	}
	if (r < 0) { /* written and verified, but an old one would not go */
		fprintf(stderr, "kioskctl: %s\n", err);
		return CTL_FAIL;
	}
	return CTL_OK;
}

static int restore(struct ctl *c, const struct db_kind *kind, const char *live)
{
	struct db_backup_info info;
	char err[1024];
	int r;

	if (c->nargs != 2 || c->into || c->keep)
		return usage_error("restore takes one FILE");
	r = db_restore(c->args[1], live, kind, &info, err, sizeof(err));
	if (r == K_ERR_BUSY) {
		char why[1100];
		snprintf(why, sizeof(why), "%s (systemctl stop kiosk)", err);
		return report_error(c, r, "restore", why);
	}
	if (r < 0)
		return report_error(c, r, "restore refused", err);
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:s, s:s, s:s, s:I, s:i, s:s}", "ok", 1, "kind",
					 kind->prefix, "database", live, "file", c->args[1],
					 "tickets", (json_int_t)info.tickets, "schema", info.version,
					 "saved", info.saved));
	} else {
		printf("restored %s into %s: %lld tickets, schema %d%s, verified", c->args[1], live,
		       (long long)info.tickets, info.version,
		       info.version < kind->version ? " (brought forward at the next start)" : "");
		if (info.saved[0])
			printf("; the database as it was is in %s", info.saved);
		printf("\n");
	}
	return CTL_OK;
}

int ctl_backup_command(struct ctl *c, const char *cmd)
{
	struct db_kinds kinds;
	const struct db_kind *kind;
	const char *live;

	db_kinds_init(&kinds, queue_schema_version(), STORE_VERSION);
	if (c->cfg.sync.server[0]) { /* the kiosk's own record; the queue is the server's */
		kind = &kinds.outbox;
		live = c->db_given ? c->db : c->cfg.sync.outbox;
	} else {
		kind = &kinds.queue;
		live = c->db;
	}
	if (!strcmp(cmd, "restore"))
		return restore(c, kind, live);
	return backup(c, kind, live);
}
