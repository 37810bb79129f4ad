/*
 * kconf.c - loading kiosk.conf with inih, driven by the key table.
 *
 * inih does the INI syntax; this file feeds it lines through its own reader
 * so that every message can name the line, notices section headers as they
 * pass (an empty section still counts as present), and checks what inih
 * cannot: unknown sections and keys, duplicates, values against the table,
 * required keys, and rules across keys (unique prefixes, counters and
 * dossier statuses naming services that exist).  Every problem is collected; none becomes a default.
 */
#include "kconf.h"
#include "kconf_table.h"
#include "kclock.h"
#include "kerr.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 192
#define LINE_MAX_BYTES 1024

static const char *global_sections[] = {
	"station", "queue", "kiosk", "printer", "scanner", "sync", "server", "booking",
	"voice", "dossiers", "reports", "rating", "public", "hub", "calendar",
};
#define NGLOBAL (sizeof(global_sections) / sizeof(global_sections[0]))

struct load {
	struct kconf *cfg;
	struct kconf_errors *errs;
	const char *name;
	char confdir[KCONF_PATH];
	FILE *f;
	char *buf;
	size_t cap;
	int line;
	/* the section being read */
	const char *generic;   /* "station", "service.*", ...; NULL = skip its keys */
	char section[64];
	void *base;
	int *seen;             /* seen[item index]: the line it was set on, 0 = not set */
	/* what has been seen */
	int global_line[NGLOBAL]; /* 0 = not seen */
	int seen_global[MAX_ITEMS];
	int seen_svc[KCONF_MAX_SERVICES][MAX_ITEMS];
	int seen_ctr[KCONF_MAX_COUNTERS][MAX_ITEMS];
	int seen_status[KCONF_MAX_STATUSES][MAX_ITEMS];
};

static void err_at(struct load *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err_at(struct load *ld, int line, const char *fmt, ...)
{
	struct kconf_errors *e = ld->errs;
	char text[200];
	va_list ap;

	if (e->n >= KCONF_MAX_ERRORS) {
		e->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(e->msg[e->n++], sizeof(e->msg[0]), "%s:%d: %s", ld->name, line, text);
	else
		snprintf(e->msg[e->n++], sizeof(e->msg[0]), "%s: %s", ld->name, text);
}

static void apply_defaults(struct load *ld, const char *generic, void *base)
{
	char why[160];
	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		if (strcmp(it->section, generic) != 0 || !it->def || strchr(it->name, '*'))
			continue;
		if (kconf_item_set(it, base, it->def, ld->confdir, why, sizeof(why)) < 0)
			err_at(ld, 0, "built-in default of [%s] %s %s", generic, it->name, why);
	}
}

static int valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 8)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	return 1;
}

static void begin_service(struct load *ld, const char *code)
{
	struct kconf *cfg = ld->cfg;

	if (!valid_code(code)) {
		err_at(ld, ld->line, "[service.%s]: a service code is 1 to 8 of A-Z and 0-9 "
		       "(as in booking QR codes)", code);
		return;
	}
	if (kconf_service(cfg, code)) {
		err_at(ld, ld->line, "section [service.%s] appears twice", code);
		return;
	}
	if (cfg->nservices >= KCONF_MAX_SERVICES) {
		err_at(ld, ld->line, "more than %d services", KCONF_MAX_SERVICES);
		return;
	}
	struct kconf_service *s = &cfg->services[cfg->nservices];
	memset(s, 0, sizeof(*s));
	strcpy(s->code, code);
	s->line = ld->line;
	apply_defaults(ld, "service.*", s);
	ld->seen = ld->seen_svc[cfg->nservices];
	cfg->nservices++;
	ld->generic = "service.*";
	ld->base = s;
}

static void begin_counter(struct load *ld, const char *idtext)
{
	struct kconf *cfg = ld->cfg;
	char *end;
	long id = strtol(idtext, &end, 10);

	if (end == idtext || *end || id < 1 || id > 99 || idtext[0] == '0') {
		err_at(ld, ld->line, "[counter.%s]: a counter number is 1 to 99", idtext);
		return;
	}
	if (kconf_counter(cfg, (int)id)) {
		err_at(ld, ld->line, "section [counter.%ld] appears twice", id);
		return;
	}
	if (cfg->ncounters >= KCONF_MAX_COUNTERS) {
		err_at(ld, ld->line, "more than %d counters", KCONF_MAX_COUNTERS);
		return;
	}
	struct kconf_counter *c = &cfg->counters[cfg->ncounters];
	memset(c, 0, sizeof(*c));
	c->id = (int)id;
	c->line = ld->line;
	apply_defaults(ld, "counter.*", c);
	ld->seen = ld->seen_ctr[cfg->ncounters];
	cfg->ncounters++;
	ld->generic = "counter.*";
	ld->base = c;
}

/* [dossier.<STATUS>]: a status code as the staff's spreadsheets write it. */
static void begin_status(struct load *ld, const char *code)
{
	struct kconf *cfg = ld->cfg;
	size_t n = strlen(code);

	if (n < 1 || n > 16 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != n) {
		err_at(ld, ld->line, "[dossier.%s]: a status code is 1 to 16 of A-Z, 0-9 and _",
		       code);
		return;
	}
	if (kconf_status(cfg, code)) {
		err_at(ld, ld->line, "section [dossier.%s] appears twice", code);
		return;
	}
	if (cfg->dossiers.nstatuses >= KCONF_MAX_STATUSES) {
		err_at(ld, ld->line, "more than %d dossier statuses", KCONF_MAX_STATUSES);
		return;
	}
	struct kconf_status *st = &cfg->dossiers.statuses[cfg->dossiers.nstatuses];
	memset(st, 0, sizeof(*st));
	memcpy(st->code, code, n + 1);
	st->line = ld->line;
	apply_defaults(ld, "dossier.*", st);
	ld->seen = ld->seen_status[cfg->dossiers.nstatuses];
	cfg->dossiers.nstatuses++;
	ld->generic = "dossier.*";
	ld->base = st;
}

static void begin_section(struct load *ld, const char *name)
{
	ld->generic = NULL;
	ld->base = NULL;
	snprintf(ld->section, sizeof(ld->section), "%s", name);

	for (size_t i = 0; i < NGLOBAL; i++) {
		if (strcmp(name, global_sections[i]) != 0)
			continue;
		if (ld->global_line[i]) {
			err_at(ld, ld->line, "section [%s] appears twice (first at line %d)",
			       name, ld->global_line[i]);
			return;
		}
		ld->global_line[i] = ld->line;
		ld->generic = global_sections[i];
		ld->base = ld->cfg;
		ld->seen = ld->seen_global;
		return;
	}
	if (strncmp(name, "service.", 8) == 0)
		begin_service(ld, name + 8);
	else if (strncmp(name, "counter.", 8) == 0)
		begin_counter(ld, name + 8);
	else if (strncmp(name, "dossier.", 8) == 0)
		begin_status(ld, name + 8);
	else
		err_at(ld, ld->line, "unknown section [%s]", name);
}

/*
 * inih's line source.  Counts lines, takes whole lines of any length (a line
 * over the limit is an error, not two lines), starts sections, and turns lines
 * it has already reported into comments so inih does not report them again.
 */
static char *reader(char *str, int num, void *stream)
{
	struct load *ld = stream;
	ssize_t n;
	char *p;

	errno = 0;
	n = getline(&ld->buf, &ld->cap, ld->f);
	if (n < 0) {
		/* the end of the file, or an error: never a configuration cut short */
		if (errno == ENOMEM)
			err_at(ld, ld->line + 1, "out of memory while reading");
		else if (ferror(ld->f) || errno)
			err_at(ld, ld->line + 1, "cannot be read: %s", strerror(errno ? errno : EIO));
		return NULL;
	}
	ld->line++;
	while (n > 0 && (ld->buf[n - 1] == '\n' || ld->buf[n - 1] == '\r'))
		ld->buf[--n] = '\0';
	p = ld->buf;
	if (ld->line == 1 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
	    (unsigned char)p[2] == 0xbf)
		p += 3;
	while (*p == ' ' || *p == '\t')
		p++;

	if (n >= num - 1) {
		err_at(ld, ld->line, "line is longer than %d bytes", num - 2);
		snprintf(str, (size_t)num, ";\n");
		return str;
	}
	if (*p == '[') {
		char *close = strchr(p, ']');
		if (!close) {
			err_at(ld, ld->line, "section header without ']'");
			ld->generic = NULL;
			snprintf(str, (size_t)num, ";\n");
			return str;
		}
		char name[64];
		size_t len = (size_t)(close - p - 1);
		if (len >= sizeof(name))
			len = sizeof(name) - 1;
		memcpy(name, p + 1, len);
		name[len] = '\0';
		begin_section(ld, name);
	} else if (*p && *p != ';' && *p != '#' && !strchr(p, '=')) {
		err_at(ld, ld->line, "expected 'key = value', found '%.40s'", p);
		snprintf(str, (size_t)num, ";\n");
		return str;
	}
	snprintf(str, (size_t)num, "%s\n", ld->buf);
	return str;
}

static int item_index(const struct kconf_item *it)
{
	return (int)(it - kconf_items);
}

static void set_key(struct load *ld, const struct kconf_item *it, const char *name,
		    const char *value)
{
	struct kconf *cfg = ld->cfg;
	const char *kid = name + 4;
	char why[160];

	if (!valid_code(kid)) {
		err_at(ld, ld->line, "[booking] %s: a key id is 1 to 8 of A-Z and 0-9", name);
		return;
	}
	if (kconf_key(cfg, kid)) {
		err_at(ld, ld->line, "[booking] %s is set twice", name);
		return;
	}
	if (cfg->booking.nkeys >= KCONF_MAX_KEYS) {
		err_at(ld, ld->line, "[booking] more than %d keys", KCONF_MAX_KEYS);
		return;
	}
	struct kconf_key *k = &cfg->booking.keys[cfg->booking.nkeys];
	if (kconf_item_set(it, k, value, NULL, why, sizeof(why)) < 0) {
		err_at(ld, ld->line, "[booking] %s %s", name, why);
		return;
	}
	snprintf(k->kid, sizeof(k->kid), "%s", kid);
	cfg->booking.nkeys++;
}

static void set_token(struct load *ld, const struct kconf_item *it, const char *name,
		      const char *value)
{
	struct kconf *cfg = ld->cfg;
	const char *who = strchr(name, '.') + 1;
	char why[200], rater[17] = "";
	int rater_id = 0;

	if (strlen(who) < 1 || strlen(who) > 16) {
		err_at(ld, ld->line, "[server] %s: a name is 1 to 16 characters", name);
		return;
	}
	if (strncmp(name, "rater.", 6) == 0) { /* named by its counter: rater.3 */
		char *end;
		long id = strtol(who, &end, 10);
		if (*end || !isdigit((unsigned char)who[0]) || id < 1 || id > 99) {
			err_at(ld, ld->line, "[server] %s: a rating device is named by its counter's "
			       "number, 1 to 99 (rater.3)", name);
			return;
		}
		rater_id = (int)id;
		snprintf(rater, sizeof(rater), "rater-%d", rater_id);
		who = rater;
	}
	for (int i = 0; i < cfg->server.ntokens; i++)
		if (strcmp(cfg->server.tokens[i].name, who) == 0 ||
		    strcmp(cfg->server.tokens[i].token, value) == 0) {
			err_at(ld, ld->line, "[server] %s: the name or the token is used twice", name);
			return;
		}
	if (cfg->server.ntokens >= KCONF_MAX_TOKENS) {
		err_at(ld, ld->line, "[server] more than %d tokens", KCONF_MAX_TOKENS);
		return;
	}
	struct kconf_token *t = &cfg->server.tokens[cfg->server.ntokens];
	if (kconf_item_set(it, t, value, NULL, why, sizeof(why)) < 0) {
		err_at(ld, ld->line, "[server] %s %s", name, why);
		return;
	}
	snprintf(t->name, sizeof(t->name), "%s", who);
	t->staff = strncmp(name, "staff.", 6) == 0;
	t->booking = strncmp(name, "booking.", 8) == 0;
	t->rater = rater_id;
	cfg->server.ntokens++;
}

static void set_band(struct load *ld, const struct kconf_item *it, const char *name,
		     const char *value)
{
	struct kconf *cfg = ld->cfg;
	const char *who = strchr(name, '.') + 1;
	char why[200];

	if (strlen(who) < 1 || strlen(who) > 16 || kconf_band(cfg, who)) {
		err_at(ld, ld->line, "[server] %s: a name of 1 to 16 characters, once", name);
		return;
	}
	if (cfg->server.nbands >= KCONF_MAX_TOKENS) {
		err_at(ld, ld->line, "[server] more than %d bands", KCONF_MAX_TOKENS);
		return;
	}
	struct kconf_band *b = &cfg->server.bands[cfg->server.nbands];
	if (kconf_item_set(it, b, value, NULL, why, sizeof(why)) < 0 || b->r.from == 0) {
		err_at(ld, ld->line, "[server] %s %s", name,
		       b->r.from ? why : "must be FIRST-LAST");
		return;
	}
	for (int i = 0; i < cfg->server.nbands; i++) {
		const struct kconf_range *o = &cfg->server.bands[i].r;
		if (b->r.from <= o->to && o->from <= b->r.to) {
			err_at(ld, ld->line, "[server] %s overlaps band.%s (%d-%d): a number "
			       "would be issued twice", name, cfg->server.bands[i].name, o->from,
			       o->to);
			return;
		}
	}
	snprintf(b->name, sizeof(b->name), "%s", who);
	cfg->server.nbands++;
}

/* hours.<day> of the service being read. */
static void set_dayhours(struct load *ld, const struct kconf_item *it, const char *name,
			 const char *value)
{
	static const char *days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	struct kconf_service *s = ld->base;
	char why[160];
	int d = -1;

	for (int i = 0; i < 7; i++)
		if (strcmp(name + 6, days[i]) == 0)
			d = i;
	if (d < 0) {
		err_at(ld, ld->line, "[%s] %s: the day is one of mon tue wed thu fri sat sun "
		       "(hours.sat)", ld->section, name);
		return;
	}
	if (s->day_hours[d].line) {
		err_at(ld, ld->line, "[%s] %s is set twice (first at line %d)", ld->section, name,
		       s->day_hours[d].line);
		return;
	}
	if (kconf_item_set(it, &s->day_hours[d], value, NULL, why, sizeof(why)) < 0) {
		err_at(ld, ld->line, "[%s] %s = '%.60s' %s", ld->section, name, value, why);
		return;
	}
	s->day_hours[d].line = ld->line;
}

/* [calendar] closed / open: each line adds its days, so a year's list may
 * take a line of its own. */
static void set_dates(struct load *ld, const struct kconf_item *it, const char *name,
		      const char *value)
{
	struct kconf_datelist *l = (struct kconf_datelist *)((char *)ld->cfg + it->offset);
	int before = l->n;
	char why[160];

	if (kconf_item_set(it, ld->cfg, value, NULL, why, sizeof(why)) < 0) {
		err_at(ld, ld->line, "[calendar] %s %s", name, why);
		return;
	}
	for (int i = before; i < l->n; i++)
		l->d[i].line = ld->line;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct load *ld = user;
	const struct kconf_item *it;
	char why[160];

	(void)section; /* the reader has already started it */
	if (ld->line > 0 && ld->section[0] == '\0' && !ld->generic) {
		err_at(ld, ld->line, "'%s' stands before any [section]", name);
		return 1;
	}
	if (!ld->generic)
		return 1; /* the section itself was reported */
	it = kconf_item_find(ld->generic, name);
	if (!it) {
		err_at(ld, ld->line, "unknown key '%s' in [%s]", name, ld->section);
		return 1;
	}
	if (it->type == KT_KEY) {
		set_key(ld, it, name, value);
		return 1;
	}
	if (it->type == KT_TOKEN) {
		set_token(ld, it, name, value);
		return 1;
	}
	if (it->type == KT_RANGE && strchr(it->name, '*')) {
		set_band(ld, it, name, value);
		return 1;
	}
	if (it->type == KT_DAYHOURS) {
		set_dayhours(ld, it, name, value);
		return 1;
	}
	if (it->type == KT_DATES) {
		set_dates(ld, it, name, value);
		return 1;
	}
	if (ld->seen[item_index(it)]) {
		err_at(ld, ld->line, "[%s] %s is set twice (first at line %d)", ld->section, name,
		       ld->seen[item_index(it)]);
		return 1;
	}
	ld->seen[item_index(it)] = ld->line;
	if (kconf_item_set(it, ld->base, value, ld->confdir, why, sizeof(why)) < 0)
		err_at(ld, ld->line, "[%s] %s = '%.60s' %s", ld->section, name, value, why);
	return 1;
}

static void check_required(struct load *ld, const char *generic, const char *section,
			   const int *seen, int line)
{
	for (size_t i = 0; i < kconf_nitems; i++) {
		const struct kconf_item *it = &kconf_items[i];
		if (!it->def && strcmp(it->section, generic) == 0 && !seen[i])
			err_at(ld, line, "[%s] has no %s (%s)", section, it->name, it->help);
	}
}

static void resolve_counter(struct load *ld, struct kconf_counter *c)
{
	char list[KCONF_NAME];
	char *save = NULL;

	snprintf(list, sizeof(list), "%s", c->services_text);
	for (char *tok = strtok_r(list, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		int i = kconf_service_index(ld->cfg, tok);
		if (i < 0)
			err_at(ld, c->line, "[counter.%d] serves '%s', which is no [service.%s]",
			       c->id, tok, tok);
		else
			c->services |= 1u << i;
	}
}

/* The line a global key was set on, else its section's line, else 0. */
static int key_line(const struct load *ld, const char *section, const char *name)
{
	const struct kconf_item *it = kconf_item_find(section, name);
	if (it && ld->seen_global[item_index(it)])
		return ld->seen_global[item_index(it)];
	for (size_t i = 0; i < NGLOBAL; i++)
		if (strcmp(global_sections[i], section) == 0)
			return ld->global_line[i];
	return 0;
}

/* A name that may start a client_ref: 1-16 of A-Z a-z 0-9 . _ - */
static int valid_kiosk_name(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return 0;
	return n >= 1 && n <= 16;
}

static void validate_sync(struct load *ld)
{
	const struct kconf *cfg = ld->cfg;

	for (int i = 0; i < cfg->server.nbands; i++) {
		const char *name = cfg->server.bands[i].name;
		int known = 0;
		for (int j = 0; j < cfg->server.ntokens; j++)
			known |= !cfg->server.tokens[j].staff && !cfg->server.tokens[j].booking &&
				 strcmp(cfg->server.tokens[j].name, name) == 0;
		if (!known)
			err_at(ld, key_line(ld, "server", "listen"),
			       "[server] band.%s: there is no kiosk.%s", name, name);
	}
	if (!cfg->server.cert[0] != !cfg->server.key[0])
		err_at(ld, key_line(ld, "server", cfg->server.cert[0] ? "cert" : "key"),
		       "[server] cert and key go together (HTTPS needs both)");
	if (!cfg->booking.signing_key[0] != !cfg->booking.signing_kid[0])
		err_at(ld, key_line(ld, "booking", "signing_key"),
		       "[booking] signing_key and signing_kid go together");
	if (cfg->booking.signing_kid[0] && !kconf_key(cfg, cfg->booking.signing_kid))
		err_at(ld, key_line(ld, "booking", "signing_kid"), "[booking] signing_kid %s has no "
		       "key.%s: kiosks could not check what the server signs",
		       cfg->booking.signing_kid, cfg->booking.signing_kid);
	if (!cfg->sync.server[0])
		return;
	if (strncmp(cfg->sync.server, "http://", 7) != 0 &&
	    strncmp(cfg->sync.server, "https://", 8) != 0)
		err_at(ld, key_line(ld, "sync", "server"),
		       "[sync] server must start with http:// or https://");
	if (cfg->kiosk.mode == KCONF_MODE_BOARD)
		return; /* a lobby board reads the public /board: no name, no token */
	if (cfg->kiosk.mode == KCONF_MODE_RATE) { /* a rating panel: its rater.<N> token */
		if (!cfg->sync.token[0])
			err_at(ld, key_line(ld, "sync", "token"), "[sync] token is needed for a "
			       "rating panel: the value of [server] rater.<COUNTER>");
		return;
	}
	if (!valid_kiosk_name(cfg->sync.name))
		err_at(ld, key_line(ld, "sync", "name"), "[sync] name is needed with a server: "
		       "1 to 16 of A-Z a-z 0-9 . _ - (its [server] kiosk.<NAME>)");
	if (!cfg->sync.token[0])
		err_at(ld, key_line(ld, "sync", "token"), "[sync] token is needed with a server");
}

/* A day may not be both closed and a make-up working day. */
static void validate_calendar(struct load *ld)
{
	const struct kconf_datelist *c = &ld->cfg->calendar.closed, *o = &ld->cfg->calendar.open;
	char day[16];

	for (int i = 0; i < o->n; i++)
		for (int j = 0; j < c->n; j++) {
			if (o->d[i].to < c->d[j].from || c->d[j].to < o->d[i].from)
				continue;
			kclock_day_str(o->d[i].from > c->d[j].from ? o->d[i].from : c->d[j].from,
				       day, sizeof(day));
			err_at(ld, o->d[i].line, "[calendar] %s is both open (a make-up working "
			       "day) and closed (line %d): say which", day, c->d[j].line);
			break;
		}
}

/* [rating]: the English words match the Vietnamese ones; raters name counters. */
static void validate_rating(struct load *ld)
{
	struct kconf *cfg = ld->cfg;
	const struct kconf_words *lv = &cfg->rating.levels_vi, *le = &cfg->rating.levels_en;
	const struct kconf_words *rv = &cfg->rating.reasons_vi, *re = &cfg->rating.reasons_en;

	if (le->n && le->n != lv->n)
		err_at(ld, key_line(ld, "rating", "levels_en"), "[rating] levels_en has %d words, "
		       "levels_vi %d: as many, or none", le->n, lv->n);
	if (re->n && re->n != rv->n)
		err_at(ld, key_line(ld, "rating", "reasons_en"), "[rating] reasons_en has %d words, "
		       "reasons_vi %d: as many, or none", re->n, rv->n);
	if (cfg->rating.ask_reason > lv->n)
		err_at(ld, key_line(ld, "rating", "ask_reason"), "[rating] ask_reason is %d, but "
		       "there are %d levels", cfg->rating.ask_reason, lv->n);
	for (int i = 0; i < cfg->server.ntokens; i++) {
		int id = cfg->server.tokens[i].rater;
		if (id && cfg->ncounters && !kconf_counter(cfg, id))
			err_at(ld, key_line(ld, "server", "listen"), "[server] rater.%d: there is no "
			       "[counter.%d]", id, id);
	}
	if (cfg->kiosk.mode == KCONF_MODE_RATE &&
	    (!cfg->kiosk.rate_counter || !cfg->sync.server[0]))
		err_at(ld, key_line(ld, "kiosk", "mode"), "[kiosk] mode = rate needs rate_counter "
		       "(the counter's number) and [sync] server");
}

/* [public] url: an origin a phone can open, https://HOST[:PORT], nothing after it
 * (the slip adds /t/<token>); a trailing '/' is dropped. */
static void validate_public(struct load *ld)
{
	char *url = ld->cfg->public.url;
	size_t n = strlen(url);
	const char *host = !strncmp(url, "https://", 8) ? url + 8 :
			   !strncmp(url, "http://", 7) ? url + 7 : NULL;

	if (n && url[n - 1] == '/')
		url[--n] = 0;
	if (n && (!host || !*host || strpbrk(host, "/?#@ \t\"'<>\\")))
		err_at(ld, key_line(ld, "public", "url"), "[public] url is https://HOST[:PORT] "
		       "(or http://), with no path: the slip adds /t/<token>");
}

static void validate(struct load *ld)
{
	struct kconf *cfg = ld->cfg;

	if (!ld->global_line[0])
		err_at(ld, 0, "missing section [station] (id and name_vi are required)");
	else
		check_required(ld, "station", "station", ld->seen_global, ld->global_line[0]);
	if (cfg->nservices == 0)
		err_at(ld, 0, "no [service.<CODE>] section: a station offers at least one service");

	for (int i = 0; i < cfg->nservices; i++) {
		struct kconf_service *s = &cfg->services[i];
		char sec[32];
		snprintf(sec, sizeof(sec), "service.%s", s->code);
		check_required(ld, "service.*", sec, ld->seen_svc[i], s->line);
		for (int j = 0; j < i; j++)
			if (s->prefix[0] && strcmp(s->prefix, cfg->services[j].prefix) == 0)
				err_at(ld, s->line, "[service.%s] prefix %s is already used by "
				       "[service.%s]", s->code, s->prefix, cfg->services[j].code);
		if (s->nhours == 0)
			err_at(ld, s->line, "[service.%s] has no opening hours", s->code);
		int opens = 0;
		for (int d = 0; d < 7; d++)
			opens |= s->day_hours[d].line ? s->day_hours[d].n > 0 :
				 (s->days & (1u << d)) != 0;
		if (s->days == 0 || !opens)
			err_at(ld, s->line, "[service.%s] has no opening days", s->code);
	}
	validate_calendar(ld);
	validate_sync(ld);
	validate_rating(ld);
	validate_public(ld);

	for (int i = 0; i < cfg->ncounters; i++) {
		struct kconf_counter *c = &cfg->counters[i];
		char sec[32];
		snprintf(sec, sizeof(sec), "counter.%d", c->id);
		check_required(ld, "counter.*", sec, ld->seen_ctr[i], c->line);
		resolve_counter(ld, c);
	}
	for (int i = 0; i < cfg->dossiers.nstatuses; i++) {
		const struct kconf_status *st = &cfg->dossiers.statuses[i];
		char sec[32];
		snprintf(sec, sizeof(sec), "dossier.%s", st->code);
		check_required(ld, "dossier.*", sec, ld->seen_status[i], st->line);
		if (st->service[0] && !kconf_service(cfg, st->service))
			err_at(ld, st->line, "[dossier.%s] service %s is no [service.%s]", st->code,
			       st->service, st->service);
	}
}

/* The rules other modules own (station_conf.c), once every key is known. */
static void run_checks(struct load *ld, const struct kconf_check *checks)
{
	char why[200];

	for (const struct kconf_check *c = checks; c && c->check; c++)
		if (c->check(ld->cfg, why, sizeof(why)) < 0)
			err_at(ld, key_line(ld, c->section, c->key), "%s%s", c->label, why);
}

int kconf_load_stream(FILE *f, const char *name, const struct kconf_check *checks,
		      struct kconf *cfg, struct kconf_errors *errs)
{
	struct load *ld;
	int r = K_OK;

	memset(cfg, 0, sizeof(*cfg));
	memset(errs, 0, sizeof(*errs));
	if (kconf_nitems > MAX_ITEMS) { /* a programming error: the table outgrew MAX_ITEMS */
		snprintf(errs->msg[errs->n++], sizeof(errs->msg[0]),
			 "%s: this build knows %zu keys, more than its limit %d", name, kconf_nitems,
			 MAX_ITEMS);
		return K_ERR_CONFIG;
	}
	ld = calloc(1, sizeof(*ld));
	if (!ld)
		return K_ERR_NOMEM;
	ld->cfg = cfg;
	ld->errs = errs;
	ld->name = name;
	ld->f = f;
	snprintf(cfg->path, sizeof(cfg->path), "%s", name);
	snprintf(ld->confdir, sizeof(ld->confdir), "%s", name);
	char *slash = strrchr(ld->confdir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(ld->confdir, sizeof(ld->confdir), ".");

	for (size_t i = 0; i < NGLOBAL; i++)
		apply_defaults(ld, global_sections[i], cfg);

	/* inih's syntax options are process-wide; the same for every load. */
	ini_allow_multiline = 0;
	ini_stop_on_first_error = 0;
	ini_use_stack = 0;          /* a heap line buffer of LINE_MAX_BYTES */
	ini_initial_alloc = LINE_MAX_BYTES;
	ini_max_line = LINE_MAX_BYTES;
	int line = ini_parse_stream(reader, ld, handler, ld);
	if (line > 0 && errs->n == 0)
		err_at(ld, line, "cannot be parsed");
	if (line < 0)
		err_at(ld, 0, "out of memory while parsing");
	validate(ld);
	run_checks(ld, checks);

	if (errs->n > 0 || errs->dropped > 0)
		r = K_ERR_CONFIG;
	free(ld->buf);
	free(ld);
	return r;
}

void kconf_defaults(struct kconf *cfg)
{
	struct kconf_errors errs;
	struct load ld = { .cfg = cfg, .errs = &errs, .name = "defaults" };

	memset(cfg, 0, sizeof(*cfg));
	memset(&errs, 0, sizeof(errs));
	snprintf(ld.confdir, sizeof(ld.confdir), ".");
	for (size_t i = 0; i < NGLOBAL; i++)
		apply_defaults(&ld, global_sections[i], cfg);
}

int kconf_load(const char *path, const struct kconf_check *checks, struct kconf *cfg,
	       struct kconf_errors *errs)
{
	FILE *f = fopen(path, "r");
	int r;

	if (!f) {
		memset(errs, 0, sizeof(*errs));
		snprintf(errs->msg[0], sizeof(errs->msg[0]), "%s: cannot be read", path);
		errs->n = 1;
		return K_ERR_IO;
	}
	r = kconf_load_stream(f, path, checks, cfg, errs);
	fclose(f);
	return r;
}

void kconf_errors_print(const struct kconf_errors *errs, FILE *f)
{
	for (int i = 0; i < errs->n; i++)
		fprintf(f, "%s\n", errs->msg[i]);
	if (errs->dropped)
		fprintf(f, "(%d more problems not shown)\n", errs->dropped);
}

const struct kconf_service *kconf_service(const struct kconf *cfg, const char *code)
{
	int i = kconf_service_index(cfg, code);
	return i < 0 ? NULL : &cfg->services[i];
}

int kconf_service_index(const struct kconf *cfg, const char *code)
{
	for (int i = 0; i < cfg->nservices; i++)
		if (strcmp(cfg->services[i].code, code) == 0)
			return i;
	return -1;
}

const struct kconf_status *kconf_status(const struct kconf *cfg, const char *code)
{
	for (int i = 0; i < cfg->dossiers.nstatuses; i++)
		if (strcmp(cfg->dossiers.statuses[i].code, code) == 0)
			return &cfg->dossiers.statuses[i];
	return NULL;
}

const struct kconf_counter *kconf_counter(const struct kconf *cfg, int id)
{
	for (int i = 0; i < cfg->ncounters; i++)
		if (cfg->counters[i].id == id)
			return &cfg->counters[i];
	return NULL;
}

const struct kconf_token *kconf_token(const struct kconf *cfg, const char *token)
{
	size_t len = strlen(token);
	const struct kconf_token *hit = NULL;
	for (int i = 0; i < cfg->server.ntokens; i++) /* every one, every time */
		if (strlen(cfg->server.tokens[i].token) == len &&
		    sodium_memcmp(cfg->server.tokens[i].token, token, len) == 0)
			hit = &cfg->server.tokens[i];
	return hit;
}

const struct kconf_band *kconf_band(const struct kconf *cfg, const char *name)
{
	for (int i = 0; i < cfg->server.nbands; i++)
		if (strcmp(cfg->server.bands[i].name, name) == 0)
			return &cfg->server.bands[i];
	return NULL;
}

const struct kconf_key *kconf_key(const struct kconf *cfg, const char *kid)
{
	for (int i = 0; i < cfg->booking.nkeys; i++)
		if (strcmp(cfg->booking.keys[i].kid, kid) == 0)
			return &cfg->booking.keys[i];
	return NULL;
}
