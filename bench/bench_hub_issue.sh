#!/usr/bin/env bash
# Does a station wait on its hub?  POST /api/v1/tickets under wrk (SECS s at
# c=1 and c=8) on one station server, three ways: no [hub] at all; the hub
# up (the forwarder sends the tickets' events as they come); the hub killed
# -9 (the forwarder's tries fail and back off).  Prints req/s and p50/p99 of
# each.  A throwaway PostgreSQL (tests/pg.sh), kiosk-hub and wrk.
#   BUILD=build bench/bench_hub_issue.sh      (SECS=10 in the environment)
# A run (2026-12-04, this 2-core machine; hub, PostgreSQL and wrk on it too),
# [queue] sync = full:
#   no hub          c=1 1013 req/s p50 0.95 ms p99 3.44 ms; c=8 2076 req/s p50 3.69 p99 7.63
#   hub up          c=1  996 req/s p50 0.86 ms p99 3.06 ms; c=8 1514 req/s p50 5.07 p99 9.09
#   hub killed -9   c=1 1024 req/s p50 0.94 ms p99 2.85 ms; c=8 2139 req/s p50 3.66 p99 6.08
# With the hub down nothing changes; with it up and the forwarder sending
# the tickets' events as they come, c=8 loses a quarter of its rate here,
# where the hub, PostgreSQL and the forwarder share the same two cores.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
S=$BUILD/station-server
H=$BUILD/kiosk-hub
SECS=${SECS:-10}
T=$(mktemp -d)
HP= SP=
cleanup() { kill $HP $SP 2> /dev/null || true; rm -rf "$T"; }
. "$ROOT/tests/pg.sh"
pg_start
printf '[hub]\nlisten = 127.0.0.1:0\ndatabase = %s\npool = 4\n' "$HUB_DB" > "$T/hub.conf"
"$H" --config "$T/hub.conf" migrate > /dev/null 2>&1
TOK=$("$H" --config "$T/hub.conf" station add BENCH 2> /dev/null)
hub_up() {
	"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2> /dev/null & HP=$!
	for _ in $(seq 300); do grep -q listening "$T/hub.out" && break; sleep 0.1; done
	HPORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/hub.out")
}
hub_up
conf() { # conf HUB_URL
	cat <<CONF
[station]
id = BENCH
name_vi = Trạm đo
[queue]
sync = full
[server]
listen = 127.0.0.1:0
kiosk.lobby = bench-kiosk-token-000000000
$(for s in A B C; do printf '[service.S%s]\nprefix = %s\nname_vi = Dịch vụ %s\nhours = 00:00-24:00\ndays = mon-sun\n' $s $s $s; done)
[counter.1]
services = SA, SB, SC
CONF
	[ -z "$1" ] || printf '[hub]\nurl = %s\ntoken = %s\ninterval = 1\n' "$1" "$TOK"
}
cat > "$T/post.lua" <<'LUA'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) counter = 0; run = os.time() .. math.random(1000000) end
request = function()
	counter = counter + 1
	local body = string.format('{"service":"SB","client_ref":"lobby:%s-%d-%d"}', run, tid, counter)
	return wrk.format("POST", nil, { ["Authorization"] = "Bearer bench-kiosk-token-000000000" }, body)
end
LUA
measure() { # measure LABEL HUB_URL
	rm -f "$T/q.db"*
	conf "$2" > "$T/kiosk.conf"
	"$S" --config "$T/kiosk.conf" --db "$T/q.db" > "$T/out" 2> "$T/err" & SP=$!
	for _ in $(seq 100); do grep -q listening "$T/out" && break; sleep 0.1; done
	local port c
	port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
	for c in 1 8; do
		wrk -t1 -c$c -d${SECS}s --latency -s "$T/post.lua" "http://127.0.0.1:$port/api/v1/tickets" > "$T/wrk" 2>&1
		printf '%-34s c=%s %9s req/s  p50 %8s  p99 %8s\n' "$1" "$c" \
			"$(awk '/Requests\/sec/ { print $2 }' "$T/wrk")" "$(awk '$1 == "50%" { print $2 }' "$T/wrk")" \
			"$(awk '$1 == "99%" { print $2 }' "$T/wrk")"
	done
	kill "$SP"; wait "$SP" 2> /dev/null || true; SP=
}
measure "no hub" ""
measure "hub up, forwarding as it comes" "http://127.0.0.1:$HPORT"
echo "  (at the hub: $(pg_psql "SELECT count(*) FROM events WHERE station = 'BENCH'") events)"
kill -9 "$HP"; wait "$HP" 2> /dev/null || true; HP=
measure "hub killed -9" "http://127.0.0.1:$HPORT"
