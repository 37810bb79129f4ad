/*
 * fuzz_wav.c - a voice clip a station may replace with its own recording,
 * fuzzed: core/wav.c's reader over any bytes, and what it accepts written
 * back and read again to the same samples.
 *
 * libFuzzer target (tools/fuzz.sh wav); replayed over tests/fuzz/wav/ by ctest.
 */
#include "fuzz_station.h"
#include "kerr.h"
#include "wav.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wav w, again;
	char why[160];
	uint8_t *file;
	size_t len;

	memset(&w, 0, sizeof(w));
	int r = wav_parse(data, size, &w, why, sizeof(why));
	FUZZ_CHECK(r == 0 || r == K_ERR_INVALID || r == K_ERR_NOMEM);
	FUZZ_CHECK(memchr(why, 0, sizeof(why)) != NULL);
	if (r != 0)
		return 0;
	FUZZ_CHECK(w.rate >= WAV_MIN_RATE && w.rate <= WAV_MAX_RATE);
	FUZZ_CHECK(w.n * 2 <= size);
	if (wav_write(w.pcm, w.n, w.rate, &file, &len) == 0) {
		FUZZ_CHECK(len == WAV_HEADER + w.n * 2);
		FUZZ_CHECK(wav_parse(file, len, &again, why, sizeof(why)) == 0);
		FUZZ_CHECK(again.rate == w.rate && again.n == w.n);
		FUZZ_CHECK(w.n == 0 || memcmp(again.pcm, w.pcm, w.n * 2) == 0);
		wav_free(&again);
		free(file);
	}
	wav_free(&w);
	return 0;
}
