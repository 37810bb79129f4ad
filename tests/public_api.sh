#!/usr/bin/env bash
# The tickets' own pages on the public listener ([public] listen; a real
# station server on 127.0.0.1, curl, jq, python3; docs/public.md):
# - nothing but /t/* answers there: every route of the API (read from the
#   route table in server/api.c), with every method, is 404, as are the
#   page's paths with another method;
# - a page follows its ticket: people ahead, the wait as a range, a
#   long-poll woken by a call, "called to counter N", done -> one rating by
#   phone (409 after), counted as the phone channel; a fifth page behind
#   one address, where only four may wait, is told to poll;
# - a kiosk's token it has not pushed yet says received:false, then opens
#   the ticket once pushed; a token of another kiosk key, another day or
#   garbage is the same 404;
# - a flood from one address (127.0.0.2) gets 429 with Retry-After;
# - 10,000 random tokens: all 404 with one body, and their times beside
#   those of tokens one character from a real one (tests/public_probe.py).
set -u
. "$(dirname "$0")/lib.sh"
SRC=${KIOSK_SRC:?KIOSK_SRC names the source tree}
KTOKEN=kiosk-token-aaaaaaaaaaaa

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
name_en = Test station
hotline = 0274 3 123 456
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
www = $SRC/www
kiosk.lobby-1 = $KTOKEN
[public]
listen = 127.0.0.1:0
per_minute = 30
near = 2
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
name_en = New card
hours = 00:00-24:00
days = mon-sun
avg_minutes = 10
[counter.1]
services = CAPMOI
[counter.2]
services = CAPMOI
CONF
echo 'correct-horse-battery' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add lan > /dev/null 2>&1
STAFF="Authorization: Bearer $("$S" --config "$T/kiosk.conf" --db "$T/q.db" user token lan 2> /dev/null)"
KIOSK="Authorization: Bearer $KTOKEN"
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
PUB=$(sed -n 's/.*ticket pages on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/out")
[ -n "$PUB" ] && ok || { bad "no public listener: $(cat "$T/out")"; exit 1; }
P=http://127.0.0.1:$PUB
TODAY=$(curl -s "$U/health" | jq -r .time | cut -c1-10)

# --- nothing of the API answers there ---------------------------------------
routes=$(sed -n 's/^\t{ "\([A-Z]*\)", "\([^"]*\)".*/\1 \2/p' "$SRC/server/api.c")
[ "$(printf '%s\n' "$routes" | wc -l)" -gt 30 ] && ok || bad "the route table was not read: $routes"
n=0
while read -r method path; do
	path=${path//\*/1}
	# the route is there on the API's listener (anything but 404 for its own method)
	code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X "$method" "http://127.0.0.1:$PORT$path")
	[ "$code" != 404 ] || [ "$path" = /static/1 ] || [ "$path" = /static/vendor/chart.js ] ||
		bad "$method $path: 404 on the API's own listener"
	for m in GET POST PUT DELETE PATCH OPTIONS; do
		code=$(curl -s -m 10 -o "$T/body" -w '%{http_code}' -X "$m" -H "$STAFF" "$P$path")
		if [ "$code" = 404 ] && ! grep -q "$path\|method" "$T/body"; then n=$((n + 1)); else
			bad "public $m $path: $code $(cat "$T/body")"; fi
	done
	code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -I "$P$path")
	[ "$code" = 404 ] && n=$((n + 1)) || bad "public HEAD $path: $code"
done <<< "$routes"
[ "$n" -gt 200 ] && ok || bad "only $n route/method pairs were 404"
for path in / /staff /board /rate /voice /t /t/ /t/s /t/s/staff.html /t/s/../kiosk.conf \
	/t/s/board.js /api /api/v1 /%2e%2e/etc/passwd; do
	req "public GET $path" 404 . -- "$P$path"
done

# --- a page follows its ticket ---------------------------------------------
issue() { curl -s -m 10 -X POST -H "$STAFF" -d '{"service":"CAPMOI"}' "$U/tickets"; }
state() { curl -s -m 40 "$P/t/$1/state${2:-}"; }
for _ in 1 2 3; do issue > /dev/null; done
issue > "$T/mine.json"
TOK=$(jq -r .page "$T/mine.json") MINE=$(jq -r .number "$T/mine.json")
[ "${#TOK}" = 22 ] && [ "$MINE" = A004 ] && ok || bad "a staff ticket's page: $(cat "$T/mine.json")"
issue | jq -e 'has("page")' > /dev/null && ok || bad "each staff ticket gets its own page"
kiosk_json=$(curl -s -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:x1"}' "$U/tickets")
printf '%s' "$kiosk_json" | jq -e 'has("page") | not' > /dev/null && ok ||
	bad "a kiosk that sent no page was given one: $kiosk_json"
state "$TOK" > "$T/s.json"
jq -e '.received and .ticket.number == "A004" and .ticket.state == "waiting" and
	.ticket.ahead == 3 and .ticket.wait_min > 0 and .ticket.wait_max > .ticket.wait_min and
	.near == 2 and .station.hotline == "0274 3 123 456" and .rating == null' "$T/s.json" \
	> /dev/null && ok || bad "the page's first state: $(cat "$T/s.json")"
jq -e '[.. | strings] | map(test("lan|Bearer|client_ref")) | any | not' "$T/s.json" > /dev/null &&
	ok || bad "the page names something it should not: $(cat "$T/s.json")"
req "the HTML page of a ticket" 200 . -- "$P/t/$TOK"
curl -s -D "$T/h" -o /dev/null "$P/t/$TOK"
grep -qi '^Referrer-Policy: no-referrer' "$T/h" && grep -qi '^Content-Security-Policy: default-src' "$T/h" &&
	! grep -qi '^Set-Cookie' "$T/h" && ok || bad "the page's headers: $(cat "$T/h")"
req "the page's script" 200 . -- "$P/t/s/ticket.js"
for m in POST PUT DELETE; do req "$m on the page" 404 . -- -X "$m" "$P/t/$TOK"; done
req "GET on the rating" 404 . -- "$P/t/$TOK/rating"
req "POST on the state" 404 . -- -X POST "$P/t/$TOK/state"
req "bad wait" 400 '"bad_request"' -- "$P/t/$TOK/state?since=1&wait=99"

# a long-poll woken by a call ahead (not by its time running out: wait=30)
SEQ=$(jq .seq "$T/s.json")
state "$TOK" "?since=$SEQ&wait=30" > "$T/held.json" & HELD=$!
PORT=$PUB wait_held 1 || bad "the long-poll did not arrive"
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/1/next"
wait "$HELD"
jq -e '.ticket.ahead == 2 and .seq > '"$SEQ"' and (.serving | length) == 1 and
	.serving[0].counter == 1 and .serving[0].number == "A001"' "$T/held.json" > /dev/null && ok ||
	bad "after a call ahead: $(cat "$T/held.json")"
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/2/next"
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/1/next"
state "$TOK" | jq -e '.ticket.ahead == 0 and .ticket.wait_min == 0' > /dev/null && ok ||
	bad "nobody ahead: $(state "$TOK")"
req "not served yet: no rating" 409 '"not_finished"' -- -X POST -d '{"level":1}' "$P/t/$TOK/rating"
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/2/next"
state "$TOK" | jq -e '.ticket.state == "called" and .ticket.counter == 2 and .ticket.ahead == 0
	and .ticket.recalls == 0 and (.ticket.called_at | startswith("'"$TODAY"'"))' \
	> /dev/null && ok || bad "called to counter 2: $(state "$TOK")"
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/2/recall"
state "$TOK" | jq -e '.ticket.state == "called" and .ticket.recalls == 1' > /dev/null && ok ||
	bad "recalled: $(state "$TOK")"
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/2/done"
state "$TOK" > "$T/done.json"
jq -e '.ticket.state == "done" and .rating.open and (.rating.rated | not) and
	(.rating.levels_vi | length) == 3' "$T/done.json" > /dev/null && ok ||
	bad "done: $(cat "$T/done.json")"
req "bad rating: level 9" 400 '"bad_request"' -- -X POST -d '{"level":9}' "$P/t/$TOK/rating"
req "bad rating: not JSON" 400 . -- -X POST -d 'level=1' "$P/t/$TOK/rating"
req "a rating by phone" 201 '"rated":true' -- -X POST -d '{"level":3,"reason":1}' "$P/t/$TOK/rating"
req "once" 409 '"already_rated"' -- -X POST -d '{"level":1}' "$P/t/$TOK/rating"
state "$TOK" | jq -e '.rating.rated and (.rating.open | not)' > /dev/null && ok || bad "rated: $(state "$TOK")"
[ "$(sqlite3 "$T/q.db" "SELECT channel || ' ' || number || ' ' || level FROM ratings")" = "phone A004 3" ] &&
	ok || bad "the rating stored: $(sqlite3 "$T/q.db" 'SELECT * FROM ratings')"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM ticket_pages WHERE length(hash) = 32")" -ge 5 ] &&
	! sqlite3 "$T/q.db" .dump | grep -q "$TOK" && ok || bad "tokens are kept in clear"

# --- a kiosk's ticket: not received yet, then followed ----------------------
KT=$("$PAGE_TOKEN" "$KTOKEN" "$TODAY")
state "$KT" | jq -e '.received == false and (has("ticket") | not)' > /dev/null && ok ||
	bad "not received yet: $(state "$KT")"
req "not received: no rating" 409 '"not_finished"' -- -X POST -d '{"level":1}' "$P/t/$KT/rating"
req "not received: the page still opens" 200 . -- "$P/t/$KT"
state "$KT" "?since=0&wait=30" > /dev/null # nothing to wait for: answers at once
state "$KT" "?since=$(state "$KT" | jq .seq)&wait=30" > "$T/kheld.json" & HELD=$!
PORT=$PUB wait_held 1 || bad "the not-received long-poll did not arrive"
curl -s -o "$T/push.json" -X POST -H "$KIOSK" \
	-d "{\"service\":\"CAPMOI\",\"client_ref\":\"lobby-1:k1\",\"page\":\"$KT\"}" "$U/tickets"
wait "$HELD"
jq -e '.received and .ticket.number == "'"$(jq -r .number "$T/push.json")"'"' "$T/kheld.json" \
	> /dev/null && ok || bad "pushed: $(cat "$T/kheld.json") after $(cat "$T/push.json")"
OTHER=$("$PAGE_TOKEN" kiosk-token-not-this-station "$TODAY")
YESTERDAY=$("$PAGE_TOKEN" "$KTOKEN" "$(date -d "$TODAY -1 day" +%F)")
for tk in "$OTHER" "$YESTERDAY" AAAAAAAAAAAAAAAAAAAAAA "${KT:0:21}" "${KT}A" "${KT:0:21}=" '%2e%2e' \
	"$(printf '%s' "$KT" | tr 'a-z' 'A-Z')"; do
	req "wrong token $tk" 404 '"not_found"' -- "$P/t/$tk/state"
done
# a kiosk's page it did not make (another key) is not kept; the ticket is
curl -s -o "$T/push2.json" -w '%{http_code}' -X POST -H "$KIOSK" \
	-d "{\"service\":\"CAPMOI\",\"client_ref\":\"lobby-1:k2\",\"page\":\"$OTHER\"}" "$U/tickets" |
	grep -q 201 && ok || bad "a ticket with a foreign page was refused: $(cat "$T/push2.json")"
req "a foreign page opens nothing" 404 . -- "$P/t/$OTHER/state"
grep -q "is not one it made for that day" "$T/err" && ok || bad "the foreign page was not logged"
! grep -q "$KT\|$TOK" "$T/err" "$T/out" && ok || bad "a token in the log"

# --- more pages behind one address than may wait: the rest poll -------------
# a stranger's address holds at most 4 long-polls (conn_guard.h): of five
# pages behind one address, one is answered at once and told when to ask
# again (whichever came last); the four others wait for the next change
SEQ=$(state "$TOK" | jq .seq)
pids=
for i in 1 2 3 4 5; do
	curl -s -m 40 --interface 127.0.0.3 "$P/t/$TOK/state?since=$SEQ&wait=30" > "$T/w$i" & pids="$pids $!"
done
wait -n $pids # the one told to poll; the others wait 30 s or for a change
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/1/next" # wakes the four
wait $pids
polled=0 woken=0
for i in 1 2 3 4 5; do
	jq -e '.received and .seq == '"$SEQ"' and .poll > 0' "$T/w$i" > /dev/null && polled=$((polled + 1))
	jq -e '.seq > '"$SEQ"' and (has("poll") | not)' "$T/w$i" > /dev/null && woken=$((woken + 1))
done
[ "$polled" = 1 ] && [ "$woken" = 4 ] && ok ||
	bad "five pages behind 127.0.0.3: $polled told to poll, $woken woken: $(cat "$T"/w?)"

# --- a flood, and 10,000 wrong tokens ---------------------------------------
python3 "$SRC/tests/public_probe.py" "$P" "$TOK" 10000 > "$T/probe" 2>&1 && ok ||
	bad "public_probe: $(cat "$T/probe")"
cat "$T/probe"
req "127.0.0.1 is not limited" 200 . -- "$P/t/$TOK/state"

# --- HTTPS with the station's certificate, as the API has it ----------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=station \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/server.key" -out "$T/server.crt" 2> /dev/null
kill "$SP" && wait "$SP"
sed "0,/^listen = /s#^listen = .*#&\ncert = $T/server.crt\nkey = $T/server.key#" "$T/kiosk.conf" \
	> "$T/tls.conf" # under [server]
serve "$T/tls.conf" "$T/q.db" && ok || { bad "no TLS server: $(cat "$T/err")"; exit 1; }
grep -q 'ticket pages on https://127.0.0.1:' "$T/out" && ok || bad "not https: $(cat "$T/out")"
PUB=$(sed -n 's/.*ticket pages on https:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/out")
req "the page over https" 200 '"received":true' -- --cacert "$T/server.crt" \
	"https://127.0.0.1:$PUB/t/$TOK/state"
req "the API is not there over https either" 404 . -- --cacert "$T/server.crt" \
	"https://127.0.0.1:$PUB/api/v1/health"
curl -s -m 10 -o /dev/null "http://127.0.0.1:$PUB/t/$TOK/state" && bad "plain http answered" || ok

finish public_api
