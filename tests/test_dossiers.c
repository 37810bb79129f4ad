/*
 * test_dossiers.c - the dossier lists of server/dossiers.c and
 * dossiers_import.c called directly:
 * receipt codes normalised, CSV read by RFC 4180 (quotes, line breaks
 * inside them, CRLF, a BOM, ';'), each kind of bad row reported by its line
 * (ten listed in line order, the rest counted), notes with digits that look
 * like an ID or phone number refused, an import replacing the
 * list and the look-ups that follow, the secret made 0600, the sliding
 * minute of the rate limit on a clock the test moves, and damaged files
 * that must be refused without a crash.
 */
#define _GNU_SOURCE /* memmem */
#include "testutil.h"
#include "dossiers.h"
#include "kerr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATUSES                                                                       \
	"[dossiers]\nrate = 3\n"                                                       \
	"[dossier.READY]\ntext_vi = Thẻ đã có\nservice = A\n"                          \
	"[dossier.PROCESSING]\ntext_vi = Đang xử lý\n"                                 \
	"[dossier.MISMATCH]\ntext_vi = Thông tin không khớp\nservice = B\n"

static struct tfix *fixture(void)
{
	static char text[4096];
	snprintf(text, sizeof(text), tconf_base, "");
	strcat(text, STATUSES);
	struct tfix *f = tfix_new_text(text, "2026-11-28T08:00");
	snprintf(f->cfg.dossiers.secret, sizeof(f->cfg.dossiers.secret), "%s/dossiers.key", f->dir);
	return f;
}

static int parse(struct tfix *f, const char *csv, struct dossier_list *l,
		 struct dossier_report *rep)
{
	return dossiers_parse(&f->cfg, csv, strlen(csv), l, rep);
}

static void codes_are_normalised(void **state)
{
	char out[DOSSIER_CODE_MAX + 1];
	(void)state;
	assert_int_equal(dossier_code_norm(" mau-2611 0001\t", 15, out), 0);
	assert_string_equal(out, "MAU26110001");
	assert_int_equal(dossier_code_norm("ab1c", 4, out), 0);
	assert_string_equal(out, "AB1C");
	/* as a scanner sends it: the line's end is no part of the code */
	assert_int_equal(dossier_code_norm("MAU-2611-0001\r\n", 15, out), 0);
	assert_string_equal(out, "MAU26110001");
	assert_int_equal(dossier_code_norm("ab1", 3, out), K_ERR_INVALID);
	assert_int_equal(dossier_code_norm("a-b-1", 5, out), K_ERR_INVALID); /* 3 after '-' go */
	assert_int_equal(dossier_code_norm("", 0, out), K_ERR_INVALID);
	assert_int_equal(dossier_code_norm("MAU/2611", 8, out), K_ERR_INVALID);
	assert_int_equal(dossier_code_norm("MAU.2611", 8, out), K_ERR_INVALID);
	assert_int_equal(dossier_code_norm("Đ2611", strlen("Đ2611"), out), K_ERR_INVALID);
	assert_int_equal(dossier_code_norm("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 32, out), 0);
	assert_int_equal(dossier_code_norm("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", 33, out),
			 K_ERR_INVALID);
	assert_int_equal(dossier_code_norm("AB\0CD", 5, out), K_ERR_INVALID);
}

static void csv_corners_are_read(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossier_list l;
	struct dossier_report rep;
	const char *csv =
		"\xef\xbb\xbf" "Mã hồ sơ,ho_ten,Trạng thái,Ghi chú,Ngày,dia_chi\r\n"
		"ab-0001,\"Nguyễn, Văn A\",ready,\"Quầy 3, sáng\",2026-11-20,\"1 Đường X\r\nPhường Y\"\r\n"
		",,,,,\r\n"
		"AB-0002,\"Trần \"\"B\"\"\",PROCESSING,\"Sai \"\"ngày\"\"\",,\r\n"
		"\r\n"
		"AB-0003,C,MISMATCH,   ,,x"; /* no line break at the end */

	assert_int_equal(parse(f, csv, &l, &rep), 0);
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(rep.rows, 3);
	assert_int_equal(l.n, 3);
	assert_int_equal(rep.per_status[0], 1); /* READY */
	assert_int_equal(rep.per_status[1], 1);
	assert_int_equal(rep.per_status[2], 1);
	/* sorted by code */
	assert_string_equal(l.rows[0].code, "AB0001");
	assert_int_equal(l.rows[0].line, 2);
	assert_string_equal(l.rows[0].date, "2026-11-20");
	assert_int_equal(l.rows[0].note_len, strlen("Quầy 3, sáng"));
	assert_memory_equal(l.notes + l.rows[0].note, "Quầy 3, sáng", l.rows[0].note_len);
	assert_string_equal(l.rows[1].code, "AB0002");
	assert_int_equal(l.rows[1].line, 5); /* the address took two lines */
	assert_memory_equal(l.notes + l.rows[1].note, "Sai \"ngày\"", l.rows[1].note_len);
	assert_string_equal(l.rows[1].date, "");
	assert_int_equal(l.rows[2].line, 7);
	assert_int_equal(l.rows[2].note_len, 0); /* blanks are no note */
	/* the other columns were never kept */
	assert_null(memmem(l.notes, l.notes_len, "Nguyễn", strlen("Nguyễn")));
	assert_null(memmem(l.notes, l.notes_len, "Đường", strlen("Đường")));
	dossier_list_free(&l);

	/* a spreadsheet set up for Vietnam writes ';' */
	assert_int_equal(parse(f, "code;status;note\nAB-0001;READY;\"a; b\"\n", &l, &rep), 0);
	assert_int_equal(l.n, 1);
	assert_memory_equal(l.notes, "a; b", 4);
	dossier_list_free(&l);
	/* LF only, English names, no note or date columns */
	assert_int_equal(parse(f, "status,code\nREADY,AB0001\nREADY,AB0002\n", &l, &rep), 0);
	assert_int_equal(l.n, 2);
	dossier_list_free(&l);
	tfix_free(f);
}

static void bad_rows_are_named_by_line(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossier_list l;
	struct dossier_report rep;
	const char *csv =
		"ma_ho_so,trang_thai,ghi_chu,ngay\n" /* 1 */
		"AB-0001,READY,,\n"                   /* 2 */
		"AB-0002,READY\n"                     /* 3: columns */
		"AB#0003,READY,,\n"                   /* 4: code */
		"AB-0004,SOON,,\n"                    /* 5: status */
		"AB-0005,READY,,2026-02-29\n"         /* 6: no such day */
		"AB-0006,READY,,20/11/2026\n"         /* 7: not YYYY-MM-DD */
		"AB-0007,READY,\"a\nb\",\n"           /* 8: a line break in the note */
		"ab0001,PROCESSING,,\n"               /* 10: the same code as line 2 */
		"AB-0008,,,\n"                        /* 11: no status */
		"AB-0009,Nguyễn Văn A,,\n"            /* 12: not echoed */
		"AB-0010,READY,,2024-02-29\n";        /* 13: a leap day is fine */

	assert_int_equal(parse(f, csv, &l, &rep), K_ERR_INVALID);
	assert_null(l.rows);
	assert_int_equal(rep.rows, 0);
	assert_int_equal(rep.nerrors, 9);
	assert_int_equal(rep.more, 0);
	/* where (line and column) and why, never the cell's text */
	static const struct { int line, column; const char *msg; } want[] = {
		{ 3, 0, "2 columns, but the header has 4" },
		{ 4, 1, "column 1: the receipt code is not 4-32 letters and digits" },
		{ 5, 2, "column 2: unknown status: a status is the code" },
		{ 6, 4, "column 4: the date is not a day" },
		{ 7, 4, "column 4: the date is not a day" },
		{ 8, 3, "column 3: the note has a line break" },
		{ 10, 0, "the same receipt code as line 2" },
		{ 11, 2, "column 2: no status" },
		{ 12, 2, "column 2: unknown status: a status is the code" },
	};
	for (int i = 0; i < 9; i++) {
		assert_int_equal(rep.errors[i].line, want[i].line);
		assert_int_equal(rep.errors[i].column, want[i].column);
		if (!strstr(rep.errors[i].message, want[i].msg))
			fail_msg("line %d: '%s' does not say '%s'", want[i].line,
				 rep.errors[i].message, want[i].msg);
		assert_null(strstr(rep.errors[i].message, "AB"));
		assert_null(strstr(rep.errors[i].message, "Nguy"));
		assert_null(strstr(rep.errors[i].message, "SOON"));
	}

	/* twelve faults: the ten lowest lines listed, in order, the rest counted */
	char many[2048] = "code,status\nDUP-0001,READY\n";
	for (int i = 0; i < 11; i++)
		sprintf(many + strlen(many), "X%03d-0000,NOPE\n", i); /* lines 3-13 */
	strcat(many, "DUP-0001,READY\n");                             /* line 14 */
	assert_int_equal(parse(f, many, &l, &rep), K_ERR_INVALID);
	assert_int_equal(rep.nerrors, DOSSIER_MAX_ERRORS);
	assert_int_equal(rep.more, 2);
	for (int i = 0; i < DOSSIER_MAX_ERRORS; i++)
		assert_int_equal(rep.errors[i].line, 3 + i);
	/* a duplicate found last, but on an early line, takes its place */
	strcpy(many, "code,status\nDUP-0001,READY\nDUP-0001,READY\n");
	for (int i = 0; i < 11; i++)
		sprintf(many + strlen(many), "X%03d-0000,NOPE\n", i); /* lines 4-14 */
	assert_int_equal(parse(f, many, &l, &rep), K_ERR_INVALID);
	assert_int_equal(rep.errors[0].line, 3);
	assert_string_equal(rep.errors[0].message, "the same receipt code as line 2");
	assert_int_equal(rep.errors[9].line, 12);
	assert_int_equal(rep.more, 2);
	tfix_free(f);
}

/* Notes are shown on the lobby's screen (field review §4): digits that look
 * like an ID number or a phone refuse the file, by line, without echoing
 * them; dates, codes and short numbers pass. */
static void notes_with_id_or_phone_numbers_are_refused(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossier_list l;
	struct dossier_report rep;
	const char *csv =
		"code,status,note\n"                                  /* 1 */
		"AB-0001,READY,Nhận ngày 02/12/2026\n"                /* 2: a date */
		"AB-0002,READY,CCCD 001099012345\n"                   /* 3: 12 digits */
		"AB-0003,READY,Gọi 0912 345 678\n"                    /* 4: a phone, spaced */
		"AB-0004,READY,\"Sau 3 ngày, quầy 2\"\n"              /* 5: short numbers */
		"AB-0005,READY,CMND 123.456.789\n"                    /* 6: 9 digits */
		"AB-0006,READY,Hẹn 02.12.2026 - 15.12.2026\n"         /* 7: two dates */
		"AB-0007,READY,Mã bưu gửi EL123456789VN\n"            /* 8: a postal code */
		"AB-0008,READY,Hồ sơ 000.00.21.H29-230515-0001\n"     /* 9: a receipt code */
		"AB-0009,READY,ĐT: +84 912-345-678\n"                 /* 10: +84 */
		"AB-0010,READY,0912.345.678\n"                        /* 11: dots */
		"AB-0011,READY,Phí 50.000 đồng\n"                     /* 12: a fee */
		"AB-0012,READY,02-12-2026 0987654321\n";              /* 13: a date, then a phone */

	assert_int_equal(parse(f, csv, &l, &rep), K_ERR_INVALID);
	static const int lines[] = { 3, 4, 6, 10, 11, 13 };
	assert_int_equal(rep.nerrors, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(rep.errors[i].line, lines[i]);
		if (!strstr(rep.errors[i].message, "look like an ID or phone number"))
			fail_msg("line %d: '%s'", lines[i], rep.errors[i].message);
		const char *m = rep.errors[i].message + strlen("column 3: ");
		assert_null(strpbrk(m + strcspn(m, "0123456789") + 2,
				    "0123456789")); /* the count only: no digits of the note */
	}
	assert_string_equal(rep.errors[0].message, "column 3: the note has 12 digits that look like "
			    "an ID or phone number: notes are shown to citizens at the kiosk, write "
			    "none in them");

	/* the rest alone is a good file */
	const char *good =
		"code,status,note\n"
		"AB-0001,READY,Nhận ngày 02/12/2026\n"
		"AB-0004,READY,\"Sau 3 ngày, quầy 2\"\n"
		"AB-0006,READY,Hẹn 02.12.2026 - 15.12.2026\n"
		"AB-0007,READY,Mã bưu gửi EL123456789VN\n"
		"AB-0008,READY,Hồ sơ 000.00.21.H29-230515-0001\n"
		"AB-0011,READY,Phí 50.000 đồng\n";
	assert_int_equal(parse(f, good, &l, &rep), 0);
	assert_int_equal(l.n, 6);
	dossier_list_free(&l);
	tfix_free(f);
}

static void bad_files_are_refused(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossier_list l;
	struct dossier_report rep;
	static const struct { const char *csv; int line; const char *msg; } cases[] = {
		{ "", 1, "the file is empty" },
		{ "\n\n", 3, "the file is empty" },
		{ "code,status\n", 2, "no dossiers below the header" },
		{ "name,status\nAB-0001,READY\n", 1, "no column for the receipt code" },
		{ "code,note\nAB-0001,x\n", 1, "no column for the status" },
		{ "code,ma_ho_so,status\nA,B,C\n", 1, "columns 1 and 2 both hold the receipt code" },
		{ "code,status\nAB-0001,\"READY\n", 2, "a quoted field is not closed" },
		{ "code,status\nAB-0001,\"READY\"x\n", 2, "text after the closing" },
		{ "code,status\nAB-0001,RE\"ADY\n", 2, "inside a field that does not start" },
		{ "code,status\nAB-0001,READY\nAB-0002,R\xc3\x28\n", 3, "not UTF-8" },
		{ "code,status\nAB-0001,\xed\xa0\x80\n", 2, "not UTF-8" },   /* a surrogate */
		{ "code,status\nAB-0001,\xc0\xaf\n", 2, "not UTF-8" },       /* overlong */
		{ "code,status\nAB-0001,READY\0\n", 2, "not UTF-8" },        /* a NUL */
		{ "\xff\xfe" "c\0o\0", 1, "UTF-16" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i].csv);
		if (i == 12)
			len = strlen(cases[i].csv) + 2; /* past the NUL */
		if (i == 13)
			len = 6;
		if (dossiers_parse(&f->cfg, cases[i].csv, len, &l, &rep) != K_ERR_INVALID ||
		    rep.nerrors < 1 || rep.errors[0].line != cases[i].line ||
		    !strstr(rep.errors[0].message, cases[i].msg))
			fail_msg("case %zu: line %d '%s', wanted line %d '%s'", i,
				 rep.nerrors ? rep.errors[0].line : -1,
				 rep.nerrors ? rep.errors[0].message : "", cases[i].line,
				 cases[i].msg);
	}
	/* a note of 200 bytes goes in, 201 do not */
	char csv[512] = "code,status,note\nAB-0001,READY,";
	memset(csv + strlen(csv), 'n', 200);
	assert_int_equal(parse(f, csv, &l, &rep), 0);
	dossier_list_free(&l);
	strcat(csv, "n");
	assert_int_equal(parse(f, csv, &l, &rep), K_ERR_INVALID);
	assert_string_equal(rep.errors[0].message, "column 3: the note is 201 bytes, at most 200");
	tfix_free(f);
}

/* A note is one line of text that reads one way: every control
 * character (C0, DEL, C1 with NEL), the line and paragraph separators and
 * the bidirectional controls are refused, each by line and column and its
 * code point, never the note; letters with tone marks pass. */
static void notes_with_controls_or_bidi_characters_are_refused(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossier_list l;
	struct dossier_report rep;
	static const struct { const char *ch; const char *says; } bad[] = {
		{ "\x01", "(U+0001)" }, { "\t", "(U+0009)" }, { "\x1b", "(U+001B)" },
		{ "\x7f", "(U+007F)" }, { "\xc2\x80", "(U+0080)" }, { "\xc2\x85", "(U+0085)" },
		{ "\xc2\x9f", "(U+009F)" }, { "\xe2\x80\xa8", "(U+2028)" },
		{ "\xe2\x80\xa9", "(U+2029)" }, { "\xe2\x80\xaa", "bidirectional control character (U+202A)" },
		{ "\xe2\x80\xab", "bidirectional control character (U+202B)" },
		{ "\xe2\x80\xac", "bidirectional control character (U+202C)" },
		{ "\xe2\x80\xad", "bidirectional control character (U+202D)" },
		{ "\xe2\x80\xae", "bidirectional control character (U+202E)" },
		{ "\xe2\x81\xa6", "bidirectional control character (U+2066)" },
		{ "\xe2\x81\xa7", "bidirectional control character (U+2067)" },
		{ "\xe2\x81\xa8", "bidirectional control character (U+2068)" },
		{ "\xe2\x81\xa9", "bidirectional control character (U+2069)" },
		{ "\xe2\x80\x8e", "bidirectional control character (U+200E)" },
		{ "\xe2\x80\x8f", "bidirectional control character (U+200F)" },
		{ "\xd8\x9c", "bidirectional control character (U+061C)" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char csv[256];
		/* the tab would be trimmed at either end: it stands inside */
		snprintf(csv, sizeof(csv), "code,status,note\nAB-0001,READY,Nhận%stại quầy 2\n",
			 bad[i].ch);
		if (parse(f, csv, &l, &rep) != K_ERR_INVALID || rep.nerrors != 1 ||
		    rep.errors[0].line != 2 || rep.errors[0].column != 3 ||
		    !strstr(rep.errors[0].message, bad[i].says) ||
		    strncmp(rep.errors[0].message, "column 3: the note has a ", 25) != 0 ||
		    strstr(rep.errors[0].message, "quầy"))
			fail_msg("case %zu: %d error(s), line %d column %d '%s'", i, rep.nerrors,
				 rep.nerrors ? rep.errors[0].line : 0,
				 rep.nerrors ? rep.errors[0].column : 0,
				 rep.nerrors ? rep.errors[0].message : "");
	}
	/* Vietnamese, other scripts' letters, a zero-width joiner's neighbours pass */
	assert_int_equal(parse(f, "code,status,note\nAB-0001,READY,Nhận tại quầy số 2 – "
			       "Điều chỉnh ‘CCCD’ … ✓\n", &l, &rep), 0);
	dossier_list_free(&l);
	tfix_free(f);
}

/* Damaged files: every prefix and many byte flips of a good file, under ASan. */
static void damaged_files_do_not_crash(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossier_list l;
	struct dossier_report rep;
	const char *good = "\xef\xbb\xbf" "ma_ho_so,trang_thai,ghi_chu,ngay\r\n"
			   "AB-0001,READY,\"x, \"\"y\"\"\",2026-11-20\r\n"
			   "AB-0002,MISMATCH,\"a\",\r\nAB-0003,PROCESSING,,\r\n";
	size_t n = strlen(good);
	char *buf = malloc(n);
	assert_non_null(buf);
	for (size_t cut = 0; cut <= n; cut++) { /* exactly cut bytes: no NUL after them */
		memcpy(buf, good, cut);
		if (dossiers_parse(&f->cfg, buf, cut, &l, &rep) == 0)
			dossier_list_free(&l);
	}
	srand(8);
	static const char bytes[] = { '"', ',', ';', '\r', '\n', '\0', 'A', '-', ' ', '\xc3',
				      '\xff' };
	for (int i = 0; i < 20000; i++) {
		memcpy(buf, good, n);
		for (int k = 0; k < 1 + rand() % 4; k++)
			buf[rand() % n] = bytes[rand() % (int)sizeof(bytes)];
		int r = dossiers_parse(&f->cfg, buf, n, &l, &rep);
		assert_true(r == 0 || r == K_ERR_INVALID);
		assert_true(r == 0 ? l.n >= 1 && rep.nerrors == 0 : rep.nerrors >= 1);
		if (r == 0)
			dossier_list_free(&l);
	}
	free(buf);
	tfix_free(f);
}

static void an_import_replaces_the_list(void **state)
{
	(void)state;
	struct tfix *f = fixture();
	struct dossiers *d;
	struct dossier_report rep;
	struct dossier_answer a;
	struct stat st;
	const char *v1 = "code,status,note,date\nAB-0001,READY,Quầy 3,2026-11-20\n"
			 "AB-0002,PROCESSING,,\n";
	const char *v2 = "code,status\nAB-0002,MISMATCH\nAB-0003,READY\n";

	assert_int_equal(dossiers_open(&d, f->db, &f->cfg), 0);
	assert_int_equal(dossiers_lookup(d, "AB-0001", &a), K_ERR_EMPTY);
	assert_int_equal(stat(f->cfg.dossiers.secret, &st), -1); /* made by the first import */

	assert_int_equal(dossiers_import(d, v1, strlen(v1), 1000, &rep), 0);
	assert_int_equal(rep.rows, 2);
	assert_int_equal(stat(f->cfg.dossiers.secret, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	assert_int_equal(dossiers_lookup(d, "ab 0001", &a), 0);
	assert_string_equal(a.status, "READY");
	assert_string_equal(a.note, "Quầy 3");
	assert_string_equal(a.date, "2026-11-20");
	assert_int_equal(a.updated, 1000);
	assert_int_equal(a.count, 2);
	assert_int_equal(dossiers_lookup(d, "AB-0002", &a), 0);
	assert_string_equal(a.note, "");
	assert_string_equal(a.date, "");
	assert_int_equal(dossiers_lookup(d, "AB-0009", &a), K_ERR_NOT_FOUND);
	assert_int_equal(a.updated, 1000);
	assert_int_equal(dossiers_lookup(d, "AB1", &a), K_ERR_INVALID);

	/* a bad file changes nothing */
	assert_int_equal(dossiers_import(d, "code,status\nAB-0004,NOPE\n", 25, 2000, &rep),
			 K_ERR_INVALID);
	assert_int_equal(dossiers_lookup(d, "AB-0001", &a), 0);
	assert_int_equal(a.updated, 1000);

	assert_int_equal(dossiers_import(d, v2, strlen(v2), 3000, &rep), 0);
	assert_int_equal(dossiers_lookup(d, "AB-0001", &a), K_ERR_NOT_FOUND);
	assert_int_equal(dossiers_lookup(d, "AB-0002", &a), 0);
	assert_string_equal(a.status, "MISMATCH");
	assert_int_equal(a.updated, 3000);

	/* the same list on a second store (another process) and a new secret */
	struct dossiers *other;
	assert_int_equal(dossiers_open(&other, f->db, &f->cfg), 0);
	assert_int_equal(dossiers_lookup(other, "AB-0003", &a), 0);
	assert_int_equal(unlink(f->cfg.dossiers.secret), 0);
	assert_int_equal(dossiers_import(other, v1, strlen(v1), 4000, &rep), 0);
	assert_int_equal(dossiers_lookup(d, "AB-0001", &a), 0); /* d reads the new secret */
	assert_int_equal(a.updated, 4000);
	dossiers_close(other);

	/* a secret that did not make the list: no list, rather than wrong answers */
	dossiers_close(d);
	FILE *k = fopen(f->cfg.dossiers.secret, "w");
	assert_non_null(k);
	fputs("0123456789abcdef0123456789abcdef", k);
	fclose(k);
	assert_int_equal(dossiers_open(&d, f->db, &f->cfg), 0);
	assert_int_equal(dossiers_lookup(d, "AB-0001", &a), K_ERR_EMPTY);
	dossiers_close(d);
	tfix_free(f);
}

static void the_rate_is_a_sliding_minute(void **state)
{
	(void)state;
	struct tfix *f = fixture(); /* rate = 3 */
	struct dossiers *d;
	int64_t resets;
	int retry;

	assert_int_equal(dossiers_open(&d, f->db, &f->cfg), 0);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 0, f->now, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 10000, f->now, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 20000, f->now, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 30000, f->now, &retry, &resets), 0);
	assert_int_equal(retry, 30); /* until the first leaves the minute */
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-2", 30000, f->now, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 59999, f->now, &retry, &resets), 0);
	assert_int_equal(retry, 1);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 60000, f->now, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:lobby-1", 60001, f->now, &retry, &resets), 0);
	assert_int_equal(retry, 10); /* the one of 10000 leaves at 70000 */
	/* more callers than it remembers: the longest unheard is forgotten */
	char name[32];
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "kiosk:k%d", i);
		assert_int_equal(dossiers_allow(d, name, 61000 + i, f->now, &retry, &resets), 1);
	}
	dossiers_close(d);
	tfix_free(f);
}

/* [dossiers] rate_day: a kiosk's look-ups end for the station's day, until
 * the next [queue] day_starts; the minute's refusals do not use the day up. */
static void the_day_is_capped_until_the_next_day_starts(void **state)
{
	(void)state;
	static char text[4096];
	struct dossiers *d;
	int64_t resets, at = tlocal("2026-11-28T23:00"), ms = 0;
	int retry;

	snprintf(text, sizeof(text), tconf_base, "day_starts = 02:00\n");
	strcat(text, "[dossiers]\nrate = 2\nrate_day = 3\n[dossier.READY]\ntext_vi = Thẻ đã có\n");
	struct tfix *f = tfix_new_text(text, "2026-11-28T23:00");
	assert_int_equal(dossiers_open(&d, f->db, &f->cfg), 0);
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, at, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, at, &retry, &resets), 1);
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, at, &retry, &resets), DOSSIERS_MINUTE);
	ms += 60000;
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, at, &retry, &resets), 1);
	ms += 60000;
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, at + 60, &retry, &resets),
			 DOSSIERS_DAY);
	/* the station day of 2026-11-28 ends at 02:00 on the 29th */
	assert_int_equal(resets, tlocal("2026-11-29T02:00"));
	assert_int_equal(retry, tlocal("2026-11-29T02:00") - (at + 60));
	assert_int_equal(dossiers_allow(d, "kiosk:b", ms, at, &retry, &resets), 1); /* its own */
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, tlocal("2026-11-29T01:59"), &retry,
					&resets), DOSSIERS_DAY);
	assert_int_equal(dossiers_allow(d, "kiosk:a", ms, tlocal("2026-11-29T02:00"), &retry,
					&resets), 1);
	dossiers_close(d);
	tfix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_normalised),
		cmocka_unit_test(csv_corners_are_read),
		cmocka_unit_test(bad_rows_are_named_by_line),
		cmocka_unit_test(notes_with_id_or_phone_numbers_are_refused),
		cmocka_unit_test(bad_files_are_refused),
		cmocka_unit_test(notes_with_controls_or_bidi_characters_are_refused),
		cmocka_unit_test(damaged_files_do_not_crash),
		cmocka_unit_test(an_import_replaces_the_list),
		cmocka_unit_test(the_rate_is_a_sliding_minute),
		cmocka_unit_test(the_day_is_capped_until_the_next_day_starts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
