/*
 * station_conf.h - kiosk.conf read and checked whole.
 *
 * kconf (kconf.h) knows every key, its type and range, and the rules that
 * need only the configuration itself.  Some values are only right if
 * another module can use them: the slip's QR template must fit a QR code,
 * the printer's URI must name a transport, the voice's phrase and letters
 * must be sayable.  Those modules own the rule; this file lists them in one
 * table and hands it to kconf, so kconf depends on none of them.  Every
 * program and test loads its configuration through here.
 */
#ifndef STATION_CONF_H
#define STATION_CONF_H

#include <stdio.h>

#include "kconf.h"

/* kconf_load() with every module's check.  Returns 0, K_ERR_CONFIG or K_ERR_IO. */
int station_conf_load(const char *path, struct kconf *cfg, struct kconf_errors *errs);

/* The same from an open stream; `name` is used in messages and for paths. */
int station_conf_load_stream(FILE *f, const char *name, struct kconf *cfg,
			     struct kconf_errors *errs);

/* The checks, ended by a row whose check is NULL (for tests). */
extern const struct kconf_check station_conf_checks[];

#endif
