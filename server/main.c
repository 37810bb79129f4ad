/*
 * main.c - the station server: the queue's authority for a station.
 *
 *   station-server [--config FILE] [--db FILE] [--listen HOST:PORT]
 *                  [--public-listen HOST:PORT]
 *   station-server [--config FILE] [--db FILE] user add NAME [--supervisor]
 *                                                  (password on stdin)
 *   station-server [--config FILE] [--db FILE] user token NAME  (prints a personal API token)
 *   station-server [--config FILE] [--db FILE] user revoke NAME (ends its sessions and tokens)
 *   station-server [--config FILE] [--db FILE] dossiers import FILE.csv
 *                                                  (replaces the dossier list)
 *   station-server [--config FILE] [--db FILE] backup FILE | backup --into DIR --keep N
 *   station-server [--config FILE] [--db FILE] restore FILE  (docs/backup.md)
 *   station-server [--config FILE] [--db FILE] report --from DAY --to DAY
 *                  [--group day|week|month] --format json|csv|xlsx --out FILE
 *                                                  (server/report_cmd.h)
 *   station-server [--config FILE] [--db FILE] ratings verify [--from YYYY-MM-DD]
 *                                                  (server/rating_cmd.h)
 *   station-server [--config FILE] [--db FILE] demo --date YYYY-MM-DD --tickets N [--seed S]
 *                                                  (a simulated day: docs/reports.md)
 *   station-server [--config FILE] [--db FILE] hub [status]
 *                                                  (forwarding to the hub: server/hub_fwd.h)
 *
 * It opens the queue database with the same engine the kiosk uses, serves
 * the API of docs/api.md, prints where it listens, and stops cleanly on
 * SIGTERM or SIGINT.
 */
#include "admin_backup.h"
#include "api.h"
#include "demo.h"
#include "dossiers.h"
#include "hub_fwd.h"
#include "hub_fetch.h"
#include "kconf.h"
#include "station_conf.h"
#include "kerr.h"
#include "klog.h"
#include "maint.h"
#include "rating_cmd.h"
#include "report_cmd.h"
#include "voice.h"
#include "selfcheck.h"
#include "writer.h"
#include "svc_notify.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* user add NAME: the password is the first line of standard input. */
static int add_user(struct staff *staff, const char *name, int supervisor)
{
	char pw[256];
	if (!fgets(pw, sizeof(pw), stdin)) {
		fprintf(stderr, "station-server: give the password on standard input\n");
		return 2;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	int r = staff_set(staff, name, pw);
	sodium_memzero(pw, sizeof(pw));
	if (r == K_ERR_INVALID) {
		fprintf(stderr, "station-server: a name is 1-32 of A-Z a-z 0-9 . _ -, "
			"a password at least 8 characters\n");
		return 2;
	}
	if (r == K_OK)
		r = staff_set_role(staff, name, supervisor);
	if (r < 0) {
		fprintf(stderr, "station-server: %s\n", kerr_text(r));
		return 1;
	}
	printf("%s account %s is ready\n", supervisor ? "supervisor" : "staff", name);
	return 0;
}

/* user token NAME / user revoke NAME */
static int user_command(struct staff *staff, const struct kclock *clock, const char *cmd,
			const char *name)
{
	char token[64];
	int n = 0;
	int r = !strcmp(cmd, "token") ? staff_new_token(staff, name, kclock_now(clock),
							token)
				      : staff_revoke(staff, name, &n);
	if (r == K_ERR_NOT_FOUND) {
		fprintf(stderr, "station-server: no staff account %s (user add %s first)\n", name,
			name);
		return 2;
	}
	if (r < 0) {
		fprintf(stderr, "station-server: %s\n", kerr_text(r));
		return 1;
	}
	if (!strcmp(cmd, "token")) {
		printf("%s\n", token); /* shown once: only its digest is kept */
		fprintf(stderr, "a personal API token for %s, valid %d days: "
			"Authorization: Bearer <token>\n", name, STAFF_TOKEN_DAYS);
		sodium_memzero(token, sizeof(token));
	} else {
		printf("%d session(s) and token(s) of %s ended\n", n, name);
	}
	return 0;
}

/* dossiers import FILE.csv: all rows or none; only line numbers are printed. */
static int import_dossiers(const struct kconf *cfg, const char *db, struct staff *staff,
			   const struct kclock *clock,
			   const char *path)
{
	struct dossiers *d = NULL;
	struct dossier_report rep;
	char summary[512], who[64];
	int rc = 1, r;
	FILE *f = fopen(path, "rb");
	char *csv = malloc(DOSSIER_MAX_BYTES + 1);
	size_t n = f && csv ? fread(csv, 1, DOSSIER_MAX_BYTES + 1, f) : 0;

	if (!f || !csv || ferror(f) || n > DOSSIER_MAX_BYTES) {
		fprintf(stderr, "station-server: %s: %s\n", path,
			!f ? "cannot be read" : n > DOSSIER_MAX_BYTES ? "over 32 MB" : "read error");
		rc = 2;
		goto out;
	}
	if (dossiers_open(&d, db, cfg) < 0)
		goto out;
	r = dossiers_import(d, csv, n, kclock_now(clock), &rep);
	for (int i = 0; i < rep.nerrors; i++)
		fprintf(stderr, "%s:%d: %s\n", path, rep.errors[i].line, rep.errors[i].message);
	if (rep.more)
		fprintf(stderr, "%s: %d more problem(s)\n", path, rep.more);
	if (r < 0) {
		fprintf(stderr, "station-server: %s was not imported; the list is as it was\n", path);
		rc = 2;
		goto out;
	}
	dossiers_summary(cfg, &rep, summary, sizeof(summary));
	const struct passwd *pw = getpwuid(getuid()); /* who ran it, for the audit */
	snprintf(who, sizeof(who), "cli:%.40s", pw ? pw->pw_name : "?");
	staff_audit(staff, kclock_now(clock), who, "dossiers import", summary);
	printf("%s\n", summary);
	rc = 0;
out:
	if (f)
		fclose(f);
	if (csv)
		sodium_memzero(csv, n);
	free(csv);
	dossiers_close(d);
	return rc;
}

#define KIOSK_AWAY_S 150 /* a kiosk reports every minute: silent longer = away */

/* The STATUS= line: where it serves, the day's queue, the kiosks heard from. */
static void tell_status(struct api *a, struct http_server *http, const char *why)
{
	struct queue_status st;
	struct queue_device d[32];
	int waiting = 0, issued = 0, kiosks = 0, away = 0, n;
	int64_t now = kclock_now(a->clock);

	pthread_mutex_lock(&a->lock);
	int r = queue_status(a->q, &st);
	n = queue_devices(a->q, d, 32);
	pthread_mutex_unlock(&a->lock);
	for (int i = 0; r == K_OK && i < st.nservices; i++) {
		waiting += st.services[i].waiting;
		issued += st.services[i].issued;
	}
	for (int i = 0; i < n; i++) {
		if (now - d[i].seen <= KIOSK_AWAY_S)
			kiosks++;
		else
			away++;
	}
	/* no number for anyone: the first thing `systemctl status` should say */
	const char *no = !kclock_is_set(a->clock, now) ? "; NOT ISSUING: the clock is not set" :
			 kdisk_state(a->disk) == KDISK_FULL ? "; NOT ISSUING: the disk is full" : "";
	svc_status("%s on :%d; %d waiting, %d issued today; %d kiosk(s) reporting, %d away%s%s%s",
		   why[0] ? "not serving" : "serving", http_port(http), waiting, issued, kiosks,
		   away, why[0] ? ": " : "", why, no);
}

/*
 * Wait for SIGTERM or SIGINT; returns it.  Under systemd: READY=1 now,
 * STATUS= as things change, WATCHDOG=1 every quarter interval while the
 * server answers its own health check and gets the database's write lock
 * (after half an interval without: no more pings, so it is restarted),
 * STOPPING=1 when the signal comes.
 */
static int serve(struct api *a, struct http_server *http, const char *listen, const char *db,
		 const sigset_t *stop)
{
	struct selfcheck *check = NULL;
	struct timespec ts;
	int interval, healthy = 1, sig = -1, wait;
	char why[96] = "";

	svc_init();
	interval = svc_watchdog_ms();
	if (interval && selfcheck_open(&check, listen, http_port(http), http_tls(http), db) < 0)
		snprintf(why, sizeof(why), "cannot check itself");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	int64_t ok_at = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	svc_ready();
	while (sig < 0) {
		tell_status(a, http, why);
		wait = svc_tick(healthy); /* on time, from the last look */
		if (interval) {
			int good = check && selfcheck_run(check, interval / 8, why, sizeof(why));
			clock_gettime(CLOCK_MONOTONIC, &ts);
			int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
			if (good)
				ok_at = now;
			if (healthy && now - ok_at > interval / 2)
				klog(KLOG_ERR, "watchdog: not serving for %d ms (%s): no more pings",
				     interval / 2, why);
			else if (!healthy && now - ok_at <= interval / 2)
				klog(KLOG_WARN, "watchdog: serving again: pings again");
			healthy = now - ok_at <= interval / 2;
			wait = svc_tick(healthy);
		}
		ts.tv_sec = wait < 0 ? 60 : wait / 1000;
		ts.tv_nsec = wait < 0 ? 0 : (wait % 1000) * 1000000L;
		sig = sigtimedwait(stop, NULL, &ts);
	}
	if (sig == SIGHUP) /* hub_fetch.c: new settings; the same pid starts again */
		svc_reloading();
	else
		svc_stopping();
	selfcheck_close(check);
	return sig;
}

int main(int argc, char **argv)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	static struct api app;
	struct queue *q = NULL;
	struct http_server *http = NULL, *pub = NULL;
	const char *config = getenv("KIOSK_CONF"), *db = NULL, *listen = NULL, *user = NULL;
	const char *user_cmd = NULL, *dossier_file = NULL, *clock_offset = NULL;
	const char *public_listen = NULL;
	struct kclock clock = kclock_system;
	struct kclock_shift shift;
	char **backup_argv = NULL; /* backup, restore, report, demo, ratings: the rest of the line */
	int backup_argc = 0;
	char **hub_argv = NULL;
	int hub_argc = 0;
	struct hub_fetch *fetch = NULL;
	struct staff *staff = NULL;
	struct maint *maint = NULL;
	struct hub_fwd *hub = NULL;
	sigset_t stop;
	int sig = -1, rc = 1, supervisor = 0;
	char verr[256];

	klog_init("station-server", KLOG_INFO);
	/* the database holds password hashes: it, its -wal and -shm and the
	 * backups are the service user's alone (0600), however it was started */
	umask(umask(0077) | 0077);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "backup") || !strcmp(argv[i], "restore") ||
		    !strcmp(argv[i], "report") || !strcmp(argv[i], "demo") ||
		    !strcmp(argv[i], "ratings")) {
			backup_argv = argv + i;
			backup_argc = argc - i;
			break;
		}
		if (!strcmp(argv[i], "hub")) { /* hub [status] | hub config | hub rollback */
			hub_argv = argv + i + 1;
			hub_argc = argc - i - 1;
			break;
		}
		if (!strcmp(argv[i], "user") && i + 2 < argc && (!strcmp(argv[i + 1], "add") ||
		    !strcmp(argv[i + 1], "token") || !strcmp(argv[i + 1], "revoke"))) {
			user_cmd = argv[i + 1];
			user = argv[i + 2];
			i += 2;
			continue;
		}
		if (!strcmp(argv[i], "dossiers") && i + 2 < argc && !strcmp(argv[i + 1], "import")) {
			dossier_file = argv[i + 2];
			i += 2;
			continue;
		}
		if (!strcmp(argv[i], "--supervisor") && user_cmd && !strcmp(user_cmd, "add")) {
			supervisor = 1;
			continue;
		}
		const char **v = !strcmp(argv[i], "--config") ? &config :
				 !strcmp(argv[i], "--db")     ? &db :
				 !strcmp(argv[i], "--listen") ? &listen :
				 !strcmp(argv[i], "--public-listen") ? &public_listen :
				 !strcmp(argv[i], "--clock-offset") ? &clock_offset : NULL;
		if (!v || i + 1 >= argc) {
			fprintf(stderr, "usage: station-server [--config FILE] [--db FILE] "
				"[--listen HOST:PORT] [--public-listen HOST:PORT]\n"
				"       [--clock-offset FILE]\n"
				"       station-server [--config FILE] [--db FILE] user add NAME [--supervisor]"
				"  (the password is read from standard input)\n"
				"       station-server [--config FILE] [--db FILE] user token NAME"
				"  (a personal API token)\n"
				"       station-server [--config FILE] [--db FILE] user revoke NAME"
				"  (end its sessions and tokens)\n"
				"       station-server [--config FILE] [--db FILE] dossiers import FILE.csv"
				"  (replace the dossier list)\n"
				"       station-server [--config FILE] hub config | hub rollback"
				"  (the hub's settings run; back to the previous)\n"
				"       station-server [--config FILE] [--db FILE] backup FILE | "
				"backup --into DIR --keep N\n"
				"       station-server [--config FILE] [--db FILE] restore FILE"
				"  (station-server stopped)\n"
				"       station-server [--config FILE] [--db FILE] report --from YYYY-MM-DD"
				" --to YYYY-MM-DD [--group day|week|month] --format json|csv|xlsx --out FILE\n"
				"       station-server [--config FILE] [--db FILE] demo --date YYYY-MM-DD "
				"--tickets N [--seed S]  (a simulated day; demo --help)\n"
				"       station-server [--config FILE] [--db FILE] ratings verify "
				"[--from YYYY-MM-DD]  (the ratings' chain)\n"
				"       station-server [--config FILE] [--db FILE] hub [status]"
				"  (forwarding to the province's hub)\n"
				"--clock-offset FILE: for tests and rehearsals, the clock runs the "
				"seconds written in FILE ahead of the system's (read at every reading)\n");
			return 2;
		}
		*v = argv[++i];
	}
	if (!config)
		config = "/etc/kiosk/kiosk.conf";
	if (clock_offset)
		kclock_shift_init(&clock, &shift, clock_offset);
	if (station_conf_load(config, &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		fprintf(stderr, "station-server: not started: fix %s\n", config);
		return 2;
	}
	if (hub_argv && hub_argc > 0 && (!strcmp(hub_argv[0], "config") ||
					 !strcmp(hub_argv[0], "rollback"))) /* hub_fetch.h */
		return hub_fetch_main(&cfg, hub_argc, hub_argv);
	if (hub_argv) /* hub [status]: forwarding (hub_fwd.h); reads the database, as it is */
		return hub_fwd_main(&cfg, db ? db : cfg.queue.database, hub_argc + 1, hub_argv - 1);
	if (backup_argv && !strcmp(backup_argv[0], "report")) /* reads the database, as it is */
		return report_main(&cfg, db ? db : cfg.queue.database, &clock, backup_argc,
				   backup_argv);
	if (backup_argv && !strcmp(backup_argv[0], "ratings")) /* reads the database, as it is */
		return rating_main(&cfg, db ? db : cfg.queue.database, backup_argc, backup_argv);
	if (backup_argv && !strcmp(backup_argv[0], "demo")) /* on a clock of its own */
		return demo_main(&cfg, db ? db : cfg.queue.database, &clock, backup_argc, backup_argv);
	if (backup_argv) /* before the database is opened: a restore needs it closed */
		return admin_backup_main(db ? db : cfg.queue.database, &clock, backup_argc,
					 backup_argv);
	/* signals are taken by sigwait below, in no other thread */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP); /* hub_fetch.c: new settings applied, run them */
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!db)
		db = cfg.queue.database;
	if (queue_open(&q, db, &cfg, &clock) < 0 || staff_open(&staff, db) < 0)
		goto out;
	if (user) {
		rc = !strcmp(user_cmd, "add") ? add_user(staff, user, supervisor) :
		     user_command(staff, &clock, user_cmd, user);
		goto out;
	}
	if (dossier_file) {
		rc = import_dossiers(&cfg, db, staff, &clock, dossier_file);
		goto out;
	}
	queue_checkpoint_apart(q); /* no request pays for a checkpoint (else: as before) */
	if (api_init(&app, &cfg, &clock, q, staff) < 0)
		goto out;
	writer_start(&app); /* POST /tickets with group commit (else one at a time) */
	if (dossiers_open(&app.dossiers, db, &cfg) < 0)
		goto out;
	if (bookings_open(&app.bookings, db, &cfg) < 0)
		goto out; /* a signing key that does not read or match: say so, do not start */
	bookings_report_closed(app.bookings, kclock_now(&clock));
	if (maint_start(&maint, &cfg, &clock, db, q) < 0) /* clock and disk known before serving */
		goto out;
	app.disk = maint_disk(maint);
	if (hub_fwd_start(&hub, &cfg, &clock, db) < 0) /* [hub] url set: it forwards */
		goto out;
	if (voice_open(&app.voice, &cfg, verr, sizeof(verr)) < 0) /* the board speaks without it */
		klog(KLOG_WARN, "no voice for the lobby board's calls: %s", verr);
	if (http_start(&http, &cfg, listen, api_routes, api_nroutes, &app, api_session) < 0)
		goto out;
	printf("station-server: listening on %s://%.*s:%d (station %s, %d kiosk/staff tokens)\n",
	       http_tls(http) ? "https" : "http", (int)strcspn(listen ? listen : cfg.server.listen, ":"),
	       listen ? listen : cfg.server.listen, http_port(http), cfg.station.id,
	       cfg.server.ntokens);
	if (!public_listen && cfg.public.listen[0])
		public_listen = cfg.public.listen;
	if (public_listen) { /* the tickets' pages, and nothing else */
		if (http_start(&pub, &cfg, public_listen, public_routes, public_nroutes, &app,
			       NULL) < 0)
			goto out;
		printf("station-server: ticket pages on %s://%.*s:%d\n", http_tls(pub) ? "https" :
		       "http", (int)strcspn(public_listen, ":"), public_listen, http_port(pub));
	}
	fflush(stdout);
	if (hub_fetch_start(&fetch, &cfg, app.dossiers) < 0)
		goto out;
	sig = serve(&app, http, listen ? listen : cfg.server.listen, db, &stop);
	klog(KLOG_INFO, "stopping on signal %d", sig);
	api_stop(&app); /* a lobby board's long-poll must not hold the stop */
	rc = 0;
out:
	hub_fetch_stop(fetch);
	http_stop(pub);
	http_stop(http); /* waits for the connection threads */
	writer_stop(&app); /* after them: it answers them */
	hub_fwd_stop(hub);
	maint_stop(maint);
	bookings_close(app.bookings);
	dossiers_close(app.dossiers);
	voice_close(app.voice);
	if (app.q)
		api_destroy(&app);
	staff_close(staff);
	queue_close(q);
	if (rc == 0 && sig == SIGHUP) { /* the same program, arguments and pid, new settings */
		klog(KLOG_INFO, "starting again with the hub's new settings");
		execv("/proc/self/exe", argv);
		klog(KLOG_ERR, "cannot start again (%s): stopped", strerror(errno));
		rc = 1;
	}
	return rc;
}
