/*
 * ui_status.c - what the kiosk says of itself to the service manager
 * (`systemctl status kiosk` shows it): issuing or why not, the people
 * waiting, the printer, the station server.  Built from what the screen
 * already knows from the worker's last status, so it costs no query.
 */
#include "ui_private.h"
#include "kerr.h"

#include <stdio.h>

static const char *printer_word(int code)
{
	switch (code) {
	case K_OK:
		return "ok";
	case K_ERR_PAPER_OUT:
		return "paper out";
	case K_ERR_COVER_OPEN:
		return "cover open";
	case K_ERR_NODEV:
		return "unplugged";
	case K_ERR_OFFLINE:
	case K_ERR_TIMEOUT:
	case K_ERR_IO:
		return "offline";
	default:
		return kerr_name(code);
	}
}

void ui_status_line(const struct ui *u, char *buf, size_t len)
{
	char issuing[96];
	int64_t opens;
	int waiting = 0;

	for (int i = 0; u->have_status && i < u->status.nservices; i++)
		waiting += u->status.services[i].waiting;
	if (!u->d.worker)
		snprintf(issuing, sizeof(issuing), "not issuing: no worker (fonts or printer URI)");
	else if (u->issue_code < 0) /* the clock unset, the disk full */
		snprintf(issuing, sizeof(issuing), "not issuing: %s", kerr_text(u->issue_code));
	else if (u->queue_code < 0)
		snprintf(issuing, sizeof(issuing), "not issuing: %s", kerr_text(u->queue_code));
	else if (ui_all_closed(u, &opens))
		snprintf(issuing, sizeof(issuing), "closed");
	else
		snprintf(issuing, sizeof(issuing), "issuing");
	snprintf(buf, len, "%s; %d waiting; printer: %s%s%s", issuing, waiting,
		 worker_prints(u->d.worker) ? printer_word(u->printer_code) : "none",
		 u->d.cfg->sync.server[0] ? "; server: " : "",
		 u->d.cfg->sync.server[0] ? (u->online ? "ok" : "away") : "");
}
