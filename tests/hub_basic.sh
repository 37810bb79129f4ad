#!/usr/bin/env bash
# kiosk-hub on a throwaway PostgreSQL (tests/pg.sh): migrate (twice: the
# second does nothing), stations and their tokens (only a hash kept; a new
# token replaces the old one), a station's token checked on its routes,
# hub.conf's mistakes named by line, and the hub outliving PostgreSQL's
# restart and crash (503 while it is away, answers again after).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
H=${KIOSK_HUB:?KIOSK_HUB names the kiosk-hub binary}

pg_start || { echo "hub_basic: no PostgreSQL"; exit 1; }
cat > "$T/hub.conf" <<CONF
[hub]
listen = 127.0.0.1:0
database = $HUB_DB
pool = 2
CONF

# hub.conf's mistakes
printf '[hub]\nlisten = 127.0.0.1:0\npool = 99\nflavour = mint\n[other]\nx = 1\n' > "$T/bad.conf"
"$H" --config "$T/bad.conf" migrate 2> "$T/bad.err" && bad "a bad hub.conf was taken" || ok
grep -q 'bad.conf:3: pool must be a whole number from 1 to 64' "$T/bad.err" && ok ||
	bad "pool's line: $(cat "$T/bad.err")"
grep -q 'bad.conf:4: flavour is not a key' "$T/bad.err" && ok || bad "unknown key: $(cat "$T/bad.err")"
grep -q 'bad.conf:6: \[other\] is not a section' "$T/bad.err" && ok ||
	bad "unknown section: $(cat "$T/bad.err")"
printf '[hub]\ndatabase = host=%s/nowhere user=hub dbname=hub\n' "$T" > "$T/nodb.conf"
"$H" --config "$T/nodb.conf" migrate 2> "$T/nodb.err" && bad "migrate without a database" || ok
grep -q 'PostgreSQL cannot be reached' "$T/nodb.err" && ok || bad "no database: $(cat "$T/nodb.err")"

# migrate, twice
v=$("$H" --config "$T/hub.conf" migrate 2> "$T/m.err") && ok || bad "migrate: $(cat "$T/m.err")"
[ "$("$H" --config "$T/hub.conf" migrate 2> /dev/null)" = "$v" ] && ok || bad "migrate again changed it"
[ "$(pg_psql 'SELECT count(*) FROM hub_schema')" -ge 1 ] && ok || bad "no schema rows"

# stations
tok=$("$H" --config "$T/hub.conf" station add DIAN-PC06 "Công an phường Dĩ An" 2> /dev/null)
[ ${#tok} -ge 30 ] && ok || bad "station add printed '$tok'"
"$H" --config "$T/hub.conf" station add 'bad id' 2> /dev/null && bad "a bad id taken" || ok
[ "$(pg_psql "SELECT count(*) FROM stations WHERE token_hash LIKE '%$tok%'")" = 0 ] && ok ||
	bad "the token is kept in clear"
"$H" --config "$T/hub.conf" station list | grep -q "^DIAN-PC06	Công an phường Dĩ An$" && ok ||
	bad "station list"

"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2> "$T/hub.err" & HP=$!
SP=$HP # lib.sh's cleanup stops it
for _ in $(seq 300); do grep -q listening "$T/hub.out" && break; sleep 0.1; done # failure path only
HU=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/hub.out")/api/v1
req "health" 200 '"status": *"ok"' -- "$HU/health"
req "whoami" 200 '"station": *"DIAN-PC06"' -- -H "Authorization: Bearer $tok" "$HU/whoami"
req "no token" 401 'unauthorized' -- "$HU/whoami"
req "wrong token" 401 'unauthorized' -- -H "Authorization: Bearer x$tok" "$HU/whoami"
tok2=$("$H" --config "$T/hub.conf" station add DIAN-PC06 2> /dev/null)
req "old token after a new one" 401 'unauthorized' -- -H "Authorization: Bearer $tok" "$HU/whoami"
req "new token" 200 'DIAN-PC06' -- -H "Authorization: Bearer $tok2" "$HU/whoami"
"$H" --config "$T/hub.conf" station list | grep -q "Công an phường Dĩ An" && ok ||
	bad "the name was lost when the token was renewed"

# PostgreSQL restarted, then crashed: the hub answers again without a restart
pg_restart
req "after PostgreSQL's restart" 200 'DIAN-PC06' -- -H "Authorization: Bearer $tok2" "$HU/whoami"
pg_as "$PGB/pg_ctl" -D "$PGDIR/data" -m immediate -w stop > /dev/null
req "PostgreSQL away" 503 'database_unavailable' -- "$HU/health"
pg_up
req "PostgreSQL back" 200 '"status": *"ok"' -- "$HU/health"
pg_kill
req "after PostgreSQL's crash" 200 'DIAN-PC06' -- -H "Authorization: Bearer $tok2" "$HU/whoami"
kill "$HP" && wait "$HP" && ok || bad "the hub did not stop cleanly on SIGTERM"
SP=
grep -i "token\b.*$tok2" "$T/hub.err" && bad "a token in the log" || ok
finish hub_basic
