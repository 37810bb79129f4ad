/*
 * kconf_table.c - every key of kiosk.conf, and how a value becomes a field.
 *
 * Adding a setting means adding one row here, one field in kconf.h and its
 * documented line in kiosk.conf; tests/test_conf.c checks that the shipped
 * kiosk.conf mentions every row.
 */
#include "kconf_table.h"
#include "kconf.h"
#include "kclock.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define G(field) offsetof(struct kconf, field), sizeof(((struct kconf *)0)->field)
#define S(field) offsetof(struct kconf_service, field), \
		 sizeof(((struct kconf_service *)0)->field)
#define C(field) offsetof(struct kconf_counter, field), \
		 sizeof(((struct kconf_counter *)0)->field)
#define D(field) offsetof(struct kconf_status, field), \
		 sizeof(((struct kconf_status *)0)->field)

const struct kconf_item kconf_items[] = {
	/* [station] */
	{ "station", "id", KT_ID, G(station.id), 1, 16, NULL, NULL,
	  "Station id, [0-9A-Z-], as in booking QR codes (e.g. DIAN-PC06)." },
	{ "station", "name_vi", KT_STR, G(station.name_vi), 1, KCONF_NAME - 1, NULL, NULL,
	  "Unit name in Vietnamese, shown on the screen and printed on slips." },
	{ "station", "name_en", KT_STR, G(station.name_en), 0, KCONF_NAME - 1, NULL, "",
	  "Unit name in English; empty = show the Vietnamese name." },
	{ "station", "parent_vi", KT_STR, G(station.parent_vi), 0, KCONF_NAME - 1, NULL, "",
	  "The unit above it, in Vietnamese, printed above the unit name on slips; "
	  "empty = no such line." },
	{ "station", "parent_en", KT_STR, G(station.parent_en), 0, KCONF_NAME - 1, NULL, "",
	  "The same in English (slips with [printer] english = yes)." },
	{ "station", "hotline", KT_STR, G(station.hotline), 0, 31, NULL, "",
	  "Hotline shown on the kiosk; empty = none." },
	{ "station", "help_vi", KT_STR, G(station.help_vi), 0, KCONF_NAME - 1, NULL, "",
	  "Where a citizen asks for help, in Vietnamese, for the kiosk's \"ask ...\" texts; "
	  "empty = the translation file's own (a staff member)." },
	{ "station", "help_en", KT_STR, G(station.help_en), 0, KCONF_NAME - 1, NULL, "",
	  "The same in English." },

	/* [queue] */
	{ "queue", "database", KT_PATH, G(queue.database), 1, KCONF_PATH - 1, NULL,
	  "/var/lib/kiosk/queue.db", "The queue's sqlite file." },
	{ "queue", "policy", KT_ENUM, G(queue.policy), 0, 0, "strict|interleave|weighted",
	  "interleave", "How priority tickets go ahead: strict = always first; "
	  "interleave = at most priority_burst in a row while others wait; "
	  "weighted = by minutes waited plus priority_bonus." },
	{ "queue", "priority_burst", KT_INT, G(queue.priority_burst), 1, 20, NULL, "2",
	  "interleave: priority calls in a row before one other ticket is called." },
	{ "queue", "priority_bonus", KT_INT, G(queue.priority_bonus), 0, 240, NULL, "20",
	  "weighted: minutes of waiting a priority ticket is credited with." },
	{ "queue", "max_wait", KT_INT, G(queue.max_wait), 5, 480, NULL, "60",
	  "Minutes after which a waiting ticket is called before any other, "
	  "whatever the policy: no ticket starves." },
	{ "queue", "day_starts", KT_TIME, G(queue.day_starts), 0, 0, NULL, "00:00",
	  "Local time (UTC+07:00) at which numbering restarts; tickets still "
	  "waiting then are closed as expired." },
	{ "queue", "noshow", KT_ENUM, G(queue.noshow), 0, 0, "requeue|drop", "requeue",
	  "A ticket marked no-show: requeue = back at the end of the queue once, "
	  "gone the second time; drop = gone at once." },
	{ "queue", "sync", KT_ENUM, G(queue.sync_mode), 0, 0, "full|normal", "full",
	  "full = every issued ticket is on disk before it is printed (power cuts); "
	  "normal = faster, survives crashes but may lose the last tickets on power loss." },
	{ "queue", "busy_timeout_ms", KT_INT, G(queue.busy_timeout_ms), 100, 60000, NULL,
	  "5000", "How long to wait for another process holding the database." },
	{ "queue", "keep_days", KT_INT, G(queue.keep_days), 1, 3650, NULL, "90",
	  "Days of queue history kept before it is purged." },
	{ "queue", "disk_warn_mb", KT_INT, G(queue.disk_warn_mb), 1, 1000000, NULL, "200",
	  "Free MB on the database's disk under which the journal and the staff "
	  "devices view warn." },
	{ "queue", "disk_reserve_mb", KT_INT, G(queue.disk_reserve_mb), 1, 1000000, NULL, "20",
	  "Free MB on the database's disk under which no number is issued." },
	{ "queue", "min_samples", KT_INT, G(queue.min_samples), 1, 20, NULL, "3",
	  "Finished tickets today before the observed service time replaces avg_minutes." },

	/* [kiosk] */
	{ "kiosk", "mode", KT_ENUM, G(kiosk.mode), 0, 0, "kiosk|board", "kiosk",
	  "kiosk = the touchscreen that issues tickets; board = the lobby board "
	  "(last calls, waiting counts, the voice), as `kiosk --board`." },
	{ "kiosk", "language", KT_ENUM, G(kiosk.language), 0, 0, "vi|en", "vi",
	  "Language the kiosk shows after start and after idle." },
	{ "kiosk", "english", KT_BOOL, G(kiosk.english), 0, 0, NULL, "yes",
	  "Offer English beside Vietnamese." },
	{ "kiosk", "width", KT_INT, G(kiosk.width), 320, 7680, NULL, "1080",
	  "Window width in pixels when not fullscreen." },
	{ "kiosk", "height", KT_INT, G(kiosk.height), 240, 7680, NULL, "1920",
	  "Window height in pixels when not fullscreen." },
	{ "kiosk", "fullscreen", KT_BOOL, G(kiosk.fullscreen), 0, 0, NULL, "no",
	  "Use the whole display (on the board)." },
	{ "kiosk", "rotate", KT_ENUM, G(kiosk.rotate), 0, 0, "0|90|180|270", "0",
	  "Degrees the picture is turned clockwise on the panel (KMS has no xrandr): "
	  "width x height stay what the citizen sees; touches are turned back." },
	{ "kiosk", "idle_seconds", KT_INT, G(kiosk.idle_seconds), 5, 3600, NULL, "45",
	  "Seconds without input before the kiosk returns to its home screen." },
	{ "kiosk", "attract_seconds", KT_INT, G(kiosk.attract_seconds), 10, 86400, NULL, "300",
	  "Seconds without input before the calm attract screen." },
	{ "kiosk", "pin", KT_PIN, G(kiosk.pin), 0, 8, NULL, "",
	  "Maintenance PIN, 4 to 8 digits; empty = no maintenance screen." },
	{ "kiosk", "pin_tries", KT_INT, G(kiosk.pin_tries), 1, 10, NULL, "3",
	  "Wrong PINs in a row before the maintenance screen locks." },
	{ "kiosk", "pin_lock_seconds", KT_INT, G(kiosk.pin_lock_seconds), 10, 86400, NULL, "300",
	  "How long it stays locked." },
	{ "kiosk", "oa_url", KT_STR, G(kiosk.oa_url), 0, KCONF_PATH - 1, NULL, "",
	  "Address of the station's Zalo Official Account, shown as a QR code at home; "
	  "empty = none." },
	{ "kiosk", "font", KT_PATH, G(kiosk.font), 1, KCONF_PATH - 1, NULL,
	  "fonts/DejaVuSans.ttf", "Regular font; must cover Vietnamese." },
	{ "kiosk", "font_bold", KT_PATH, G(kiosk.font_bold), 1, KCONF_PATH - 1, NULL,
	  "fonts/DejaVuSans-Bold.ttf", "Bold font; must cover Vietnamese." },
	{ "kiosk", "translations", KT_PATH, G(kiosk.translations), 1, KCONF_PATH - 1,
	  NULL, "assets/i18n", "Folder of the translation files vi.ini and en.ini." },

	/* [printer] */
	{ "printer", "uri", KT_STR, G(printer.uri), 1, KCONF_PATH - 1, NULL, "none",
	  "usb:[VID:PID], tcp:HOST[:PORT], lp:/dev/usb/lp0, sim:DIR or none." },
	{ "printer", "paper_width", KT_INT, G(printer.paper_width), 200, 832, NULL, "576",
	  "Printable width in dots: 576 for 80 mm paper, 384 for 58 mm." },
	{ "printer", "english", KT_BOOL, G(printer.english), 0, 0, NULL, "no",
	  "Print English lines under the Vietnamese ones (longer slips)." },
	{ "printer", "qr_url", KT_STR, G(printer.qr_url), 0, KCONF_PATH - 1, NULL, "",
	  "URL in the slip's QR code; {number} {id} {station} {service} {day} are "
	  "filled in; empty = no QR." },
	{ "printer", "qr_size_mm", KT_INT, G(printer.qr_size_mm), 10, 50, NULL, "22",
	  "Width of the QR code on paper, quiet zone included." },
	{ "printer", "band_rows", KT_INT, G(printer.band_rows), 8, 255, NULL, "64",
	  "Rows of the image sent per raster command (GS v 0); small printers need less." },
	{ "printer", "pace_ms", KT_INT, G(printer.pace_ms), 0, 500, NULL, "0",
	  "Pause between raster bands, for printers with a small buffer." },
	{ "printer", "cut", KT_ENUM, G(printer.cut), 0, 0, "partial|full|none", "partial",
	  "How the slip is cut after printing." },
	{ "printer", "feed_lines", KT_INT, G(printer.feed_lines), 0, 10, NULL, "3",
	  "Lines fed before the cut, so the cutter clears the last line." },
	{ "printer", "buzzer", KT_BOOL, G(printer.buzzer), 0, 0, NULL, "no",
	  "Sound the printer's buzzer after a slip (models that have one)." },
	{ "printer", "speed_mm_s", KT_INT, G(printer.speed_mm_s), 20, 400, NULL, "100",
	  "Print speed, to size the write timeout of a job." },
	{ "printer", "status", KT_BOOL, G(printer.status), 0, 0, NULL, "yes",
	  "The printer answers status queries (DLE EOT); no = print blind." },
	{ "printer", "status_timeout_ms", KT_INT, G(printer.status_timeout_ms), 100, 5000, NULL,
	  "800", "How long to wait for a status answer." },

	/* [scanner] */
	{ "scanner", "mode", KT_ENUM, G(scanner.mode), 0, 0, "none|wedge|serial|hid|evdev",
	  "wedge", "How the QR scanner is attached: wedge = types like a keyboard." },
	{ "scanner", "device", KT_STR, G(scanner.device), 0, KCONF_PATH - 1, NULL, "",
	  "serial, hid, evdev: the device file, e.g. /dev/ttyACM0, /dev/hidraw0." },

	/* [sync] */
	{ "sync", "server", KT_STR, G(sync.server), 0, KCONF_PATH - 1, NULL, "",
	  "Station server URL, e.g. http://127.0.0.1:8080; empty = this kiosk works alone." },
	{ "sync", "name", KT_STR, G(sync.name), 0, 16, NULL, "",
	  "This kiosk's name at the server: its [server] kiosk.<NAME>." },
	{ "sync", "token", KT_STR, G(sync.token), 0, 64, NULL, "",
	  "This kiosk's bearer token: the value of [server] kiosk.<NAME>." },
	{ "sync", "outbox", KT_PATH, G(sync.outbox), 1, KCONF_PATH - 1, NULL,
	  "/var/lib/kiosk/outbox.db",
	  "The kiosk's own record (sqlite) of what it issued; offline tickets wait here." },
	{ "sync", "cafile", KT_PATH, G(sync.cafile), 0, KCONF_PATH - 1, NULL, "",
	  "https: the station's certificate (PEM) to trust; empty = the system's CAs." },
	{ "sync", "issue_timeout", KT_INT, G(sync.issue_timeout), 200, 10000, NULL, "1500",
	  "Milliseconds to wait for the server to issue a ticket before issuing offline." },
	{ "sync", "timeout", KT_INT, G(sync.timeout), 1, 120, NULL, "5",
	  "Seconds before any other request to the station server is given up." },
	{ "sync", "interval", KT_INT, G(sync.interval), 1, 3600, NULL, "30",
	  "Longest pause, in seconds, between tries to reach an absent server." },
	{ "sync", "lease", KT_INT, G(sync.lease), 0, 100, NULL, "3",
	  "Numbers per service held in reserve from the server for offline use; 0 = none." },
	{ "sync", "band", KT_RANGE, G(sync.band), 1, 99999, NULL, "",
	  "FIRST-LAST: this kiosk's own numbers for when offline with no lease left." },

	/* [server] */
	{ "server", "listen", KT_STR, G(server.listen), 3, 63, NULL, "127.0.0.1:8080",
	  "Where the station server listens, HOST:PORT (port 0: any free port)." },
	{ "server", "max_body", KT_INT, G(server.max_body), 256, 1048576, NULL, "16384",
	  "Largest request body accepted, in bytes; larger ones get 413." },
	{ "server", "request_timeout", KT_INT, G(server.request_timeout), 1, 300, NULL, "10",
	  "Seconds a client has to send a whole request, from its first line to its last byte "
	  "(and to start one on an open connection); then it is cut off." },
	{ "server", "per_address", KT_INT, G(server.per_address), 4, 256, NULL, "32",
	  "Connections one address may hold open (the station itself, 127.0.0.1, any); raise "
	  "it if many phones share one address behind a guest Wi-Fi's NAT." },
	{ "server", "cert", KT_PATH, G(server.cert), 0, KCONF_PATH - 1, NULL, "",
	  "TLS certificate (PEM) for HTTPS; empty = plain HTTP (keep it on loopback)." },
	{ "server", "key", KT_PATH, G(server.key), 0, KCONF_PATH - 1, NULL, "",
	  "The certificate's private key (PEM), readable by the server only." },
	{ "server", "staff_idle", KT_INT, G(server.staff_idle), 60, 86400, NULL, "1800",
	  "Seconds without an action after which a staff login ends (the console asks again)." },
	{ "server", "audit_days", KT_INT, G(server.audit_days), 30, 3650, NULL, "365",
	  "Days the staff audit (who did what, by name) is kept; older rows are purged daily." },
	{ "server", "www", KT_PATH, G(server.www), 1, KCONF_PATH - 1, NULL, "www",
	  "Folder of the staff console and lobby board pages (/staff, /board, /static/)." },
	{ "server", "lease_unused", KT_INT, G(server.lease_unused), 1, 1000, NULL, "30",
	  "Leased numbers one kiosk may hold unused per service and day; more gets 409." },
	{ "server", "lease_rate", KT_INT, G(server.lease_rate), 1, 6000, NULL, "60",
	  "Leases one kiosk token may take per minute; more gets 429." },
	{ "server", "kiosk.*", KT_TOKEN, 0, 0, 20, 64, NULL, "",
	  "kiosk.<NAME> = token of one kiosk: issue tickets, read the queue." },
	{ "server", "staff.*", KT_TOKEN, 0, 0, 20, 64, NULL, "",
	  "staff.<NAME> = token of a staff tool: everything a kiosk may, and counters." },
	{ "server", "booking.*", KT_TOKEN, 0, 0, 20, 64, NULL, "",
	  "booking.<NAME> = token of a booking backend (the Zalo Mini App's server)." },
	{ "server", "band.*", KT_RANGE, 0, 0, 1, 99999, NULL, "",
	  "band.<NAME> = FIRST-LAST: kiosk NAME's offline numbers (its [sync] band)." },

	/* [booking] */
	{ "booking", "early", KT_INT, G(booking.early), 0, 480, NULL, "30",
	  "Minutes before the booked slot from which check-in is accepted." },
	{ "booking", "late", KT_INT, G(booking.late), 0, 480, NULL, "15",
	  "Minutes after the slot's end until which check-in is accepted." },
	{ "booking", "priority", KT_BOOL, G(booking.priority), 0, 0, NULL, "yes",
	  "A checked-in booking gets a priority ticket (placed by [queue] policy)." },
	{ "booking", "signing_key", KT_PATH, G(booking.signing_key), 0, KCONF_PATH - 1, NULL, "",
	  "Station server only: the secret key (booking keygen) it signs bookings with." },
	{ "booking", "signing_kid", KT_ID, G(booking.signing_kid), 0, 8, NULL, "",
	  "The KID of that key; its public half is key.<KID> here and on the kiosks." },
	{ "booking", "days_ahead", KT_INT, G(booking.days_ahead), 0, 90, NULL, "14",
	  "How many days ahead a slot may be booked." },
	{ "booking", "key.*", KT_KEY, 0, 0, 0, 0, NULL, "",
	  "key.<KID> = base64 of a 32-byte Ed25519 public key, one line per key." },

	/* [voice] */
	{ "voice", "clips", KT_PATH, G(voice.clips), 1, KCONF_PATH - 1, NULL, "assets/voice",
	  "Folder of the call's voice clips (WAV) and their index.txt (docs/voice.md)." },
	{ "voice", "phrase", KT_STR, G(voice.phrase), 0, KCONF_NAME - 1, NULL, "",
	  "What a call says; {number} and {counter} are filled in, ',' is a short pause; "
	  "every word must have a clip; empty = the phrase of the voice's lexicon.txt." },
	{ "voice", "repeat", KT_INT, G(voice.repeat), 1, 5, NULL, "2",
	  "Times the phrase is said in one call." },
	{ "voice", "reading", KT_ENUM, G(voice.reading), 0, 0, "digits|number", "digits",
	  "How the number is said: digits = A012 as A, 0, 1, 2; number = A, twelve "
	  "(in Vietnamese words, docs/voice.md)." },
	{ "voice", "chime", KT_BOOL, G(voice.chime), 0, 0, NULL, "yes",
	  "A chime before the call: the index's [chime] clip (chime.wav as shipped)." },
	{ "voice", "gap_ms", KT_INT, G(voice.gap_ms), 0, 3000, NULL, "700",
	  "Milliseconds of silence between repeats of the phrase." },
	{ "voice", "letters", KT_STR, G(voice.letters), 0, KCONF_NAME - 1, NULL, "",
	  "Letters' own names in a call, over the voice's lexicon.txt: 'B: name, G: name' "
	  "(each word needs a clip); empty = the lexicon's." },

	/* [dossiers] */
	{ "dossiers", "secret", KT_PATH, G(dossiers.secret), 1, KCONF_PATH - 1, NULL,
	  "/var/lib/kiosk/dossiers.key", "A file of 32 random bytes, the key of the receipt "
	  "codes' hashes; made (mode 0600) by the first import if missing." },
	{ "dossiers", "rate", KT_INT, G(dossiers.rate), 1, 600, NULL, "10",
	  "Dossier look-ups per kiosk per minute, so the list cannot be walked." },
	{ "dossiers", "rate_day", KT_INT, G(dossiers.rate_day), 1, 100000, NULL, "300",
	  "Dossier look-ups per kiosk per day (from [queue] day_starts); then none until the "
	  "next day." },

	/* [calendar] */
	{ "calendar", "closed", KT_DATES, G(calendar.closed), 0, KCONF_MAX_DATES, NULL, "",
	  "Days no service opens (public holidays, Tết): YYYY-MM-DD and inclusive ranges "
	  "YYYY-MM-DD..YYYY-MM-DD, comma separated; the key may be repeated (one line a year)." },
	{ "calendar", "open", KT_DATES, G(calendar.open), 0, KCONF_MAX_DATES, NULL, "",
	  "Make-up working days the government sets (a Saturday worked for a weekday): each "
	  "service opens with its weekday hours; may be repeated." },

	/* [service.<CODE>] */
	{ "service.*", "prefix", KT_PREFIX, S(prefix), 1, 2, NULL, NULL,
	  "Letter(s) before the number: A -> A001." },
	{ "service.*", "name_vi", KT_STR, S(name_vi), 1, KCONF_NAME - 1, NULL, NULL,
	  "Service name in Vietnamese." },
	{ "service.*", "name_en", KT_STR, S(name_en), 0, KCONF_NAME - 1, NULL, "",
	  "Service name in English." },
	{ "service.*", "desc_vi", KT_STR, S(desc_vi), 0, KCONF_NAME - 1, NULL, "",
	  "One-line description in Vietnamese." },
	{ "service.*", "desc_en", KT_STR, S(desc_en), 0, KCONF_NAME - 1, NULL, "",
	  "One-line description in English." },
	{ "service.*", "hours", KT_HOURS, S(hours), 0, 0, NULL, "07:30-11:30, 13:30-17:00",
	  "Opening hours, local time, up to 4 ranges; 24:00 may end a range." },
	{ "service.*", "days", KT_DAYS, S(days), 0, 0, NULL, "mon-fri",
	  "Opening days: mon tue wed thu fri sat sun, lists and ranges." },
	{ "service.*", "hours.*", KT_DAYHOURS, 0, 0, 0, 0, NULL, "",
	  "hours.<day> (mon .. sun) = that weekday's own hours, whatever hours and days "
	  "say: hours.sat = 07:30-11:30 opens Saturday morning; empty closes the day." },
	{ "service.*", "slot_minutes", KT_INT, S(slot_minutes), 0, 240, NULL, "0",
	  "Bookable in slots of this many minutes within its hours; 0 = not bookable." },
	{ "service.*", "slot_capacity", KT_INT, S(slot_capacity), 1, 100, NULL, "4",
	  "Bookings per slot." },
	{ "service.*", "cap", KT_INT, S(cap), 0, 9999, NULL, "0",
	  "Tickets a day; 0 = no cap." },
	{ "service.*", "enabled", KT_BOOL, S(enabled), 0, 0, NULL, "yes",
	  "Offer this service." },
	{ "service.*", "avg_minutes", KT_INT, S(avg_minutes), 1, 240, NULL, "10",
	  "Minutes one citizen takes at a counter, until today's own figures exist." },
	{ "service.*", "fee_vi", KT_STR, S(fee_vi), 0, KCONF_LONG - 1, NULL, "",
	  "Fee text in Vietnamese." },
	{ "service.*", "fee_en", KT_STR, S(fee_en), 0, KCONF_LONG - 1, NULL, "",
	  "Fee text in English." },
	{ "service.*", "docs_vi", KT_STR, S(docs_vi), 0, KCONF_LONG - 1, NULL, "",
	  "Documents to bring, in Vietnamese." },
	{ "service.*", "docs_en", KT_STR, S(docs_en), 0, KCONF_LONG - 1, NULL, "",
	  "Documents to bring, in English." },

	/* [counter.<N>] */
	{ "counter.*", "services", KT_CODES, C(services_text), 1, KCONF_NAME - 1, NULL, NULL,
	  "Service codes this counter serves, comma separated." },
	{ "counter.*", "name_vi", KT_STR, C(name_vi), 0, KCONF_NAME - 1, NULL, "",
	  "Counter name in Vietnamese; empty = the translation file's (board.counter, "
	  "\"Counter <N>\" in English)." },
	{ "counter.*", "name_en", KT_STR, C(name_en), 0, KCONF_NAME - 1, NULL, "",
	  "Counter name in English; empty = \"Counter <N>\"." },

	/* [dossier.<STATUS>] */
	{ "dossier.*", "text_vi", KT_STR, D(text_vi), 1, KCONF_NAME - 1, NULL, NULL,
	  "What a look-up says of a dossier in this status, in Vietnamese." },
	{ "dossier.*", "text_en", KT_STR, D(text_en), 0, KCONF_NAME - 1, NULL, "",
	  "The same in English." },
	{ "dossier.*", "action_vi", KT_STR, D(action_vi), 0, KCONF_LONG - 1, NULL, "",
	  "What the citizen should do, in Vietnamese; empty = nothing." },
	{ "dossier.*", "action_en", KT_STR, D(action_en), 0, KCONF_LONG - 1, NULL, "",
	  "The same in English." },
	{ "dossier.*", "date_vi", KT_STR, D(date_vi), 0, KCONF_NAME - 1, NULL, "",
	  "What the list's date means for this status (e.g. the day the card is due), in "
	  "Vietnamese; empty = the translation file's generic label." },
	{ "dossier.*", "date_en", KT_STR, D(date_en), 0, KCONF_NAME - 1, NULL, "",
	  "The same in English." },
	{ "dossier.*", "service", KT_ID, D(service), 0, 8, NULL, "",
	  "The service to take a number for (a [service.<CODE>]); empty = none." },
};

const size_t kconf_nitems = sizeof(kconf_items) / sizeof(kconf_items[0]);

const struct kconf_item *kconf_item_find(const char *section, const char *name)
{
	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		if (strcmp(it->section, section) != 0)
			continue;
		if (strcmp(it->name, name) == 0)
			return it;
		size_t fam = strlen(it->name);
		if (fam > 2 && strcmp(it->name + fam - 2, ".*") == 0 &&
		    strncmp(name, it->name, fam - 1) == 0)
			return it; /* one of a family: key.K1, kiosk.lobby-1 */
	}
	return NULL;
}

/* Valid UTF-8 without control characters. */
static int text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n;
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p < 0x80)
			n = 0;
		else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			n = 1;
		else if ((*p & 0xf0) == 0xe0)
			n = 2;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			n = 3;
		else
			return 0;
		p++;
		while (n-- > 0) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			p++;
		}
	}
	return 1;
}

static int parse_int(const char *v, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end != '\0')
		return -1;
	*out = n;
	return 0;
}

/* "HH:MM" -> minutes; allow24 accepts "24:00" (the end of a day). */
static int parse_hhmm(const char *s, size_t len, int allow24)
{
	if (len != 5 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	int m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (!allow24 || m != 0)))
		return -1;
	return h * 60 + m;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Split on commas; calls fn on each trimmed item.  Returns -1 on the first failure. */
static int each_item(const char *v, int (*fn)(const char *s, size_t len, void *ctx),
		     void *ctx)
{
	const char *p = v;
	for (;;) {
		p = skip_space(p);
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0 || fn(p, len, ctx) < 0)
			return -1;
		if (!e)
			return 0;
		p = e + 1;
	}
}

struct hours_ctx {
	struct kconf_range *r;
	int n;
};

static int hours_item(const char *s, size_t len, void *vctx)
{
	struct hours_ctx *h = vctx;
	const char *dash = memchr(s, '-', len);
	if (!dash || h->n >= KCONF_MAX_RANGES)
		return -1;
	int from = parse_hhmm(s, (size_t)(dash - s), 0);
	int to = parse_hhmm(dash + 1, len - (size_t)(dash - s) - 1, 1);
	if (from < 0 || to < 0 || from >= to)
		return -1;
	if (h->n > 0 && from < h->r[h->n - 1].to)
		return -1; /* ranges must be in order and not overlap */
	h->r[h->n].from = from;
	h->r[h->n].to = to;
	h->n++;
	return 0;
}

/* One weekday's hours: "" closes it. */
static int set_dayhours(struct kconf_dayhours *dh, const char *v, char *why, size_t wl)
{
	struct hours_ctx h = { dh->r, 0 };
	if (*skip_space(v) && each_item(v, hours_item, &h) < 0) {
		snprintf(why, wl, "must be empty (closed that day) or up to %d ranges "
			 "HH:MM-HH:MM in order, e.g. 07:30-11:30", KCONF_MAX_RANGES);
		return -1;
	}
	dh->n = h.n;
	return 0;
}

/* "YYYY-MM-DD" -> local day number, or -1 (also for 2027-02-30). */
static int64_t parse_date(const char *s, size_t len)
{
	char text[24];
	int64_t t;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	snprintf(text, sizeof(text), "%.10sT12:00", s);
	if (kclock_parse_local(text, &t) < 0)
		return -1;
	return kclock_day(t, 0);
}

struct dates_ctx {
	struct kconf_datelist *l;
	int max;
	char *why;
	size_t wl;
};

static int dates_item(const char *s, size_t len, void *vctx)
{
	struct dates_ctx *c = vctx;
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	size_t alen = dots ? (size_t)(dots - s) : len;
	int64_t from = parse_date(s, alen);
	int64_t to = dots ? parse_date(dots + 2, len - alen - 2) : from;
	if (from < 0 || to < 0) {
		snprintf(c->why, c->wl, "has '%.*s', not a date YYYY-MM-DD or a range "
			 "YYYY-MM-DD..YYYY-MM-DD", (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	if (to < from) {
		snprintf(c->why, c->wl, "has the range '%.*s' ending before it starts",
			 (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	if (c->l->n >= c->max) {
		snprintf(c->why, c->wl, "has more than %d entries in all", c->max);
		return -1;
	}
	c->l->d[c->l->n].from = from;
	c->l->d[c->l->n].to = to;
	c->l->d[c->l->n].line = 0;
	c->l->n++;
	return 0;
}

static int day_index(const char *s, size_t len)
{
	static const char *names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	for (int i = 0; i < 7; i++)
		if (len == 3 && strncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

static int days_item(const char *s, size_t len, void *vctx)
{
	unsigned *mask = vctx;
	const char *dash = memchr(s, '-', len);
	if (!dash) {
		int d = day_index(s, len);
		if (d < 0)
			return -1;
		*mask |= 1u << d;
		return 0;
	}
	int a = day_index(s, (size_t)(dash - s));
	int b = day_index(dash + 1, len - (size_t)(dash - s) - 1);
	if (a < 0 || b < 0)
		return -1;
	/* Ranges run Monday-first, as a week is read in Vietnam: mon-sun. */
	int ia = (a + 6) % 7, ib = (b + 6) % 7;
	if (ia > ib)
		return -1;
	for (int i = ia; i <= ib; i++)
		*mask |= 1u << ((i + 1) % 7);
	return 0;
}

static int code_item(const char *s, size_t len, void *ctx)
{
	(void)ctx;
	if (len < 1 || len > 8)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
			return -1;
	return 0;
}

static int choice_index(const char *choices, const char *v)
{
	size_t vl = strlen(v);
	int i = 0;
	for (const char *p = choices;; i++) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == vl && strncmp(p, v, len) == 0)
			return i;
		if (!bar)
			return -1;
		p = bar + 1;
	}
}

static int set_text(const struct kconf_item *it, char *field, const char *v,
		    const char *confdir, char *why, size_t wl)
{
	char buf[KCONF_PATH * 2];
	size_t len = strlen(v);

	if (!text_ok(v)) {
		snprintf(why, wl, "must be UTF-8 text without control characters");
		return -1;
	}
	if (it->type == KT_PATH && v[0] && v[0] != '/' && confdir && *confdir) { /* "" stays none */
		snprintf(buf, sizeof(buf), "%s/%s", confdir, v);
		v = buf;
		len = strlen(v);
	}
	if ((int)len < it->min || len >= it->size || (int)len > it->max) {
		if (it->min > 0 && len == 0)
			snprintf(why, wl, "must not be empty");
		else
			snprintf(why, wl, "is %zu bytes long, at most %d allowed", len, it->max);
		return -1;
	}
	memcpy(field, v, len + 1);
	return 0;
}

int kconf_item_set(const struct kconf_item *it, void *base, const char *v,
		   const char *confdir, char *why, size_t wl)
{
	char *field = (char *)base + it->offset;
	long n;
	int r;

	switch (it->type) {
	case KT_STR:
	case KT_PATH:
		return set_text(it, field, v, confdir, why, wl);
	case KT_ID: {
		size_t len = strlen(v);
		if ((int)len < it->min || (int)len > it->max) {
			snprintf(why, wl, "must be %d to %d characters", it->min, it->max);
			return -1;
		}
		for (size_t i = 0; i < len; i++)
			if (!isdigit((unsigned char)v[i]) && !(v[i] >= 'A' && v[i] <= 'Z') &&
			    v[i] != '-') {
				snprintf(why, wl, "may hold only A-Z, 0-9 and '-'");
				return -1;
			}
		memcpy(field, v, len + 1);
		return 0;
	}
	case KT_INT:
		if (parse_int(v, &n) < 0 || n < it->min || n > it->max) {
			snprintf(why, wl, "must be a whole number from %d to %d", it->min, it->max);
			return -1;
		}
		*(int *)field = (int)n;
		return 0;
	case KT_BOOL:
		if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on") ||
		    !strcmp(v, "1"))
			*(int *)field = 1;
		else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
			 !strcasecmp(v, "off") || !strcmp(v, "0"))
			*(int *)field = 0;
		else {
			snprintf(why, wl, "must be yes or no");
			return -1;
		}
		return 0;
	case KT_ENUM:
		r = choice_index(it->choices, v);
		if (r < 0) {
			snprintf(why, wl, "must be one of: %s", it->choices);
			return -1;
		}
		*(int *)field = r;
		return 0;
	case KT_TIME:
		r = parse_hhmm(v, strlen(v), 0);
		if (r < 0) {
			snprintf(why, wl, "must be a time HH:MM from 00:00 to 23:59");
			return -1;
		}
		*(int *)field = r;
		return 0;
	case KT_HOURS: {
		struct kconf_service *svc = base;
		struct hours_ctx h = { svc->hours, 0 };
		if (each_item(v, hours_item, &h) < 0) {
			snprintf(why, wl, "must be up to %d ranges HH:MM-HH:MM in order, "
				 "e.g. 07:30-11:30, 13:30-17:00", KCONF_MAX_RANGES);
			return -1;
		}
		svc->nhours = h.n;
		return 0;
	}
	case KT_DAYHOURS:
		return set_dayhours((struct kconf_dayhours *)field, v, why, wl);
	case KT_DATES: {
		struct kconf_datelist *l = (struct kconf_datelist *)field;
		struct dates_ctx c = { l, it->max < KCONF_MAX_DATES ? it->max : KCONF_MAX_DATES,
				       why, wl };
		int before = l->n;
		why[0] = '\0';
		if (*skip_space(v) && each_item(v, dates_item, &c) < 0) {
			l->n = before; /* all of the line or none of it */
			if (!why[0])
				snprintf(why, wl, "must be dates YYYY-MM-DD or ranges "
					 "YYYY-MM-DD..YYYY-MM-DD separated by commas");
			return -1;
		}
		return 0;
	}
	case KT_DAYS: {
		unsigned mask = 0;
		if (each_item(v, days_item, &mask) < 0) {
			snprintf(why, wl, "must list days mon tue wed thu fri sat sun, "
				 "e.g. mon-fri, sat");
			return -1;
		}
		*(unsigned *)field = mask;
		return 0;
	}
	case KT_PREFIX: {
		size_t len = strlen(v);
		if (len < 1 || len > 2 || !(v[0] >= 'A' && v[0] <= 'Z') ||
		    (len == 2 && !(v[1] >= 'A' && v[1] <= 'Z'))) {
			snprintf(why, wl, "must be one or two capital letters A-Z");
			return -1;
		}
		memcpy(field, v, len + 1);
		return 0;
	}
	case KT_CODES:
		if (each_item(v, code_item, NULL) < 0) {
			snprintf(why, wl, "must be service codes ([0-9A-Z], up to 8) "
				 "separated by commas");
			return -1;
		}
		return set_text(it, field, v, NULL, why, wl);
	case KT_PIN: {
		size_t len = strlen(v);
		for (size_t i = 0; i < len; i++)
			if (!isdigit((unsigned char)v[i]))
				len = 0;
		if (strlen(v) != 0 && (len < 4 || len > 8)) {
			snprintf(why, wl, "must be empty or 4 to 8 digits");
			return -1;
		}
		memcpy(field, v, strlen(v) + 1);
		return 0;
	}
	case KT_TOKEN: {
		size_t len = strlen(v);
		int ok = (int)len >= it->min && (int)len <= it->max;
		for (size_t i = 0; i < len; i++)
			ok &= isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '_';
		if (!ok) {
			snprintf(why, wl, "must be %d to %d of A-Z, a-z, 0-9, '-' and '_' "
				 "(e.g. from: head -c 24 /dev/urandom | base64 | tr '+/' '-_')",
				 it->min, it->max);
			return -1;
		}
		memcpy(field, v, len + 1);
		return 0;
	}
	case KT_RANGE: {
		struct kconf_range *rg = (struct kconf_range *)field;
		long to;
		char *dash = strchr(v, '-');
		if (!*v) {
			rg->from = rg->to = 0;
			return 0;
		}
		if (dash) {
			char first[16];
			snprintf(first, sizeof(first), "%.*s", (int)(dash - v), v);
			r = parse_int(first, &n) == 0 && parse_int(dash + 1, &to) == 0;
		}
		if (!dash || !r || n < it->min || to > it->max || n > to) {
			snprintf(why, wl, "must be FIRST-LAST with %d <= FIRST <= LAST <= %d",
				 it->min, it->max);
			return -1;
		}
		rg->from = (int)n;
		rg->to = (int)to;
		return 0;
	}
	case KT_KEY: {
		struct kconf_key *k = base;
		size_t bin_len = 0;
		if (strlen(v) != 44 ||
		    sodium_base642bin(k->pk, sizeof(k->pk), v, strlen(v), NULL, &bin_len, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0 ||
		    bin_len != 32) {
			snprintf(why, wl, "must be the base64 (44 characters) of a 32-byte "
				 "Ed25519 public key");
			return -1;
		}
		return 0;
	}
	}
	snprintf(why, wl, "has an unknown type");
	return -1;
}

static const char *type_doc(const struct kconf_item *it, char *buf, size_t len)
{
	switch (it->type) {
	case KT_INT: snprintf(buf, len, "integer %d..%d", it->min, it->max); break;
	case KT_BOOL: snprintf(buf, len, "yes|no"); break;
	case KT_ENUM: snprintf(buf, len, "%s", it->choices); break;
	case KT_TIME: snprintf(buf, len, "HH:MM"); break;
	case KT_HOURS: snprintf(buf, len, "HH:MM-HH:MM, ..."); break;
	case KT_DAYS: snprintf(buf, len, "days"); break;
	case KT_PREFIX: snprintf(buf, len, "A-Z, 1-2 letters"); break;
	case KT_CODES: snprintf(buf, len, "service codes"); break;
	case KT_KEY: snprintf(buf, len, "base64 key"); break;
	case KT_PIN: snprintf(buf, len, "4-8 digits or empty"); break;
	case KT_TOKEN: snprintf(buf, len, "token, %d-%d characters", it->min, it->max); break;
	case KT_RANGE: snprintf(buf, len, "FIRST-LAST in %d..%d", it->min, it->max); break;
	case KT_DAYHOURS: snprintf(buf, len, "HH:MM-HH:MM, ... or empty"); break;
	case KT_DATES: snprintf(buf, len, "YYYY-MM-DD[..YYYY-MM-DD], ..."); break;
	case KT_ID: snprintf(buf, len, "[0-9A-Z-] %d..%d", it->min, it->max); break;
	case KT_PATH: snprintf(buf, len, "path"); break;
	case KT_STR: snprintf(buf, len, "text, up to %d bytes", it->max); break;
	}
	return buf;
}

void kconf_print_doc(FILE *f)
{
	const char *last = "";
	char tbuf[64];

	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		if (strcmp(last, it->section) != 0) {
			fprintf(f, "%s[%s]\n", i ? "\n" : "", it->section);
			last = it->section;
		}
		fprintf(f, "  %-16s %s; %s%s%s\n      %s\n", it->name,
			type_doc(it, tbuf, sizeof(tbuf)), it->def ? "default \"" : "required",
			it->def ? it->def : "", it->def ? "\"" : "", it->help);
	}
}

void kconf_each_key(void (*fn)(const char *section, const char *name, void *ctx),
		    void *ctx)
{
	for (size_t i = 0; i < kconf_nitems; i++)
		fn(kconf_items[i].section, kconf_items[i].name, ctx);
}
