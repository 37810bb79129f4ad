/*
 * hub_conf.c - hub.conf's key table and its reader (hub_conf.h).
 */
#include "hub_conf.h"

#include "kerr.h"

#include <ini.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum hub_key_type { HK_STR, HK_PATH, HK_INT };

struct hub_key {
	const char *name;
	enum hub_key_type type;
	size_t offset, size;
	int min, max;
	const char *def;
	const char *help;
};

#define F(field) offsetof(struct hub_conf, field), sizeof(((struct hub_conf *)0)->field)

static const struct hub_key keys[] = {
	{ "listen", HK_STR, F(listen), 1, 0, "127.0.0.1:8090",
	  "HOST:PORT the stations and the dashboard reach the hub on (port 0: any free port)" },
	{ "database", HK_STR, F(database), 1, 0, "dbname=kiosk_hub",
	  "the PostgreSQL database, as a libpq connection string" },
	{ "pool", HK_INT, F(pool), 1, 64, "8", "PostgreSQL connections kept open" },
	{ "www", HK_PATH, F(www), 0, 0, "/usr/share/kiosk-hub/www", "the dashboard's files" },
	{ "signing_key", HK_PATH, F(signing_key), 0, 0, "",
	  "the hub's Ed25519 secret key (kiosk-hub keygen): signs configuration and dossier shares" },
	{ "dossier_key", HK_PATH, F(dossier_key), 0, 0, "",
	  "a file of 32 secret bytes: dossier codes travel only as hashes keyed by it" },
	{ "cert", HK_PATH, F(cert), 0, 0, "", "TLS certificate (PEM); empty = plain HTTP" },
	{ "key", HK_PATH, F(key), 0, 0, "", "TLS private key (PEM)" },
	{ "max_body", HK_INT, F(max_body), 1024, 64 << 20, "8388608",
	  "bytes of a request's body: an ingest batch" },
	{ "request_timeout", HK_INT, F(request_timeout), 1, 600, "30",
	  "seconds from a request's first line to its last byte" },
	{ "per_address", HK_INT, F(per_address), 1, 10000, "64",
	  "connections at once from one address" },
	{ "session_idle", HK_INT, F(session_idle), 60, 86400, "1800",
	  "seconds a dashboard login lives unused" },
};

struct load {
	struct hub_conf *c;
	const char *path;
	char dir[HUB_CONF_PATH];
	FILE *err;
	FILE *f;
	int line;  /* lines read so far: the one inih hands over */
	int bad;
};

/* inih's reader, counting lines (Debian's inih gives the handler none). */
static char *reader(char *buf, int size, void *stream)
{
	struct load *l = stream;
	char *s = fgets(buf, size, l->f);
	if (s)
		l->line++;
	return s;
}

static int set(const struct hub_key *k, struct hub_conf *c, const char *v, const char *dir,
	       char *why, size_t whylen)
{
	char *field = (char *)c + k->offset;

	if (k->type == HK_INT) {
		char *end;
		long n = strtol(v, &end, 10);
		if (!*v || *end || n < k->min || n > k->max) {
			snprintf(why, whylen, "must be a whole number from %d to %d", k->min, k->max);
			return -1;
		}
		*(int *)(void *)field = (int)n;
		return 0;
	}
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20) {
			snprintf(why, whylen, "must not hold control characters");
			return -1;
		}
	int n = (k->type == HK_PATH && v[0] && v[0] != '/' && dir[0]) ?
		snprintf(field, k->size, "%s/%s", dir, v) : snprintf(field, k->size, "%s", v);
	if (n < 0 || (size_t)n >= k->size) {
		snprintf(why, whylen, "is longer than %zu bytes", k->size - 1);
		return -1;
	}
	if (k->min && !v[0]) {
		snprintf(why, whylen, "must not be empty");
		return -1;
	}
	return 0;
}

static int on_line(void *user, const char *section, const char *name, const char *value)
{
	struct load *l = user;
	int line = l->line;
	char why[160];

	if (strcmp(section, "hub") != 0) {
		fprintf(l->err, "%s:%d: [%s] is not a section of hub.conf (only [hub])\n", l->path,
			line, section);
		l->bad = 1;
		return 1;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].name, name) != 0)
			continue;
		if (set(&keys[i], l->c, value, l->dir, why, sizeof(why)) < 0) {
			fprintf(l->err, "%s:%d: %s %s\n", l->path, line, name, why);
			l->bad = 1;
		}
		return 1;
	}
	fprintf(l->err, "%s:%d: %s is not a key of [hub] (kiosk-hub keys lists them)\n", l->path,
		line, name);
	l->bad = 1;
	return 1;
}

void hub_conf_defaults(struct hub_conf *c)
{
	char why[160];
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		(void)set(&keys[i], c, keys[i].def, "", why, sizeof(why));
}

int hub_conf_load(const char *path, struct hub_conf *c, FILE *err)
{
	struct load l = { .c = c, .path = path, .err = err };
	const char *slash = strrchr(path, '/');

	hub_conf_defaults(c);
	if (slash)
		snprintf(l.dir, sizeof(l.dir), "%.*s", (int)(slash - path), path);
	l.f = fopen(path, "r");
	if (!l.f) {
		fprintf(err, "%s: cannot be read\n", path);
		return K_ERR_IO;
	}
	int r = ini_parse_stream(reader, &l, on_line, &l);
	fclose(l.f);
	if (r > 0) {
		fprintf(err, "%s:%d: not a line of an INI file\n", path, r);
		l.bad = 1;
	}
	if (!l.bad && (!c->cert[0]) != (!c->key[0])) {
		fprintf(err, "%s: cert and key go together\n", path);
		l.bad = 1;
	}
	return l.bad ? K_ERR_CONFIG : K_OK;
}

void hub_conf_http(const struct hub_conf *c, struct kconf *k)
{
	kconf_defaults(k);
	snprintf(k->server.listen, sizeof(k->server.listen), "%s", c->listen);
	snprintf(k->server.cert, sizeof(k->server.cert), "%s", c->cert);
	snprintf(k->server.key, sizeof(k->server.key), "%s", c->key);
	k->server.max_body = c->max_body;
	k->server.request_timeout = c->request_timeout;
	k->server.per_address = c->per_address;
	k->server.staff_idle = c->session_idle;
}

void hub_conf_print_doc(FILE *f)
{
	fprintf(f, "[hub]\n");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fprintf(f, "; %s\n%s = %s\n", keys[i].help, keys[i].name, keys[i].def);
}
