/*
 * voice.h - a call read aloud from recorded clips, offline.
 *
 * [voice] clips names a folder of WAV clips (PCM, 16-bit, mono, all at one
 * rate) and its index file, which says which words or phrase parts each clip
 * says.  A call is the chime, then [voice] phrase with {number} and
 * {counter} filled in by core/speech.c, said [voice] repeat times.  Literal
 * text of the phrase is matched against the index longest phrase first, then
 * word by word, so a station may record the whole "xin mời công dân có số
 * thứ tự" as one clip or syllable by syllable.  A word no clip says is an
 * error found when the clips are opened, not in front of the lobby.
 */
#ifndef VOICE_H
#define VOICE_H

#include <stddef.h>
#include <stdint.h>

#include "kconf.h"

struct voice;

#define VOICE_MAX_CLIPS 96    /* clips in one call, chime and repeats included */
#define VOICE_NAME 64         /* a clip's file name */

/* Silence inside a call, so that a test can add it up to the sample. */
#define VOICE_WORD_GAP_MS 60    /* between two clips of the phrase */
#define VOICE_PAUSE_MS 250      /* at a , . ; : ! or ? of the phrase */
#define VOICE_CHIME_GAP_MS 300  /* after the chime */

/*
 * Load the index and every clip of cfg's [voice] clips and check that the
 * phrase, every digit, number word and letter can be said.  Returns 0,
 * K_ERR_IO (a file cannot be read), K_ERR_INVALID (a clip that is not
 * 16-bit mono PCM at the set's rate, or a word without a clip), writing
 * one line saying what and where into err.
 */
int voice_open(struct voice **out, const struct kconf *cfg, char *err, size_t errlen);
void voice_close(struct voice *v);

/* Samples per second of every clip. */
int voice_rate(const struct voice *v);

/* Samples in the clip file `name` of the set, or -1 when it has none. */
long voice_clip_samples(const struct voice *v, const char *name);

/*
 * Is phrase a usable [voice] phrase: {number} once, {counter} at most once,
 * no other {...}?  0, or -1 with the reason in why (for the configuration's
 * own check, which names the line).
 */
int voice_phrase_check(const char *phrase, char *why, size_t whylen);

/*
 * The clip file names of one call, in the order played: chime (if [voice]
 * chime), then the phrase for ticket `number` at `counter`, repeat times.
 * Returns how many, or < 0 (K_ERR_INVALID: not a ticket number, a counter
 * outside 1..99, more than max clips; the reason is logged).
 *
 * Silence between them: VOICE_CHIME_GAP_MS after the chime, [voice] gap_ms
 * between repeats, VOICE_PAUSE_MS where the phrase has punctuation, else
 * VOICE_WORD_GAP_MS; none before the first clip or after the last.
 */
int voice_sequence(const struct voice *v, const char *number, int counter,
		   char names[][VOICE_NAME], int max);

/*
 * The whole call joined into one buffer of 16-bit mono samples at
 * voice_rate() (a short pause between repeats, [voice] gap_ms).  *pcm is
 * malloc'ed, the caller frees it.  Returns 0 or < 0.
 */
int voice_render(const struct voice *v, const char *number, int counter, int16_t **pcm,
		 size_t *nsamples);

/* The same as a complete WAV file in memory (for the board page's browser). */
int voice_render_wav(const struct voice *v, const char *number, int counter, uint8_t **wav,
		     size_t *len);

#endif
