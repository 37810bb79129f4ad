/*
 * csv.h - an RFC 4180 CSV reader over a buffer in memory.
 *
 * Fields separated by ',' (or by ';' when the first line has a ';' and no
 * ',', as a spreadsheet set up for Vietnam writes), quoted fields with ""
 * for a quote and line breaks inside, rows ended by CRLF or LF, a UTF-8 BOM
 * skipped.  The text must be UTF-8 without NUL bytes; UTF-16 is refused with
 * a message that says how to save the file.  The input, a row and the
 * number of fields all have a cap.  It knows nothing of what the columns
 * mean: a caller reads rows and gives them their sense.
 *
 * Messages (`why`) are for people and never quote the file's text, so a
 * caller may log them whatever the file holds.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>

#define CSV_MAX_FIELDS 64
#define CSV_ROW_MAX 65536        /* bytes of one row's fields */

/* A reader: made by csv_open(), freed with csv_close(). */
struct csv;

/* One row, valid until the next csv_next() or csv_close() on its reader. */
struct csv_row {
	int line;                /* of the text where the row starts, 1 = the first */
	int n;                   /* fields */
	const char *f[CSV_MAX_FIELDS];   /* each NUL-terminated */
	size_t len[CSV_MAX_FIELDS];
};

/*
 * A reader of text[0..len), which must outlive it and is not copied.
 * K_OK with *out set; K_ERR_INVALID with why and *line (0 = the file as a
 * whole) when the text is over max_bytes, UTF-16 or not UTF-8;
 * K_ERR_NOMEM.
 */
int csv_open(struct csv **out, const char *text, size_t len, size_t max_bytes, char *why,
	     size_t wl, int *line);

/*
 * The next row: 1, 0 at the end (row->line then the line after the text),
 * or -1 with why and the row's line in row->line; after -1 where the next
 * row starts is unknown, so stop reading.
 */
int csv_next(struct csv *c, struct csv_row *row, char *why, size_t wl);

/* Frees the reader and wipes its copy of the last row; NULL is ignored. */
void csv_close(struct csv *c);

#endif
