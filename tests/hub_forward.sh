#!/usr/bin/env bash
# A station's closed days and ratings forwarded to the hub (server/
# hub_fwd_days.c): a demo day (bookings, staff at the counters, ratings)
# is aggregated by the station server's upkeep and forwarded; the hub then
# has the station's day (tickets, every cell's counts), every rating with
# its chain linked, staff only as pseudonyms ([hub] staff_ids = pseudonym,
# keyed by the [dossiers] secret): no staff name, no booking id, no
# receipt code anywhere in the hub's dump.  Then a hub refusing the token
# is logged once, and 'hub status' shows the error.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
. "$(dirname "$0")/hub_lib.sh"

pg_start || { echo "hub_forward: no PostgreSQL"; exit 1; }
hub_conf || bad "migrate"
tok=$("$H" --config "$T/hub.conf" station add DEMO 2> /dev/null)
hub_up || { bad "the hub did not start: $(cat "$T/hub.err")"; exit 1; }
trap 'kill "$HP" 2> /dev/null; pg_stop; cleanup' EXIT

head -c 32 /dev/urandom > "$T/dossiers.key"; chmod 600 "$T/dossiers.key"
conf() { # conf TOKEN
	cat <<CONF
[station]
id = DEMO
name_vi = Công an phường Thử
[queue]
sync = normal
noshow = requeue
[server]
listen = 127.0.0.1:0
[dossiers]
secret = $T/dossiers.key
[service.CAPDOI]
prefix = H
name_vi = Cấp đổi
slot_minutes = 30
slot_capacity = 4
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
[counter.1]
services = CAPDOI, CAPMOI
[counter.2]
services = CAPDOI, CAPMOI
[hub]
url = http://127.0.0.1:$HPORT/
token = $1
interval = 1
batch = 20
staff_ids = pseudonym
CONF
}
conf "$tok" > "$T/kiosk.conf"
"$S" --config "$T/kiosk.conf" --db "$T/q.db" demo --date 2026-03-11 --tickets 120 --seed 7 \
	> /dev/null 2> "$T/demo.err" || bad "demo: $(cat "$T/demo.err")"
serve "$T/kiosk.conf" "$T/q.db" || { bad "the station did not start: $(cat "$T/err")"; exit 1; }
q() { sqlite3 "$T/q.db" "$1"; }

# the upkeep aggregates the demo day; the forwarder sends it and the ratings
for _ in $(seq 300); do [ "$(q 'SELECT count(*) FROM report_days')" -ge 1 ] && break; sleep 0.1; done
nr=$(q 'SELECT count(*) FROM ratings'); [ "$nr" -gt 20 ] && ok || bad "the demo has $nr ratings"
for _ in $(seq 600); do # 60 s: failure path only
	[ "$(pg_psql "SELECT count(*) FROM ratings")" = "$nr" ] &&
		[ "$(pg_psql "SELECT count(*) FROM day_heads")" = "$(q 'SELECT count(*) FROM report_days')" ] && break
	sleep 0.1
done
[ "$(pg_psql "SELECT count(*) FROM ratings WHERE station = 'DEMO'")" = "$nr" ] && ok || bad "ratings at the hub"
[ "$(pg_psql "SELECT string_agg(day || ':' || tickets, ',' ORDER BY day) FROM day_heads")" = \
  "$(q "SELECT group_concat(day || ':' || tickets, ',') FROM (SELECT * FROM report_days ORDER BY day)")" ] &&
	ok || bad "days at the hub"
sums="kind, service, hour, counter, sum(n), sum(served), sum(noshow), sum(waiting)"
[ "$(pg_psql "SELECT $sums FROM day_cells GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")" = \
  "$(q "SELECT $sums FROM report_cells GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")" ] && ok ||
	bad "the day's cells differ"
[ "$(pg_psql "SELECT sum(array_length(times, 1)) FROM day_cells")" = \
  "$(q 'SELECT sum(length(times)) / 4 FROM report_cells')" ] && ok || bad "the cells' times"
[ "$(pg_psql "SELECT count(*) FROM ratings a JOIN ratings b ON b.id = a.id + 1 AND b.prev <> a.hash")" = 0 ] &&
	ok || bad "the chain is not linked at the hub"
[ "$(pg_psql "SELECT hash FROM ratings ORDER BY id DESC LIMIT 1")" = \
  "$(q 'SELECT lower(hex(hash)) FROM ratings ORDER BY id DESC LIMIT 1')" ] && ok || bad "the chain's head"
[ "$(pg_psql "SELECT count(DISTINCT staff) FROM day_cells WHERE staff ~ '^[0-9a-f]{32}$'")" = \
  "$(q "SELECT count(DISTINCT staff) FROM report_cells WHERE staff <> ''")" ] && ok ||
	bad "staff pseudonyms: $(pg_psql 'SELECT DISTINCT staff FROM day_cells')"

# nothing personal at the hub
pg_dump -h "$PGDIR" -U hub hub > "$T/dump.sql" 2> "$T/dump.err" || bad "pg_dump: $(cat "$T/dump.err")"
for s in $(q "SELECT DISTINCT staff FROM visits WHERE staff <> ''") \
	 $(q "SELECT booking_id FROM tickets WHERE booking_id IS NOT NULL LIMIT 5") \
	 $(q "SELECT DISTINCT staff FROM ratings WHERE staff <> ''"); do
	grep -qw -- "$s" "$T/dump.sql" && bad "'$s' is at the hub" || ok
done
[ -n "$(q "SELECT booking_id FROM tickets WHERE booking_id IS NOT NULL LIMIT 1")" ] && ok ||
	echo "hub_forward: (the demo day has no booking id left to look for)"

# [hub] interval = 3600: a new event still goes at once (the forwarder
# wakes when the queue changes), not an hour later
kill "$SP"; wait "$SP" 2> /dev/null
conf "$tok" | sed -e 's/^interval = 1$/interval = 3600/' \
	-e 's/^listen = 127.0.0.1:0$/&\nkiosk.lobby-1 = kiosk-token-wake-aaaaaaaa/' \
	-e 's/^prefix = A$/&\nhours = 00:00-24:00\ndays = mon-sun/' > "$T/wake.conf"
serve "$T/wake.conf" "$T/q.db" || bad "the station did not start with interval 3600"
for _ in $(seq 300); do [ "$(pg_psql 'SELECT MAX(seq) FROM events')" = "$(q 'SELECT MAX(seq) FROM queue_events')" ] && break; sleep 0.1; done
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Authorization: Bearer kiosk-token-wake-aaaaaaaa' \
	-d '{"service":"CAPMOI"}' "$U/tickets")
[ "$code" = 201 ] && ok || bad "issue answered $code"
want=$(q 'SELECT MAX(seq) FROM queue_events')
for _ in $(seq 300); do [ "$(pg_psql 'SELECT MAX(seq) FROM events')" = "$want" ] && break; sleep 0.1; done # 30 s < 3600
[ "$(pg_psql 'SELECT MAX(seq) FROM events')" = "$want" ] && ok || bad "a new event waited for the interval"
kill "$SP"; wait "$SP" 2> /dev/null

# a token the hub refuses: said once, shown by 'hub status'
conf "wrong-token-xxxxxxxxxxxxxxxx" > "$T/kiosk2.conf"
serve "$T/kiosk2.conf" "$T/q.db" || bad "the station did not start again"
curl -s -o /dev/null -X POST "$U/tickets" # nothing needed: a round runs at start anyway
for _ in $(seq 300); do grep -q 'hub: the hub refused (HTTP 401)' "$T/err" && break; sleep 0.1; done
grep -q 'hub: the hub refused (HTTP 401): no station has this token' "$T/err" && ok ||
	bad "the refusal is not logged: $(grep hub "$T/err")"
for _ in $(seq 300); do "$S" --config "$T/kiosk2.conf" --db "$T/q.db" hub status 2>&1 | grep -q 'last tried' && break; done
"$S" --config "$T/kiosk2.conf" --db "$T/q.db" hub status > "$T/status" 2>&1
grep -q 'last error: the hub refused (HTTP 401)' "$T/status" && ok || bad "hub status: $(cat "$T/status")"

# [hub] url's checks: a kiosk.conf naming no usable hub is refused at start
conf "$tok" | sed 's|^url = .*|url = ftp://127.0.0.1:1|' > "$T/bad.conf"
"$S" --config "$T/bad.conf" --db "$T/q.db" hub status > /dev/null 2> "$T/bad.err" && bad "ftp:// taken" || ok
grep -q '\[hub\] url must be http://HOST:PORT' "$T/bad.err" && ok || bad "bad url: $(cat "$T/bad.err")"
conf "" > "$T/bad.conf"
"$S" --config "$T/bad.conf" --db "$T/q.db" hub status > /dev/null 2> "$T/bad.err" && bad "no token taken" || ok
grep -q '\[hub\] url is set but \[hub\] token is empty' "$T/bad.err" && ok || bad "no token: $(cat "$T/bad.err")"
finish hub_forward
