/*
 * test_printer.c - the printer job flow over the real transports: TCP
 * against a scripted printer on 127.0.0.1, the kernel-driver path against
 * a FIFO, the simulated printer's files and states, "none", and bad URIs.
 * (USB, through umockdev, is tests/test_printer_usb.c.)
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "testutil.h"
#include "fake_printer.h"
#include "kerr.h"
#include "klog.h"
#include "printer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static struct kconf cfg;

static void load(const char *printer_lines)
{
	char text[1024];
	struct kconf_errors errs;
	snprintf(text, sizeof(text),
		 "[station]\nid = S\nname_vi = Trạm\n[service.A]\nprefix = A\nname_vi = A\n"
		 "[printer]\nstatus_timeout_ms = 200\n%s\n", printer_lines);
	if (tconf(&cfg, &errs, text) < 0) {
		kconf_errors_print(&errs, stderr);
		fail();
	}
}


enum peer_mode { PEER_ANSWER, PEER_NO_READ };

struct peer {
	struct fake_printer fp;
	enum peer_mode mode;
	int listen_fd, port, stop;
	pthread_t thread;
};

/* Serve one connection until the host closes it or the test stops. */
static void serve(struct peer *p, int fd)
{
	uint8_t buf[65536];
	while (!__atomic_load_n(&p->stop, __ATOMIC_SEQ_CST)) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		if (p->mode == PEER_NO_READ) {
			usleep(20000);
			continue;
		}
		if (poll(&pfd, 1, 20) <= 0)
			continue;
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		fake_printer_feed(&p->fp, buf, (size_t)n);
		size_t r = fake_printer_take(&p->fp, buf, sizeof(buf));
		if (r && write(fd, buf, r) != (ssize_t)r)
			return;
	}
}

static void *peer_main(void *arg)
{
	struct peer *p = arg;
	while (!__atomic_load_n(&p->stop, __ATOMIC_SEQ_CST)) {
		struct pollfd pfd = { p->listen_fd, POLLIN, 0 };
		if (poll(&pfd, 1, 20) <= 0)
			continue;
		int fd = accept(p->listen_fd, NULL, NULL);
		if (fd < 0)
			break;
		serve(p, fd);
		close(fd);
	}
	return NULL;
}

/* Change the fake printer while its thread serves: under its lock. */
#define PEER_SET(p, assignment) do { \
	pthread_mutex_lock(&(p)->fp.lock); \
	(p)->assignment; \
	pthread_mutex_unlock(&(p)->fp.lock); \
} while (0)

static void peer_start(struct peer *p, enum peer_mode mode)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	int small = 4096, one = 1;

	fake_printer_init(&p->fp);
	p->mode = mode;
	p->stop = 0;
	p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(p->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(p->listen_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(p->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(p->listen_fd, 1), 0);
	getsockname(p->listen_fd, (struct sockaddr *)&a, &len);
	p->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&p->thread, NULL, peer_main, p), 0);
}

static void peer_stop(struct peer *p)
{
	__atomic_store_n(&p->stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(p->thread, NULL);
	close(p->listen_fd);
	fake_printer_free(&p->fp);
}

/*
 * Until the peer has taken want bytes of job, or a bound that only turns a
 * hang into a failure: the bytes of a blind print (no status query after
 * it) reach the peer in their own time.  Every other wait is on the
 * printer's answer: the peer answers a query after the bytes before it.
 */
#define HANG_MS 15000
static long long now_ms(void);
static size_t peer_job_len(struct peer *p, size_t want)
{
	long long end = now_ms() + HANG_MS;
	size_t n;
	for (;;) {
		pthread_mutex_lock(&p->fp.lock); /* the peer's thread writes it under the lock */
		n = p->fp.job_len;
		pthread_mutex_unlock(&p->fp.lock);
		if (n >= want || now_ms() >= end)
			break;
		struct timespec tick = { 0, 5000000 };
		nanosleep(&tick, NULL);
	}
	return n;
}

static struct printer *open_tcp(struct peer *p)
{
	char uri[64];
	struct printer *pr;
	snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%d", p->port);
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_string_equal(printer_transport(pr), "tcp");
	return pr;
}

static void tcp_prints_the_job_byte_for_byte(void **state)
{
	(void)state;
	static uint8_t job[80000];
	struct peer peer;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 200);
	load("");
	peer_start(&peer, PEER_ANSWER);
	struct printer *pr = open_tcp(&peer);
	assert_int_equal(printer_print(pr, job, len, 250, &st), 0);
	assert_int_equal(st.paper, PAPER_OK);
	assert_int_equal(st.online, 1);
	assert_int_equal(peer.fp.job_len, len); /* taken before the answer after it */
	assert_memory_equal(peer.fp.job, job, len);
	assert_int_equal(peer.fp.queries, 8); /* DLE EOT 1..4, before and after the job */
	/* near end still prints, and says so */
	PEER_SET(&peer, fp.status[4] = FAKE_PAPER_NEAR_END);
	assert_int_equal(printer_print(pr, job, len, 250, &st), 0);
	assert_int_equal(st.paper, PAPER_NEAR_END);
	/* paper out before the job: nothing is sent */
	PEER_SET(&peer, fp.status[4] = FAKE_PAPER_OUT);
	size_t before = peer.fp.job_len;
	assert_int_equal(printer_print(pr, job, len, 250, &st), K_ERR_PAPER_OUT);
	assert_int_equal(printer_query(pr, &st), 0); /* answered after whatever came first */
	assert_int_equal(peer.fp.job_len, before);
	/* cover open, offline */
	PEER_SET(&peer, fp.status[4] = FAKE_PAPER_OK);
	PEER_SET(&peer, fp.status[2] = 0x16);
	assert_int_equal(printer_print(pr, job, len, 250, &st), K_ERR_COVER_OPEN);
	PEER_SET(&peer, fp.status[2] = 0x12);
	PEER_SET(&peer, fp.status[1] = 0x1e);
	assert_int_equal(printer_query(pr, &st), 0);
	assert_int_equal(printer_status_error(&st), K_ERR_OFFLINE);
	/* an autocutter error, told by DLE EOT 3 */
	PEER_SET(&peer, fp.status[1] = 0x16);
	PEER_SET(&peer, fp.status[3] = 0x1a);
	assert_int_equal(printer_print(pr, job, len, 250, &st), K_ERR_PRINTER);
	assert_int_equal(st.error, 1);
	printer_close(pr);
	peer_stop(&peer);
}

static void paper_running_out_during_a_job_is_reported(void **state)
{
	(void)state;
	static uint8_t job[80000];
	struct peer peer;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 200);
	load("");
	peer_start(&peer, PEER_ANSWER);
	PEER_SET(&peer, fp.paper_out_after = (long)len / 2);
	struct printer *pr = open_tcp(&peer);
	assert_int_equal(printer_print(pr, job, len, 250, &st), K_ERR_PAPER_OUT);
	assert_int_equal(st.paper, PAPER_OUT);
	printer_close(pr);
	peer_stop(&peer);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void a_printer_that_never_answers_times_out_quickly(void **state)
{
	(void)state;
	static uint8_t job[80000];
	struct peer peer;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 200);
	load("");
	peer_start(&peer, PEER_ANSWER);
	PEER_SET(&peer, fp.answer = 0);
	struct printer *pr = open_tcp(&peer);
	long long t0 = now_ms();
	assert_int_equal(printer_print(pr, job, len, 250, &st), K_ERR_TIMEOUT);
	print_message("a silent printer given up after %lld ms\n", now_ms() - t0);
	assert_true(now_ms() - t0 < HANG_MS); /* status_timeout_ms = 200 */
	assert_int_equal(st.answered, 0);
	/* with status = no the same printer is printed to blind: the peer then holds
	 * exactly this job, so nothing went to the silent printer before it */
	load("status = no");
	assert_int_equal(printer_print(pr, job, len, 250, &st), 0);
	assert_int_equal(peer_job_len(&peer, len), len);
	assert_memory_equal(peer.fp.job, job, len);
	printer_close(pr);
	peer_stop(&peer);
}

static void a_printer_that_accepts_and_never_reads_times_out(void **state)
{
	(void)state;
	static uint8_t job[1 << 20];
	struct peer peer;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 255);
	load("status = no\nspeed_mm_s = 400");
	peer_start(&peer, PEER_NO_READ);
	struct printer *pr = open_tcp(&peer);
	/* 40 copies of the job: far more than the socket buffers hold */
	for (int i = 1; i < 40; i++)
		memcpy(job + (size_t)i * len, job, len);
	long long t0 = now_ms();
	assert_int_equal(printer_print(pr, job, 40 * len, 10, &st), K_ERR_TIMEOUT);
	long long took = now_ms() - t0;
	print_message("gave up after %lld ms\n", took);
	assert_true(took >= 1900 && took < 2 * HANG_MS); /* its bound is about 2 s; never for ever */
	printer_close(pr);
	peer_stop(&peer);
}

static void an_unreachable_printer_is_nodev(void **state)
{
	(void)state;
	struct peer peer;
	struct printer *pr;
	struct printer_status st;
	uint8_t job[64];
	load("");
	peer_start(&peer, PEER_ANSWER);
	int port = peer.port;
	peer_stop(&peer); /* nobody listens there now */
	char uri[64];
	snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%d", port);
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_int_equal(printer_print(pr, job, fake_printer_sample_job(job, 0), 10, &st), K_ERR_NODEV);
	assert_int_equal(printer_query(pr, &st), K_ERR_NODEV);
	printer_close(pr);
}

static void bad_uris_are_refused(void **state)
{
	(void)state;
	struct printer *pr = NULL;
	static const char *bad[] = { "usb:04b8", "usb:zzzz:0e15", "tcp:", "tcp:host:0",
				     "tcp:host:99999", "lp:", "lp:relative", "sim:", "ipp://x",
				     "" };
	load("");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(printer_open(&pr, bad[i], &cfg), K_ERR_INVALID);
		assert_null(pr);
	}
}

static void none_prints_nothing_and_says_so(void **state)
{
	(void)state;
	struct printer *pr;
	struct printer_status st;
	uint8_t job[64];
	load("");
	assert_int_equal(printer_open(&pr, "none", &cfg), 0);
	assert_int_equal(printer_print(pr, job, fake_printer_sample_job(job, 0), 10, &st), K_ERR_DISABLED_DEV);
	assert_int_equal(printer_query(pr, &st), K_ERR_DISABLED_DEV);
	printer_close(pr);
}

static void the_kernel_driver_path_writes_the_job(void **state)
{
	(void)state;
	static uint8_t job[80000], got[80000];
	char dir[] = "/tmp/kiosk-lp-XXXXXX", path[64], uri[80];
	struct printer *pr;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 100);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/lp0", dir);
	snprintf(uri, sizeof(uri), "lp:%s", path);
	assert_int_equal(mkfifo(path, 0600), 0);
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	fcntl(rd, F_SETPIPE_SZ, 1 << 20);
	/* a FIFO has no LPGETSTATUS: with status = yes that is a fault ... */
	load("");
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_int_equal(printer_print(pr, job, len, 125, &st), K_ERR_TIMEOUT);
	printer_close(pr);
	/* ... and with status = no the job goes through */
	load("status = no");
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_int_equal(printer_print(pr, job, len, 125, &st), 0);
	ssize_t n = read(rd, got, sizeof(got));
	assert_int_equal(n, (ssize_t)len);
	assert_memory_equal(got, job, len);
	printer_close(pr);
	close(rd);
	unlink(path);
	/* a device that is not there */
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_int_equal(printer_print(pr, job, len, 125, &st), K_ERR_NODEV);
	printer_close(pr);
	rmdir(dir);
}

/* Lines of stderr holding what, while fn(arg) runs. */
static int logged_during(void (*fn)(void *), void *arg, const char *what)
{
	char path[] = "/tmp/test_printer-log-XXXXXX", line[512];
	int fd = mkstemp(path), saved = dup(2), n = 0;
	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
	klog_init("test", KLOG_INFO);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	klog_init("test", KLOG_ERR);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, what) != NULL;
	fclose(f);
	unlink(path);
	return n;
}

static void five_queries_unplugged(void *arg)
{
	struct printer_status st;
	for (int i = 0; i < 5; i++) /* the kiosk's status refresh, every 5 s */
		assert_int_equal(printer_query(arg, &st), K_ERR_NODEV);
}

/*
 * lp:/dev/kiosk/printer while the printer is unplugged: asked again and
 * again, its absence is logged once; once back it is opened; gone again,
 * logged once again.
 */
static void an_unplugged_printer_is_logged_once(void **state)
{
	(void)state;
	static uint8_t job[4096];
	char dir[] = "/tmp/kiosk-lp-XXXXXX", path[64], uri[80];
	struct printer *pr;
	struct printer_status st;
	size_t len = fake_printer_sample_job(job, 2);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/printer", dir);
	snprintf(uri, sizeof(uri), "lp:%s", path);
	load("");
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_int_equal(logged_during(five_queries_unplugged, pr, "printer lp:"), 1);
	assert_int_equal(mkfifo(path, 0600), 0);          /* plugged in */
	int rd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(printer_query(pr, &st), 0);
	/* a FIFO answers no status: the job is refused and the device dropped */
	assert_int_equal(printer_print(pr, job, len, 10, &st), K_ERR_TIMEOUT);
	close(rd);
	unlink(path);                                     /* unplugged again */
	assert_int_equal(logged_during(five_queries_unplugged, pr, "printer lp:"), 1);
	printer_close(pr);
	rmdir(dir);
}

static void write_state(const char *dir, const char *state)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/status", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", state);
	fclose(f);
}

static void the_simulated_printer_keeps_jobs_and_shows_states(void **state)
{
	(void)state;
	char dir[] = "/tmp/kiosk-sim-XXXXXX", uri[64], path[128];
	struct printer *pr;
	struct printer_status st;
	uint8_t job[8000];
	size_t len = fake_printer_sample_job(job, 100);
	struct stat sb;
	assert_non_null(mkdtemp(dir));
	snprintf(uri, sizeof(uri), "sim:%s", dir);
	load("");
	assert_int_equal(printer_open(&pr, uri, &cfg), 0);
	assert_int_equal(printer_print(pr, job, len, 125, &st), 0);
	assert_int_equal(printer_print(pr, job, len, 125, &st), 0);
	snprintf(path, sizeof(path), "%s/slip-0002.escpos", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, (off_t)len);
	snprintf(path, sizeof(path), "%s/slip-0002.png", dir);
	assert_int_equal(stat(path, &sb), 0);
	write_state(dir, "paper-out");
	assert_int_equal(printer_print(pr, job, len, 125, &st), K_ERR_PAPER_OUT);
	write_state(dir, "cover-open");
	assert_int_equal(printer_print(pr, job, len, 125, &st), K_ERR_COVER_OPEN);
	write_state(dir, "unplugged");
	assert_int_equal(printer_print(pr, job, len, 125, &st), K_ERR_NODEV);
	write_state(dir, "near-end"); /* plugged back in: the next job opens it again */
	assert_int_equal(printer_print(pr, job, len, 125, &st), 0);
	assert_int_equal(st.paper, PAPER_NEAR_END);
	snprintf(path, sizeof(path), "%s/slip-0003.escpos", dir);
	assert_int_equal(stat(path, &sb), 0);
	printer_close(pr);
	assert_int_equal(system("rm -rf /tmp/kiosk-sim-??????"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_prints_the_job_byte_for_byte),
		cmocka_unit_test(paper_running_out_during_a_job_is_reported),
		cmocka_unit_test(a_printer_that_never_answers_times_out_quickly),
		cmocka_unit_test(a_printer_that_accepts_and_never_reads_times_out),
		cmocka_unit_test(an_unreachable_printer_is_nodev),
		cmocka_unit_test(bad_uris_are_refused),
		cmocka_unit_test(none_prints_nothing_and_says_so),
		cmocka_unit_test(the_kernel_driver_path_writes_the_job),
		cmocka_unit_test(an_unplugged_printer_is_logged_once),
		cmocka_unit_test(the_simulated_printer_keeps_jobs_and_shows_states),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
