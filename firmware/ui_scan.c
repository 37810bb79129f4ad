/*
 * ui_scan.c - the one entry point every scanner driver delivers to (the
 * keyboard wedge's scans come from ui_input.c, which sorts its keys from a
 * person's).  A receipt code scanned from an appointment slip goes to the
 * dossier look-up (screen_lookup_scan()), anything else to check-in as a
 * booking, whose answer is screen_booking.c's.
 */
#include "screen.h"
#include "klog.h"

int ui_scan(struct ui *u, const char *code, size_t len)
{
	u->last_input = u->ticks();
	if (screen_current(u)->flags & SCREEN_STAFF)
		return 0; /* the technician's screens take no scans */
	int redraw;
	if (screen_lookup_scan(u, code, len, &redraw))
		return redraw; /* an appointment slip's receipt code */
	if (!u->d.worker || u->waiting_issue) {
		klog(KLOG_WARN, "ui: a scan came while %s", u->d.worker ? "busy" : "without a worker");
		return 0;
	}
	if (worker_checkin(u->d.worker, code, len) < 0)
		return 0;
	u->waiting_issue = 1;
	return 0;
}
