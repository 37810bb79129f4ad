/*
 * scan_reader.c - the scanner's thread (serial, evdev or hid): codes become
 * SDL events; whether the scanner is plugged in is kept for the worker's
 * device report (scan_reader_state()).  An unplugged scanner is opened again
 * by scanner_read() itself, which waits for its next try rather than spin.
 * A thread of the kit (core/kthread.h): stopped between two reads (200 ms).
 */
#include "scan_reader.h"
#include "kerr.h"
#include "klog.h"
#include "kthread.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>

struct scan_reader {
	struct scanner *scanner;
	Uint32 event_type;
	struct kthread *thread;    /* each read is a beat of its liveness */
	atomic_int present;        /* scanner_present() after the last read */
};

static void run(struct kthread *t, void *arg)
{
	struct scan_reader *r = arg;
	char buf[SCANNER_MAX + 1];
	size_t len;

	while (!kthread_stopping(t)) {
		/* a read takes 200 ms, or an unplugged scanner's next try (at most 4 s) */
		kthread_busy(t, "reading the scanner", 10000);
		int rc = scanner_read(r->scanner, buf, &len, 200);
		atomic_store(&r->present, scanner_present(r->scanner));
		if (rc < 0) /* nothing yet, or unplugged: opened again once back */
			continue;
		struct scan_event *e = calloc(1, sizeof(*e));
		SDL_Event ev;
		SDL_zero(ev);
		if (e) {
			memcpy(e->code, buf, len + 1);
			e->len = len;
			ev.type = r->event_type;
			ev.user.data1 = e;
			if (SDL_PushEvent(&ev) <= 0) {
				sodium_memzero(e, sizeof(*e));
				free(e);
			}
		}
		sodium_memzero(buf, sizeof(buf));
	}
}

int scan_reader_start(struct scan_reader **out, const struct kconf *cfg, Uint32 event_type)
{
	*out = NULL;
	static const char *const names[] = { [KCONF_SCANNER_SERIAL] = "serial",
					     [KCONF_SCANNER_HID] = "hid",
					     [KCONF_SCANNER_EVDEV] = "evdev" };
	if (cfg->scanner.mode <= KCONF_SCANNER_WEDGE || cfg->scanner.mode > KCONF_SCANNER_EVDEV)
		return K_OK; /* none, or typed into the window */
	struct scan_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return K_ERR_NOMEM;
	r->event_type = event_type;
	int rc = scanner_open(&r->scanner, names[cfg->scanner.mode], cfg->scanner.device);
	if (rc == K_OK) {
		atomic_store(&r->present, scanner_present(r->scanner));
		rc = kthread_start(&r->thread, "scanner", KTHREAD_TICK_MS, run, r);
	}
	if (rc < 0) {
		scan_reader_stop(r);
		return rc;
	}
	*out = r;
	return K_OK;
}

const char *scan_reader_state(struct scan_reader *r)
{
	if (!r)
		return "none";
	return atomic_load(&r->present) ? "ok" : "unplugged";
}

void scan_reader_stop(struct scan_reader *r)
{
	if (!r)
		return;
	kthread_stop(r->thread);
	scanner_close(r->scanner);
	free(r);
}
