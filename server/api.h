/*
 * api.h - the /api/v1 endpoints of the station server (docs/api.md).
 */
#ifndef API_H
#define API_H

#include <stddef.h>

#include "http.h"
#include "queue.h"

struct api {
	const struct kconf *cfg;
	struct queue *q;
};

extern const struct http_route api_routes[];
extern const size_t api_nroutes;

#endif
