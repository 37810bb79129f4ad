#!/usr/bin/env bash
# Dossier lists: a city's list of 50,000 rows imported by the
# command line (wall time and peak memory from /usr/bin/time -v, a first
# import and a replacing one) and by HTTP; then look-ups under wrk with 64
# connections: 30 kiosks paced to stay under [dossiers] rate = 600 (the
# highest allowed) so every answer is a real look-up - p50/p99 - and one
# more kiosk flooding, to show what a walker gets (600 answers, then 429s).
# Also: tickets issued one after another while the list is imported again
# over HTTP - their count, p50, p99 and longest wait (ONLY_ISSUE=1: stop there).
#   BUILD=build bench/bench_dossiers.sh [ROWS=50000] [SECONDS=10]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
ROWS=${1:-50000}
SECS=${2:-10}
pkgs="wrk time curl"
[ -z "${ONLY_ISSUE:-}" ] || pkgs="time curl"
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || {
		echo "installing $p" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null
	}
done
T=$(mktemp -d)
SP=
cleanup() { [ -n "$SP" ] && kill "$SP" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"; }
trap cleanup EXIT
figures() { # the wrk output -> one line
	awk -v what="$1" '/Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "90%" { p90 = $2 }
	     $1 == "99%" { p99 = $2 } /requests in/ { total = $1 } /Non-2xx/ { bad = $NF }
	     END { printf "  %s req/s, p50 %s, p90 %s, p99 %s; %d requests: %d answered 200, %d %s\n",
		   rps, p50, p90, p99, total, total - bad, bad, what }' "$T/wrk"
}

{
	cat <<CONF
[station]
id = BENCH
name_vi = Trạm đo
[queue]
sync = full
[server]
listen = 127.0.0.1:0
staff.desk = bench-staff-token-000000000
$(for k in $(seq -w 1 31); do echo "kiosk.k$k = bench-kiosk-token-0000000$k"; done)
[dossiers]
secret = $T/dossiers.key
rate = 600
# a bench is not a lobby: the daily cap (default 300) would end it in seconds
rate_day = 100000
[service.TRATHE]
prefix = D
name_vi = Nhận thẻ
[service.TICHHOP]
prefix = E
name_vi = Tích hợp
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
[service.DCHINH]
prefix = O
name_vi = Điều chỉnh
CONF
	sed -n '/^\[dossier\./,$p' "$ROOT/kiosk.conf"
} > "$T/kiosk.conf"

# a list as staff get it: code, a name, an ID number, status, a note, a date
# (LEAN=1: without the name and the ID number, so 500,000 rows fit 32 MB)
awk -v n="$ROWS" -v lean="${LEAN:-}" 'BEGIN {
	split("PROCESSING READY MISMATCH UNDELIVERED POSTED REFUSED", st, " ")
	print lean ? "ma_ho_so,trang_thai,ghi_chu,ngay" : "ma_ho_so,ho_ten,so_cccd,trang_thai,ghi_chu,ngay"
	srand(8)
	for (i = 1; i <= n; i++) {
		s = st[1 + int(rand() * 6)]
		note = rand() < 0.3 ? "\"Quầy " int(rand() * 5 + 1) ", mang giấy hẹn\"" : ""
		who = lean ? "" : sprintf("Người Thử %d,0000%08d,", i, i)
		printf "DA-2611-%06d,%s%s,%s,2026-%02d-%02d\n", i, who, s, note,
			int(rand() * 12) + 1, int(rand() * 28) + 1
	}
}' > "$T/list.csv"
echo "list: $ROWS rows, $(stat -c %s "$T/list.csv") bytes"

import_cli() { # label
	/usr/bin/time -v "$BUILD/station-server" --config "$T/kiosk.conf" --db "$T/q.db" \
		dossiers import "$T/list.csv" > "$T/imp.out" 2> "$T/imp.time"
	printf '%-34s %6.2f s   peak RSS %6.1f MB   (%s)\n' "$1" \
		"$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$T/imp.time")" \
		"$(awk -F': ' '/Maximum resident set size/ { print $2 / 1024 }' "$T/imp.time")" \
		"$(head -c 60 "$T/imp.out")"
}
import_cli "import, new database (CLI)"
import_cli "import replacing the list (CLI)"
echo "database: $(stat -c %s "$T/q.db") bytes + WAL $(stat -c %s "$T/q.db-wal" 2>/dev/null || echo 0)"

"$BUILD/station-server" --config "$T/kiosk.conf" --db "$T/q.db" > "$T/out" 2> /dev/null & SP=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
U=http://127.0.0.1:$PORT/api/v1
curl -s -o "$T/http.out" -w '%{http_code} %{time_total}\n' -H 'Authorization: Bearer bench-staff-token-000000000' \
	-H 'Content-Type: text/csv' --data-binary "@$T/list.csv" "$U/dossiers/import" > "$T/http.code"
printf '%-34s %6.2f s   (HTTP %s, %s)\n' "import replacing the list (HTTP)" "$(cut -d' ' -f2 "$T/http.code")" \
	"$(cut -d' ' -f1 "$T/http.code")" "$(head -c 40 "$T/http.out")"

# tickets issued one after another while the list is imported again by HTTP:
# how long the longest waited (the import used to hold sqlite's
# write lock for its whole length, 3.8 s for 500,000 rows)
curl -s -o "$T/http2.out" -w '%{http_code} %{time_total}\n' -H 'Authorization: Bearer bench-staff-token-000000000' \
	-H 'Content-Type: text/csv' --data-binary "@$T/list.csv" "$U/dossiers/import" > "$T/http2.code" & IMP=$!
: > "$T/issue.ms"
while kill -0 $IMP 2> /dev/null; do
	curl -s -o /dev/null -w '%{time_total}\n' -X POST -H 'Authorization: Bearer bench-staff-token-000000000' \
		-d '{"service":"CAPMOI"}' "$U/tickets" >> "$T/issue.ms"
done
wait $IMP
sort -n "$T/issue.ms" | awk -v imp="$(cut -d' ' -f2 "$T/http2.code")" '{ v[NR] = $1 * 1000 }
	END { p99 = int(NR * 0.99) + 1; if (p99 > NR) p99 = NR
	      printf "tickets issued during an HTTP import (%.2f s): %d, p50 %.0f ms, p99 %.0f ms, longest %.0f ms\n",
	      imp, NR, v[int(NR * 0.5) + 1], v[p99], v[NR] }'
[ -n "${ONLY_ISSUE:-}" ] && exit 0

# each thread's 32 connections take turns over 15 kiosks: a pause per
# request keeps each kiosk under 540 look-ups in the run (rate is 600 a minute)
DELAY_MS=$(( (SECS * 32000 + 8099) / 8100 ))
cat > "$T/paced.lua" <<LUA
-- a random code of the list each time; kiosks 1-30 in turn
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end
function init(args)
	math.randomseed(tid * 7919)
	n = 0
end
request = function()
	n = n + 1
	local k = (n % 15) * 2 + tid
	local path = string.format("/api/v1/dossiers/lookup?code=DA-2611-%06d", math.random(1, $ROWS))
	return wrk.format("GET", path, { ["Authorization"] = string.format("Bearer bench-kiosk-token-0000000%02d", k) })
end
function delay()
	return $DELAY_MS
end
LUA
wrk -t2 -c64 -d${SECS}s --latency -s "$T/paced.lua" "http://127.0.0.1:$PORT" > "$T/wrk" 2>&1
echo "look-ups, 64 connections, 30 kiosks, ${DELAY_MS} ms between a connection's requests, ${SECS} s:"
figures "not 200"

cat > "$T/flood.lua" <<'LUA'
request = function()
	return wrk.format("GET", "/api/v1/dossiers/lookup?code=DA-2611-000001",
		{ ["Authorization"] = "Bearer bench-kiosk-token-000000031" })
end
LUA
wrk -t2 -c64 -d5s --latency -s "$T/flood.lua" "http://127.0.0.1:$PORT" > "$T/wrk" 2>&1
echo "one more kiosk flooding, 64 connections, 5 s:"
figures "refused (429)"
echo "server peak RSS: $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' /proc/$SP/status)"
