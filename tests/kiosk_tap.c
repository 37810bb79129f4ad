/*
 * kiosk_tap.c - a citizen's tap for the browser tests of the ticket page
 * (issue 19): kiosk_tap CONFIG_FILE SLIP_DIR [SERVICE_INDEX].
 *
 * Opens the kiosk headless (tests/kiosk_ui.h: the real screens, worker,
 * sync client and follower) on CONFIG_FILE, whose [sync] server is a
 * station server the caller started, at the real time of day; taps the
 * service button SERVICE_INDEX (default 0); waits until the slip is printed
 * into SLIP_DIR by the simulated printer and the ticket is at the server;
 * reads the slip's QR code back (zbar) and prints one JSON line:
 *   {"number":"A001","url":"http://127.0.0.1:PORT/t/TOKEN","slip":"SLIP_DIR/slip-0001.png"}
 * Exit 0; on any failure a message on stderr and exit 1.  CONFIG_FILE must
 * leave [kiosk] width and height out (the harness sets them); relative
 * paths in it are against $KIOSK_SRC (the source tree by default).
 */
#include "kiosk_ui.h"
#include "qr_read.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *conf_path, *slip_dir;
static int service_index;
static char *result;     /* the JSON line, once all went well */
static struct env env;   /* never closed: the process ends (close_env) */

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = calloc(1, 32768);
	size_t n = 0;
	if (f && text)
		n = fread(text, 1, 32767, f);
	if (!f || !text || n == 0 || !feof(f))
		fail_msg("cannot read %s (or it is empty, or over 32 KB)", path);
	fclose(f);
	return text;
}

/* The newest slip-NNNN.png in dir (the simulated printer numbers them). */
static void last_slip(const char *dir, char *path, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int last = 0, n;
	if (!d)
		fail_msg("cannot read %s", dir);
	while ((de = readdir(d)))
		if (sscanf(de->d_name, "slip-%d.png", &n) == 1 && n > last)
			last = n;
	closedir(d);
	if (!last)
		fail_msg("no slip-NNNN.png in %s", dir);
	char *abs = realpath(dir, NULL); /* the caller may be in another folder */
	snprintf(path, len, "%s/slip-%04d.png", abs ? abs : dir, last);
	free(abs);
}

static int answered(struct env *e)
{
	return ui_current(e->ui) != UI_HOME;
}

/* The ticket is at the server (one issued offline is pushed by the
 * follower, the kiosk's one thread that pushes), as the worker's status
 * says: the sync client is the worker thread's alone. */
static int at_server(struct env *e)
{
	int unsent = 1;
	ui_online(e->ui, &unsent);
	return unsent == 0;
}

static void tap(void **state)
{
	(void)state;
	struct env *e = &env;
	char *conf = read_text(conf_path), path[512], url[512];

	env_open_in(e, conf, 1080, 1920, NULL, env_now_vn(), slip_dir);
	free(conf);
	if (!e->ks)
		fail_msg("%s has no [sync] server", conf_path);
	if (service_index >= e->f->cfg.nservices)
		fail_msg("service %d: the configuration has %d", service_index, e->f->cfg.nservices);
	tap_service(e, service_index);
	if (!pump_until(e, answered) || !ticket_screen(e))
		fail_msg("no ticket (screen %d: refused, closed?)", ui_current(e->ui));
	if (!pump_until(e, printed) || ui_print_state(e->ui) != UI_PRINT_DONE)
		fail_msg("the slip of %s did not print", ui_last_ticket(e->ui)->number);
	if (!pump_until(e, at_server))
		fail_msg("%s is still in the outbox: the server did not take it",
			 ui_last_ticket(e->ui)->number);
	last_slip(e->slips, path, sizeof(path));
	if (qr_read_png(path, url, sizeof(url)) != 0)
		fail_msg("no QR code on %s (no [public] url or qr_url?)", path);
	json_t *o = json_pack("{s:s, s:s, s:s}", "number", ui_last_ticket(e->ui)->number, "url", url,
			      "slip", path);
	result = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
}

/* The kiosk is not closed: the process ends right after (main's _exit),
 * and a join waiting on a thread in the middle of a request must never hold
 * the browser test that called it. */
static int close_env(void **state)
{
	(void)state;
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test_teardown(tap, close_env) };
	char *end = NULL;

	if (argc >= 4)
		service_index = (int)strtol(argv[3], &end, 10);
	if (argc < 3 || argc > 4 || (end && (*end || service_index < 0))) {
		fprintf(stderr, "usage: kiosk_tap CONFIG_FILE SLIP_DIR [SERVICE_INDEX]\n");
		return 1;
	}
	conf_path = argv[1];
	slip_dir = argv[2];
	setenv("KIOSK_SRC", KIOSK_SRC_DEFAULT, 0);
	setenv("SDL_VIDEODRIVER", "dummy", 0);
	setenv("SDL_AUDIODRIVER", "dummy", 0);
	alarm(150); /* whatever happens, no caller waits longer (SIGALRM ends it) */
	/* stdout is the JSON line's alone: cmocka's report and the rest to stderr */
	fflush(stdout);
	int out = dup(1);
	if (out < 0 || dup2(2, 1) < 0)
		return 1;
	int failed = cmocka_run_group_tests_name("kiosk_tap", tests, NULL, NULL);
	fflush(stdout);
	dup2(out, 1);
	close(out);
	if (failed || !result) {
		fprintf(stderr, "kiosk_tap: failed (see above)\n");
		fflush(stderr);
		_exit(1);
	}
	printf("%s\n", result);
	fflush(stdout);
	_exit(0); /* the kiosk's threads end with the process (close_env) */
}
