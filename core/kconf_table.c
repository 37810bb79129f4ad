/*
 * kconf_table.c - every key of kiosk.conf, and how a value becomes a field.
 *
 * Adding a setting means adding one row here, one field in kconf.h and its
 * documented line in kiosk.conf; tests/test_conf.c checks that the shipped
 * kiosk.conf mentions every row.  How a value of each type is read is in
 * kconf_types.c.
 *
 * A choice (KT_ENUM) is stored as an index that code compares with a C
 * enum: its words are listed by that enum's names ([KCONF_CUT_FULL] =
 * "full"), so the order cannot drift from the enum's.
 */
#include "kconf_table.h"
#include "kconf.h"

#include <stdio.h>
#include <string.h>

#define G(field) offsetof(struct kconf, field), sizeof(((struct kconf *)0)->field)
#define S(field) offsetof(struct kconf_service, field), \
		 sizeof(((struct kconf_service *)0)->field)
#define C(field) offsetof(struct kconf_counter, field), \
		 sizeof(((struct kconf_counter *)0)->field)
#define D(field) offsetof(struct kconf_status, field), \
		 sizeof(((struct kconf_status *)0)->field)
#define T(field) offsetof(struct kconf_token, field), \
		 sizeof(((struct kconf_token *)0)->field)
#define B(field) offsetof(struct kconf_band, field), \
		 sizeof(((struct kconf_band *)0)->field)
#define K(field) offsetof(struct kconf_key, field), \
		 sizeof(((struct kconf_key *)0)->field)

static const char *const policies[] = {
	[KCONF_POLICY_STRICT] = "strict",
	[KCONF_POLICY_INTERLEAVE] = "interleave",
	[KCONF_POLICY_WEIGHTED] = "weighted",
	NULL
};
static const char *const noshows[] = {
	[KCONF_NOSHOW_REQUEUE] = "requeue", [KCONF_NOSHOW_DROP] = "drop", NULL
};
static const char *const sync_modes[] = {
	[KCONF_SYNC_FULL] = "full", [KCONF_SYNC_NORMAL] = "normal", NULL
};
static const char *const modes[] = {
	[KCONF_MODE_KIOSK] = "kiosk", [KCONF_MODE_BOARD] = "board", [KCONF_MODE_RATE] = "rate",
	NULL
};
static const char *const languages[] = { "vi", "en", NULL };     /* kiosk.language: 0 = vi */
static const char *const rotations[] = { "0", "90", "180", "270", NULL }; /* quarter turns */
static const char *const staff_ids[] = {
	[KCONF_STAFF_IDS_NONE] = "none", [KCONF_STAFF_IDS_PSEUDONYM] = "pseudonym", NULL
};
static const char *const cuts[] = {
	[KCONF_CUT_PARTIAL] = "partial", [KCONF_CUT_FULL] = "full", [KCONF_CUT_NONE] = "none",
	NULL
};
static const char *const scanners[] = {
	[KCONF_SCANNER_NONE] = "none",
	[KCONF_SCANNER_WEDGE] = "wedge",
	[KCONF_SCANNER_SERIAL] = "serial",
	[KCONF_SCANNER_HID] = "hid",
	[KCONF_SCANNER_EVDEV] = "evdev",
	NULL
};
static const char *const readings[] = {
	[KCONF_READING_DIGITS] = "digits", [KCONF_READING_NUMBER] = "number", NULL
};

/* A word for every value of each enum, and nothing after the last. */
#define WORDS_UP_TO(words, last) \
	_Static_assert(sizeof(words) / sizeof(words[0]) == (last) + 2, \
		       #words ": one word per value up to " #last)
WORDS_UP_TO(policies, KCONF_POLICY_WEIGHTED);
WORDS_UP_TO(noshows, KCONF_NOSHOW_DROP);
WORDS_UP_TO(sync_modes, KCONF_SYNC_NORMAL);
WORDS_UP_TO(modes, KCONF_MODE_RATE);
WORDS_UP_TO(cuts, KCONF_CUT_NONE);
WORDS_UP_TO(staff_ids, KCONF_STAFF_IDS_PSEUDONYM);
WORDS_UP_TO(scanners, KCONF_SCANNER_EVDEV);
WORDS_UP_TO(readings, KCONF_READING_NUMBER);

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
	{ "queue", "policy", KT_ENUM, G(queue.policy), 0, 0, policies,
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
	{ "queue", "noshow", KT_ENUM, G(queue.noshow), 0, 0, noshows, "requeue",
	  "A ticket marked no-show: requeue = back at the end of the queue once, "
	  "gone the second time; drop = gone at once." },
	{ "queue", "sync", KT_ENUM, G(queue.sync_mode), 0, 0, sync_modes, "full",
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
	{ "kiosk", "mode", KT_ENUM, G(kiosk.mode), 0, 0, modes, "kiosk",
	  "kiosk = the touchscreen that issues tickets; board = the lobby board "
	  "(last calls, waiting counts, the voice), as `kiosk --board`." },
	{ "kiosk", "language", KT_ENUM, G(kiosk.language), 0, 0, languages, "vi",
	  "Language the kiosk shows after start and after idle." },
	{ "kiosk", "english", KT_BOOL, G(kiosk.english), 0, 0, NULL, "yes",
	  "Offer English beside Vietnamese." },
	{ "kiosk", "width", KT_INT, G(kiosk.width), 320, 7680, NULL, "1080",
	  "Window width in pixels when not fullscreen." },
	{ "kiosk", "height", KT_INT, G(kiosk.height), 240, 7680, NULL, "1920",
	  "Window height in pixels when not fullscreen." },
	{ "kiosk", "fullscreen", KT_BOOL, G(kiosk.fullscreen), 0, 0, NULL, "no",
	  "Use the whole display (on the board)." },
	{ "kiosk", "rotate", KT_ENUM, G(kiosk.rotate), 0, 0, rotations, "0",
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
	{ "kiosk", "rate_counter", KT_INT, G(kiosk.rate_counter), 0, 99, NULL, "0",
	  "mode = rate: the counter whose citizens this panel asks (its token: [server] "
	  "rater.<COUNTER>, as [sync] token)." },

	/* [printer] */
	{ "printer", "uri", KT_STR, G(printer.uri), 1, KCONF_PATH - 1, NULL, "none",
	  "usb:[VID:PID], tcp:HOST[:PORT], lp:/dev/usb/lp0, sim:DIR or none." },
	{ "printer", "paper_width", KT_INT, G(printer.paper_width), 200, 832, NULL, "576",
	  "Printable width in dots: 576 for 80 mm paper, 384 for 58 mm." },
	{ "printer", "english", KT_BOOL, G(printer.english), 0, 0, NULL, "no",
	  "Print English lines under the Vietnamese ones (longer slips)." },
	{ "printer", "qr_url", KT_STR, G(printer.qr_url), 0, KCONF_PATH - 1, NULL, "",
	  "URL in the slip's QR code; {number} {id} {station} {service} {day} {token} are "
	  "filled in; empty = <[public] url>/t/<token>, or no QR without [public] url." },
	{ "printer", "qr_size_mm", KT_INT, G(printer.qr_size_mm), 10, 50, NULL, "22",
	  "Width of the QR code on paper, quiet zone included." },
	{ "printer", "band_rows", KT_INT, G(printer.band_rows), 8, 255, NULL, "64",
	  "Rows of the image sent per raster command (GS v 0); small printers need less." },
	{ "printer", "pace_ms", KT_INT, G(printer.pace_ms), 0, 500, NULL, "0",
	  "Pause between raster bands, for printers with a small buffer." },
	{ "printer", "cut", KT_ENUM, G(printer.cut), 0, 0, cuts, "partial",
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
	{ "scanner", "mode", KT_ENUM, G(scanner.mode), 0, 0, scanners,
	  "wedge", "How the QR scanner is attached: wedge = types like a keyboard." },
	{ "scanner", "device", KT_STR, G(scanner.device), 0, KCONF_PATH - 1, NULL, "",
	  "serial, hid, evdev: the device file, e.g. /dev/ttyACM0, /dev/hidraw0." },

	/* [sync] */
	{ "sync", "server", KT_STR, G(sync.server), 0, KCONF_PATH - 1, NULL, "",
	  "Station server URL, e.g. http://127.0.0.1:8080; empty = this kiosk works alone." },
	{ "sync", "name", KT_STR, G(sync.name), 0, 16, NULL, "",
	  "This kiosk's name at the server: its [server] kiosk.<NAME>." },
	{ "sync", "token", KT_STR, G(sync.token), 0, KCONF_TOKEN_MAX, NULL, "",
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
	{ "server", "chartjs", KT_PATH, G(server.chartjs), 0, KCONF_PATH - 1, NULL,
	  "/usr/share/javascript/chart.js/chart.min.js",
	  "Chart.js for the console's reports (Debian's libjs-chart.js), served as "
	  "/static/vendor/chart.js; missing or empty = tables without charts." },
	{ "server", "lease_unused", KT_INT, G(server.lease_unused), 1, 1000, NULL, "30",
	  "Leased numbers one kiosk may hold unused per service and day; more gets 409." },
	{ "server", "lease_rate", KT_INT, G(server.lease_rate), 1, 6000, NULL, "60",
	  "Leases one kiosk token may take per minute; more gets 429." },
	{ "server", "kiosk.*", KT_TOKEN, T(token), KCONF_TOKEN_MIN, KCONF_TOKEN_MAX, NULL, "",
	  "kiosk.<NAME> = token of one kiosk: issue tickets, read the queue." },
	{ "server", "staff.*", KT_TOKEN, T(token), KCONF_TOKEN_MIN, KCONF_TOKEN_MAX, NULL, "",
	  "staff.<NAME> = token of a staff tool: everything a kiosk may, and counters." },
	{ "server", "booking.*", KT_TOKEN, T(token), KCONF_TOKEN_MIN, KCONF_TOKEN_MAX, NULL, "",
	  "booking.<NAME> = token of a booking backend (the Zalo Mini App's server)." },
	{ "server", "rater.*", KT_TOKEN, T(token), KCONF_TOKEN_MIN, KCONF_TOKEN_MAX, NULL, "",
	  "rater.<COUNTER> = token of that counter's rating device: it may only rate the "
	  "ticket the counter last finished." },
	{ "server", "band.*", KT_RANGE, B(r), 1, 99999, NULL, "",
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
	{ "booking", "key.*", KT_KEY, K(pk), 0, 0, NULL, "",
	  "key.<KID> = base64 of a 32-byte Ed25519 public key, one line per key." },

	/* [voice] */
	{ "voice", "clips", KT_PATH, G(voice.clips), 1, KCONF_PATH - 1, NULL, "assets/voice",
	  "Folder of the call's voice clips (WAV) and their index.txt (docs/voice.md)." },
	{ "voice", "phrase", KT_STR, G(voice.phrase), 0, KCONF_NAME - 1, NULL, "",
	  "What a call says; {number} and {counter} are filled in, ',' is a short pause; "
	  "every word must have a clip; empty = the phrase of the voice's lexicon.txt." },
	{ "voice", "repeat", KT_INT, G(voice.repeat), 1, 5, NULL, "2",
	  "Times the phrase is said in one call." },
	{ "voice", "reading", KT_ENUM, G(voice.reading), 0, 0, readings, "digits",
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

	/* [reports] */
	{ "reports", "target_wait", KT_INT, G(reports.target_wait), 1, 480, NULL, "20",
	  "Minutes: the service level is the share of citizens called within this wait "
	  "(docs/reports.md); a service may set its own ([service.<CODE>] target_wait)." },
	{ "reports", "keep_days", KT_INT, G(reports.keep_days), 1, 7320, NULL, "1826",
	  "Days the daily aggregates are kept for the reports (counts and times, nothing about "
	  "a person), after [queue] keep_days purged the tickets; default 5 years." },

	/* [rating] */
	{ "rating", "seconds", KT_INT, G(rating.seconds), 10, 600, NULL, "30",
	  "Seconds the choice stays on a counter's rating device after the counter finishes "
	  "a citizen; a rating is taken until then (docs/rating.md)." },
	{ "rating", "levels_vi", KT_WORDS, G(rating.levels_vi), 2, 5, NULL,
	  "Rất hài lòng, Hài lòng, Không hài lòng",
	  "The choices, best first, 2 to 5, comma separated." },
	{ "rating", "levels_en", KT_WORDS, G(rating.levels_en), 0, 5, NULL,
	  "Very satisfied, Satisfied, Not satisfied",
	  "The same in English: as many, or none (the Vietnamese words are shown)." },
	{ "rating", "reasons_vi", KT_WORDS, G(rating.reasons_vi), 0, 8, NULL,
	  "Chờ lâu, Thái độ phục vụ, Hướng dẫn chưa rõ, Yêu cầu thêm giấy tờ, Khác",
	  "Why, asked after a choice at or below ask_reason, 0 to 8; none = never asked." },
	{ "rating", "reasons_en", KT_WORDS, G(rating.reasons_en), 0, 8, NULL,
	  "Long wait, Staff attitude, Unclear guidance, More papers asked, Other",
	  "The same in English: as many, or none." },
	{ "rating", "ask_reason", KT_INT, G(rating.ask_reason), 1, 5, NULL, "3",
	  "The level (1 = the best) from which the reasons are asked: 3 of 3 asks after the "
	  "last choice only." },
	{ "rating", "show_staff", KT_BOOL, G(rating.show_staff), 0, 0, NULL, "no",
	  "yes = the rating device names the staff member who served; no = only the counter." },

	/* [public] */
	{ "public", "listen", KT_STR, G(public.listen), 0, 63, NULL, "",
	  "Where the citizens' ticket pages are served, HOST:PORT (e.g. the guest Wi-Fi's "
	  "address): /t/<token> and its files only, nothing else of the server "
	  "(docs/public.md); empty = not served." },
	{ "public", "url", KT_STR, G(public.url), 0, 95, NULL, "",
	  "The address phones reach that listener by (https://HOST[:PORT], no path): the "
	  "slip's QR code opens <url>/t/<token>; empty = no ticket page on the slip." },
	{ "public", "near", KT_INT, G(public.near), 1, 20, NULL, "3",
	  "The ticket page alerts the citizen when this many people or fewer are ahead." },
	{ "public", "per_minute", KT_INT, G(public.per_minute), 10, 10000, NULL, "600",
	  "Requests one address may make to the public listener a minute (a guest Wi-Fi's "
	  "phones may share one address); more get 429." },
	{ "hub", "url", KT_STR, G(hub.url), 0, KCONF_PATH - 1, NULL, "",
	  "The province hub's address (http[s]://HOST[:PORT]); empty = no hub." },
	{ "hub", "token", KT_STR, G(hub.token), 0, KCONF_TOKEN_MAX, NULL, "",
	  "This station's token at the hub (kiosk-hub station add prints it)." },
	{ "hub", "key", KT_STR, G(hub.key), 0, 44, NULL, "",
	  "The hub's Ed25519 public key (base64): published settings must be signed by it." },
	{ "hub", "interval", KT_INT, G(hub.interval), 1, 3600, NULL, "30",
	  "Seconds between rounds with the hub when nothing is new." },
	{ "hub", "batch", KT_INT, G(hub.batch), 10, 5000, NULL, "500",
	  "Queue events sent to the hub in one request." },
	{ "hub", "staff_ids", KT_ENUM, G(hub.staff_ids), 0, 0, staff_ids, "none",
	  "none = the hub learns counters only; pseudonym = also a keyed hash of the staff account." },
	{ "hub", "dir", KT_PATH, G(hub.dir), 1, KCONF_PATH - 1, NULL, "/var/lib/kiosk/hub",
	  "Where settings published by the hub are kept (the current and the previous)." },

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
	{ "service.*", "hours.*", KT_DAYHOURS, 0, sizeof(struct kconf_dayhours), 0, 0, NULL, "",
	  "hours.<day> (mon .. sun) = that weekday's own hours, whatever hours and days "
	  "say: hours.sat = 07:30-11:30 opens Saturday morning; empty closes the day." },
	{ "service.*", "slot_minutes", KT_INT, S(slot_minutes), 0, 240, NULL, "0",
	  "Bookable in slots of this many minutes within its hours; 0 = not bookable." },
	{ "service.*", "slot_capacity", KT_INT, S(slot_capacity), 1, 100, NULL, "4",
	  "Bookings per slot." },
	{ "service.*", "target_wait", KT_INT, S(target_wait), 0, 480, NULL, "0",
	  "Minutes: this service's target wait for the service level; 0 = [reports] "
	  "target_wait." },
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
			kconf_item_doc(it, tbuf, sizeof(tbuf)), it->def ? "default \"" : "required",
			it->def ? it->def : "", it->def ? "\"" : "", it->help);
	}
}

void kconf_each_key(void (*fn)(const char *section, const char *name, void *ctx),
		    void *ctx)
{
	for (size_t i = 0; i < kconf_nitems; i++)
		fn(kconf_items[i].section, kconf_items[i].name, ctx);
}
