#!/usr/bin/env bash
# The booking side of the station server as a booking backend uses it:
# slots with free places, a booking made and its signed token accepted by a
# kiosk, bad slots refused, no overbooking under concurrent requests,
# cancelling (then check-in says CANCELLED), tokens kept to their role, and
# no contact kept.
set -u
. "$(dirname "$0")/lib.sh"

"$KC" booking keygen --out "$T/station" > /dev/null
cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[booking]
key.K7 = $(cat "$T/station.pub")
signing_key = $T/station.key
signing_kid = K7
days_ahead = 7
[server]
listen = 127.0.0.1:0
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
booking.zalo = booking-token-bbbbbbbbbbbb
[service.CAPDOI]
prefix = B
name_vi = Cấp đổi
hours = 00:00-24:00
days = mon-sun
slot_minutes = 30
slot_capacity = 2
[service.WALKIN]
prefix = W
name_vi = Không đặt lịch
hours = 00:00-24:00
days = mon-sun
CONF
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
B='Authorization: Bearer booking-token-bbbbbbbbbbbb'
K='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
TOMORROW=$(date -u -d "+7 hours +1 day" +%Y-%m-%d)

req "slots without a token" 401 unauthorized -- "$U/slots?service=CAPDOI&date=$TOMORROW"
req "slots with a kiosk token" 403 forbidden -- -H "$K" "$U/slots?service=CAPDOI&date=$TOMORROW"
req "a booking token cannot issue tickets" 403 forbidden -- -X POST -H "$B" -d '{"service":"CAPDOI"}' "$U/tickets"
req "slots" 200 "\"slot\":\"${TOMORROW}T09:30:00\\+07:00\",\"minutes\":30,\"capacity\":2,\"free\":2" -- -H "$B" "$U/slots?service=CAPDOI&date=$TOMORROW"
n=$(curl -s -H "$B" "$U/slots?service=CAPDOI&date=$TOMORROW" | grep -o '"slot"' | wc -l)
[ "$n" = 48 ] && ok || bad "$n slots of 30 minutes in 24 hours, wanted 48"
req "slots of a service not booked" 422 not_bookable -- -H "$B" "$U/slots?service=WALKIN&date=$TOMORROW"
req "slots, bad date" 400 date -- -H "$B" "$U/slots?service=CAPDOI&date=29-11-2026"

req "book" 201 "\"id\":\"BK[0-9A-Z]{10}\".*\"token\":\"CCB1:K7:TEST:BK[0-9A-Z]{10}:CAPDOI:${TOMORROW//-/}0930:30:" -- \
	-X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"${TOMORROW}T09:30\",\"phone\":\"0901234567\",\"name\":\"Nguyen Van A\"}" "$U/bookings"
TOKEN=$(curl -s -H "$B" -X POST -d "{\"service\":\"CAPDOI\",\"slot\":\"${TOMORROW}T10:00\"}" "$U/bookings" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
out=$("$KC" --config "$T/kiosk.conf" booking verify --now "${TOMORROW//-/}0945" "$TOKEN")
[[ "$out" == "OK BK"*" CAPDOI" ]] && ok || bad "the kiosk does not accept the server's token: $out"
! sqlite3 "$T/q.db" .dump | grep -qE '0901234567|Nguyen' && ok || bad "a contact was stored"
req "book: a slot not on the half hour" 422 bad_slot -- -X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"${TOMORROW}T09:40\"}" "$U/bookings"
req "book: in the past" 422 bad_slot -- -X POST -H "$B" -d '{"service":"CAPDOI","slot":"2025-01-01T09:30"}' "$U/bookings"
req "book: beyond days_ahead" 422 bad_slot -- -X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"$(date -u -d '+7 hours +20 days' +%Y-%m-%d)T09:30\"}" "$U/bookings"
req "book: a service not booked" 422 not_bookable -- -X POST -H "$B" -d "{\"service\":\"WALKIN\",\"slot\":\"${TOMORROW}T09:30\"}" "$U/bookings"
req "book: no slot" 400 slot -- -X POST -H "$B" -d '{"service":"CAPDOI"}' "$U/bookings"

# twenty backends at once for the two places of one slot: exactly two
PIDS=
for i in $(seq 20); do
	curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "$B" \
		-d "{\"service\":\"CAPDOI\",\"slot\":\"${TOMORROW}T14:00\"}" "$U/bookings" >> "$T/codes" &
	PIDS="$PIDS $!"
done
wait $PIDS
[ "$(grep -c 201 "$T/codes")" = 2 ] && ok || bad "$(grep -c 201 "$T/codes") bookings for 2 places"
[ "$(grep -c 409 "$T/codes")" = 18 ] && ok || bad "$(grep -c 409 "$T/codes") refusals, wanted 18"
req "the full slot" 200 "\"slot\":\"${TOMORROW}T14:00:00\\+07:00\",\"minutes\":30,\"capacity\":2,\"free\":0" -- -H "$B" "$U/slots?service=CAPDOI&date=$TOMORROW"

# a booking for the next slot today, cancelled: the kiosk's check-in is refused
NEXT=$(date -u -d "+7 hours +30 minutes" +%s)
NEXT=$(( NEXT / 1800 * 1800 ))
SLOT=$(date -u -d "@$NEXT" +%Y-%m-%dT%H:%M)
R=$(curl -s -X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"$SLOT\"}" "$U/bookings")
ID=$(echo "$R" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
TOK=$(echo "$R" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$ID" ] && ok || bad "booking the next slot: $R"
req "cancel" 200 '"cancelled":true' -- -X DELETE -H "$B" "$U/bookings/$ID"
req "cancel an unknown booking" 404 unknown_booking -- -X DELETE -H "$B" "$U/bookings/BKNOPE"
req "check-in of a cancelled booking" 409 '"reason":"CANCELLED"' -- -X POST -H "$K" -d "{\"payload\":\"$TOK\"}" "$U/checkins"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM audit WHERE who = 'zalo' AND action = 'cancel'")" = 1 ] && ok || bad "the cancel is not audited"

# a code typed from the Zalo message instead of scanned
R=$(curl -s -X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"$SLOT\"}" "$U/bookings")
ID=$(echo "$R" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
LOWER=$(echo "$ID" | tr A-Z a-z)
req "check-in of a typed code" 201 '"source":"booking".*"slot":"' -- -X POST -H "$K" -d "{\"booking\":\"$LOWER\"}" "$U/checkins"
req "the typed code again" 409 '"reason":"ALREADY_USED","number":"B[0-9]+","service":"CAPDOI"' -- -X POST -H "$K" -d "{\"booking\":\"$ID\"}" "$U/checkins"
req "a typed code nobody booked" 422 '"reason":"NOT_FOUND"' -- -X POST -H "$K" -d '{"booking":"BK0000000000"}' "$U/checkins"
req "a payload and a code at once" 400 bad_request -- -X POST -H "$K" -d "{\"booking\":\"$ID\",\"payload\":\"x\"}" "$U/checkins"

kill -TERM "$SP"; wait "$SP"; SP=
# a signing key that is not key.<KID>: the server will not start
"$KC" booking keygen --out "$T/other" > /dev/null
sed "s#^signing_key = .*#signing_key = $T/other.key#" "$T/kiosk.conf" > "$T/wrong.conf"
"$S" --config "$T/wrong.conf" --db "$T/w.db" > /dev/null 2> "$T/err2"
[ $? != 0 ] && grep -q 'does not match' "$T/err2" && ok || bad "a mismatched signing key was taken: $(cat "$T/err2")"

finish bookings_api
