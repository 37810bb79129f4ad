/*
 * www_files.c - see www_files.h.
 */
#include "www_files.h"
#include "klog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
void www_serve_path(const char *path, const char *type, struct http_reply *out)
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

void www_serve(const char *dir, const char *name, struct http_reply *out)
{
	char path[512];
	const char *type = type_of(name);

	if (!name_ok(name) || !type ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		http_error(out, 404, "not_found", "no such file");
		return;
	}
	www_serve_path(path, type, out);
}
