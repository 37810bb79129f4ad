/*
 * test_voice.c - a call read aloud from the committed clips in assets/voice
 * (issue 7): which clips, in which order, how long the joined audio is to
 * the sample, and what happens with a clip missing or a WAV that lies about
 * itself (written into a temp folder beside symlinks to the real clips).
 */
#include "testutil.h"
#include "kerr.h"
#include "klog.h"
#include "speech.h"
#include "voice.h"
#include "wav.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXSEQ VOICE_MAX_CLIPS

static char seq[MAXSEQ][VOICE_NAME];

/* The test configuration with these [voice] lines (may be ""). */
static void voice_conf(struct kconf *cfg, const char *voice_lines)
{
	char text[4096], base[2048];
	struct kconf_errors errs;
	snprintf(base, sizeof(base), tconf_base, "sync = normal");
	snprintf(text, sizeof(text), "%s[voice]\n%s\n", base, voice_lines);
	if (tconf(cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("test configuration rejected");
	}
}

static struct voice *open_voice(const char *voice_lines)
{
	static struct kconf cfg;
	struct voice *v = NULL;
	char err[300] = "";
	voice_conf(&cfg, voice_lines);
	if (voice_open(&v, &cfg, err, sizeof(err)) < 0)
		fail_msg("voice_open: %s", err);
	return v;
}

/* Check the call's clips against a space-separated list of names (".wav" left out). */
static void expect_sequence(struct voice *v, const char *number, int counter, const char *want)
{
	char got[2048] = "";
	int n = voice_sequence(v, number, counter, seq, MAXSEQ);
	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(seq[i]);
		assert_true(len > 4 && strcmp(seq[i] + len - 4, ".wav") == 0);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.*s", i ? " " : "",
			 (int)(len - 4), seq[i]);
	}
	if (strcmp(got, want) != 0)
		fail_msg("%s at %d:\n  got  %s\n  want %s", number, counter, got, want);
}

#define PHRASE_A012_3 "xin-moi-cong-dan-co-so-thu-tu a khong mot hai den-quay-so ba"

static void default_call_digit_by_digit_chime_then_twice(void **state)
{
	(void)state;
	struct voice *v = open_voice("");
	assert_int_equal(voice_rate(v), 16000);
	expect_sequence(v, "A012", 3, "chime " PHRASE_A012_3 " " PHRASE_A012_3);
	expect_sequence(v, "B105", 1, "chime xin-moi-cong-dan-co-so-thu-tu be mot khong nam "
			"den-quay-so mot xin-moi-cong-dan-co-so-thu-tu be mot khong nam "
			"den-quay-so mot");
	voice_close(v);
}

static void counters_and_numbers_by_vietnamese_rules(void **state)
{
	(void)state;
	struct voice *v = open_voice("reading = number\nchime = no\nrepeat = 1");
	const char *p = "xin-moi-cong-dan-co-so-thu-tu";
	char want[512];
	static const struct { const char *number; int counter; const char *said; } cases[] = {
		{ "A012", 10, "a muoi-huyen hai den-quay-so muoi-huyen" },
		{ "A001", 11, "a mot den-quay-so muoi-huyen mot" },
		{ "B015", 21, "be muoi-huyen lam den-quay-so hai muoi mot-sac" },
		{ "A024", 15, "a hai muoi tu den-quay-so muoi-huyen lam" },
		{ "A105", 24, "a mot tram le nam den-quay-so hai muoi tu" },
		{ "B1000", 25, "be mot nghin den-quay-so hai muoi lam" },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), "%s %s", p, cases[i].said);
		expect_sequence(v, cases[i].number, cases[i].counter, want);
	}
	voice_close(v);
}

static void two_letter_prefixes_and_two_word_letters(void **state)
{
	(void)state;
	struct voice *v = open_voice("chime = no\nrepeat = 1");
	expect_sequence(v, "AB024", 2, "xin-moi-cong-dan-co-so-thu-tu a be khong hai bon "
			"den-quay-so hai");
	/* W is "vê kép": its own clip, not vê + kép */
	expect_sequence(v, "WY7", 9, "xin-moi-cong-dan-co-so-thu-tu ve-kep i-dai bay "
			"den-quay-so chin");
	voice_close(v);
}

static void repeat_once_or_three_times(void **state)
{
	(void)state;
	struct voice *v = open_voice("repeat = 1");
	expect_sequence(v, "A012", 3, "chime " PHRASE_A012_3);
	voice_close(v);
	v = open_voice("repeat = 3\nchime = no");
	expect_sequence(v, "A012", 3, PHRASE_A012_3 " " PHRASE_A012_3 " " PHRASE_A012_3);
	voice_close(v);
}

static void phrase_with_the_counter_first_word_by_word(void **state)
{
	(void)state;
	/* capitals (Vietnamese ones too) are lowered; no whole-phrase clip fits */
	struct voice *v = open_voice("phrase = QUẦY SỐ {counter}: Mời CÔNG DÂN số {number}!\n"
				     "chime = no\nrepeat = 1");
	expect_sequence(v, "C009", 12, "quay so muoi-huyen hai moi cong dan so xe khong khong chin");
	voice_close(v);
}

static long samples_of(struct voice *v, int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++) {
		long s = voice_clip_samples(v, seq[i]);
		assert_true(s > 0);
		sum += s;
	}
	return sum;
}

static long ms(const struct voice *v, long milliseconds)
{
	return (long)voice_rate(v) * milliseconds / 1000;
}

static void joined_audio_is_the_clips_and_the_gaps_exactly(void **state)
{
	(void)state;
	struct voice *v = open_voice("gap_ms = 700");
	int16_t *pcm = NULL;
	size_t n = 0;
	int nseq = voice_sequence(v, "A012", 3, seq, MAXSEQ);
	assert_int_equal(nseq, 15);
	/* chime, gap; per repeat 7 clips: 5 word gaps and the pause of the ',';
	 * 700 ms between the two repeats; nothing before or after */
	long want = samples_of(v, nseq) + ms(v, VOICE_CHIME_GAP_MS) +
		    2 * (5 * ms(v, VOICE_WORD_GAP_MS) + ms(v, VOICE_PAUSE_MS)) + ms(v, 700);
	assert_int_equal(voice_render(v, "A012", 3, &pcm, &n), 0);
	assert_int_equal((long)n, want);
	printf("A012 at counter 3: %zu samples, %.3f s\n", n, (double)n / voice_rate(v));

	/* the chime comes first, then silence */
	long chime = voice_clip_samples(v, "chime.wav");
	int nonzero = 0;
	for (long i = 0; i < chime; i++)
		nonzero |= pcm[i] != 0;
	assert_true(nonzero);
	for (long i = chime; i < chime + ms(v, VOICE_CHIME_GAP_MS); i++)
		assert_int_equal(pcm[i], 0);

	/* the same as a WAV file: a 44-byte header and these samples */
	uint8_t *file = NULL;
	size_t len = 0;
	struct wav back;
	char why[160];
	assert_int_equal(voice_render_wav(v, "A012", 3, &file, &len), 0);
	assert_int_equal(len, WAV_HEADER + 2 * n);
	assert_int_equal(wav_parse(file, len, &back, why, sizeof(why)), 0);
	assert_int_equal(back.rate, 16000);
	assert_int_equal(back.n, n);
	assert_memory_equal(back.pcm, pcm, n * 2);
	wav_free(&back);
	free(file);
	free(pcm);

	/* gap_ms and repeat change it by exactly that much */
	voice_close(v);
	v = open_voice("gap_ms = 0\nrepeat = 3\nchime = no");
	nseq = voice_sequence(v, "A012", 3, seq, MAXSEQ);
	assert_int_equal(nseq, 21);
	assert_int_equal(voice_render(v, "A012", 3, &pcm, &n), 0);
	assert_int_equal((long)n, samples_of(v, nseq) +
			 3 * (5 * ms(v, VOICE_WORD_GAP_MS) + ms(v, VOICE_PAUSE_MS)));
	free(pcm);
	voice_close(v);
}

static void not_a_ticket_or_counter_is_refused(void **state)
{
	(void)state;
	struct voice *v = open_voice("");
	int16_t *pcm = (int16_t *)1;
	size_t n = 1;
	klog_init("test", KLOG_ERR); /* the warnings are expected */
	assert_true(voice_sequence(v, "A1B", 3, seq, MAXSEQ) < 0);
	assert_true(voice_sequence(v, "A012", 0, seq, MAXSEQ) < 0);
	assert_true(voice_sequence(v, "A012", 100, seq, MAXSEQ) < 0);
	assert_true(voice_sequence(v, "A012", 3, seq, 4) < 0); /* no room */
	assert_true(voice_render(v, "", 3, &pcm, &n) < 0);
	assert_null(pcm);
	assert_int_equal(n, 0);
	voice_close(v);
}

/* ---- clip sets of our own, in a temp folder ---- */

struct set {
	char dir[64];
	char index[8192];
};

/* The shipped set, symlinked, without the index lines that contain drop. */
static void set_make(struct set *s, const char *drop)
{
	char src[512], line[512], from[700], to[200];
	snprintf(s->dir, sizeof(s->dir), "/tmp/kiosk-voice-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(src, sizeof(src), "%s/assets/voice/index.txt", getenv("KIOSK_SRC"));
	FILE *f = fopen(src, "r");
	assert_non_null(f);
	s->index[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char *eq = strstr(line, " = ");
		if (line[0] == '#' || !eq || (drop && strstr(line, drop)))
			continue;
		snprintf(from, sizeof(from), "%s/assets/voice/%.*s", getenv("KIOSK_SRC"),
			 (int)(eq - line), line);
		snprintf(to, sizeof(to), "%s/%.*s", s->dir, (int)(eq - line), line);
		assert_int_equal(symlink(from, to), 0);
		strncat(s->index, line, sizeof(s->index) - strlen(s->index) - 1);
	}
	fclose(f);
	snprintf(from, sizeof(from), "%s/assets/voice/" SPEECH_LEXICON_FILE, getenv("KIOSK_SRC"));
	snprintf(to, sizeof(to), "%s/" SPEECH_LEXICON_FILE, s->dir); /* the words, as shipped */
	assert_int_equal(symlink(from, to), 0);
}

static void set_write(struct set *s, const char *name, const void *bytes, size_t len)
{
	char path[200];
	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	unlink(path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

/* Open the set with more [voice] lines; voice_open's code, its message in
 * err; the voice in *out if out is not NULL (else closed). */
static int set_open_with(struct set *s, const char *more, struct voice **out, char *err,
			 size_t errlen)
{
	static struct kconf cfg;
	struct voice *v = NULL;
	char lines[512];
	set_write(s, "index.txt", s->index, strlen(s->index));
	snprintf(lines, sizeof(lines), "clips = %s\n%s", s->dir, more);
	voice_conf(&cfg, lines);
	err[0] = '\0';
	int r = voice_open(&v, &cfg, err, errlen);
	assert_true((r == 0) == (v != NULL));
	if (out)
		*out = v;
	else
		voice_close(v);
	return r;
}

/* Open the set; returns voice_open's code, its message in err. */
static int set_open(struct set *s, char *err, size_t errlen)
{
	return set_open_with(s, "", NULL, err, errlen);
}

static void set_free(struct set *s)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	assert_int_equal(system(cmd), 0);
}

static void a_word_without_a_clip_fails_at_open_naming_it(void **state)
{
	(void)state;
	static const struct {
		const char *drop;   /* index lines left out */
		const char *extra;  /* an index line added */
		int r;
		const char *msg[2]; /* what voice_open's message must hold */
	} cases[] = {
		{ NULL, NULL, 0, { "", "" } },
		/* neither "đến quầy số" nor "quầy" */
		{ "quầy", NULL, K_ERR_INVALID, { "says 'quầy'", "[voice] phrase" } },
		{ "= vê", NULL, K_ERR_INVALID, { "letter V", "'vê'" } }, /* vê and vê kép */
		{ "= mốt", NULL, K_ERR_INVALID, { "number 21", "'mốt'" } },
		{ "[chime]", NULL, K_ERR_INVALID, { "[chime]", "chime = yes" } },
		{ NULL, "nowhere.wav = đâu\n", K_ERR_IO, { "nowhere.wav", "cannot be read" } },
		{ NULL, "hai.wav = một\n", K_ERR_INVALID, { "'một'", "said by mot.wav" } },
		{ NULL, "../etc/passwd = ơi\n", K_ERR_INVALID, { "passwd", "file name.wav" } },
		{ NULL, "x.wav = a, b\n", K_ERR_INVALID, { "x.wav", "without" } },
		{ "=", NULL, K_ERR_INVALID, { "lists no clips", "" } },
	};
	struct set s;
	char err[300];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		set_make(&s, cases[i].drop);
		if (cases[i].extra)
			strcat(s.index, cases[i].extra);
		int r = set_open(&s, err, sizeof(err));
		if (r != cases[i].r || !strstr(err, cases[i].msg[0]) || !strstr(err, cases[i].msg[1]))
			fail_msg("case %u: %d %s", i, r, err);
		set_free(&s);
	}

	/* no index at all */
	struct kconf cfg;
	struct voice *v = (struct voice *)1;
	voice_conf(&cfg, "clips = /nonexistent");
	assert_int_equal(voice_open(&v, &cfg, err, sizeof(err)), K_ERR_IO);
	assert_null(v);
	assert_non_null(strstr(err, "/nonexistent/index.txt"));
}

/* [voice] letters: a letter renamed is said by its new words, which need
 * clips like any other (kioskctl check names a missing one); a malformed
 * value is refused by the configuration with its line. */
static void a_renamed_letter_is_said_and_needs_its_clips(void **state)
{
	(void)state;
	struct set s;
	struct voice *v;
	char err[300], from[512], to[200];

	set_make(&s, NULL);
	assert_int_equal(set_open_with(&s, "letters = B: bê bò", NULL, err, sizeof(err)),
			 K_ERR_INVALID);
	if (!strstr(err, "letter B ('bê bò')") || !strstr(err, "'bò'"))
		fail_msg("%s", err);
	/* a clip for the new word (any recording will do for the test) */
	snprintf(from, sizeof(from), "%s/assets/voice/o.wav", getenv("KIOSK_SRC"));
	snprintf(to, sizeof(to), "%s/bo-huyen.wav", s.dir);
	assert_int_equal(symlink(from, to), 0);
	strcat(s.index, "bo-huyen.wav = bò\n");
	assert_int_equal(set_open_with(&s, "letters = B: bê bò\nrepeat = 1\nchime = no", &v, err,
				       sizeof(err)), 0);
	expect_sequence(v, "B015", 2, "xin-moi-cong-dan-co-so-thu-tu be bo-huyen khong mot nam "
			"den-quay-so hai");
	voice_close(v);
	set_free(&s);

	struct kconf cfg;
	struct kconf_errors errs;
	char text[4096], base[2048];
	snprintf(base, sizeof(base), tconf_base, "sync = normal");
	snprintf(text, sizeof(text), "%s[voice]\nletters = B bê bò\n", base);
	assert_int_equal(tconf(&cfg, &errs, text), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "[voice] letters: 'B bê bò': each entry is a letter"));
}

/* A valid 16-bit mono header for n samples at rate, the samples left 0. */
static size_t make_wav(uint8_t *buf, size_t cap, int rate, size_t n)
{
	int16_t *pcm = calloc(n, sizeof(*pcm));
	uint8_t *file;
	size_t len;
	assert_int_equal(wav_write(pcm, n, rate, &file, &len), 0);
	assert_true(len <= cap);
	memcpy(buf, file, len);
	free(file);
	free(pcm);
	return len;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static void a_wav_that_is_not_what_it_must_be_is_refused(void **state)
{
	(void)state;
	static uint8_t w[4096];
	struct set s;
	char err[300];
	size_t len;
	static const struct { const char *what; int off, bytes; uint32_t value; const char *msg; }
	lies[] = {
		{ "float", 20, 2, 3, "format 3" },
		{ "extensible", 20, 2, 0xfffe, "plain 16-bit" },
		{ "stereo", 22, 2, 2, "16-bit mono" },
		{ "8-bit", 34, 2, 8, "16-bit mono" },
		{ "byte rate", 28, 4, 1234, "impossible rate" },
		{ "riff size", 4, 4, 99999, "but 1036 follow" },
		{ "data size", 40, 4, 5000, "'data' chunk of 5000 bytes" },
		{ "fmt size", 16, 4, 0xfffffff0u, "'fmt ' chunk" },
		{ "fmt too short", 16, 4, 8, "fmt chunk is 8 bytes" },
		{ "not wave", 8, 4, 0x45564157 + 1, "not a RIFF WAVE" },
	};
	set_make(&s, NULL);
	for (unsigned i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		len = make_wav(w, sizeof(w), 16000, 500);
		if (lies[i].bytes == 2)
			put16(w + lies[i].off, lies[i].value);
		else
			put32(w + lies[i].off, lies[i].value);
		set_write(&s, "a.wav", w, len);
		int r = set_open(&s, err, sizeof(err));
		if (r != K_ERR_INVALID || !strstr(err, "a.wav") || !strstr(err, lies[i].msg))
			fail_msg("%s: %d %s", lies[i].what, r, err);
	}
	/* a truncated header, an empty file, another rate, too big, no samples */
	len = make_wav(w, sizeof(w), 16000, 500);
	set_write(&s, "a.wav", w, 30);
	assert_int_equal(set_open(&s, err, sizeof(err)), K_ERR_INVALID);
	set_write(&s, "a.wav", w, 0);
	assert_int_equal(set_open(&s, err, sizeof(err)), K_ERR_INVALID);
	assert_non_null(strstr(err, "shorter than its header"));
	len = make_wav(w, sizeof(w), 22050, 500);
	set_write(&s, "a.wav", w, len);
	assert_int_equal(set_open(&s, err, sizeof(err)), K_ERR_INVALID);
	assert_non_null(strstr(err, "one rate"));
	len = make_wav(w, sizeof(w), 16000, 0);
	set_write(&s, "a.wav", w, len);
	assert_int_equal(set_open(&s, err, sizeof(err)), K_ERR_INVALID);
	assert_non_null(strstr(err, "no whole"));
	char path[200];
	snprintf(path, sizeof(path), "%s/a.wav", s.dir);
	assert_int_equal(truncate(path, 3 << 20), 0);
	assert_int_equal(set_open(&s, err, sizeof(err)), K_ERR_INVALID);
	assert_non_null(strstr(err, "larger than a clip may be"));
	/* unknown chunks are skipped; an odd one is padded */
	len = make_wav(w, sizeof(w), 16000, 100);
	uint8_t odd[4096];
	memcpy(odd, w, 36);
	memcpy(odd + 36, "LIST\x03\0\0\0abc\0", 12);
	memcpy(odd + 48, w + 36, len - 36);
	put32(odd + 4, (uint32_t)(len + 12 - 8));
	set_write(&s, "a.wav", odd, len + 12);
	assert_int_equal(set_open(&s, err, sizeof(err)), 0);
	set_free(&s);
}

/* Every truncation and thousands of damaged headers: refused or read, never a crash. */
static void damaged_wavs_never_crash_the_reader(void **state)
{
	(void)state;
	uint8_t w[512], d[512];
	struct wav out;
	char why[160];
	size_t len = make_wav(w, sizeof(w), 16000, 100);
	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(wav_parse(w, cut, &out, why, sizeof(why)), K_ERR_INVALID);
	srand(7);
	for (int round = 0; round < 20000; round++) {
		memcpy(d, w, len);
		for (int e = 0; e < 1 + rand() % 4; e++)
			d[rand() % 48] = (uint8_t)(rand() % 4 ? rand() : 0xff);
		size_t l = rand() % 8 ? len : (size_t)rand() % len;
		if (wav_parse(d, l, &out, why, sizeof(why)) == 0) {
			assert_true(out.n > 0 && out.n * 2 <= l);
			wav_free(&out);
		}
	}
}

static void phrase_without_number_is_a_configuration_error(void **state)
{
	(void)state;
	struct kconf cfg;
	struct kconf_errors errs;
	char text[4096], base[2048];
	snprintf(base, sizeof(base), tconf_base, "sync = normal");
	int line = 1;
	for (const char *p = base; *p; p++)
		line += *p == '\n';
	snprintf(text, sizeof(text), "%s[voice]\nrepeat = 1\nphrase = Mời đến quầy số {counter}\n",
		 base);
	assert_int_equal(tconf(&cfg, &errs, text), K_ERR_CONFIG);
	char want[64];
	snprintf(want, sizeof(want), "test.conf:%d: [voice] phrase", line + 2);
	if (!terr_has(&errs, want) || !terr_has(&errs, "{number}"))
		fail_msg("wanted '%s': %s", want, errs.n ? errs.msg[0] : "no error");

	snprintf(text, sizeof(text), "%s[voice]\nphrase = Mời số {numbr}\n", base);
	assert_int_equal(tconf(&cfg, &errs, text), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "{numbr}"));
	snprintf(text, sizeof(text), "%s[voice]\nrepeat = 6\nreading = words\ngap_ms = -1\n", base);
	assert_int_equal(tconf(&cfg, &errs, text), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "repeat") && terr_has(&errs, "reading") &&
		    terr_has(&errs, "gap_ms"));
	/* the defaults are the brief's call: no phrase in the configuration, the
	 * lexicon's (default_call_digit_by_digit_chime_then_twice hears it) */
	voice_conf(&cfg, "");
	assert_string_equal(cfg.voice.phrase, "");
	assert_int_equal(cfg.voice.repeat, 2);
	assert_int_equal(cfg.voice.reading, KCONF_READING_DIGITS);
	assert_int_equal(cfg.voice.chime, 1);
	assert_int_equal(cfg.voice.gap_ms, 700);
}

/* kioskctl voice: the same clips, and a WAV of the same call. */
static void kioskctl_prints_the_clips_and_writes_the_call(void **state)
{
	(void)state;
	const char *ctl = getenv("KIOSKCTL");
	if (!ctl)
		skip();
	char dir[] = "/tmp/kiosk-voice-XXXXXX", cmd[1024], line[128], out[2048] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "'%s' --config '%s/kiosk.conf' voice A012 3 --out %s/call.wav "
		 "2>/dev/null", ctl, getenv("KIOSK_SRC"), dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		strncat(out, line, sizeof(out) - strlen(out) - 1);
	assert_int_equal(pclose(p), 0);
	assert_string_equal(out, "chime.wav\nxin-moi-cong-dan-co-so-thu-tu.wav\na.wav\nkhong.wav\n"
			    "mot.wav\nhai.wav\nden-quay-so.wav\nba.wav\n"
			    "xin-moi-cong-dan-co-so-thu-tu.wav\na.wav\nkhong.wav\nmot.wav\n"
			    "hai.wav\nden-quay-so.wav\nba.wav\n");

	struct voice *v = open_voice("");
	int16_t *pcm;
	size_t n;
	struct wav w;
	char path[128], err[300];
	assert_int_equal(voice_render(v, "A012", 3, &pcm, &n), 0);
	snprintf(path, sizeof(path), "%s/call.wav", dir);
	assert_int_equal(wav_read(path, 16u << 20, &w, err, sizeof(err)), 0);
	assert_int_equal(w.n, n);
	assert_memory_equal(w.pcm, pcm, n * 2);
	wav_free(&w);
	free(pcm);
	voice_close(v);

	snprintf(cmd, sizeof(cmd), "'%s' --config '%s/kiosk.conf' voice A012 0 2>/dev/null; "
		 "test $? -eq 2 && rm -rf %s", ctl, getenv("KIOSK_SRC"), dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_call_digit_by_digit_chime_then_twice),
		cmocka_unit_test(counters_and_numbers_by_vietnamese_rules),
		cmocka_unit_test(two_letter_prefixes_and_two_word_letters),
		cmocka_unit_test(repeat_once_or_three_times),
		cmocka_unit_test(phrase_with_the_counter_first_word_by_word),
		cmocka_unit_test(joined_audio_is_the_clips_and_the_gaps_exactly),
		cmocka_unit_test(not_a_ticket_or_counter_is_refused),
		cmocka_unit_test(a_word_without_a_clip_fails_at_open_naming_it),
		cmocka_unit_test(a_wav_that_is_not_what_it_must_be_is_refused),
		cmocka_unit_test(damaged_wavs_never_crash_the_reader),
		cmocka_unit_test(phrase_without_number_is_a_configuration_error),
		cmocka_unit_test(kioskctl_prints_the_clips_and_writes_the_call),
		cmocka_unit_test(a_renamed_letter_is_said_and_needs_its_clips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
