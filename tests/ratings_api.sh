#!/usr/bin/env bash
# Citizens' ratings on a real station server (127.0.0.1, curl, sqlite3):
# a counter finishes a ticket -> its rating device's GET /api/v1/rating
# shows it (also by long-poll) -> one tap stores one rating -> a second
# gets 409 already_rated -> after [rating] seconds nothing is shown and
# the API refuses.  A rater token can do nothing else and rates only its
# own counter; staff, kiosks and strangers cannot rate.  The chain:
# `station-server ratings verify` and GET /api/v1/ratings/verify name a row
# changed, deleted or inserted with sqlite3.  Load: 20 counters finishing
# and rating at once (RATING_ROUNDS each; docs/rating.md): every rating
# stored once, the chain intact.
set -u
. "$(dirname "$0")/lib.sh"
ROUNDS=${RATING_ROUNDS:-10}

{
	cat <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
per_address = 256
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
$(for c in $(seq 20); do printf 'rater.%d = rater-token-%02d-aaaaaaaaaaaa\n' "$c" "$c"; done)
[rating]
seconds = 30
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
name_en = New card
hours = 00:00-24:00
days = mon-sun
CONF
	for c in $(seq 20); do
		printf '[counter.%d]\nservices = CAPMOI\n' "$c"
	done
} > "$T/kiosk.conf"
echo 'correct-horse-battery' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add lan > /dev/null 2>&1
echo 'staple-battery-horse' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add minh --supervisor > /dev/null 2>&1
STAFF="Authorization: Bearer $("$S" --config "$T/kiosk.conf" --db "$T/q.db" user token lan 2> /dev/null)"
SUP="Authorization: Bearer $("$S" --config "$T/kiosk.conf" --db "$T/q.db" user token minh 2> /dev/null)"
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
rater() { printf 'Authorization: Bearer rater-token-%02d-aaaaaaaaaaaa' "$1"; }
R1=$(rater 1) R2=$(rater 2) R3=$(rater 3)
echo 0 > "$T/clock-offset"
serve "$T/kiosk.conf" "$T/q.db" --clock-offset "$T/clock-offset" && ok ||
	{ bad "the server did not start: $(cat "$T/err")"; exit 1; }

issue() { curl -s -m 10 -o /dev/null -X POST -H "$KIOSK" -d '{"service":"CAPMOI"}' "$U/tickets"; }
# serve_one COUNTER: issue, call and finish one ticket there; prints its number
serve_one() {
	issue
	curl -s -m 10 -X POST -H "$STAFF" "$U/counters/$1/next" | jq -r .number
	curl -s -m 10 -o /dev/null -X POST -H "$STAFF" "$U/counters/$1/done"
}
rate() { curl -s -m 10 -o /dev/null -w '%{http_code}' -X POST -H "$1" -d "$2" "$U/ratings"; }

# --- the loop ---------------------------------------------------------------
req "idle before anything is finished" 200 '"state":"idle"' -- -H "$R1" "$U/rating"
A=$(serve_one 1)
req "counter 1's device shows the ticket just finished" 200 \
	"\"state\":\"open\".*\"number\":\"$A\"" -- -H "$R1" "$U/rating"
curl -s -H "$R1" "$U/rating" > "$T/p.json"
[ "$(jq -r '.levels[0].vi' "$T/p.json")" = "Rất hài lòng" ] && ok || bad "levels: $(cat "$T/p.json")"
[ "$(jq -r '.ticket.service_name.en' "$T/p.json")" = "New card" ] && ok || bad "the service's name"
[ "$(jq '.reasons | length' "$T/p.json")" = 5 ] && [ "$(jq .ask_reason "$T/p.json")" = 3 ] && ok ||
	bad "reasons: $(cat "$T/p.json")"
[ "$(jq .expires_in "$T/p.json")" -gt 0 ] && ok || bad "expires_in: $(cat "$T/p.json")"
jq -e 'has("staff")' "$T/p.json" > /dev/null && bad "the staff name is shown unasked" || ok
req "counter 2's device shows nothing" 200 '"state":"idle"' -- -H "$R2" "$U/rating"
[ "$(rate "$R2" "{\"number\":\"$A\",\"level\":1}")" = 409 ] && ok || bad "counter 2 rated counter 1's ticket"
req "bad: level 0" 400 '"bad_request"' -- -X POST -H "$R1" -d "{\"number\":\"$A\",\"level\":0}" "$U/ratings"
req "bad: level 4 of 3" 400 '"bad_request"' -- -X POST -H "$R1" -d "{\"number\":\"$A\",\"level\":4}" "$U/ratings"
req "bad: a reason for the best level" 400 '"bad_request"' -- -X POST -H "$R1" \
	-d "{\"number\":\"$A\",\"level\":1,\"reason\":1}" "$U/ratings"
req "bad: a level as text" 400 '"bad_request"' -- -X POST -H "$R1" -d "{\"number\":\"$A\",\"level\":\"1\"}" "$U/ratings"
req "bad: no number" 400 '"bad_request"' -- -X POST -H "$R1" -d '{"level":1}' "$U/ratings"
req "bad: not JSON" 400 '"error"' -- -X POST -H "$R1" -d '{"number":' "$U/ratings"
req "a tap" 201 "\"number\":\"$A\",\"level\":3,\"reason\":2" -- -X POST -H "$R1" \
	-d "{\"number\":\"$A\",\"level\":3,\"reason\":2}" "$U/ratings"
req "a second tap" 409 '"already_rated"' -- -X POST -H "$R1" -d "{\"number\":\"$A\",\"level\":1}" "$U/ratings"
req "the device then says rated" 200 '"state":"rated"' -- -H "$R1" "$U/rating"
[ "$(sqlite3 "$T/q.db" "SELECT COUNT(*) || ' ' || level || ' ' || reason || ' ' || counter || ' ' || staff || ' ' || channel FROM ratings")" = "1 3 2 1 lan counter" ] &&
	ok || bad "stored: $(sqlite3 "$T/q.db" 'SELECT * FROM ratings')"

# a long-poll wakes when counter 3 finishes someone
last=$(curl -s -H "$R3" "$U/rating" | jq .last)
curl -s -m 30 -H "$R3" "$U/rating?since=$last&wait=25" > "$T/held.json" & HELD=$!
wait_held 1 || bad "the long-poll did not arrive"
B=$(serve_one 3)
wait "$HELD"
grep -q "\"state\":\"open\".*\"number\":\"$B\"" "$T/held.json" && ok || bad "the long-poll: $(cat "$T/held.json")"

# a second device at counter 3, waiting while the ticket is open, learns it was rated
last=$(curl -s -H "$R3" "$U/rating" | jq .last)
curl -s -m 30 -H "$R3" "$U/rating?since=$last&wait=25" > "$T/held2.json" & HELD=$!
wait_held 1 || bad "the second long-poll did not arrive"
[ "$(rate "$R3" "{\"number\":\"$B\",\"level\":2}")" = 201 ] && ok || bad "counter 3's tap"
wait "$HELD"
grep -q '"state":"rated"' "$T/held2.json" && ok || bad "the other device was not told: $(cat "$T/held2.json")"
curl -s "$U/board/events?since=$last" | jq -e '.events[] | select(.kind == "rated") | (.counter == 3 and (has("number") | not))' > /dev/null &&
	ok || bad "the change of a rating names the counter and no ticket: $(curl -s "$U/board/events?since=$last")"
C3=$(serve_one 3)

# after the window: nothing shown, the API refuses
echo 36 > "$T/clock-offset"
req "after [rating] seconds the device is idle" 200 '"state":"idle"' -- -H "$R3" "$U/rating"
req "and a late tap is refused" 409 '"window_closed"' -- -X POST -H "$R3" \
	-d "{\"number\":\"$C3\",\"level\":1}" "$U/ratings"
echo 0 > "$T/clock-offset"

# --- who may do what ----------------------------------------------------------
req "a rater may not issue" 403 '"forbidden"' -- -X POST -H "$R1" -d '{"service":"CAPMOI"}' "$U/tickets"
req "a rater may not call" 403 '"forbidden"' -- -X POST -H "$R1" "$U/counters/1/next"
req "a rater may not read the queue" 403 '"forbidden"' -- -H "$R1" "$U/queue"
req "a rater may not follow the events" 403 '"forbidden"' -- -H "$R1" "$U/events"
req "a rater may not lease" 403 '"forbidden"' -- -X POST -H "$R1" -d '{"service":"CAPMOI","count":1}' "$U/leases"
req "a rater may not check the chain" 403 '"forbidden"' -- -H "$R1" "$U/ratings/verify"
C=$(serve_one 1)
req "staff may not rate" 403 '"forbidden"' -- -X POST -H "$STAFF" -d "{\"number\":\"$C\",\"level\":1}" "$U/ratings"
req "a supervisor may not rate" 403 '"forbidden"' -- -X POST -H "$SUP" -d "{\"number\":\"$C\",\"level\":1}" "$U/ratings"
req "staff may not read a device's prompt" 403 '"forbidden"' -- -H "$STAFF" "$U/rating"
req "a kiosk may not rate" 403 '"forbidden"' -- -X POST -H "$KIOSK" -d "{\"number\":\"$C\",\"level\":1}" "$U/ratings"
req "nobody without a token" 401 '"unauthorized"' -- -X POST -d "{\"number\":\"$C\",\"level\":1}" "$U/ratings"
req "a wrong token" 401 '"unauthorized"' -- -X POST -H 'Authorization: Bearer rater-token-99-aaaaaaaaaaaa' \
	-d "{\"number\":\"$C\",\"level\":1}" "$U/ratings"
req "staff may not check the chain" 403 '"supervisor_only"' -- -H "$STAFF" "$U/ratings/verify"
[ "$(sqlite3 "$T/q.db" 'SELECT COUNT(*) FROM ratings')" = 2 ] && ok || bad "a refused rating was stored"

# --- load: 20 counters at once --------------------------------------------------
worker() {
	local c=$1 h n code
	h=$(rater "$c")
	for i in $(seq "$ROUNDS"); do
		n=$(serve_one "$c")
		code=$(rate "$h" "{\"number\":\"$n\",\"level\":$((1 + (c + i) % 3))}")
		echo "$c $n $code" >> "$T/load.$c"
		code=$(rate "$h" "{\"number\":\"$n\",\"level\":1}")
		[ "$code" = 409 ] || echo "$c $n second:$code" >> "$T/load.$c"
	done
}
pids=()
for c in $(seq 20); do worker "$c" & pids+=($!); done
wait "${pids[@]}" # not the server's
cat "$T"/load.* > "$T/load"
stored=$(grep -c ' 201$' "$T/load")
[ "$stored" = $((20 * ROUNDS)) ] && ok || bad "load: $stored of $((20 * ROUNDS)) taps stored; $(grep -v ' 201$' "$T/load" | head -5)"
grep -q second "$T/load" && bad "load: a second tap was not refused: $(grep second "$T/load" | head -3)" || ok
[ "$(sqlite3 "$T/q.db" 'SELECT COUNT(*), COUNT(DISTINCT ticket), MAX(id) - MIN(id) + 1 FROM ratings')" = \
	"$((stored + 2))|$((stored + 2))|$((stored + 2))" ] && ok || bad "load: rows $(sqlite3 "$T/q.db" 'SELECT COUNT(*), COUNT(DISTINCT ticket) FROM ratings')"

# --- the chain --------------------------------------------------------------------
verify() { "$S" --config "$T/kiosk.conf" --db "$T/q.db" ratings verify "$@"; }
out=$(verify) && [[ $out == *"chain verified: $((stored + 2)) rating(s)"* ]] && ok || bad "verify, untouched: $out"
req "the supervisor sees it verified" 200 '"ok":true' -- -H "$SUP" "$U/ratings/verify"
TODAY=$(TZ=Asia/Ho_Chi_Minh date +%F)
out=$(verify --from "$TODAY") && ok || bad "verify --from today: $out"
out=$(verify --from 2026-13-01 2>&1); [ $? = 2 ] && ok || bad "verify --from a bad day: $out"
lv=$(sqlite3 "$T/q.db" "SELECT level FROM ratings WHERE id = 7")
sqlite3 "$T/q.db" "UPDATE ratings SET level = $((lv % 3 + 1)) WHERE id = 7"
out=$(verify); [ $? = 1 ] && [[ $out == *"row 7 ("*"does not match its hash"* ]] && ok || bad "a changed level: $out"
req "the supervisor sees the break" 200 '"ok":false.*"row":7.*"problem":"changed"' -- -H "$SUP" "$U/ratings/verify"
sqlite3 "$T/q.db" "UPDATE ratings SET level = $lv WHERE id = 7"
out=$(verify) && ok || bad "put back, the chain holds again: $out"
sqlite3 "$T/q.db" "DELETE FROM ratings WHERE id = 12"
out=$(verify); [ $? = 1 ] && [[ $out == *"row 12 is missing: deleted"* ]] && ok || bad "a deleted row: $out"
sqlite3 "$T/q.db" "INSERT INTO ratings (id, day, ticket, number, service, counter, staff, level, scale, reason, wait, at, channel, prev, hash)
	SELECT 12, day, 999999, 'A999', service, counter, staff, 1, scale, 0, wait, at, channel, prev, hash FROM ratings WHERE id = 11"
out=$(verify); [ $? = 1 ] && [[ $out == *"row 12 ("*"A999"*"inserted by hand"* ]] && ok || bad "an inserted row: $out"
finish ratings_api
