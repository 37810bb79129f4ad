/*
 * hub_api.c - the hub's route table: each part's routes, one after the
 * other (a part = one file with its own hub_X_routes).  Adding a part's
 * routes is one line in `parts` below.
 */
#include "hub_app.h"

#include <stdlib.h>
#include <string.h>

#include "hub_routes.h"

static const struct hub_routes *parts[] = {
	&hub_status_part,
	&hub_ingest_part,
	&hub_login_part,
	&hub_web_part,
	&hub_stations_part,
	&hub_reports_part,
	&hub_config_part,
	&hub_dossiers_part,
};

static struct http_route *table;

const struct http_route *hub_api_routes(size_t *n)
{
	size_t total = 0, at = 0;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		total += parts[i]->n;
	free(table);
	table = calloc(total ? total : 1, sizeof(*table));
	if (!table)
		return NULL;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		memcpy(table + at, parts[i]->routes, parts[i]->n * sizeof(*table));
		at += parts[i]->n;
	}
	*n = total;
	return table;
}

void hub_api_free(void)
{
	free(table);
	table = NULL;
}
