/*
 * kdisk.c - free space of a database's filesystem, with two thresholds and
 * one journal line per change (see kdisk.h).
 */
#include "kdisk.h"
#include "klog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>

void kdisk_init(struct kdisk *d, const char *path, int warn_mb, int reserve_mb)
{
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->warn_mb = warn_mb;
	d->reserve_mb = reserve_mb;
	atomic_store(&d->free_mb, -1);
	atomic_store(&d->state, KDISK_UNKNOWN);
	d->poke = NULL;
	d->poke_ctx = NULL;
}

void kdisk_poke(const struct kdisk *d)
{
	if (d && d->poke)
		d->poke(d->poke_ctx);
}

int64_t kdisk_free_mb(const char *path)
{
	struct statvfs sv;
	char dir[256];

	if (statvfs(path, &sv) != 0) {
		/* a database not made yet: its folder */
		const char *slash = strrchr(path, '/');
		int n = slash ? (int)(slash - path) : 0;
		snprintf(dir, sizeof(dir), "%.*s", n ? n : 1, n ? path : (slash ? "/" : "."));
		if (statvfs(dir, &sv) != 0)
			return -1;
	}
	return (int64_t)((unsigned long long)sv.f_bavail * sv.f_frsize / (1024 * 1024));
}

int kdisk_check(struct kdisk *d)
{
	int64_t mb = kdisk_free_mb(d->path);
	int before = atomic_load(&d->state), now;

	if (mb < 0) {
		if (before != KDISK_UNKNOWN)
			klog(KLOG_WARN, "disk: cannot measure the free space of %s: %s", d->path,
			     strerror(errno));
		now = KDISK_UNKNOWN; /* not measurable is not full: issuing goes on */
	} else {
		now = mb < d->reserve_mb ? KDISK_FULL : mb < d->warn_mb ? KDISK_LOW : KDISK_OK;
	}
	atomic_store(&d->free_mb, mb);
	atomic_store(&d->state, now);
	if (now == before || now == KDISK_UNKNOWN)
		return now;
	if (now == KDISK_FULL)
		klog(KLOG_ERR, "disk: %lld MB free for %s, under disk_reserve_mb = %lld: "
		     "not issuing numbers until space is freed", (long long)mb, d->path,
		     (long long)d->reserve_mb);
	else if (now == KDISK_LOW)
		klog(KLOG_WARN, "disk: %lld MB free for %s, under disk_warn_mb = %lld%s",
		     (long long)mb, d->path, (long long)d->warn_mb,
		     before == KDISK_FULL ? ": issuing again" : "");
	else if (before != KDISK_UNKNOWN)
		klog(KLOG_INFO, "disk: %lld MB free for %s again%s", (long long)mb, d->path,
		     before == KDISK_FULL ? ": issuing again" : "");
	return now;
}

int kdisk_state(const struct kdisk *d)
{
	return d ? atomic_load(&d->state) : KDISK_UNKNOWN;
}

const char *kdisk_state_name(int state)
{
	static const char *const names[] = { "unknown", "ok", "low", "full" };
	return state >= 0 && state <= KDISK_FULL ? names[state] : "unknown";
}
