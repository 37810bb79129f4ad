/*
 * kconf_table.h - the key table behind kiosk.conf (private to the core).
 *
 * One row per key: where it lives, its type and range, its default and its
 * help text.  kconf.c walks the rows to parse and validate; kconf_print_doc()
 * walks them to document.  A row whose default is NULL is required.
 */
#ifndef KCONF_TABLE_H
#define KCONF_TABLE_H

#include <stddef.h>

enum kconf_type {
	KT_STR,    /* UTF-8 text, no control characters; min..max bytes */
	KT_PATH,   /* a file or folder; relative to the configuration's folder */
	KT_ID,     /* [0-9A-Z-], min..max characters */
	KT_INT,    /* decimal integer in min..max */
	KT_BOOL,   /* yes/no, true/false, on/off, 1/0 */
	KT_ENUM,   /* one of choices, stored as its index */
	KT_TIME,   /* HH:MM, stored as minutes after midnight */
	KT_HOURS,  /* HH:MM-HH:MM[, ...] opening hours */
	KT_DAYS,   /* mon..sun, lists and ranges: "mon-fri, sat" */
	KT_PREFIX, /* one or two capital letters */
	KT_CODES,  /* service codes, checked once every service is known */
	KT_KEY,    /* base64 Ed25519 public key: the row "key.*" of [booking] */
	KT_PIN,    /* empty, or 4 to 8 digits */
	KT_TOKEN,  /* a bearer token: the rows "kiosk.*" and "staff.*" of [server] */
	KT_RANGE,  /* FIRST-LAST, whole numbers in min..max; empty = none */
	KT_DAYHOURS, /* the row "hours.*" of a service: one weekday's hours; empty = closed */
	KT_DATES,  /* YYYY-MM-DD[..YYYY-MM-DD], ...: appended to a kconf_datelist */
	KT_WORDS,  /* word, word, ...: min..max words of UTF-8 text into a kconf_words */
	KT_COUNT
};

struct kconf_item {
	const char *section; /* "station", ... or "service.*", "counter.*", "dossier.*" */
	const char *name;    /* "id", ... or a family of keys: "key.*", "kiosk.*" */
	enum kconf_type type;
	size_t offset;       /* into struct kconf, kconf_service, kconf_counter, kconf_status;
			      * a family's into kconf_key, kconf_token or kconf_band */
	size_t size;         /* bytes of the field: a text's max is below it (test_conf) */
	int min, max;
	const char *const *choices; /* KT_ENUM: indexed by the C enum, NULL-ended */
	const char *def;     /* NULL = required */
	const char *help;
};

extern const struct kconf_item kconf_items[];
extern const size_t kconf_nitems;

/*
 * Store `value` into the field of `it` inside `base`.  Returns 0, or -1 with
 * a human sentence in why ("must be a whole number from 0 to 999").
 */
int kconf_item_set(const struct kconf_item *it, void *base, const char *value,
		   const char *confdir, char *why, size_t whylen);

/* What `kioskctl keys` says of the row's type: "integer 1..20". */
const char *kconf_item_doc(const struct kconf_item *it, char *buf, size_t len);

/* The row for section/name; section is the generic form ("service.*"). */
const struct kconf_item *kconf_item_find(const char *section, const char *name);

#endif
