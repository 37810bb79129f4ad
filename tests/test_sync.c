/*
 * test_sync.c - the kiosk's side of sync against a real station-server
 * process on 127.0.0.1: issuing through it, the follower hearing a staff
 * call on its long-poll, issuing offline when it is killed or frozen, the
 * outbox pushed by itself when it is back, refusals that stay refusals, and
 * offline numbers running out.
 */
#include "testutil.h"
#include "follower.h"
#include "kdisk.h"
#include "kerr.h"
#include "klog.h"
#include "ksync.h"
#include "booking.h"
#include "sync_http.h"
#include "worker.h"
#include "spawn.h"
#include "ticket_page.h"

#include <SDL.h>
#include <sodium.h>
#include <sqlite3.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KIOSK_TOKEN "kiosk-token-aaaaaaaaaaaa"
#define STAFF_TOKEN "staff-token-bbbbbbbbbbbb"
#define BOOKING_TOKEN "booking-token-cccccccccccc"

/* the booking key: the Ed25519 public key from a seed of 32 bytes 7 (as token() makes) */
#define BOOKING_KEY "[booking]\nkey.K1 = 6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=\n"
#define SERVICES \
	"[service.A]\nprefix = A\nname_vi = A\nhours = 00:00-24:00\ndays = mon-sun\n" \
	"slot_minutes = 30\n" \
	"[service.SHUT]\nprefix = S\nname_vi = Đóng\nhours = 00:00-00:01\ndays = mon\n" \
	"[counter.1]\nservices = A\n"
static const char services[] = BOOKING_KEY SERVICES;

/*
 * Waits here are for events (a reply, the follower's signal); their bounds
 * only turn a hang into a failure, far above what a loaded machine takes and
 * below the wait that a broken client would show (a 25 s long-poll, a 60 s
 * timeout).  How fast things are is printed, and measured in bench/.
 */
#define HANG_MS 15000
static int sync_timeout_s = 2; /* [sync] timeout of the clients env_new() sets up */

struct env {
	char dir[64];
	char server_conf[128];
	int port;
	pid_t server;
	struct kconf kiosk, staff, backend;
	Uint32 event;
};

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	return ntohs(a.sin_port);
}

static void load(struct kconf *cfg, const char *text)
{
	struct kconf_errors errs;
	if (tconf(cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
}

/* The kiosk's (or a staff tool's) configuration: [sync] towards the server. */
static void client_conf(struct env *e, struct kconf *cfg, const char *token, const char *band)
{
	char text[2048];
	snprintf(text, sizeof(text),
		 "[station]\nid = T\nname_vi = Thử\n[queue]\nsync = normal\n"
		 "[sync]\nserver = http://127.0.0.1:%d\nname = lobby-1\ntoken = %s\n"
		 "outbox = %s/outbox.db\nissue_timeout = 10000\ntimeout = %d\ninterval = 1\n"
		 "lease = 3\nband = %s\n%s", e->port, token, e->dir, sync_timeout_s, band, services);
	load(cfg, text);
}

static int health(struct env *e)
{
	struct sync_http *h;
	long status = 0;
	assert_int_equal(sync_http_open(&h, &e->staff), 0);
	int r = sync_http_call(h, "GET", "/health", NULL, 500, &status, NULL);
	sync_http_close(h);
	return r == K_OK && status == 200;
}

static void server_start(struct env *e)
{
	e->server = fork();
	assert_true(e->server >= 0);
	if (e->server == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test leaves no server behind */
		execl(getenv("STATION_SERVER"), "station-server", "--config", e->server_conf,
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 1200 && !health(e); i++) /* a loaded machine may be slow to start it */
		usleep(50000);
	assert_true(health(e));
}

static void server_kill(struct env *e)
{
	kill(e->server, SIGKILL);
	waitpid(e->server, NULL, 0);
	e->server = 0;
}

/* SIGSTOP reaches the threads in their own time: wait until all are stopped. */
static void server_freeze(struct env *e)
{
	assert_int_equal(child_freeze(e->server), 0);
}

/* The test key's secret half (seed of 32 bytes 7), as booking keygen writes it. */
static void write_test_key(struct env *e)
{
	unsigned char pk[32], sk[64], seed[32];
	char b64[100], path[96];
	memset(seed, 7, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_bin2base64(b64, sizeof(b64), sk, sizeof(sk), sodium_base64_VARIANT_ORIGINAL);
	snprintf(path, sizeof(path), "%s/station.key", e->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", b64);
	fclose(f);
}

static struct env *env_new(const char *band)
{
	struct env *e = calloc(1, sizeof(*e));
	char text[2048];
	FILE *f;

	klog_init("test", KLOG_ERR);
	assert_non_null(e);
	snprintf(e->dir, sizeof(e->dir), "/tmp/kiosk-sync-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	e->port = free_port();
	snprintf(e->server_conf, sizeof(e->server_conf), "%s/server.conf", e->dir);
	snprintf(text, sizeof(text),
		 "[station]\nid = T\nname_vi = Thử\n[queue]\nsync = normal\ndatabase = %s/server.db\n"
		 "[server]\nlisten = 127.0.0.1:%d\nkiosk.lobby-1 = " KIOSK_TOKEN "\n"
		 "band.lobby-1 = 901-902\nstaff.counter-1 = " STAFF_TOKEN "\n"
		 "booking.zalo = " BOOKING_TOKEN "\n" BOOKING_KEY
		 "signing_key = %s/station.key\nsigning_kid = K1\n" SERVICES,
		 e->dir, e->port, e->dir);
	assert_non_null(f = fopen(e->server_conf, "w"));
	fputs(text, f);
	fclose(f);
	client_conf(e, &e->kiosk, KIOSK_TOKEN, band);
	client_conf(e, &e->staff, STAFF_TOKEN, "");
	client_conf(e, &e->backend, BOOKING_TOKEN, "");
	write_test_key(e);
	assert_int_equal(SDL_Init(SDL_INIT_EVENTS), 0);
	e->event = SDL_RegisterEvents(1);
	return e;
}

static void env_free(struct env *e)
{
	char cmd[128];
	if (e->server) {
		kill(e->server, SIGCONT);
		server_kill(e);
	}
	SDL_Quit();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", e->dir);
	free(e);
}

/* A staff request; returns the HTTP status. */
static long staff(struct env *e, const char *method, const char *path, json_t **reply)
{
	struct sync_http *h;
	long status = 0;
	assert_int_equal(sync_http_open(&h, &e->staff), 0);
	assert_int_equal(sync_http_call(h, method, path, NULL, 2000, &status, reply), 0);
	sync_http_close(h);
	return status;
}

/* Wait up to ms for the follower's next event; 1 if one came. */
static int synced(struct env *e, int ms)
{
	SDL_Event ev;
	double end = ms_now() + ms;
	while (ms_now() < end)
		if (SDL_WaitEventTimeout(&ev, 20) && ev.type == e->event &&
		    ev.user.code == WORKER_SYNCED)
			return 1;
	return 0;
}

static const char *serving(struct ksync *k)
{
	static struct queue_status st;
	int online;
	assert_int_equal(ksync_status(k, &st, &online), 0);
	return st.ncounters > 0 ? st.counters[0].number : "";
}

static int pending(struct ksync *k)
{
	struct ksync_report rep;
	assert_int_equal(ksync_report(k, &rep), 0);
	return rep.pending;
}

/* t's page token (issue 19): a kiosk's for today, signed with its key,
 * unlike any before it (pages, *n: those seen so far). */
static void page_ok(const struct queue_ticket *t, char pages[][TICKET_PAGE_LEN + 1], int *n)
{
	uint8_t key[TICKET_PAGE_KEY], bin[TICKET_PAGE_BYTES];
	assert_int_equal(ticket_page_parse(t->page, bin), 0);
	ticket_page_key(KIOSK_TOKEN, key);
	assert_int_equal(ticket_page_signed(key, kclock_day(t->issued_at, 0), bin), 1);
	for (int i = 0; i < *n; i++)
		assert_string_not_equal(pages[i], t->page);
	snprintf(pages[(*n)++], TICKET_PAGE_LEN + 1, "%s", t->page);
}

static void online_offline_and_back(void **state)
{
	(void)state;
	struct env *e = env_new("");
	struct ksync *k;
	struct follower *f;
	struct queue_ticket t;
	int offline, online, npages = 0;
	struct queue_status st;
	char pages[3][TICKET_PAGE_LEN + 1];

	server_start(e);
	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "A", 0, 0, &t, &offline), 0);
	assert_string_equal(t.number, "A001");
	assert_int_equal(offline, 0);
	assert_true(t.id > 0);
	page_ok(&t, pages, &npages); /* sent with it: the server takes it or ignores it */

	/* the follower: the strip hears a staff call within a second */
	assert_int_equal(follower_start(&f, &e->kiosk, &kclock_system, e->event), 0);
	assert_true(synced(e, 3000));
	while (synced(e, 300))
		; /* settled: it waits on the long-poll now */
	double t0 = ms_now();
	assert_int_equal(staff(e, "POST", "/counters/1/next", NULL), 200);
	assert_true(synced(e, HANG_MS)); /* on the long-poll: not at its 25 s end */
	double heard = ms_now() - t0;
	assert_string_equal(serving(k), "A001");
	fprintf(stderr, "test_sync: staff next heard by the kiosk after %.0f ms\n", heard);

	/* numbers in reserve, then the server dies: offline at once, from the lease */
	struct ksync_report rep;
	assert_int_equal(ksync_report(k, &rep), 0);
	assert_int_equal(rep.lease_left[0], 3);
	server_kill(e);
	t0 = ms_now();
	assert_int_equal(ksync_issue(k, "A", 1, 0, &t, &offline), 0);
	assert_int_equal(offline, 1);
	assert_string_equal(t.number, "A002");
	assert_int_equal(t.priority, 1);
	page_ok(&t, pages, &npages); /* offline too: pushed with it */
	assert_true(ms_now() - t0 < HANG_MS);
	assert_int_equal(pending(k), 1);
	for (int i = 0; i < 50; i++) { /* the follower finds it away */
		synced(e, 100);
		ksync_status(k, &st, &online);
		if (!online)
			break;
	}
	assert_int_equal(online, 0);
	/* while away, the button does not wait for the server */
	t0 = ms_now();
	assert_int_equal(ksync_issue(k, "A", 0, 0, &t, &offline), 0);
	assert_string_equal(t.number, "A003");
	page_ok(&t, pages, &npages);
	fprintf(stderr, "test_sync: an offline issue while away took %.0f ms\n", ms_now() - t0);

	/* back: the follower pushes the outbox by itself */
	server_start(e);
	for (int i = 0; i < 80 && pending(k) > 0; i++)
		synced(e, 100);
	assert_int_equal(pending(k), 0);
	json_t *list = NULL;
	assert_int_equal(staff(e, "GET", "/tickets", &list), 200);
	json_t *tickets = json_object_get(list, "tickets");
	assert_int_equal(json_array_size(tickets), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tickets, 1),
							      "number")), "A002");
	assert_true(json_is_true(json_object_get(json_array_get(tickets, 1), "priority")));
	json_decref(list);
	/* online again once the follower's round after the push reads the queue
	 * (the push comes first: on a loaded machine the round may still be on) */
	for (int i = 0; i < 80; i++) {
		ksync_status(k, &st, &online);
		if (online)
			break;
		synced(e, 100);
	}
	assert_int_equal(online, 1);

	t0 = ms_now();
	follower_stop(f); /* in the middle of a long-poll: not at its end */
	assert_true(ms_now() - t0 < HANG_MS);
	ksync_close(k);
	env_free(e);
}

static void a_frozen_server_is_given_up_in_time(void **state)
{
	(void)state;
	sync_timeout_s = 60; /* what a client without issue_timeout would wait */
	struct env *e = env_new("");
	sync_timeout_s = 2;
	struct ksync *k;
	struct queue_ticket t;
	int offline, left;

	server_start(e);
	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0);
	assert_int_equal(ksync_topup(k), 0);
	/* the clients wait 10 s to issue (a loaded, sanitized server can be that
	 * slow); this one 300 ms, as a lobby's kiosk does, from now on */
	e->kiosk.sync.issue_timeout = 300;
	server_freeze(e);
	double t0 = ms_now();
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0);
	double took = ms_now() - t0;
	assert_int_equal(offline, 1);
	fprintf(stderr, "test_sync: a frozen server given up after %.0f ms\n", took);
	assert_true(took >= 250 && took < 30000); /* issue_timeout = 300 ms, not timeout = 60 s */
	kill(e->server, SIGCONT); /* it answers the question nobody waits for */
	json_t *list = NULL;
	for (size_t n = 0; n < 2; json_decref(list)) { /* until it has: then the push */
		assert_true(ms_now() - t0 < HANG_MS);
		assert_int_equal(staff(e, "GET", "/tickets", &list), 200);
		n = json_array_size(json_object_get(list, "tickets"));
	}
	assert_int_equal(ksync_push(k, &left), 0);
	assert_int_equal(left, 0);
	assert_int_equal(staff(e, "GET", "/tickets", &list), 200);
	json_t *tickets = json_object_get(list, "tickets");
	assert_int_equal(json_array_size(tickets), 2); /* not three: the late one is replaced */
	assert_string_equal(json_string_value(json_object_get(json_array_get(tickets, 1),
							      "number")), t.number);
	json_decref(list);
	ksync_close(k);
	env_free(e);
}

static void refusals_stay_refusals(void **state)
{
	(void)state;
	struct env *e = env_new("901-902");
	struct ksync *k;
	struct queue_ticket t;
	int offline;

	server_start(e);
	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "SHUT", 0, 1, &t, &offline), K_ERR_CLOSED);
	assert_int_equal(offline, 0);
	assert_int_equal(ksync_issue(k, "NOPE", 0, 1, &t, &offline), K_ERR_NOT_FOUND);
	server_kill(e);
	assert_int_equal(ksync_issue(k, "SHUT", 0, 1, &t, &offline), K_ERR_CLOSED);
	assert_int_equal(pending(k), 0);
	ksync_close(k);
	env_free(e);
}

static void offline_numbers_run_out_and_say_so(void **state)
{
	(void)state;
	struct env *e = env_new("901-902"); /* never started: the server is away all day */
	struct ksync *k;
	struct queue_ticket t;
	int offline;

	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0);
	assert_string_equal(t.number, "A901");
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0);
	assert_string_equal(t.number, "A902");
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), K_ERR_EXHAUSTED);
	assert_int_equal(pending(k), 2);
	/* the server comes: both are taken, from this kiosk's band */
	server_start(e);
	int left;
	assert_int_equal(ksync_push(k, &left), 0);
	assert_int_equal(left, 0);
	ksync_close(k);
	env_free(e);
}

/* Issue 15: a number the server already holds under another ticket (the
 * outbox restored from an old copy issued it again) is refused 409
 * number_taken: kept in the outbox with the reason, not pushed for ever. */
static void a_pushed_number_already_taken_is_refused_for_good(void **state)
{
	(void)state;
	struct env *e = env_new("901-902"); /* the server is away at first */
	struct kconf again;
	struct ksync *k, *k2;
	struct ksync_report rep;
	struct queue_ticket t;
	char path[128];
	int offline, left;

	memcpy(&again, &e->kiosk, sizeof(again)); /* the same kiosk, an older outbox */
	snprintf(again.sync.outbox, sizeof(again.sync.outbox), "%s/outbox-copy.db", e->dir);
	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_open(&k2, &again, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0);
	assert_string_equal(t.number, "A901");
	assert_int_equal(ksync_issue(k2, "A", 0, 1, &t, &offline), 0);
	assert_string_equal(t.number, "A901");
	server_start(e);
	assert_int_equal(ksync_push(k, &left), 0);
	assert_int_equal(left, 0);
	for (int i = 0; i < 3; i++) { /* the follower pushes after every change */
		assert_int_equal(ksync_push(k2, &left), 0);
		assert_int_equal(left, 1); /* not lost: kept, for a technician */
	}
	assert_int_equal(ksync_report(k2, &rep), 0);
	assert_string_equal(rep.last_error, "409 number_taken");
	/* sent once, not three times */
	sqlite3 *db;
	sqlite3_stmt *st;
	snprintf(path, sizeof(path), "%s/outbox-copy.db", e->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT tries FROM issued WHERE number = 'A901'",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	ksync_close(k2);
	ksync_close(k);
	env_free(e);
}

static int lease_left(struct ksync *k)
{
	struct ksync_report rep;
	assert_int_equal(ksync_report(k, &rep), 0);
	return rep.lease_left[0];
}

/* Issue 15: the server lets a kiosk hold [server] lease_unused leased numbers
 * unused; over it a lease is cut short, then refused 409 lease_limit, and
 * the kiosk keeps what it holds and gets more once its tickets are pushed. */
static void a_kiosk_over_its_unused_leases_keeps_what_it_has(void **state)
{
	(void)state;
	struct env *e = env_new("");
	struct ksync *k;
	struct queue_ticket t;
	char text[4096];
	int offline, left;
	FILE *f = fopen(e->server_conf, "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	char *at = strstr(text, "[server]\n") + strlen("[server]\n");
	memmove(at + strlen("lease_unused = 4\n"), at, strlen(at) + 1);
	memcpy(at, "lease_unused = 4\n", strlen("lease_unused = 4\n"));
	assert_non_null(f = fopen(e->server_conf, "w"));
	fputs(text, f);
	fclose(f);

	server_start(e);
	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0); /* the day begins */
	assert_int_equal(offline, 0);
	assert_int_equal(ksync_topup(k), 0);
	assert_int_equal(lease_left(k), 3);                           /* [sync] lease */
	server_kill(e);
	for (int i = 0; i < 3; i++) { /* issued offline from the lease, not pushed yet */
		assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0);
		assert_int_equal(offline, 1);
	}
	assert_int_equal(lease_left(k), 0);
	server_start(e);
	assert_int_equal(ksync_topup(k), 0);
	assert_int_equal(lease_left(k), 1);        /* 3 asked, 1 given: 3 + 1 = lease_unused */
	assert_int_equal(ksync_topup(k), 0);        /* 409 lease_limit: no error, nothing lost */
	assert_int_equal(lease_left(k), 1);
	assert_int_equal(ksync_push(k, &left), 0); /* the three are issued at the server now */
	assert_int_equal(left, 0);
	assert_int_equal(ksync_topup(k), 0);
	assert_int_equal(lease_left(k), 3);
	ksync_close(k);
	env_free(e);
}

/* The kiosk's disk and the server's on GET /devices; the server's disk under
 * its reserve: 507 disk_full is a refusal at the kiosk, not a reason to
 * issue offline. */
static void disks_on_the_devices_view_and_a_full_server_disk(void **state)
{
	(void)state;
	struct env *e = env_new("901-902");
	struct ksync *k;
	struct sync_http *h;
	struct queue_ticket t;
	struct kdisk disk;
	json_t *reply = NULL;
	long status = 0;
	int offline;
	char text[4096];
	FILE *f;

	/* the server's disk counts as full: more reserve than any machine has */
	assert_non_null(f = fopen(e->server_conf, "r"));
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	char *at = strstr(text, "sync = normal\n");
	assert_non_null(at);
	char rest[4096];
	snprintf(rest, sizeof(rest), "%s", at + strlen("sync = normal\n"));
	snprintf(at, sizeof(text) - (size_t)(at - text),
		 "sync = normal\ndisk_warn_mb = 1000000\ndisk_reserve_mb = 1000000\n%s", rest);
	assert_non_null(f = fopen(e->server_conf, "w"));
	fputs(text, f);
	fclose(f);
	server_start(e);

	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), K_ERR_DISK_FULL);
	assert_int_equal(offline, 0);
	assert_int_equal(pending(k), 0);
	/* the kiosk's own disk: under its warning, not its reserve */
	kdisk_init(&disk, e->kiosk.sync.outbox, 1000000, 1);
	assert_int_equal(kdisk_check(&disk), KDISK_LOW);
	ksync_watch_disk(k, &disk);
	assert_int_equal(ksync_report_device(k, "ok", "", NULL), 0);
	assert_int_equal(sync_http_open(&h, &e->staff), 0);
	assert_int_equal(sync_http_call(h, "GET", "/devices", NULL, 2000, &status, &reply), 0);
	assert_int_equal(status, 200);
	json_t *d = json_object_get(json_array_get(json_object_get(reply, "devices"), 0), "disk");
	assert_string_equal(json_string_value(json_object_get(d, "state")), "low");
	assert_true(json_integer_value(json_object_get(d, "free_mb")) > 0);
	json_t *own = json_object_get(json_object_get(reply, "server"), "disk");
	assert_string_equal(json_string_value(json_object_get(own, "state")), "full");
	json_decref(reply);
	sync_http_close(h);
	ksync_close(k);
	env_free(e);
}

/* The kiosk's printer as the supervisor sees it (GET /devices), and its outbox. */
static void a_kiosk_reports_its_printer(void **state)
{
	(void)state;
	struct env *e = env_new("901-902");
	struct ksync *k;
	struct sync_http *h;
	struct queue_ticket t;
	json_t *reply = NULL;
	long status = 0;
	int offline;

	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	assert_int_equal(ksync_report_device(k, "paper_out", "paper out", "ok"), K_ERR_UNREACHABLE);
	assert_int_equal(ksync_issue(k, "A", 0, 1, &t, &offline), 0); /* offline: pending */
	server_start(e);
	assert_int_equal(ksync_report_device(k, "paper_out", "paper out", "unplugged"), 0);
	assert_int_equal(sync_http_open(&h, &e->staff), 0);
	assert_int_equal(sync_http_call(h, "GET", "/devices", NULL, 2000, &status, &reply), 0);
	assert_int_equal(status, 200);
	json_t *d = json_array_get(json_object_get(reply, "devices"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "name")), "lobby-1");
	assert_string_equal(json_string_value(json_object_get(d, "printer")), "paper_out");
	assert_int_equal(json_integer_value(json_object_get(d, "pending")), 1);
	assert_string_equal(json_string_value(json_object_get(d, "scanner")), "unplugged");
	assert_true(json_is_true(json_object_get(d, "online")));
	json_decref(reply);
	assert_int_equal(ksync_report_device(k, "on fire", "", NULL), K_ERR_PROTOCOL);
	assert_int_equal(ksync_report_device(k, "ok", "", "on fire"), K_ERR_PROTOCOL);
	sync_http_close(h);
	ksync_close(k);
	env_free(e);
}

static const char *token(const char *booking)
{
	/* a slot that began a minute ago */
	return tbooking("T", booking, "A", kclock_now(&kclock_system) - 60);
}

/* A scanned booking: checked in by the server, or offline, used once either way. */
static void bookings_check_in_through_the_server_or_offline(void **state)
{
	(void)state;
	struct env *e = env_new("901-902");
	struct ksync *k;
	struct booking_token b;
	struct queue_ticket t;
	int reason, offline, left;
	char tok[256];

	server_start(e);
	assert_int_equal(ksync_open(&k, &e->kiosk, &kclock_system), 0);
	snprintf(tok, sizeof(tok), "%s", token("BK-1"));
	assert_int_equal(ksync_checkin(k, tok, strlen(tok), 0, &b, &t, &reason, &offline), 0);
	assert_int_equal(reason, BOOKING_OK);
	assert_int_equal(offline, 0);
	assert_string_equal(t.number, "A001");
	assert_int_equal(t.source, QUEUE_BOOKING);
	assert_int_equal(ksync_checkin(k, tok, strlen(tok), 0, &b, &t, &reason, &offline), 0);
	assert_int_equal(reason, BOOKING_ALREADY_USED);     /* the server says so */
	assert_string_equal(t.number, "A001");
	assert_int_equal(ksync_checkin(k, "http://x.vn", 11, 0, &b, &t, &reason, &offline), 0);
	assert_int_equal(reason, BOOKING_MALFORMED);        /* decided here, not sent */

	server_kill(e);
	assert_int_equal(ksync_checkin(k, tok, strlen(tok), 1, &b, &t, &reason, &offline), 0);
	assert_int_equal(reason, BOOKING_ALREADY_USED);     /* this kiosk remembers */
	snprintf(tok, sizeof(tok), "%s", token("BK-2"));
	assert_int_equal(ksync_checkin(k, tok, strlen(tok), 1, &b, &t, &reason, &offline), 0);
	assert_int_equal(reason, BOOKING_OK);
	assert_int_equal(offline, 1);
	assert_string_equal(t.number, "A901");              /* no lease yet: the band */
	assert_int_equal(t.priority, 1);
	assert_int_equal(ksync_checkin(k, tok, strlen(tok), 1, &b, &t, &reason, &offline), 0);
	assert_int_equal(reason, BOOKING_ALREADY_USED);
	assert_string_equal(t.number, "A901");

	server_start(e);
	assert_int_equal(ksync_push(k, &left), 0);
	assert_int_equal(left, 0);
	json_t *list = NULL;
	assert_int_equal(staff(e, "GET", "/tickets", &list), 200);
	json_t *second = json_array_get(json_object_get(list, "tickets"), 1);
	assert_string_equal(json_string_value(json_object_get(second, "number")), "A901");
	assert_string_equal(json_string_value(json_object_get(second, "source")), "booking");
	json_decref(list);
	/* and the server now knows BK-2 is used */
	struct sync_http *h;
	long status;
	json_t *reply = NULL, *body = json_pack("{s:s}", "payload", tok);
	assert_int_equal(sync_http_open(&h, &e->kiosk), 0);
	assert_int_equal(sync_http_call(h, "POST", "/checkins", body, 2000, &status, &reply), 0);
	assert_int_equal(status, 409);
	assert_string_equal(json_string_value(json_object_get(reply, "reason")), "ALREADY_USED");
	assert_string_equal(json_string_value(json_object_get(reply, "number")), "A901");
	json_decref(reply);
	json_decref(body);
	sync_http_close(h);

	/* a booking made by the backend, then cancelled: refused even offline */
	struct sync_http *bh;
	char slot[32], path[64], made[256];
	kclock_iso((kclock_now(&kclock_system) / 1800 + 1) * 1800, slot, sizeof(slot));
	body = json_pack("{s:s, s:s}", "service", "A", "slot", slot);
	assert_int_equal(sync_http_open(&bh, &e->backend), 0);
	assert_int_equal(sync_http_call(bh, "POST", "/bookings", body, 2000, &status, &reply), 0);
	assert_int_equal(status, 201);
	snprintf(made, sizeof(made), "%s", json_string_value(json_object_get(reply, "token")));
	snprintf(path, sizeof(path), "/bookings/%s", json_string_value(json_object_get(reply, "id")));
	json_decref(reply);
	json_decref(body);
	assert_int_equal(sync_http_call(bh, "DELETE", path, NULL, 2000, &status, NULL), 0);
	assert_int_equal(status, 200);
	sync_http_close(bh);
	assert_int_equal(ksync_refresh(k), 0);        /* the follower's read of the queue */
	server_kill(e);
	assert_int_equal(ksync_checkin(k, made, strlen(made), 1, &b, &t, &reason, &offline), 0);
	assert_int_equal(offline, 1);
	assert_int_equal(reason, BOOKING_CANCELLED);

	/* a code typed from the Zalo message: the station looks it up */
	server_start(e);
	char id[24], id2[24];
	assert_int_equal(sync_http_open(&bh, &e->backend), 0);
	for (int i = 0; i < 2; i++) {
		body = json_pack("{s:s, s:s}", "service", "A", "slot", slot);
		assert_int_equal(sync_http_call(bh, "POST", "/bookings", body, 2000, &status,
						&reply), 0);
		assert_int_equal(status, 201);
		snprintf(i ? id2 : id, sizeof(id), "%s",
			 json_string_value(json_object_get(reply, "id")));
		json_decref(reply);
		json_decref(body);
	}
	sync_http_close(bh);
	assert_int_equal(ksync_refresh(k), 0);         /* today's bookings, kept here */
	assert_int_equal(ksync_checkin_code(k, id, &b, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_OK);
	assert_int_equal(t.source, QUEUE_BOOKING);
	assert_string_equal(b.service, "A");
	assert_int_equal(b.minutes, 30);               /* for the slip's "Đã đặt lịch" line */
	assert_true(b.slot > 0);
	assert_int_equal(ksync_checkin_code(k, "BK0000000000", &b, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_NOT_FOUND);
	server_kill(e);                                /* typed while the server is away */
	assert_int_equal(ksync_checkin_code(k, id2, &b, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_OK);          /* a booking the server had listed */
	assert_int_equal(t.priority, 1);
	assert_int_equal(ksync_checkin_code(k, id, &b, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_ALREADY_USED);
	assert_int_equal(ksync_checkin_code(k, path + strlen("/bookings/"), &b, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_CANCELLED);
	assert_int_equal(ksync_checkin_code(k, "BK0000000000", &b, &t, &reason),
			 K_ERR_UNREACHABLE);           /* unknown here: only the server knows */
	ksync_close(k);
	env_free(e);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(online_offline_and_back),
		cmocka_unit_test(a_frozen_server_is_given_up_in_time),
		cmocka_unit_test(refusals_stay_refusals),
		cmocka_unit_test(offline_numbers_run_out_and_say_so),
		cmocka_unit_test(a_pushed_number_already_taken_is_refused_for_good),
		cmocka_unit_test(a_kiosk_over_its_unused_leases_keeps_what_it_has),
		cmocka_unit_test(a_kiosk_reports_its_printer),
		cmocka_unit_test(disks_on_the_devices_view_and_a_full_server_disk),
		cmocka_unit_test(bookings_check_in_through_the_server_or_offline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
