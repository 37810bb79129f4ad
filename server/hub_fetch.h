/*
 * hub_fetch.h - what a station takes from the province hub (docs/hub.md):
 * configuration fragments and dossier shares, fetched by a kthread every
 * [hub] interval when [hub] url and [hub] key are set.
 *
 * A fragment is applied only if its Ed25519 signature verifies against
 * [hub] key and kiosk.conf with it laid over loads with no error (the
 * rules of kioskctl check, core/conf_fragment.h).  It is then written to
 * [hub] dir/current.conf (temp file, fsync, rename; the one before kept as
 * previous.conf) and the server restarts itself in place (SIGHUP: it stops
 * as on SIGTERM, then executes itself again with the same arguments, same
 * pid) to run it; kiosks read it at their next start.  Anything refused is
 * logged once per version, and the station keeps what it runs.  Dossier
 * shares are fetched the same way (GET /api/v1/dossiers?have=V) and
 * replace the dossier list at once, no restart.
 */
#ifndef HUB_FETCH_H
#define HUB_FETCH_H

#include <jansson.h>
#include <stddef.h>

#include "kconf.h"

struct hub_fetch;
struct dossiers;

/* The configuration version the station runs ([hub] dir/current.conf),
 * 0 = none from the hub. */
int hub_fetch_version(const struct kconf *cfg);

/* The dossier share's version the station holds, 0 = none. */
int hub_fetch_dossiers_version(const struct kconf *cfg);

/* Start fetching (nothing if [hub] url or key is empty: *out NULL).  K_OK
 * or K_ERR_NOMEM. */
int hub_fetch_start(struct hub_fetch **out, const struct kconf *cfg, struct dossiers *d);
void hub_fetch_stop(struct hub_fetch *f);

/*
 * A fragment the hub sent (hub_apply.c): 1 applied, 0 already run (or
 * held back by a rollback), K_ERR_INVALID (bad signature), K_ERR_CONFIG
 * (fails the check) or K_ERR_IO; why says it in a sentence for the log.
 */
int hub_apply_config(const struct kconf *cfg, int version, const char *fragment, size_t len,
		     const char *sig_b64, char *why, size_t wlen);

/* Does sig_b64 sign domain "\n" version "\n" body with [hub] key?  1 or 0. */
int hub_signed(const struct kconf *cfg, const char *domain, long long version,
	       const char *body, size_t len, const char *sig_b64);

/* [hub] dir/name = head + body, by temp file, fsync and rename (the folder
 * made if missing).  0 or K_ERR_IO. */
int hub_dir_write(const struct kconf *cfg, const char *name, const char *head,
		  const char *body, size_t len);
#define HUB_DOSSIERS_VERSION "dossiers.version"

/*
 * A dossier share the hub sent (hub_share.c): rows (a JSON array of {h,
 * status, note, date}) verified against [hub] key and stored as the
 * station's dossier list in one swap (dossiers_import_hashed()).  1 stored,
 * 0 already held, K_ERR_INVALID (bad signature or rows), other K_ERR_* (the
 * store); why for the log.
 */
int hub_apply_dossiers(const struct kconf *cfg, struct dossiers *d, int version, json_t *rows,
		       const char *sig_b64, char *why, size_t wlen);

/* station-server hub config | hub rollback: 0 or an exit status. */
int hub_fetch_main(const struct kconf *cfg, int argc, char **argv);

#endif
