/*
 * bench_slip.c - render + encode one slip, N times, for 80 mm and 58 mm
 * paper: p50/p99 milliseconds, and the longest slip's length in mm and
 * bytes of ESC/POS.  The slips take turns: a walk-in's, a priority one's,
 * a checked-in booking's; people ahead 0-39, waits 0-195 minutes; every
 * line the shipped kiosk.conf prints (parent unit, counters) and a QR code.
 *
 *   build/bench-slip [N] [KIOSK_SRC]     (N = 1000, KIOSK_SRC = .)
 */
#include "escpos.h"
#include "kconf.h"
#include "station_conf.h"
#include "kerr.h"
#include "klog.h"
#include "slip_job.h"

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

static int bench(const char *src, int width, int n)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	struct i18n *text[2] = { NULL, NULL };
	struct slip_renderer *r;
	char conf[1024], name[512], dir[512];
	double *lat = malloc(sizeof(double) * (size_t)n);
	size_t bytes = 0;
	int tenth = 0, longest = 0;
	static const char *const kind[] = { "walk-in", "priority", "booking" };

	snprintf(conf, sizeof(conf),
		 "[station]\nid = DIAN-PC06\nname_vi = Công an phường Dĩ An\n"
		 "parent_vi = CÔNG AN TP. HỒ CHÍ MINH\n"
		 "[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\n"
		 "[counter.1]\nservices = CAPDOI\n[counter.2]\nservices = CAPDOI\n"
		 "[printer]\npaper_width = %d\nqr_url = https://zalo.me/dian-pc06?so={number}\n",
		 width);
	snprintf(name, sizeof(name), "%s/bench.conf", src);
	FILE *f = fmemopen(conf, strlen(conf), "r");
	int rc = station_conf_load_stream(f, name, &cfg, &errs);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/assets/i18n", src);
	if (rc < 0 || i18n_load(&text[0], dir, "vi") < 0 || i18n_load(&text[1], dir, "en") < 0 ||
	    slip_renderer_open(&r, &cfg) < 0) {
		kconf_errors_print(&errs, stderr);
		fprintf(stderr, "bench-slip: run from the source folder or give it as argument\n");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		char number[8];
		struct bitmap img;
		struct kbuf job;
		snprintf(number, sizeof(number), "B%03d", 1 + i % 999);
		struct slip_info info = { .number = number, .service = "CAPDOI", .ticket_id = i + 1,
					  .issued_at = 1795833000, .ahead = i % 40,
					  .wait_minutes = (i % 40) * 5, .priority = i % 3 > 0,
					  .booked_slot = i % 3 == 2 ? 1795833000 - 600 : 0,
					  .booked_minutes = 30 };
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
		}
		bitmap_free(&img);
		kbuf_free(&job);
	}
	qsort(lat, (size_t)n, sizeof(double), cmp);
	printf("%d dots (%s): render+encode p50 %.2f ms, p99 %.2f ms; longest slip (%s) "
	       "%d.%d mm, %zu bytes\n", width, width == 576 ? "80 mm" : width == 384 ? "58 mm" : "?",
	       lat[n / 2], lat[(int)(n * 0.99)], kind[longest], tenth / 10, tenth % 10, bytes);
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
