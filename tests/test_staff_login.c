/*
 * test_staff_login.c - staff logins against a real station-server on
 * 127.0.0.1, as an attacker in the lobby would try them (issue 15):
 * wrong passwords sent at once are checked at most STAFF_TRIES times and
 * then lock the name; a name nobody has gets the same answers; checks at
 * once are capped (the server's peak memory stays far from 64 MiB per
 * login); only a body declared application/json logs in; a new password
 * ends the person's sessions and tokens; ended sessions are pruned at login
 * and by the maintenance; the database is created 0600; the cookie is
 * Secure under HTTPS.
 *
 * Threads with libcurl make the parallel logins; every wait is on an
 * answer, a line the server prints or a thread's end, never on a sleep.
 */
#define _GNU_SOURCE /* strcasestr */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "spawn.h"

#define PATIENCE_MS 60000
#define TRIES 5 /* STAFF_TRIES in server/staff.h */

static char dir[64], conf[128], db[128];
static struct child server;
static int port;
/* The server logs every request: once its lines are no longer awaited, a
 * thread reads them away so its pipe never fills (a full pipe stops it). */
static pthread_t drainer;
static volatile int draining;
static int maintained; /* its maintenance at start said it ran */

static void *drain(void *arg)
{
	(void)arg;
	while (draining)
		child_wait_for(&server, "\x01 never printed", server.len, 200);
	return NULL;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Run station-server with the words of fmt after --config and --db; the
 * password (or NULL) on its standard input; its output into out. */
static int cli(char *out, size_t cap, const char *password, const char *fmt, ...)
{
	char args[512], cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "printf '%%s\\n' '%s' | '%s' --config '%s' --db '%s' %s 2>/dev/null",
		 password ? password : "", getenv("STATION_SERVER"), conf, db, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, cap - 1, p);
	out[n] = 0;
	return pclose(p);
}

static void add_user(const char *name, const char *password)
{
	char out[512];
	assert_int_equal(cli(out, sizeof(out), password, "user add %s", name), 0);
}

/* --- HTTP ---------------------------------------------------------------- */
struct text {
	char s[4096];
	size_t n;
};

struct answer {
	long status;
	struct text body, head;
};

static size_t take(char *p, size_t size, size_t n, void *arg)
{
	struct text *t = arg;
	size_t len = size * n, room = sizeof(t->s) - 1 - t->n;
	memcpy(t->s + t->n, p, len < room ? len : room);
	t->n += len < room ? len : room;
	t->s[t->n] = 0;
	return len;
}

/* method on url; body (or NULL) sent with Content-Type ctype (NULL: none);
 * cookie "session=...", bearer token and one more header line may be NULL. */
static void http(struct answer *a, const char *method, const char *url, const char *ctype,
		 const char *body, const char *cookie, const char *bearer, const char *header)
{
	struct curl_slist *h = NULL;
	char line[256];
	CURL *c = curl_easy_init();

	memset(a, 0, sizeof(*a));
	assert_non_null(c);
	snprintf(line, sizeof(line), "Content-Type:%s%s", ctype ? " " : "", ctype ? ctype : "");
	h = curl_slist_append(h, line);
	if (bearer) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", bearer);
		h = curl_slist_append(h, line);
	}
	if (header)
		h = curl_slist_append(h, header);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (cookie)
		curl_easy_setopt(c, CURLOPT_COOKIE, cookie);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, take);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &a->head);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)PATIENCE_MS);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L); /* the test's own certificate */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	else
		fprintf(stderr, "%s %s: %s\n", method, url, curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

static void login_at(struct answer *a, int at_port, const char *scheme, const char *name,
		     const char *password, const char *ctype)
{
	char url[128], body[256];
	snprintf(url, sizeof(url), "%s://127.0.0.1:%d/api/v1/login", scheme, at_port);
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"password\":\"%s\"}", name, password);
	http(a, "POST", url, ctype, body, NULL, NULL, NULL);
}

static void login(struct answer *a, const char *name, const char *password)
{
	login_at(a, port, "http", name, password, "application/json");
}

static void get(struct answer *a, const char *path, const char *cookie, const char *bearer)
{
	char url[160];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	http(a, "GET", url, NULL, NULL, cookie, bearer, NULL);
}

/* The answer's error code ("" if none) and whether it has a Retry-After. */
static const char *error_of(const struct answer *a, char out[32])
{
	const char *p = strstr(a->body.s, "\"error\":\"");
	out[0] = 0;
	if (p)
		sscanf(p + 9, "%31[^\"]", out);
	return out;
}

static int retry_after(const struct answer *a)
{
	const char *p = strcasestr(a->head.s, "\nRetry-After: ");
	return p ? atoi(p + 14) : 0;
}

/* "session=..." from the answer's Set-Cookie, and the whole header line. */
static void cookie_of(const struct answer *a, char cookie[80], char line[256])
{
	const char *p = strcasestr(a->head.s, "\nSet-Cookie: ");
	cookie[0] = line[0] = 0;
	if (!p)
		return;
	sscanf(p + 13, "%255[^\r\n]", line);
	sscanf(p + 13, "%79[^;\r\n]", cookie);
}

static long long db_int(const char *sql)
{
	sqlite3 *d;
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_open_v2(db, &d, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(d, 10000);
	assert_int_equal(sqlite3_prepare_v2(d, sql, -1, &st, NULL), SQLITE_OK);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(d);
	return v;
}

/* A session row for name, as the server would write one: kind, expires
 * and used relative to now; its digest random. */
static void plant_session(const char *name, const char *kind, long expires_in, long used_ago)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "INSERT INTO sessions (digest, staff, expires, kind, used)"
		 " SELECT randomblob(32), id, strftime('%%s','now') + %ld, '%s',"
		 " strftime('%%s','now') - %ld FROM staff WHERE name = '%s' RETURNING 1",
		 expires_in, kind, used_ago, name);
	assert_int_equal(db_int(sql), 1);
}

static long long sessions_of(const char *name, const char *where)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions JOIN staff ON staff.id ="
		 " sessions.staff WHERE staff.name = '%s' AND (%s)", name, where);
	return db_int(sql);
}

/* --- the server ---------------------------------------------------------- */
static const char conf_text[] =
	"[station]\nid = TEST\nname_vi = Trạm thử\n"
	"[queue]\nsync = normal\n"
	"[server]\nlisten = 127.0.0.1:0\nstaff_idle = 600\n"
	"[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\nhours = 00:00-24:00\ndays = mon-sun\n"
	"[counter.1]\nservices = CAPMOI\n";

static int start(struct child *c, const char *config, const char *database, const char *scheme)
{
	char *argv[] = { getenv("STATION_SERVER"), "--config", (char *)config, "--db",
			 (char *)database, NULL };
	char needle[64];
	assert_int_equal(child_start(c, argv, NULL), 0);
	snprintf(needle, sizeof(needle), "listening on %s://127.0.0.1:", scheme);
	long at = child_wait_for(c, needle, 0, PATIENCE_MS);
	if (at < 0)
		fail_msg("the server did not start: %s", c->out);
	return atoi(c->out + at + strlen(needle));
}

/* Accounts, and sessions that have ended, made before the server starts:
 * its maintenance at start should find them. */
static int setup(void **state)
{
	(void)state;
	umask(022); /* as a shell's: the server must not rely on systemd's UMask */
	snprintf(dir, sizeof(dir), "/tmp/staff-login-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/kiosk.conf", dir);
	snprintf(db, sizeof(db), "%s/q.db", dir);
	write_file(conf, conf_text);
	add_user("lan", "correct-horse-battery");
	add_user("minh", "staple-battery-horse");
	add_user("ha", "ha-password-1");
	add_user("tuan", "tuan-password-1");
	add_user("old", "old-password-1");
	for (int i = 0; i < 8; i++) {
		char name[16];
		snprintf(name, sizeof(name), "flood%d", i);
		add_user(name, "flood-password");
	}
	plant_session("old", "cookie", -60, 13 * 3600);  /* expired */
	plant_session("old", "cookie", 3600, 700);       /* idle past staff_idle = 600 */
	plant_session("old", "token", 86400 * 300, 9000); /* a token: never idle */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	port = start(&server, conf, db, "http");
	maintained = child_wait_for(&server, "maintenance: ", 0, PATIENCE_MS) >= 0;
	draining = 1; /* no more lines awaited */
	return pthread_create(&drainer, NULL, drain, NULL);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	if (draining) {
		draining = 0;
		pthread_join(drainer, NULL);
	}
	assert_int_equal(child_end(&server, SIGTERM), 0);
	child_free(&server);
	curl_global_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* --- the tests ----------------------------------------------------------- */

static void maintenance_at_start_prunes_ended_sessions(void **state)
{
	(void)state;
	if (!maintained)
		fail_msg("no maintenance line: %s", server.out);
	assert_int_equal(sessions_of("old", "expires <= strftime('%s','now')"), 0);
	assert_int_equal(sessions_of("old", "kind = 'cookie'"), 0); /* the idle one too */
	assert_int_equal(sessions_of("old", "kind = 'token'"), 1);
}

static void the_database_is_the_service_users_alone(void **state)
{
	(void)state;
	const char *suffix[] = { "", "-wal", "-shm" };
	char path[160], out[512];
	struct stat st;
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s%s", db, suffix[i]);
		assert_int_equal(stat(path, &st), 0);
		if ((st.st_mode & 0777) != 0600)
			fail_msg("%s is %03o, not 0600", path, st.st_mode & 0777);
	}
	snprintf(path, sizeof(path), "%s/backup.db", dir);
	assert_int_equal(cli(out, sizeof(out), NULL, "backup %s", path), 0);
	assert_int_equal(stat(path, &st), 0);
	if ((st.st_mode & 0777) != 0600)
		fail_msg("the backup is %03o, not 0600", st.st_mode & 0777);
}

struct flood {
	const char *name, *password;
	pthread_barrier_t *go;
	int checked, locked, busy, other, gave_up;
	long other_status;
};

/* One attacker's thread: its try, again while the server says busy
 * (Retry-After given), until it is checked (401) or the name is locked. */
static void *attacker(void *arg)
{
	struct flood *f = arg;
	struct answer a;
	char err[32];
	pthread_barrier_wait(f->go);
	for (int i = 0; i < 2000; i++) {
		login(&a, f->name, f->password);
		error_of(&a, err);
		if (a.status == 429 && !strcmp(err, "busy") && retry_after(&a) > 0) {
			f->busy++;
			struct timespec ts = { 0, 20 * 1000000L }; /* a client's pause, not a wait */
			nanosleep(&ts, NULL);
			continue;
		}
		if (a.status == 401 && !strcmp(err, "login_failed"))
			f->checked++;
		else if (a.status == 429 && !strcmp(err, "locked") && retry_after(&a) > 0)
			f->locked++;
		else {
			f->other++;
			f->other_status = a.status;
		}
		return NULL;
	}
	f->gave_up++;
	return NULL;
}

/* n threads log in as names[i % nnames] at once; the totals into sum. */
static void flood(const char *const *names, int nnames, int n, struct flood *sum)
{
	pthread_t t[64];
	struct flood f[64];
	pthread_barrier_t go;
	assert_true(n <= 64);
	pthread_barrier_init(&go, NULL, (unsigned)n);
	memset(sum, 0, sizeof(*sum));
	for (int i = 0; i < n; i++) {
		f[i] = (struct flood){ .name = names[i % nnames], .password = "wrong-password",
				       .go = &go };
		assert_int_equal(pthread_create(&t[i], NULL, attacker, &f[i]), 0);
	}
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		sum->checked += f[i].checked;
		sum->locked += f[i].locked;
		sum->busy += f[i].busy;
		sum->other += f[i].other;
		sum->gave_up += f[i].gave_up;
		if (f[i].other)
			sum->other_status = f[i].other_status;
	}
	pthread_barrier_destroy(&go);
}

static void wrong_passwords_at_once_are_checked_at_most_tries_times(void **state)
{
	(void)state;
	static const char *const names[][1] = { { "lan" }, { "nobody-here" } };
	for (int k = 0; k < 2; k++) {
		struct flood sum;
		struct answer a;
		char err[32];
		flood(names[k], 1, 30, &sum);
		if (sum.other || sum.gave_up)
			fail_msg("%s: %d answer(s) neither 401 nor 429 (last %ld), %d gave up",
				 names[k][0], sum.other, sum.other_status, sum.gave_up);
		printf("# %s: 30 at once: %d checked, %d locked, %d busy answers\n", names[k][0],
		       sum.checked, sum.locked, sum.busy);
		if (sum.checked > TRIES || sum.checked < 1)
			fail_msg("%s: %d of 30 wrong passwords sent at once were checked (at most %d)",
				 names[k][0], sum.checked, TRIES);
		assert_int_equal(sum.checked + sum.locked, 30);
		/* locked now: even the right password is not checked */
		login(&a, names[k][0], "correct-horse-battery");
		assert_int_equal(a.status, 429);
		assert_string_equal(error_of(&a, err), "locked");
		assert_true(retry_after(&a) > 200 && retry_after(&a) <= 300);
	}
	assert_int_equal(db_int("SELECT locked_until > strftime('%s','now') FROM staff"
				" WHERE name = 'lan'"), 1);
	assert_int_equal(db_int("SELECT count(*) FROM audit WHERE who = 'lan'"
				" AND action = 'login locked'"), 1);
}

static void an_unknown_name_is_answered_as_a_real_one(void **state)
{
	(void)state;
	const char *names[] = { "minh", "nobody-else" };
	char seen[2][512];
	for (int k = 0; k < 2; k++) {
		seen[k][0] = 0;
		for (int i = 0; i < TRIES + 2; i++) {
			struct answer a;
			char err[32], one[64];
			login(&a, names[k], "not-the-password");
			snprintf(one, sizeof(one), "%ld %s%s; ", a.status, error_of(&a, err),
				 retry_after(&a) > 0 ? " retry" : "");
			strcat(seen[k], one);
		}
	}
	assert_string_equal(seen[1], seen[0]);
	assert_string_equal(seen[0], "401 login_failed; 401 login_failed; 401 login_failed; "
				     "401 login_failed; 401 login_failed; 429 locked retry; "
				     "429 locked retry; ");
}

static long peak_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void logins_at_once_are_capped(void **state)
{
	(void)state;
	static const char *const names[] = { "flood0", "flood1", "flood2", "flood3",
					     "flood4", "flood5", "flood6", "flood7" };
	struct flood sum;
	flood(names, 8, 64, &sum);
	long kib = peak_kib(server.pid);
	printf("# 64 logins at once on 8 names: %d checked, %d locked, %d busy answers;"
	       " the server's peak memory %ld MiB\n", sum.checked, sum.locked, sum.busy,
	       kib / 1024);
	if (sum.other || sum.gave_up)
		fail_msg("%d answer(s) neither 401 nor 429 (last %ld), %d gave up", sum.other,
			 sum.other_status, sum.gave_up);
	assert_true(sum.checked <= 8 * TRIES);
	/* Argon2id takes 64 MiB a check: 4 at once and the server itself (under
	 * ASan also its shadow and the quarantine of freed blocks, 256 MiB) */
#if defined(__SANITIZE_ADDRESS__)
	const long cap_kib = 1280 * 1024;
#else
	const long cap_kib = 768 * 1024;
#endif
	if (kib > cap_kib)
		fail_msg("the server's peak memory is %ld MiB: checks at once are not capped",
			 kib / 1024);
}

static void login_needs_a_json_content_type(void **state)
{
	(void)state;
	const char *refused[] = { "text/plain", NULL, "application/x-www-form-urlencoded",
				  "application/jsonp", "multipart/form-data; boundary=x" };
	const char *taken[] = { "application/json", "application/json; charset=utf-8",
				"Application/JSON" };
	struct answer a;
	char err[32];
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		login_at(&a, port, "http", "ha", "ha-password-1", refused[i]);
		if (a.status != 415)
			fail_msg("Content-Type %s: %ld, wanted 415", refused[i] ? refused[i] : "none",
				 a.status);
		assert_string_equal(error_of(&a, err), "unsupported_media_type");
		assert_null(strcasestr(a.head.s, "\nSet-Cookie:"));
	}
	for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		login_at(&a, port, "http", "ha", "ha-password-1", taken[i]);
		if (a.status != 200)
			fail_msg("Content-Type %s: %ld, wanted 200 (%s)", taken[i], a.status, a.body.s);
	}
}

static void a_new_password_ends_sessions_and_tokens(void **state)
{
	(void)state;
	struct answer a;
	char tuan[80], ha[80], line[256], token[128], out[512];

	login(&a, "tuan", "tuan-password-1");
	assert_int_equal(a.status, 200);
	cookie_of(&a, tuan, line);
	login(&a, "ha", "ha-password-1");
	assert_int_equal(a.status, 200);
	cookie_of(&a, ha, line);
	assert_int_equal(cli(token, sizeof(token), NULL, "user token tuan"), 0);
	token[strcspn(token, "\n")] = 0;
	assert_int_equal(strlen(token), 43);
	get(&a, "/api/v1/session", tuan, NULL);
	assert_int_equal(a.status, 200);
	get(&a, "/api/v1/session", NULL, token);
	assert_int_equal(a.status, 200);

	assert_int_equal(cli(out, sizeof(out), "tuan-password-2", "user add tuan"), 0);
	get(&a, "/api/v1/session", tuan, NULL);
	assert_int_equal(a.status, 401);
	get(&a, "/api/v1/session", NULL, token);
	assert_int_equal(a.status, 401);
	get(&a, "/api/v1/session", ha, NULL); /* another person's stays */
	assert_int_equal(a.status, 200);
	login(&a, "tuan", "tuan-password-1");
	assert_int_equal(a.status, 401);
	login(&a, "tuan", "tuan-password-2");
	assert_int_equal(a.status, 200);
}

static void ended_sessions_are_pruned_at_login(void **state)
{
	(void)state;
	struct answer a;
	plant_session("ha", "cookie", -1, 13 * 3600);  /* expired */
	plant_session("ha", "cookie", 3600, 601);      /* idle */
	plant_session("ha", "cookie", 3600, 10);       /* alive */
	plant_session("ha", "token", -1, 10);          /* an expired token */
	long long before = sessions_of("ha", "1");
	login(&a, "ha", "ha-password-1");
	assert_int_equal(a.status, 200);
	assert_int_equal(sessions_of("ha", "expires <= strftime('%s','now')"), 0);
	assert_int_equal(sessions_of("ha", "kind = 'cookie' AND used < strftime('%s','now') - 600"),
			 0);
	assert_int_equal(sessions_of("ha", "1"), before - 3 + 1);
}

static void the_cookie_is_secure_under_https(void **state)
{
	(void)state;
	char cmd[1024], tls_conf[160], tls_db[160], text[2048], cookie[80], line[256], url[96];
	struct child tls;
	struct answer a;

	login(&a, "ha", "ha-password-1"); /* plain HTTP: not Secure */
	assert_int_equal(a.status, 200);
	cookie_of(&a, cookie, line);
	assert_non_null(strstr(line, "HttpOnly; SameSite=Strict"));
	assert_null(strstr(line, "Secure;"));
	assert_false(strlen(line) > 6 && !strcmp(line + strlen(line) - 6, "Secure"));

	snprintf(cmd, sizeof(cmd), "openssl req -x509 -newkey rsa:2048 -nodes -days 2"
		 " -subj /CN=station -keyout '%s/server.key' -out '%s/server.crt' 2>/dev/null",
		 dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(tls_conf, sizeof(tls_conf), "%s/tls.conf", dir);
	snprintf(tls_db, sizeof(tls_db), "%s/tls.db", dir);
	snprintf(text, sizeof(text), "%s", conf_text);
	char *at = strstr(text, "staff_idle");
	snprintf(at, sizeof(text) - (size_t)(at - text),
		 "cert = %s/server.crt\nkey = %s/server.key\n%s", dir, dir,
		 strstr(conf_text, "staff_idle"));
	write_file(tls_conf, text);
	snprintf(cmd, sizeof(cmd), "printf 'tls-password-1\\n' | '%s' --config '%s' --db '%s'"
		 " user add lan >/dev/null 2>&1", getenv("STATION_SERVER"), tls_conf, tls_db);
	assert_int_equal(system(cmd), 0);
	int tls_port = start(&tls, tls_conf, tls_db, "https");

	login_at(&a, tls_port, "https", "lan", "tls-password-1", "application/json");
	assert_int_equal(a.status, 200);
	cookie_of(&a, cookie, line);
	if (!strstr(line, "; Secure"))
		fail_msg("the cookie over HTTPS: %s", line);
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/api/v1/logout", tls_port);
	char csrf[64] = "", hdr[96];
	sscanf(strstr(a.body.s, "\"csrf\":\"") + 8, "%63[^\"]", csrf);
	snprintf(hdr, sizeof(hdr), "X-CSRF-Token: %s", csrf);
	http(&a, "POST", url, NULL, "", cookie, NULL, hdr);
	assert_int_equal(a.status, 200);
	cookie_of(&a, cookie, line);
	if (!strstr(line, "Max-Age=0; Secure"))
		fail_msg("the log-out cookie over HTTPS: %s", line);
	assert_int_equal(child_end(&tls, SIGTERM), 0);
	child_free(&tls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maintenance_at_start_prunes_ended_sessions),
		cmocka_unit_test(the_database_is_the_service_users_alone),
		cmocka_unit_test(wrong_passwords_at_once_are_checked_at_most_tries_times),
		cmocka_unit_test(an_unknown_name_is_answered_as_a_real_one),
		cmocka_unit_test(logins_at_once_are_capped),
		cmocka_unit_test(login_needs_a_json_content_type),
		cmocka_unit_test(a_new_password_ends_sessions_and_tokens),
		cmocka_unit_test(ended_sessions_are_pruned_at_login),
		cmocka_unit_test(the_cookie_is_secure_under_https),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
