/*
 * dossiers.h - the dossier lists staff import, looked up by a keyed hash.
 *
 * Staff get lists of dossiers as spreadsheets (receipt code, status, maybe
 * a note and a date, and columns of personal data).  An import reads such a
 * list as CSV, checks every row first and refuses the whole file on any bad
 * one, then replaces the stored list in one transaction.  Only a BLAKE2b
 * hash of each normalised receipt code, keyed with [dossiers] secret, is
 * stored with its status, note and date; the other columns are skipped
 * unread, and neither a code nor a file is kept or logged.  A look-up
 * hashes the code it is given the same way.
 *
 * The row checks are plain functions on a buffer (read by csv.h's reader),
 * so a unit test (tests/test_dossiers.c) and a fuzzer can call them
 * directly.  Look-ups are limited per caller by ratelimit.h's limiter.
 */
#ifndef DOSSIERS_H
#define DOSSIERS_H

#include <stddef.h>
#include <stdint.h>

#include "dossier_code.h"
#include "kconf.h"

#define DOSSIER_NOTE_MAX 200             /* bytes of UTF-8 */
#define DOSSIER_MAX_BYTES (32u << 20)    /* a file or an upload */
#define DOSSIER_MAX_ROWS 500000
#define DOSSIER_MAX_ERRORS 10            /* listed; the rest are counted */


/* What an import found: rows per status (in kiosk.conf's order), or why not. */
struct dossier_report {
	int rows;
	int per_status[KCONF_MAX_STATUSES];
	struct {
		int line;                    /* of the file, 1 = the header */
		int column;                  /* of the file, 1 = the first; 0 = the row */
		char message[160];           /* says where and why, never a cell's text */
	} errors[DOSSIER_MAX_ERRORS];
	int nerrors;                     /* listed above */
	int more;                        /* further errors not listed */
};

/*
 * A list read from CSV text and checked against cfg's statuses, in memory.
 * 0, or K_ERR_INVALID with the file's faults in rep (nothing is kept), or
 * K_ERR_NOMEM.  Free with dossier_list_free(), which wipes the codes.
 */
struct dossier_row {
	char code[DOSSIER_CODE_MAX + 1];     /* normalised */
	unsigned char hash[32];              /* filled by the import */
	char date[11];                       /* YYYY-MM-DD or "" */
	unsigned char status;                /* index into cfg->dossiers.statuses */
	unsigned char note_len;
	uint32_t note;                       /* offset into the list's notes */
	int line;
};
struct dossier_list {
	struct dossier_row *rows;
	int n, cap;
	char *notes;                         /* every row's note, one after another */
	size_t notes_len, notes_cap;
};
int dossiers_parse(const struct kconf *cfg, const char *csv, size_t len,
		   struct dossier_list *out, struct dossier_report *rep);
void dossier_list_free(struct dossier_list *l);

/* "imported N dossiers: READY 12, PROCESSING 30" (kiosk.conf's order), for
 * the command line, the log and the audit trail. */
void dossiers_summary(const struct kconf *cfg, const struct dossier_report *rep, char *buf,
		      size_t len);

/* The store, on the queue database (migration 11 makes its tables). */
struct dossiers;
int dossiers_open(struct dossiers **out, const char *db_path, const struct kconf *cfg);
void dossiers_close(struct dossiers *d);

/*
 * Parse csv and, if every row is good, replace the stored list with it,
 * stamped now: written in short transactions beside the old list, so that
 * tickets are issued meanwhile, and swapped in by one (readers see the old
 * list or the new one).
 * Makes the secret file (0600) first if it does not exist.  0 with rep's
 * counts; K_ERR_INVALID with rep's errors (nothing changed); K_ERR_IO (the
 * secret), K_ERR_DB, K_ERR_BUSY, K_ERR_NOMEM with a line in rep->errors.
 */
int dossiers_import(struct dossiers *d, const char *csv, size_t len, int64_t now,
		    struct dossier_report *rep);

/*
 * A share from the province hub (server/hub_fetch.c): rows already hashed
 * with this station's secret (the hub derives it per station; kiosk-hub
 * dossiers key writes it), replacing the list as dossiers_import() does.
 * The secret must exist (it is never made here).  Same returns.
 */
struct dossier_hashed {
	unsigned char hash[32];
	const char *status;              /* a [dossier.*] code of kiosk.conf */
	const char *note;                /* "" or at most DOSSIER_NOTE_MAX bytes */
	const char *date;                /* "" or YYYY-MM-DD */
};
int dossiers_import_hashed(struct dossiers *d, const struct dossier_hashed *rows, int n,
			   int64_t now, struct dossier_report *rep);

/* What the list says of one code. */
struct dossier_answer {
	char status[17];
	char note[DOSSIER_NOTE_MAX + 1];
	char date[11];                   /* "" = none */
	int64_t updated;                 /* when the list was imported */
	int count;                       /* dossiers in the list */
};

/*
 * Look code up (as typed or scanned; normalised here).  0 with out filled;
 * K_ERR_NOT_FOUND (out->updated still set); K_ERR_INVALID: not a code;
 * K_ERR_EMPTY: no list imported, or imported with another secret;
 * K_ERR_DB.  Safe from several threads.
 */
int dossiers_lookup(struct dossiers *d, const char *code, struct dossier_answer *out);

/*
 * May caller `who` look up one more code?  now_ms: a monotonic clock in
 * milliseconds, for the sliding minute (at most [dossiers] rate look-ups in
 * any 60 s); now: Unix time, for the station day (at most [dossiers]
 * rate_day from one [queue] day_starts to the next).  1 = yes (counted in
 * both); DOSSIERS_MINUTE = no, with *retry_after the seconds until one is
 * allowed again; DOSSIERS_DAY = no more today, with *resets the time the
 * next day starts and *retry_after the seconds until then.  A look-up the
 * minute refuses does not use up the day.
 */
#define DOSSIERS_MINUTE 0
#define DOSSIERS_DAY 2
int dossiers_allow(struct dossiers *d, const char *who, int64_t now_ms, int64_t now,
		   int *retry_after, int64_t *resets);

#endif
