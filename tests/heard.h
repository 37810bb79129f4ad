/*
 * heard.h - what SDL's disk audio driver wrote (SDL_AUDIODRIVER=disk,
 * SDL_DISKAUDIOFILE): raw samples as the device played them, silence where
 * nothing was queued.  With no conversion between the voice and the
 * device, each call's rendered samples are in the file byte for byte.
 */
#ifndef HEARD_H
#define HEARD_H

#include <stddef.h>

#include "voice.h"

/*
 * Does the file at path hold, in this order, the samples voice_render()
 * makes for number[i] at counter[i], and no other loud sample (|s| > 64)?
 * 0, or -1 with the reason in why.  at[i] (if at is not NULL): the byte
 * where call i starts.
 */
int heard_calls(const char *path, const struct voice *v, const char *const number[],
		const int counter[], int n, long at[], char *why, size_t whylen);

#endif
