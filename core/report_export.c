/*
 * report_export.c - the days the reports aggregated, read back whole for
 * the province's hub (report.h, report_export_days()): each closed day's
 * row and its cells, as report_load_days() reads them for a report.
 */
#include "report_private.h"

#include "kdb.h"
#include "kerr.h"

#include <stdlib.h>

const char *report_kind_name(int kind)
{
	static const char *const names[] = {
		[REPORT_TICKET] = "ticket", [REPORT_VISIT] = "visit",
		[REPORT_BOOKING] = "booking", [REPORT_REFUSAL] = "refusal",
	};
	return kind >= 0 && kind < (int)(sizeof(names) / sizeof(names[0])) ? names[kind] : "";
}

#define EXPORT_MAX 64

int report_export_days(struct kdb *db, int64_t after_made, int64_t after_day, int max,
		       report_export_fn *fn, void *arg)
{
	struct { int64_t day, tickets, made, faults; } d[EXPORT_MAX];
	sqlite3_stmt *st;
	int n = 0, rc = SQLITE_DONE, r;

	if (max > EXPORT_MAX)
		max = EXPORT_MAX;
	r = kdb_prepare_bind(db, &st, "SELECT day, tickets, made_at, printer_faults FROM report_days"
			     " WHERE made_at > ?1 OR (made_at = ?1 AND day > ?2)"
			     " ORDER BY made_at, day LIMIT ?3", "iii", after_made, after_day,
			     (int64_t)max);
	while (r == K_OK && n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		d[n].day = sqlite3_column_int64(st, 0);
		d[n].tickets = sqlite3_column_int64(st, 1);
		d[n].made = sqlite3_column_int64(st, 2);
		d[n].faults = sqlite3_column_int64(st, 3);
		n++;
	}
	if (r == K_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		r = kdb_error(db, rc, "report days: export");
	kdb_done(db, st);
	for (int i = 0; r == K_OK && i < n; i++) {
		struct report_cells cells = { 0 };
		unsigned char done = 0;
		int faults = 0;
		r = report_load_days(db, d[i].day, d[i].day, &cells, &done, &faults);
		if (r == K_OK)
			r = fn(arg, d[i].day, d[i].tickets, d[i].made, d[i].faults, &cells);
		report_cells_free(&cells);
	}
	return r < 0 ? r : n;
}
