#!/usr/bin/env bash
# A province's day, replayed into the hub: STATIONS station servers (real
# processes, PAR at a time), each with a copy of one busy day made by
# `station-server demo` (the shipped kiosk.conf's services with ten
# counters, TICKETS citizens, yesterday), forward it to one kiosk-hub on a
# throwaway PostgreSQL (tests/pg.sh) through their own forwarding thread:
# the queue's events, the aggregated day (report cells) and the ratings.
# Prints the wall time of the whole replay, the rows stored and rows/s,
# then the dashboard's answers on what was stored (best and worst of RUNS):
# the stations now, the province's day report (JSON, CSV, XLSX), one
# station's.
#   BUILD=build bench/bench_hub.sh [STATIONS=200] [TICKETS=1000]
# PAR=8 RUNS=3 BATCH=2000 in the environment.
# A run (2026-12-04, this 2-core machine, nothing else running), 200 x 1000
# citizens (2,960 queue events, 721 report cells and 171 ratings a station):
# the replay took 52.8 s, each station server's start and day aggregation
# included: 592,000 events + 144,200 day cells + 34,200 ratings = 770,400
# rows, 14,593 rows/s (11,213 events/s).  The dashboard then: the 200
# stations now 0.004-0.005 s; the province's day 0.045-0.065 s (JSON),
# 0.042-0.044 (CSV), 0.043-0.047 (XLSX); one station 0.002-0.003 s.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
S=$BUILD/station-server
H=$BUILD/kiosk-hub
STATIONS=${1:-200}
TICKETS=${2:-1000}
PAR=${PAR:-8}
RUNS=${RUNS:-3}
BATCH=${BATCH:-2000}
T=$(mktemp -d)
HP=
cleanup() { [ -n "$HP" ] && kill "$HP" 2> /dev/null; rm -rf "$T"; }
. "$ROOT/tests/pg.sh"
. "$ROOT/bench/hub_timed.sh"
pg_start

cat > "$T/hub.conf" <<CONF
[hub]
listen = 127.0.0.1:0
database = $HUB_DB
pool = 8
www = $ROOT/www-hub
CONF
"$H" --config "$T/hub.conf" migrate > /dev/null
echo 'bench-password' | "$H" --config "$T/hub.conf" user add bench > /dev/null
"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2> "$T/hub.err" & HP=$!
for _ in $(seq 300); do grep -q listening "$T/hub.out" && break; sleep 0.1; done
HPORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/hub.out")

# the station: the shipped kiosk.conf, its paths here, ten counters
head -c 32 /dev/urandom > "$T/dossiers.key"
chmod 600 "$T/dossiers.key"
sed -e "s#^clips = assets/voice#clips = $ROOT/assets/voice#" -e "s#^www = www#www = $ROOT/www#" \
	-e "s#^translations = assets/i18n#translations = $ROOT/assets/i18n#" \
	-e "s#^font = fonts/#font = $ROOT/fonts/#" -e "s#^font_bold = fonts/#font_bold = $ROOT/fonts/#" \
	-e "s#^secret = .*#secret = $T/dossiers.key#" -e "s#^outbox = .*#outbox = $T/outbox.db#" \
	-e "s#^listen = 127.0.0.1:8080#listen = 127.0.0.1:0#" -e "/^\[hub\]/,/^\[/{/^url =/d;/^token =/d;/^batch =/d}" \
	"$ROOT/kiosk.conf" > "$T/base.conf"
for c in 4 5 6 7 8 9 10; do
	printf '[counter.%s]\nservices = CAPMOI, CAPDOI, CAPLAI, TRATHE, TICHHOP, VNEID2, XACNHAN, DCHINH, GIAYCN, SINHTRAC, KHAITHAC\n' "$c"
done >> "$T/base.conf"
DAY=$(date -d yesterday +%F)
"$S" --config "$T/base.conf" --db "$T/demo.db" demo --date "$DAY" --tickets "$TICKETS" --seed 1 2> /dev/null
for i in $(seq "$STATIONS"); do
	id=$(printf 'S%03d' "$i")
	tok=$("$H" --config "$T/hub.conf" station add "$id" "Trạm $i" 2> /dev/null)
	sed -e "s/^id = .*/id = $id/" -e "s#^database = .*#database = $T/q$i.db#" "$T/base.conf" > "$T/k$i.conf"
	printf '[hub]\nurl = http://127.0.0.1:%s\ntoken = %s\nbatch = %s\n' "$HPORT" "$tok" "$BATCH" >> "$T/k$i.conf"
	cp "$T/demo.db" "$T/q$i.db"
done
# [hub] appears twice in k$i.conf otherwise: keep the shipped one's other keys, add ours
for i in $(seq "$STATIONS"); do
	awk 'BEGIN { n = 0 } /^\[hub\]$/ { n++; if (n == 1) { skip = 1; next } } /^\[/ && !/^\[hub\]$/ { skip = 0 } !skip' \
		"$T/k$i.conf" > "$T/k$i.tmp" && mv "$T/k$i.tmp" "$T/k$i.conf"
done
NE=$(sqlite3 "$T/demo.db" 'SELECT count(*) FROM queue_events')
NR=$(sqlite3 "$T/demo.db" 'SELECT count(*) FROM ratings')
echo "a station's day: $TICKETS citizens on $DAY, $NE queue events, $NR ratings"

# one station: start it, until the hub has its events, its day and its ratings, stop it
station() {
	local i=$1 id pid
	id=$(printf 'S%03d' "$i")
	"$S" --config "$T/k$i.conf" --db "$T/q$i.db" > "$T/out$i" 2> "$T/err$i" & pid=$!
	until [ "$(pg_psql "SELECT (SELECT count(*) FROM events WHERE station = '$id') >= $NE AND
		(SELECT count(*) FROM ratings WHERE station = '$id') = $NR AND
		(SELECT count(*) FROM day_heads WHERE station = '$id') >= 1")" = t ]; do
		kill -0 "$pid" 2> /dev/null || { echo "station $id ended: $(tail -3 "$T/err$i")" >&2; return 1; }
		sleep 0.05
	done
	kill "$pid"
	wait "$pid" 2> /dev/null || true
}
export -f station pg_psql
export T S NE NR PGDIR
t0=$(date +%s.%N)
seq "$STATIONS" | xargs -P "$PAR" -I{} bash -c 'station {}'
t1=$(date +%s.%N)
ev=$(pg_psql 'SELECT count(*) FROM events')
cells=$(pg_psql 'SELECT count(*) FROM day_cells')
rt=$(pg_psql 'SELECT count(*) FROM ratings')
awk -v a="$t0" -v b="$t1" -v s="$STATIONS" -v p="$PAR" -v e="$ev" -v c="$cells" -v r="$rt" 'BEGIN {
	t = b - a
	printf "replay: %d stations, %d at a time: %.1f s\n", s, p, t
	printf "stored: %d events, %d day cells, %d ratings = %d rows: %.0f rows/s (%.0f events/s)\n",
		e, c, r, e + c + r, (e + c + r) / t, e / t }'
[ "$(pg_psql "SELECT count(DISTINCT station) FROM day_heads")" = "$STATIONS" ] || echo "not every station's day arrived" >&2
[ "$(pg_psql "SELECT count(*) FROM (SELECT station FROM events GROUP BY station HAVING count(*) <> $NE) x")" = 0 ] ||
	echo "some station's events differ from $NE" >&2

U=http://127.0.0.1:$HPORT/api/v1
hub_login "$U"
timed "stations now ($STATIONS)" "/stations"
timed "province, $DAY, JSON" "/reports?from=$DAY&to=$DAY"
timed "province, $DAY, CSV" "/reports?from=$DAY&to=$DAY&format=csv"
timed "province, $DAY, XLSX" "/reports?from=$DAY&to=$DAY&format=xlsx"
timed "one station (S001), $DAY, JSON" "/reports?from=$DAY&to=$DAY&station=S001"
