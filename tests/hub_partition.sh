#!/usr/bin/env bash
# Stations -> hub store and forward under partitions (issue 21): three
# station-servers (real processes, their own kiosk.conf and database, [hub]
# url to one hub) issue and call tickets over the HTTP API while the hub is
# killed -9 and started again, PostgreSQL restarted, then crashed.  Every
# issue and call is answered (200/201) whatever the hub does: the lobby
# never waits on it.  At the end the hub has each station's events exactly:
# the same rows per day and kind as the station's own queue_events, none
# twice; the stations' forwarding state says nothing is left; and nothing
# personal (client refs, tokens, the staff's account) is in the hub's dump.
# Every wait is on an event (a log line, a count polled with a bound only
# the failure path reaches), never a sleep for time to pass.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
. "$(dirname "$0")/hub_lib.sh"
STATIONS="ST-1 ST-2 ST-3"

pg_start || { echo "hub_partition: no PostgreSQL"; exit 1; }
hub_conf || bad "migrate"
hub_up || { bad "the hub did not start: $(cat "$T/hub.err")"; exit 1; }
# the same port after each restart: the stations' [hub] url names it
sed -i "s/^listen = .*/listen = 127.0.0.1:$HPORT/" "$T/hub.conf"

declare -A PORT SPID
for st in $STATIONS; do
	tok=$("$H" --config "$T/hub.conf" station add "$st" 2> /dev/null)
	mkdir -p "$T/$st"
	{
		printf '[station]\nid = %s\nname_vi = Trạm %s\n[queue]\nsync = normal\n' "$st" "$st"
		printf '[server]\nlisten = 127.0.0.1:0\nkiosk.lobby-1 = kiosk-token-%s-aaaaaaaa\n' "$st"
		printf 'staff.counter-1 = staff-token-%s-bbbbbbbb\n' "$st"
		printf '[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\nhours = 00:00-24:00\ndays = mon-sun\n'
		printf '[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi\nhours = 00:00-24:00\ndays = mon-sun\n'
		printf '[counter.1]\nservices = CAPMOI, CAPDOI\n[counter.2]\nservices = CAPMOI, CAPDOI\n'
		printf '[hub]\nurl = http://127.0.0.1:%s\ntoken = %s\ninterval = 1\nbatch = 25\n' "$HPORT" "$tok"
	} > "$T/$st/kiosk.conf"
	"$S" --config "$T/$st/kiosk.conf" --db "$T/$st/q.db" > "$T/$st/out" 2> "$T/$st/err" &
	SPID[$st]=$!
	for _ in $(seq 300); do grep -q listening "$T/$st/out" && break; sleep 0.1; done # failure path only
	PORT[$st]=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/$st/out")
	[ -n "${PORT[$st]}" ] && ok || bad "$st did not start: $(cat "$T/$st/err")"
done
stop_all() {
	for st in $STATIONS; do kill "${SPID[$st]}" 2> /dev/null; done
	[ -n "$HP" ] && kill -9 "$HP" 2> /dev/null
	pg_stop; cleanup
}
trap stop_all EXIT

# work ROUND: at each station 12 tickets issued (two services) and 8 called
# and finished at two counters, a device report; every answer checked
answers=0
work() {
	for st in $STATIONS; do
		local u=http://127.0.0.1:${PORT[$st]}/api/v1 k="Authorization: Bearer kiosk-token-$st-aaaaaaaa"
		local s="Authorization: Bearer staff-token-$st-bbbbbbbb" code
		for i in $(seq 12); do
			svc=CAPMOI; [ $((i % 3)) = 0 ] && svc=CAPDOI
			code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST -H "$k" \
				-d "{\"service\":\"$svc\",\"client_ref\":\"lobby-1:r$1-$i\"}" "$u/tickets")
			[ "$code" = 201 ] && answers=$((answers + 1)) || bad "$st round $1: issue answered $code"
		done
		for i in $(seq 4); do
			for c in 1 2; do
				code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST -H "$s" "$u/counters/$c/next")
				[ "$code" = 200 ] || bad "$st round $1: next at $c answered $code"
				code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST -H "$s" "$u/counters/$c/done")
				[ "$code" = 200 ] || bad "$st round $1: done at $c answered $code"
			done
		done
		code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST -H "$k" \
			-d "{\"printer\":\"$([ $(($1 % 2)) = 0 ] && echo ok || echo paper_low)\",\"pending\":0}" \
			"$u/devices/status")
		[ "$code" = 200 ] || [ "$code" = 204 ] || bad "$st: device report answered $code"
	done
}

seq_of() { sqlite3 "$T/$1/q.db" 'SELECT COALESCE(MAX(seq), 0) FROM queue_events'; }
hub_seq() { pg_psql "SELECT COALESCE(MAX(seq), 0) FROM events WHERE station = '$1'" 2> /dev/null; }
# caught_up: until the hub has every station's newest event (60 s: failure path only)
caught_up() {
	for st in $STATIONS; do
		want=$(seq_of "$st")
		for _ in $(seq 600); do [ "$(hub_seq "$st")" = "$want" ] && break; sleep 0.1; done
		[ "$(hub_seq "$st")" = "$want" ] || { bad "$1: $st at $(hub_seq "$st") of $want"; return 1; }
	done
	ok
}

work 1
caught_up "with the hub up"
kill -9 "$HP"; wait "$HP" 2> /dev/null; HP=
work 2                                     # the hub is gone: the lobby goes on
work 3
for st in $STATIONS; do                    # the stations know
	for _ in $(seq 300); do grep -q 'hub: the hub did not answer' "$T/$st/err" && break; sleep 0.1; done
	grep -q 'hub: the hub did not answer' "$T/$st/err" && ok || bad "$st did not say the hub is away"
	[ "$(grep -c 'hub: the hub did not answer' "$T/$st/err")" = 1 ] && ok ||
		bad "$st logged the same failure at every retry"
done
"$S" --config "$T/ST-1/kiosk.conf" --db "$T/ST-1/q.db" hub status > "$T/status" 2>&1
grep -q 'not sent yet' "$T/status" && grep -q 'last error: the hub did not answer' "$T/status" &&
	ok || bad "hub status while away: $(cat "$T/status")"
hub_up || bad "the hub did not start again"
pg_restart                                 # PostgreSQL restarted while the stations catch up
work 4
caught_up "after the hub's kill and PostgreSQL's restart"
pg_as "$PGB/pg_ctl" -D "$PGDIR/data" -m immediate -w stop > /dev/null   # PostgreSQL away
work 5
pg_up
work 6
pg_kill                                    # crashed, and back
work 7
caught_up "after PostgreSQL's stop and crash"

# the hub's counts per station, day and kind equal the station's own
for st in $STATIONS; do
	mine=$(sqlite3 -separator ' ' "$T/$st/q.db" "SELECT e.kind, COUNT(*) FROM queue_events e GROUP BY e.kind ORDER BY e.kind")
	hubs=$(pg_psql "SELECT kind || ' ' || COUNT(*) FROM events WHERE station = '$st' GROUP BY kind ORDER BY kind")
	[ "$mine" = "$hubs" ] && ok || bad "$st: station's $(echo $mine) != hub's $(echo $hubs)"
	n=$(sqlite3 "$T/$st/q.db" 'SELECT COUNT(*) FROM queue_events')
	[ "$(pg_psql "SELECT COUNT(*) FROM events WHERE station = '$st'")" = "$n" ] && ok || bad "$st: rows"
	# per day and kind (issued, called, done ...): the tickets' events
	t=$(sqlite3 -separator ' ' "$T/$st/q.db" "SELECT t.day, e.kind, COUNT(*) FROM queue_events e
		JOIN tickets t ON t.id = e.ticket GROUP BY 1, 2 ORDER BY 1, 2")
	[ "$(pg_psql "SELECT day || ' ' || kind || ' ' || COUNT(*) FROM events WHERE station = '$st'
		AND number <> '' GROUP BY day, kind ORDER BY day, kind")" = "$t" ] &&
		ok || bad "$st: per day and kind: $(echo $t)"
	[ "$(pg_psql "SELECT COUNT(*) FROM events WHERE station = '$st' AND kind = 'issued'")" = \
	  "$(sqlite3 "$T/$st/q.db" 'SELECT COUNT(*) FROM tickets')" ] && ok || bad "$st: tickets"
	[ "$(pg_psql "SELECT COUNT(*) FROM devices WHERE station = '$st'")" = 1 ] && ok || bad "$st: devices"
	"$S" --config "$T/$st/kiosk.conf" --db "$T/$st/q.db" hub status > "$T/status" 2>&1
	grep -q ', 0 not sent yet)' "$T/status" && ok || bad "$st: hub status $(cat "$T/status")"
done
[ "$answers" = $((7 * 3 * 12)) ] && ok || bad "issues answered: $answers"
echo "hub_partition: $(pg_psql 'SELECT COUNT(*) FROM events') events at the hub, $answers tickets issued"

# nothing personal: no client ref, no token, no staff account in the hub's dump
pg_as pg_dump -h "$PGDIR" -U hub hub > "$T/dump.sql" 2> /dev/null || pg_dump -h "$PGDIR" -U hub hub > "$T/dump.sql"
[ -s "$T/dump.sql" ] && ok || bad "no dump"
grep -E 'lobby-1:r|kiosk-token|staff-token|counter-1' "$T/dump.sql" && bad "personal data at the hub" || ok
finish hub_partition
