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

/* The dashboard's logins (hub_accounts.c), for http_start(); NULL until
 * the dashboard exists. */
#define hub_session NULL

#define HUB_MORE_COMMANDS /* e.g. { "publish", hub_cmd_publish, 1, "publish FILE" }, */

#endif
