/*
 * printer_uri.c - see printer_uri.h.
 */
#include "printer_uri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hex4(const char *s, int *out)
{
	char *end;
	if (strlen(s) < 4)
		return -1;
	char buf[5] = { s[0], s[1], s[2], s[3], 0 };
	long v = strtol(buf, &end, 16);
	if (*end)
		return -1;
	*out = (int)v;
	return 0;
}

int printer_uri_parse(const char *uri, struct printer_uri *u, char *why, unsigned len)
{
	memset(u, 0, sizeof(*u));
	u->vid = u->pid = -1;
	if (strcmp(uri, "none") == 0) {
		u->kind = PRINTER_NONE;
		return 0;
	}
	if (strncmp(uri, "usb:", 4) == 0) {
		const char *id = uri + 4;
		u->kind = PRINTER_USB;
		if (!*id)
			return 0;
		if (strlen(id) != 9 || id[4] != ':' || hex4(id, &u->vid) < 0 ||
		    hex4(id + 5, &u->pid) < 0) {
			snprintf(why, len, "'%s': a USB printer is usb: or usb:VVVV:PPPP "
				 "(hex vendor and product id, e.g. usb:04b8:0e15)", uri);
			return -1;
		}
		return 0;
	}
	if (strncmp(uri, "tcp:", 4) == 0) {
		const char *h = uri + 4, *colon = strrchr(h, ':');
		size_t hl = colon ? (size_t)(colon - h) : strlen(h);
		u->kind = PRINTER_TCP;
		u->port = 9100;
		if (colon) {
			char *end;
			long port = strtol(colon + 1, &end, 10);
			if (*end || port < 1 || port > 65535 || colon[1] == '\0') {
				snprintf(why, len, "'%s': the port must be 1 to 65535", uri);
				return -1;
			}
			u->port = (int)port;
		}
		if (hl == 0 || hl >= sizeof(u->host) || memchr(h, ' ', hl)) {
			snprintf(why, len, "'%s': a network printer is tcp:HOST[:PORT]", uri);
			return -1;
		}
		memcpy(u->host, h, hl);
		u->host[hl] = '\0';
		return 0;
	}
	if (strncmp(uri, "lp:", 3) == 0 || strncmp(uri, "sim:", 4) == 0) {
		const char *p = strchr(uri, ':') + 1;
		u->kind = uri[0] == 'l' ? PRINTER_LP : PRINTER_SIM;
		if (!*p || strlen(p) >= sizeof(u->path) || (u->kind == PRINTER_LP && p[0] != '/')) {
			snprintf(why, len, "'%s': needs a %s", uri,
				 u->kind == PRINTER_LP ? "device path such as lp:/dev/usb/lp0" :
							 "folder such as sim:/tmp/slips");
			return -1;
		}
		snprintf(u->path, sizeof(u->path), "%s", p);
		return 0;
	}
	snprintf(why, len, "'%s' is not a printer: use usb:, tcp:HOST, lp:/dev/usb/lp0, "
		 "sim:DIR or none", uri);
	return -1;
}
