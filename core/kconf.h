/*
 * kconf.h - kiosk.conf: the parsed configuration of a station.
 *
 * The configuration is plain data that every part reads (the kiosk, the
 * station server, kioskctl), so its struct is public; only the loader
 * writes it.  Every key is described once, in the table in kconf_table.c
 * (name, type, range, default, help): parsing, validation, defaults and the
 * `kioskctl keys` documentation all come from that table.
 *
 * Unit names, services, hours, fees and texts are configuration, never code.
 */
#ifndef KCONF_H
#define KCONF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KCONF_MAX_SERVICES 16
#define KCONF_MAX_COUNTERS 32
#define KCONF_MAX_KEYS 8
#define KCONF_MAX_RANGES 4
#define KCONF_MAX_ERRORS 32
#define KCONF_MAX_STATUSES 24 /* [dossier.<STATUS>] sections */
#define KCONF_NAME 160   /* a name or a one-line text, UTF-8 bytes + NUL */
#define KCONF_LONG 640   /* a paragraph: documents to bring */
#define KCONF_PATH 256

enum kconf_policy {
	KCONF_POLICY_STRICT,     /* priority first; the max_wait cap prevents starvation */
	KCONF_POLICY_INTERLEAVE, /* at most priority_burst priority calls in a row */
	KCONF_POLICY_WEIGHTED,   /* waited time plus priority_bonus for priority */
};

enum kconf_noshow {
	KCONF_NOSHOW_REQUEUE, /* first no-show goes to the end of the queue, second is gone */
	KCONF_NOSHOW_DROP,    /* a no-show is gone */
};

enum kconf_sync_mode {
	KCONF_SYNC_FULL,   /* fsync every committed ticket: survives power cuts */
	KCONF_SYNC_NORMAL, /* survives a crashed process, may lose the last tickets on power loss */
};

enum kconf_cut { KCONF_CUT_PARTIAL, KCONF_CUT_FULL, KCONF_CUT_NONE };
/* [hub] staff_ids: what the hub learns of who served */
enum kconf_staff_ids { KCONF_STAFF_IDS_NONE, KCONF_STAFF_IDS_PSEUDONYM };

/* [scanner] mode, in the order of its choices. */
enum kconf_scanner {
	KCONF_SCANNER_NONE, KCONF_SCANNER_WEDGE, KCONF_SCANNER_SERIAL, KCONF_SCANNER_HID,
	KCONF_SCANNER_EVDEV,
};

/* [kiosk] mode: what the program shows. */
enum kconf_mode {
	KCONF_MODE_KIOSK, /* the touchscreen that issues tickets */
	KCONF_MODE_BOARD, /* the lobby board: calls, waiting counts, the voice */
	KCONF_MODE_RATE,  /* a counter's rating panel: one tap after being served */
};

/* [voice] reading: how a ticket's number is said. */
enum kconf_reading {
	KCONF_READING_DIGITS, /* A012: "a không một hai" */
	KCONF_READING_NUMBER, /* A012: "a mười hai" */
};

/* Opening hours: [from, to) in minutes after local midnight.
 * A number band: [from, to], both included; from = 0 is none. */
struct kconf_range {
	int from, to;
};

/* hours.<day> of a service: that weekday's own hours; n = 0 closes it. */
struct kconf_dayhours {
	struct kconf_range r[KCONF_MAX_RANGES];
	int n;
	int line;                   /* where it was set; 0 = not set: hours/days rule */
};

/* [calendar] closed/open: local days (kclock_day numbers), both included. */
#define KCONF_MAX_DATES 96
struct kconf_dates {
	int64_t from, to;
	int line;                   /* where it was written */
};
/* A list of short words ([rating] levels, reasons): comma separated in the file. */
#define KCONF_MAX_WORDS 8
#define KCONF_WORD 64   /* one word's UTF-8 bytes + NUL */
struct kconf_words {
	char w[KCONF_MAX_WORDS][KCONF_WORD];
	int n;
};

struct kconf_datelist {
	struct kconf_dates d[KCONF_MAX_DATES];
	int n;
};

struct kconf_service {
	char code[9];               /* CAPMOI: [0-9A-Z]{1,8}, from the section name */
	char prefix[3];             /* A: one or two capital letters */
	char name_vi[KCONF_NAME], name_en[KCONF_NAME];
	char desc_vi[KCONF_NAME], desc_en[KCONF_NAME];
	char fee_vi[KCONF_LONG], fee_en[KCONF_LONG]; /* amount and who pays nothing */
	char docs_vi[KCONF_LONG], docs_en[KCONF_LONG];
	struct kconf_range hours[KCONF_MAX_RANGES];
	int nhours;
	unsigned days;              /* bit 0 = Sunday .. bit 6 = Saturday */
	struct kconf_dayhours day_hours[7]; /* hours.sun .. hours.sat; see core/hours.h */
	int cap;                    /* tickets a day; 0 = no cap */
	int enabled;
	int avg_minutes;            /* service time assumed until today has data */
	int slot_minutes;           /* bookable in slots this long; 0 = not bookable */
	int slot_capacity;          /* bookings per slot */
	int target_wait;            /* minutes; 0 = [reports] target_wait */
	int line;                   /* where its section starts in the file */
};

struct kconf_counter {
	int id;                     /* 1..99, announced as "quầy số <id>" */
	char name_vi[KCONF_NAME], name_en[KCONF_NAME];
	unsigned services;          /* bit i = kconf.services[i] */
	char services_text[KCONF_NAME];
	int line;
};

struct kconf_key {
	char kid[9];
	unsigned char pk[32];       /* raw Ed25519 public key */
};

#define KCONF_MAX_TOKENS 32
#define KCONF_TOKEN_MIN 20  /* a bearer token's characters ([server] kiosk.* ...) */
#define KCONF_TOKEN_MAX 64

/* A bearer token the station server accepts: one per kiosk, one per staff tool. */
struct kconf_token {
	char name[33];              /* kiosk-1, counter-3 ...; a staff member's name */
	char token[KCONF_TOKEN_MAX + 1];
	int staff;                  /* staff endpoints too */
	int booking;                /* a booking backend: the booking endpoints only */
	int rater;                  /* a counter's rating device: that counter's id; 0 = not one */
	int supervisor;             /* a staff member who may change counters and services */
};

/* [dossier.<STATUS>]: what a dossier look-up says of a dossier in that status. */
struct kconf_status {
	char code[17];              /* READY: 1-16 of A-Z 0-9 _, from the section name */
	char text_vi[KCONF_NAME], text_en[KCONF_NAME];
	char action_vi[KCONF_LONG], action_en[KCONF_LONG]; /* what to do; "" = nothing */
	char date_vi[KCONF_NAME], date_en[KCONF_NAME]; /* label of the list's date */
	char service[9];            /* the service to take a number for; "" = none */
	int line;
};

/* Numbers of every service that only one kiosk issues, when offline. */
struct kconf_band {
	char name[17];              /* the kiosk: [server] kiosk.<name> */
	struct kconf_range r;
};

struct kconf {
	struct {
		char id[17];
		char name_vi[KCONF_NAME], name_en[KCONF_NAME];
		char parent_vi[KCONF_NAME], parent_en[KCONF_NAME]; /* the slip's line above */
		char hotline[32];
		char help_vi[KCONF_NAME], help_en[KCONF_NAME]; /* where to ask */
	} station;
	struct {
		int policy;             /* enum kconf_policy */
		int priority_burst;
		int priority_bonus;     /* minutes */
		int max_wait;           /* minutes */
		int day_starts;         /* minutes after local midnight */
		int noshow;             /* enum kconf_noshow */
		int sync_mode;          /* enum kconf_sync_mode */
		int busy_timeout_ms;
		int keep_days;
		int min_samples;
		int disk_warn_mb;       /* free space under which staff are warned */
		int disk_reserve_mb;    /* free space under which no number is issued */
		char database[KCONF_PATH];
	} queue;
	struct {
		int mode;               /* enum kconf_mode */
		int language;           /* 0 = vi, 1 = en: the language the kiosk starts in */
		int english;            /* offer English beside Vietnamese */
		int width, height;
		int fullscreen;
		int rotate;             /* quarter turns clockwise (rotate = 0|90|180|270) */
		int idle_seconds;
		int attract_seconds;
		char pin[9];            /* maintenance PIN; "" = no maintenance screen */
		int pin_tries;
		int pin_lock_seconds;
		char oa_url[KCONF_PATH];/* QR on the home screen: the station's Zalo OA */
		char font[KCONF_PATH], font_bold[KCONF_PATH];
		char translations[KCONF_PATH];
		int rate_counter;       /* mode = rate: the counter whose citizens it asks */
	} kiosk;
	struct {
		char uri[KCONF_PATH];
		int paper_width;        /* dots */
		int english;            /* print English lines too */
		char qr_url[KCONF_PATH];/* template; "" = no QR */
		int qr_size_mm;
		int band_rows;
		int pace_ms;
		int cut;                /* enum kconf_cut */
		int feed_lines;
		int buzzer;
		int speed_mm_s;
		int status;             /* the printer answers DLE EOT */
		int status_timeout_ms;
	} printer;
	struct {
		int mode;               /* enum kconf_scanner */
		char device[KCONF_PATH];
	} scanner;
	struct {
		char server[KCONF_PATH];     /* "" = this kiosk works alone */
		char name[17];               /* its [server] kiosk.<NAME> */
		char token[KCONF_TOKEN_MAX + 1];
		char outbox[KCONF_PATH];
		char cafile[KCONF_PATH];     /* "" = the system's CAs */
		int issue_timeout;           /* ms */
		int timeout;                 /* s */
		int interval;                /* s: backoff cap */
		int lease;                   /* numbers per service */
		struct kconf_range band;     /* from = 0: none */
	} sync;
	struct {
		char listen[64];        /* HOST:PORT */
		int max_body;           /* bytes */
		int request_timeout;    /* seconds from a request's line to its last byte */
		int per_address;        /* connections from one address (not 127.0.0.1) */
		char cert[KCONF_PATH];  /* PEM; "" = plain HTTP */
		char key[KCONF_PATH];
		int staff_idle;         /* seconds without an action before a login ends */
		int audit_days;         /* days the staff audit is kept */
		char www[KCONF_PATH];   /* the console's and board's pages */
		char chartjs[KCONF_PATH]; /* Chart.js for the reports; "" = none */
		int lease_unused;       /* leased numbers a kiosk may hold unused, per service and day */
		int lease_rate;         /* leases per kiosk token per minute */
		struct kconf_token tokens[KCONF_MAX_TOKENS];
		int ntokens;
		struct kconf_band bands[KCONF_MAX_TOKENS];
		int nbands;
	} server;
	struct {
		int early, late;        /* minutes */
		int priority;           /* booking tickets are priority tickets */
		char signing_key[KCONF_PATH]; /* the server's: PREFIX.key of booking keygen */
		char signing_kid[9];
		int days_ahead;
		struct kconf_key keys[KCONF_MAX_KEYS];
		int nkeys;
	} booking;
	struct kconf_voice {
		char clips[KCONF_PATH];   /* folder of the WAV clips and their index.txt */
		char phrase[KCONF_NAME];  /* template with {number} and {counter} */
		int repeat;               /* times the phrase is said */
		int reading;              /* enum kconf_reading */
		int chime;                /* a chime before the call */
		int gap_ms;               /* pause between repeats */
		char letters[KCONF_NAME]; /* "B: ..., G: ...": letters' own names */
	} voice;
	struct {
		char secret[KCONF_PATH]; /* 32 random bytes: the key of the codes' hashes */
		int rate;                /* look-ups per caller per minute */
		int rate_day;            /* look-ups per caller per station day */
		struct kconf_status statuses[KCONF_MAX_STATUSES];
		int nstatuses;
	} dossiers;
	struct {
		int target_wait;         /* minutes: the service level's target (docs/reports.md) */
		int keep_days;           /* days' aggregates kept this long */
	} reports;
	struct {
		int seconds;             /* the choice stays this long after a finish */
		struct kconf_words levels_vi, levels_en; /* best first, 2-5 */
		struct kconf_words reasons_vi, reasons_en; /* 0-8: why, for ask_reason and worse */
		int ask_reason;          /* the level (1 = best) from which the reasons are asked */
		int show_staff;          /* the panel names the staff member who served */
	} rating;
	struct {
		char listen[64];         /* HOST:PORT of the ticket pages; "" = none */
		char url[96];            /* how phones reach it: <url>/t/<token> */
		int near;                /* alert when this many or fewer are ahead */
		int per_minute;          /* requests per address a minute */
	} public;
	struct {                         /* the province's hub (docs/hub.md) */
		char url[KCONF_PATH];    /* "" = none: nothing forwarded or fetched */
		char token[KCONF_TOKEN_MAX + 1];
		char key[45];            /* base64 Ed25519 public key; "" = take no fragment */
		int interval;            /* s between rounds when nothing is new */
		int batch;               /* events per request */
		int staff_ids;           /* enum kconf_staff_ids */
		char dir[KCONF_PATH];    /* fragments fetched: current and previous */
	} hub;
	struct {
		struct kconf_datelist closed; /* public holidays, Tết: no service opens */
		struct kconf_datelist open;   /* make-up working days: weekday hours */
	} calendar;
	struct kconf_service services[KCONF_MAX_SERVICES];
	int nservices;
	struct kconf_counter counters[KCONF_MAX_COUNTERS];
	int ncounters;
	char path[KCONF_PATH];      /* the file it came from */
};

/* What was wrong with a file: each message names file, line and the fault. */
struct kconf_errors {
	char msg[KCONF_MAX_ERRORS][256];
	int n;
	int dropped;                /* messages past KCONF_MAX_ERRORS */
};

/*
 * A rule another module owns (the slip's QR template, the printer's URI, the
 * voice's phrase): run once every key is read, on the whole configuration.
 * Returns 0, or -1 with a sentence in why; the error is reported at the line
 * of [section] key, after `label`.  kconf itself knows no such module: the
 * table is station_conf.c's.
 */
struct kconf_check {
	const char *section, *key;
	const char *label;
	int (*check)(const struct kconf *cfg, char *why, size_t len);
};

/*
 * Load and validate a configuration file, then run `checks` (ended by a row
 * whose check is NULL; NULL = none).  Returns 0, or K_ERR_CONFIG with every
 * problem found in errs (never a silent default for a bad value), or
 * K_ERR_IO when the file cannot be read.  Relative paths inside the file
 * (fonts, translations, database) are resolved against the file's folder.
 * Programs call station_conf_load(), which passes every module's checks.
 */
int kconf_load(const char *path, const struct kconf_check *checks, struct kconf *cfg,
	       struct kconf_errors *errs);

/* The same from an open stream; `name` is used in messages and for paths. */
int kconf_load_stream(FILE *f, const char *name, const struct kconf_check *checks,
		      struct kconf *cfg, struct kconf_errors *errs);

/*
 * Only the built-in defaults of the global sections (no station, no
 * services): for tools that talk to a printer without a configuration.
 */
void kconf_defaults(struct kconf *cfg);

/* Print every error line to f. */
void kconf_errors_print(const struct kconf_errors *errs, FILE *f);

/* The service with this code, or NULL. */
const struct kconf_service *kconf_service(const struct kconf *cfg, const char *code);
int kconf_service_index(const struct kconf *cfg, const char *code);

/* The [dossier.<code>] status, or NULL. */
const struct kconf_status *kconf_status(const struct kconf *cfg, const char *code);

/* The counter with this id, or NULL. */
const struct kconf_counter *kconf_counter(const struct kconf *cfg, int id);

/* The server token equal to `token` (compared in constant time), or NULL. */
const struct kconf_token *kconf_token(const struct kconf *cfg, const char *token);

/* The booking key with this KID, or NULL. */
/* The offline band of kiosk name ([server] band.<name>), or NULL. */
const struct kconf_band *kconf_band(const struct kconf *cfg, const char *name);

const struct kconf_key *kconf_key(const struct kconf *cfg, const char *kid);

/* Print the documentation of every key, from the table, to f. */
void kconf_print_doc(FILE *f);

/*
 * Call fn for every key the table knows, as "section.name" (dynamic parts
 * written as "service.*", "dossier.*" and "key.*"); for tests of the shipped file.
 */
void kconf_each_key(void (*fn)(const char *section, const char *name, void *ctx),
		    void *ctx);

#endif
