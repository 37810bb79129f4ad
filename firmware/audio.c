/*
 * audio.c - the board's voice: calls rendered from clips on a thread and
 * queued on one SDL audio device.
 *
 * SDL_QueueAudio keeps what it is given in order and plays it as the device
 * asks, so queueing a call after the one before is all it takes for calls
 * never to overlap.  The thread renders the next call only when less than
 * AHEAD_MS of the previous one is left to play (a burst of calls waits as
 * names, not as megabytes of samples), and puts a silence of GAP_MS before
 * it unless the device has been quiet that long.  Rendering joins a few
 * hundred kilobytes of clips: done here, never on the thread that draws.
 * The thread is the kit's (core/kthread.h); the calls wait in its ring.
 * A rating panel's audio is only its tap's click ([voice] clips/click.wav):
 * the device at the click's rate, no voice and no thread, the click queued
 * at once from the caller.
 */
#include "audio.h"
#include "klog.h"
#include "kerr.h"
#include "kthread.h"
#include "voice.h"
#include "wav.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 32        /* calls waiting to be rendered; more in a burst are dropped */
#define GAP_MS 800         /* silence between two calls */
#define AHEAD_MS 500       /* render the next call when this little is left to play */
#define CLICK_FILE "click.wav"
#define CLICK_MAX (64 * 1024) /* a click is a few hundred milliseconds at most */

struct job {
	char number[12];
	int counter;
};

struct audio {
	struct voice *voice;
	SDL_AudioDeviceID dev;       /* 0 = silent */
	int rate;
	int bench;                   /* KIOSK_BENCH: print when a call is queued */
	struct kthread *thread;
	struct job jobs[MAX_JOBS];
	struct kring ring;           /* of jobs, under the thread's lock; a call
	                              * taken is pending until queued */
	Uint32 ends;                 /* SDL_GetTicks() when the last call queued ends */
	int16_t *gap;
	size_t ngap;
	struct wav click;            /* the tap's sound; n = 0: none */
	unsigned clicks;             /* clicks queued (the caller's thread only) */
};

/* Milliseconds of audio queued and not yet played. */
static Uint32 backlog_ms(const struct audio *a)
{
	return (Uint32)((Uint64)SDL_GetQueuedAudioSize(a->dev) * 1000u /
			((Uint64)a->rate * sizeof(int16_t)));
}

static void queue_call(struct audio *a, const struct job *j)
{
	int16_t *pcm = NULL;
	size_t n = 0;

	if (voice_render(a->voice, j->number, j->counter, &pcm, &n) < 0 || n == 0) {
		klog(KLOG_ERR, "board: %s at counter %d cannot be said (see above)", j->number,
		     j->counter);
		free(pcm);
		return;
	}
	Uint32 now = SDL_GetTicks();
	Sint32 quiet = (Sint32)(now - a->ends); /* < 0: the last call still plays */
	if (a->ends && quiet < GAP_MS) {
		Uint32 ms = quiet < 0 ? GAP_MS : GAP_MS - (Uint32)quiet;
		SDL_QueueAudio(a->dev, a->gap, (Uint32)((size_t)a->rate * ms / 1000 * sizeof(int16_t)));
	}
	if (SDL_QueueAudio(a->dev, pcm, (Uint32)(n * sizeof(int16_t))) < 0) {
		klog(KLOG_ERR, "board: cannot queue audio: %s", SDL_GetError());
	} else if (a->bench) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		fprintf(stderr, "bench: audio-queued %s %lld\n", j->number,
			(long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	}
	a->ends = SDL_GetTicks() + backlog_ms(a);
	if (!a->ends)
		a->ends = 1;
	klog(KLOG_INFO, "board: saying %s, counter %d (%.1f s)", j->number, j->counter,
	     (double)n / a->rate);
	free(pcm);
}

static void run(struct kthread *t, void *arg)
{
	struct audio *a = arg;
	struct job j;

	kthread_lock(t);
	for (;;) {
		while (!kthread_stopping(t) &&
		       (kring_count(&a->ring) == 0 || backlog_ms(a) > AHEAD_MS))
			/* nothing to say, or the previous call still plays */
			kthread_wait_locked(t, kring_count(&a->ring) == 0 ? -1 : 50);
		if (kthread_stopping(t))
			break;
		kring_pop(&a->ring, &j);
		kthread_unlock(t);
		queue_call(a, &j);
		kthread_lock(t);
		kring_done(&a->ring);
	}
	kthread_unlock(t);
}

/* The default device at a->rate; who and silent say what its absence means. */
static int open_device(struct audio *a, const char *who, const char *silent)
{
	SDL_AudioSpec want, have;

	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		klog(KLOG_WARN, "%s: no audio (%s): %s", who, SDL_GetError(), silent);
		return -1;
	}
	SDL_zero(want);
	want.freq = a->rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;
	a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!a->dev) {
		klog(KLOG_WARN, "%s: no audio device (%s): %s", who, SDL_GetError(), silent);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -1;
	}
	klog(KLOG_INFO, "%s: audio on %s, %d Hz", who, SDL_GetCurrentAudioDriver(), a->rate);
	SDL_PauseAudioDevice(a->dev, 0);
	return 0;
}

struct audio *audio_open(const struct kconf *cfg)
{
	struct audio *a = calloc(1, sizeof(*a));
	char err[256] = "";

	if (!a)
		return NULL;
	a->bench = getenv("KIOSK_BENCH") != NULL;
	if (voice_open(&a->voice, cfg, err, sizeof(err)) < 0) {
		klog(KLOG_WARN, "board: no voice (%s): calls are shown, not heard", err);
		a->voice = NULL;
		return a;
	}
	a->rate = voice_rate(a->voice);
	a->ngap = (size_t)a->rate * GAP_MS / 1000;
	a->gap = calloc(a->ngap, sizeof(int16_t));
	a->ring = (struct kring)KRING_OF(a->jobs);
	if (!a->gap || open_device(a, "board", "calls are shown, not heard") < 0)
		return a;
	kthread_start(&a->thread, "audio", 0, run, a); /* NULL: silent (logged) */
	return a;
}

struct audio *audio_open_click(const struct kconf *cfg)
{
	struct audio *a = calloc(1, sizeof(*a));
	char path[KCONF_PATH + 16], err[256];

	if (!a)
		return NULL;
	snprintf(path, sizeof(path), "%s/" CLICK_FILE, cfg->voice.clips);
	if (access(path, R_OK) != 0) {
		klog(KLOG_INFO, "rate: no %s: taps are silent", path);
		return a;
	}
	if (wav_read(path, CLICK_MAX, &a->click, err, sizeof(err)) < 0) {
		klog(KLOG_WARN, "rate: %s: taps are silent", err);
		return a;
	}
	a->rate = a->click.rate;
	if (open_device(a, "rate", "taps are silent") < 0)
		wav_free(&a->click);
	return a;
}

int audio_live(const struct audio *a)
{
	return a && a->thread;
}

void audio_say(struct audio *a, const char *number, int counter)
{
	struct job j;

	if (!audio_live(a))
		return;
	snprintf(j.number, sizeof(j.number), "%s", number);
	j.counter = counter;
	if (kring_put(a->thread, &a->ring, &j, NULL) == K_ERR_BUSY)
		klog(KLOG_WARN, "board: too many calls at once: %s is shown, not said", number);
}

void audio_click(struct audio *a)
{
	/* a click over another (a double tap) is left out */
	if (!a || !a->dev || !a->click.n || SDL_GetQueuedAudioSize(a->dev) > 0)
		return;
	if (SDL_QueueAudio(a->dev, a->click.pcm, (Uint32)(a->click.n * sizeof(int16_t))) < 0)
		klog(KLOG_WARN, "audio: cannot queue the click: %s", SDL_GetError());
	else
		a->clicks++;
}

unsigned audio_clicks(const struct audio *a)
{
	return a ? a->clicks : 0;
}

unsigned audio_pending(const struct audio *a)
{
	if (!audio_live(a))
		return 0;
	kthread_lock(a->thread);
	unsigned n = (unsigned)kring_pending(&a->ring);
	kthread_unlock(a->thread);
	return n + SDL_GetQueuedAudioSize(a->dev);
}

void audio_close(struct audio *a)
{
	if (!a)
		return;
	int said = a->thread != NULL; /* calls were queued on the device */
	kthread_stop(a->thread);
	if (a->dev && said) { /* the call being said is finished, not cut */
		Uint32 until = SDL_GetTicks() + backlog_ms(a) + 1000;
		while (SDL_GetQueuedAudioSize(a->dev) > 0 && (Sint32)(SDL_GetTicks() - until) < 0)
			SDL_Delay(20);
	}
	if (a->dev) {
		SDL_CloseAudioDevice(a->dev);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	free(a->gap);
	wav_free(&a->click);
	voice_close(a->voice);
	free(a);
}
