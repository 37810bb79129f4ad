/*
 * printer_sim.c - the simulated printer: sim:DIR.
 *
 * Each job is kept as DIR/slip-NNNN.escpos (the bytes a printer would get)
 * and DIR/slip-NNNN.png (what it would print, read back from those bytes).
 * A file DIR/status holding "paper-out", "near-end", "cover-open",
 * "offline", "error" or "unplugged" makes the simulated printer report that,
 * so demos and tests can show every state without hardware.  "stall" is a
 * jammed USB write: a job's write (not a status query) does not return until
 * the file says something else, whatever its timeout - the hang the kiosk's
 * watchdog is there for (docs/watchdog.md).
 */
#include "printer_private.h"
#include "kerr.h"
#include "klog.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct sim {
	int next;    /* number of the next slip file */
};

static int read_state(struct printer *p, char *buf, size_t len)
{
	char path[300];
	snprintf(path, sizeof(path), "%s/status", p->uri.path);
	FILE *f = fopen(path, "r");
	buf[0] = '\0';
	if (!f)
		return 0;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, " \r\n")] = '\0';
	return 1;
}

static int op_open(struct printer *p)
{
	struct sim *s;
	DIR *d;
	struct dirent *e;
	char state[32];

	if (mkdir(p->uri.path, 0755) < 0 && errno != EEXIST) {
		klog(KLOG_ERR, "printer sim: cannot make %s: %s", p->uri.path, strerror(errno));
		return K_ERR_NODEV;
	}
	if (read_state(p, state, sizeof(state)) && strcmp(state, "unplugged") == 0)
		return K_ERR_NODEV;
	s = calloc(1, sizeof(*s));
	if (!s)
		return K_ERR_NOMEM;
	s->next = 1;
	d = opendir(p->uri.path);
	while (d && (e = readdir(d))) {
		int n;
		if (sscanf(e->d_name, "slip-%d.escpos", &n) == 1 && n >= s->next)
			s->next = n + 1;
	}
	if (d)
		closedir(d);
	p->priv = s;
	return K_OK;
}

static void op_close(struct printer *p)
{
	free(p->priv);
	p->priv = NULL;
}

static int op_write(struct printer *p, const uint8_t *buf, size_t len, int timeout_ms)
{
	struct sim *s = p->priv;
	char path[300], state[32];
	struct bitmap img;
	struct escpos_summary sum;
	FILE *f;

	(void)timeout_ms;
	if (read_state(p, state, sizeof(state)) && strcmp(state, "unplugged") == 0)
		return K_ERR_NODEV;
	if (len == 3 && buf[0] == 0x10 && buf[1] == 0x04)
		return K_OK; /* a status query: answered by op_status */
	if (!strcmp(state, "stall")) {
		struct timespec tick = { 0, 50 * 1000000L };
		klog(KLOG_WARN, "printer sim: stalled: the write hangs until %s/status changes",
		     p->uri.path);
		while (read_state(p, state, sizeof(state)) && !strcmp(state, "stall"))
			nanosleep(&tick, NULL);
		klog(KLOG_INFO, "printer sim: the stalled write goes on");
	}
	snprintf(path, sizeof(path), "%s/slip-%04d.escpos", p->uri.path, s->next);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len) {
		klog(KLOG_ERR, "printer sim: cannot write %s", path);
		if (f)
			fclose(f);
		return K_ERR_IO;
	}
	fclose(f);
	if (escpos_decode(buf, len, &img, &sum) == K_OK) {
		snprintf(path, sizeof(path), "%s/slip-%04d.png", p->uri.path, s->next);
		bitmap_write_png(&img, path);
		bitmap_free(&img);
	} else {
		klog(KLOG_WARN, "printer sim: job %d is not ESC/POS this printer reads", s->next);
	}
	s->next++;
	return K_OK;
}

static int op_status(struct printer *p, struct printer_status *st)
{
	char state[32];

	read_state(p, state, sizeof(state));
	if (strcmp(state, "unplugged") == 0)
		return K_ERR_NODEV;
	st->answered = 1;
	st->online = strcmp(state, "offline") != 0;
	st->paper = !strcmp(state, "paper-out") ? PAPER_OUT :
		    !strcmp(state, "near-end") ? PAPER_NEAR_END : PAPER_OK;
	st->cover_open = strcmp(state, "cover-open") == 0;
	st->error = strcmp(state, "error") == 0;
	return K_OK;
}

const struct printer_ops printer_sim_ops = {
	.name = "sim",
	.open = op_open,
	.close = op_close,
	.write = op_write,
	.status = op_status,
};
