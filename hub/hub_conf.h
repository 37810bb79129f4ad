/*
 * hub_conf.h - hub.conf, the province hub's settings (docs/hub.md).
 *
 * One INI file read with inih, one section [hub].  Every key is a row of
 * the table in hub_conf.c (name, type, range, default, help); a line that
 * is not a known key or whose value does not fit is an error naming the
 * line, and nothing is started.
 */
#ifndef HUB_CONF_H
#define HUB_CONF_H

#include <stdio.h>

#include "kconf.h"

#define HUB_CONF_PATH 256

struct hub_conf {
	char listen[64];                  /* HOST:PORT of the dashboard and the stations' API */
	char database[512];               /* a libpq connection string */
	int pool;                         /* PostgreSQL connections kept open */
	char www[HUB_CONF_PATH];          /* the dashboard's plain files */
	char signing_key[HUB_CONF_PATH];  /* the Ed25519 secret key fragments are signed with */
	char dossier_key[HUB_CONF_PATH];  /* the secret dossier codes are hashed with */
	char cert[HUB_CONF_PATH], key[HUB_CONF_PATH]; /* TLS, both or neither */
	int max_body;                     /* bytes of a request's body (an ingest batch) */
	int request_timeout;              /* seconds from a request's line to its last byte */
	int per_address;                  /* connections at once from one address */
	int session_idle;                 /* seconds a dashboard login lives unused */
};

/*
 * Read path into c (defaults first; relative paths are relative to the
 * file's folder).  0, or K_ERR_IO / K_ERR_CONFIG with each problem printed
 * on err as "FILE:LINE: ...".
 */
int hub_conf_load(const char *path, struct hub_conf *c, FILE *err);

/* The defaults alone (no file). */
void hub_conf_defaults(struct hub_conf *c);

/* The station server's HTTP settings (server/http.h) that c stands for. */
void hub_conf_http(const struct hub_conf *c, struct kconf *k);

/* Every key with its default and help, as a commented hub.conf. */
void hub_conf_print_doc(FILE *f);

#endif
