/*
 * csv.c - see csv.h.
 *
 * The whole text is checked to be UTF-8 before the first row is read, so a
 * caller gets one clear "save it as CSV UTF-8" rather than a fault per row.
 * The reader and its row buffer are one allocation of a fixed size: a row's
 * fields are copied there (quotes undone), each with its NUL, and a row
 * that would not fit is an error, never a reallocation.  The buffer is
 * wiped when the reader is closed, as rows may hold personal data.
 */
#include "csv.h"
#include "kerr.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv {
	const char *p, *end;
	int line;                /* the line p is on */
	char delim;
	char buf[CSV_ROW_MAX + CSV_MAX_FIELDS]; /* the current row's fields, each NUL-terminated */
};

/* The first line of a bad UTF-8 sequence or a NUL byte, or 0 if there is none. */
static int bad_utf8_line(const unsigned char *p, size_t len)
{
	int line = 1;
	for (size_t i = 0; i < len;) {
		unsigned char b = p[i];
		size_t more;
		unsigned min;
		if (b == 0)
			return line;
		if (b < 0x80) {
			line += b == '\n';
			i++;
			continue;
		}
		if (b >= 0xc2 && b <= 0xdf)
			more = 1, min = 0x80;
		else if (b >= 0xe0 && b <= 0xef)
			more = 2, min = 0x800;
		else if (b >= 0xf0 && b <= 0xf4)
			more = 3, min = 0x10000;
		else
			return line;
		if (len - i <= more)
			return line;
		unsigned cp = b & (0x3f >> more);
		for (size_t k = 1; k <= more; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return line;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return line;
		i += more + 1;
	}
	return 0;
}

int csv_open(struct csv **out, const char *text, size_t len, size_t max_bytes, char *why,
	     size_t wl, int *line)
{
	const char *p = text, *end = text + len;
	int bad;

	*out = NULL;
	*line = 0;
	if (len >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') ||
			 (text[0] == '\xfe' && text[1] == '\xff'))) {
		snprintf(why, wl, "the file is UTF-16: save it as \"CSV UTF-8\"");
		*line = 1;
		return K_ERR_INVALID;
	}
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		p += 3;
	if (len > max_bytes) {
		snprintf(why, wl, "the file is over %zu bytes", max_bytes);
		return K_ERR_INVALID;
	}
	if ((bad = bad_utf8_line((const unsigned char *)p, (size_t)(end - p))) > 0) {
		snprintf(why, wl, "not UTF-8 text: save the file as \"CSV UTF-8\"");
		*line = bad;
		return K_ERR_INVALID;
	}
	struct csv *c = malloc(sizeof(*c));
	if (!c)
		return K_ERR_NOMEM;
	c->p = p;
	c->end = end;
	c->line = 1;
	c->delim = ',';
	/* a spreadsheet set up for Vietnam may write ';' between fields */
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t first = nl ? (size_t)(nl - p) : (size_t)(end - p);
	if (!memchr(p, ',', first) && memchr(p, ';', first))
		c->delim = ';';
	*out = c;
	return K_OK;
}

void csv_close(struct csv *c)
{
	if (!c)
		return;
	sodium_memzero(c->buf, sizeof(c->buf));
	free(c);
}

/* A line break inside quotes belongs to the field. */
int csv_next(struct csv *c, struct csv_row *row, char *why, size_t wl)
{
	size_t o = 0;

	row->line = c->line;
	row->n = 0;
	if (c->p >= c->end)
		return 0;
	for (;;) {
		size_t start = o;
		if (row->n == CSV_MAX_FIELDS) {
			snprintf(why, wl, "more than %d columns", CSV_MAX_FIELDS);
			return -1;
		}
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					snprintf(why, wl, "a quoted field is not closed (a '\"' is missing)");
					return -1;
				}
				char ch = *c->p++;
				if (ch == '"') {
					if (c->p >= c->end || *c->p != '"')
						break;
					c->p++; /* "" is one quote */
				} else if (ch == '\n') {
					c->line++;
				}
				if (o >= CSV_ROW_MAX)
					goto too_long;
				c->buf[o++] = ch;
			}
			if (c->p < c->end && *c->p != c->delim && *c->p != '\n' && *c->p != '\r') {
				snprintf(why, wl, "text after the closing '\"' of a field");
				return -1;
			}
		} else {
			while (c->p < c->end && *c->p != c->delim && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"') {
					snprintf(why, wl, "a '\"' inside a field that does not start with "
						 "one (quote the whole field)");
					return -1;
				}
				if (o >= CSV_ROW_MAX)
					goto too_long;
				c->buf[o++] = *c->p++;
			}
		}
		c->buf[o++] = '\0'; /* the buffer has room for every field's NUL */
		row->f[row->n] = c->buf + start;
		row->len[row->n] = o - start - 1;
		row->n++;
		if (c->p >= c->end)
			return 1;
		if (*c->p == c->delim) {
			c->p++;
			continue;
		}
		if (*c->p++ == '\r' && c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return 1;
	}
too_long:
	snprintf(why, wl, "a row longer than %d bytes", CSV_ROW_MAX);
	return -1;
}
