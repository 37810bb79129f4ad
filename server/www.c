/*
 * www.c - the staff console's, the lobby board's and the rating tablet's
 * files, served as they are from [server] www: no build step, nothing
 * fetched from elsewhere.
 * Only flat names of [A-Za-z0-9._-] (no "..", no folders) are looked up.
 * Chart.js, for the console's reports, is the one file from outside that
 * folder: Debian's copy at [server] chartjs, as /static/vendor/chart.js.
 */
#include "api_private.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WWW_MAX (4 * 1024 * 1024) /* the largest file served */

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".wav", "audio/wav" },
	{ ".ico", "image/x-icon" },
};

static const char *type_of(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);
		if (n > e && !strcmp(name + n - e, types[i].ext))
			return types[i].type;
	}
	return NULL;
}

static int name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < 64 && name[0] != '.' &&
	       strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* the file at path as it is, or 404 */
static void serve_path(const char *path, const char *type, struct http_reply *out)
{
	unsigned char *buf = NULL;
	long size = -1;
	FILE *f;

	f = path[0] ? fopen(path, "rb") : NULL;
	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (f && size >= 0 && size <= WWW_MAX && fseek(f, 0, SEEK_SET) == 0)
		buf = malloc(size ? (size_t)size : 1);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	if (!buf) {
		if (size > WWW_MAX)
			klog(KLOG_WARN, "www: %s is over %d bytes: not served", path, WWW_MAX);
		http_error(out, 404, "not_found", "no such file");
		return;
	}
	out->status = 200;
	out->raw = buf;
	out->raw_len = (size_t)size;
	out->type = type;
	out->page = strstr(type, "html") != NULL;
}

void www_file(struct api *a, const char *name, struct http_reply *out)
{
	char path[KCONF_PATH + 80];
	const char *type = type_of(name);

	if (!name_ok(name) || !type) {
		http_error(out, 404, "not_found", "no such file");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", a->cfg->server.www, name);
	serve_path(path, type, out);
}

void www_staff(void *app, const struct http_request *rq, struct http_reply *out)
{
	(void)rq;
	www_file(app, "staff.html", out);
}

void www_board(void *app, const struct http_request *rq, struct http_reply *out)
{
	(void)rq;
	www_file(app, "board.html", out);
}

/* GET /rate: a counter's rating tablet (its token in the page's address,
 * then in its own storage: the page itself needs none) */
void www_rate(void *app, const struct http_request *rq, struct http_reply *out)
{
	(void)rq;
	www_file(app, "rate.html", out);
}

void www_static(void *app, const struct http_request *rq, struct http_reply *out)
{
	www_file(app, rq->arg ? rq->arg : "", out);
}

/* GET /static/vendor/chart.js: 404 when the file is missing (the reports
 * then show their tables without charts) */
void www_chartjs(void *app, const struct http_request *rq, struct http_reply *out)
{
	const struct api *a = app;

	(void)rq;
	serve_path(a->cfg->server.chartjs, "text/javascript; charset=utf-8", out);
}
