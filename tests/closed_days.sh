#!/usr/bin/env bash
# The [calendar] as a citizen, a booking backend and a technician meet it:
# the station server refuses a walk-in on a closed day with 409 closed and
# when it opens next, offers no booking slot on a closed day and refuses a
# booking there, and lists (journal and API) the bookings made before the
# calendar closed their day; kioskctl --now refuses with exit 4 and the
# next opening, skipping a 9-day Tết, and opens a make-up Saturday.
# The server has no fake clock: its calendar closes today's real date.
set -u
. "$(dirname "$0")/lib.sh"

day() { date -u -d "+7 hours $1" +%Y-%m-%d; } # a Vietnam calendar day from today
TODAY=$(day "")
TOMORROW=$(day "+1 day")
SHUT=$(day "+3 days")    # closed from the start
LATER=$(day "+4 days")   # closed after a booking was made for it

"$KC" booking keygen --out "$T/station" > /dev/null
conf() { # conf CLOSED_DAYS: the station's file with that calendar
	cat <<CONF
[station]
id = TEST
name_vi = Công an phường Thử
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
staff.desk = staff-token-cccccccccccc
[calendar]
closed = $1
[service.CAPDOI]
prefix = H
name_vi = Cấp đổi
hours = 00:00-24:00
days = mon-sun
slot_minutes = 60
slot_capacity = 2
CONF
}
conf "$TODAY, $SHUT" > "$T/kiosk.conf"
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
B='Authorization: Bearer booking-token-bbbbbbbbbbbb'
K='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
ST='Authorization: Bearer staff-token-cccccccccccc'

# today is closed: no walk-in number, and the answer says tomorrow midnight
req "issue on a closed day" 409 "\"error\":\"closed\".*\"opens_at\":\"${TOMORROW}T00:00:00\\+07:00\"" -- \
	-X POST -H "$K" -d '{"service":"CAPDOI"}' "$U/tickets"
[ "$(sqlite3 "$T/q.db" 'SELECT count(*) FROM tickets')" = 0 ] && ok || bad "a ticket was stored on a closed day"

# slots: none on the closed day, 24 the day before
req "slots on a closed day" 200 "\"date\":\"$SHUT\".*\"slots\":\\[\\]" -- -H "$B" "$U/slots?service=CAPDOI&date=$SHUT"
n=$(curl -s -H "$B" "$U/slots?service=CAPDOI&date=$(day '+2 days')" | grep -o '"slot"' | wc -l)
[ "$n" = 24 ] && ok || bad "$n slots the day before the closed one, wanted 24"
req "book on a closed day" 409 '"error":"closed"' -- \
	-X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"${SHUT}T09:00\"}" "$U/bookings"
req "book on an open day" 201 '"id":"BK' -- \
	-X POST -H "$B" -d "{\"service\":\"CAPDOI\",\"slot\":\"${LATER}T09:00\"}" "$U/bookings"
ID=$(sqlite3 "$T/q.db" "SELECT id FROM bookings")
req "nothing on closed days yet" 200 '^\{"bookings":\[\]\}$' -- -H "$B" "$U/bookings?closed=1"
kill -TERM "$SP"; wait "$SP"; SP=

# the calendar changes: LATER becomes a holiday after the booking was made
conf "$TODAY, $SHUT, $LATER" > "$T/kiosk.conf"
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not restart: $(cat "$T/err")"; exit 1; }
grep -q "bookings: 1 booking(s) fall on days \[calendar\] now closes ($LATER)" "$T/err" && ok ||
	bad "no journal line for the booking on a day now closed: $(grep bookings "$T/err")"
req "bookings on closed days" 200 "^\\{\"bookings\":\\[\\{\"id\":\"$ID\",\"service\":\"CAPDOI\",\"slot\":\"${LATER}T09:00:00\\+07:00\",\"minutes\":60\\}\\]\\}$" -- \
	-H "$B" "$U/bookings?closed=1"
req "the staff may list them too" 200 "\"id\":\"$ID\"" -- -H "$ST" "$U/bookings?closed=1"
req "a kiosk may not" 403 forbidden -- -H "$K" "$U/bookings?closed=1"
req "the listing needs closed=1" 400 'closed=1' -- -H "$B" "$U/bookings"
curl -s -o /dev/null -X DELETE -H "$B" "$U/bookings/$ID"
req "a cancelled one is no longer listed" 200 '^\{"bookings":\[\]\}$' -- -H "$B" "$U/bookings?closed=1"
kill -TERM "$SP"; wait "$SP"; SP=

# kioskctl --now: the 2027 calendar, Saturday mornings, a make-up Saturday
cat > "$T/cli.conf" <<CONF
[station]
id = TEST
name_vi = Công an phường Thử
[queue]
sync = normal
[calendar]
closed = 2027-01-01, 2027-02-05..2027-02-13, 2027-04-30
open = 2027-02-20
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
hours = 07:30-11:30, 13:30-17:00
days = mon-fri
hours.sat = 07:30-11:30
CONF
Q=(--config "$T/cli.conf" --db "$T/cli.db")
out=$("$KC" "${Q[@]}" --now 2027-02-08T09:00 issue CAPMOI 2>&1); rc=$?
[ $rc = 4 ] && [[ "$out" == *"CAPMOI is closed now; it opens 2027-02-15 07:30"* ]] && ok ||
	bad "Tết: exit $rc, '$out' (wanted 4 and the Monday after Tết)"
out=$("$KC" "${Q[@]}" --now 2027-02-04T16:59 issue CAPMOI 2>&1) && ok || bad "the day before Tết, 16:59: $out"
out=$("$KC" "${Q[@]}" --now 2027-02-05T00:01 issue CAPMOI 2>&1); rc=$?
[ $rc = 4 ] && ok || bad "00:01 on the first day of Tết: exit $rc, $out"
out=$("$KC" "${Q[@]}" --now 2027-03-06T14:00 issue CAPMOI 2>&1); rc=$?
[ $rc = 4 ] && [[ "$out" == *"it opens 2027-03-08 07:30"* ]] && ok ||
	bad "Saturday afternoon: exit $rc, '$out' (wanted 4, Monday)"
out=$("$KC" "${Q[@]}" --now 2027-03-06T09:00 issue CAPMOI 2>&1) && ok || bad "Saturday morning: $out"
out=$("$KC" "${Q[@]}" --now 2027-02-20T14:00 issue CAPMOI 2>&1) && ok || bad "a make-up Saturday afternoon: $out"
out=$("$KC" "${Q[@]}" --json --now 2027-04-30T09:00 issue CAPMOI 2>/dev/null); rc=$?
[ $rc = 4 ] && [[ "$out" == *'"error":"CLOSED"'* ]] && ok || bad "30/4 --json: exit $rc, $out"

# a calendar mistake is refused with its line
printf '[station]\nid = X\nname_vi = X\n[calendar]\nclosed = 2027-02-13..2027-02-05\n[service.A]\nprefix = A\nname_vi = A\n' > "$T/bad.conf"
out=$("$KC" --config "$T/bad.conf" check 2>&1); rc=$?
[ $rc = 2 ] && [[ "$out" == *"bad.conf:5: [calendar] closed has the range"* ]] && ok ||
	bad "a reversed range: exit $rc, $out"

finish closed_days
