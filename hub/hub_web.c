/*
 * hub_web.c - the dashboard's plain files (www-hub/ in the source tree),
 * served as they are from [hub] www (server/www_files.h): GET / is the
 * dashboard, /static/NAME its other files, and Chart.js is not needed.
 */
#include "hub_routes.h"

#include "www_files.h"

static void page(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	(void)rq;
	www_serve(app->conf.www, "index.html", out);
}

static void file(void *app_, const struct http_request *rq, struct http_reply *out)
{
	struct hub_app *app = app_;
	www_serve(app->conf.www, rq->arg ? rq->arg : "", out);
}

static const struct http_route routes[] = {
	{ "GET", "/", AUTH_NONE, page, 0 },
	{ "GET", "/static/*", AUTH_NONE, file, 0 },
};

const struct hub_routes hub_web_part = { routes, sizeof(routes) / sizeof(routes[0]) };
