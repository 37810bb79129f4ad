/*
 * hub_accounts_schema.c - step 4 of the hub's schema (hub_schema.c): the
 * dashboard's accounts (Argon2id hashes, libsodium's crypto_pwhash_str)
 * and their login sessions (only a BLAKE2b digest of each cookie kept).
 */
#include "hub_schema.h"

const char hub_schema_v4[] =
	"CREATE TABLE accounts ("
	"  name TEXT PRIMARY KEY,"
	"  hash TEXT NOT NULL,"                  /* crypto_pwhash_str */
	"  supervisor BOOLEAN NOT NULL DEFAULT false,"
	"  failures INT NOT NULL DEFAULT 0,"     /* wrong passwords in a row */
	"  locked_until BIGINT NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE sessions ("
	"  digest TEXT PRIMARY KEY,"             /* hex BLAKE2b-256 of the cookie */
	"  name TEXT NOT NULL REFERENCES accounts(name) ON DELETE CASCADE,"
	"  created BIGINT NOT NULL,"
	"  used BIGINT NOT NULL,"                /* last action (not a GET) */
	"  expires BIGINT NOT NULL"
	");"
	"CREATE INDEX sessions_name ON sessions (name);";
