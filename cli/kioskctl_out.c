/*
 * kioskctl_out.c - how every kioskctl command answers: one result line or
 * one JSON object on stdout, an error on stderr (or as JSON), and the exit
 * code that goes with the project's error codes.  The command files and
 * kioskctl.c call it; it calls none of them.
 */
#include "kioskctl.h"
#include "kerr.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>

int ctl_fail(struct ctl *c, int r, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	int code;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	switch (r) {
	case K_ERR_EMPTY: code = CTL_EMPTY; break;
	case K_ERR_CLOSED: case K_ERR_CAP: case K_ERR_DISABLED: case K_ERR_CLOCK:
	case K_ERR_STATE: case K_ERR_DUPLICATE:
		code = CTL_REFUSED; break;
	case K_ERR_INVALID: case K_ERR_NOT_FOUND: case K_ERR_CONFIG:
		code = CTL_USAGE; break;
	case K_ERR_TIMEOUT: case K_ERR_NODEV: case K_ERR_PAPER_OUT: case K_ERR_COVER_OPEN:
	case K_ERR_OFFLINE: case K_ERR_PRINTER: case K_ERR_DISABLED_DEV:
		code = CTL_NOT_PRINTED; break;
	default: code = CTL_FAIL; break;
	}
	if (c->json) {
		ctl_print_json(json_pack("{s:b, s:s, s:s}", "ok", 0, "error", kerr_name(r),
					 "message", msg));
	} else {
		fprintf(stderr, "kioskctl: %s\n", msg);
	}
	return code;
}

void ctl_print_json(json_t *o)
{
	if (!o)
		return;
	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
}
