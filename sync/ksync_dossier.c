/*
 * ksync_dossier.c - a dossier look-up at the station server
 * (GET /api/v1/dossiers/lookup, docs/dossiers.md), read into a plain struct
 * so the screen and kioskctl never see JSON.
 *
 * A receipt code is personal enough to be treated like one: it is
 * normalised here and refused here when malformed (it never leaves the
 * kiosk then), sent only in the request line, and wiped from the buffers
 * this file made; nothing of it is logged (sync_http logs a path without
 * its query).  The kiosk keeps no copy of the list: with the server away
 * the answer is K_ERR_UNREACHABLE.
 */
#include "ksync_private.h"
#include "kerr.h"
#include "klog.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define COPY(dst, o, key) ks_jtext((dst), sizeof(dst), (o), (key))

static int read_answer(json_t *reply, struct ksync_dossier *out)
{
	if (!json_is_true(json_object_get(reply, "found")) || !ks_jstr(reply, "status")[0])
		return K_ERR_PROTOCOL;
	COPY(out->status, reply, "status");
	COPY(out->text_vi, reply, "text_vi");
	COPY(out->text_en, reply, "text_en");
	COPY(out->action_vi, reply, "action_vi");
	COPY(out->action_en, reply, "action_en");
	COPY(out->note, reply, "note");
	COPY(out->updated, reply, "updated");
	COPY(out->service, reply, "service"); /* null: "" */
	COPY(out->date, reply, "date");
	COPY(out->date_vi, reply, "date_vi"); /* absent: "" */
	COPY(out->date_en, reply, "date_en");
	if (out->date[0] && strlen(out->date) != 10)
		out->date[0] = '\0'; /* not a YYYY-MM-DD: left out rather than shown garbled */
	return K_OK;
}

int ksync_dossier_lookup(struct ksync *k, const char *code, int try_server,
			 struct ksync_dossier *out)
{
	char norm[KSYNC_DOSSIER_CODE], path[64 + KSYNC_DOSSIER_CODE];
	json_t *reply = NULL;
	long status = 0;
	int64_t away = 0;
	int r;

	memset(out, 0, sizeof(*out));
	r = dossier_code_norm(code, strlen(code), norm);
	if (r < 0)
		return r; /* malformed: the server is not asked */
	store_get_int(k->store, "away", &away);
	if (!try_server && away) {
		r = K_ERR_UNREACHABLE; /* the follower knows: the citizen does not wait */
		goto out;
	}
	snprintf(path, sizeof(path), "/dossiers/lookup?code=%s", norm);
	r = sync_http_call(k->http, "GET", path, NULL, ks_timeout_ms(k), &status, &reply);
	if (r < 0)
		goto out;
	const char *error = ks_jstr(reply, "error");
	if (status == 200)
		r = read_answer(reply, out);
	else if (status == 404 && !strcmp(error, "not_found") &&
		 json_is_string(json_object_get(reply, "updated"))) {
		COPY(out->updated, reply, "updated"); /* a server without look-ups has no list date */
		r = K_ERR_NOT_FOUND;
	}
	else if (status == 400)
		r = K_ERR_INVALID;
	else if (status == 503 && !strcmp(error, "no_list"))
		r = K_ERR_DISABLED;
	else if (status == 429) {
		json_t *after = json_object_get(reply, "retry_after");
		int daily = !strcmp(error, "daily_limit"); /* none until tomorrow */
		out->retry_after = json_is_integer(after) && json_integer_value(after) > 0 &&
				   json_integer_value(after) <= 86400 ?
				   (int)json_integer_value(after) : daily ? 86400 : 60;
		r = daily ? K_ERR_CAP : K_ERR_BUSY;
	} else if (status >= 500)
		r = K_ERR_UNREACHABLE; /* a server that cannot serve is as good as away */
	else
		r = K_ERR_PROTOCOL;
	if (r == K_ERR_PROTOCOL)
		klog(KLOG_WARN, "sync: a dossier look-up was answered %ld %s", status,
		     ks_jcode(reply, "error"));
out:
	json_decref(reply);
	sodium_memzero(norm, sizeof(norm));
	sodium_memzero(path, sizeof(path));
	return r;
}
