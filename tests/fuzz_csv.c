/*
 * fuzz_csv.c - a dossier list staff import, fuzzed: server/csv.c's reader
 * over any bytes (every row read to the end or the first fault), then the
 * dossier import on top of it (server/dossiers_import.c and dossiers.c:
 * the rows checked against the station's statuses and, when all are good,
 * stored in a temporary queue database), and a look-up of the first row's
 * code.
 *
 * The first input byte picks the reader's options (its byte cap) and the
 * rest is the file, so the fuzzer reaches both "over the cap" and a whole
 * file.  libFuzzer target (tools/fuzz.sh csv); replayed over tests/fuzz/csv/
 * by ctest.
 */
#include "csv.h"
#include "dossiers.h"
#include "fuzz_server.h"
#include "fuzz_station.h"
#include "kerr.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* the server's store, on its queue database (whose migrations make the tables) */
static struct dossiers *store(void)
{
	return fuzz_server()->dossiers;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv *c;
	struct csv_row row;
	char why[200];
	int line = 0;

	if (size < 1)
		return 0;
	size_t cap = data[0] & 1 ? size - 1 : (size_t)(data[0] >> 1);
	const char *text = (const char *)data + 1;
	size_t len = size - 1;

	/* 1. the reader alone */
	int r = csv_open(&c, text, len, cap, why, sizeof(why), &line);
	FUZZ_CHECK(r == K_OK || r == K_ERR_INVALID || r == K_ERR_NOMEM);
	if (r == K_OK) {
		int k, rows = 0, last = 0;
		while ((k = csv_next(c, &row, why, sizeof(why))) == 1) {
			FUZZ_CHECK(row.n >= 1 && row.n <= CSV_MAX_FIELDS);
			FUZZ_CHECK(row.line > last);
			last = row.line;
			for (int i = 0; i < row.n; i++)
				FUZZ_CHECK(strlen(row.f[i]) == row.len[i]);
			rows++;
		}
		FUZZ_CHECK(k == 0 || k == -1);
		csv_close(c);
	}

	/* 2. the import on top of it: checked, then stored when every row is good */
	struct dossier_report rep;
	char summary[512], code[DOSSIER_CODE_MAX + 1] = "";
	struct dossier_list l;
	memset(&l, 0, sizeof(l));
	r = dossiers_parse(fuzz_station(), text, len, &l, &rep);
	FUZZ_CHECK(r == K_OK || r == K_ERR_INVALID || r == K_ERR_NOMEM);
	FUZZ_CHECK(rep.nerrors >= 0 && rep.nerrors <= DOSSIER_MAX_ERRORS);
	if (r == K_OK && l.n > 0)
		snprintf(code, sizeof(code), "%s", l.rows[0].code);
	dossier_list_free(&l);
	if (r == K_OK) {
		r = dossiers_import(store(), text, len, 1795833000, &rep);
		FUZZ_CHECK(r == K_OK);
		dossiers_summary(fuzz_station(), &rep, summary, sizeof(summary));
		if (code[0]) {
			struct dossier_answer a;
			FUZZ_CHECK(dossiers_lookup(store(), code, &a) == K_OK);
		}
	}
	return 0;
}
