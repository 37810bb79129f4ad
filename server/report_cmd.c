/*
 * report_cmd.c - see report_cmd.h.
 *
 * The database is opened read-write but never written (no CREATE: a wrong
 * path is an error, not a new empty file; read-write so a WAL database of
 * a running server reads as it does for the server) and not migrated: a
 * database of another schema is refused with what to do.
 */
#include "report_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kdb.h"
#include "kerr.h"
#include "report.h"
#include "report_files.h"
#include "report_json.h"
#include "station_schema.h"

enum { FMT_JSON, FMT_CSV, FMT_XLSX };

static int usage(const char *why)
{
	fprintf(stderr, "station-server report: %s\n"
		"usage: station-server [--config FILE] [--db FILE] report --from YYYY-MM-DD "
		"--to YYYY-MM-DD [--group day|week|month] --format json|csv|xlsx --out FILE\n", why);
	return 2;
}

/* fsync the file at path (written and closed by another library). */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = -1;
	if (fd >= 0) {
		r = fsync(fd);
		close(fd);
	}
	return r;
}

/* The report into tmp, synced to the disk; 0 or -1 with errno's story told. */
static int write_tmp(const struct report *r, const struct kconf *cfg, int fmt, const char *tmp)
{
	if (fmt == FMT_XLSX)
		return report_xlsx_write(r, cfg, tmp) < 0 || sync_path(tmp) < 0 ? -1 : 0;
	FILE *f = fopen(tmp, "wbx");
	if (!f)
		return -1;
	int bad;
	if (fmt == FMT_CSV) {
		bad = report_csv_write(r, cfg, f) < 0;
	} else {
		json_t *j = report_json(r, cfg);
		bad = !j || json_dumpf(j, f, JSON_INDENT(2)) < 0 || fputc('\n', f) == EOF;
		json_decref(j);
	}
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	return bad ? -1 : 0;
}

/* tmp onto out, and the rename itself on the disk. */
static int put_in_place(const char *tmp, const char *out)
{
	char dir[4096];
	if (rename(tmp, out) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s", out);
	int fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

int report_cmd_open(struct kdb *k, const char *db, const struct kconf *cfg, const char *cmd)
{
	int v = 0, want = kdb_schema_version(station_schema, station_schema_steps);
	if (access(db, R_OK) < 0) {
		fprintf(stderr, "station-server %s: %s: %s\n", cmd, db, strerror(errno));
		return -1;
	}
	if (kdb_open(k, db, SQLITE_OPEN_READWRITE, cmd) < 0)
		return -1;
	sqlite3_busy_timeout(k->db, cfg->queue.busy_timeout_ms);
	if (kdb_user_version(k, &v) < 0 || v != want) {
		fprintf(stderr, "station-server %s: %s has schema %d, this program %d: %s\n", cmd, db,
			v, want, v < want ? "start station-server once to bring it up to date"
					  : "use the program that wrote it");
		kdb_close(k);
		return -1;
	}
	return 0;
}

int report_main(const struct kconf *cfg, const char *db, const struct kclock *clock, int argc,
		char **argv)
{
	const char *from = NULL, *to = NULL, *group = "day", *format = NULL, *out = NULL;
	const char *code, *msg;
	int64_t d0, d1;
	int fmt, grp;

	for (int i = 1; i < argc; i++) {
		const char **v = !strcmp(argv[i], "--from")   ? &from :
				 !strcmp(argv[i], "--to")     ? &to :
				 !strcmp(argv[i], "--group")  ? &group :
				 !strcmp(argv[i], "--format") ? &format :
				 !strcmp(argv[i], "--out")    ? &out : NULL;
		if (!v)
			return usage("unknown argument");
		if (i + 1 >= argc)
			return usage("an option without its value");
		*v = argv[++i];
	}
	if (!from || !to)
		return usage("give the range: --from and --to");
	if (report_range_parse(from, to, &d0, &d1, &code, &msg) < 0)
		return usage(msg); /* the API's words: "to" is before "from" */
	if ((grp = report_group_parse(group)) < 0)
		return usage("--group is day, week or month");
	if (!format)
		return usage("give --format json, csv or xlsx");
	fmt = !strcmp(format, "json") ? FMT_JSON : !strcmp(format, "csv") ? FMT_CSV :
	      !strcmp(format, "xlsx") ? FMT_XLSX : -1;
	if (fmt < 0)
		return usage("--format is json, csv or xlsx");
	if (!out || !out[0])
		return usage("give the file to write: --out FILE");

	struct kdb k;
	struct report *r = NULL;
	char tmp[4096];
	int rc = 1;
	if (report_cmd_open(&k, db, cfg, "report") < 0)
		return 1;
	int e = report_build(&k, cfg, d0, d1, grp, kclock_now(clock), &r);
	kdb_close(&k);
	if (e < 0) {
		fprintf(stderr, "station-server report: %s\n", kerr_text(e));
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	unlink(tmp); /* a run that died before its rename */
	errno = 0;
	if (write_tmp(r, cfg, fmt, tmp) < 0 || put_in_place(tmp, out) < 0) {
		fprintf(stderr, "station-server report: %s: not written (%s)\n", out,
			errno ? strerror(errno) : "see the log");
		unlink(tmp);
	} else {
		printf("report %s..%s by %s: %d ticket(s) -> %s\n", from, to, group, r->total.issued,
		       out);
		rc = 0;
	}
	report_free(r);
	return rc;
}
