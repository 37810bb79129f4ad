#!/usr/bin/env bash
# POST /api/v1/ingest on a throwaway PostgreSQL (tests/pg.sh): a station's
# events, status, devices, days and ratings stored under its token's
# station; another station's body refused (403), a malformed or truncated
# one refused (400) with nothing stored, a batch sent twice stored once, a
# broken rating chain refused, and 503 while PostgreSQL is away.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
. "$(dirname "$0")/hub_lib.sh"

pg_start || { echo "hub_ingest: no PostgreSQL"; exit 1; }
hub_conf || bad "migrate"
tok=$("$H" --config "$T/hub.conf" station add ST-A 2> /dev/null)
tokb=$("$H" --config "$T/hub.conf" station add ST-B 2> /dev/null)
hub_up || { bad "the hub did not start: $(cat "$T/hub.err")"; exit 1; }
SP=$HP # lib.sh's cleanup stops it

post() { # post NAME STATUS REGEX TOKEN BODY
	req "$1" "$2" "$3" -- -X POST -H "Authorization: Bearer $4" -H 'Content-Type: application/json' \
		--data-binary "$5" "$HU/ingest"
}
ev() { printf '{"seq":%s,"at":1764720000,"day":20425,"kind":"%s","number":"A%03d","service":"CAPMOI","counter":%s,"priority":0,"source":"walkin"}' "$1" "$2" "$1" "$3"; }
count() { pg_psql "SELECT count(*) FROM $1"; }

E="$(ev 1 issued 0),$(ev 2 issued 0),$(ev 3 called 1)"
ST='"status":{"at":1764720000,"waiting":2,"longest_wait":60,"printer":"ok"}'
DV='"devices":[{"name":"lobby-1","seen":1764720000,"printer":"ok","scanner":"none","pending":0}]'
post "a first batch" 200 '"events": *3' "$tok" "{\"station\":\"ST-A\",\"events\":[$E],$ST,$DV}"
[ "$(count events)" = 3 ] && ok || bad "events stored: $(count events)"
[ "$(pg_psql "SELECT waiting||' '||printer FROM station_status WHERE station='ST-A'")" = "2 ok" ] &&
	ok || bad "status"
[ "$(count devices)" = 1 ] && ok || bad "devices"
post "the same batch again" 200 '"events": *3' "$tok" "{\"station\":\"ST-A\",\"events\":[$E]}"
[ "$(count events)" = 3 ] && ok || bad "a batch sent twice doubled: $(count events)"

# refusals: nothing stored by any of them
post "another station's body" 403 wrong_station "$tokb" "{\"station\":\"ST-A\",\"events\":[$(ev 9 issued 0)]}"
post "no token" 401 unauthorized "" "{\"station\":\"ST-A\",\"events\":[]}"
post "a bad seq" 400 'events\[1\]\.seq must be a positive integer' "$tok" \
	"{\"station\":\"ST-A\",\"events\":[$(ev 10 issued 0),$(ev 0 issued 0)]}"
post "a long number" 400 'events\[0\]\.number' "$tok" \
	'{"station":"ST-A","events":[{"seq":11,"at":1,"day":1,"kind":"issued","number":"A0000000000001"}]}'
post "an unknown field" 400 'unknown field' "$tok" \
	"{\"station\":\"ST-A\",\"events\":[$(ev 12 issued 0)],\"booking\":\"BK-1\"}"
post "a bad device after good events" 400 'devices\[0\]\.seen' "$tok" \
	"{\"station\":\"ST-A\",\"events\":[$(ev 13 issued 0)],\"devices\":[{\"name\":\"x\",\"seen\":\"now\",\"printer\":\"ok\",\"scanner\":\"ok\"}]}"
body="{\"station\":\"ST-A\",\"events\":[$(ev 14 issued 0),$(ev 15 issued 0)]}"
post "a truncated body" 400 bad_json "$tok" "${body:0:60}"
[ "$(count events)" = 3 ] && ok || bad "a refused request stored something: $(count events)"

# days (replaced whole) and ratings (chained)
C='{"kind":"ticket","service":"CAPMOI","hour":8,"source":"walkin","counter":0,"n":2,"served":2,"times":[30,90]}'
post "a day" 200 '"days": *\[20424\]' "$tok" \
	"{\"station\":\"ST-A\",\"events\":[],\"days\":[{\"day\":20424,\"tickets\":2,\"made_at\":5,\"cells\":[$C,$C]}]}"
post "the day again" 200 '"days": *\[20424\]' "$tok" \
	"{\"station\":\"ST-A\",\"events\":[],\"days\":[{\"day\":20424,\"tickets\":2,\"made_at\":6,\"cells\":[$C]}]}"
[ "$(pg_psql "SELECT count(*)||' '||max(times[2]) FROM day_cells WHERE station='ST-A'")" = "1 90" ] &&
	ok || bad "the day was not replaced whole: $(count day_cells)"
z=$(printf '0%.0s' $(seq 64)); h1=$(printf 'a%.0s' $(seq 64)); h2=$(printf 'b%.0s' $(seq 64))
rt() { printf '{"id":%s,"day":20424,"ticket":%s,"number":"A001","service":"CAPMOI","counter":1,"level":1,"scale":3,"wait":null,"at":5,"channel":"counter","prev":"%s","hash":"%s"}' "$1" "$1" "$2" "$3"; }
post "two ratings" 200 '"ratings": *2' "$tok" "{\"station\":\"ST-A\",\"ratings\":[$(rt 1 $z $h1),$(rt 2 $h1 $h2)]}"
post "a broken chain" 409 'rating 2; the chain is broken' "$tok" \
	"{\"station\":\"ST-A\",\"events\":[$(ev 20 issued 0)],\"ratings\":[$(rt 3 $h1 $h1)]}"
[ "$(count ratings)" = 2 ] && [ "$(count events)" = 3 ] && ok || bad "a broken chain stored something"

# a large batch in one request, and the rate
big=$(for i in $(seq 100 5099); do printf '%s,' "$(ev $i issued 0)"; done)
printf '{"station":"ST-B","events":[%s]}' "${big%,}" > "$T/big.json"
t0=$(date +%s%N)
req "5000 events" 200 '"events": *5099' -- -X POST -H "Authorization: Bearer $tokb" --data-binary @"$T/big.json" "$HU/ingest"
t1=$(date +%s%N)
echo "hub_ingest: 5000 events in $(( (t1 - t0) / 1000000 )) ms"
[ "$(pg_psql "SELECT count(*) FROM events WHERE station='ST-B'")" = 5000 ] && ok || bad "the big batch"

pg_as "$PGB/pg_ctl" -D "$PGDIR/data" -m immediate -w stop > /dev/null
post "PostgreSQL away" 503 database_unavailable "$tok" "{\"station\":\"ST-A\",\"events\":[]}"
pg_up
post "PostgreSQL back" 200 '"events": *3' "$tok" "{\"station\":\"ST-A\",\"events\":[$(ev 2 issued 0)]}"
finish hub_ingest
