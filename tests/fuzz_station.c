/*
 * fuzz_station.c - the fuzz targets' station: see fuzz_station.h.
 */
#define _GNU_SOURCE
#include "fuzz_station.h"
#include "station_conf.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[128];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(p);
}

static void cleanup(void)
{
	if (dir[0])
		nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

void fuzz_station_path(const char *name, char path[256])
{
	snprintf(path, 256, "%s/%s", dir, name);
}

const struct kconf *fuzz_station(void)
{
	static struct kconf cfg;
	static int ready;
	struct kconf_errors errs;
	char path[256];

	if (ready)
		return &cfg;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/fuzz-station-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir));
	atexit(cleanup);
	fuzz_station_path("kiosk.conf", path);
	FILE *f = fopen(path, "w");
	FUZZ_CHECK(f);
	fprintf(f,
		"[station]\nid = TEST\nname_vi = Trạm thử\n"
		"[queue]\ndatabase = %s/q.db\nsync = normal\n"
		"[booking]\nkey.K1 = 6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=\n"
		"[server]\nlisten = 127.0.0.1:0\nmax_body = 4096\nrequest_timeout = 2\n"
		"kiosk.lobby-1 = " FUZZ_KIOSK_TOKEN "\nband.lobby-1 = 901-949\n"
		"staff.counter-1 = " FUZZ_STAFF_TOKEN "\n"
		"[sync]\nserver = http://127.0.0.1:9\nname = lobby-1\ntoken = " FUZZ_KIOSK_TOKEN "\n"
		"outbox = %s/outbox.db\nlease = 3\nband = 901-949\n"
		"[dossiers]\nsecret = %s/dossiers.key\n"
		"[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\nhours = 00:00-24:00\ndays = mon-sun\n"
		"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi\nhours = 00:00-24:00\ndays = mon-sun\n"
		"[counter.1]\nservices = CAPMOI, CAPDOI\n[counter.2]\nservices = CAPDOI\n"
		"[dossier.PROCESSING]\ntext_vi = Đang giải quyết.\ntext_en = Processing.\n"
		"[dossier.READY]\ntext_vi = Đã có.\ntext_en = Ready.\nservice = CAPDOI\n",
		dir, dir, dir);
	FUZZ_CHECK(fclose(f) == 0);
	if (station_conf_load(path, &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		abort();
	}
	ready = 1;
	return &cfg;
}
