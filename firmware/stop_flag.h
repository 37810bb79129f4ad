/*
 * stop_flag.h - how the board's threads (its feed, its voice) are told to
 * stop: a flag under a mutex, and a condition their sleeps wait on, so a
 * stop never waits for a sleep to run out.  The owner may share the lock
 * and the condition for its own work queue (the voice does).
 */
#ifndef STOP_FLAG_H
#define STOP_FLAG_H

#include <SDL.h>

struct stop_flag {
	SDL_mutex *lock;
	SDL_cond *wake;
	int stop;
};

/* 0, or -1 when SDL cannot make the mutex or the condition. */
int stop_flag_init(struct stop_flag *s);
void stop_flag_free(struct stop_flag *s);

/* Set the flag and wake every sleeper. */
void stop_flag_raise(struct stop_flag *s);

/* Sleep up to ms unless stopped; 1 when stopping (0 ms: just look). */
int stop_flag_sleep(struct stop_flag *s, Uint32 ms);

/* Start fn(arg) on a thread named name; NULL (logged) if it cannot. */
SDL_Thread *stop_flag_thread(SDL_ThreadFunction fn, const char *name, void *arg);

/* Raise the flag, wait for the thread (NULL: none) to end, free the flag. */
void stop_flag_join(struct stop_flag *s, SDL_Thread *t);

#endif
