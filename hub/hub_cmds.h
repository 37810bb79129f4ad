/*
 * hub_cmds.h - the commands of kiosk-hub that live outside main.c, and
 * what they share with it.  Each part adds its rows to HUB_MORE_COMMANDS
 * (name, function, needs hub.conf, usage).
 */
#ifndef HUB_CMDS_H
#define HUB_CMDS_H

#include <stddef.h>

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

#define HUB_MORE_COMMANDS \
	{ "user", hub_cmd_user, 1, "user add NAME [--admin] | user revoke NAME (password on stdin)" },

#endif
