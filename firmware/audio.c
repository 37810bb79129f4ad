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
 */
#include "audio.h"
#include "stop_flag.h"
#include "klog.h"
#include "voice.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_JOBS 32        /* calls waiting to be rendered; more in a burst are dropped */
#define GAP_MS 800         /* silence between two calls */
#define AHEAD_MS 500       /* render the next call when this little is left to play */

struct job {
	char number[12];
	int counter;
};

struct audio {
	struct voice *voice;
	SDL_AudioDeviceID dev;       /* 0 = silent */
	int rate;
	int bench;                   /* KIOSK_BENCH: print when a call is queued */
	SDL_Thread *thread;
	struct stop_flag halt;       /* its lock and condition guard the jobs too */
	struct job jobs[MAX_JOBS];
	int head, count, busy;       /* busy: a call taken, not yet queued */
	Uint32 ends;                 /* SDL_GetTicks() when the last call queued ends */
	int16_t *gap;
	size_t ngap;
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

static int run(void *arg)
{
	struct audio *a = arg;
	struct job j;

	SDL_LockMutex(a->halt.lock);
	for (;;) {
		while (!a->halt.stop && (a->count == 0 || backlog_ms(a) > AHEAD_MS)) {
			if (a->count == 0)
				SDL_CondWait(a->halt.wake, a->halt.lock);
			else /* the previous call still plays */
				SDL_CondWaitTimeout(a->halt.wake, a->halt.lock, 50);
		}
		if (a->halt.stop)
			break;
		j = a->jobs[a->head];
		a->head = (a->head + 1) % MAX_JOBS;
		a->count--;
		a->busy = 1;
		SDL_UnlockMutex(a->halt.lock);
		queue_call(a, &j);
		SDL_LockMutex(a->halt.lock);
		a->busy = 0;
	}
	SDL_UnlockMutex(a->halt.lock);
	return 0;
}

static int open_device(struct audio *a)
{
	SDL_AudioSpec want, have;

	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		klog(KLOG_WARN, "board: no audio (%s): calls are shown, not heard", SDL_GetError());
		return -1;
	}
	SDL_zero(want);
	want.freq = a->rate;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;
	a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!a->dev) {
		klog(KLOG_WARN, "board: no audio device (%s): calls are shown, not heard",
		     SDL_GetError());
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -1;
	}
	klog(KLOG_INFO, "board: audio on %s, %d Hz", SDL_GetCurrentAudioDriver(), a->rate);
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
	if (!a->gap || stop_flag_init(&a->halt) < 0 || open_device(a) < 0)
		return a;
	a->thread = stop_flag_thread(run, "audio", a);
	return a;
}

int audio_live(const struct audio *a)
{
	return a && a->thread;
}

void audio_say(struct audio *a, const char *number, int counter)
{
	if (!audio_live(a))
		return;
	SDL_LockMutex(a->halt.lock);
	if (a->count < MAX_JOBS) {
		struct job *j = &a->jobs[(a->head + a->count) % MAX_JOBS];
		snprintf(j->number, sizeof(j->number), "%s", number);
		j->counter = counter;
		a->count++;
		SDL_CondSignal(a->halt.wake);
	} else {
		klog(KLOG_WARN, "board: too many calls at once: %s is shown, not said", number);
	}
	SDL_UnlockMutex(a->halt.lock);
}

unsigned audio_pending(const struct audio *a)
{
	if (!audio_live(a))
		return 0;
	SDL_LockMutex(a->halt.lock);
	unsigned n = (unsigned)(a->count + a->busy);
	SDL_UnlockMutex(a->halt.lock);
	return n + SDL_GetQueuedAudioSize(a->dev);
}

void audio_close(struct audio *a)
{
	if (!a)
		return;
	stop_flag_join(&a->halt, a->thread);
	if (a->dev) {
		SDL_CloseAudioDevice(a->dev);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	free(a->gap);
	voice_close(a->voice);
	free(a);
}
