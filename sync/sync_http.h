/*
 * sync_http.h - the kiosk's HTTP client for the station server's API
 * (libcurl + jansson).  One struct per thread: a curl handle is not shared.
 *
 * Only the transport is here: which requests a kiosk makes and what it does
 * with the answers is ksync.c.
 */
#ifndef SYNC_HTTP_H
#define SYNC_HTTP_H

#include <jansson.h>

#include "kconf.h"

struct sync_http;

int sync_http_open(struct sync_http **out, const struct kconf *cfg);
void sync_http_close(struct sync_http *h);

/*
 * `method` /api/v1`path` with body (NULL = none), giving up after
 * timeout_ms.  K_OK when the server answered: *status is its HTTP status and
 * *reply its JSON body (NULL if it had none or none that parses; the caller
 * json_decref()s it).  K_ERR_UNREACHABLE when no answer came (refused,
 * timed out, cut off, stopped), K_ERR_AUTH on 401/403.
 */
int sync_http_call(struct sync_http *h, const char *method, const char *path, json_t *body,
		   long timeout_ms, long *status, json_t **reply);

/* From any thread: make the request in progress (and every later one)
 * give up at once, e.g. a long-poll when the kiosk stops. */
void sync_http_cancel(struct sync_http *h);

#endif
