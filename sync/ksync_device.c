/*
 * ksync_device.c - the kiosk tells the station server how its printer and
 * its scanner are, so the supervisor sees "paper out" or "scanner unplugged"
 * within seconds (POST /devices/status).
 * States only, never a citizen's data; a failed report is simply made again
 * with the next one.
 */
#include "ksync_private.h"
#include "kdisk.h"
#include "kerr.h"

int ksync_report_device(struct ksync *k, const char *printer, const char *detail,
			const char *scanner)
{
	int pending = 0;
	int64_t oldest;
	long status = 0;
	json_t *reply = NULL;

	store_pending_count(k->store, &pending, NULL, &oldest);
	json_t *body = json_pack("{s:s, s:s, s:i, s:s}", "printer", printer, "detail",
				 detail ? detail : "", "pending", pending, "scanner",
				 scanner ? scanner : "none");
	int disk = kdisk_state(k->disk);
	if (body && disk != KDISK_UNKNOWN) /* the devices view warns of a filling disk */
		json_object_set_new(body, "disk", json_pack("{s:I, s:s}", "free_mb",
				    (json_int_t)atomic_load(&k->disk->free_mb), "state",
				    kdisk_state_name(disk)));
	/* short: it runs between a citizen's taps */
	int r = body ? sync_http_call(k->http, "POST", "/devices/status", body,
				      k->cfg->sync.issue_timeout, &status, &reply) : K_ERR_NOMEM;
	json_decref(body);
	json_decref(reply);
	if (r == K_OK && status != 200)
		r = K_ERR_PROTOCOL;
	return r;
}
