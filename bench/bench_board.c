/*
 * bench_board.c - staff click -> kiosk --board, as processes on this
 * machine: a station-server and the board are started in a temp folder,
 * then CALLS times a staff "next" is posted and the board's KIOSK_BENCH
 * lines say when the call was in its state, on a presented frame, and when
 * the first sample of its voice was queued on the audio device (SDL's disk
 * driver into /dev/null, faster than real time so each call has finished
 * before the next click).  p50/p99/max of each, and the board's PSS after
 * start and after the calls.
 *   bench-board [CALLS=50]
 * The programs are taken from this one's folder; the fonts, texts and voice
 * clips from the source tree it was built from.
 */
#include "kerr.h"
#include "station_conf.h"
#include "klog.h"
#include "spawn.h"
#include "sync_http.h"

#include <jansson.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define KIOSK_TOKEN "bench-kiosk-token-aaaaaaaa"
#define STAFF_TOKEN "bench-staff-token-bbbbbbbb"

static char bindir[512], dir[64];

static double realtime_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench-board: %s%s%s\n", what, detail ? "\n" : "", detail ? detail : "");
	exit(1);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die("cannot write", path);
}

/* The station, kiosk lines in [kiosk], extra sections; [sync] towards port
 * last when port > 0 (so that its keys may be appended). */
static void conf(char *buf, size_t len, int port, const char *kiosk, const char *extra)
{
	int n = snprintf(buf, len,
		"[station]\nid = BENCH\nname_vi = Công an phường Dĩ An\nname_en = Di An Ward Police\n"
		"[queue]\nsync = normal\ndatabase = %s/server.db\n"
		"[kiosk]\n%sfont = %s/fonts/DejaVuSans.ttf\nfont_bold = %s/fonts/DejaVuSans-Bold.ttf\n"
		"translations = %s/assets/i18n\n[voice]\nclips = %s/assets/voice\n"
		"[service.CAPMOI]\nprefix = A\nname_vi = Cấp thẻ căn cước lần đầu\n"
		"hours = 00:00-24:00\ndays = mon-sun\n"
		"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
		"hours = 00:00-24:00\ndays = mon-sun\n"
		"[counter.1]\nservices = CAPMOI, CAPDOI\n[counter.2]\nservices = CAPMOI, CAPDOI\n%s",
		dir, kiosk, SOURCE_DIR, SOURCE_DIR, SOURCE_DIR, SOURCE_DIR, extra);
	if (port > 0)
		snprintf(buf + n, len - (size_t)n, "[sync]\nserver = http://127.0.0.1:%d\n", port);
}

static void load(struct kconf *cfg, const char *text)
{
	struct kconf_errors errs;
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r = f ? station_conf_load_stream(f, "bench.conf", cfg, &errs) : -1;
	if (f)
		fclose(f);
	if (r < 0) {
		kconf_errors_print(&errs, stderr);
		die("bad configuration", NULL);
	}
}

/* POST path as cfg's token; the ticket's number into number (may be NULL). */
static long post(const struct kconf *cfg, const char *path, json_t *body, char *number)
{
	struct sync_http *h;
	json_t *reply = NULL;
	long status = 0;
	if (sync_http_open(&h, cfg) < 0 || sync_http_call(h, "POST", path, body, 5000, &status,
							  &reply) < 0)
		die("the server does not answer", path);
	sync_http_close(h);
	json_t *n = json_object_get(reply, "number");
	if (number)
		snprintf(number, 12, "%s", json_is_string(n) ? json_string_value(n) : "");
	json_decref(reply);
	json_decref(body);
	return status;
}

/* "bench: WHAT NUMBER NS" printed by the board after offset from: ms. */
static double board_stamp(struct child *b, const char *what, const char *number, size_t from)
{
	char line[64];
	snprintf(line, sizeof(line), "bench: %s %s ", what, number);
	long at = child_wait_for(b, line, from, 10000);
	if (at < 0)
		die("the board did not say", line);
	return atof(b->out + at + strlen(line)) / 1e6;
}

static long pss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Pss: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof(double), cmp);
	printf("staff click -> %-28s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d calls)\n", what,
	       ms[n / 2], ms[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], ms[n - 1], n);
}

int main(int argc, char **argv)
{
	int calls = argc > 1 ? atoi(argv[1]) : 50;
	char text[4096], path[600], serverconf[128], boardconf[128], number[12], ref[32];
	struct child server, board;
	struct kconf kiosk, staff;

	if (calls < 1 || calls > 500) {
		fprintf(stderr, "usage: bench-board [CALLS=50] (1 to 500)\n");
		return 2;
	}
	klog_init("bench-board", KLOG_ERR);
	ssize_t n = readlink("/proc/self/exe", bindir, sizeof(bindir) - 1);
	if (n <= 0)
		die("cannot find my own folder", NULL);
	bindir[n] = 0;
	dirname(bindir);
	snprintf(dir, sizeof(dir), "/tmp/bench-board-XXXXXX");
	if (!mkdtemp(dir))
		die("cannot make a temp folder", NULL);

	/* the server, on any free port */
	snprintf(serverconf, sizeof(serverconf), "%s/server.conf", dir);
	conf(text, sizeof(text), 0, "", "[server]\nlisten = 127.0.0.1:0\nkiosk.lobby-1 = " KIOSK_TOKEN
	     "\nstaff.counter-1 = " STAFF_TOKEN "\n");
	write_text(serverconf, text);
	snprintf(path, sizeof(path), "%s/station-server", bindir);
	char *sargv[] = { path, "--config", serverconf, NULL };
	if (child_start(&server, sargv, NULL) < 0)
		die("cannot start", path);
	long at = child_wait_for(&server, "listening on http://127.0.0.1:", 0, 5000);
	if (at < 0)
		die("the server did not start", server.out);
	int port = atoi(server.out + at + strlen("listening on http://127.0.0.1:"));

	conf(text, sizeof(text), port, "", "");
	strcat(text, "name = lobby-1\ntoken = " KIOSK_TOKEN "\n");
	load(&kiosk, text);
	conf(text, sizeof(text), port, "", "");
	strcat(text, "name = counter-1\ntoken = " STAFF_TOKEN "\n");
	load(&staff, text);
	for (int i = 0; i < calls; i++) {
		snprintf(ref, sizeof(ref), "lobby-1:%d", i);
		if (post(&kiosk, "/tickets", json_pack("{s:s, s:s}", "service", i % 2 ? "CAPDOI" :
						       "CAPMOI", "client_ref", ref), NULL) != 201)
			die("a ticket was refused", NULL);
	}

	/* the board: the shipped voice (chime, the phrase twice) */
	snprintf(boardconf, sizeof(boardconf), "%s/board.conf", dir);
	conf(text, sizeof(text), port, "mode = board\n", "");
	strcat(text, "interval = 2\n");
	write_text(boardconf, text);
	snprintf(path, sizeof(path), "%s/kiosk", bindir);
	char *bargv[] = { path, "--board", "--config", boardconf, "--size", "1920x1080", NULL };
	char *benv[] = { "SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=disk",
			 "SDL_DISKAUDIOFILE=/dev/null", "SDL_DISKAUDIODELAY=1", "KIOSK_BENCH=1",
			 NULL };
	double t0 = realtime_ms();
	if (child_start(&board, bargv, benv) < 0)
		die("cannot start", path);
	if (child_wait_for(&board, "board: following http://", 0, 10000) < 0)
		die("the board did not start", board.out);
	double ready = realtime_ms() - t0;
	usleep(500000);
	long pss_start = pss_kb(board.pid);

	double *state = calloc((size_t)calls, sizeof(double));
	double *frame = calloc((size_t)calls, sizeof(double));
	double *sound = calloc((size_t)calls, sizeof(double));
	for (int i = 0; i < calls; i++) {
		char p[48];
		size_t from = board.len;
		snprintf(p, sizeof(p), "/counters/%d/next", i % 2 + 1);
		double click = realtime_ms();
		if (post(&staff, p, NULL, number) != 200)
			die("staff next failed", p);
		state[i] = board_stamp(&board, "board-state", number, from) - click;
		frame[i] = board_stamp(&board, "board-shown", number, from) - click;
		sound[i] = board_stamp(&board, "audio-queued", number, from) - click;
		usleep(400000); /* the call plays out (64x real time) before the next click */
	}
	long pss_end = pss_kb(board.pid);
	printf("kiosk --board 1920x1080 (software renderer, dummy video, disk audio), station-server "
	       "on 127.0.0.1\n");
	report("call in the board's state", state, calls);
	report("call on a presented frame", frame, calls);
	report("first audio sample queued", sound, calls);
	printf("board: exec -> first snapshot %.0f ms; PSS %ld kB after start, %ld kB after %d calls\n",
	       ready, pss_start, pss_end, calls);
	child_end(&board, SIGTERM);
	child_end(&server, SIGKILL); /* SIGTERM would wait for the long-poll to time out */
	child_free(&board);
	child_free(&server);
	free(state);
	free(frame);
	free(sound);
	snprintf(text, sizeof(text), "rm -rf '%s'", dir);
	return system(text) == 0 ? 0 : 1;
}
