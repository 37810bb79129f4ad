/*
 * print_worker.c - a small job queue and one printing thread.
 */
#include "print_worker.h"
#include "escpos.h"
#include "kerr.h"
#include "klog.h"
#include "printer.h"
#include "slip_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WAITING 4

struct job {
	char number[12];
	char service[9];
	int64_t id, issued_at;
	int ahead, wait;
};

struct print_worker {
	const struct kconf *cfg;
	struct i18n *text[2];
	struct slip_renderer *renderer;
	struct printer *printer;
	Uint32 event_type;
	SDL_Thread *thread;
	SDL_mutex *lock;
	SDL_cond *wake;
	struct job jobs[MAX_WAITING];
	int head, count, stop;
};

static void report(struct print_worker *w, int64_t id, int result)
{
	SDL_Event ev;
	memset(&ev, 0, sizeof(ev));
	ev.type = w->event_type;
	ev.user.code = result;
	ev.user.data1 = (void *)(intptr_t)id;
	SDL_PushEvent(&ev);
}

static int print_one(struct print_worker *w, const struct job *j)
{
	struct slip_info info = { j->number, j->service, j->id, j->issued_at, j->ahead, j->wait };
	struct bitmap img;
	struct kbuf bytes;
	int r;

	kbuf_init(&bytes, ESCPOS_MAX_JOB);
	r = slip_job_make(w->renderer, w->cfg, w->text, &info, &img, &bytes);
	if (r == K_OK) {
		r = printer_print(w->printer, bytes.data, bytes.len, slip_length_tenth_mm(&img), NULL);
		bitmap_free(&img);
	}
	kbuf_free(&bytes);
	if (r < 0 && r != K_ERR_DISABLED_DEV)
		klog(KLOG_WARN, "print: slip %s not printed: %s", j->number, kerr_text(r));
	return r;
}

static int run(void *arg)
{
	struct print_worker *w = arg;

	SDL_LockMutex(w->lock);
	for (;;) {
		while (!w->stop && w->count == 0)
			SDL_CondWait(w->wake, w->lock);
		if (w->stop)
			break;
		struct job j = w->jobs[w->head];
		w->head = (w->head + 1) % MAX_WAITING;
		w->count--;
		SDL_UnlockMutex(w->lock);
		report(w, j.id, print_one(w, &j));
		SDL_LockMutex(w->lock);
	}
	SDL_UnlockMutex(w->lock);
	return 0;
}

int print_worker_start(struct print_worker **out, const struct kconf *cfg, const char *uri,
		       struct i18n *const text[2], Uint32 event_type)
{
	struct print_worker *w = calloc(1, sizeof(*w));
	int r;

	*out = NULL;
	if (!w)
		return K_ERR_NOMEM;
	w->cfg = cfg;
	w->text[0] = text[0];
	w->text[1] = text[1];
	w->event_type = event_type;
	r = printer_open(&w->printer, uri, cfg);
	if (r == K_OK)
		r = slip_renderer_open(&w->renderer, cfg);
	if (r == K_OK) {
		w->lock = SDL_CreateMutex();
		w->wake = SDL_CreateCond();
		w->thread = w->lock && w->wake ? SDL_CreateThread(run, "print", w) : NULL;
		if (!w->thread)
			r = K_ERR_NOMEM;
	}
	if (r < 0) {
		print_worker_stop(w);
		return r;
	}
	*out = w;
	return K_OK;
}

void print_worker_stop(struct print_worker *w)
{
	if (!w)
		return;
	if (w->thread) {
		SDL_LockMutex(w->lock);
		w->stop = 1;
		SDL_CondSignal(w->wake);
		SDL_UnlockMutex(w->lock);
		SDL_WaitThread(w->thread, NULL);
	}
	if (w->wake)
		SDL_DestroyCond(w->wake);
	if (w->lock)
		SDL_DestroyMutex(w->lock);
	slip_renderer_close(w->renderer);
	printer_close(w->printer);
	free(w);
}

int print_worker_submit(struct print_worker *w, const struct queue_ticket *t)
{
	int r = K_OK;

	SDL_LockMutex(w->lock);
	if (w->count == MAX_WAITING) {
		r = K_ERR_BUSY;
	} else {
		struct job *j = &w->jobs[(w->head + w->count) % MAX_WAITING];
		snprintf(j->number, sizeof(j->number), "%s", t->number);
		snprintf(j->service, sizeof(j->service), "%s", t->service);
		j->id = t->id;
		j->issued_at = t->issued_at;
		j->ahead = t->ahead;
		j->wait = t->wait_minutes;
		w->count++;
		SDL_CondSignal(w->wake);
	}
	SDL_UnlockMutex(w->lock);
	return r;
}

int print_worker_enabled(const struct print_worker *w)
{
	return w && strcmp(printer_transport(w->printer), "none") != 0;
}
