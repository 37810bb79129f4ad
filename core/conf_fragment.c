/*
 * conf_fragment.c - the province's sections of kiosk.conf, and kiosk.conf
 * read with the hub's fragment laid over it (conf_fragment.h).
 */
#include "conf_fragment.h"

#include "kerr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* What the province publishes; every other section is a station's own. */
static const char *const province_sections[] = { "service.", "dossier.", "calendar" };

int conf_fragment_section_ok(const char *section)
{
	for (size_t i = 0; i < sizeof(province_sections) / sizeof(province_sections[0]); i++) {
		const char *p = province_sections[i];
		size_t n = strlen(p);
		if (p[n - 1] == '.' ? strncmp(section, p, n) == 0 && section[n] :
		    strcmp(section, p) == 0)
			return 1;
	}
	return 0;
}

/* The section a line opens (its name in out), 0 if it opens none. */
static int line_section(const char *line, size_t len, char *out, size_t cap)
{
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (!len || *line != '[')
		return 0;
	const char *close = memchr(line, ']', len);
	size_t n = close ? (size_t)(close - line - 1) : len - 1;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, line + 1, n);
	out[n] = '\0';
	return 1;
}

/* A line holding something other than blanks and a comment. */
static int line_has_key(const char *line, size_t len)
{
	while (len && (*line == ' ' || *line == '\t' || *line == '\r')) {
		line++;
		len--;
	}
	return len && *line != ';' && *line != '#';
}

int conf_fragment_check(const char *text, size_t len, char *why, size_t wlen)
{
	char sec[64];
	int in_section = 0, line = 0;

	if (memchr(text, '\0', len)) {
		snprintf(why, wlen, "the text holds a NUL byte");
		return K_ERR_INVALID;
	}
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		line++;
		if (line_section(text + at, n, sec, sizeof(sec))) {
			if (!conf_fragment_section_ok(sec)) {
				snprintf(why, wlen, "line %d: [%s] is a station's own section; the "
					 "hub publishes only [service.*], [dossier.*] and [calendar]",
					 line, sec);
				return K_ERR_INVALID;
			}
			in_section = 1;
		} else if (!in_section && line_has_key(text + at, n)) {
			snprintf(why, wlen, "line %d: a key before any section", line);
			return K_ERR_INVALID;
		}
		at += n + 1;
	}
	return K_OK;
}

/* path's text with its province sections turned into comments, then the
 * fragment: a buffer to free(), *len its size. */
static char *overlay(const char *own, size_t olen, const char *frag, size_t flen, size_t *len)
{
	char sec[64];
	int skip = 0;
	char *out = malloc(olen + flen + 2);
	size_t w = 0;

	if (!out)
		return NULL;
	for (size_t at = 0; at < olen;) {
		const char *nl = memchr(own + at, '\n', olen - at);
		size_t n = nl ? (size_t)(nl - (own + at)) : olen - at;
		if (line_section(own + at, n, sec, sizeof(sec)))
			skip = conf_fragment_section_ok(sec);
		if (skip)
			out[w++] = ';'; /* the line stays, as a comment: line numbers hold */
		else
			memcpy(out + w, own + at, n), w += n;
		out[w++] = '\n';
		at += n + 1;
	}
	memcpy(out + w, frag, flen);
	w += flen;
	*len = w;
	return out;
}

int conf_fragment_load(const char *path, const char *fragment, size_t flen,
		       const struct kconf_check *checks, struct kconf *cfg,
		       struct kconf_errors *errs)
{
	char why[160];
	size_t olen = 0, len = 0;
	char *own = NULL, *all = NULL;
	FILE *f = NULL;
	int r = K_ERR_IO;

	if (!fragment)
		return kconf_load(path, checks, cfg, errs);
	memset(errs, 0, sizeof(*errs));
	if (conf_fragment_check(fragment, flen, why, sizeof(why)) < 0) {
		snprintf(errs->msg[errs->n++], sizeof(errs->msg[0]), "%s: the hub's settings, %s",
			 path, why);
		return K_ERR_CONFIG;
	}
	own = conf_fragment_read(path, &olen);
	if (!own) {
		snprintf(errs->msg[errs->n++], sizeof(errs->msg[0]), "%s: cannot be read", path);
		goto out;
	}
	all = overlay(own, olen, fragment, flen, &len);
	f = all ? fmemopen(all, len, "r") : NULL;
	if (!f) {
		r = K_ERR_NOMEM;
		goto out;
	}
	r = kconf_load_stream(f, path, checks, cfg, errs);
out:
	if (f)
		fclose(f);
	free(all);
	free(own);
	return r;
}

char *conf_fragment_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;

	if (!f)
		return NULL;
	buf = malloc(CONF_FRAGMENT_MAX + 1);
	if (buf)
		n = fread(buf, 1, CONF_FRAGMENT_MAX + 1, f);
	if (!buf || ferror(f) || n > CONF_FRAGMENT_MAX) {
		free(buf);
		buf = NULL;
		errno = errno ? errno : EFBIG;
	} else {
		buf[n] = '\0';
		*len = n;
	}
	fclose(f);
	return buf;
}

int conf_fragment_version(const char *text)
{
	int v = 0;
	return text && sscanf(text, "; version %d", &v) == 1 && v > 0 ? v : 0;
}
