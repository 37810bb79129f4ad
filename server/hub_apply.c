/*
 * hub_apply.c - a configuration fragment from the hub, verified, checked
 * and put in place atomically; the version run; rollback (hub_fetch.h).
 *
 * [hub] dir holds current.conf (first line "; version N", then the
 * fragment as signed), previous.conf (the one before) and held (the
 * version rolled back from: versions up to it are not applied again,
 * a newer one is).
 */
#include "hub_fetch.h"

#include "conf_fragment.h"
#include "kerr.h"
#include "klog.h"
#include "station_conf.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HELD "held"

static void dir_file(const struct kconf *cfg, const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%.*s/%s", (int)(cap - 32), cfg->hub.dir, name);
}

static int file_version(const struct kconf *cfg, const char *name)
{
	char path[KCONF_PATH + 32], line[64] = "";
	dir_file(cfg, name, path, sizeof(path));
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return conf_fragment_version(line);
}

int hub_fetch_version(const struct kconf *cfg)
{
	return file_version(cfg, CONF_FRAGMENT_CURRENT);
}

int hub_signed(const struct kconf *cfg, const char *domain, long long version,
	       const char *body, size_t len, const char *sig_b64)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	char head[96];
	size_t got = 0;
	crypto_sign_state st;

	if (sodium_base642bin(pk, sizeof(pk), cfg->hub.key, strlen(cfg->hub.key), NULL, &got,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof(pk))
		return 0;
	if (!sig_b64 || sodium_base642bin(sig, sizeof(sig), sig_b64, strlen(sig_b64), NULL, &got,
					  NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != sizeof(sig))
		return 0;
	int n = snprintf(head, sizeof(head), "%s\n%lld\n", domain, version);
	crypto_sign_init(&st);
	crypto_sign_update(&st, (const unsigned char *)head, (size_t)n);
	crypto_sign_update(&st, (const unsigned char *)body, len);
	return crypto_sign_final_verify(&st, sig, pk) == 0;
}

/* Write path.tmp with head + body, fsync it, rename it over path, fsync
 * the folder.  0 or K_ERR_IO. */
int hub_dir_write(const struct kconf *cfg, const char *name, const char *head,
		  const char *body, size_t len)
{
	char path[KCONF_PATH + 32], tmp[KCONF_PATH + 40];
	int r = K_ERR_IO;

	/* the province's catalogue, no secret: kiosks under another user read it */
	if (mkdir(cfg->hub.dir, 0755) != 0 && errno != EEXIST)
		return K_ERR_IO;
	dir_file(cfg, name, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return K_ERR_IO;
	fchmod(fd, 0644); /* whatever the umask */
	size_t hl = strlen(head);
	if (write(fd, head, hl) == (ssize_t)hl && write(fd, body, len) == (ssize_t)len &&
	    fsync(fd) == 0)
		r = K_OK;
	if (close(fd) != 0)
		r = K_ERR_IO;
	if (r == K_OK && rename(tmp, path) != 0)
		r = K_ERR_IO;
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	int dfd = open(cfg->hub.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return K_OK;
}

/* previous.conf = what current.conf is now (a hard link, put in place by
 * rename: there is always a whole previous.conf, or none). */
static int keep_previous(const struct kconf *cfg)
{
	char cur[KCONF_PATH + 32], prev[KCONF_PATH + 32], tmp[KCONF_PATH + 40];
	dir_file(cfg, CONF_FRAGMENT_CURRENT, cur, sizeof(cur));
	dir_file(cfg, CONF_FRAGMENT_PREVIOUS, prev, sizeof(prev));
	snprintf(tmp, sizeof(tmp), "%s.tmp", prev);
	unlink(tmp);
	if (link(cur, tmp) != 0)
		return errno == ENOENT ? K_OK : K_ERR_IO;
	return rename(tmp, prev) == 0 ? K_OK : K_ERR_IO;
}

int hub_apply_config(const struct kconf *cfg, int version, const char *fragment, size_t len,
		     const char *sig_b64, char *why, size_t wlen)
{
	char head[48];
	struct kconf *check = NULL;
	struct kconf_errors *errs = NULL;
	int r;

	if (version <= hub_fetch_version(cfg) || version <= file_version(cfg, HELD))
		return 0;
	if (!hub_signed(cfg, "kiosk-hub-config", version, fragment, len, sig_b64)) {
		snprintf(why, wlen, "configuration version %d from the hub is not signed by "
			 "[hub] key: not applied", version);
		return K_ERR_INVALID;
	}
	check = malloc(sizeof(*check));
	errs = malloc(sizeof(*errs));
	if (!check || !errs) {
		r = K_ERR_NOMEM;
		snprintf(why, wlen, "out of memory");
		goto out;
	}
	r = conf_fragment_load(cfg->path, fragment, len, station_conf_checks, check, errs);
	if (r < 0) {
		snprintf(why, wlen, "configuration version %d from the hub does not pass the check "
			 "(%.160s): not applied", version, errs->n ? errs->msg[0] : "?");
		r = K_ERR_CONFIG;
		goto out;
	}
	snprintf(head, sizeof(head), "; version %d\n", version);
	r = keep_previous(cfg);
	if (r == K_OK)
		r = hub_dir_write(cfg, CONF_FRAGMENT_CURRENT, head, fragment, len);
	if (r < 0) {
		snprintf(why, wlen, "configuration version %d could not be written to %s: %s",
			 version, cfg->hub.dir, strerror(errno));
		goto out;
	}
	snprintf(why, wlen, "configuration version %d from the hub applied", version);
	r = 1;
out:
	free(check);
	free(errs);
	return r;
}

/* previous.conf back in place; the version left is held back. */
static int rollback(const struct kconf *cfg)
{
	char cur[KCONF_PATH + 32], prev[KCONF_PATH + 32], head[48];
	int now = hub_fetch_version(cfg), back = file_version(cfg, CONF_FRAGMENT_PREVIOUS);
	int held = file_version(cfg, HELD);

	dir_file(cfg, CONF_FRAGMENT_CURRENT, cur, sizeof(cur));
	dir_file(cfg, CONF_FRAGMENT_PREVIOUS, prev, sizeof(prev));
	if (!back && !now) {
		fprintf(stderr, "station-server: no configuration from the hub in %s\n",
			cfg->hub.dir);
		return 1;
	}
	if (!back) { /* the first from the hub: back to kiosk.conf alone */
		snprintf(head, sizeof(head), "; version %d\n", now > held ? now : held);
		if (hub_dir_write(cfg, HELD, head, "", 0) < 0 || unlink(cur) != 0) {
			fprintf(stderr, "station-server: %s could not be changed: %s\n",
				cfg->hub.dir, strerror(errno));
			return 1;
		}
		printf("kiosk.conf alone again (version %d held back until the hub publishes a "
		       "newer one); restart station-server to run it\n", now);
		return 0;
	}
	/* held back: every version rolled back from, the newest of them */
	snprintf(head, sizeof(head), "; version %d\n", now > held ? now : held);
	if (hub_dir_write(cfg, HELD, head, "", 0) < 0 || rename(prev, cur) != 0) {
		fprintf(stderr, "station-server: %s could not be changed: %s\n", cfg->hub.dir,
			strerror(errno));
		return 1;
	}
	printf("configuration version %d back in place (version %d held back until the hub "
	       "publishes a newer one); restart station-server to run it\n", back, now);
	return 0;
}

int hub_fetch_main(const struct kconf *cfg, int argc, char **argv)
{
	if (argc == 1 && strcmp(argv[0], "rollback") == 0)
		return rollback(cfg);
	if (argc == 1 && strcmp(argv[0], "config") == 0) {
		printf("configuration version %d (%s/%s)\nprevious %d\nheld back up to %d\n"
		       "dossiers version %d\n", hub_fetch_version(cfg), cfg->hub.dir,
		       CONF_FRAGMENT_CURRENT, file_version(cfg, CONF_FRAGMENT_PREVIOUS),
		       file_version(cfg, HELD), hub_fetch_dossiers_version(cfg));
		return 0;
	}
	fprintf(stderr, "usage: station-server [--config FILE] hub config | hub rollback\n");
	return 2;
}

int hub_fetch_dossiers_version(const struct kconf *cfg)
{
	return file_version(cfg, HUB_DOSSIERS_VERSION);
}
