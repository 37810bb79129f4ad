/*
 * conf_fragment.h - the settings a province hub may publish to its
 * stations (docs/hub.md), and kiosk.conf read with them laid over it.
 *
 * A fragment is INI text holding only the province's sections: the service
 * catalogue ([service.*]: names, letters, fees, words, hours), the dossier
 * statuses ([dossier.*]) and the holiday [calendar].  Everything else is
 * the station's own (its counters, printer, tokens, hub, database paths)
 * and is refused, by the hub when it publishes and by every loader.
 *
 * The overlay: when [hub] dir holds current.conf, kiosk.conf's own
 * province sections are set aside whole (turned into comments, so its line
 * numbers stay) and the fragment's are read after the station's lines.  A
 * station therefore runs the province's catalogue as published, with its
 * own counters; a counter naming a service the province dropped is an
 * error, as in any kiosk.conf, and the fragment is refused.
 */
#ifndef CONF_FRAGMENT_H
#define CONF_FRAGMENT_H

#include <stddef.h>
#include <stdio.h>

#include "kconf.h"

/* The fragment's file in [hub] dir, and the one before it. */
#define CONF_FRAGMENT_CURRENT "current.conf"
#define CONF_FRAGMENT_PREVIOUS "previous.conf"
/* The largest fragment taken. */
#define CONF_FRAGMENT_MAX (256 * 1024)

/* Is [section] one the province may publish?  1 or 0. */
int conf_fragment_section_ok(const char *section);

/*
 * Only province sections, no key before the first section, no NUL byte.
 * 0, or K_ERR_INVALID with why = "line N: ..." (the first problem).
 */
int conf_fragment_check(const char *text, size_t len, char *why, size_t wlen);

/*
 * path (a kiosk.conf) with fragment laid over it, checked with checks: as
 * kconf_load(), errors named "path" for the station's lines and "path +
 * fragment" past them.  fragment NULL = the file alone.
 */
int conf_fragment_load(const char *path, const char *fragment, size_t flen,
		       const struct kconf_check *checks, struct kconf *cfg,
		       struct kconf_errors *errs);

/* A file of at most CONF_FRAGMENT_MAX bytes, NUL-ended, to free().  NULL if
 * it is missing, unreadable or too large (errno says). */
char *conf_fragment_read(const char *path, size_t *len);

/* The version a fragment file records on its first line ("; version N"):
 * N, or 0 if none. */
int conf_fragment_version(const char *text);

#endif
