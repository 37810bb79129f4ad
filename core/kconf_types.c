/*
 * kconf_types.c - how the text of a kiosk.conf value becomes a field.
 *
 * One row per type of kconf_table.h: the function that checks and stores a
 * value, and how `kioskctl keys` names the type.  kconf_item_set() looks
 * the row up; nothing else here knows one type from another.  Adding a type
 * means one enum value in kconf_table.h, one function and one row here.
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
#include <strings.h>

/* One value being stored: the row, the struct its offset is into, the text. */
struct value {
	const struct kconf_item *it;
	void *base;
	const char *v;
	const char *confdir;     /* KT_PATH: relative paths are made absolute against it */
	char *why;               /* the sentence saying what is wrong */
	size_t wl;
};

#define FIELD(x) ((char *)(x)->base + (x)->it->offset)

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


static int choice_index(const char *const *choices, const char *v)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], v) == 0)
			return i;
	return -1;
}

/* The choices as the file writes them: "strict|interleave|weighted". */
static const char *choices_text(const char *const *choices, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; choices[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "|" : "",
					 choices[i]);
	return buf;
}

static int copy_text(const struct value *x, const char *v)
{
	size_t len = strlen(v);

	if ((int)len < x->it->min || len >= x->it->size || (int)len > x->it->max) {
		if (x->it->min > 0 && len == 0)
			snprintf(x->why, x->wl, "must not be empty");
		else
			snprintf(x->why, x->wl, "is %zu bytes long, at most %d allowed", len,
				 x->it->max);
		return -1;
	}
	memcpy(FIELD(x), v, len + 1);
	return 0;
}

static int set_text(const struct value *x)
{
	if (!text_ok(x->v)) {
		snprintf(x->why, x->wl, "must be UTF-8 text without control characters");
		return -1;
	}
	return copy_text(x, x->v);
}

static int set_path(const struct value *x)
{
	char buf[KCONF_PATH * 2];
	const char *v = x->v;

	if (!text_ok(v)) {
		snprintf(x->why, x->wl, "must be UTF-8 text without control characters");
		return -1;
	}
	if (v[0] && v[0] != '/' && x->confdir && *x->confdir) { /* "" stays none */
		snprintf(buf, sizeof(buf), "%s/%s", x->confdir, v);
		v = buf;
	}
	return copy_text(x, v);
}

static int set_id(const struct value *x)
{
	const char *v = x->v;
	size_t len = strlen(v);

	if ((int)len < x->it->min || (int)len > x->it->max) {
		snprintf(x->why, x->wl, "must be %d to %d characters", x->it->min, x->it->max);
		return -1;
	}
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)v[i]) && !(v[i] >= 'A' && v[i] <= 'Z') && v[i] != '-') {
			snprintf(x->why, x->wl, "may hold only A-Z, 0-9 and '-'");
			return -1;
		}
	return copy_text(x, v);
}

static int set_int(const struct value *x)
{
	long n;

	if (parse_int(x->v, &n) < 0 || n < x->it->min || n > x->it->max) {
		snprintf(x->why, x->wl, "must be a whole number from %d to %d", x->it->min,
			 x->it->max);
		return -1;
	}
	*(int *)FIELD(x) = (int)n;
	return 0;
}

static int set_bool(const struct value *x)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };

	for (int i = 0; yes[i]; i++) {
		int is_yes = !strcasecmp(x->v, yes[i]);
		if (is_yes || !strcasecmp(x->v, no[i])) {
			*(int *)FIELD(x) = is_yes;
			return 0;
		}
	}
	snprintf(x->why, x->wl, "must be yes or no");
	return -1;
}

static int set_enum(const struct value *x)
{
	char list[160];
	int r = choice_index(x->it->choices, x->v);

	if (r < 0) {
		snprintf(x->why, x->wl, "must be one of: %s",
			 choices_text(x->it->choices, list, sizeof(list)));
		return -1;
	}
	*(int *)FIELD(x) = r;
	return 0;
}

static int set_time(const struct value *x)
{
	int r = parse_hhmm(x->v, strlen(x->v), 0);

	if (r < 0) {
		snprintf(x->why, x->wl, "must be a time HH:MM from 00:00 to 23:59");
		return -1;
	}
	*(int *)FIELD(x) = r;
	return 0;
}

static int set_hours(const struct value *x)
{
	struct kconf_service *svc = x->base;
	struct hours_ctx h = { svc->hours, 0 };

	if (each_item(x->v, hours_item, &h) < 0) {
		snprintf(x->why, x->wl, "must be up to %d ranges HH:MM-HH:MM in order, "
			 "e.g. 07:30-11:30, 13:30-17:00", KCONF_MAX_RANGES);
		return -1;
	}
	svc->nhours = h.n;
	return 0;
}

/* One weekday's hours: "" closes it. */
static int set_dayhours(const struct value *x)
{
	struct kconf_dayhours *dh = (struct kconf_dayhours *)FIELD(x);
	struct hours_ctx h = { dh->r, 0 };

	if (*skip_space(x->v) && each_item(x->v, hours_item, &h) < 0) {
		snprintf(x->why, x->wl, "must be empty (closed that day) or up to %d ranges "
			 "HH:MM-HH:MM in order, e.g. 07:30-11:30", KCONF_MAX_RANGES);
		return -1;
	}
	dh->n = h.n;
	return 0;
}

static int set_dates(const struct value *x)
{
	struct kconf_datelist *l = (struct kconf_datelist *)FIELD(x);
	struct dates_ctx c = { l, x->it->max < KCONF_MAX_DATES ? x->it->max : KCONF_MAX_DATES,
			       x->why, x->wl };
	int before = l->n;

	x->why[0] = '\0';
	if (*skip_space(x->v) && each_item(x->v, dates_item, &c) < 0) {
		l->n = before; /* all of the line or none of it */
		if (!x->why[0])
			snprintf(x->why, x->wl, "must be dates YYYY-MM-DD or ranges "
				 "YYYY-MM-DD..YYYY-MM-DD separated by commas");
		return -1;
	}
	return 0;
}

static int set_days(const struct value *x)
{
	unsigned mask = 0;

	if (each_item(x->v, days_item, &mask) < 0) {
		snprintf(x->why, x->wl, "must list days mon tue wed thu fri sat sun, "
			 "e.g. mon-fri, sat");
		return -1;
	}
	*(unsigned *)FIELD(x) = mask;
	return 0;
}

static int set_prefix(const struct value *x)
{
	const char *v = x->v;
	size_t len = strlen(v);

	if (len < 1 || len > 2 || !(v[0] >= 'A' && v[0] <= 'Z') ||
	    (len == 2 && !(v[1] >= 'A' && v[1] <= 'Z'))) {
		snprintf(x->why, x->wl, "must be one or two capital letters A-Z");
		return -1;
	}
	return copy_text(x, v);
}

static int set_codes(const struct value *x)
{
	if (each_item(x->v, code_item, NULL) < 0) {
		snprintf(x->why, x->wl, "must be service codes ([0-9A-Z], up to 8) "
			 "separated by commas");
		return -1;
	}
	return set_text(x);
}

static int set_pin(const struct value *x)
{
	const char *v = x->v;
	size_t len = strlen(v);

	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)v[i]))
			len = 0;
	if (strlen(v) != 0 && (len < 4 || len > 8)) {
		snprintf(x->why, x->wl, "must be empty or 4 to 8 digits");
		return -1;
	}
	return copy_text(x, v);
}

static int set_token(const struct value *x)
{
	const char *v = x->v;
	size_t len = strlen(v);
	int ok = (int)len >= x->it->min && (int)len <= x->it->max;

	for (size_t i = 0; i < len; i++)
		ok &= isalnum((unsigned char)v[i]) || v[i] == '-' || v[i] == '_';
	if (!ok) {
		snprintf(x->why, x->wl, "must be %d to %d of A-Z, a-z, 0-9, '-' and '_' "
			 "(e.g. from: head -c 24 /dev/urandom | base64 | tr '+/' '-_')",
			 x->it->min, x->it->max);
		return -1;
	}
	return copy_text(x, v);
}

static int set_range(const struct value *x)
{
	struct kconf_range *rg = (struct kconf_range *)FIELD(x);
	const char *v = x->v;
	const char *dash = strchr(v, '-');
	long from = 0, to = 0;
	int ok = 0;

	if (!*v) {
		rg->from = rg->to = 0;
		return 0;
	}
	if (dash) {
		char first[16];
		snprintf(first, sizeof(first), "%.*s", (int)(dash - v), v);
		ok = parse_int(first, &from) == 0 && parse_int(dash + 1, &to) == 0;
	}
	if (!ok || from < x->it->min || to > x->it->max || from > to) {
		snprintf(x->why, x->wl, "must be FIRST-LAST with %d <= FIRST <= LAST <= %d",
			 x->it->min, x->it->max);
		return -1;
	}
	rg->from = (int)from;
	rg->to = (int)to;
	return 0;
}

static int word_item(const char *s, size_t len, void *vctx)
{
	struct kconf_words *l = vctx;
	if (len >= KCONF_WORD || l->n >= KCONF_MAX_WORDS)
		return -1;
	memcpy(l->w[l->n], s, len);
	l->w[l->n][len] = '\0';
	if (!text_ok(l->w[l->n]))
		return -1;
	l->n++;
	return 0;
}

static int set_words(const struct value *x)
{
	struct kconf_words l = { .n = 0 };
	if ((x->v[0] && each_item(x->v, word_item, &l) < 0) || l.n < x->it->min ||
	    l.n > x->it->max) {
		snprintf(x->why, x->wl, "must be %d to %d words separated by commas, each UTF-8 text "
			 "of 1 to %d bytes", x->it->min, x->it->max, KCONF_WORD - 1);
		return -1;
	}
	memcpy(FIELD(x), &l, sizeof(l));
	return 0;
}

static int set_key(const struct value *x)
{
	unsigned char *pk = (unsigned char *)FIELD(x);
	size_t len = strlen(x->v), bin_len = 0;

	if (len != 44 ||
	    sodium_base642bin(pk, x->it->size, x->v, len, NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    bin_len != x->it->size) {
		snprintf(x->why, x->wl, "must be the base64 (44 characters) of a 32-byte "
			 "Ed25519 public key");
		return -1;
	}
	return 0;
}

/*
 * The types.  doc is what `kioskctl keys` prints for the type, with {min},
 * {max} and {choices} filled in from the row.
 */
static const struct {
	int (*set)(const struct value *x);
	const char *doc;
} types[] = {
	[KT_STR] = { set_text, "text, up to {max} bytes" },
	[KT_PATH] = { set_path, "path" },
	[KT_ID] = { set_id, "[0-9A-Z-] {min}..{max}" },
	[KT_INT] = { set_int, "integer {min}..{max}" },
	[KT_BOOL] = { set_bool, "yes|no" },
	[KT_ENUM] = { set_enum, "{choices}" },
	[KT_TIME] = { set_time, "HH:MM" },
	[KT_HOURS] = { set_hours, "HH:MM-HH:MM, ..." },
	[KT_DAYS] = { set_days, "days" },
	[KT_PREFIX] = { set_prefix, "A-Z, 1-2 letters" },
	[KT_CODES] = { set_codes, "service codes" },
	[KT_KEY] = { set_key, "base64 key" },
	[KT_PIN] = { set_pin, "4-8 digits or empty" },
	[KT_TOKEN] = { set_token, "token, {min}-{max} characters" },
	[KT_RANGE] = { set_range, "FIRST-LAST in {min}..{max}" },
	[KT_DAYHOURS] = { set_dayhours, "HH:MM-HH:MM, ... or empty" },
	[KT_DATES] = { set_dates, "YYYY-MM-DD[..YYYY-MM-DD], ..." },
	[KT_WORDS] = { set_words, "{min}-{max} words, comma separated" },
};
_Static_assert(sizeof(types) / sizeof(types[0]) == KT_COUNT, "a type without its row");

int kconf_item_set(const struct kconf_item *it, void *base, const char *v,
		   const char *confdir, char *why, size_t wl)
{
	struct value x = { it, base, v, confdir, why, wl };

	if ((unsigned)it->type >= KT_COUNT || !types[it->type].set) {
		snprintf(why, wl, "has an unknown type");
		return -1;
	}
	return types[it->type].set(&x);
}

const char *kconf_item_doc(const struct kconf_item *it, char *buf, size_t len)
{
	const char *p = (unsigned)it->type < KT_COUNT ? types[it->type].doc : NULL;
	size_t used = 0;

	buf[0] = '\0';
	while (p && *p && used + 1 < len) {
		char part[160];
		const char *add = part;
		if (!strncmp(p, "{min}", 5)) {
			snprintf(part, sizeof(part), "%d", it->min);
			p += 5;
		} else if (!strncmp(p, "{max}", 5)) {
			snprintf(part, sizeof(part), "%d", it->max);
			p += 5;
		} else if (!strncmp(p, "{choices}", 9)) {
			add = choices_text(it->choices, part, sizeof(part));
			p += 9;
		} else {
			snprintf(part, sizeof(part), "%c", *p++);
		}
		used += (size_t)snprintf(buf + used, len - used, "%s", add);
	}
	return buf;
}
