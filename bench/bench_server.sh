#!/usr/bin/env bash
# The station server under wrk on loopback: requests/s and p99 for
# GET /api/v1/queue and POST /api/v1/tickets at 1, 8 and 64 connections,
# beside nginx serving a static file of the same size (the ceiling for plain
# HTTP on this machine); then staff "next" -> a kiosk listening as the
# kiosk's follower does (bench-notify: ksync's long-poll) told, p50/p99 over
# N calls.  The reads again on a day of 12,000 tickets (written through the
# engine by bench-day before a second server starts on it: 30 waiting, the
# rest served), as a share of the fresh day's rate.
#   bench/bench_server.sh [SECONDS_PER_RUN=5] [CALLS=1000]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-5}
CALLS=${2:-1000}
for p in wrk nginx-light curl; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null
done
T=$(mktemp -d)
cleanup() { kill "$SP" ${SP2:-} 2>/dev/null || true; nginx -p "$T" -c "$T/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
"$ROOT/build/kioskctl" booking keygen --out "$T/bk" > /dev/null
cat > "$T/kiosk.conf" <<CONF
[station]
id = BENCH
name_vi = Trạm đo
[queue]
sync = normal
[booking]
key.K1 = $(cat "$T/bk.pub")
signing_key = $T/bk.key
signing_kid = K1
days_ahead = 90
[server]
listen = 127.0.0.1:0
kiosk.lobby = bench-kiosk-token-000000000
staff.desk = bench-staff-token-000000000
booking.zalo = bench-booking-token-0000000
$(for s in A B C D E G H; do printf '[service.S%s]\nprefix = %s\nname_vi = Dịch vụ %s\nhours = 00:00-24:00\ndays = mon-sun\nslot_minutes = 30\nslot_capacity = 100\n' $s $s $s; done)
[counter.1]
services = SA, SB, SC, SD, SE, SG, SH
[counter.2]
services = SA, SB
[counter.3]
services = SC
CONF
"$ROOT/build/station-server" --config "$T/kiosk.conf" --db "$T/q.db" > "$T/out" 2> /dev/null & SP=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
U=http://127.0.0.1:$PORT/api/v1
K='Authorization: Bearer bench-kiosk-token-000000000'
S='Authorization: Bearer bench-staff-token-000000000'
for i in $(seq 30); do curl -s -o /dev/null -X POST -H "$K" -d "{\"service\":\"SA\"}" "$U/tickets"; done
curl -s -H "$K" "$U/queue" > "$T/queue.json"
mkdir -p "$T/www" "$T/logs"
cp "$T/queue.json" "$T/www/queue.json"
cat > "$T/nginx.conf" <<NGINX
worker_processes 2;
pid $T/nginx.pid;
error_log $T/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	server { listen 127.0.0.1:18081; root $T/www; default_type application/json; }
}
NGINX
nginx -p "$T" -c "$T/nginx.conf"
cat > "$T/post.lua" <<'LUA'
-- every request a new ticket: client_ref = run, thread, counter
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
function init(args)
	counter = 0
	run = os.time()
end
request = function()
	counter = counter + 1
	local body = string.format('{"service":"SB","client_ref":"lobby:%d-%d-%d"}', run, tid, counter)
	return wrk.format("POST", nil, { ["Authorization"] = "Bearer bench-kiosk-token-000000000" }, body)
end
LUA
cat > "$T/book.lua" <<'LUA'
-- every request books a place in the next of 4,320 slots (90 days of 48)
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
function init(args)
	counter = 0
	base = (math.floor((os.time() + 7 * 3600) / 86400) + 1) * 86400 -- tomorrow, Vietnam
end
request = function()
	counter = counter + 1
	local slot = os.date("!%Y-%m-%dT%H:%M", base + ((counter * 7 + tid) % 4320) * 1800)
	local body = string.format('{"service":"SA","slot":"%s"}', slot)
	return wrk.format("POST", nil, { ["Authorization"] = "Bearer bench-booking-token-0000000" }, body)
end
LUA
run() { # label conns args... -> "N req/s, p99 X"
	local label=$1 c=$2; shift 2
	local th=$(( c < 2 ? 1 : 2 ))
	wrk -t$th -c$c -d${SECS}s --latency "$@" > "$T/wrk" 2>&1
	printf '%-28s c=%-3s %10s req/s  p99 %s\n' "$label" "$c" \
		"$(awk '/Requests\/sec/ { print $2 }' "$T/wrk")" "$(awk '$1 == "99%" { print $2 }' "$T/wrk")"
}
echo "payload: $(wc -c < "$T/queue.json") bytes of JSON"
# reads first, on a day of 30 tickets; the writes below add thousands
for c in 1 8 64; do
	run "nginx static (ceiling)" $c "http://127.0.0.1:18081/queue.json"
	ceiling=$(awk '/Requests\/sec/ { print $2 }' "$T/wrk")
	run "GET /api/v1/queue" $c -H "$K" "$U/queue"
	ours=$(awk '/Requests\/sec/ { print $2 }' "$T/wrk")
	eval "fresh_$c=$ours"
	echo "                                   = $(awk -v a="$ours" -v b="$ceiling" 'BEGIN { printf "%.1f%%", 100 * a / b }') of nginx"
done
E=$(curl -s -D - -o /dev/null -H "$K" "$U/queue" | sed -n 's/^etag: *//Ip' | tr -d '\r')
run "GET /api/v1/queue, 304" 8 -H "$K" -H "If-None-Match: $E" "$U/queue"
# the same reads on a day of 12,000 tickets, made before its server starts
"$ROOT/build/bench-day" "$T/kiosk.conf" "$T/day.db" 12000 30
"$ROOT/build/station-server" --config "$T/kiosk.conf" --db "$T/day.db" > "$T/out2" 2> /dev/null & SP2=$!
for _ in $(seq 50); do grep -q listening "$T/out2" && break; sleep 0.1; done
U2=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out2")/api/v1
echo "a day of $(sqlite3 "$T/day.db" 'SELECT count(*) FROM tickets') tickets: $(wc -c < <(curl -s -H "$K" "$U2/queue")) bytes of JSON"
for c in 1 8 64; do
	run "GET /api/v1/queue, 12,000" $c -H "$K" "$U2/queue"
	ours=$(awk '/Requests\/sec/ { print $2 }' "$T/wrk")
	echo "                                   = $(awk -v a="$ours" -v b="$(eval echo \$fresh_$c)" 'BEGIN { printf "%.2f", a / b }')x the fresh day"
done
kill "$SP2"
for c in 1 8 64; do
	run "POST /api/v1/tickets" $c -s "$T/post.lua" "$U/tickets"
done
# reads while tickets are issued: the snapshot is written again after each
# commit, on its own connection, never behind the writers' lock
wrk -t1 -c8 -d${SECS}s --latency -s "$T/post.lua" "$U/tickets" > "$T/wrk-post" 2>&1 & WP=$!
run "GET /api/v1/queue, POSTs c=8" 8 -H "$K" "$U/queue"
wait "$WP"
echo "                                   (POSTs meanwhile: $(awk '/Requests\/sec/ { print $2 }' "$T/wrk-post") req/s, p99 $(awk '$1 == "99%" { print $2 }' "$T/wrk-post"))"
issued=$(curl -s -H "$S" "$U/tickets" | grep -o '"number"' | wc -l)
echo "tickets issued: $issued"
[ "$issued" -gt 100 ] || { echo "bench_server: the POSTs issued nothing: refused?" >&2; exit 1; }
run "GET /api/v1/queue, busy day" 8 -H "$K" "$U/queue"
for c in 1 8 64; do
	run "POST /api/v1/bookings" $c -s "$T/book.lua" "$U/bookings"
done
echo "bookings made: $(sqlite3 "$T/q.db" 'SELECT count(*) FROM bookings'), none over a slot's capacity: $(sqlite3 "$T/q.db" 'SELECT count(*) FROM (SELECT slot FROM bookings GROUP BY service, slot HAVING count(*) > 100)') over"
# staff next -> a kiosk told, the way the kiosk's follower listens
"$ROOT/build/bench-notify" "http://127.0.0.1:$PORT" bench-kiosk-token-000000000 \
	bench-staff-token-000000000 SC 3 "$CALLS"
