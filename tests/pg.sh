# tests/pg.sh - a throwaway PostgreSQL for the hub's tests; source it after
# tests/lib.sh.  Debian's own server binaries (package postgresql), a new
# cluster in a temporary folder made by initdb, run by pg_ctl as an
# unprivileged user (nobody, when the test runs as root), listening on a
# Unix socket in that folder only (no TCP port); removed at exit.
#
#   pg_start       sets PGDIR and HUB_DB (a libpq connection string for the
#                  database "hub", user "hub")
#   pg_restart     a clean restart (pg_ctl restart -m fast)
#   pg_kill        kill -9 of the postmaster, then start again (crash recovery)
#   pg_stop        stop it (the exit does that too)
#   pg_psql SQL    one query's answer, unaligned, no headers
PGB=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
PGDIR=

pg_as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

pg_up() { # pg_ctl -w: returns once the server accepts connections
	pg_as "$PGB/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 120 \
		-o "-k $PGDIR -c listen_addresses='' -c fsync=off -c full_page_writes=off" start \
		> /dev/null
}

pg_start() {
	[ -x "$PGB/initdb" ] || { echo "pg.sh: PostgreSQL's server is not installed" >&2; return 1; }
	PGDIR=$(mktemp -d /tmp/kiosk-pg.XXXXXX)
	[ "$(id -u)" = 0 ] && chown nobody:nogroup "$PGDIR"
	pg_as "$PGB/initdb" -D "$PGDIR/data" -U hub --auth=trust -E UTF8 --locale=C.UTF-8 \
		> "$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; return 1; }
	pg_up || { cat "$PGDIR/log" >&2; return 1; }
	psql -X -q -h "$PGDIR" -U hub -d postgres -c 'CREATE DATABASE hub' > /dev/null || return 1
	HUB_DB="host=$PGDIR user=hub dbname=hub"
	trap 'pg_stop; cleanup' EXIT
}

pg_psql() { psql -X -q -A -t -h "$PGDIR" -U hub -d hub -c "$1"; }

pg_restart() {
	pg_as "$PGB/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 120 -m fast restart \
		-o "-k $PGDIR -c listen_addresses='' -c fsync=off -c full_page_writes=off" > /dev/null
}

pg_kill() {
	local pid
	pid=$(head -1 "$PGDIR/data/postmaster.pid")
	kill -9 "$pid"
	# the children leave when their postmaster is gone; the socket's lock file
	# is stale then and pg_ctl start takes over
	while kill -0 "$pid" 2> /dev/null; do sleep 0.05; done
	pg_up
}

pg_stop() {
	[ -n "$PGDIR" ] || return 0
	pg_as "$PGB/pg_ctl" -D "$PGDIR/data" -m immediate -w stop > /dev/null 2>&1
	rm -rf "$PGDIR"
	PGDIR=
}
