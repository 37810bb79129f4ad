/*
 * hub_fwd_post.c - the forwarder's one request: POST /api/v1/ingest with
 * libcurl, a bearer token, a timeout, an answer read up to a cap, no
 * redirect followed (the token goes nowhere else), and a cut from another
 * thread when the server stops.
 */
#include "hub_fwd_private.h"

#include "kbuf.h"
#include "kconf.h"
#include "kerr.h"

#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX (64 * 1024)

struct hub_post {
	CURL *curl;
	struct curl_slist *headers;
	char url[KCONF_PATH + 32];
	atomic_int cancelled;
	struct kbuf answer;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct hub_post *h = arg;
	return kbuf_add(&h->answer, p, size * n) < 0 ? 0 : size * n;
}

static int on_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	struct hub_post *h = arg;
	(void)a, (void)b, (void)c, (void)d;
	return atomic_load(&h->cancelled) ? 1 : 0;
}

int hub_post_open(struct hub_post **out, const char *url, const char *token)
{
	char auth[KCONF_TOKEN_MAX + 32];
	struct hub_post *h = calloc(1, sizeof(*h));

	*out = NULL;
	if (!h || !(h->curl = curl_easy_init())) {
		free(h);
		return K_ERR_NOMEM;
	}
	kbuf_init(&h->answer, ANSWER_MAX);
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/') /* "http://hub/" too */
		n--;
	snprintf(h->url, sizeof(h->url), "%.*s/api/v1/ingest", (int)n, url);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	h->headers = curl_slist_append(NULL, auth);
	h->headers = curl_slist_append(h->headers, "Content-Type: application/json");
	curl_easy_setopt(h->curl, CURLOPT_URL, h->url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	*out = h;
	return K_OK;
}

void hub_post_close(struct hub_post *h)
{
	if (!h)
		return;
	curl_slist_free_all(h->headers);
	curl_easy_cleanup(h->curl);
	kbuf_free(&h->answer);
	free(h);
}

void hub_post_cancel(struct hub_post *h)
{
	if (h)
		atomic_store(&h->cancelled, 1);
}

int hub_post_send(struct hub_post *h, const char *body, long timeout_ms, long *status,
		  json_t **reply, char *why, size_t len)
{
	*reply = NULL;
	*status = 0;
	kbuf_reset(&h->answer);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	CURLcode rc = curl_easy_perform(h->curl);
	if (rc != CURLE_OK) {
		snprintf(why, len, "the hub did not answer: %s", curl_easy_strerror(rc));
		return K_ERR_UNREACHABLE;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
	*reply = json_loadb((const char *)h->answer.data, h->answer.len, 0, NULL);
	return K_OK;
}
