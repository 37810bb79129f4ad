/*
 * test_slip.c - the slip: what it says (the counters that serve it, the
 * ƯU TIÊN mark of a priority or booking ticket, the labelled date, waits
 * in hours and minutes), that it is drawn at the paper's width with the
 * number on it, that its QR code scans back (zbar) to the configured
 * address, that every slip of the shipped kiosk.conf is short enough
 * (issue 20), that long names wrap, that the ESC/POS job carries exactly the
 * rendered image, and that it still looks like the reference slips in
 * tests/golden/ (KIOSK_UPDATE_GOLDEN=1 rewrites them).
 */
#include "testutil.h"
#include "booking.h"
#include "escpos.h"
#include "kerr.h"
#include "qr_read.h"
#include "slip_job.h"
#include "ticket_page.h"

#include <qrencode.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLIP_BASE \
	"[station]\nid = DIAN-PC06\nname_vi = Công an phường Dĩ An\nname_en = Di An Ward Police\n" \
	"parent_vi = CÔNG AN TP. HỒ CHÍ MINH\nparent_en = Ho Chi Minh City Police\n" \
	"[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi thẻ căn cước\nname_en = Card renewal\n" \
	"hours = 00:00-24:00\ndays = mon-sun\n" \
	"[service.LONG]\nprefix = L\nname_vi = Tích hợp, cập nhật thông tin cư trú, hộ tịch và " \
	"các giấy tờ khác vào thẻ căn cước gắn chip điện tử\n" \
	"[counter.1]\nservices = CAPDOI\n[counter.2]\nservices = CAPDOI\n" \
	"[printer]\n"
#define SLIP_CONF SLIP_BASE "qr_url = https://zalo.me/dian-pc06?so={number}&id={id}\n"

static struct kconf cfg;
static struct i18n *text[2];

/* The configuration: base (SLIP_CONF, or SLIP_BASE: no qr_url) and extra. */
static void setup_conf_on(const char *base, const char *extra)
{
	char conf[2048], dir[512];
	struct kconf_errors errs;
	snprintf(conf, sizeof(conf), "%s%s", base, extra);
	if (tconf(&cfg, &errs, conf) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("slip test configuration rejected");
	}
	snprintf(dir, sizeof(dir), "%s/assets/i18n", getenv("KIOSK_SRC"));
	i18n_free(text[0]);
	i18n_free(text[1]);
	assert_int_equal(i18n_load(&text[0], dir, "vi"), 0);
	assert_int_equal(i18n_load(&text[1], dir, "en"), 0);
}

static void setup_conf(const char *extra)
{
	setup_conf_on(SLIP_CONF, extra);
}

static struct slip_info sample(const char *number, const char *service)
{
	struct slip_info i = { .number = number, .service = service, .ticket_id = 4242,
			       .issued_at = tlocal("2026-11-28T09:30"), .ahead = 7,
			       .wait_minutes = 15 };
	return i;
}

/* Does any line of l's style read want (or, style < 0, any line at all)? */
static int has_text(const struct slip_layout *l, int style, const char *want)
{
	for (int i = 0; i < l->n; i++)
		if ((style < 0 || (int)l->line[i].style == style) && strstr(l->line[i].text, want))
			return 1;
	return 0;
}

static int has_line(const struct slip_layout *l, enum slip_style style, const char *want)
{
	for (int i = 0; i < l->n; i++)
		if (l->line[i].style == style && strcmp(l->line[i].text, want) == 0)
			return 1;
	return 0;
}

static void a_slip_says_what_the_brief_asks(void **state)
{
	(void)state;
	struct slip_layout l;
	struct slip_info info = sample("B012", "CAPDOI");
	setup_conf("");
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_SMALL, "CÔNG AN TP. HỒ CHÍ MINH"));
	assert_true(has_line(&l, SLIP_TITLE, "Công an phường Dĩ An"));
	assert_true(has_line(&l, SLIP_HEADING, "PHIẾU SỐ THỨ TỰ"));
	assert_true(has_line(&l, SLIP_NUMBER, "B012"));
	assert_true(has_line(&l, SLIP_SERVICE, "Cấp đổi thẻ căn cước"));
	assert_true(has_line(&l, SLIP_TEXT, "Quầy 1, 2"));
	assert_true(has_line(&l, SLIP_TEXT, "Số người chờ trước: 7"));
	assert_true(has_line(&l, SLIP_TEXT, "Thời gian chờ dự kiến: khoảng 15 phút"));
	assert_true(has_line(&l, SLIP_SMALL, "Ngày 28/11/2026, lúc 09:30 (sáng)"));
	assert_true(has_line(&l, SLIP_QR, "https://zalo.me/dian-pc06?so=B012&id=4242"));
	assert_true(has_line(&l, SLIP_SMALL, "Vui lòng giữ phiếu và chờ gọi số. Xin cảm ơn!"));
	assert_false(has_line(&l, SLIP_SMALL, "Di An Ward Police")); /* english = no */
	assert_false(has_line(&l, SLIP_SMALL, "Ho Chi Minh City Police"));
	assert_false(has_text(&l, SLIP_MARK, "")); /* a walk-in's slip: no ƯU TIÊN */
	assert_false(has_text(&l, -1, "ƯU TIÊN"));

	info.ahead = -1;
	info.wait_minutes = -1;
	info.issued_at = tlocal("2026-11-28T13:45");
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_false(has_line(&l, SLIP_TEXT, "Số người chờ trước: 7"));
	assert_false(has_text(&l, -1, "Thời gian chờ"));
	assert_true(has_line(&l, SLIP_SMALL, "Ngày 28/11/2026, lúc 13:45 (chiều)"));

	setup_conf("english = yes\n");
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_SMALL, "Di An Ward Police"));
	assert_true(has_line(&l, SLIP_SMALL, "Ho Chi Minh City Police"));
	assert_true(has_line(&l, SLIP_SMALL, "QUEUE TICKET"));
	assert_true(has_line(&l, SLIP_SMALL, "Card renewal"));
	assert_false(has_line(&l, SLIP_TEXT, "Đã đặt lịch 09:30-10:00"));
	info.booked_slot = tlocal("2026-11-28T09:30"); /* a checked-in booking */
	info.booked_minutes = 30;
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_TEXT, "Đã đặt lịch 09:30-10:00"));
	assert_true(has_line(&l, SLIP_SMALL, "Booked 09:30-10:00"));
	info.service = "NOPE";
	assert_int_equal(slip_layout(&cfg, text, &info, &l), K_ERR_NOT_FOUND);
}

static void the_counters_that_serve_the_service_are_on_the_slip(void **state)
{
	(void)state;
	struct slip_layout l;
	struct slip_info info = sample("L001", "LONG");
	setup_conf("");
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_false(has_text(&l, -1, "Quầy")); /* no counter serves it: no line */
	info = sample("B012", "CAPDOI");
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_TEXT, "Quầy 1, 2"));
	/* a counter with a name is called by it, the others by their number */
	setup_conf("[counter.3]\nservices = LONG\n"
		   "[counter.7]\nservices = LONG\nname_vi = Phòng tiếp công dân\n");
	info = sample("L001", "LONG");
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_TEXT, "Quầy 3, Phòng tiếp công dân"));
}

static void a_wait_of_an_hour_or_more_is_said_in_hours_and_minutes(void **state)
{
	(void)state;
	static const struct {
		int minutes;
		const char *vi, *en;
	} waits[] = {
		{ 1, "khoảng 1 phút", "about 1 min" },
		{ 59, "khoảng 59 phút", "about 59 min" },
		{ 60, "khoảng 1 giờ", "about 1 h" },
		{ 61, "khoảng 1 giờ 1 phút", "about 1 h 1 min" },
		{ 125, "khoảng 2 giờ 5 phút", "about 2 h 5 min" },
	};
	struct slip_layout l;
	struct slip_info info = sample("B012", "CAPDOI");
	char want[160], screen[160];
	setup_conf("");
	for (unsigned i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		info.wait_minutes = waits[i].minutes;
		assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
		snprintf(want, sizeof(want), "Thời gian chờ dự kiến: %s", waits[i].vi);
		if (!has_line(&l, SLIP_TEXT, want))
			fail_msg("%d minutes: no line '%s'", waits[i].minutes, want);
		/* the kiosk's issued screen says it with the same words */
		i18n_wait(text[0], "ticket.wait", waits[i].minutes, screen, sizeof(screen));
		assert_string_equal(screen, want);
		snprintf(want, sizeof(want), "Estimated wait: %s", waits[i].en);
		i18n_wait(text[1], "ticket.wait", waits[i].minutes, screen, sizeof(screen));
		assert_string_equal(screen, want);
	}
	info.wait_minutes = 0; /* nobody ahead: no estimate to give */
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	assert_false(has_text(&l, -1, "Thời gian chờ"));
}

/* A walk-in's slip, a priority walk-in's and a checked-in booking's, each
 * from the ticket the queue issued, as the kiosk's worker makes them. */
static void priority_and_booking_slips_are_marked(void **state)
{
	(void)state;
	char conf[4096];
	struct queue_ticket t;
	struct booking_token b;
	struct slip_info info;
	struct slip_layout l;
	int reason;

	setup_conf("");
	snprintf(conf, sizeof(conf), "%s[booking]\nkey.K1 = %s\n[queue]\nsync = normal\n",
		 SLIP_CONF, tbooking_pub());
	struct tfix *f = tfix_new_text(conf, "2026-11-28T09:20");

	assert_int_equal(queue_issue(f->q, "CAPDOI", 0, QUEUE_WALKIN, NULL, &t), 0);
	slip_info_of(&info, &t, NULL);
	assert_int_equal(slip_layout(&f->cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_NUMBER, "B001"));
	assert_false(has_text(&l, SLIP_MARK, ""));
	assert_false(has_text(&l, -1, "ƯU TIÊN"));

	assert_int_equal(queue_issue(f->q, "CAPDOI", 1, QUEUE_WALKIN, NULL, &t), 0);
	slip_info_of(&info, &t, NULL);
	assert_int_equal(slip_layout(&f->cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_NUMBER, "B002"));
	assert_true(has_line(&l, SLIP_MARK, "ƯU TIÊN"));

	const char *tok = tbooking("DIAN-PC06", "BK1", "CAPDOI", tlocal("2026-11-28T09:30"));
	assert_int_equal(booking_verify(&f->cfg, tok, strlen(tok), f->now, &b), BOOKING_OK);
	assert_int_equal(queue_checkin(f->q, &b, NULL, &t, &reason), 0);
	assert_int_equal(reason, BOOKING_OK);
	slip_info_of(&info, &t, &b);
	assert_int_equal(slip_layout(&f->cfg, text, &info, &l), 0);
	assert_true(has_line(&l, SLIP_NUMBER, "B003"));
	assert_true(has_line(&l, SLIP_TEXT, "Đã đặt lịch 09:30-10:00"));
	assert_true(has_line(&l, SLIP_MARK, "ƯU TIÊN"));
	tfix_free(f);
}

/* Decode the first QR code in img with zbar; NULL if none. */
static char *scan_qr(const struct bitmap *img)
{
	static char out[512];
	return qr_read(img, out, sizeof(out)) == 0 ? out : NULL;
}

static void render(const struct slip_info *info, struct bitmap *img, struct kbuf *job)
{
	struct slip_renderer *r;
	assert_int_equal(slip_renderer_open(&r, &cfg), 0);
	kbuf_init(job, ESCPOS_MAX_JOB);
	assert_int_equal(slip_job_make(r, &cfg, text, info, img, job), 0);
	slip_renderer_close(r);
}

static void the_slip_is_drawn_at_the_paper_width_and_its_qr_scans(void **state)
{
	(void)state;
	static const char *widths[] = { "paper_width = 576\n", "paper_width = 384\n" };
	for (int i = 0; i < 2; i++) {
		struct bitmap img, back;
		struct escpos_summary sum;
		struct kbuf job;
		struct slip_info info = sample("B012", "CAPDOI");
		info.priority = 1; /* a booking's, waiting over an hour */
		info.booked_slot = tlocal("2026-11-28T09:30");
		info.booked_minutes = 30;
		info.wait_minutes = 80;
		setup_conf(widths[i]);
		render(&info, &img, &job);
		assert_int_equal(img.w, cfg.printer.paper_width);
		char *url = scan_qr(&img);
		assert_non_null(url);
		assert_string_equal(url, "https://zalo.me/dian-pc06?so=B012&id=4242");
		/* the job carries exactly the rendered image (its bands trimmed to
		 * their ink: no wider than the paper, white beyond) */
		assert_int_equal(escpos_decode(job.data, job.len, &back, &sum), 0);
		assert_int_equal(back.h, img.h);
		assert_true(back.w <= img.w);
		for (int y = 0; y < img.h; y++)
			for (int x = 0; x < img.w; x++)
				assert_int_equal(bitmap_get(&img, x, y),
						 x < back.w ? bitmap_get(&back, x, y) : 0);
		assert_true(sum.max_band_rows <= cfg.printer.band_rows);
		assert_int_equal(sum.cuts, 1);
		bitmap_free(&img);
		bitmap_free(&back);
		kbuf_free(&job);
	}
}

#define LAN_URL "https://192.168.100.200:8443"

/* The slip as the simulated printer keeps it, a PNG, read back: its QR code's
 * text, or NULL when it has none. */
static const char *png_qr(const struct slip_info *info)
{
	struct bitmap img, png;
	struct kbuf job;
	char path[256];
	snprintf(path, sizeof(path), "%s/slip-qr-%d.png", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid()); /* a sanitized build's run may be beside this one */
	render(info, &img, &job);
	assert_int_equal(bitmap_write_png(&img, path), 0);
	assert_int_equal(bitmap_read_png(&png, path), 0);
	const char *url = scan_qr(&png);
	unlink(path);
	bitmap_free(&img);
	bitmap_free(&png);
	kbuf_free(&job);
	return url;
}

/* cfg = the shipped kiosk.conf on paper of width dots, with [public] url =
 * LAN_URL (a kiosk of a station server: the QR code is <url>/t/<token>). */
static void setup_shipped(int width)
{
	char path[512], *text = NULL, *conf;
	size_t len = 0;
	struct kconf_errors errs;
	snprintf(path, sizeof(path), "%s/kiosk.conf", getenv("KIOSK_SRC"));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_true(getdelim(&text, &len, '\0', f) > 0);
	fclose(f);
	conf = malloc(strlen(text) + 64);
	assert_non_null(conf);
	/* the two lines changed in place: [printer] paper_width, [public] url */
	char *w = strstr(text, "\npaper_width = 576\n"), *u = strstr(text, "\n[public]\n");
	assert_non_null(w);
	assert_non_null(u);
	u = strstr(u, "\nurl =\n");
	assert_non_null(u);
	assert_true(w < u);
	*w = *u = '\0';
	sprintf(conf, "%s\npaper_width = %d\n%s\nurl = " LAN_URL "\n%s", text, width,
		w + strlen("\npaper_width = 576\n"), u + strlen("\nurl =\n"));
	if (tconf(&cfg, &errs, conf) < 0) {
		kconf_errors_print(&errs, stderr);
		fail_msg("the shipped kiosk.conf rejected");
	}
	free(conf);
	free(text);
}

/*
 * Issue 20: paper is the running cost.  Every slip the shipped kiosk.conf
 * prints - every service it offers (the longest names wrap), a walk-in's,
 * a priority one's, a checked-in booking's, waits under and over an hour,
 * with every line it has (parent unit, counters, ƯU TIÊN, the QR code of the
 * ticket's page) - is at most 70 mm and 36 KB of ESC/POS on 80 mm paper,
 * 60 mm on 58 mm paper; and the longest one's QR code, read back from its
 * PNG, opens the ticket's page.
 */
static void every_shipped_slip_is_short(void **state)
{
	(void)state;
	static const int widths[] = { 576, 384 }, limit[] = { 700, 600 };
	uint8_t key[TICKET_PAGE_KEY];
	char page[TICKET_PAGE_LEN + 1], want[160], number[8];

	for (int wi = 0; wi < 2; wi++) {
		struct slip_info worst;
		int tenth = 0;
		size_t bytes = 0;
		setup_shipped(widths[wi]);
		for (int si = 0; si < cfg.nservices; si++) {
			const struct kconf_service *s = &cfg.services[si];
			if (!s->enabled)
				continue;
			for (int kind = 0; kind < 6; kind++) {
				struct bitmap img;
				struct kbuf job;
				struct slip_info info = sample(number, s->code);
				snprintf(number, sizeof(number), "%s%03d", s->prefix, 888);
				ticket_page_key("kiosk-token-aaaaaaaaaaaa", key);
				ticket_page_make(key, kclock_day(info.issued_at, 0), page);
				info.page = page;
				info.ahead = 38;
				info.wait_minutes = kind & 1 ? 195 : 45;
				info.priority = kind >= 2;
				if (kind >= 4) {
					info.booked_slot = tlocal("2026-11-28T09:30");
					info.booked_minutes = 30;
				}
				render(&info, &img, &job);
				if (slip_length_tenth_mm(&img) > tenth) {
					tenth = slip_length_tenth_mm(&img);
					worst = info;
					worst.service = s->code;
				}
				bytes = job.len > bytes ? job.len : bytes;
				bitmap_free(&img);
				kbuf_free(&job);
			}
		}
		print_message("%d dots: the longest slip (%s) %d.%d mm, at most %zu bytes\n",
			      widths[wi], worst.service, tenth / 10, tenth % 10, bytes);
		assert_true(tenth <= limit[wi]);
		assert_true(bytes <= 36 * 1024);
		snprintf(want, sizeof(want), LAN_URL "/t/%s", page);
		worst.number = number;
		worst.page = page;
		assert_string_equal(png_qr(&worst), want);
	}
}

/* Rows [y0, y1) of b that hold ink. */
static void ink_rows(const struct bitmap *b, int *y0, int *y1)
{
	*y0 = -1;
	*y1 = -1;
	for (int y = 0; y < b->h; y++)
		if (bitmap_count(b, 0, y, b->w, 1)) {
			if (*y0 < 0)
				*y0 = y;
			*y1 = y + 1;
		}
}

static void the_number_is_on_the_slip(void **state)
{
	(void)state;
	struct slip_renderer *r;
	struct slip_layout only = { .n = 1 };
	struct bitmap num, img;
	struct kbuf job;
	struct slip_info info = sample("B012", "CAPDOI");
	int y0, y1, found = 0;

	setup_conf("");
	only.line[0].style = SLIP_NUMBER;
	snprintf(only.line[0].text, sizeof(only.line[0].text), "B012");
	assert_int_equal(slip_renderer_open(&r, &cfg), 0);
	assert_int_equal(slip_render(r, &only, &num), 0);
	slip_renderer_close(r);
	ink_rows(&num, &y0, &y1);
	assert_true(y1 - y0 > 80); /* very large: over 10 mm */
	render(&info, &img, &job);
	size_t band = (size_t)(y1 - y0) * (size_t)num.stride;
	for (int y = 0; y + (y1 - y0) <= img.h && !found; y++)
		found = memcmp(img.bits + (size_t)y * (size_t)img.stride,
			       num.bits + (size_t)y0 * (size_t)num.stride, band) == 0;
	assert_true(found);
	/* and a different number is not */
	info.number = "B013";
	bitmap_free(&img);
	kbuf_free(&job);
	render(&info, &img, &job);
	found = 0;
	for (int y = 0; y + (y1 - y0) <= img.h && !found; y++)
		found = memcmp(img.bits + (size_t)y * (size_t)img.stride,
			       num.bits + (size_t)y0 * (size_t)num.stride, band) == 0;
	assert_false(found);
	bitmap_free(&num);
	bitmap_free(&img);
	kbuf_free(&job);
}

static void a_long_service_name_wraps_and_is_never_clipped(void **state)
{
	(void)state;
	struct bitmap a, b;
	struct kbuf ja, jb;
	struct slip_info short_name = sample("B012", "CAPDOI"), long_name = sample("L001", "LONG");
	setup_conf("paper_width = 384\n");
	render(&short_name, &a, &ja);
	render(&long_name, &b, &jb);
	int margin = 384 / 48;
	assert_true(b.h > a.h + 40); /* at least two more lines */
	assert_int_equal(bitmap_count(&b, 0, 0, margin - 1, b.h), 0);
	assert_int_equal(bitmap_count(&b, b.w - margin + 1, 0, margin - 1, b.h), 0);
	bitmap_free(&a);
	bitmap_free(&b);
	kbuf_free(&ja);
	kbuf_free(&jb);
}

static void compare_golden(int width, const struct slip_info *info)
{
	char conf[64], path[512];
	struct bitmap img, ref;
	struct kbuf job;

	snprintf(conf, sizeof(conf), "paper_width = %d\n", width);
	setup_conf(conf);
	render(info, &img, &job);
	snprintf(path, sizeof(path), "%s/tests/golden/slip-%d.png", getenv("KIOSK_SRC"), width);
	if (getenv("KIOSK_UPDATE_GOLDEN")) {
		assert_int_equal(bitmap_write_png(&img, path), 0);
		print_message("wrote %s\n", path);
	}
	assert_int_equal(bitmap_read_png(&ref, path), 0);
	assert_int_equal(ref.w, img.w);
	assert_true(abs(ref.h - img.h) <= 8);
	int h = ref.h < img.h ? ref.h : img.h;
	long diff = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < img.w; x++)
			diff += bitmap_get(&ref, x, y) != bitmap_get(&img, x, y);
	print_message("slip-%d: %ld of %d pixels differ from the reference\n", width, diff,
		      img.w * h);
	assert_true(diff * 100 <= (long)img.w * h); /* within 1% */
	bitmap_free(&img);
	bitmap_free(&ref);
	kbuf_free(&job);
}

static void the_slip_looks_like_its_reference(void **state)
{
	(void)state;
	/* every line a slip can have but English: a priority walk-in's at 80 mm,
	 * a checked-in booking's at 58 mm */
	struct slip_info info = sample("B012", "CAPDOI");
	info.priority = 1;
	info.wait_minutes = 80;
	compare_golden(576, &info);
	info.booked_slot = tlocal("2026-11-28T09:30");
	info.booked_minutes = 30;
	info.wait_minutes = 25;
	compare_golden(384, &info);
}

/*
 * Issue 19: with [public] url and no qr_url the slip's QR code opens the
 * ticket's page, <url>/t/<token>, with the ticket's own token; {token} in
 * a qr_url likewise; a ticket without a token (a kiosk without [sync]
 * server) prints no code rather than a broken one.  The worst case - a
 * 22-character token after a LAN address with a port - scans at the
 * default 22 mm.
 */
static void the_qr_opens_the_tickets_page(void **state)
{
	(void)state;
	uint8_t key[TICKET_PAGE_KEY];
	char page[TICKET_PAGE_LEN + 1], want[160], why[256];
	struct slip_info info = sample("B012", "CAPDOI");
	struct slip_layout l;

	ticket_page_key("kiosk-token-aaaaaaaaaaaa", key);
	ticket_page_make(key, kclock_day(info.issued_at, 0), page);
	info.page = page;
	snprintf(want, sizeof(want), LAN_URL "/t/%s", page);
	setup_conf_on(SLIP_BASE, "qr_url =\n[public]\nurl = " LAN_URL "\n");
	assert_string_equal(png_qr(&info), want);
	info.page = "";
	assert_int_equal(slip_layout(&cfg, text, &info, &l), 0);
	for (int i = 0; i < l.n; i++)
		assert_int_not_equal(l.line[i].style, SLIP_QR);
	assert_null(png_qr(&info));

	/* the placeholder in a template of the station's own */
	setup_conf_on(SLIP_BASE, "qr_url = " LAN_URL "/t/{token}?n={number}\n");
	info.page = page;
	snprintf(want, sizeof(want), LAN_URL "/t/%s?n=B012", page);
	assert_string_equal(png_qr(&info), want);
	info.page = NULL;
	assert_null(png_qr(&info));
	/* a template without a token prints whatever the ticket */
	setup_conf("");
	assert_string_equal(png_qr(&info), "https://zalo.me/dian-pc06?so=B012&id=4242");

	/* kioskctl check's measure at the default 22 mm: version, dots a module */
	setup_conf_on(SLIP_BASE, "qr_url =\n[public]\nurl = " LAN_URL "\n");
	assert_int_equal(cfg.printer.qr_size_mm, 22);
	assert_int_equal(slip_qr_check(&cfg, why, sizeof(why)), 0);
	snprintf(want, sizeof(want), LAN_URL "/t/%0*d", TICKET_PAGE_LEN, 0);
	QRcode *qr = QRcode_encodeString8bit(want, 0, QR_ECLEVEL_M);
	assert_non_null(qr);
	int dots = cfg.printer.qr_size_mm * SLIP_DOTS_PER_MM / (qr->width + 8);
	print_message("%s (%zu bytes): QR version %d, %d modules, %d dots a module at %d mm\n",
		      want, strlen(want), qr->version, qr->width, dots, cfg.printer.qr_size_mm);
	assert_true(dots >= SLIP_QR_MIN_DOTS);
	QRcode_free(qr);
	/* the longest [public] url there is (95 characters) still fits 22 mm */
	char conf[256], host[96];
	memset(host, 'h', 79);
	host[79] = '\0';
	snprintf(conf, sizeof(conf), "qr_url =\n[public]\nurl = https://%s.vn:8443\n", host);
	setup_conf_on(SLIP_BASE, conf);
	assert_int_equal(slip_qr_check(&cfg, why, sizeof(why)), 0);
	/* and a template too long for its size names the default it measured */
	snprintf(conf, sizeof(conf), "qr_size_mm = 12\n[public]\nurl = https://%s.vn:8443\n",
		 host);
	struct kconf c;
	struct kconf_errors errs;
	char full[2048];
	snprintf(full, sizeof(full), "%s%s", SLIP_BASE, conf);
	assert_int_equal(tconf(&c, &errs, full), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "qr_url (empty: [public] url/t/<token>) needs a QR code"));
}

static void a_qr_url_too_long_to_scan_is_refused_at_check(void **state)
{
	(void)state;
	struct kconf c;
	struct kconf_errors errs;
	char conf[4096], url[400];
	memset(url, 'x', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	snprintf(conf, sizeof(conf),
		 "[station]\nid = S\nname_vi = S\n[service.A]\nprefix = A\nname_vi = A\n"
		 "[printer]\nqr_url = https://example.vn/%.200s\nqr_size_mm = 15\n", url);
	assert_int_equal(tconf(&c, &errs, conf), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "test.conf:8: [printer] qr_url needs a QR code of"));
	assert_true(terr_has(&errs, "raise qr_size_mm"));
	assert_int_equal(tconf(&c, &errs, "[station]\nid = S\nname_vi = S\n[service.A]\n"
				       "prefix = A\nname_vi = A\n[printer]\npaper_width = 384\n"
				       "qr_size_mm = 50\nqr_url = https://a.vn\n"), K_ERR_CONFIG);
	assert_true(terr_has(&errs, "wider than the paper"));
	assert_int_equal(tconf(&c, &errs, "[station]\nid = S\nname_vi = S\n[service.A]\n"
				       "prefix = A\nname_vi = A\n[printer]\nuri = usb:12\n"),
			 K_ERR_CONFIG);
	assert_true(terr_has(&errs, "test.conf:8: [printer] uri 'usb:12'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_slip_says_what_the_brief_asks),
		cmocka_unit_test(the_counters_that_serve_the_service_are_on_the_slip),
		cmocka_unit_test(a_wait_of_an_hour_or_more_is_said_in_hours_and_minutes),
		cmocka_unit_test(priority_and_booking_slips_are_marked),
		cmocka_unit_test(the_slip_is_drawn_at_the_paper_width_and_its_qr_scans),
		cmocka_unit_test(every_shipped_slip_is_short),
		cmocka_unit_test(the_number_is_on_the_slip),
		cmocka_unit_test(a_long_service_name_wraps_and_is_never_clipped),
		cmocka_unit_test(the_slip_looks_like_its_reference),
		cmocka_unit_test(the_qr_opens_the_tickets_page),
		cmocka_unit_test(a_qr_url_too_long_to_scan_is_refused_at_check),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free(text[0]);
	i18n_free(text[1]);
	return r;
}
