#!/usr/bin/env bash
# GET /api/v1/reports on a real station server (127.0.0.1, curl): only a
# supervisor reads it (a staff member and a kiosk get 403); bad ranges get
# 400 with a reason; the figures of today's tickets, called and served at
# a counter by a staff account, agree with the tickets table; one of them
# rated at the counter's device, its rating in the report's "ratings".
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
rater.1 = rater-token-bbbbbbbbbbbb
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
cap = 2
[counter.1]
services = CAPMOI, CAPDOI
CONF
echo 'correct-horse-battery' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add lan > /dev/null 2>&1
echo 'staple-battery-horse' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add minh --supervisor > /dev/null 2>&1
STAFF="Authorization: Bearer $("$S" --config "$T/kiosk.conf" --db "$T/q.db" user token lan 2> /dev/null)"
SUP="Authorization: Bearer $("$S" --config "$T/kiosk.conf" --db "$T/q.db" user token minh 2> /dev/null)"
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

issue() { curl -s -o /dev/null -w '%{http_code}' -X POST -H "$KIOSK" -d "{\"service\":\"$1\"}" "$U/tickets"; }
for s in CAPMOI CAPMOI CAPMOI CAPDOI CAPDOI; do issue $s > /dev/null; done
[ "$(issue CAPDOI)" = 409 ] && ok || bad "the third CAPDOI was not refused by its cap"
for _ in 1 2 3; do curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/1/next"; done
# the second ticket, finished by the third call, rated at counter 1's device:
# "Không hài lòng", why "Chờ lâu"
RATER='Authorization: Bearer rater-token-bbbbbbbbbbbb'
rated=$(curl -s -H "$RATER" "$U/rating" | jq -r '.ticket.number')
req "a rating" 201 '"level":3' -- -X POST -H "$RATER" -d "{\"number\":\"$rated\",\"level\":3,\"reason\":1}" "$U/ratings"

TODAY=$(TZ=Asia/Ho_Chi_Minh date +%F)
R="$U/reports?from=$TODAY&to=$TODAY"
req "a kiosk may not read reports" 403 '"error"' -- -H "$KIOSK" "$R"
req "a staff member may not" 403 '"error":"supervisor_only"' -- -H "$STAFF" "$R"
req "nobody without a token" 401 '"error"' -- "$R"
req "a supervisor may" 200 '"from":"'"$TODAY"'"' -- -H "$SUP" "$R"
req "to before from" 400 '"error":"bad_range"' -- -H "$SUP" "$U/reports?from=2026-12-02&to=2026-12-01"
req "over three years" 400 '"error":"range_too_long"' -- -H "$SUP" "$U/reports?from=2023-01-01&to=2026-01-01"
req "not a date" 400 '"error":"bad_date"' -- -H "$SUP" "$U/reports?from=2026-02-30&to=2026-03-01"
req "no range" 400 '"error":"bad_date"' -- -H "$SUP" "$U/reports"
req "a date with a tail" 400 '"error":"bad_date"' -- -H "$SUP" "$U/reports?from=2026-12-01%27&to=2026-12-01"
req "an unknown grouping" 400 '"error":"bad_group"' -- -H "$SUP" "$R&group=year"
req "weeks" 200 '"group":"week"' -- -H "$SUP" "$R&group=week"

# the figures against the tickets table (jq reads the JSON, sqlite3 the database)
curl -s -H "$SUP" "$R" > "$T/r.json"
db() { sqlite3 "$T/q.db" "$1"; }
want_eq() { [ "$2" = "$3" ] && ok || bad "$1: report $2, tickets table $3"; }
want_eq "issued" "$(jq .total.issued "$T/r.json")" "$(db 'SELECT COUNT(*) FROM tickets')"
want_eq "served" "$(jq .total.served "$T/r.json")" "$(db "SELECT COUNT(*) FROM tickets WHERE state = 'done'")"
want_eq "waiting now" "$(jq .total.waiting_at_close "$T/r.json")" "$(db "SELECT COUNT(*) FROM tickets WHERE state = 'waiting'")"
want_eq "refused by the cap" "$(jq .total.refused.cap "$T/r.json")" 1
want_eq "visits by lan" "$(jq '.by.staff[] | select(.key == "lan") | .visits.called' "$T/r.json")" 3
want_eq "CAPMOI's name" "$(jq -r '.by.service[0].name_vi' "$T/r.json")" "Cấp mới"
want_eq "waits counted" "$(jq .total.wait.n "$T/r.json")" "$(db 'SELECT COUNT(*) FROM tickets WHERE called_at IS NOT NULL')"
# the ratings, as the ratings table has them
want_eq "rated" "$(jq .ratings.total.rated "$T/r.json")" "$(db 'SELECT COUNT(*) FROM ratings')"
want_eq "rated by lan at counter 1" "$(jq -c '[.ratings.by.staff[] | select(.key == "lan") | .rated,
	(.levels | map(.n))], [.ratings.by.counter[] | select(.key == "1") | .rated, .served]' "$T/r.json" | tr -d '\n')" \
	"[1,[0,0,1]][1,2]"
want_eq "its reason" "$(jq -c '[.ratings.total.reasons[0], .ratings.reasons[0].vi, .ratings.total.satisfaction]' "$T/r.json")" \
	'[{"reason":1,"n":1},"Chờ lâu",0]'
want_eq "channels" "$(jq -c '[.ratings.by.channel[] | [.key, .rated, .served]]' "$T/r.json")" \
	'[["counter",1,2],["phone",0,2]]'
want_eq "the rated ticket's wait" "$(jq .ratings.total.wait.median "$T/r.json")" "$(db 'SELECT wait FROM ratings')"
grep -q '"booking_id"\|"number"' "$T/r.json" && bad "the report names a ticket" || ok
grep -q "\"$rated\"" "$T/r.json" && bad "the report names the rated ticket $rated" || ok
finish reports_api
