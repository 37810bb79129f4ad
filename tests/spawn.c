/*
 * spawn.c - see spawn.h.
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUT_MAX (4u << 20)

int child_start(struct child *c, char *const argv[], char *const env[])
{
	int fd[2];

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->cap = 4096;
	c->out = calloc(1, c->cap);
	if (!c->out || pipe(fd) < 0)
		return -1;
	c->pid = fork();
	if (c->pid < 0)
		return -1;
	if (c->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test leaves nothing behind */
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		for (int i = 0; env && env[i]; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	c->fd = fd[0];
	fcntl(c->fd, F_SETFL, O_NONBLOCK);
	return 0;
}

/* Read what is there; 0 = more may come, -1 = the pipe is closed. */
static int take(struct child *c)
{
	char scrap[4096];
	for (;;) {
		if (c->len + 1 >= c->cap && c->cap < OUT_MAX) {
			char *p = realloc(c->out, c->cap * 2);
			if (p) {
				c->out = p;
				c->cap *= 2;
			}
		}
		int full = c->len + 1 >= c->cap; /* what came first is kept, the rest read away */
		ssize_t n = full ? read(c->fd, scrap, sizeof(scrap)) :
				   read(c->fd, c->out + c->len, c->cap - c->len - 1);
		if (n > 0 && !full) {
			c->len += (size_t)n;
			c->out[c->len] = 0;
		}
		if (n > 0)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		close(c->fd);
		c->fd = -1;
		return -1;
	}
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

long child_wait_for(struct child *c, const char *needle, size_t from, int ms)
{
	double end = now_ms() + ms;
	for (;;) {
		if (c->fd >= 0)
			take(c);
		const char *p = from < c->len ? strstr(c->out + from, needle) : NULL;
		if (p)
			return p - c->out;
		double left = end - now_ms();
		if (left <= 0 || c->fd < 0)
			return -1;
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		poll(&pfd, 1, left > 50 ? 50 : (int)left + 1);
	}
}

int child_end(struct child *c, int sig)
{
	int status = 0;
	if (c->pid <= 0)
		return -1;
	if (sig)
		kill(c->pid, sig);
	waitpid(c->pid, &status, 0);
	c->pid = 0;
	while (c->fd >= 0 && take(c) == 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void child_free(struct child *c)
{
	if (c->pid > 0)
		child_end(c, SIGKILL);
	if (c->fd >= 0)
		close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

int child_freeze(pid_t pid)
{
	int status = 0;
	pid_t r;

	if (kill(pid, SIGSTOP) < 0)
		return -1;
	/* the kernel tells the parent once the stop is complete: every thread of
	 * the child has stopped (a group stop), so this is the event itself */
	do
		r = waitpid(pid, &status, WUNTRACED);
	while (r < 0 && errno == EINTR);
	return r == pid && WIFSTOPPED(status) ? 0 : -1;
}
