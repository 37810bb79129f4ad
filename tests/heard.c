/*
 * heard.c - see heard.h.
 */
#define _GNU_SOURCE /* memmem */
#include "heard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	*len = buf ? (size_t)size : 0;
	fclose(f);
	return buf;
}

static size_t loud(const int16_t *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] > 64 || s[i] < -64;
	return k;
}

int heard_calls(const char *path, const struct voice *v, const char *const number[],
		const int counter[], int n, long at[], char *why, size_t whylen)
{
	size_t len, pos = 0, want = 0;
	unsigned char *raw = slurp(path, &len);
	int r = 0;

	if (!raw) {
		snprintf(why, whylen, "%s cannot be read", path);
		return -1;
	}
	for (int i = 0; i < n && r == 0; i++) {
		int16_t *pcm = NULL;
		size_t ns = 0;
		const unsigned char *p = NULL;
		if (voice_render(v, number[i], counter[i], &pcm, &ns) < 0)
			snprintf(why, whylen, "%s at %d cannot be rendered", number[i], counter[i]);
		else if (!(p = pos < len ? memmem(raw + pos, len - pos, pcm, ns * 2) : NULL))
			snprintf(why, whylen, "call %d (%s at %d, %.1f s) is not in the audio after "
				 "byte %zu of %zu", i, number[i], counter[i],
				 (double)ns / voice_rate(v), pos, len);
		if (p) {
			pos = (size_t)(p - raw) + ns * 2;
			want += loud(pcm, ns);
			if (at)
				at[i] = p - raw;
		} else {
			r = -1;
		}
		free(pcm);
	}
	size_t got = loud((const int16_t *)raw, len / 2);
	if (r == 0 && got != want) {
		snprintf(why, whylen, "%zu loud samples, the calls have %zu", got, want);
		r = -1;
	}
	free(raw);
	return r;
}
