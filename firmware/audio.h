/*
 * audio.h - calls read aloud through SDL audio, one after another.
 *
 * audio_say() only notes the call: a thread of its own renders it with
 * voice_render() (core/voice.h) and queues the samples on an SDL audio
 * device (16-bit mono at voice_rate()) with SDL_QueueAudio, so calls play
 * in the order they were made, never over each other, with a short silence
 * between two of them.  A board without a sound card, or without clips,
 * says so once in the log and stays silent; it never stops the screen.
 */
#ifndef AUDIO_H
#define AUDIO_H

#include "kconf.h"

struct audio;

/*
 * Open the clips of cfg's [voice] and the default audio device.  Always
 * gives an audio (a silent one when either is missing, logged once);
 * NULL only when out of memory, and every function takes NULL too.
 */
struct audio *audio_open(const struct kconf *cfg);
void audio_close(struct audio *a);

/* Read ticket `number` at `counter` aloud after the calls before it. */
void audio_say(struct audio *a, const char *number, int counter);

/*
 * A rating panel's audio: [voice] clips/click.wav (its own rate) on the
 * default device, no voice.  Always gives an audio (a silent one without
 * the file or a device, logged once); NULL only when out of memory.
 */
struct audio *audio_open_click(const struct kconf *cfg);

/* Play the click at once (audio_open_click()'s; a click over another is
 * left out); nothing without one. */
void audio_click(struct audio *a);
/* Clicks queued since audio_open() (tests). */
unsigned audio_clicks(const struct audio *a);

/* 1 when calls are really played (device and clips both there). */
int audio_live(const struct audio *a);

/* Calls noted and not yet queued on the device, plus bytes still queued
 * there: 0 when everything said has been played (tests, shutdown). */
unsigned audio_pending(const struct audio *a);

#endif
