/*
 * sync_http.c - requests to the station server with libcurl.
 *
 * The server is trusted only as far as its answers can be checked
 * (docs/sync.md, "A hostile or broken server"): every request ends within
 * its timeout whatever the peer sends (a body trickling a byte a second
 * included), an answer larger than REPLY_MAX is given up (its announced
 * length at once, a longer body as soon as it passes the cap), a redirect is
 * never followed (the token goes nowhere else), a certificate is checked
 * against [sync] cafile or the system's CAs, and each of these is logged
 * once per request with the path but never its query.
 *
 * libcurl is opened (dlopen) with the first client, not linked: with its
 * TLS, Kerberos, LDAP and SSH libraries it is 30 of them, 13 ms of a
 * program's start and 2.4 MB of its memory (PSS), which a kiosk without a
 * station server, and every kioskctl command that does not talk to one,
 * never needs.  A program with a server pays them after its first frame.
 */
#include "sync_http.h"
#include "kbuf.h"
#include "kerr.h"
#include "klog.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLY_MAX (256 * 1024) /* the largest answer a kiosk reads (events: ~20 KiB) */

struct sync_http {
	CURL *curl;
	char base[KCONF_PATH + 16];  /* http://host:port/api/v1 */
	char auth[96];               /* Authorization: Bearer ... */
	char cafile[KCONF_PATH];     /* "" = the system's CAs */
	atomic_int cancelled;
	int too_big;                 /* the answer passed REPLY_MAX */
	pthread_mutex_t lock;        /* guards fd against sync_http_cancel() */
	int fd;                      /* the connection's socket, -1 = none */
	struct kbuf reply;
};

/* curl opens and closes its sockets here, so that cancel can cut a
 * long-poll at once (the progress callback alone may take a second). */
static curl_socket_t on_open(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct sync_http *h = arg;
	(void)purpose;
	pthread_mutex_lock(&h->lock);
	int fd = atomic_load(&h->cancelled) ? -1 : socket(a->family, a->socktype | SOCK_CLOEXEC,
							  a->protocol);
	h->fd = fd;
	pthread_mutex_unlock(&h->lock);
	return fd < 0 ? CURL_SOCKET_BAD : fd;
}

static int on_close(void *arg, curl_socket_t fd)
{
	struct sync_http *h = arg;
	pthread_mutex_lock(&h->lock);
	if (h->fd == fd)
		h->fd = -1;
	int r = close(fd);
	pthread_mutex_unlock(&h->lock);
	return r;
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sync_http *h = arg;
	/* an answer over the cap is cut off: curl sees a short write and stops */
	if (kbuf_add(&h->reply, p, size * n) < 0) {
		h->too_big = 1;
		return 0;
	}
	return size * n;
}

/* Why a request failed, for the log: the common hostile cases in plain words. */
static enum klog_level failure(struct sync_http *h, CURLcode rc, const char **why,
			       const char **hint)
{
	*hint = "";
	switch (rc) {
	case CURLE_ABORTED_BY_CALLBACK:
		return KLOG_DEBUG; /* cancelled: the kiosk is stopping */
	case CURLE_FILESIZE_EXCEEDED:
		*why = "the answer is larger than the kiosk reads; given up";
		return KLOG_WARN;
	case CURLE_WRITE_ERROR:
		if (h->too_big)
			*why = "the answer is larger than the kiosk reads; given up";
		return KLOG_WARN;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		/* not the server this kiosk was set up for, or a wrong [sync] cafile */
		*hint = " (the server's certificate is not trusted: check [sync] cafile and "
			"the name in [sync] server)";
		return KLOG_ERR;
	default:
		return KLOG_INFO;
	}
}

static int on_progress(void *arg, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	struct sync_http *h = arg;
	(void)a, (void)b, (void)c, (void)d;
	return atomic_load(&h->cancelled) ? 1 : 0;
}

#ifndef KSYNC_CURL_SONAME /* the build says which (CMakeLists.txt) */
#define KSYNC_CURL_SONAME "libcurl-gnutls.so.4"
#endif

/* libcurl's functions, from the library opened by global_init(). */
static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	void (*easy_reset)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} C;
static int curl_ok;

static void global_init(void)
{
	void *lib = dlopen(KSYNC_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		klog(KLOG_ERR, "sync: cannot load %s (%s): no station server can be reached",
		     KSYNC_CURL_SONAME, dlerror());
		return;
	}
	const struct {
		void **fn;
		const char *name;
	} fns[] = {
		{ (void **)&C.global_init, "curl_global_init" },
		{ (void **)&C.easy_init, "curl_easy_init" },
		{ (void **)&C.easy_cleanup, "curl_easy_cleanup" },
		{ (void **)&C.easy_reset, "curl_easy_reset" },
		{ (void **)&C.easy_setopt, "curl_easy_setopt" },
		{ (void **)&C.easy_perform, "curl_easy_perform" },
		{ (void **)&C.easy_getinfo, "curl_easy_getinfo" },
		{ (void **)&C.easy_strerror, "curl_easy_strerror" },
		{ (void **)&C.slist_append, "curl_slist_append" },
		{ (void **)&C.slist_free_all, "curl_slist_free_all" },
	};
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (!(*fns[i].fn = dlsym(lib, fns[i].name))) {
			klog(KLOG_ERR, "sync: %s has no %s", KSYNC_CURL_SONAME, fns[i].name);
			return; /* kept loaded: a library is not closed under a thread */
		}
	curl_ok = C.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

int sync_http_open(struct sync_http **out, const struct kconf *cfg)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sync_http *h;

	*out = NULL;
	pthread_once(&once, global_init);
	if (!curl_ok)
		return K_ERR_IO;
	h = calloc(1, sizeof(*h));
	if (!h)
		return K_ERR_NOMEM;
	h->curl = C.easy_init();
	if (!h->curl) {
		free(h);
		return K_ERR_NOMEM;
	}
	size_t n = strlen(cfg->sync.server);
	while (n > 0 && cfg->sync.server[n - 1] == '/')
		n--;
	snprintf(h->base, sizeof(h->base), "%.*s/api/v1", (int)n, cfg->sync.server);
	snprintf(h->auth, sizeof(h->auth), "Authorization: Bearer %s", cfg->sync.token);
	snprintf(h->cafile, sizeof(h->cafile), "%s", cfg->sync.cafile);
	kbuf_init(&h->reply, REPLY_MAX);
	pthread_mutex_init(&h->lock, NULL);
	h->fd = -1;
	*out = h;
	return K_OK;
}

void sync_http_close(struct sync_http *h)
{
	if (!h)
		return;
	C.easy_cleanup(h->curl);
	pthread_mutex_destroy(&h->lock);
	kbuf_free(&h->reply);
	free(h);
}

void sync_http_cancel(struct sync_http *h)
{
	pthread_mutex_lock(&h->lock);
	atomic_store(&h->cancelled, 1);
	if (h->fd >= 0)
		shutdown(h->fd, SHUT_RDWR); /* curl sees the connection end, and stops */
	pthread_mutex_unlock(&h->lock);
}

int sync_http_call(struct sync_http *h, const char *method, const char *path, json_t *body,
		   long timeout_ms, long *status, json_t **reply)
{
	struct curl_slist *hdr = NULL;
	char url[sizeof(h->base) + 256], errbuf[CURL_ERROR_SIZE] = "";
	char *text = NULL;
	int r = K_OK;

	*status = 0;
	if (reply)
		*reply = NULL;
	if (atomic_load(&h->cancelled))
		return K_ERR_UNREACHABLE;
	snprintf(url, sizeof(url), "%s%s", h->base, path);
	kbuf_reset(&h->reply);
	h->too_big = 0;
	hdr = C.slist_append(hdr, h->auth);
	if (body) {
		hdr = C.slist_append(hdr, "Content-Type: application/json");
		text = json_dumps(body, JSON_COMPACT);
		if (!text) {
			r = K_ERR_NOMEM;
			goto out;
		}
	}
	C.easy_reset(h->curl);
	C.easy_setopt(h->curl, CURLOPT_URL, url);
	C.easy_setopt(h->curl, CURLOPT_CUSTOMREQUEST, method);
	C.easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdr);
	if (text)
		C.easy_setopt(h->curl, CURLOPT_POSTFIELDS, text);
	C.easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, timeout_ms);
	C.easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	C.easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	C.easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	C.easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L); /* never: see below */
	C.easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)REPLY_MAX);
	C.easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	C.easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->cafile[0])
		C.easy_setopt(h->curl, CURLOPT_CAINFO, h->cafile);
	C.easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_data);
	C.easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	C.easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	C.easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	C.easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	C.easy_setopt(h->curl, CURLOPT_ERRORBUFFER, errbuf);
	C.easy_setopt(h->curl, CURLOPT_OPENSOCKETFUNCTION, on_open);
	C.easy_setopt(h->curl, CURLOPT_OPENSOCKETDATA, h);
	C.easy_setopt(h->curl, CURLOPT_CLOSESOCKETFUNCTION, on_close);
	C.easy_setopt(h->curl, CURLOPT_CLOSESOCKETDATA, h);

	/* the path without its query: a query may hold a citizen's code */
	int plen = (int)strcspn(path, "?");
	CURLcode rc = C.easy_perform(h->curl);
	if (rc != CURLE_OK) {
		/* curl's text may quote the peer (a certificate's name): one line, printable */
		for (char *c = errbuf; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		const char *why = errbuf[0] ? errbuf : C.easy_strerror(rc), *hint;
		enum klog_level level = failure(h, rc, &why, &hint);
		klog(level, "sync: %s %.*s: %s%s", method, plen, path, why, hint);
		r = K_ERR_UNREACHABLE;
		goto out;
	}
	C.easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
	if (*status >= 300 && *status < 400) {
		/* a redirect is not followed (the token would go with it): the
		 * server at [sync] server is as good as away.  Its Location is not
		 * logged: the log holds nothing the peer chose. */
		klog(KLOG_WARN, "sync: %s %.*s: the server answers %ld, a redirect; not followed "
		     "(check [sync] server)", method, plen, path, *status);
		r = K_ERR_UNREACHABLE;
		goto out;
	}
	if (*status == 401 || *status == 403) {
		klog(KLOG_ERR, "sync: the server refuses this kiosk's token (%ld): check [sync] "
		     "name and token against its [server] kiosk.<NAME>", *status);
		r = K_ERR_AUTH;
	}
	if (reply && h->reply.len > 0) {
		json_error_t e;
		*reply = json_loadb((const char *)h->reply.data, h->reply.len, 0, &e);
		/* where it broke, not what was there: the log holds nothing the peer chose */
		if (!*reply)
			klog(KLOG_WARN, "sync: %s %.*s: the answer (%ld, %zu bytes) is not JSON "
			     "(line %d, column %d)", method, plen, path, *status, h->reply.len,
			     e.line, e.column);
	}
out:
	sodium_memzero(url, sizeof(url)); /* it may hold a receipt code */
	free(text);
	C.slist_free_all(hdr);
	return r;
}
