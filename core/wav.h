/*
 * wav.h - RIFF WAV files of 16-bit mono PCM, read and written in memory.
 *
 * The voice's clips are files a station may replace with its own
 * recordings, so the reader trusts nothing: every chunk size is checked
 * against the bytes that are really there, the format must be plain PCM
 * (format 1), 16 bits, one channel, and a file larger than the caller's cap
 * is refused before it is read.  Anything else is refused with a sentence
 * that says what was found.
 */
#ifndef WAV_H
#define WAV_H

#include <stddef.h>
#include <stdint.h>

#define WAV_MIN_RATE 8000
#define WAV_MAX_RATE 48000
#define WAV_HEADER 44 /* bytes before the samples in what wav_write makes */

/* A clip in memory: host-order samples, malloc'ed; free with wav_free(). */
struct wav {
	int rate;
	int16_t *pcm;
	size_t n;
};

/*
 * Parse a WAV file held in buf.  Returns 0, or K_ERR_INVALID with why
 * filled ("format 3 (not PCM)", "the data chunk says 9000 bytes, 200
 * follow" ...), or K_ERR_NOMEM.
 */
int wav_parse(const uint8_t *buf, size_t len, struct wav *out, char *why, size_t whylen);

/*
 * Read and parse the file at path, at most max_bytes long.  K_ERR_IO when
 * it cannot be read; err then names the path and the reason.
 */
int wav_read(const char *path, size_t max_bytes, struct wav *out, char *err, size_t errlen);

void wav_free(struct wav *w);

/* n samples at rate as a complete WAV file (44-byte header); *out is
 * malloc'ed, the caller frees it.  0 or K_ERR_NOMEM / K_ERR_INVALID. */
int wav_write(const int16_t *pcm, size_t n, int rate, uint8_t **out, size_t *len);

#endif
