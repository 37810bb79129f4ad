/*
 * hub_fetch.c - the kthread that asks the hub for what it publishes
 * (hub_fetch.h), with libcurl linked (the station server talks to one
 * peer; kiosks dlopen theirs, sync/sync_http.c).  A request ends within
 * its timeout, an answer past REPLY_MAX is given up, redirects are not
 * followed (the token goes nowhere else).
 */
#include "hub_fetch.h"

#include "kerr.h"
#include "klog.h"

#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kthread.h"

#define REPLY_MAX (8 * 1024 * 1024) /* a dossier share of a big station */
#define TIMEOUT_S 30L

struct hub_fetch {
	struct kthread *thread;       /* its stop cuts a request short */
	const struct kconf *cfg;
	struct dossiers *dossiers;
	int refused_dossiers;       /* the same for dossier shares */
	int refused;                /* the last version refused: logged once */
	char *buf;
	size_t len;
	int too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct hub_fetch *f = arg;
	size_t add = size * n;
	if (f->len + add > REPLY_MAX) {
		f->too_big = 1;
		return 0;
	}
	char *b = realloc(f->buf, f->len + add + 1);
	if (!b)
		return 0;
	memcpy(b + f->len, p, add);
	f->buf = b;
	f->len += add;
	f->buf[f->len] = '\0';
	return add;
}

static int on_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	struct hub_fetch *f = arg;
	(void)a, (void)b, (void)c, (void)d;
	return kthread_stopping(f->thread);
}

/* GET base/api/v1/path: the HTTP status (the body in f->buf), or 0 if
 * the hub could not be reached (logged at debug: the hub may be away). */
static long hub_get(struct hub_fetch *f, const char *path)
{
	char url[KCONF_PATH + 64], auth[KCONF_TOKEN_MAX + 32];
	struct curl_slist *h = NULL;
	long status = 0;
	CURL *c = curl_easy_init();

	if (!c)
		return 0;
	free(f->buf);
	f->buf = NULL;
	f->len = 0;
	f->too_big = 0;
	snprintf(url, sizeof(url), "%s/api/v1/%s", f->cfg->hub.url, path);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", f->cfg->hub.token);
	h = curl_slist_append(h, auth);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, f);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	else if (f->too_big)
		klog(KLOG_WARN, "hub: the answer to %s is over %d bytes: given up", path, REPLY_MAX);
	else
		klog(KLOG_DEBUG, "hub: %s: %s", path, curl_easy_strerror(rc));
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return status;
}

/* One look at the configuration: 1 if a new one was applied. */
static int fetch_config(struct hub_fetch *f)
{
	char why[320];
	long st = hub_get(f, "config");
	if (st != 200)
		return 0;
	json_t *j = json_loadb(f->buf, f->len, 0, NULL);
	json_int_t v = 0;
	const char *frag = NULL, *sig = NULL;
	size_t flen = 0;
	int r = 0;
	if (!j || json_unpack(j, "{s:I, s:s%, s:s}", "version", &v, "fragment", &frag, &flen,
			      "signature", &sig) != 0 || v < 1 || v > 1000000000) {
		klog(KLOG_WARN, "hub: GET /api/v1/config answered something malformed");
		goto out;
	}
	r = hub_apply_config(f->cfg, (int)v, frag, flen, sig, why, sizeof(why));
	if (r == 1) {
		klog(KLOG_INFO, "%s; restarting to run it", why);
	} else if (r < 0 && f->refused != (int)v) {
		klog(KLOG_ERR, "%s; running version %d", why, hub_fetch_version(f->cfg));
		f->refused = (int)v;
	}
out:
	json_decref(j);
	return r == 1;
}

/* One look at the dossier share (stored at once, no restart). */
static void fetch_dossiers(struct hub_fetch *f)
{
	char why[320], path[40];
	snprintf(path, sizeof(path), "dossiers?have=%d", hub_fetch_dossiers_version(f->cfg));
	if (!f->dossiers || hub_get(f, path) != 200)
		return;
	json_t *j = json_loadb(f->buf, f->len, 0, NULL), *rows = NULL;
	json_int_t v = 0;
	const char *sig = NULL;
	if (!j || json_unpack(j, "{s:I, s:o, s:s}", "version", &v, "rows", &rows, "signature",
			      &sig) != 0 || !json_is_array(rows) || v < 1 || v > 1000000000) {
		klog(KLOG_WARN, "hub: GET /api/v1/dossiers answered something malformed");
	} else {
		int r = hub_apply_dossiers(f->cfg, f->dossiers, (int)v, rows, sig, why, sizeof(why));
		if (r == 1)
			klog(KLOG_INFO, "%s", why);
		else if (r < 0 && f->refused_dossiers != (int)v) {
			klog(KLOG_ERR, "%s; keeping version %d", why,
			     hub_fetch_dossiers_version(f->cfg));
			f->refused_dossiers = (int)v;
		}
	}
	json_decref(j);
}

static void run(struct kthread *t, void *arg)
{
	struct hub_fetch *f = arg;
	klog(KLOG_INFO, "hub: running configuration version %d, dossiers version %d",
	     hub_fetch_version(f->cfg), hub_fetch_dossiers_version(f->cfg));
	while (!kthread_stopping(t)) {
		kthread_busy(t, "hub fetch", (int)(3 * TIMEOUT_S * 1000));
		int applied = fetch_config(f);
		if (!applied)
			fetch_dossiers(f);
		kthread_idle(t);
		if (applied) { /* the main thread stops the server and runs it again */
			kill(getpid(), SIGHUP);
			break;
		}
		if (kthread_wait(t, f->cfg->hub.interval * 1000))
			break;
	}
}

int hub_fetch_start(struct hub_fetch **out, const struct kconf *cfg, struct dossiers *d)
{
	*out = NULL;
	if (!cfg->hub.url[0] || !cfg->hub.key[0])
		return K_OK;
	struct hub_fetch *f = calloc(1, sizeof(*f));
	if (!f)
		return K_ERR_NOMEM;
	f->cfg = cfg;
	f->dossiers = d;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (kthread_start(&f->thread, "hub-fetch", 0, run, f) < 0) {
		free(f);
		return K_ERR_NOMEM;
	}
	*out = f;
	return K_OK;
}

void hub_fetch_stop(struct hub_fetch *f)
{
	if (!f)
		return;
	kthread_stop(f->thread);
	free(f->buf);
	free(f);
}
