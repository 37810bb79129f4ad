/*
 * station_conf.c - the modules' checks of kiosk.conf, in one table.
 *
 * Adding a check: a function in the module that owns the rule, one row
 * here.  A row names the key a failure is reported at (its line in the
 * file) and the words put before the module's sentence.
 */
#include "station_conf.h"
#include "conf_fragment.h"
#include "kerr.h"
#include "printer_uri.h"
#include "slip.h"
#include "speech.h"
#include "voice.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_qr(const struct kconf *cfg, char *why, size_t len)
{
	return slip_qr_check(cfg, why, (unsigned)len);
}

static int check_printer_uri(const struct kconf *cfg, char *why, size_t len)
{
	struct printer_uri uri;
	return printer_uri_parse(cfg->printer.uri, &uri, why, (unsigned)len);
}

static int check_phrase(const struct kconf *cfg, char *why, size_t len)
{
	return cfg->voice.phrase[0] ? voice_phrase_check(cfg->voice.phrase, why, len) : 0;
}

static int check_letters(const struct kconf *cfg, char *why, size_t len)
{
	return speech_letters_set(NULL, cfg->voice.letters, why, len);
}

/* [hub] url: empty (no hub), or http[s]://host[:port][/], with a token to
 * go with it (server/hub_fwd.h posts to URL/api/v1/ingest) */
static int check_hub_url(const struct kconf *cfg, char *why, size_t len)
{
	const char *u = cfg->hub.url, *host;

	if (!u[0])
		return 0;
	host = !strncmp(u, "http://", 7) ? u + 7 : !strncmp(u, "https://", 8) ? u + 8 : NULL;
	if (!host || !host[0] || host[0] == '/' || strpbrk(u, " \t?#@")) {
		snprintf(why, len, "must be http://HOST:PORT or https://HOST:PORT (no user, query "
			 "or spaces), not \"%.60s\"", u);
		return -1;
	}
	if (!cfg->hub.token[0]) {
		snprintf(why, len, "is set but [hub] token is empty (kiosk-hub station add prints it)");
		return -1;
	}
	return 0;
}

/* [hub] key: the hub's Ed25519 public key, base64 of 32 bytes */
static int check_hub_key(const struct kconf *cfg, char *why, size_t len)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	size_t got = 0;
	if (!cfg->hub.key[0])
		return 0;
	if (sodium_base642bin(pk, sizeof(pk), cfg->hub.key, strlen(cfg->hub.key), NULL, &got,
			      NULL, sodium_base64_VARIANT_ORIGINAL) == 0 && got == sizeof(pk))
		return 0;
	snprintf(why, len, "is not an Ed25519 public key in base64 (kiosk-hub keygen prints it)");
	return -1;
}

const struct kconf_check station_conf_checks[] = {
	{ "printer", "qr_url", "[printer] ", check_qr },
	{ "printer", "uri", "[printer] uri ", check_printer_uri },
	{ "voice", "phrase", "[voice] phrase ", check_phrase },
	{ "voice", "letters", "[voice] letters: ", check_letters },
	{ "hub", "url", "[hub] url ", check_hub_url },
	{ "hub", "key", "[hub] key ", check_hub_key },
	{ NULL, NULL, NULL, NULL },
};

/*
 * kiosk.conf, then again with the hub's fragment laid over it if [hub] dir
 * holds one (conf_fragment.h): kiosks, the server and kioskctl see the same
 * settings.  A fragment that no longer fits (kiosk.conf changed since) is
 * an error like any other, with the way out named.
 */
int station_conf_load(const char *path, struct kconf *cfg, struct kconf_errors *errs)
{
	char file[KCONF_PATH + 16];
	size_t len = 0;
	int r = kconf_load(path, station_conf_checks, cfg, errs);
	if (r < 0 || !cfg->hub.dir[0])
		return r;
	snprintf(file, sizeof(file), "%s/" CONF_FRAGMENT_CURRENT, cfg->hub.dir);
	errno = 0;
	char *frag = conf_fragment_read(file, &len);
	if (!frag && errno == ENOENT)
		return r; /* none fetched yet: kiosk.conf alone */
	if (!frag) { /* never kiosk.conf alone while the station runs the hub's */
		snprintf(errs->msg[errs->n++], sizeof(errs->msg[0]),
			 "%.100s: the hub's settings cannot be read: %s", file, strerror(errno));
		return K_ERR_CONFIG;
	}
	r = conf_fragment_load(path, frag, len, station_conf_checks, cfg, errs);
	free(frag);
	if (r < 0 && errs->n < KCONF_MAX_ERRORS)
		snprintf(errs->msg[errs->n++], sizeof(errs->msg[0]),
			 "%.60s: the hub's settings (%.90s) do not fit this kiosk.conf; fix it, or "
			 "station-server hub rollback", path, file);
	return r;
}

int station_conf_load_stream(FILE *f, const char *name, struct kconf *cfg,
			     struct kconf_errors *errs)
{
	return kconf_load_stream(f, name, station_conf_checks, cfg, errs);
}
