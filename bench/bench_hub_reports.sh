#!/usr/bin/env bash
# The province's reports on a year of generated days: STATIONS stations x
# DAYS days, each day SERVICES services x HOURS opening hours x COUNTERS
# counters of ticket cells (1 to 4 tickets each, their waits a sorted
# array of 0-60 min) and as many visit cells (which the report skips), a
# rating for about one ticket in twelve - the shape a station's
# report_close_days() gives (core/report_day.c).  Generated in PostgreSQL
# itself (generate_series) on a throwaway server (tests/pg.sh), then
# kiosk-hub serves and curl times each answer (best and worst of RUNS):
# a 1-year province report (JSON, CSV, XLSX), one station's year, a
# month of the province, and the stations now.
#   BUILD=build bench/bench_hub_reports.sh [STATIONS=200] [DAYS=365]
# SERVICES=12 HOURS=10 COUNTERS=2 RUNS=3 in the environment.
# A run (2026-12-04, the shared 2-core machine, 3 other builds/tests
# running): 200 x 365: 35,040,000 day_cells rows (43.8 M waits), 1.46 M
# ratings, day_cells 5.7 GB, generated in 623 s; a year of the province
# 2.1-5.3 s (JSON 4.05-5.12, CSV 4.47-5.25, XLSX 2.09-4.34), one station's
# year 0.02 s, a month of the province 0.22-0.35 s, the 200 stations now
# 0.01 s.  It needs about 12 GB in $TMPDIR.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
H=$BUILD/kiosk-hub
STATIONS=${1:-200}
DAYS=${2:-365}
SERVICES=${SERVICES:-12}
HOURS=${HOURS:-10}
COUNTERS=${COUNTERS:-2}
RUNS=${RUNS:-3}
T=$(mktemp -d)
HP=
cleanup() { [ -n "$HP" ] && kill "$HP" 2> /dev/null; rm -rf "$T"; }
. "$ROOT/tests/pg.sh"
. "$ROOT/bench/hub_timed.sh"
pg_start
D0=20454 # 2026-01-01
D1=$((D0 + DAYS - 1))

cat > "$T/hub.conf" <<CONF
[hub]
listen = 127.0.0.1:0
database = $HUB_DB
pool = 4
www = $ROOT/www-hub
CONF
echo 'bench-password' | "$H" --config "$T/hub.conf" user add bench > /dev/null

t0=$(date +%s.%N)
pg_psql "
INSERT INTO stations (id, name, token_hash, added_at)
  SELECT 'S' || lpad(i::text, 3, '0'), 'Trạm ' || i, 'h' || i, 0
  FROM generate_series(1, $STATIONS) i;
INSERT INTO day_heads (station, day, tickets, made_at)
  SELECT id, d, 0, 0 FROM stations, generate_series($D0, $D1) d;
INSERT INTO day_cells (station, day, kind, service, hour, source, counter, n, served, noshow,
                       times)
  SELECT id, d, k, 'SV' || sv, h, 'walkin', c, cardinality(w),
         cardinality(w) - (cardinality(w) = 4)::int, (cardinality(w) = 4)::int, w
  FROM stations, generate_series($D0, $D1) d, generate_series(1, $SERVICES) sv,
       generate_series(7, 6 + $HOURS) h, generate_series(1, $COUNTERS) c,
       (VALUES ('ticket'), ('visit')) kinds(k),
       LATERAL (SELECT ARRAY(SELECT (random() * 3600)::int
                             FROM generate_series(1, 1 + (abs(hashtext(id || d || sv || h || c)) % 4))
                             ORDER BY 1) AS w) x;
INSERT INTO ratings (station, id, day, ticket, number, service, counter, level, scale, at,
                     channel, prev, hash)
  SELECT station, row_number() OVER (PARTITION BY station ORDER BY day, hour), day, 0, 'A001',
         service, counter, 1 + (abs(hashtext(station || day || hour || service)) % 5), 5, 0,
         'counter', '', ''
  FROM day_cells WHERE kind = 'ticket' AND counter = 1 AND hour % 2 = 0 AND service < 'SV2';
INSERT INTO station_status (station, heard_at, at, waiting, longest_wait, printer)
  SELECT id, extract(epoch FROM now())::bigint - (random() * 600)::int, 0,
         (random() * 40)::int, (random() * 3600)::int, 'ok' FROM stations;
INSERT INTO devices (station, name, seen, printer, scanner)
  SELECT id, 'lobby-' || k, 0, (ARRAY['ok', 'ok', 'ok', 'paper_low', 'paper_out'])[1 + k % 5], 'ok'
  FROM stations, generate_series(1, 3) k;" > /dev/null
pg_psql "VACUUM ANALYZE" > /dev/null
t1=$(date +%s.%N)
rows=$(pg_psql "SELECT count(*) FROM day_cells")
waits=$(pg_psql "SELECT sum(cardinality(times)) FROM day_cells WHERE kind = 'ticket'")
size=$(pg_psql "SELECT pg_size_pretty(pg_total_relation_size('day_cells'))")
printf 'generated: %d stations x %d days: %s day_cells rows (%s ticket waits), %s ratings; day_cells %s; %.0f s\n' \
	"$STATIONS" "$DAYS" "$rows" "$waits" "$(pg_psql 'SELECT count(*) FROM ratings')" "$size" \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"

"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2> "$T/hub.err" & HP=$!
for _ in $(seq 300); do grep -q listening "$T/hub.out" && break; sleep 0.1; done
U=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/hub.out")/api/v1
hub_login "$U"

from=$(date -u -d "@$((D0 * 86400))" +%F)
to=$(date -u -d "@$((D1 * 86400))" +%F)
month=$(date -u -d "@$(((D0 + 30) * 86400))" +%F)
timed "province, $from..$to, JSON" "/reports?from=$from&to=$to"
timed "province, $from..$to, CSV" "/reports?from=$from&to=$to&format=csv"
timed "province, $from..$to, XLSX" "/reports?from=$from&to=$to&format=xlsx"
timed "one station (S001), the year, JSON" "/reports?from=$from&to=$to&station=S001"
timed "province, $from..$month (31 days), JSON" "/reports?from=$from&to=$month"
timed "stations now ($STATIONS)" "/stations"
