/*
 * fuzz_kconf.c - kiosk.conf, fuzzed: any bytes loaded by core/kconf.c from
 * a stream, every error message printed, and a file that loads checked for
 * what the loader promises (counts within their arrays).
 *
 * libFuzzer target (tools/fuzz.sh kconf); replayed over tests/fuzz/kconf/ by ctest.
 */
#define _GNU_SOURCE
#include "fuzz_station.h"
#include "station_conf.h"
#include "kerr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kconf cfg;
	static struct kconf_errors errs;
	char name[256];

	fuzz_station();
	fuzz_station_path("fuzzed.conf", name);
	FILE *f = fmemopen(size ? (void *)data : (void *)"", size, "r");
	FUZZ_CHECK(f);
	memset(&errs, 0, sizeof(errs));
	int r = station_conf_load_stream(f, name, &cfg, &errs);
	fclose(f);
	FUZZ_CHECK(r == K_OK || r == K_ERR_CONFIG || r == K_ERR_IO || r == K_ERR_NOMEM);
	FILE *null = fopen("/dev/null", "w");
	FUZZ_CHECK(null);
	kconf_errors_print(&errs, null);
	fclose(null);
	if (r == K_OK) {
		FUZZ_CHECK(cfg.nservices >= 0 && cfg.nservices <= KCONF_MAX_SERVICES);
		FUZZ_CHECK(cfg.server.ntokens >= 0);
		for (int i = 0; i < cfg.nservices; i++) {
			FUZZ_CHECK(kconf_service(&cfg, cfg.services[i].code) != NULL);
			FUZZ_CHECK(memchr(cfg.services[i].code, 0, sizeof(cfg.services[i].code)));
		}
	}
	return 0;
}
