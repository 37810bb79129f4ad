/*
 * bench_slip.c - render + encode one slip, N times, for 80 mm and 58 mm
 * paper: p50/p99 milliseconds, and the longest slip's length in mm and
 * bytes of ESC/POS.  The slips are the shipped kiosk.conf's, every line it
 * prints (parent unit, counters), with the QR code a kiosk of a station
 * server prints (its [public] url set to a LAN address with a port, so the
 * code is <url>/t/<token>, the longest the station's own page makes); they
 * take turns through every service it offers (the longest names wrap) and
 * a walk-in's, a priority one's and a checked-in booking's slip; people
 * ahead 0-39, waits 0-195 minutes.  A page token has 8 random bytes, so the
 * QR code and the bytes of a slip differ by a few from run to run.
 *
 *   build/bench-slip [N] [KIOSK_SRC]     (N = 1000, KIOSK_SRC = .)
 *
 * BENCH_SLIP_PNG=DIR writes the longest slips as DIR/longest-<dots>.png.
 */
#include "escpos.h"
#include "kclock.h"
#include "kconf.h"
#include "station_conf.h"
#include "kerr.h"
#include "klog.h"
#include "slip_job.h"
#include "ticket_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* KIOSK_SRC/kiosk.conf as shipped, but paper_width and [public] url. */
static char *shipped_conf(const char *src, int width)
{
	char path[512], *text = NULL, *out = NULL;
	size_t len = 0;
	snprintf(path, sizeof(path), "%s/kiosk.conf", src);
	FILE *f = fopen(path, "r");
	if (!f || getdelim(&text, &len, '\0', f) < 0) {
		if (f)
			fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	char *width_at = strstr(text, "\npaper_width = 576\n");
	char *public = strstr(text, "\n[public]\n");
	char *url = public ? strstr(public, "\nurl =\n") : NULL;
	if (!width_at || !url || width_at > url) {
		free(text);
		return NULL;
	}
	size_t n = strlen(text) + 128;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%.*s\npaper_width = %d\n%.*s\nurl = https://192.168.100.200:8443\n%s",
			 (int)(width_at - text), text, width,
			 (int)(url - width_at - strlen("\npaper_width = 576\n")),
			 width_at + strlen("\npaper_width = 576\n"), url + strlen("\nurl =\n"));
	free(text);
	return out;
}

static int bench(const char *src, int width, int n)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	struct i18n *text[2] = { NULL, NULL };
	struct slip_renderer *r;
	char name[512], dir[512], page[TICKET_PAGE_LEN + 1], longest_service[16] = "";
	uint8_t key[TICKET_PAGE_KEY];
	double *lat = malloc(sizeof(double) * (size_t)n);
	size_t bytes = 0, most_bytes = 0;
	int tenth = 0, longest = 0, rc = -1;
	static const char *const kind[] = { "walk-in", "priority", "booking" };
	char *conf = shipped_conf(src, width);

	snprintf(name, sizeof(name), "%s/kiosk.conf", src);
	FILE *f = conf ? fmemopen(conf, strlen(conf), "r") : NULL;
	if (f) {
		rc = station_conf_load_stream(f, name, &cfg, &errs);
		fclose(f);
	}
	free(conf);
	snprintf(dir, sizeof(dir), "%s/assets/i18n", src);
	if (rc < 0 || i18n_load(&text[0], dir, "vi") < 0 || i18n_load(&text[1], dir, "en") < 0 ||
	    slip_renderer_open(&r, &cfg) < 0) {
		if (rc < 0 && f)
			kconf_errors_print(&errs, stderr);
		fprintf(stderr, "bench-slip: run from the source folder or give it as argument\n");
		return 1;
	}
	int services[KCONF_MAX_SERVICES], ns = 0;
	for (int i = 0; i < cfg.nservices; i++)
		if (cfg.services[i].enabled)
			services[ns++] = i;
	ticket_page_key("bench-slip-kiosk-token-0001", key);
	ticket_page_make(key, kclock_day(1795833000, 0), page);
	for (int i = 0; i < n; i++) {
		char number[8];
		struct bitmap img;
		struct kbuf job;
		const struct kconf_service *s = &cfg.services[services[(i / 3) % ns]];
		snprintf(number, sizeof(number), "%s%03d", s->prefix, 1 + i % 999);
		struct slip_info info = { .number = number, .service = s->code, .ticket_id = i + 1,
					  .issued_at = 1795833000, .ahead = i % 40,
					  .wait_minutes = (i % 40) * 5, .priority = i % 3 > 0,
					  .booked_slot = i % 3 == 2 ? 1795833000 - 600 : 0,
					  .booked_minutes = 30, .page = page };
		kbuf_init(&job, ESCPOS_MAX_JOB);
		double t0 = now_ms();
		rc = slip_job_make(r, &cfg, text, &info, &img, &job);
		lat[i] = now_ms() - t0;
		if (rc < 0)
			return 1;
		if (slip_length_tenth_mm(&img) > tenth) {
			tenth = slip_length_tenth_mm(&img);
			bytes = job.len;
			longest = i % 3;
			snprintf(longest_service, sizeof(longest_service), "%s", s->code);
			if (getenv("BENCH_SLIP_PNG")) {
				snprintf(name, sizeof(name), "%s/longest-%d.png",
					 getenv("BENCH_SLIP_PNG"), width);
				bitmap_write_png(&img, name);
			}
		}
		most_bytes = job.len > most_bytes ? job.len : most_bytes;
		bitmap_free(&img);
		kbuf_free(&job);
	}
	qsort(lat, (size_t)n, sizeof(double), cmp);
	printf("%d dots (%s): render+encode p50 %.2f ms, p99 %.2f ms; longest slip (%s %s) "
	       "%d.%d mm, %zu bytes; most bytes %zu\n", width,
	       width == 576 ? "80 mm" : width == 384 ? "58 mm" : "?", lat[n / 2],
	       lat[(int)(n * 0.99)], longest_service, kind[longest], tenth / 10, tenth % 10, bytes,
	       most_bytes);
	slip_renderer_close(r);
	i18n_free(text[0]);
	i18n_free(text[1]);
	free(lat);
	return 0;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	const char *src = argc > 2 ? argv[2] : ".";
	klog_init("bench-slip", KLOG_WARN);
	if (n < 10)
		n = 10;
	return bench(src, 576, n) || bench(src, 384, n);
}
