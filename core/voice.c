/*
 * voice.c - a call read aloud from recorded clips (see voice.h, docs/voice.md).
 *
 * Three steps.  The index ([voice] clips/index.txt) says what each clip says;
 * every clip is loaded once, at open, through the careful reader of wav.c.
 * A call is first a list of words: the phrase's own words with {number} and
 * {counter} replaced by speech.c's words, punctuation kept as pauses.  The
 * words are then covered by clips, longest run first, so a whole recorded
 * phrase wins over its syllables; the result is a plan of (clip, silence
 * before it) steps that voice_sequence() names and voice_render() joins.
 * Everything a call could need is tried at open, so a missing word shows up
 * in `kioskctl check` and at start, never in front of the lobby.
 */
#include "voice.h"
#include "kerr.h"
#include "klog.h"
#include "speech.h"
#include "wav.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_NAME "index.txt"
#define MAX_ENTRIES 256              /* clips in a set */
#define TEXT_MAX 160                 /* what one clip says, bytes */
#define INDEX_LINE 512
#define CLIP_MAX_BYTES (2u << 20)    /* one clip: a minute at 16 kHz */
#define SET_MAX_BYTES (32u << 20)    /* all clips together */
#define CALL_MAX_SECONDS 180
#define MAX_WORDS 128                /* words in one phrase said once */
#define PAUSE_MARKS ",.;:!?"

struct clip {
	char name[VOICE_NAME];
	char text[TEXT_MAX];  /* lower case, words separated by one space */
	int nwords;
	struct wav wav;
};

struct voice {
	struct kconf_voice cfg;
	struct speech_lexicon *lx; /* the words of numbers and letters */
	int rate;
	int chime;            /* clip index of "[chime]", -1 = none */
	struct clip *clips;
	int nclips;
};

/* A phrase as words; NULL stands for a pause. */
struct words {
	char buf[1024];
	size_t used;
	const char *w[MAX_WORDS];
	int n;
};

struct step {
	int clip;
	int pause_ms;         /* silence before the clip */
};

struct plan {
	struct step s[VOICE_MAX_CLIPS];
	int n;
};

/*
 * Lower-case the letters Vietnamese uses, in place: ASCII, Latin-1 (À..Ý),
 * Ă Đ Ĩ Ũ Ơ Ư and the Latin Extended Additional block (Ạ..Ỹ).  Each
 * lower-case form has as many UTF-8 bytes as its capital.
 */
static void lower_vi(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (*p) {
		if (*p < 0x80) {
			if (*p >= 'A' && *p <= 'Z')
				*p = (unsigned char)(*p + 32);
			p++;
		} else if ((*p & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			unsigned cp = (unsigned)(*p & 0x1f) << 6 | (p[1] & 0x3f);
			if ((cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
				cp += 0x20;
			else if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 ||
				 cp == 0x1a0 || cp == 0x1af)
				cp += 1;
			p[0] = (unsigned char)(0xc0 | cp >> 6);
			p[1] = (unsigned char)(0x80 | (cp & 0x3f));
			p += 2;
		} else if ((*p & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
			unsigned cp = (unsigned)(*p & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
				      (p[2] & 0x3f);
			if (cp >= 0x1ea0 && cp <= 0x1ef9 && cp % 2 == 0)
				cp += 1;
			p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			p[2] = (unsigned char)(0x80 | (cp & 0x3f));
			p += 3;
		} else {
			p++; /* not ours to judge: it simply will not match */
		}
	}
}

static int words_add(struct words *ws, const char *s, size_t len)
{
	if (ws->n >= MAX_WORDS || len + 1 > sizeof(ws->buf) - ws->used)
		return K_ERR_INVALID;
	char *w = ws->buf + ws->used;
	memcpy(w, s, len);
	w[len] = '\0';
	lower_vi(w);
	ws->used += len + 1;
	ws->w[ws->n++] = w;
	return 0;
}

/* Append the words of text (spaces separate, PAUSE_MARKS pause). */
static int words_split(struct words *ws, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t n = strcspn(text + i, " \t" PAUSE_MARKS);
		if (n > len - i)
			n = len - i;
		if (n && words_add(ws, text + i, n) < 0)
			return K_ERR_INVALID;
		i += n;
		if (i < len && strchr(PAUSE_MARKS, text[i]) && ws->n && ws->w[ws->n - 1]) {
			if (ws->n >= MAX_WORDS)
				return K_ERR_INVALID;
			ws->w[ws->n++] = NULL;
		}
		if (i < len)
			i++;
	}
	return 0;
}

int voice_phrase_check(const char *phrase, char *why, size_t wl)
{
	int number = 0, counter = 0;
	for (const char *p = strchr(phrase, '{'); p; p = strchr(p + 1, '{')) {
		if (strncmp(p, "{number}", 8) == 0)
			number++;
		else if (strncmp(p, "{counter}", 9) == 0)
			counter++;
		else {
			snprintf(why, wl, "has '%.12s': only {number} and {counter} are filled in", p);
			return -1;
		}
	}
	if (number != 1 || counter > 1) {
		snprintf(why, wl, "must have {number} once%s (found %d {number}, %d {counter})",
			 counter > 1 ? " and {counter} at most once" : "", number, counter);
		return -1;
	}
	return 0;
}

/* The phrase of one call as words. */
static int expand(const struct voice *v, const char *number, int counter, struct words *ws,
		  char *err, size_t el)
{
	const char *p = v->cfg.phrase;
	char said[256];

	ws->used = 0;
	ws->n = 0;
	while (*p) {
		const char *brace = strchr(p, '{');
		size_t lit = brace ? (size_t)(brace - p) : strlen(p);
		if (words_split(ws, p, lit) < 0)
			goto too_long;
		p += lit;
		if (!*p)
			break;
		if (strncmp(p, "{number}", 8) == 0) {
			if (speech_ticket(v->lx, number, v->cfg.reading == KCONF_READING_DIGITS,
					  said, sizeof(said)) < 0) {
				snprintf(err, el, "'%.20s' is not a ticket number", number);
				return K_ERR_INVALID;
			}
			p += 8;
		} else if (strncmp(p, "{counter}", 9) == 0) {
			if (counter < 1 || counter > 99 ||
			    speech_number(v->lx, counter, said, sizeof(said)) < 0) {
				snprintf(err, el, "counter %d is not 1 to 99", counter);
				return K_ERR_INVALID;
			}
			p += 9;
		} else {
			snprintf(err, el, "[voice] phrase has '%.12s'", p);
			return K_ERR_INVALID;
		}
		if (words_split(ws, said, strlen(said)) < 0)
			goto too_long;
	}
	return 0;
too_long:
	snprintf(err, el, "[voice] phrase has more than %d words", MAX_WORDS);
	return K_ERR_INVALID;
}

/* Do the nw words at w say exactly text ("a b c")? */
static int says(const char *text, const char *const *w, int nw)
{
	for (int i = 0; i < nw; i++) {
		size_t len = strlen(w[i]);
		if (strncmp(text, w[i], len) != 0)
			return 0;
		text += len;
		if (*text != (i == nw - 1 ? '\0' : ' '))
			return 0;
		text += i < nw - 1;
	}
	return 1;
}

/* The clip saying the longest run of the avail words at w; its length in *used. */
static int find_run(const struct voice *v, const char *const *w, int avail, int *used)
{
	int best = -1;
	*used = 0;
	for (int i = 0; i < v->nclips; i++) {
		const struct clip *c = &v->clips[i];
		if (c->nwords <= avail && c->nwords > *used && says(c->text, w, c->nwords)) {
			best = i;
			*used = c->nwords;
		}
	}
	return best;
}

static int plan_add(struct plan *pl, int clip, int pause_ms, char *err, size_t el)
{
	if (pl->n >= VOICE_MAX_CLIPS) {
		snprintf(err, el, "a call would take more than %d clips", VOICE_MAX_CLIPS);
		return K_ERR_INVALID;
	}
	pl->s[pl->n].clip = clip;
	pl->s[pl->n].pause_ms = pause_ms;
	pl->n++;
	return 0;
}

/* Cover the words with clips; the first clip gets `pause` before it. */
static int plan_words(const struct voice *v, const struct words *ws, int pause,
		      struct plan *pl, char *err, size_t el)
{
	int i = 0, r;
	while (i < ws->n) {
		if (!ws->w[i]) {
			pause = pause > VOICE_PAUSE_MS ? pause : VOICE_PAUSE_MS;
			i++;
			continue;
		}
		int avail = 0, used;
		while (i + avail < ws->n && ws->w[i + avail])
			avail++;
		int c = find_run(v, &ws->w[i], avail, &used);
		if (c < 0) {
			snprintf(err, el, "no clip in %s/" INDEX_NAME " says '%s'", v->cfg.clips,
				 ws->w[i]);
			return K_ERR_INVALID;
		}
		r = plan_add(pl, c, pause < 0 ? VOICE_WORD_GAP_MS : pause, err, el);
		if (r < 0)
			return r;
		pause = -1;
		i += used;
	}
	return 0;
}

static int plan_call(const struct voice *v, const char *number, int counter, struct plan *pl,
		     char *err, size_t el)
{
	struct words ws;
	int pause = 0, r;

	pl->n = 0;
	r = expand(v, number, counter, &ws, err, el);
	if (r < 0)
		return r;
	if (v->cfg.chime) {
		r = plan_add(pl, v->chime, 0, err, el);
		pause = VOICE_CHIME_GAP_MS;
	}
	for (int rep = 0; r == 0 && rep < v->cfg.repeat; rep++)
		r = plan_words(v, &ws, rep ? v->cfg.gap_ms : pause, pl, err, el);
	return r;
}

/* Can text be said?  what names it in the message. */
static int sayable(const struct voice *v, const char *text, const char *what, char *err,
		   size_t el)
{
	struct words ws = { .n = 0 };
	struct plan pl = { .n = 0 };
	char why[200];
	int r = words_split(&ws, text, strlen(text));
	if (r == 0)
		r = plan_words(v, &ws, 0, &pl, why, sizeof(why));
	if (r < 0)
		snprintf(err, el, "%s ('%s'): %s", what, text, why);
	return r;
}

/* One line of the index: "file.wav = text". */
static int index_entry(struct voice *v, char *line, const char *where, size_t *bytes,
		       char *err, size_t el)
{
	char *eq = strchr(line, '='), path[KCONF_PATH + VOICE_NAME + 2], *name = line, *text;
	struct clip *c = &v->clips[v->nclips];
	struct words ws = { .n = 0 };
	int r;

	if (!eq) {
		snprintf(err, el, "%s: expected 'file.wav = what it says'", where);
		return K_ERR_INVALID;
	}
	*eq = '\0';
	text = eq + 1;
	name += strspn(name, " \t");
	name[strcspn(name, " \t")] = '\0';
	text += strspn(text, " \t");
	size_t nl = strlen(name);
	if (nl < 5 || nl >= VOICE_NAME || name[0] == '.' || strcmp(name + nl - 4, ".wav") ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != nl) {
		snprintf(err, el, "%s: '%.40s': a clip is a file name.wav of A-Z a-z 0-9 . _ -, "
			 "under %d characters", where, name, VOICE_NAME);
		return K_ERR_INVALID;
	}
	if (strpbrk(text, PAUSE_MARKS) || words_split(&ws, text, strlen(text)) < 0 ||
	    ws.n == 0) {
		snprintf(err, el, "%s: %s: the text must be words, without %s", where, name,
			 PAUSE_MARKS);
		return K_ERR_INVALID;
	}
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->text[0] = '\0';
	for (int i = 0; i < ws.n; i++) {
		size_t tl = strlen(c->text);
		if ((size_t)snprintf(c->text + tl, sizeof(c->text) - tl, "%s%s", i ? " " : "",
				     ws.w[i]) >= sizeof(c->text) - tl) {
			snprintf(err, el, "%s: %s: the text is too long", where, name);
			return K_ERR_INVALID;
		}
	}
	c->nwords = ws.n;
	for (int i = 0; i < v->nclips; i++)
		if (strcmp(v->clips[i].text, c->text) == 0) {
			snprintf(err, el, "%s: '%s' is said by %s already", where, c->text,
				 v->clips[i].name);
			return K_ERR_INVALID;
		}
	snprintf(path, sizeof(path), "%s/%s", v->cfg.clips, name);
	r = wav_read(path, CLIP_MAX_BYTES, &c->wav, err, el);
	if (r < 0)
		return r;
	v->nclips++; /* owns c->wav from here */
	*bytes += c->wav.n * 2;
	if (*bytes > SET_MAX_BYTES) {
		snprintf(err, el, "%s: the clips are larger than %u MB together", where,
			 SET_MAX_BYTES >> 20);
		return K_ERR_INVALID;
	}
	if (v->rate && c->wav.rate != v->rate) {
		snprintf(err, el, "%s is at %d Hz, %s at %d Hz: every clip must have one rate",
			 path, c->wav.rate, v->clips[0].name, v->rate);
		return K_ERR_INVALID;
	}
	v->rate = c->wav.rate;
	return 0;
}

static int load_index(struct voice *v, char *err, size_t el)
{
	char path[KCONF_PATH + sizeof(INDEX_NAME) + 1], line[INDEX_LINE + 2], where[KCONF_PATH + 40];
	size_t bytes = 0;
	int lineno = 0, r = 0;

	snprintf(path, sizeof(path), "%s/" INDEX_NAME, v->cfg.clips);
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, el, "%s: cannot be read: %s", path, strerror(errno));
		return K_ERR_IO;
	}
	while (r == 0 && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		snprintf(where, sizeof(where), "%s:%d", path, ++lineno);
		if (len > INDEX_LINE) {
			snprintf(err, el, "%s: line longer than %d bytes", where, INDEX_LINE);
			r = K_ERR_INVALID;
			break;
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		char *p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		if (v->nclips >= MAX_ENTRIES) {
			snprintf(err, el, "%s: more than %d clips", where, MAX_ENTRIES);
			r = K_ERR_INVALID;
			break;
		}
		r = index_entry(v, p, where, &bytes, err, el);
	}
	if (r == 0 && ferror(f)) {
		snprintf(err, el, "%s: cannot be read", path);
		r = K_ERR_IO;
	}
	if (r == 0 && v->nclips == 0) {
		snprintf(err, el, "%s lists no clips", path);
		r = K_ERR_INVALID;
	}
	fclose(f);
	return r;
}

/* The words of numbers and letters (lexicon.txt beside the clips), with the
 * station's own letter names ([voice] letters) over them, and the phrase
 * when kiosk.conf has none. */
static int load_lexicon(struct voice *v, char *err, size_t el)
{
	char path[KCONF_PATH + sizeof(SPEECH_LEXICON_FILE) + 1], why[200];
	snprintf(path, sizeof(path), "%s/" SPEECH_LEXICON_FILE, v->cfg.clips);
	int r = speech_lexicon_load(&v->lx, path, err, el);
	if (r == 0 && speech_letters_set(v->lx, v->cfg.letters, why, sizeof(why)) < 0) {
		snprintf(err, el, "[voice] letters: %s", why);
		r = K_ERR_INVALID;
	}
	if (r == 0 && !v->cfg.phrase[0]) { /* no [voice] phrase: the voice's own */
		snprintf(v->cfg.phrase, sizeof(v->cfg.phrase), "%s", speech_phrase(v->lx));
		if (voice_phrase_check(v->cfg.phrase, why, sizeof(why)) < 0) {
			snprintf(err, el, "%s phrase %s", path, why);
			r = K_ERR_INVALID;
		}
	}
	return r;
}

/* Every letter, every number a ticket or counter may need, and the phrase. */
static int check_sayable(const struct voice *v, char *err, size_t el)
{
	static const int big[] = { 10000, 21000, 99999 };
	char what[32], text[200], why[200];
	struct plan pl;
	int r = 0;

	for (char c = 'A'; r == 0 && c <= 'Z'; c++) {
		snprintf(what, sizeof(what), "letter %c", c);
		r = sayable(v, speech_letter(v->lx, c), what, err, el);
	}
	for (int n = 0; r == 0 && n < 1100 + 3; n++) {
		int num = n < 1100 ? n : big[n - 1100];
		snprintf(what, sizeof(what), "number %d", num);
		r = speech_number(v->lx, num, text, sizeof(text));
		if (r == 0)
			r = sayable(v, text, what, err, el);
	}
	if (r == 0 && plan_call(v, "A001", 1, &pl, why, sizeof(why)) < 0) {
		snprintf(err, el, "[voice] phrase: %s", why);
		r = K_ERR_INVALID;
	}
	return r;
}

int voice_open(struct voice **out, const struct kconf *cfg, char *err, size_t el)
{
	struct voice *v = calloc(1, sizeof(*v));
	char why[200];
	int r = K_ERR_NOMEM;

	*out = NULL;
	if (!v)
		goto out;
	v->cfg = cfg->voice;
	v->chime = -1;
	r = K_ERR_INVALID;
	if (v->cfg.phrase[0] && voice_phrase_check(v->cfg.phrase, why, sizeof(why)) < 0) {
		snprintf(err, el, "[voice] phrase %s", why);
		goto out;
	}
	if (v->cfg.repeat < 1 || v->cfg.repeat > 5 || v->cfg.gap_ms < 0 || v->cfg.gap_ms > 3000) {
		snprintf(err, el, "[voice] repeat is 1 to 5 and gap_ms 0 to 3000");
		goto out;
	}
	r = K_ERR_NOMEM;
	v->clips = calloc(MAX_ENTRIES, sizeof(*v->clips));
	if (!v->clips)
		goto out;
	r = load_index(v, err, el);
	if (r == 0)
		r = load_lexicon(v, err, el);
	if (r < 0)
		goto out;
	for (int i = 0; i < v->nclips; i++)
		if (strcmp(v->clips[i].text, "[chime]") == 0)
			v->chime = i;
	if (v->cfg.chime && v->chime < 0) {
		snprintf(err, el, "no clip in %s/" INDEX_NAME " is the [chime] ([voice] chime = yes)",
			 v->cfg.clips);
		r = K_ERR_INVALID;
		goto out;
	}
	r = check_sayable(v, err, el);
out:
	if (r < 0) {
		voice_close(v);
		return r;
	}
	*out = v;
	return 0;
}

void voice_close(struct voice *v)
{
	if (!v)
		return;
	for (int i = 0; i < v->nclips; i++)
		wav_free(&v->clips[i].wav);
	free(v->clips);
	speech_lexicon_free(v->lx);
	free(v);
}

int voice_rate(const struct voice *v)
{
	return v->rate;
}

long voice_clip_samples(const struct voice *v, const char *name)
{
	for (int i = 0; i < v->nclips; i++)
		if (strcmp(v->clips[i].name, name) == 0)
			return (long)v->clips[i].wav.n;
	return -1;
}

/* plan_call, logging why it failed: the board's caller has no message buffer. */
static int plan_logged(const struct voice *v, const char *number, int counter, struct plan *pl)
{
	char err[300];
	int r = plan_call(v, number, counter, pl, err, sizeof(err));
	if (r < 0)
		klog(KLOG_WARN, "voice: %s", err);
	return r;
}

int voice_sequence(const struct voice *v, const char *number, int counter,
		   char names[][VOICE_NAME], int max)
{
	struct plan pl;
	int r = plan_logged(v, number, counter, &pl);

	if (r < 0)
		return r;
	if (pl.n > max) {
		klog(KLOG_WARN, "voice: a call of %d clips, room for %d", pl.n, max);
		return K_ERR_INVALID;
	}
	for (int i = 0; i < pl.n; i++)
		memcpy(names[i], v->clips[pl.s[i].clip].name, VOICE_NAME);
	return pl.n;
}

int voice_render(const struct voice *v, const char *number, int counter, int16_t **pcm,
		 size_t *nsamples)
{
	struct plan pl;
	size_t total = 0, at = 0;
	int r = plan_logged(v, number, counter, &pl);

	*pcm = NULL;
	*nsamples = 0;
	if (r < 0)
		return r;
	for (int i = 0; i < pl.n; i++)
		total += (size_t)v->rate * (size_t)pl.s[i].pause_ms / 1000 +
			 v->clips[pl.s[i].clip].wav.n;
	if (total > (size_t)v->rate * CALL_MAX_SECONDS) {
		klog(KLOG_WARN, "voice: a call of %zu samples, longer than %d s", total,
		     CALL_MAX_SECONDS);
		return K_ERR_INVALID;
	}
	int16_t *buf = malloc(total * sizeof(*buf));
	if (!buf)
		return K_ERR_NOMEM;
	for (int i = 0; i < pl.n; i++) {
		const struct wav *w = &v->clips[pl.s[i].clip].wav;
		size_t gap = (size_t)v->rate * (size_t)pl.s[i].pause_ms / 1000;
		memset(buf + at, 0, gap * sizeof(*buf));
		memcpy(buf + at + gap, w->pcm, w->n * sizeof(*buf));
		at += gap + w->n;
	}
	*pcm = buf;
	*nsamples = total;
	return 0;
}

int voice_render_wav(const struct voice *v, const char *number, int counter, uint8_t **wav,
		     size_t *len)
{
	int16_t *pcm = NULL;
	size_t n = 0;
	int r = voice_render(v, number, counter, &pcm, &n);

	*wav = NULL;
	*len = 0;
	if (r == 0)
		r = wav_write(pcm, n, v->rate, wav, len);
	free(pcm);
	return r;
}
