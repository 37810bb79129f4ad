/*
 * hub_keys.c - what kiosk-hub's commands and routes share (hub_cmds.h):
 * reading the key files hub.conf names, signing what the hub publishes,
 * and a command's own database connection.
 */
#include "hub_cmds.h"

#include "kerr.h"

#include <stdio.h>
#include <string.h>

/* Read a key file: raw bytes of exactly `len`, or their base64 on one line. */
int hub_read_key(const char *path, unsigned char *out, size_t len)
{
	unsigned char buf[256];
	FILE *f = fopen(path, "rb");
	if (!f)
		return K_ERR_IO;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (n == len) {
		memcpy(out, buf, len);
		sodium_memzero(buf, sizeof(buf));
		return K_OK;
	}
	buf[n] = '\0';
	size_t got = 0;
	int r = sodium_base642bin(out, len, (const char *)buf, n, " \t\r\n", &got, NULL,
				  sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(buf, sizeof(buf));
	return (r == 0 && got == len) ? K_OK : K_ERR_INVALID;
}

/* The keys hub.conf names, into app. */
int hub_load_keys(struct hub_app *app)
{
	if (app->conf.signing_key[0]) {
		if (hub_read_key(app->conf.signing_key, app->sign_sk, sizeof(app->sign_sk)) < 0) {
			fprintf(stderr, "kiosk-hub: %s is not an Ed25519 secret key "
					"(kiosk-hub keygen makes one)\n", app->conf.signing_key);
			return K_ERR_CONFIG;
		}
		app->has_sign = 1;
	}
	if (app->conf.dossier_key[0]) {
		if (hub_read_key(app->conf.dossier_key, app->dossier_key,
				 sizeof(app->dossier_key)) < 0) {
			fprintf(stderr, "kiosk-hub: %s must hold 32 secret bytes "
					"(head -c 32 /dev/urandom > FILE)\n", app->conf.dossier_key);
			return K_ERR_CONFIG;
		}
		app->has_dossier_key = 1;
	}
	return K_OK;
}

int hub_sign(const unsigned char sk[crypto_sign_SECRETKEYBYTES], const char *domain,
	     long long version, const char *body, size_t len, char sig[HUB_SIG_B64])
{
	unsigned char s[crypto_sign_BYTES];
	char head[96];
	crypto_sign_state st;
	int n = snprintf(head, sizeof(head), "%s\n%lld\n", domain, version);

	crypto_sign_init(&st);
	crypto_sign_update(&st, (const unsigned char *)head, (size_t)n);
	crypto_sign_update(&st, (const unsigned char *)body, len);
	if (crypto_sign_final_create(&st, s, NULL, sk) != 0)
		return K_ERR_INVALID;
	sodium_bin2base64(sig, HUB_SIG_B64, s, sizeof(s), sodium_base64_VARIANT_ORIGINAL);
	return K_OK;
}

/* One connection for a command, the schema brought up to date. */
struct hub_db *hub_cmd_db(struct hub_app *app)
{
	struct hub_db *db = NULL;
	if (hub_db_open(&db, app->conf.database) < 0 || hub_migrate(db) < 0) {
		fprintf(stderr, "kiosk-hub: PostgreSQL cannot be reached at \"%s\"\n",
			app->conf.database);
		hub_db_close(db);
		return NULL;
	}
	return db;
}
