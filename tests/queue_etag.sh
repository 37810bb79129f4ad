#!/usr/bin/env bash
# GET /api/v1/queue from the server's snapshot (server/snapshot.h), as a
# real process on 127.0.0.1: an ETag on every answer, If-None-Match with it
# -> 304 and no body; each thing the text depends on gives a new text and a
# new tag - a ticket issued, a call, a service switched off, a counter's
# services, a ticket issued by another process on the same file (kioskctl),
# the clock while someone waits (longest_wait_s), the day turning - and the
# text served after all that is the one a server starting now writes.
set -u
. "$(dirname "$0")/lib.sh"

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
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
[counter.2]
services = CAPDOI
CONF
echo 0 > "$T/clock-offset"
serve "$T/kiosk.conf" "$T/q.db" --clock-offset "$T/clock-offset" && ok ||
	{ bad "the server did not start: $(cat "$T/err")"; exit 1; }
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
echo 'staple-battery-horse' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add minh --supervisor > /dev/null 2>&1
curl -s -D "$T/h" -o "$T/login" -X POST -H "Content-Type: application/json" \
	-d '{"name":"minh","password":"staple-battery-horse"}' "$U/login"
C=$(sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\);.*/\1/p' "$T/h")
X="X-CSRF-Token: $(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$T/login")"
[ -n "$C" ] && ok || bad "supervisor login: $(cat "$T/login")"

# get [HEADER...]: GET /queue; $CODE, $TAG (its ETag), the body in $T/body
get() {
	local h=() a
	for a in "$@"; do h+=(-H "$a"); done
	: > "$T/body" # curl writes nothing of an empty answer
	CODE=$(curl -s -m 10 -D "$T/qh" -o "$T/body" -w '%{http_code}' -H "$KIOSK" "${h[@]}" "$U/queue")
	TAG=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$T/qh" | tr -d '\r')
}
# changed WHAT REGEX: the queue read with the last tag is a new text (200, a
# new tag) that matches REGEX
changed() {
	local old=$TAG
	get "If-None-Match: $old"
	[ "$CODE" = 200 ] && [ -n "$TAG" ] && [ "$TAG" != "$old" ] && ok ||
		bad "$1: status $CODE, tag $TAG (was $old)"
	grep -Eq -- "$2" "$T/body" && ok || bad "$1: body $(cat "$T/body") !~ /$2/"
}

get
[ "$CODE" = 200 ] && ok || bad "queue: status $CODE"
printf '%s' "$TAG" | grep -Eq '^"[0-9]{4}-[0-9]{2}-[0-9]{2}-0-[0-9a-f]{16}"$' && ok || bad "an ETag: '$TAG'"
grep -qi '^cache-control: private, no-cache' "$T/qh" && ok || bad "asked again every time: $(cat "$T/qh")"
FIRST=$TAG
get "If-None-Match: $FIRST"
[ "$CODE" = 304 ] && ok || bad "If-None-Match with the tag: status $CODE"
[ ! -s "$T/body" ] && ok || bad "a 304 has no body: $(cat "$T/body")"
[ "$TAG" = "$FIRST" ] && ok || bad "a 304 names its tag: '$TAG'"
get "If-None-Match: W/$FIRST"; [ "$CODE" = 304 ] && ok || bad "a weak tag: $CODE"
get "If-None-Match: \"other\", $FIRST"; [ "$CODE" = 304 ] && ok || bad "in a list: $CODE"
get "If-None-Match: *"; [ "$CODE" = 304 ] && ok || bad "*: $CODE"
get "If-None-Match: \"2000-01-01-0-0000000000000000\""; [ "$CODE" = 200 ] && [ -s "$T/body" ] && ok ||
	bad "another tag: $CODE"
get "If-None-Match: ${FIRST%?}0\""; [ "$CODE" = 200 ] && ok || bad "a tag that only starts alike: $CODE"

curl -s -o /dev/null -X POST -H "$KIOSK" -d '{"service":"CAPMOI"}' "$U/tickets"
changed "a ticket issued" '"service":"CAPMOI",[^}]*"waiting":1,[^}]*"issued":1'
curl -s -o /dev/null -X POST -b "$C" -H "$X" "$U/counters/1/next"
changed "a call" '"recent_calls":\[\{"id":1,"number":"A001"'
grep -q '"counter":1,[^}]*"open":true,[^}]*"serving":"A001"' "$T/body" && ok || bad "the counter serves it: $(cat "$T/body")"
# nobody waits: the text does not move with the clock, the tag holds
get "If-None-Match: $TAG"; [ "$CODE" = 304 ] && ok || bad "unchanged after the call: $CODE"
curl -s -o /dev/null -X POST -b "$C" -H "$X" -d '{"enabled":false}' "$U/services/CAPDOI/enabled"
changed "a service switched off" '"service":"CAPDOI",[^}]*"enabled":false'
curl -s -o /dev/null -X POST -b "$C" -H "$X" -d '{"services":["CAPMOI"]}' "$U/counters/2/services"
changed "a counter's services" '"counter":2,[^}]*"services":\["CAPMOI"\]'
curl -s -o /dev/null -X POST -b "$C" -H "$X" "$U/counters/1/done"
changed "a citizen served" '"service":"CAPMOI",[^}]*"served":1'
# another process on the same file: no event in this server, only the database
"$KC" --config "$T/kiosk.conf" --db "$T/q.db" issue CAPMOI > "$T/kc" 2>&1
grep -q A002 "$T/kc" && ok || bad "kioskctl issue: $(cat "$T/kc")"
changed "a ticket issued by kioskctl" '"service":"CAPMOI",[^}]*"waiting":1,[^}]*"issued":2'

# the same text as a server that starts now writes (longest_wait_s aside:
# the two may read the clock a second apart)
"$S" --config "$T/kiosk.conf" --db "$T/q.db" --clock-offset "$T/clock-offset" > "$T/out2" 2> "$T/err2" & SP2=$!
trap 'kill $SP2 2>/dev/null; cleanup' EXIT
for _ in $(seq 300); do grep -q listening "$T/out2" && break; sleep 0.1; done # failure path only
U2=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out2")/api/v1
mask() { sed 's/"longest_wait_s":[0-9]*/"longest_wait_s":N/g' "$1"; }
get; curl -s -H "$KIOSK" "$U2/queue" > "$T/fresh"
[ "$(mask "$T/body")" = "$(mask "$T/fresh")" ] && ok ||
	bad "the snapshot and a fresh text differ: $(cat "$T/body") vs $(cat "$T/fresh")"
# a ticket issued through the other server is seen here too
curl -s -o /dev/null -X POST -H "$KIOSK" -d '{"service":"CAPMOI"}' "$U2/tickets"
changed "a ticket issued by another server" '"service":"CAPMOI",[^}]*"waiting":2'

# the clock while someone waits: longest_wait_s is a new text every second
echo 100 > "$T/clock-offset"
changed "the clock, while two wait" '"service":"CAPMOI",[^}]*"longest_wait_s":(1[0-9][0-9]|[2-9][0-9][0-9])[,}]'
# everyone called and served: the two texts are the same to the byte
curl -s -o /dev/null -X POST -b "$C" -H "$X" "$U/counters/1/next"
curl -s -o /dev/null -X POST -b "$C" -H "$X" "$U/counters/1/next"
curl -s -o /dev/null -X POST -b "$C" -H "$X" "$U/counters/1/done"
changed "all served" '"service":"CAPMOI",[^}]*"waiting":0,[^}]*"served":3,[^}]*"longest_wait_s":0'
curl -s -H "$KIOSK" "$U2/queue" > "$T/fresh"
cmp -s "$T/body" "$T/fresh" && ok || bad "not the fresh text: $(cat "$T/body") vs $(cat "$T/fresh")"

# the day turns (no change in the database): a new day's text
DAY=$(sed -n 's/^{"date":"\([0-9-]*\)".*/\1/p' "$T/body")
echo 86500 > "$T/clock-offset"
changed "the next day" '"date":"[0-9-]{10}".*"services":\[\{"service":"CAPMOI",[^}]*"issued":0,'
grep -q "\"date\":\"$DAY\"" "$T/body" && bad "still the day before: $(cat "$T/body")" || ok
grep -q '"recent_calls":\[\]' "$T/body" && ok || bad "the new day has no calls: $(cat "$T/body")"
grep -q '"counter":1,[^}]*"open":false' "$T/body" && ok || bad "counters open the day before are not today: $(cat "$T/body")"
finish queue_etag
