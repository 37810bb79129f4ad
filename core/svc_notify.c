/*
 * svc_notify.c - sd_notify for the programs: READY, STATUS, STOPPING and a
 * watchdog that pings only while the registered threads are alive.
 *
 * Each thread's record is "busy since T doing WHAT, allowed BOUND ms" or
 * idle; the main loop compares them with the monotonic clock.  A thread
 * stuck in a write it never returns from (a jammed USB printer, a kernel lp
 * driver ignoring its timeout) thus stops the pings, the service manager
 * kills the program after WatchdogSec and starts it again.
 */
#include "svc_notify.h"
#include "klog.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <time.h>

#define MAX_THREADS 8
#define STATUS_MAX 160

struct svc_thread {
	int used, busy;
	const char *name, *what;
	int64_t since;     /* ms, CLOCK_MONOTONIC */
	int bound;         /* ms */
};

static int enabled;        /* NOTIFY_SOCKET is set */
static int watchdog_ms;
static int64_t last_ping;
static int hung_said;      /* the hang was logged */
static char base[STATUS_MAX];
static char sent[STATUS_MAX + 96];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct svc_thread threads[MAX_THREADS];

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void svc_init(void)
{
	uint64_t usec = 0;

	enabled = getenv("NOTIFY_SOCKET") != NULL;
	watchdog_ms = 0;
	if (enabled && sd_watchdog_enabled(0, &usec) > 0 && usec >= 4000)
		watchdog_ms = usec / 1000 > 3600000 ? 3600000 : (int)(usec / 1000);
	last_ping = now_ms();
	if (watchdog_ms)
		klog(KLOG_INFO, "watchdog: every %d ms while the threads are alive", watchdog_ms);
}

int svc_watchdog_ms(void)
{
	return watchdog_ms;
}

void svc_ready(void)
{
	if (enabled)
		sd_notify(0, "READY=1");
}

void svc_stopping(void)
{
	if (enabled)
		sd_notify(0, "STOPPING=1");
}

void svc_reloading(void)
{
	if (enabled)
		sd_notify(0, "RELOADING=1");
}

struct svc_thread *svc_thread_add(const char *name)
{
	struct svc_thread *t = NULL;

	if (!enabled)
		return NULL;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < MAX_THREADS && !t; i++)
		if (!threads[i].used) {
			t = &threads[i];
			memset(t, 0, sizeof(*t));
			t->used = 1;
			t->name = name;
		}
	pthread_mutex_unlock(&lock);
	if (!t)
		klog(KLOG_WARN, "watchdog: no room to watch the %s thread", name);
	return t;
}

void svc_thread_remove(struct svc_thread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&lock);
	t->used = 0;
	t->busy = 0;
	pthread_mutex_unlock(&lock);
}

void svc_busy(struct svc_thread *t, const char *what, int bound_ms)
{
	if (!t)
		return;
	pthread_mutex_lock(&lock);
	t->busy = 1;
	t->what = what;
	t->since = now_ms();
	t->bound = bound_ms;
	pthread_mutex_unlock(&lock);
}

void svc_idle(struct svc_thread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&lock);
	t->busy = 0;
	pthread_mutex_unlock(&lock);
}

/* The first thread past its bound; with seconds = 0 the text does not
 * change while it hangs (for STATUS=). */
static int find_hung(char *buf, size_t len, int seconds)
{
	int64_t now = now_ms();
	int found = 0;

	buf[0] = '\0';
	pthread_mutex_lock(&lock);
	for (int i = 0; i < MAX_THREADS && !found; i++) {
		const struct svc_thread *t = &threads[i];
		int bound = t->bound > watchdog_ms ? t->bound : watchdog_ms;
		if (!t->used || !t->busy || now - t->since <= bound)
			continue;
		found = 1;
		if (seconds)
			snprintf(buf, len, "%s (%s, %lld s)", t->name, t->what ? t->what : "?",
				 (long long)((now - t->since) / 1000));
		else
			snprintf(buf, len, "%s (%s)", t->name, t->what ? t->what : "?");
	}
	pthread_mutex_unlock(&lock);
	return found;
}

int svc_hung(char *buf, size_t len)
{
	return find_hung(buf, len, 1);
}

static void send_status(int hung, const char *what)
{
	char line[sizeof(sent)];

	if (hung)
		snprintf(line, sizeof(line), "%s%shangs: %.80s", base, base[0] ? "; " : "", what);
	else
		snprintf(line, sizeof(line), "%s", base);
	if (!strcmp(line, sent))
		return;
	snprintf(sent, sizeof(sent), "%s", line);
	sd_notifyf(0, "STATUS=%s", line);
}

void svc_status(const char *fmt, ...)
{
	va_list ap;

	if (!enabled)
		return;
	va_start(ap, fmt);
	vsnprintf(base, sizeof(base), fmt, ap);
	va_end(ap);
	if (!hung_said) /* while something hangs, svc_tick keeps the line */
		send_status(0, "");
}

int svc_tick(int healthy)
{
	char what[96];
	int64_t now, quarter;
	int hung;

	if (!enabled || !watchdog_ms)
		return -1;
	hung = find_hung(what, sizeof(what), 0);
	send_status(hung, what);
	if (hung && !hung_said) {
		char longer[128];
		find_hung(longer, sizeof(longer), 1);
		klog(KLOG_ERR, "watchdog: %s hangs: no more pings, the service manager "
		     "will restart the program", longer);
	} else if (!hung && hung_said) {
		klog(KLOG_WARN, "watchdog: no thread hangs any more: pings again");
	}
	hung_said = hung;
	now = now_ms();
	quarter = watchdog_ms / 4;
	if (now - last_ping >= quarter && !hung && healthy) {
		sd_notify(0, "WATCHDOG=1");
		last_ping = now;
	}
	if (now - last_ping >= quarter) /* not pinging: look again in a quarter */
		return (int)quarter;
	return (int)(last_ping + quarter - now) + 1;
}
