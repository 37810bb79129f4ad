/*
 * hub_cmds.h - the commands of kiosk-hub that live outside main.c, and
 * what they share with it.  Each part adds its rows to HUB_MORE_COMMANDS
 * (name, function, needs hub.conf, usage).
 */
#ifndef HUB_CMDS_H
#define HUB_CMDS_H

#include <stddef.h>
#include <stdio.h>

#include "hub_app.h"

/* A key file: exactly len raw bytes, or their base64 text.  0, K_ERR_IO or
 * K_ERR_INVALID. */
int hub_read_key(const char *path, unsigned char *out, size_t len);

/* The dashboard's logins (hub_accounts.c), for http_start(). */
int hub_session_fn(void *app, const char *secret, int token, int touch, char name[64],
		   int *supervisor);
#define hub_session hub_session_fn

/* user add NAME [--admin] | user revoke NAME (hub_user_cmd.c) */
int hub_cmd_user(struct hub_app *app, int argc, char **argv);

/* The keys hub.conf names, into app (a message on stderr if one is bad).
 * 0 or K_ERR_CONFIG. */
int hub_load_keys(struct hub_app *app);

/* One connection for a command, the schema brought up to date; NULL (said
 * on stderr) if PostgreSQL cannot be reached. */
struct hub_db *hub_cmd_db(struct hub_app *app);

/* A detached Ed25519 signature, base64, over domain "\n" version "\n" body:
 * what a station checks against its [hub] key.  0 or K_ERR_INVALID. */
#define HUB_SIG_B64 sodium_base64_ENCODED_LEN(crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL)
int hub_sign(const unsigned char sk[crypto_sign_SECRETKEYBYTES], const char *domain,
	     long long version, const char *body, size_t len, char sig[HUB_SIG_B64]);

/* hub_config.c */
/* A fragment's text loaded alone (its keys and values checked, not how it
 * fits a station): 0, or K_ERR_CONFIG with each problem on err. */
int hub_fragment_load(const char *text, const char *name, struct kconf *cfg, FILE *err);
int hub_cmd_publish(struct hub_app *app, int argc, char **argv);
int hub_cmd_published(struct hub_app *app, int argc, char **argv);

/* hub_dossiers.c */
int hub_cmd_dossiers(struct hub_app *app, int argc, char **argv);
/* A station's [dossiers] secret, derived from hub.conf's dossier_key. */
void hub_dossier_key(const unsigned char dossier_key[32], const char *station,
		     unsigned char out[32]);

#define HUB_MORE_COMMANDS \
	{ "dossiers", hub_cmd_dossiers, 1, "dossiers import FILE.csv | dossiers key STATION FILE" }, \
	{ "publish", hub_cmd_publish, 1, "publish FILE | publish --list  (a signed config fragment)" }, \
	{ "published", hub_cmd_published, 1, "published  (the fragments' versions)" }, \
	{ "user", hub_cmd_user, 1, "user add NAME [--admin] | user revoke NAME (password on stdin)" },

#endif
