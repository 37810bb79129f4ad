/*
 * kdisk.h - the free space of the filesystem a database lives on.
 *
 * statvfs() is too costly to call before each ticket, so the programs call
 * kdisk_check() from their periodic places (the station server's upkeep
 * thread every minute, the kiosk's status refresh) and issuing only reads
 * the last state, an atomic int.  Below [queue] disk_warn_mb the journal
 * says so once (and once again when space is back) and staff see it on the
 * devices view; below [queue] disk_reserve_mb issuing is refused
 * (K_ERR_DISK_FULL) before sqlite itself runs out of room, so the reserve
 * stays for calling the people already waiting.
 */
#ifndef KDISK_H
#define KDISK_H

#include <stdatomic.h>
#include <stdint.h>

enum kdisk_state { KDISK_UNKNOWN, KDISK_OK, KDISK_LOW, KDISK_FULL };

struct kdisk {
	char path[256];            /* a file (or folder) on the watched filesystem */
	int64_t warn_mb, reserve_mb;
	_Atomic int64_t free_mb;   /* last measured; -1 = not yet or not measurable */
	_Atomic int state;         /* enum kdisk_state */
	/* Called by kdisk_poke() (any thread): "space was just used, measure
	 * soon"; NULL = nobody listens (the kiosk measures every few seconds). */
	void (*poke)(void *ctx);
	void *poke_ctx;
};

/* Watch the filesystem of path (a database file: its folder is measured
 * while the file does not exist yet). */
void kdisk_init(struct kdisk *d, const char *path, int warn_mb, int reserve_mb);

/* Measure now, log a change of state; returns the new enum kdisk_state. */
int kdisk_check(struct kdisk *d);

/* Measure only: free megabytes available to this user (-1: cannot tell). */
int64_t kdisk_free_mb(const char *path);

/* After a ticket was written or refused for space: tell the watcher. */
void kdisk_poke(const struct kdisk *d);

/* The last state (any thread); a NULL d is never full. */
int kdisk_state(const struct kdisk *d);

/* "ok", "low", "full", "unknown". */
const char *kdisk_state_name(int state);

#endif
