/*
 * stop_flag.c - see stop_flag.h.
 */
#include "stop_flag.h"
#include "klog.h"

int stop_flag_init(struct stop_flag *s)
{
	s->stop = 0;
	s->lock = SDL_CreateMutex();
	s->wake = SDL_CreateCond();
	return s->lock && s->wake ? 0 : -1;
}

void stop_flag_free(struct stop_flag *s)
{
	if (s->wake)
		SDL_DestroyCond(s->wake);
	if (s->lock)
		SDL_DestroyMutex(s->lock);
	s->wake = NULL;
	s->lock = NULL;
}

void stop_flag_raise(struct stop_flag *s)
{
	if (!s->lock)
		return;
	SDL_LockMutex(s->lock);
	s->stop = 1;
	SDL_CondBroadcast(s->wake);
	SDL_UnlockMutex(s->lock);
}

int stop_flag_sleep(struct stop_flag *s, Uint32 ms)
{
	SDL_LockMutex(s->lock);
	if (!s->stop && ms)
		SDL_CondWaitTimeout(s->wake, s->lock, ms);
	int stop = s->stop;
	SDL_UnlockMutex(s->lock);
	return stop;
}

SDL_Thread *stop_flag_thread(SDL_ThreadFunction fn, const char *name, void *arg)
{
	SDL_Thread *t = SDL_CreateThread(fn, name, arg);
	if (!t)
		klog(KLOG_ERR, "cannot start the %s thread: %s", name, SDL_GetError());
	return t;
}

void stop_flag_join(struct stop_flag *s, SDL_Thread *t)
{
	stop_flag_raise(s);
	if (t)
		SDL_WaitThread(t, NULL);
	stop_flag_free(s);
}
