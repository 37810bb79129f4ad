/*
 * kioskctl_voice.c - `voice NUMBER COUNTER [--out FILE.wav]`: the clips a call
 * is made of, one per line, and the joined call as a WAV file, so staff can
 * hear the lobby's voice before the lobby does (`aplay FILE.wav`); and the
 * voice's line of `check`.
 */
#include "kioskctl.h"
#include "kerr.h"
#include "queue.h"
#include "voice.h"
#include "wav.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ctl_voice_check(struct ctl *c, char *summary, size_t len)
{
	struct voice *v = NULL;
	char err[300];
	int r = voice_open(&v, &c->cfg, err, sizeof(err));

	if (r < 0)
		snprintf(summary, len, "%s", err);
	else
		snprintf(summary, len, "voice OK at %d Hz", voice_rate(v));
	voice_close(v);
	return r;
}

static int write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return K_ERR_IO;
	int r = fwrite(buf, 1, len, f) == len ? 0 : K_ERR_IO;
	if (fclose(f) != 0)
		r = K_ERR_IO;
	return r;
}

int ctl_voice_command(struct ctl *c)
{
	static char names[VOICE_MAX_CLIPS][VOICE_NAME];
	struct voice *v = NULL;
	uint8_t *wav = NULL;
	size_t len = 0;
	char err[300], *end;
	int r, n, code;

	if (c->nargs != 3)
		return ctl_fail(c, K_ERR_INVALID, "usage: voice NUMBER COUNTER [--out FILE.wav]");
	const struct kconf_service *svc;
	int64_t seq;
	if (queue_number_parse(&c->cfg, c->args[1], &svc, &seq) == K_ERR_INVALID)
		return ctl_fail(c, K_ERR_INVALID, "'%s' is not a ticket number as the slip prints "
				"it (e.g. A012, A1000)", c->args[1]);
	long counter = strtol(c->args[2], &end, 10);
	if (c->args[2][0] < '1' || c->args[2][0] > '9' || *end || counter < 1 || counter > 99)
		return ctl_fail(c, K_ERR_INVALID, "counter '%s' is not 1 to 99", c->args[2]);
	r = voice_open(&v, &c->cfg, err, sizeof(err));
	if (r < 0)
		return ctl_fail(c, r, "%s", err);
	n = voice_sequence(v, c->args[1], (int)counter, names, VOICE_MAX_CLIPS);
	if (n < 0) {
		code = ctl_fail(c, n, "%s at counter %ld cannot be said (see the line above)",
				c->args[1], counter);
		goto out;
	}
	if (c->out) {
		r = voice_render_wav(v, c->args[1], (int)counter, &wav, &len);
		if (r == 0)
			r = write_file(c->out, wav, len);
		if (r < 0) {
			code = ctl_fail(c, r, "%s: %s", c->out,
					r == K_ERR_IO ? strerror(errno) : kerr_text(r));
			goto out;
		}
	}
	double seconds = len ? (double)(len - WAV_HEADER) / 2 / voice_rate(v) : 0;
	if (c->json) {
		json_t *list = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(list, json_string(names[i]));
		json_t *o = json_pack("{s:b, s:s, s:i, s:o, s:i}", "ok", 1, "number", c->args[1],
				      "counter", (int)counter, "clips", list, "rate", voice_rate(v));
		if (o && c->out) {
			json_object_set_new(o, "out", json_string(c->out));
			json_object_set_new(o, "seconds", json_real(seconds));
		}
		ctl_print_json(o);
	} else {
		for (int i = 0; i < n; i++)
			printf("%s\n", names[i]);
		if (c->out)
			fprintf(stderr, "kioskctl: %s: %.2f s at %d Hz (aplay %s)\n", c->out, seconds,
				voice_rate(v), c->out);
	}
	code = CTL_OK;
out:
	free(wav);
	voice_close(v);
	return code;
}
