#!/usr/bin/env bash
# The station server as a real process on 127.0.0.1, spoken to with curl:
# every endpoint, auth (401/403), idempotent tickets, each kind of bad input
# (400/404/405/413/422, a request that trickles in too slowly), and no bad
# input changing state.
set -u
. "$(dirname "$0")/lib.sh"

"$KC" booking keygen --out "$T/bk" > /dev/null
cat > "$T/kiosk.conf" <<CONF
[booking]
key.K1 = $(cat "$T/bk.pub")
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
max_body = 1024
request_timeout = 2
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
band.lobby-1 = 901-949
kiosk.lobby-2 = kiosk-token-cccccccccccc
staff.counter-1 = staff-token-bbbbbbbbbbbb
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
[service.SHUT]
prefix = C
name_vi = Đã đóng
hours = 00:00-00:01
days = mon
[counter.1]
services = CAPMOI, CAPDOI
[counter.2]
services = CAPDOI
CONF

start() { serve "$T/kiosk.conf" "$T/q.db"; }
start
[ -n "$PORT" ] && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
STAFF='Authorization: Bearer staff-token-bbbbbbbbbbbb'
count() { curl -s -H "$STAFF" "$U/tickets" | grep -o '"number"' | wc -l; }

req "health, no auth" 200 '"status":"ok".*"station":"TEST"' -- "$U/health"
req "queue without a token" 401 '"error":"unauthorized"' -- "$U/queue"
req "queue with a wrong token" 401 'unauthorized' -- -H 'Authorization: Bearer nope-nope-nope-nope-nope' "$U/queue"
req "staff route with a kiosk token" 403 '"error":"forbidden"' -- -X POST -H "$KIOSK" "$U/counters/1/next"
req "staff list with a kiosk token" 403 forbidden -- -H "$KIOSK" "$U/tickets"

# tickets, idempotent by client_ref
req "issue" 201 '"number":"A001".*"client_ref":"lobby-1:0001".*"people_ahead":0' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:0001","priority":false}' "$U/tickets"
for i in 1 2; do
	req "issue again ($i)" 200 '"number":"A001"' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:0001"}' "$U/tickets"
done
[ "$(count)" = 1 ] && ok || bad "the same client_ref 3 times made $(count) tickets"
req "issue priority" 201 '"number":"A002".*"priority":true' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:0002","priority":true}' "$U/tickets"
req "issue other service" 201 '"number":"B001".*"estimated_wait_s":0' -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI"}' "$U/tickets"
req "staff issue" 201 '"source":"staff"' -- -X POST -H "$STAFF" -d '{"service":"CAPDOI"}' "$U/tickets"

# bad input: a clear status, and nothing changes
before=$(count)
req "malformed JSON" 400 '"error":"bad_json"' -- -X POST -H "$KIOSK" -d '{"service":' "$U/tickets"
req "not an object" 400 'bad_json' -- -X POST -H "$KIOSK" -d '["CAPMOI"]' "$U/tickets"
req "no service" 400 'service' -- -X POST -H "$KIOSK" -d '{"priority":true}' "$U/tickets"
req "bad client_ref" 400 'client_ref' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"a b"}' "$U/tickets"
req "bad priority" 400 'priority' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","priority":"yes"}' "$U/tickets"
req "unknown service" 422 '"error":"unknown_service"' -- -X POST -H "$KIOSK" -d '{"service":"NOPE"}' "$U/tickets"
req "closed service" 409 '"error":"closed".*"opens_at"' -- -X POST -H "$KIOSK" -d '{"service":"SHUT"}' "$U/tickets"
head -c 5000 /dev/zero | tr '\0' 'x' > "$T/big"
req "body over the limit" 413 '"error":"too_large"' -- -X POST -H "$KIOSK" --data-binary @"$T/big" "$U/tickets"
req "unknown route" 404 '"error":"not_found"' -- -H "$KIOSK" "$U/nothing"
req "wrong method" 405 '"error":"method_not_allowed"' -- -X DELETE -H "$KIOSK" "$U/tickets"
req "bad date" 400 'YYYY-MM-DD' -- -H "$STAFF" "$U/tickets?date=2026-02-30"
# a request that trickles in too slowly is cut off
# (6 of 40 bytes sent: the server must close it within request_timeout = 2 s;
# read until it does - 60 s only if it never does)
exec 3<>/dev/tcp/127.0.0.1/$PORT
printf 'POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer kiosk-token-aaaaaaaaaaaa\r\nContent-Length: 40\r\n\r\n{"serv' >&3
reply=$(timeout 60 cat <&3 2>/dev/null); rc=$?
exec 3<&-
[ "$rc" != 124 ] && [ -z "$reply" ] && ok || bad "a slow request was not cut off (rc $rc): $reply"
# random bytes as bodies: each a 400, never a crash or a 5xx
codes=""
for i in $(seq 60); do
	head -c $((RANDOM % 900 + 1)) /dev/urandom > "$T/junk"
	codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$KIOSK" --data-binary @"$T/junk" "$U/tickets")"
done
[ -z "$(echo $codes | tr ' ' '\n' | grep -v '^400$')" ] && ok || bad "random bodies got: $(echo $codes | tr ' ' '\n' | sort | uniq -c | tr '\n' ' ')"
[ "$(count)" = "$before" ] && ok || bad "bad input changed the tickets: $before -> $(count)"

# the queue and the counters
req "queue" 200 '"service":"CAPMOI","prefix":"A",[^}]*"waiting":2' -- -H "$KIOSK" "$U/queue"
req "next (priority first)" 200 '"number":"A002".*"state":"called".*"counter":1' -- -X POST -H "$STAFF" "$U/counters/1/next"
req "recall" 200 '"number":"A002"' -- -X POST -H "$STAFF" "$U/counters/1/recall"
req "no-show" 200 '"number":"A002".*"state":"waiting"' -- -X POST -H "$STAFF" "$U/counters/1/no-show"
# requeued at the end of its class: still a priority ticket, so called again (interleave)
req "next" 200 '"number":"A002"' -- -X POST -H "$STAFF" "$U/counters/1/next"
req "transfer" 200 '"number":"A002".*"service":"CAPDOI".*"state":"waiting"' -- -X POST -H "$STAFF" -d '{"service":"CAPDOI"}' "$U/counters/1/transfer"
req "transfer nobody" 409 '"error":"no_citizen"' -- -X POST -H "$STAFF" -d '{"service":"CAPDOI"}' "$U/counters/1/transfer"
req "transfer without service" 400 'service' -- -X POST -H "$STAFF" -d '{}' "$U/counters/1/transfer"
# transferred with its place and priority: first at counter 2, before B001
req "next at counter 2" 200 '"number":"A002"' -- -X POST -H "$STAFF" "$U/counters/2/next"
req "done" 200 '"number":"A002".*"state":"done"' -- -X POST -H "$STAFF" "$U/counters/2/done"
req "queue shows the call" 200 '"recent_calls":\[\{"id"' -- -H "$STAFF" "$U/queue"
req "unknown counter" 404 '"error":"unknown_counter"' -- -X POST -H "$STAFF" "$U/counters/9/next"
for i in 1 2 3 4; do curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/1/next"; done
req "next with nobody waiting" 204 EMPTY -- -X POST -H "$STAFF" "$U/counters/1/next"
req "tickets of today" 200 '"date":"[0-9-]{10}","tickets":\[' -- -H "$STAFF" "$U/tickets"
req "tickets of another day" 200 '"date":"2026-01-05","tickets":\[\]' -- -H "$STAFF" "$U/tickets?date=2026-01-05"

# changes, as screens and kiosks follow them
req "events: where to start" 200 '^\{"last":[0-9]+,"events":\[\]\}$' -- -H "$KIOSK" "$U/events"
req "events: bad since" 400 'since' -- -H "$KIOSK" "$U/events?since=x"
last=$(curl -s -H "$KIOSK" "$U/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
req "events: what happened after" 200 '"seq":[0-9]+,"kind":"called".*"counter":1' -- -H "$KIOSK" "$U/events?since=$((last - 3))&wait=0"
req "events: nothing new, no wait" 200 '"events":\[\]' -- -H "$KIOSK" "$U/events?since=$last&wait=0"
curl -s -X POST -H "$KIOSK" -d '{"service":"CAPMOI"}' "$U/tickets" > /dev/null
last=$(curl -s -H "$KIOSK" "$U/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
( curl -s -H "$KIOSK" "$U/events?since=$last&wait=10" > "$T/poll"; date +%s%N > "$T/poll.at" ) &
POLL=$!
wait_held 1 || bad "the listener's long-poll did not arrive"
t0=$(date +%s%N)
curl -s -o /dev/null -X POST -H "$STAFF" "$U/counters/1/next"
wait $POLL
ms=$(( ($(cat "$T/poll.at") - t0) / 1000000 ))
# the call, not the wait's end (which answers with no events)
grep -q '"kind":"called".*"counter":1' "$T/poll" && ok || bad "the waiting listener got: $(cat "$T/poll")"
echo "a staff call reached a waiting listener in $ms ms"
# a change made by another program on the same database (a kiosk on this board)
last=$(curl -s -H "$KIOSK" "$U/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
( curl -s -H "$KIOSK" "$U/events?since=$last&wait=10" > "$T/poll2" ) &
POLL=$!
wait_held 1 || bad "the listener's long-poll did not arrive"
"${KIOSKCTL:?}" --config "$T/kiosk.conf" --db "$T/q.db" issue CAPDOI > /dev/null
wait $POLL
grep -q '"kind":"issued".*"service":"CAPDOI"' "$T/poll2" && ok || bad "a kioskctl ticket was not seen: $(cat "$T/poll2")"

# leases: numbers a kiosk may issue while the server is out of reach
KIOSK2='Authorization: Bearer kiosk-token-cccccccccccc'
req "lease" 201 '"holder":"lobby-1".*"first_number":"B[0-9]{3}","last_number":"B[0-9]{3}"' -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI","count":3}' "$U/leases"
LEASE=$(curl -s -X POST -H "$KIOSK" -d '{"service":"CAPDOI","count":3}' "$U/leases")
FIRST=$(echo "$LEASE" | sed -n 's/.*"first_number":"\([^"]*\)".*/\1/p')
LAST=$(echo "$LEASE" | sed -n 's/.*"last_number":"\([^"]*\)".*/\1/p')
NOW=$(date -u -d "+7 hours" +%Y-%m-%dT%H:%M:%S+07:00) # Vietnam time, no tz database needed
req "lease: bad count" 400 'count' -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI","count":0}' "$U/leases"
req "lease: unknown service" 422 unknown_service -- -X POST -H "$KIOSK" -d '{"service":"NOPE","count":2}' "$U/leases"
req "a normal ticket skips the leased numbers" 201 '"number":"B' -- -X POST -H "$KIOSK2" -d '{"service":"CAPDOI"}' "$U/tickets"
NEXT=$(curl -s -X POST -H "$KIOSK2" -d '{"service":"CAPDOI"}' "$U/tickets" | sed -n 's/.*"number":"B\([0-9]*\)".*/\1/p')
[ "$((10#$NEXT))" -gt "$((10#${LAST#B}))" ] && ok || bad "B$NEXT was issued inside the lease $FIRST-$LAST"
req "offline ticket pushed" 201 "\"number\":\"$FIRST\"" -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"$FIRST\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:off-1\"}" "$U/tickets"
req "pushed again" 200 "\"number\":\"$FIRST\"" -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"$FIRST\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:off-1\"}" "$U/tickets"
req "another kiosk cannot use the lease" 409 not_leased -- -X POST -H "$KIOSK2" -d "{\"service\":\"CAPDOI\",\"number\":\"$LAST\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-2:off-1\"}" "$U/tickets"
req "a number outside any lease" 409 not_leased -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"B900\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:off-2\"}" "$U/tickets"
req "an offline ticket without its time" 400 issued_at -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"$LAST\",\"client_ref\":\"lobby-1:off-3\"}" "$U/tickets"
req "a ticket from the kiosk's band" 201 '"number":"B905"' -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"B905\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:band-1\"}" "$U/tickets"
req "another kiosk's band" 409 not_leased -- -X POST -H "$KIOSK2" -d "{\"service\":\"CAPDOI\",\"number\":\"B906\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-2:band-1\"}" "$U/tickets"
req "the lease tells the kiosk its band" 201 '"band":\[901,949\]' -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI","count":1}' "$U/leases"
req "a kiosk cannot use another kiosk's ref" 400 'own' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-2:0001"}' "$U/tickets"
# the answer to an issue was lost; the kiosk printed a band number under the same ref
curl -s -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:lost"}' "$U/tickets" > /dev/null
n=$(count)
req "the printed number replaces the unprinted one" 201 '"number":"A907".*"client_ref":"lobby-1:lost"' -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPMOI\",\"number\":\"A907\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:lost\"}" "$U/tickets"
[ "$(count)" = "$n" ] && ok || bad "replacing made a ticket more: $(count), wanted $n"
req "a number of another service" 400 number -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"A002\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:off-4\"}" "$U/tickets"

# check-in of a scanned booking: the rules at the server, used once for the station
SLOT=$(date -u -d "+7 hours -5 minutes" +%Y%m%d%H%M)
BK=$("$KC" booking mint --key "$T/bk.key" --kid K1 --station TEST --booking ZALO-1 \
	--service CAPDOI --slot "$SLOT" --minutes 30)
req "checkin without a token" 401 unauthorized -- -X POST -d "{\"payload\":\"$BK\"}" "$U/checkins"
req "checkin, no payload" 400 payload -- -X POST -H "$KIOSK" -d '{}' "$U/checkins"
req "checkin, a URL" 422 '"reason":"MALFORMED"' -- -X POST -H "$KIOSK" -d '{"payload":"https://zalo.me/x"}' "$U/checkins"
req "checkin" 201 '"number":"B[0-9]{3}".*"source":"booking"' -- -X POST -H "$KIOSK" -d "{\"payload\":\"$BK\",\"client_ref\":\"lobby-1:bk-1\"}" "$U/checkins"
req "checkin again" 409 '"reason":"ALREADY_USED".*"number":"B' -- -X POST -H "$KIOSK2" -d "{\"payload\":\"$BK\"}" "$U/checkins"
req "an offline ticket for a used booking" 409 booking_used -- -X POST -H "$KIOSK" -d "{\"service\":\"CAPDOI\",\"number\":\"B910\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:bk-2\",\"booking_id\":\"ZALO-1\"}" "$U/tickets"
req "a booking id on an online ticket" 400 booking_id -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI","booking_id":"ZALO-9"}' "$U/tickets"
! grep -q "$BK" "$T/err" && ok || bad "a scanned payload was logged"

# staff accounts: Argon2id passwords, a session cookie, lockout, audit
echo 'correct-horse-battery' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add lan > "$T/user" 2>&1 &&
	grep -q 'staff account lan is ready' "$T/user" && ok || bad "user add: $(cat "$T/user")"
echo 'short' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add weak > /dev/null 2>&1
[ $? = 2 ] && ok || bad "a short password was accepted"
! sqlite3 "$T/q.db" "SELECT hash FROM staff" | grep -q correct-horse && ok || bad "a password is stored in clear"
sqlite3 "$T/q.db" "SELECT hash FROM staff WHERE name = 'lan'" | grep -q '^\$argon2id\$' && ok || bad "not an Argon2id hash"
req "login, wrong password" 401 '"error":"login_failed"' -- -X POST -H 'Content-Type: application/json' -d '{"name":"lan","password":"nope"}' "$U/login"
req "login, no such person" 401 '"error":"login_failed"' -- -X POST -H 'Content-Type: application/json' -d '{"name":"ghost","password":"nope"}' "$U/login"
req "login, bad body" 400 'password' -- -X POST -H 'Content-Type: application/json' -d '{"name":"lan"}' "$U/login"
curl -s -D "$T/headers" -o "$T/login" -X POST -H 'Content-Type: application/json' -d '{"name":"lan","password":"correct-horse-battery"}' "$U/login"
CSRF="X-CSRF-Token: $(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$T/login")"
grep -qi '^set-cookie: session=[A-Za-z0-9_-]\{43\}; Path=/api; HttpOnly; SameSite=Strict' "$T/headers" && ok || bad "login cookie: $(grep -i set-cookie "$T/headers")"
COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\);.*/\1/p' "$T/headers")
curl -s -o /dev/null -X POST -H "$KIOSK" -d '{"service":"CAPMOI"}' "$U/tickets"
req "a staff route with the session" 200 '"state":"called"' -- -X POST -b "$COOKIE" -H "$CSRF" "$U/counters/1/next"
req "a forged session" 401 unauthorized -- -b 'session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' "$U/tickets"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM audit WHERE who = 'lan' AND action = 'next'")" = 1 ] && ok || bad "the call is not in the audit table"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM audit WHERE who = 'counter-1' AND action = 'next'")" -ge 1 ] && ok || bad "token calls are not audited"
# a personal API token: shown once, only its digest kept, revocable
TOKEN=$("$S" --config "$T/kiosk.conf" --db "$T/q.db" user token lan 2> /dev/null)
[ "${#TOKEN}" = 43 ] && ok || bad "user token: '$TOKEN'"
req "a staff route with a personal token" 200 '"tickets"' -- -H "Authorization: Bearer $TOKEN" "$U/tickets"
req "a personal token as a cookie" 401 unauthorized -- -b "session=$TOKEN" "$U/tickets"
req "a session cookie as a bearer token" 401 unauthorized -- -H "Authorization: Bearer ${COOKIE#session=}" "$U/tickets"
! grep -q "$TOKEN" "$T/q.db" "$T/q.db-wal" 2> /dev/null && ok || bad "a personal token is stored in clear"
"$S" --config "$T/kiosk.conf" --db "$T/q.db" user token ghost > /dev/null 2>&1
[ $? = 2 ] && ok || bad "a token for an unknown account"
"$S" --config "$T/kiosk.conf" --db "$T/q.db" user revoke lan | grep -q 'ended' && ok || bad "user revoke"
req "a revoked token" 401 unauthorized -- -H "Authorization: Bearer $TOKEN" "$U/tickets"
req "a revoked session" 401 unauthorized -- -b "$COOKIE" "$U/tickets"
for i in 1 2 3 4 5; do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"name":"lan","password":"wrong"}' "$U/login"; done
req "locked after five wrong passwords" 429 '"error":"locked"' -- -X POST -H 'Content-Type: application/json' -d '{"name":"lan","password":"correct-horse-battery"}' "$U/login"

# killed and started again: nothing lost, the same client_ref still the same ticket
n=$(count)
kill -9 "$SP"; wait "$SP" 2>/dev/null
start
[ "$(count)" = "$n" ] && ok || bad "after kill -9: $(count) tickets, wanted $n"
req "idempotent across a restart" 200 '"number":"A001"' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:0001"}' "$U/tickets"
kill -TERM "$SP"; wait "$SP" && ok || bad "SIGTERM: exit $?"
SP=

# HTTPS: a self-signed certificate, as a station makes one for its LAN
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=station \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$T/server.key" -out "$T/server.crt" 2> /dev/null
sed -e "s#^listen = .*#listen = 127.0.0.1:0\ncert = $T/server.crt\nkey = $T/server.key#" \
    "$T/kiosk.conf" > "$T/tls.conf"
"$S" --config "$T/tls.conf" --db "$T/tls.db" > "$T/out" 2> "$T/err" & SP=$!
for _ in $(seq 600); do grep -q listening "$T/out" && break; sleep 0.1; done
grep -q 'listening on https://127.0.0.1:' "$T/out" && ok || bad "no HTTPS: $(cat "$T/out" "$T/err")"
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
req "https, trusted certificate" 200 '"status":"ok"' -- --cacert "$T/server.crt" "https://127.0.0.1:$PORT/api/v1/health"
curl -s -m 5 -o /dev/null "https://127.0.0.1:$PORT/api/v1/health"
[ $? = 60 ] && ok || bad "an unknown certificate was not refused by curl"
curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/api/v1/health" && bad "plain HTTP answered on the HTTPS port" || ok
# a kiosk trusts the station's certificate: issued online, through TLS
sed -e '/^\[server\]/,/^staff/d' "$T/kiosk.conf" > "$T/tls-kiosk.conf"
# (issue_timeout 10 s: a TLS handshake on a loaded or sanitized build may take more than 1.5 s)
printf '[sync]\nserver = https://127.0.0.1:%s\nname = lobby-1\ntoken = kiosk-token-aaaaaaaaaaaa\nissue_timeout = 10000\noutbox = %s\ncafile = %s\n' \
	"$PORT" "$T/tls-outbox.db" "$T/server.crt" >> "$T/tls-kiosk.conf"
out=$("$KC" --config "$T/tls-kiosk.conf" --json issue CAPMOI 2>&1)
echo "$out" | grep -q '"number":"A001".*"offline":false' && ok || bad "kiosk over https: $out"
sed -i 's#^cafile = .*#cafile =#' "$T/tls-kiosk.conf"
out=$("$KC" --config "$T/tls-kiosk.conf" --json issue CAPMOI 2>&1)
echo "$out" | grep -q '"offline":true' && ok || bad "an untrusted server was trusted: $out"
printf '[server]\ncert = %s\n' "$T/server.crt" | cat "$T/tls-kiosk.conf" - > "$T/half.conf"
"$S" --config "$T/half.conf" --db "$T/x.db" 2>&1 | grep -q 'cert and key go together' && ok || bad "a cert without a key was taken"
kill -TERM "$SP"; wait "$SP"; SP=

finish server_api
