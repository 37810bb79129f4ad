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

/* Number of keys, and the key at index i (for the completeness test). */
int i18n_count(const struct i18n *t);
const char *i18n_key(const struct i18n *t, int i);

#endif
