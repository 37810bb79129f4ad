/*
 * kerr.c - names and technician-facing descriptions of the error codes.
 */
#include "kerr.h"

static const struct {
	int code;
	const char *name;
	const char *text;
} errs[] = {
	{ K_OK, "OK", "success" },
	{ K_ERR_NOMEM, "NOMEM", "out of memory" },
	{ K_ERR_IO, "IO", "input/output error" },
	{ K_ERR_DB, "DB", "database error" },
	{ K_ERR_INVALID, "INVALID", "invalid argument" },
	{ K_ERR_NOT_FOUND, "NOT_FOUND", "not found" },
	{ K_ERR_CLOSED, "CLOSED", "the service is closed at this time" },
	{ K_ERR_CAP, "CAP_REACHED", "the daily cap of the service is reached" },
	{ K_ERR_DISABLED, "DISABLED", "the service is disabled" },
	{ K_ERR_EMPTY, "EMPTY", "nobody is waiting" },
	{ K_ERR_BUSY, "BUSY", "the database is busy" },
	{ K_ERR_CLOCK, "CLOCK_UNSET", "the clock is not set" },
	{ K_ERR_STATE, "STATE", "no ticket in a fitting state at this counter" },
	{ K_ERR_CONFIG, "CONFIG", "invalid configuration" },
	{ K_ERR_VERSION, "VERSION", "the database was written by a newer program" },
	{ K_ERR_DUPLICATE, "DUPLICATE", "already checked in" },
	{ K_ERR_TIMEOUT, "TIMEOUT", "the device did not answer in time" },
	{ K_ERR_NODEV, "NODEV", "the device is not there (unplugged or wrong address)" },
	{ K_ERR_PAPER_OUT, "PAPER_OUT", "paper out" },
	{ K_ERR_COVER_OPEN, "COVER_OPEN", "cover open" },
	{ K_ERR_OFFLINE, "OFFLINE", "printer offline" },
	{ K_ERR_PRINTER, "PRINTER_ERROR", "the printer reports an error" },
	{ K_ERR_DISABLED_DEV, "NO_PRINTER", "printing is disabled (printer uri = none)" },
	{ K_ERR_UNREACHABLE, "UNREACHABLE", "the station server did not answer" },
	{ K_ERR_PROTOCOL, "PROTOCOL", "the station server answered something unexpected" },
	{ K_ERR_AUTH, "AUTH", "the station server refused this kiosk's token" },
	{ K_ERR_DISK_FULL, "DISK_FULL",
	  "the database's disk is full (under [queue] disk_reserve_mb): not issuing" },
	{ K_ERR_EXHAUSTED, "NO_OFFLINE_NUMBER",
	  "offline, and no leased or band number is left for the service" },
	{ K_ERR_LIMIT, "LIMIT",
	  "the caller already holds as many unused numbers as it may" },
	{ K_ERR_TAKEN, "NUMBER_TAKEN", "another ticket holds that number" },
	{ K_ERR_EXPIRED, "EXPIRED", "too late: the time to do it has passed" },
};

static int find(int err)
{
	for (unsigned i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (errs[i].code == err)
			return (int)i;
	return -1;
}

const char *kerr_name(int err)
{
	int i = find(err);
	return i < 0 ? "UNKNOWN" : errs[i].name;
}

const char *kerr_text(int err)
{
	int i = find(err);
	return i < 0 ? "unknown error" : errs[i].text;
}
