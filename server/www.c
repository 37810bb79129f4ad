/*
 * www.c - the staff console's, the lobby board's and the rating tablet's
 * files, served as they are from [server] www: no build step, nothing
 * fetched from elsewhere.
 * Only flat names of [A-Za-z0-9._-] (no "..", no folders) are looked up.
 * Chart.js, for the console's reports, is the one file from outside that
 * folder: Debian's copy at [server] chartjs, as /static/vendor/chart.js.
 */
#include "api_private.h"
#include "www_files.h"

void www_file(struct api *a, const char *name, struct http_reply *out)
{
	www_serve(a->cfg->server.www, name, out);
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
	www_serve_path(a->cfg->server.chartjs, "text/javascript; charset=utf-8", out);
}
