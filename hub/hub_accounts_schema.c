/*
 * hub_accounts_schema.c - step 4 of the hub's schema (hub_schema.c): the
 * dashboard's accounts (Argon2id hashes, libsodium's crypto_pwhash_str)
 * and their login sessions (only a BLAKE2b digest of each cookie kept).
 */
#include "hub_schema.h"

/*
 * Also step 4: day_sums, one row per station and day with the day's
 * ticket counts and every ticket's wait in one array, kept by triggers on
 * day_cells (a station's day replaced whole: its old cells deleted, its
 * new inserted, each statement redoing the days it touched).  A 1-year
 * province report then reads 365 x stations rows instead of every cell
 * (hub_reports.c; figures in bench/bench_hub_reports.sh).
 */
#define DAY_SUMS \
	"CREATE TABLE day_sums (" \
	"  station TEXT NOT NULL," \
	"  day INT NOT NULL," \
	"  tickets BIGINT NOT NULL," \
	"  served BIGINT NOT NULL," \
	"  noshow BIGINT NOT NULL," \
	"  waits INT[] NOT NULL,"                /* seconds, in no order */ \
	"  PRIMARY KEY (station, day)" \
	");" \
	"CREATE INDEX day_sums_day ON day_sums (day, station);" \
	"CREATE FUNCTION day_sums_redo() RETURNS trigger LANGUAGE plpgsql AS $f$" \
	" BEGIN" \
	"  DELETE FROM day_sums s USING (SELECT DISTINCT station, day FROM changed) c" \
	"   WHERE s.station = c.station AND s.day = c.day;" \
	"  INSERT INTO day_sums (station, day, tickets, served, noshow, waits)" \
	"   SELECT d.station, d.day, sum(d.n), sum(d.served), sum(d.noshow)," \
	"    COALESCE((SELECT array_agg(w) FROM day_cells e, unnest(e.times) AS w" \
	"     WHERE e.station = d.station AND e.day = d.day AND e.kind = 'ticket'), '{}')" \
	"   FROM (SELECT DISTINCT station, day FROM changed) c" \
	"   JOIN day_cells d ON d.station = c.station AND d.day = c.day AND d.kind = 'ticket'" \
	"   GROUP BY d.station, d.day;" \
	"  RETURN NULL;" \
	" END $f$;" \
	"CREATE TRIGGER day_sums_ins AFTER INSERT ON day_cells REFERENCING NEW TABLE AS changed" \
	"  FOR EACH STATEMENT EXECUTE FUNCTION day_sums_redo();" \
	"CREATE TRIGGER day_sums_del AFTER DELETE ON day_cells REFERENCING OLD TABLE AS changed" \
	"  FOR EACH STATEMENT EXECUTE FUNCTION day_sums_redo();" \
	"CREATE TRIGGER day_sums_upd AFTER UPDATE ON day_cells REFERENCING NEW TABLE AS changed" \
	"  FOR EACH STATEMENT EXECUTE FUNCTION day_sums_redo();" \
	"INSERT INTO day_sums (station, day, tickets, served, noshow, waits)" \
	" SELECT station, day, sum(n), sum(served), sum(noshow)," \
	"  COALESCE((SELECT array_agg(w) FROM day_cells e, unnest(e.times) AS w" \
	"   WHERE e.station = d.station AND e.day = d.day AND e.kind = 'ticket'), '{}')" \
	" FROM day_cells d WHERE kind = 'ticket' GROUP BY station, day;"

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
	"CREATE INDEX sessions_name ON sessions (name);"
	DAY_SUMS;
