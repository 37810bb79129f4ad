/*
 * snapshot.h - GET /api/v1/queue kept written in memory: the JSON text and
 * its ETag, made again only when what it shows may have changed.
 *
 * It reads on a connection of its own (WAL: never waiting on the writers,
 * never taking the API's lock) and asks that connection at every request
 * whether anything was committed to the database since (PRAGMA
 * data_version: by this process or any other, a kiosk or kioskctl on the
 * same file).  The rest of what the text depends on is time: the day
 * ([queue] day_starts) and, while anyone waits, the second
 * (longest_wait_s).  kiosk.conf is read once, at start.  The ETag is a hash
 * of the text itself, so two texts never share a tag.
 */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "queue.h"

/* One text as it was written: shared, never changed, freed by its last
 * snap_text_put(). */
struct snap_text {
	int refs;           /* atomic */
	char etag[48];      /* quoted: "<day>-<change>-<hash>" */
	size_t len;
	char text[];        /* NUL-terminated */
};
/* One more holder / one fewer (the last frees it); put takes a void * so
 * it is a reply's text_done. */
void snap_text_get(struct snap_text *t);
void snap_text_put(void *t);

/*
 * Write the text of view at now: NULL (out of memory) or malloc'ed text;
 * *timed = 1 when it depends on the second of now (not only on the view).
 */
typedef char *(*snapshot_write_fn)(void *ctx, const struct queue_view *view, int64_t now,
				   int *timed);

struct snapshot;
/* path: the queue database (opened for reading at the first use).  cfg and
 * clock outlive it.  K_OK or K_ERR_NOMEM. */
int snapshot_new(struct snapshot **out, const char *path, const struct kconf *cfg,
		 const struct kclock *clock, snapshot_write_fn write, void *ctx);
void snapshot_free(struct snapshot *s);

/* The text as of now (a new one written if needed), held for the caller:
 * give it back with snap_text_put().  K_OK or a K_ERR_*. */
int snapshot_get(struct snapshot *s, struct snap_text **out);

#endif
