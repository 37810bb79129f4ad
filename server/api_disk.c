/*
 * api_disk.c - free disk space on the staff devices view: the server's own
 * (measured by its upkeep thread, server/maint.c) and each kiosk's, as the
 * kiosk reports it with its printer (POST /devices/status {"disk":
 * {"free_mb", "state"}}).  A kiosk's disk is kept in memory only: a
 * restarted server hears it again within a minute.
 */
#include "api.h"
#include "kdisk.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define NDISKS ((int)(sizeof(((struct api *)0)->kiosk_disks) / \
		      sizeof(((struct api *)0)->kiosk_disks[0])))

static int state_ok(const char *s)
{
	return !strcmp(s, "ok") || !strcmp(s, "low") || !strcmp(s, "full") ||
	       !strcmp(s, "unknown");
}

void api_disk_report(struct api *a, const char *kiosk, json_t *body)
{
	json_t *disk = json_object_get(body, "disk");
	json_t *mb = json_object_get(disk, "free_mb"), *state = json_object_get(disk, "state");
	int i;

	if (!json_is_integer(mb) || !json_is_string(state) || !state_ok(json_string_value(state)))
		return; /* an older kiosk, or nothing measured: nothing shown */
	for (i = 0; i < a->nkiosk_disks && strcmp(a->kiosk_disks[i].name, kiosk); i++)
		;
	if (i == NDISKS)
		return;
	if (i == a->nkiosk_disks)
		a->nkiosk_disks++;
	snprintf(a->kiosk_disks[i].name, sizeof(a->kiosk_disks[i].name), "%s", kiosk);
	a->kiosk_disks[i].free_mb = (long long)json_integer_value(mb);
	snprintf(a->kiosk_disks[i].state, sizeof(a->kiosk_disks[i].state), "%s",
		 json_string_value(state));
}

void api_disk_annotate(struct api *a, json_t *devices)
{
	size_t k;
	json_t *d;

	pthread_mutex_lock(&a->lock);
	json_array_foreach(devices, k, d) {
		const char *name = json_string_value(json_object_get(d, "name"));
		for (int i = 0; name && i < a->nkiosk_disks; i++)
			if (!strcmp(a->kiosk_disks[i].name, name))
				json_object_set_new(d, "disk", json_pack("{s:I, s:s}", "free_mb",
					(json_int_t)a->kiosk_disks[i].free_mb, "state",
					a->kiosk_disks[i].state));
	}
	pthread_mutex_unlock(&a->lock);
}

json_t *api_disk_server(struct api *a)
{
	int state = kdisk_state(a->disk);
	if (!a->disk)
		return json_object();
	return json_pack("{s:{s:I, s:s}}", "disk", "free_mb",
			 (json_int_t)atomic_load(&a->disk->free_mb), "state", kdisk_state_name(state));
}
