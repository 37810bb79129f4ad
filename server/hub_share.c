/*
 * hub_share.c - a dossier share from the hub (hub_fetch.h): verified, then
 * stored as the station's dossier list by the same swap as its own import
 * (server/dossiers.c), and its version recorded in [hub] dir.
 */
#include "hub_fetch.h"

#include "dossiers.h"
#include "kerr.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The text signed: the station's id, then the rows as the hub wrote them
 * (compact, keys sorted, ASCII: the same bytes from the same rows). */
static char *signed_text(const struct kconf *cfg, json_t *rows)
{
	char *j = json_dumps(rows, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	char *t = j ? malloc(strlen(cfg->station.id) + strlen(j) + 2) : NULL;
	if (t)
		sprintf(t, "%s\n%s", cfg->station.id, j);
	free(j);
	return t;
}

int hub_apply_dossiers(const struct kconf *cfg, struct dossiers *d, int version, json_t *rows,
		       const char *sig_b64, char *why, size_t wlen)
{
	struct dossier_report rep;
	struct dossier_hashed *hr = NULL;
	char head[48];
	size_t n = json_array_size(rows);
	int r = K_ERR_INVALID;

	if (version <= hub_fetch_dossiers_version(cfg)) /* an old share replayed: not taken */
		return 0;
	char *text = signed_text(cfg, rows);
	if (!text || !hub_signed(cfg, "kiosk-hub-dossiers", version, text, strlen(text), sig_b64)) {
		snprintf(why, wlen, "dossiers version %d from the hub are not signed by [hub] key: "
			 "not applied", version);
		goto out;
	}
	hr = calloc(n ? n : 1, sizeof(*hr));
	if (!hr) {
		r = K_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *h = NULL;
		size_t got = 0;
		hr[i].note = hr[i].date = "";
		if (json_unpack(json_array_get(rows, i), "{s:s, s:s, s?s, s?s}", "h", &h, "status",
				&hr[i].status, "note", &hr[i].note, "date", &hr[i].date) != 0 ||
		    sodium_hex2bin(hr[i].hash, 32, h, strlen(h), NULL, &got, NULL) != 0 ||
		    got != 32) {
			snprintf(why, wlen, "dossiers version %d from the hub: row %zu is malformed: "
				 "not applied", version, i + 1);
			goto out;
		}
	}
	r = dossiers_import_hashed(d, hr, (int)n, (int64_t)time(NULL), &rep);
	if (r < 0) {
		snprintf(why, wlen, "dossiers version %d from the hub not stored: %.160s", version,
			 rep.nerrors ? rep.errors[0].message : "?");
		goto out;
	}
	snprintf(head, sizeof(head), "; version %d\n", version);
	r = hub_dir_write(cfg, HUB_DOSSIERS_VERSION, head, "", 0);
	snprintf(why, wlen, "dossiers version %d from the hub stored: %zu dossiers", version, n);
	r = r < 0 ? r : 1;
out:
	free(hr);
	free(text);
	return r;
}
