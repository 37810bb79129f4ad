/*
 * wav.c - RIFF WAV read and write for the voice's clips (see wav.h).
 *
 * The file is read whole (it is capped) and parsed from memory, so the
 * parser is a plain function of bytes that tests can feed damaged copies.
 * Chunks are walked in order; unknown ones (LIST, fact, cue ...) are
 * skipped by their size, which is checked against what is left first.
 */
#include "wav.h"
#include "kerr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* The fmt chunk's body: plain PCM, 16 bits, mono, a sane rate. */
static int check_fmt(const uint8_t *f, uint32_t size, int *rate, char *why, size_t wl)
{
	if (size < 16) {
		snprintf(why, wl, "its fmt chunk is %u bytes, at least 16 needed", size);
		return K_ERR_INVALID;
	}
	unsigned format = le16(f), channels = le16(f + 2), align = le16(f + 12);
	unsigned bits = le16(f + 14);
	uint32_t hz = le32(f + 4), byte_rate = le32(f + 8);
	if (format != 1) {
		snprintf(why, wl, "is format %u, not plain PCM (1)%s", format,
			 format == 0xfffe ? ": save it as a plain 16-bit WAV" : "");
		return K_ERR_INVALID;
	}
	if (bits != 16 || channels != 1) {
		snprintf(why, wl, "has %u bits, %u channel(s): 16-bit mono is needed", bits,
			 channels);
		return K_ERR_INVALID;
	}
	if (hz < WAV_MIN_RATE || hz > WAV_MAX_RATE || align != 2 || byte_rate != hz * 2) {
		snprintf(why, wl, "has an impossible rate (%u Hz, %u bytes/s, blocks of %u)", hz,
			 byte_rate, align);
		return K_ERR_INVALID;
	}
	*rate = (int)hz;
	return 0;
}

int wav_parse(const uint8_t *buf, size_t len, struct wav *out, char *why, size_t wl)
{
	const uint8_t *data = NULL;
	uint32_t data_size = 0;
	int rate = 0, have_fmt = 0, r;

	memset(out, 0, sizeof(*out));
	if (len < 12 || memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WAVE", 4) != 0) {
		snprintf(why, wl, "is not a RIFF WAVE file (%s)",
			 len < 12 ? "shorter than its header" : "wrong magic");
		return K_ERR_INVALID;
	}
	uint32_t riff = le32(buf + 4);
	if (riff < 4 || riff > len - 8) {
		snprintf(why, wl, "says it is %u bytes long, but %zu follow its RIFF header",
			 riff, len - 8);
		return K_ERR_INVALID;
	}
	size_t end = (size_t)riff + 8, off = 12;
	while (end - off >= 8) {
		const uint8_t *c = buf + off;
		uint32_t size = le32(c + 4);
		if (size > end - off - 8) {
			snprintf(why, wl, "has a '%.4s' chunk of %u bytes where %zu are left", c,
				 size, end - off - 8);
			return K_ERR_INVALID;
		}
		if (memcmp(c, "fmt ", 4) == 0) {
			r = check_fmt(c + 8, size, &rate, why, wl);
			if (r < 0)
				return r;
			have_fmt = 1;
		} else if (memcmp(c, "data", 4) == 0 && !data) {
			data = c + 8;
			data_size = size;
		}
		off += 8 + (size_t)size + (size & 1); /* chunks are padded to even sizes */
		if (off > end)
			break;
	}
	if (!have_fmt || !data) {
		snprintf(why, wl, "has no %s chunk", have_fmt ? "data" : "fmt");
		return K_ERR_INVALID;
	}
	if (data_size < 2 || data_size % 2) {
		snprintf(why, wl, "has %u bytes of samples: no whole 16-bit sample%s", data_size,
			 data_size < 2 ? "" : " count");
		return K_ERR_INVALID;
	}
	out->pcm = malloc(data_size);
	if (!out->pcm)
		return K_ERR_NOMEM;
	out->n = data_size / 2;
	out->rate = rate;
	for (size_t i = 0; i < out->n; i++)
		out->pcm[i] = (int16_t)le16(data + 2 * i);
	return 0;
}

int wav_read(const char *path, size_t max_bytes, struct wav *out, char *err, size_t errlen)
{
	uint8_t *buf = NULL;
	struct stat st;
	char why[160];
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = K_ERR_IO;

	memset(out, 0, sizeof(*out));
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: cannot be read: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max_bytes) {
		snprintf(err, errlen, "%s: %s", path, S_ISREG(st.st_mode) ?
			 "is larger than a clip may be" : "is not a file");
		r = K_ERR_INVALID;
		goto out;
	}
	size_t len = (size_t)st.st_size, got = 0;
	buf = malloc(len ? len : 1);
	if (!buf) {
		r = K_ERR_NOMEM;
		goto out;
	}
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "%s: cannot be read: %s", path,
				 n < 0 ? strerror(errno) : "it shrank while read");
			goto out;
		}
		got += (size_t)n;
	}
	r = wav_parse(buf, len, out, why, sizeof(why));
	if (r < 0)
		snprintf(err, errlen, "%s %s", path, why);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return r;
}

void wav_free(struct wav *w)
{
	free(w->pcm);
	memset(w, 0, sizeof(*w));
}

int wav_write(const int16_t *pcm, size_t n, int rate, uint8_t **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (rate < WAV_MIN_RATE || rate > WAV_MAX_RATE || n > (UINT32_MAX - WAV_HEADER) / 2)
		return K_ERR_INVALID;
	size_t bytes = n * 2;
	uint8_t *w = malloc(WAV_HEADER + bytes);
	if (!w)
		return K_ERR_NOMEM;
	memcpy(w, "RIFF", 4);
	put32(w + 4, (uint32_t)(36 + bytes));
	memcpy(w + 8, "WAVEfmt ", 8);
	put32(w + 16, 16);
	put16(w + 20, 1);                      /* PCM */
	put16(w + 22, 1);                      /* mono */
	put32(w + 24, (uint32_t)rate);
	put32(w + 28, (uint32_t)rate * 2);     /* bytes per second */
	put16(w + 32, 2);                      /* bytes per sample frame */
	put16(w + 34, 16);                     /* bits */
	memcpy(w + 36, "data", 4);
	put32(w + 40, (uint32_t)bytes);
	for (size_t i = 0; i < n; i++)
		put16(w + WAV_HEADER + 2 * i, (uint16_t)pcm[i]);
	*out = w;
	*len = WAV_HEADER + bytes;
	return 0;
}
