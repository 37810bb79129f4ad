/*
 * hub_routes.h - each part of the hub's API (a file with its routes);
 * hub_api.c puts them together.
 */
#ifndef HUB_ROUTES_H
#define HUB_ROUTES_H

#include "hub_app.h"

extern const struct hub_routes hub_status_part;    /* hub_status.c: GET /api/v1/health */
extern const struct hub_routes hub_login_part;     /* hub_login.c: the dashboard's login */
extern const struct hub_routes hub_web_part;       /* hub_web.c: the dashboard's files */
extern const struct hub_routes hub_stations_part;  /* hub_stations.c: GET /api/v1/stations */
extern const struct hub_routes hub_reports_part;   /* hub_reports.c: GET /api/v1/reports */
extern const struct hub_routes hub_ingest_part;    /* hub_ingest.c: POST /api/v1/ingest */
extern const struct hub_routes hub_config_part;    /* hub_config.c: GET /api/v1/config */
extern const struct hub_routes hub_dossiers_part;  /* hub_dossiers.c: GET /api/v1/dossiers */

#endif
