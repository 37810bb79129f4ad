/*
 * i18n.h - the kiosk's fixed texts, from translation files.
 *
 * assets/i18n/vi.ini and en.ini hold every text the kiosk shows or prints
 * that is not configuration, as `key = text` in sections ("[home]" +
 * "title" gives the key "home.title").  Translators edit these files, never C.
 * A missing key shows the key itself (and is logged), never a crash.
 */
#ifndef I18N_H
#define I18N_H

struct i18n;

/* Load <dir>/<lang>.ini.  Returns 0, K_ERR_IO or K_ERR_CONFIG (line in the log). */
int i18n_load(struct i18n **out, const char *dir, const char *lang);
void i18n_free(struct i18n *t);

/* The text for key, or key itself when the file lacks it. */
const char *i18n_get(struct i18n *t, const char *key);

/*
 * The text for key with "{n}" replaced by n, into buf (always terminated).
 * Translators write {n}, never printf formats, so a text cannot crash us.
 */
void i18n_format(struct i18n *t, const char *key, long n, char *buf, unsigned len);

/*
 * text with each names[i] (e.g. "{date}") replaced by values[i], into buf
 * (always terminated; a text too long is cut).  For translations with named
 * parts, and for the slip's QR address.
 */
void i18n_fill(const char *text, const char *const names[], const char *const values[], int n,
	       char *buf, unsigned len);

/*
 * The text for key with "{wait}" replaced by a wait of minutes as a citizen
 * reads it: "45 phút" under an hour, "1 giờ", "1 giờ 20 phút" from one
 * (keys wait.minutes and wait.hours).  The slip and the kiosk's screen both
 * say a wait through this, so they say it alike.
 */
void i18n_wait(struct i18n *t, const char *key, int minutes, char *buf, unsigned len);

/* Number of keys, and the key at index i (for the completeness test). */
int i18n_count(const struct i18n *t);
const char *i18n_key(const struct i18n *t, int i);

#endif
