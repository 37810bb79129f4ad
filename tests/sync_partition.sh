#!/usr/bin/env bash
# Two kiosks (kioskctl, the kiosk button's path) issue 300 tickets each
# while the station server is killed (-9) and started again at random
# moments, and once frozen (SIGSTOP) so that answers come too late.  After
# `kioskctl sync` on both: the server holds exactly 600 tickets, every
# printed number once, no number twice within a service and day, and
# PRAGMA integrity_check is ok on all three databases.
set -u
. "$(dirname "$0")/lib.sh"
K=$KC
N=${SYNC_TICKETS:-300}
cleanup() {
	[ -n "${SP:-}" ] && kill -CONT "$SP" 2>/dev/null && kill -9 "$SP" 2>/dev/null
	[ -n "${P1:-}" ] && kill "$P1" "$P2" 2>/dev/null
	[ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT

# a free port for the whole test: the kiosks' URL must not change
PORT=$((20000 + RANDOM % 30000))
while (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; do PORT=$((20000 + RANDOM % 30000)); done
cat > "$T/base.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
hours = 00:00-24:00
days = mon-sun
[service.CAPDOI]
prefix = B
name_vi = Cấp đổi
hours = 00:00-24:00
days = mon-sun
[counter.1]
services = CAPMOI, CAPDOI
CONF
cat "$T/base.conf" - > "$T/server.conf" <<CONF
[queue]
database = server.db
[server]
listen = 127.0.0.1:$PORT
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
band.lobby-1 = 601-799
kiosk.lobby-2 = kiosk-token-bbbbbbbbbbbb
band.lobby-2 = 800-999
staff.check = staff-token-cccccccccccc
CONF
for k in 1 2; do
	band=$([ $k = 1 ] && echo 601-799 || echo 800-999)
	tok=$([ $k = 1 ] && echo kiosk-token-aaaaaaaaaaaa || echo kiosk-token-bbbbbbbbbbbb)
	cat "$T/base.conf" - > "$T/k$k.conf" <<CONF
[sync]
server = http://127.0.0.1:$PORT
name = lobby-$k
token = $tok
outbox = k$k.db
issue_timeout = 400
timeout = 2
lease = 3
band = $band
CONF
done

start() {
	"$S" --config "$T/server.conf" >> "$T/server.log" 2>&1 & SP=$!
	for _ in $(seq 100); do
		curl -s -m 1 "http://127.0.0.1:$PORT/api/v1/health" > /dev/null && return 0
		sleep 0.05
	done
	bad "the server did not start: $(tail -3 "$T/server.log")"
}

# kiosk K issues N tickets, two services in turn; every number it printed
# goes to printed.K, every failure to failed.K
issuer() {
	local k=$1 svc
	for i in $(seq "$N"); do
		svc=$([ $((i % 3)) = 0 ] && echo CAPDOI || echo CAPMOI)
		"$K" --config "$T/k$k.conf" issue "$svc" >> "$T/printed.$k" 2>> "$T/issue.$k.log" ||
			echo "$i $svc exit $?: $(tail -1 "$T/issue.$k.log")" >> "$T/failed.$k"
	done
}

start
issuer 1 & P1=$!
issuer 2 & P2=$!
kills=0
while kill -0 "$P1" 2>/dev/null || kill -0 "$P2" 2>/dev/null; do
	sleep "0.$((RANDOM % 6 + 1))"
	if [ $((kills % 4)) = 3 ]; then
		kill -STOP "$SP"; sleep 0.$((RANDOM % 5 + 5)); kill -CONT "$SP"   # answers too late
	fi
	kill -9 "$SP" 2>/dev/null; wait "$SP" 2>/dev/null
	kills=$((kills + 1))
	sleep "0.$((RANDOM % 4))"
	start
done
wait "$P1" "$P2"
P1= P2=
echo "sync_partition: the server was killed $kills times"
[ "$kills" -ge 3 ] && ok || bad "only $kills kills: the issuers ran too fast to test anything"

for k in 1 2; do
	[ ! -s "$T/failed.$k" ] && ok || bad "kiosk $k could not issue: $(head -3 "$T/failed.$k")"
	[ "$(wc -l < "$T/printed.$k")" = "$N" ] && ok || bad "kiosk $k printed $(wc -l < "$T/printed.$k") numbers, wanted $N"
	out=$("$K" --config "$T/k$k.conf" sync 2>&1)
	[ $? = 0 ] && ok || bad "kioskctl sync on kiosk $k: $out"
	"$K" --config "$T/k$k.conf" sync-status | grep -q '^pending: 0$' && ok || bad "kiosk $k still has pending tickets"
done
offline=$(cat "$T"/issue.*.log 2>/dev/null | grep -c 'issued offline')
echo "sync_partition: $offline of $((2 * N)) tickets were issued offline"
[ "$offline" -gt 0 ] && ok || bad "no ticket was issued offline: the partition did not happen"

curl -s -H 'Authorization: Bearer staff-token-cccccccccccc' "http://127.0.0.1:$PORT/api/v1/tickets" |
	grep -o '"number":"[A-Z]*[0-9]*"' | cut -d'"' -f4 > "$T/server.list"
total=$(wc -l < "$T/server.list")
[ "$total" = $((2 * N)) ] && ok || bad "the server holds $total tickets, wanted $((2 * N))"
dups=$(sort "$T/server.list" | uniq -d) # the prefix names the service: one day, one list
[ -z "$dups" ] && ok || bad "numbers issued twice: $dups"
cat "$T/printed.1" "$T/printed.2" | sort > "$T/printed.all"
sort "$T/server.list" > "$T/server.numbers"
missing=$(comm -23 "$T/printed.all" "$T/server.numbers" | head -5)
[ -z "$missing" ] && ok || bad "printed but not at the server: $missing"
extra=$(comm -13 "$T/printed.all" "$T/server.numbers" | head -5)
[ -z "$extra" ] && ok || bad "at the server but never printed: $extra"
[ -z "$(uniq -d "$T/printed.all")" ] && ok || bad "a number was printed twice: $(uniq -d "$T/printed.all" | head -3)"

kill -9 "$SP"; wait "$SP" 2>/dev/null; SP=
for db in server.db k1.db k2.db; do
	[ "$(sqlite3 "$T/$db" 'PRAGMA integrity_check')" = ok ] && ok || bad "$db: integrity_check failed"
done

finish sync_partition
