#!/usr/bin/env bash
# How long a wrong login takes for a staff name that exists and for one
# nobody has (they must not tell the names apart), the first try
# of each in a row, N times; and 30 wrong logins of one name sent at once
# (how many are checked, the time until all are answered).  Figures only:
# tests/test_staff_login.c asserts the answers, not the times.
#   bench/bench_login.sh [STATION_SERVER=build/station-server] [N=20]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
S=${1:-$ROOT/build/station-server}
N=${2:-20}
T=$(mktemp -d)
SP=
cleanup() { [ -n "$SP" ] && kill "$SP" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
cat > "$T/kiosk.conf" <<CONF
[station]
id = BENCH
name_vi = Trạm đo
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
hours = 00:00-24:00
days = mon-sun
[counter.1]
services = CAPMOI
CONF
echo 'correct-horse-battery' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add lan > /dev/null 2>&1
"$S" --config "$T/kiosk.conf" --db "$T/q.db" > "$T/out" 2> /dev/null & SP=$!
for _ in $(seq 300); do grep -q listening "$T/out" && break; sleep 0.1; done
U=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")/api/v1/login
J='Content-Type: application/json'
try() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$J" -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$U"; }

: > "$T/real"; : > "$T/unknown"
for i in $(seq "$N"); do
	try lan wrong-password >> "$T/real"
	try lan correct-horse-battery > /dev/null # the count starts again
	try "nobody$i" wrong-password >> "$T/unknown"
done
stats() { # status counts, then median and mean seconds
	local codes
	codes=$(cut -d' ' -f1 "$1" | sort | uniq -c | awk '{ printf "%s x%d, ", $2, $1 }')
	sort -k2 -n "$1" | awk -v codes="$codes" '{ t[NR] = $2; s += $2 } END {
		printf "%smedian %.3f s, mean %.3f s\n", codes, t[int((NR + 1) / 2)], s / NR }'
}
echo "first wrong try, $N times each:"
echo "  a real name:       $(stats "$T/real")"
echo "  a name nobody has: $(stats "$T/unknown")"

start=$(date +%s.%N)
pids=
for i in $(seq 30); do try lan wrong-password > "$T/at-once-$i" & pids="$pids $!"; done
wait $pids
end=$(date +%s.%N)
echo "30 wrong logins of one name at once: $(cat "$T"/at-once-* | awk '{ c[$1]++ } END {
	for (k in c) printf "%s x%d ", k, c[k] }')in $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
