/*
 * hub_user_cmd.c - kiosk-hub user add NAME [--admin] (the password is the
 * first line of standard input) and kiosk-hub user revoke NAME: the
 * dashboard's accounts, as station-server's "user" command makes the
 * console's.
 */
#include "hub_accounts.h"
#include "hub_cmds.h"

#include "kerr.h"

#include <stdio.h>
#include <string.h>

static int add(struct hub_db *db, const char *name, int admin)
{
	char pw[256];
	if (!fgets(pw, sizeof(pw), stdin)) {
		fprintf(stderr, "kiosk-hub: give the password on standard input\n");
		return 2;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	int r = hub_account_set(db, name, pw, admin);
	sodium_memzero(pw, sizeof(pw));
	if (r == K_ERR_INVALID) {
		fprintf(stderr, "kiosk-hub: a name is 1-32 of A-Z a-z 0-9 . _ -, "
				"a password at least 8 characters\n");
		return 2;
	}
	if (r < 0) {
		fprintf(stderr, "kiosk-hub: %s\n", kerr_text(r));
		return 1;
	}
	printf("%s account %s is ready\n", admin ? "admin" : "viewer", name);
	return 0;
}

int hub_cmd_user(struct hub_app *app, int argc, char **argv)
{
	struct hub_db *db = NULL;
	int rc = 1, add_it = argc >= 2 && !strcmp(argv[0], "add");
	int admin = add_it && argc == 3 && !strcmp(argv[2], "--admin");

	if (!((add_it && (argc == 2 || admin)) ||
	      (argc == 2 && !strcmp(argv[0], "revoke")))) {
		fprintf(stderr, "usage: kiosk-hub user add NAME [--admin] | user revoke NAME\n");
		return 2;
	}
	if (hub_db_open(&db, app->conf.database) < 0 || hub_migrate(db) < 0) {
		fprintf(stderr, "kiosk-hub: PostgreSQL cannot be reached at \"%s\"\n",
			app->conf.database);
		goto out;
	}
	if (add_it) {
		rc = add(db, argv[1], admin);
		goto out;
	}
	int r = hub_account_revoke(db, argv[1]);
	if (r == K_ERR_NOT_FOUND)
		fprintf(stderr, "kiosk-hub: no account %s\n", argv[1]);
	else if (r == K_OK)
		printf("account %s removed, its sessions ended\n", argv[1]);
	rc = r == K_OK ? 0 : 1;
out:
	if (db)
		hub_db_close(db);
	return rc;
}
