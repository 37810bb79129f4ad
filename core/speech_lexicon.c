/*
 * speech_lexicon.c - the words a call says numbers and letters with, read
 * from the voice's lexicon file (see speech.h, docs/voice.md), and the
 * station's own letter names from [voice] letters; and the call's phrase
 * for a kiosk.conf without [voice] phrase.
 *
 * Every key must be there exactly once: a lexicon with a word missing would
 * make a number unsayable in front of the lobby, so it is refused when the
 * voice is opened (and `kioskctl check` names the line).  Words may not hold
 * the marks a phrase pauses at.
 */
#include "speech_private.h"
#include "kerr.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 256
#define NO_PAUSE ",.;:!?"  /* voice.c pauses at these */

static const char *const word_keys[SW_COUNT] = {
	[SW_TEN] = "ten", [SW_TENS] = "tens", [SW_ONE] = "one", [SW_FOUR] = "four",
	[SW_FIVE] = "five", [SW_ODD] = "odd", [SW_HUNDRED] = "hundred",
	[SW_THOUSAND] = "thousand",
};

/* Trim blanks at both ends, in place. */
static char *trim(char *s)
{
	s += strspn(s, " \t");
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Words fit to be said: not empty, no pause mark or control byte, under cap. */
static const char *words_fault(const char *w, size_t cap)
{
	if (!*w)
		return "has no words";
	if (strlen(w) >= cap)
		return "is too long";
	for (const unsigned char *p = (const unsigned char *)w; *p; p++)
		if (*p < 0x20 || *p == 0x7f || strchr(NO_PAUSE, *p))
			return "has a mark a call would pause at (, . ; : ! ?)";
	return NULL;
}

/* The phrase: its pauses are its own; voice.c checks its {number}. */
static const char *phrase_fault(const char *p)
{
	if (!*p)
		return "is empty";
	if (strlen(p) >= SPEECH_PHRASE)
		return "is too long";
	for (const unsigned char *c = (const unsigned char *)p; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return "has a control character";
	return NULL;
}

/* The slot of key in lx and its size; NULL if no such key. */
static char *slot(struct speech_lexicon *lx, const char *key, size_t *cap)
{
	if (!strcmp(key, "phrase")) {
		*cap = SPEECH_PHRASE;
		return lx->phrase;
	}
	*cap = SPEECH_WORD;
	if (!strncmp(key, "digit.", 6) && key[6] >= '0' && key[6] <= '9' && !key[7])
		return lx->digit[key[6] - '0'];
	if (!strncmp(key, "letter.", 7) && key[7] >= 'A' && key[7] <= 'Z' && !key[8]) {
		*cap = SPEECH_NAME;
		return lx->letter[key[7] - 'A'];
	}
	for (int i = 0; i < SW_COUNT; i++)
		if (!strcmp(key, word_keys[i]))
			return lx->word[i];
	return NULL;
}

int speech_lexicon_load(struct speech_lexicon **out, const char *path, char *err, size_t el)
{
	struct speech_lexicon *lx = calloc(1, sizeof(*lx));
	char line[LINE_MAX_BYTES + 2];
	int lineno = 0, r = K_OK;
	FILE *f = NULL;

	*out = NULL;
	if (!lx)
		return K_ERR_NOMEM;
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, el, "%s: cannot be read: %s", path, strerror(errno));
		r = K_ERR_IO;
		goto out;
	}
	while (r == K_OK && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line), cap;
		lineno++;
		if (len > LINE_MAX_BYTES) {
			snprintf(err, el, "%s:%d: line longer than %d bytes", path, lineno,
				 LINE_MAX_BYTES);
			r = K_ERR_INVALID;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		char *key = trim(line), *eq = strchr(key, '='), *dst;
		if (!*key || *key == '#')
			continue;
		const char *why = !eq ? "expected 'key = words'" : NULL;
		if (eq) {
			*eq = '\0';
			key = trim(key);
			char *val = trim(eq + 1);
			dst = slot(lx, key, &cap);
			why = !dst ? "unknown key (docs/voice.md lists them)" :
			      *dst ? "given twice" :
			      dst == lx->phrase ? phrase_fault(val) : words_fault(val, cap);
			if (!why)
				snprintf(dst, cap, "%s", val);
		}
		if (why) {
			snprintf(err, el, "%s:%d: %.40s %s", path, lineno, key, why);
			r = K_ERR_INVALID;
		}
	}
	if (r == K_OK && ferror(f)) {
		snprintf(err, el, "%s: cannot be read", path);
		r = K_ERR_IO;
	}
	/* every word, so that every number and letter can be said */
	for (int i = 0; r == K_OK && i < 10 + SW_COUNT + 26 + 1; i++) {
		char key[16];
		size_t cap;
		if (i == 10 + SW_COUNT + 26)
			snprintf(key, sizeof(key), "phrase");
		else if (i < 10)
			snprintf(key, sizeof(key), "digit.%d", i);
		else if (i < 10 + SW_COUNT)
			snprintf(key, sizeof(key), "%s", word_keys[i - 10]);
		else
			snprintf(key, sizeof(key), "letter.%c", 'A' + i - 10 - SW_COUNT);
		if (!*slot(lx, key, &cap)) {
			snprintf(err, el, "%s: no %s (every key of docs/voice.md is needed)", path,
				 key);
			r = K_ERR_INVALID;
		}
	}
out:
	if (f)
		fclose(f);
	if (r < 0)
		free(lx);
	else
		*out = lx;
	return r;
}

void speech_lexicon_free(struct speech_lexicon *lx)
{
	free(lx);
}

const char *speech_phrase(const struct speech_lexicon *lx)
{
	return lx->phrase;
}

int speech_letters_set(struct speech_lexicon *lx, const char *text, char *why, size_t wl)
{
	char names[26][SPEECH_NAME], buf[1024];
	int given[26] = { 0 };

	if (strlen(text) >= sizeof(buf)) {
		snprintf(why, wl, "is longer than %zu bytes", sizeof(buf) - 1);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *save = NULL, *e = strtok_r(buf, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
		e = trim(e);
		if (!*e)
			continue;
		char c = e[0] >= 'a' && e[0] <= 'z' ? (char)(e[0] - 32) : e[0];
		char *colon = e + 1 + strspn(e + 1, " \t");
		if (c < 'A' || c > 'Z' || *colon != ':') {
			snprintf(why, wl, "'%.20s': each entry is a letter, ':' and its name "
				 "(docs/voice.md)", e);
			return -1;
		}
		const char *fault = words_fault(trim(colon + 1), SPEECH_NAME);
		if (fault || given[c - 'A']) {
			snprintf(why, wl, "letter %c %s", c, fault ? fault : "is given twice");
			return -1;
		}
		given[c - 'A'] = 1;
		snprintf(names[c - 'A'], SPEECH_NAME, "%s", trim(colon + 1));
	}
	for (int i = 0; lx && i < 26; i++)
		if (given[i])
			memcpy(lx->letter[i], names[i], SPEECH_NAME);
	return 0;
}
