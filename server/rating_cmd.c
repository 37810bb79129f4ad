/*
 * rating_cmd.c - see rating_cmd.h.
 */
#include "rating_cmd.h"
#include "kclock.h"
#include "kdb.h"
#include "rating.h"
#include "report_cmd.h"

#include <stdio.h>
#include <string.h>

static int usage(const char *why)
{
	fprintf(stderr, "station-server ratings: %s\nusage: station-server [--config FILE] "
		"[--db FILE] ratings verify [--from YYYY-MM-DD]\n", why);
	return 2;
}

int rating_main(const struct kconf *cfg, const char *db, int argc, char **argv)
{
	struct rating_check c;
	struct kdb k;
	int64_t day = 0, t;
	char iso[32], first[16] = "";

	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return usage("the one command is verify");
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--from") != 0 || i + 1 >= argc)
			return usage("unknown argument");
		const char *from = argv[++i];
		snprintf(iso, sizeof(iso), "%.10sT12:00", from);
		if (strlen(from) != 10 || kclock_parse_local(iso, &t) < 0)
			return usage("--from is a day, YYYY-MM-DD");
		day = kclock_day(t, 0);
	}
	if (report_cmd_open(&k, db, cfg, "ratings") < 0)
		return 1;
	int r = rating_verify(&k, day, &c);
	kdb_close(&k);
	if (r < 0) {
		fprintf(stderr, "station-server ratings: %s could not be read\n", db);
		return 1;
	}
	if (!c.ok) {
		printf("ratings: BROKEN: %s\n", c.message);
		return 1;
	}
	if (day)
		kclock_day_str(day, first, sizeof(first));
	printf("ratings: chain verified: %lld rating(s)%s%s, rows %lld-%lld; %lld day head(s) of the "
	       "audit log match\n", (long long)c.rows, day ? " from " : "", first,
	       (long long)c.first, (long long)c.last, (long long)c.heads);
	return 0;
}
