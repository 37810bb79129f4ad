/*
 * kioskctl.c - the technicians' command line: options, configuration and
 * dispatch to the command files.
 *
 * Each command prints one result line (or one JSON object with --json) so
 * that scripts and tests can read it; diagnostics go to stderr.
 */
#include "kioskctl.h"
#include "kerr.h"
#include "station_conf.h"
#include "klog.h"
#include "slip.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: kioskctl [--config FILE] [--db FILE] [--json] [--now TIME] COMMAND ...\n"
	"\n"
	"Configuration:\n"
	"  check                       validate the configuration\n"
	"  keys                        list every configuration key with its documentation\n"
	"Queue (the database is [queue] database, or --db):\n"
	"  issue SERVICE [--priority] [--source walkin|staff]\n"
	"                              issue a ticket, print its number (A001); with\n"
	"                              [sync] server set, as the kiosk button does:\n"
	"                              by the server, else offline into the outbox\n"
	"  call-next COUNTER           finish the counter's citizen, call the next\n"
	"  recall COUNTER              call the current number again\n"
	"  start COUNTER               the called citizen has arrived\n"
	"  finish COUNTER              the citizen is served\n"
	"  noshow COUNTER              the called citizen did not come\n"
	"  transfer COUNTER SERVICE    send the current citizen to another service\n"
	"  close COUNTER               close the counter\n"
	"  status                      waiting per service, now serving per counter\n"
	"Bookings (the Zalo booking QR, contract CCB1):\n"
	"  booking verify PAYLOAD      OK <BOOKING> <SERVICE>, or REJECT <REASON> (exit 1)\n"
	"  checkin PAYLOAD             as a scan at the kiosk: OK <NUMBER>, or\n"
	"                              REJECT <REASON> [<NUMBER> issued the first time]\n"
	"  booking keygen --out PREFIX PREFIX.key (secret, 0600) and PREFIX.pub\n"
	"  booking mint --key PREFIX.key --kid K1 --station S --booking B --service SVC\n"
	"       --slot YYYYMMDDHHMM --minutes M\n"
	"                              print a signed token (for booking backends, tests)\n"
	"Sync with the station server ([sync]; the outbox is [sync] outbox, or --db):\n"
	"  sync                        push the outbox (exit 0 only when it is empty)\n"
	"  sync-status                 what waits in the outbox, leases, last contact\n"
	"  lookup CODE                 a dossier's state by its receipt code, as the kiosk's\n"
	"                              dossier look-up shows it; exit 0 found, 1 not found,\n"
	"                              2 malformed code, 3 server unreachable, 4 no list or\n"
	"                              rate limited\n"
	"Slips and printers:\n"
	"  slip --number A012 --service CAPDOI [--ahead N] [--wait MIN]\n"
	"       [--priority] --format png|escpos --out FILE\n"
	"                              render a sample slip (--priority: a priority one)\n"
	"  print [--printer URI] --number A012 --service CAPDOI [--ahead N]\n"
	"                              print a test slip (exit 0 only when it printed)\n"
	"  printer-status [--printer URI]\n"
	"                              ask the printer how it is\n"
	"Backups (the outbox with [sync] server set, else the queue database;\n"
	"docs/backup.md):\n"
	"  backup FILE                 a consistent copy while the kiosk runs, verified\n"
	"                              (integrity_check) before it says done\n"
	"  backup --into DIR --keep N  DIR/outbox-YYYYMMDD-HHMMSS.db (or queue-...), DIR\n"
	"                              made 0750; the oldest beyond N deleted\n"
	"  restore FILE                the kiosk stopped: refuses a damaged file, the\n"
	"                              wrong kind or a newer schema (exit 2); the\n"
	"                              database as it was kept in DB.before-restore\n"
	"The voice of a call ([voice]):\n"
	"  voice NUMBER COUNTER [--out FILE.wav]\n"
	"                              the clips of the call, one per line; --out: the\n"
	"                              call as a WAV file (aplay FILE.wav)\n"
	"\n"
	"Options:\n"
	"  --config FILE   default $KIOSK_CONF, else /etc/kiosk/kiosk.conf\n"
	"  --json          print a JSON object instead of a line\n"
	"  --now TIME      act as if it were TIME (YYYY-MM-DDTHH:MM or YYYYMMDDHHMM,\n"
	"                  Vietnam time);\n"
	"                  for tests and rehearsals, never on a live queue\n"
	"\n"
	"Exit codes: 0 done, 1 failure, 2 usage or configuration, 3 nobody waiting,\n"
	"4 refused (closed, daily cap reached, disabled, clock unset, wrong state),\n"
	"5 the printer did not print (paper out, cover open, offline, unplugged ...).\n";

static int64_t fixed_now(void *ctx)
{
	return *(const int64_t *)ctx;
}

/* --now: YYYY-MM-DDTHH:MM[:SS] or YYYYMMDDHHMM (as booking slots are written). */
static int parse_now(const char *s, int64_t *out)
{
	char local[20];
	if (strlen(s) == 12 && strspn(s, "0123456789") == 12) {
		snprintf(local, sizeof(local), "%.4s-%.2s-%.2sT%.2s:%.2s", s, s + 4, s + 6, s + 8,
			 s + 10);
		s = local;
	}
	return kclock_parse_local(s, out);
}

static int parse_args(struct ctl *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **value = NULL;
		const char *now_text = NULL;

		if (!strcmp(a, "--config"))
			value = &c->config;
		else if (!strcmp(a, "--db"))
			value = &c->db;
		else if (!strcmp(a, "--source"))
			value = &c->source;
		else if (!strcmp(a, "--now"))
			value = &now_text;
		else if (!strcmp(a, "--number"))
			value = &c->number;
		else if (!strcmp(a, "--service"))
			value = &c->service;
		else if (!strcmp(a, "--format"))
			value = &c->format;
		else if (!strcmp(a, "--out"))
			value = &c->out;
		else if (!strcmp(a, "--printer"))
			value = &c->printer;
		else if (!strcmp(a, "--key"))
			value = &c->key;
		else if (!strcmp(a, "--kid"))
			value = &c->kid;
		else if (!strcmp(a, "--station"))
			value = &c->station;
		else if (!strcmp(a, "--booking"))
			value = &c->booking;
		else if (!strcmp(a, "--slot"))
			value = &c->slot;
		else if (!strcmp(a, "--minutes"))
			value = &c->minutes;
		else if (!strcmp(a, "--into"))
			value = &c->into;
		else if (!strcmp(a, "--keep"))
			value = &c->keep;
		else if (!strcmp(a, "--ahead") || !strcmp(a, "--wait")) {
			int *n = a[2] == 'a' ? &c->ahead : &c->wait;
			char *end;
			long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : -1;
			if (i + 1 >= argc || *end || v < 0 || v > 9999) {
				fprintf(stderr, "kioskctl: %s takes a number from 0 to 9999\n", a);
				return -1;
			}
			*n = (int)v;
			i++;
			continue;
		}
		if (value) {
			if (i + 1 >= argc) {
				fprintf(stderr, "kioskctl: %s needs a value\n", a);
				return -1;
			}
			*value = argv[++i];
			if (now_text && parse_now(now_text, &c->fixed_now) < 0) {
				fprintf(stderr, "kioskctl: --now '%s' is not a time "
					"YYYY-MM-DDTHH:MM or YYYYMMDDHHMM\n", now_text);
				return -1;
			}
		} else if (!strcmp(a, "--json")) {
			c->json = 1;
		} else if (!strcmp(a, "--priority")) {
			c->priority = 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			exit(CTL_OK);
		} else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "kioskctl: unknown option %s\n", a);
			return -1;
		} else if (c->nargs < CTL_MAX_ARGS) {
			c->args[c->nargs++] = a;
		} else {
			fprintf(stderr, "kioskctl: too many arguments\n");
			return -1;
		}
	}
	return 0;
}

static int load_config(struct ctl *c)
{
	struct kconf_errors errs;
	int r = station_conf_load(c->config, &c->cfg, &errs);
	if (r < 0) {
		kconf_errors_print(&errs, stderr);
		return ctl_fail(c, K_ERR_CONFIG, "%s: %d problem(s); nothing was done",
				c->config, errs.n + errs.dropped);
	}
	return CTL_OK;
}

static int cmd_check(struct ctl *c)
{
	char voice[300], qr_host[KCONF_PATH];
	int voice_ok = ctl_voice_check(c, voice, sizeof(voice)) == 0; /* only the board needs it */
	int qr_away = slip_qr_third_party(&c->cfg, qr_host, sizeof(qr_host));

	if (qr_away) /* a warning, not a refusal: the station may own that host */
		fprintf(stderr, "kioskctl: warning: [printer] qr_url sends each ticket to %s, not "
			"to the station's own server ([sync] server, [public] url): whoever runs %s learns who "
			"came when; leave qr_url empty or point it at the station's own page\n",
			qr_host, qr_host);
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:s, s:i, s:i, s:i, s:b, s:s, s:s?}", "ok", 1,
					 "config", c->config, "services", c->cfg.nservices,
					 "counters", c->cfg.ncounters, "keys", c->cfg.booking.nkeys,
					 "voice_ok", voice_ok, "voice", voice,
					 "qr_third_party", qr_away ? qr_host : NULL));
	} else {
		printf("%s: OK: station %s, %d services, %d counters, %d booking keys, %s\n",
		       c->config, c->cfg.station.id, c->cfg.nservices, c->cfg.ncounters,
		       c->cfg.booking.nkeys, voice_ok ? voice : "NO VOICE");
		if (!voice_ok)
			fprintf(stderr, "kioskctl: warning: the board will not speak: %s\n", voice);
	}
	return CTL_OK;
}

int main(int argc, char **argv)
{
	static struct ctl c; /* the configuration is large: not on the stack */
	int r;

	klog_init("kioskctl", KLOG_WARN);
	c.ahead = c.wait = -1;
	if (parse_args(&c, argc, argv) < 0 || c.nargs == 0) {
		fputs(usage, stderr);
		return CTL_USAGE;
	}
	if (!strcmp(c.args[0], "keys")) {
		kconf_print_doc(stdout);
		return CTL_OK;
	}
	if (!strcmp(c.args[0], "booking") && c.nargs > 1 &&
	    (!strcmp(c.args[1], "keygen") || !strcmp(c.args[1], "mint")))
		return ctl_booking_command(&c, c.args[0]); /* no station needed */
	if (!c.config)
		c.config = getenv("KIOSK_CONF");
	if (!c.config)
		c.config = "/etc/kiosk/kiosk.conf";
	if (!strcmp(c.args[0], "printer-status") && access(c.config, F_OK) != 0) {
		kconf_defaults(&c.cfg); /* a printer can be asked without a station */
		return ctl_print_command(&c, c.args[0]);
	}
	r = load_config(&c);
	if (r != CTL_OK)
		return r;
	if (c.fixed_now) {
		c.clock.now = fixed_now;
		c.clock.ctx = &c.fixed_now;
	} else {
		c.clock = kclock_system;
	}
	c.db_given = c.db != NULL;
	if (!c.db)
		c.db = c.cfg.queue.database;

	if (!strcmp(c.args[0], "check"))
		return cmd_check(&c);
	if (ctl_is_print_command(c.args[0]))
		return ctl_print_command(&c, c.args[0]);
	if (!strcmp(c.args[0], "booking") || !strcmp(c.args[0], "checkin"))
		return ctl_booking_command(&c, c.args[0]);
	if (!strcmp(c.args[0], "voice"))
		return ctl_voice_command(&c);
	if (!strcmp(c.args[0], "lookup"))
		return ctl_lookup_command(&c);
	if (!strcmp(c.args[0], "backup") || !strcmp(c.args[0], "restore"))
		return ctl_backup_command(&c, c.args[0]);
	if (ctl_is_sync_command(&c, c.args[0]))
		return ctl_sync_command(&c, c.args[0]);
	return ctl_queue_command(&c, c.args[0]);
}
