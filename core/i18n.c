/*
 * i18n.c - a small catalogue loaded with inih.
 */
#include "i18n.h"
#include "kerr.h"
#include "klog.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define I18N_MAX 256

struct i18n {
	int n;
	int bad;
	int nomem;
	char *key[I18N_MAX];
	char *text[I18N_MAX];
};

static int add(void *user, const char *section, const char *name, const char *value)
{
	struct i18n *t = user;
	char key[128];

	if (t->n >= I18N_MAX) {
		t->bad = 1;
		return 0;
	}
	snprintf(key, sizeof(key), "%s%s%s", section, *section ? "." : "", name);
	t->key[t->n] = strdup(key);
	t->text[t->n] = strdup(value);
	if (!t->key[t->n] || !t->text[t->n]) {
		free(t->key[t->n]);
		free(t->text[t->n]);
		t->key[t->n] = t->text[t->n] = NULL;
		t->nomem = 1;
		return 0;
	}
	t->n++;
	return 1;
}

int i18n_load(struct i18n **out, const char *dir, const char *lang)
{
	char path[512];
	struct i18n *t = calloc(1, sizeof(*t));
	int line;

	*out = NULL;
	if (!t)
		return K_ERR_NOMEM;
	snprintf(path, sizeof(path), "%s/%s.ini", dir, lang);
	line = ini_parse(path, add, t);
	if (line == -1) {
		klog(KLOG_ERR, "i18n: cannot read %s", path);
		i18n_free(t);
		return K_ERR_IO;
	}
	if (t->nomem || line == -2) {
		klog(KLOG_ERR, "i18n: %s: out of memory", path);
		i18n_free(t);
		return K_ERR_NOMEM;
	}
	if (line != 0 || t->bad) {
		klog(KLOG_ERR, "i18n: %s:%d: cannot be parsed", path, line);
		i18n_free(t);
		return K_ERR_CONFIG;
	}
	*out = t;
	return K_OK;
}

void i18n_free(struct i18n *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++) {
		free(t->key[i]);
		free(t->text[i]);
	}
	free(t);
}

const char *i18n_get(struct i18n *t, const char *key)
{
	if (!t)
		return key;
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->key[i], key) == 0)
			return t->text[i];
	klog(KLOG_WARN, "i18n: no text for '%s'", key);
	return key;
}

void i18n_format(struct i18n *t, const char *key, long n, char *buf, unsigned len)
{
	const char *text = i18n_get(t, key);
	const char *mark = strstr(text, "{n}");

	if (!mark)
		snprintf(buf, len, "%s", text);
	else
		snprintf(buf, len, "%.*s%ld%s", (int)(mark - text), text, n, mark + 3);
}

void i18n_fill(const char *text, const char *const names[], const char *const values[], int n,
	       char *buf, unsigned len)
{
	unsigned used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	while (*text && used + 1 < len) {
		const char *with = NULL;
		size_t skip = 0;
		for (int i = 0; i < n && !with && *text == '{'; i++)
			if (strncmp(text, names[i], strlen(names[i])) == 0) {
				with = values[i];
				skip = strlen(names[i]);
			}
		if (with) {
			int w = snprintf(buf + used, len - used, "%s", with);
			used = w < 0 || used + (unsigned)w >= len ? len - 1 : used + (unsigned)w;
			text += skip;
		} else {
			buf[used++] = *text++;
			buf[used] = '\0';
		}
	}
}

void i18n_wait(struct i18n *t, const char *key, int minutes, char *buf, unsigned len)
{
	static const char *const name[] = { "{wait}" };
	char hours[64], mins[64], both[130];
	const char *value[] = { both };

	i18n_format(t, "wait.hours", minutes / 60, hours, sizeof(hours));
	i18n_format(t, "wait.minutes", minutes % 60, mins, sizeof(mins));
	if (minutes < 60)
		snprintf(both, sizeof(both), "%s", mins);
	else if (minutes % 60 == 0)
		snprintf(both, sizeof(both), "%s", hours);
	else
		snprintf(both, sizeof(both), "%s %s", hours, mins);
	i18n_fill(i18n_get(t, key), name, value, 1, buf, len);
}

int i18n_count(const struct i18n *t)
{
	return t ? t->n : 0;
}

const char *i18n_key(const struct i18n *t, int i)
{
	return t && i >= 0 && i < t->n ? t->key[i] : NULL;
}
