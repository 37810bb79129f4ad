/*
 * main.c - the kiosk program: configuration, window, the event loop; or,
 * with --board or [kiosk] mode = board, the lobby board (board_run.c); or,
 * with --rate or [kiosk] mode = rate, a counter's rating panel (rate_run.c).
 *
 * The loop sleeps in SDL_WaitEventTimeout and draws only when something
 * changed, so an idle kiosk uses no CPU.  SIGTERM arrives as SDL_QUIT.
 */
#include "board_run.h"
#include "rate_run.h"
#include "follower.h"
#include "scan_reader.h"
#include "svc_notify.h"
#include "i18n.h"
#include "kconf.h"
#include "station_conf.h"
#include "kerr.h"
#include "klog.h"
#include "ksync.h"
#include "queue.h"
#include "rotate.h"
#include "ui.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: kiosk [--config FILE] [--db FILE] [--printer URI] [--screenshot FILE.bmp]\n"
	"       kiosk --board [--config FILE] [--db FILE] [--size WxH] [--display N]\n"
	"                     [--screenshot FILE.bmp]\n"
	"       kiosk --rate COUNTER [--config FILE] [--size WxH] [--display N]\n"
	"                     [--screenshot FILE.bmp]\n"
	"  --config FILE      default $KIOSK_CONF, else /etc/kiosk/kiosk.conf\n"
	"  --db FILE          the queue database (default: [queue] database)\n"
	"  --printer URI      the printer (default: [printer] uri), e.g. sim:/tmp/slips\n"
	"  --screenshot FILE  draw the home screen (the board: once it has the queue) once,\n"
	"                     save it as BMP, exit\n"
	"  --board            the lobby board instead of the kiosk (as [kiosk] mode = board)\n"
	"  --rate COUNTER     the rating panel of counter COUNTER (1-99) instead of the\n"
	"                     kiosk (as [kiosk] mode = rate with rate_counter); it asks\n"
	"                     [sync] server with [sync] token, that counter's rater token\n"
	"  --size WxH         the board's or the panel's window (default: [kiosk] width x\n"
	"                     height)\n"
	"  --display N        the screen to open on: 0 the first (default), 1 the second ...\n"
	"  --now TIME         the board's clock fixed at YYYY-MM-DDTHH:MM (reference pictures)\n"
	"Without a display: SDL_VIDEODRIVER=offscreen kiosk ..., or run it under\n"
	"Xvfb (xvfb-run -s '-screen 0 1080x1920x24' kiosk ...).\n";

struct opts {
	const char *config, *db, *screenshot, *printer, *size, *now, *display, *rate;
	int board;
};

static int parse(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--board")) {
			o->board = 1;
			continue;
		}
		const char **v = !strcmp(argv[i], "--config")     ? &o->config :
				 !strcmp(argv[i], "--size")       ? &o->size :
				 !strcmp(argv[i], "--now")        ? &o->now :
				 !strcmp(argv[i], "--display")    ? &o->display :
				 !strcmp(argv[i], "--rate")       ? &o->rate :
				 !strcmp(argv[i], "--db")         ? &o->db :
				 !strcmp(argv[i], "--screenshot") ? &o->screenshot :
				 !strcmp(argv[i], "--printer")    ? &o->printer : NULL;
		if (!v || i + 1 >= argc)
			return -1;
		*v = argv[++i];
	}
	if (!o->config)
		o->config = getenv("KIOSK_CONF");
	if (!o->config)
		o->config = "/etc/kiosk/kiosk.conf";
	return 0;
}

/* --rate COUNTER: the panel of that counter, as [kiosk] mode = rate would
 * make it; -1 (said) when the counter or the server is missing. */
static int take_rate(const char *counter, struct kconf *cfg)
{
	int n = 0;
	char end;
	if (sscanf(counter, "%d%c", &n, &end) != 1 || n < 1 || n > 99)
		return -1;
	if (!cfg->sync.server[0] || !cfg->sync.token[0]) {
		fprintf(stderr, "kiosk: --rate needs [sync] server and [sync] token (the server's "
			"[server] rater.%d)\n", n);
		return -1;
	}
	cfg->kiosk.mode = KCONF_MODE_RATE;
	cfg->kiosk.rate_counter = n;
	return 0;
}

/* A font that cannot be read is replaced by the system's DejaVu, if any. */
static void check_font(char *path, size_t len, const char *fallback)
{
	if (access(path, R_OK) == 0)
		return;
	klog(KLOG_ERR, "font %s cannot be read%s%s", path, access(fallback, R_OK) == 0 ?
	     "; using " : "", access(fallback, R_OK) == 0 ? fallback : "");
	if (access(fallback, R_OK) == 0)
		snprintf(path, len, "%s", fallback);
}

/* Without fonts nothing can be said: a plain screen until we are stopped. */
static int out_of_order(SDL_Renderer *ren, struct rotate *rot)
{
	SDL_Event ev;
	klog(KLOG_ERR, "no usable font: showing an out-of-order screen (see the lines above)");
	rotate_begin(rot);
	SDL_SetRenderDrawColor(ren, 0x40, 0x40, 0x40, 0xff);
	SDL_RenderClear(ren);
	rotate_present(rot, ren);
	while (SDL_WaitEvent(&ev))
		if (ev.type == SDL_QUIT)
			break;
	return 1;
}

/* What the panel shows: w x h, or the window with the picture turned on it. */
static int save_frame(SDL_Renderer *r, struct rotate *rot, int w, int h, const char *path)
{
	rotate_show(rot);
	if (rot && SDL_GetRendererOutputSize(r, &w, &h) < 0)
		w = h = 0;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	int rc = -1;

	if (s && SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0)
		rc = SDL_SaveBMP(s, path);
	if (rc < 0)
		klog(KLOG_ERR, "cannot save %s: %s", path, SDL_GetError());
	SDL_FreeSurface(s);
	return rc;
}

/* KIOSK_BENCH: when a step of the start ended (CLOCK_REALTIME, ns), for
 * bench/bench_kiosk.sh's profile of what comes before the first frame. */
static int bench_on;

static void bench_mark(const char *what)
{
	struct timespec ts;
	if (!bench_on)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "bench: %s %lld\n", what, (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
}

/* KIOSK_BENCH: when the first frame is up and where the first service
 * button is, for bench/bench_kiosk.sh. */
static void bench_report(struct ui *ui)
{
	SDL_Rect b;
	bench_mark("first-frame");
	if (ui_service_rect(ui, 0, &b) == 0)
		fprintf(stderr, "bench: service-0 %d %d %d %d\n", b.x, b.y, b.w, b.h);
}

/* What is opened after the first frame: the database (or the link to the
 * station server) and the worker. */
struct backend {
	struct kconf *cfg;
	const struct opts *o;
	struct ui_deps *deps;
	struct queue *q;
	struct ksync *ks;          /* the worker's, with [sync] server */
	struct follower *follower;
	struct scan_reader *scanner; /* [scanner] mode = serial */
};

static void start_backend(struct backend *b, struct ui *ui)
{
	const char *db = b->o->db ? b->o->db : b->cfg->queue.database;
	if (b->cfg->sync.server[0]) {
		if (b->o->db) /* --db names the outbox of a kiosk that syncs */
			snprintf(b->cfg->sync.outbox, sizeof(b->cfg->sync.outbox), "%s", b->o->db);
		if (ksync_open(&b->ks, b->cfg, &kclock_system) < 0 ||
		    follower_start(&b->follower, b->cfg, &kclock_system, b->deps->worker_event) < 0)
			klog(KLOG_ERR, "the outbox %s cannot be opened: tickets cannot be issued",
			     b->cfg->sync.outbox);
		else
			klog(KLOG_INFO, "issuing through %s as %s", b->cfg->sync.server,
			     b->cfg->sync.name);
	} else if (queue_open(&b->q, db, b->cfg, &kclock_system) < 0) {
		klog(KLOG_ERR, "the queue database %s cannot be opened: tickets cannot be issued", db);
	}
	if (worker_start(&b->deps->worker, b->cfg, &kclock_system, b->q, b->ks,
			 b->o->printer ? b->o->printer : b->cfg->printer.uri, b->deps->text,
			 b->deps->worker_event) < 0)
		klog(KLOG_ERR, "no tickets: the slip fonts or the printer URI are not usable");
	ui_attach_worker(ui, b->deps->worker);
	if (scan_reader_start(&b->scanner, b->cfg, b->deps->scan_event) < 0)
		klog(KLOG_ERR, "the scanner cannot be used: bookings are checked in at a counter");
	worker_set_scanner(b->deps->worker, b->scanner); /* its state goes with the printer's */
}

/* The service manager's STATUS= line and watchdog: pinged from here only
 * while the worker, the follower and the scanner's thread are alive.
 * Returns the ms until it must be called again, -1 for never. */
static int tell_service(const struct ui *ui)
{
	char line[160];
	ui_status_line(ui, line, sizeof(line));
	svc_status("%s", line);
	return svc_tick(1);
}

static int run(SDL_Renderer *ren, struct ui *ui, const struct opts *o, int w, int h,
	       struct backend *b)
{
	SDL_Event ev;
	int dirty = 0;

	if (o->screenshot) {
		ui_draw(ui);
		return save_frame(ren, b->deps->rotate, w, h, o->screenshot) < 0 ? 1 : 0;
	}
	ui_draw(ui);
	bench_mark("drawn");
	rotate_present(b->deps->rotate, ren); /* something on screen before the slower openings */
	if (bench_on)
		bench_report(ui);
	start_backend(b, ui);
	bench_mark("backend");
	svc_ready();
	for (;;) {
		if (dirty) {
			ui_draw(ui);
			rotate_present(b->deps->rotate, ren);
			dirty = 0;
		}
		int wait = ui_next_timeout(ui), beat = tell_service(ui);
		if (beat >= 0 && (wait < 0 || beat < wait))
			wait = beat;
		int got = wait < 0 ? SDL_WaitEvent(&ev) : SDL_WaitEventTimeout(&ev, wait);
		while (got) {
			if (ev.type == SDL_QUIT) {
				svc_stopping();
				return 0;
			}
			dirty |= ui_event(ui, &ev);
			got = SDL_PollEvent(&ev);
		}
		dirty |= ui_tick(ui);
	}
}

int main(int argc, char **argv)
{
	static struct kconf cfg;
	struct kconf_errors errs;
	struct opts o = { 0 };
	struct ui_deps deps = { 0 };
	struct ui *ui = NULL;
	struct backend back = { &cfg, &o, &deps, NULL, NULL, NULL, NULL };
	SDL_Window *win = NULL;
	SDL_Renderer *ren = NULL;
	struct rotate *rot = NULL;
	struct board_opts bo = { 0 };
	int rc = 1, w, h, ww, wh, display = 0;

	/* One malloc arena for every thread: the worker, the follower and the
	 * scanner's thread allocate little, and each arena of its own kept its
	 * pages (PSS) for the kiosk's whole life. */
	mallopt(M_ARENA_MAX, 1);
	bench_on = getenv("KIOSK_BENCH") != NULL;
	bench_mark("main");
	klog_init("kiosk", KLOG_INFO);
	svc_init();
	if (parse(argc, argv, &o) < 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (station_conf_load(o.config, &cfg, &errs) < 0) {
		kconf_errors_print(&errs, stderr);
		fprintf(stderr, "kiosk: not started: fix %s (kioskctl --config %s check)\n",
			o.config, o.config);
		return 2;
	}
	bench_mark("config");
	o.board |= cfg.kiosk.mode == KCONF_MODE_BOARD;
	if (o.rate && (o.board || take_rate(o.rate, &cfg) < 0)) {
		fputs(usage, stderr);
		return 2;
	}
	/* the board and the panel lay themselves out on whatever the output is */
	int own = o.board || cfg.kiosk.mode == KCONF_MODE_RATE;
	w = cfg.kiosk.width;
	h = cfg.kiosk.height;
	if ((o.size && (sscanf(o.size, "%dx%d", &w, &h) != 2 || w < 320 || h < 240)) ||
	    (o.display && (sscanf(o.display, "%d", &display) != 1 || display < 0)) ||
	    (o.now && kclock_parse_local(o.now, &bo.now) < 0)) {
		fputs(usage, stderr);
		return 2;
	}
	/* width x height are the picture; the window (the board's: --size) is it turned */
	ww = o.size || cfg.kiosk.rotate % 2 == 0 ? w : h;
	wh = o.size || cfg.kiosk.rotate % 2 == 0 ? h : w;
	check_font(cfg.kiosk.font, sizeof(cfg.kiosk.font),
		   "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	check_font(cfg.kiosk.font_bold, sizeof(cfg.kiosk.font_bold),
		   "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
	/* The software renderer: no GL context, 20 MB instead of 130 MB on X11.
	 * KMS/DRM (SDL 2.26) has no window framebuffer, only GL ones: there the
	 * software picture is shown through a GLES texture, and the hint would
	 * leave the renderer without a window surface (no window at all). */
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0) {
		fprintf(stderr, "kiosk: no display (%s).\n%s", SDL_GetError(), usage);
		return 1;
	}
	if (strcmp(SDL_GetCurrentVideoDriver(), "kmsdrm") != 0)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	bench_mark("sdl-init");
	if (TTF_Init() < 0) {
		klog(KLOG_ERR, "SDL_ttf: %s", TTF_GetError());
		goto out;
	}
	win = SDL_CreateWindow(o.board ? "board" : own ? "rate" : "kiosk",
			       SDL_WINDOWPOS_UNDEFINED_DISPLAY(display),
			       SDL_WINDOWPOS_UNDEFINED_DISPLAY(display), ww, wh, cfg.kiosk.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
	if (!ren) {
		klog(KLOG_ERR, "cannot open a window: %s", SDL_GetError());
		goto out;
	}
	if (cfg.kiosk.rotate) { /* the board, the panel: as their viewer sees them */
		if (rotate_open(&rot, ren, own ? 0 : w, own ? 0 : h, cfg.kiosk.rotate) < 0)
			goto out;
	} else if (!own)
		SDL_RenderSetLogicalSize(ren, w, h);
	deps.rotate = rot;
	bench_mark("window");

	deps.cfg = &cfg;
	if (i18n_load(&deps.text[0], cfg.kiosk.translations, "vi") < 0 ||
	    i18n_load(&deps.text[1], cfg.kiosk.translations, "en") < 0)
		klog(KLOG_ERR, "translations missing in %s: keys are shown instead",
		     cfg.kiosk.translations);
	bench_mark("translations");
	if (own) {
		struct rate_opts ro = { o.screenshot, rot };
		bo.db = o.db;
		bo.screenshot = o.screenshot;
		bo.rotate = rot;
		rc = o.board ? board_run(ren, &cfg, deps.text, &bo) :
			       rate_run(ren, &cfg, deps.text, &ro);
		if (rc == K_ERR_IO)
			rc = o.screenshot ? 1 : out_of_order(ren, rot);
		else if (rc == 0 && o.screenshot)
			rc = save_frame(ren, rot, w, h, o.screenshot) < 0 ? 1 : 0;
		goto out;
	}
	deps.worker_event = SDL_RegisterEvents(1);
	deps.scan_event = SDL_RegisterEvents(1);
	if (ui_create(&ui, ren, &deps) < 0) {
		rc = o.screenshot ? 1 : out_of_order(ren, rot);
		goto out;
	}
	bench_mark("ui");
	klog(KLOG_INFO, "started: station %s, %d services", cfg.station.id, cfg.nservices);
	rc = run(ren, ui, &o, cfg.kiosk.width, cfg.kiosk.height, &back);
	if (rc == 0 && ui_wants_restart(ui))
		rc = 75; /* EX_TEMPFAIL: the service manager starts us again */
out:
	ui_destroy(ui);
	worker_set_scanner(deps.worker, NULL);
	scan_reader_stop(back.scanner);
	SDL_Event left;
	while (deps.scan_event &&
	       SDL_PeepEvents(&left, 1, SDL_GETEVENT, deps.scan_event, deps.scan_event) == 1)
		free(left.user.data1); /* scans nobody will read */
	follower_stop(back.follower);
	worker_stop(deps.worker); /* before the queue it uses */
	i18n_free(deps.text[0]);
	i18n_free(deps.text[1]);
	ksync_close(back.ks);
	queue_close(back.q);
	rotate_close(rot);
	if (ren)
		SDL_DestroyRenderer(ren);
	if (win)
		SDL_DestroyWindow(win);
	TTF_Quit();
	SDL_Quit();
	return rc;
}
