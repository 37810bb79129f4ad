#!/usr/bin/env bash
# The staff console's and the lobby board's side of the station server, as
# a real process on 127.0.0.1 spoken to with curl: login roles, the CSRF
# token, idle sessions, log out; calling a given number; what only a
# supervisor may change; the kiosks' printer reports; the board's public
# read-only endpoints, the voice of a call, and the pages' files.
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)

mkdir "$T/www"
printf '<!doctype html><title>staff</title>\n' > "$T/www/staff.html"
printf '<!doctype html><title>board</title>\n' > "$T/www/board.html"
printf 'export const x = 1;\n' > "$T/www/app.js"
echo secret > "$T/kiosk.secret"
cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
staff_idle = 600
www = $T/www
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
[voice]
clips = $SRC/assets/voice
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
name_vi = Quầy trả kết quả
CONF

# the server's clock runs $T/clock-offset seconds ahead: the test ages sessions with it
serve "$T/kiosk.conf" "$T/q.db" --clock-offset "$T/clock-offset" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
B=http://127.0.0.1:$PORT
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
issue() { curl -s -o /dev/null -X POST -H "$KIOSK" -d "{\"service\":\"$1\"}" "$U/tickets"; }

echo 'correct-horse-battery' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add lan > /dev/null 2>&1
echo 'staple-battery-horse' | "$S" --config "$T/kiosk.conf" --db "$T/q.db" user add minh --supervisor > "$T/user" 2>&1
grep -q 'supervisor account minh is ready' "$T/user" && ok || bad "user add --supervisor: $(cat "$T/user")"

# login NAME PASSWORD: sets $C (the cookie) and $X (the CSRF header)
login() {
	curl -s -D "$T/h" -o "$T/login" -X POST -H "Content-Type: application/json" -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$U/login"
	C=$(sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\);.*/\1/p' "$T/h")
	X="X-CSRF-Token: $(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$T/login")"
}
login lan correct-horse-battery
grep -q '"name":"lan","role":"staff","csrf":"[A-Za-z0-9_-]\{43\}","idle_seconds":600' "$T/login" && ok || bad "login body: $(cat "$T/login")"
LAN_C=$C LAN_X=$X
req "session after a reload" 200 "\"role\":\"staff\",\"csrf\":\"${X#X-CSRF-Token: }\"" -- -b "$C" "$U/session"
req "session without a cookie" 401 unauthorized -- "$U/session"

# CSRF: a cookie alone does not act
issue CAPMOI; issue CAPMOI; issue CAPMOI; issue CAPDOI
req "an action without the CSRF token" 403 '"error":"csrf"' -- -X POST -b "$C" "$U/counters/1/next"
req "an action with another session's token" 403 '"error":"csrf"' -- -X POST -b "$C" -H 'X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' "$U/counters/1/next"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM tickets WHERE state != 'waiting'")" = 0 ] && ok || bad "a refused action changed the queue"
req "an action without a session" 401 unauthorized -- -X POST -H "$X" "$U/counters/1/next"
req "an action with cookie and token" 200 '"number":"A001","service":"CAPMOI".*"state":"called"' -- -X POST -b "$C" -H "$X" "$U/counters/1/next"

# call a given number
req "call a given number" 200 '"number":"A003".*"state":"called".*"counter":1' -- -X POST -b "$C" -H "$X" -d '{"number":"A003"}' "$U/counters/1/call"
[ "$(sqlite3 "$T/q.db" "SELECT state FROM tickets WHERE number = 'A001'")" = done ] && ok || bad "calling a number did not finish the counter's citizen"
req "call a number already called" 409 '"error":"not_waiting"' -- -X POST -b "$C" -H "$X" -d '{"number":"A003"}' "$U/counters/2/call"
req "call an unknown number" 404 '"error":"unknown_ticket"' -- -X POST -b "$C" -H "$X" -d '{"number":"Z999"}' "$U/counters/2/call"
req "call without a number" 400 '"error":"bad_request"' -- -X POST -b "$C" -H "$X" -d '{"nummer":"A002"}' "$U/counters/2/call"
req "call at an unknown counter" 404 '"error":"unknown_counter"' -- -X POST -b "$C" -H "$X" -d '{"number":"A002"}' "$U/counters/9/call"
req "the policy's next is still A002" 200 '"number":"A002"' -- -X POST -b "$C" -H "$X" "$U/counters/1/next"

# the queue as the console reads it
req "queue: an unnamed counter has no name (each client says its own \"Quầy {n}\"), its services, the ticket and since when" 200 \
	'"counter":1,"name_vi":"","name_en":"","open":true,"services":\["CAPMOI","CAPDOI"\],"serving":"A002","state":"called","service":"CAPMOI","called_at":"[0-9T:+-]{25}"' -- -b "$C" "$U/queue"
req "queue: a named counter" 200 '"counter":2,"name_vi":"Quầy trả kết quả"' -- -b "$C" "$U/queue"
req "queue: the longest wait" 200 '"service":"CAPDOI",[^}]*"waiting":1,[^}]*"longest_wait_s":[0-9]+' -- -b "$C" "$U/queue"

# only a supervisor changes counters and services
req "staff may not change a counter" 403 '"error":"supervisor_only"' -- -X POST -b "$C" -H "$X" -d '{"services":["CAPMOI"]}' "$U/counters/2/services"
req "staff may not switch a service" 403 '"error":"supervisor_only"' -- -X POST -b "$C" -H "$X" -d '{"enabled":false}' "$U/services/CAPDOI/enabled"
login minh staple-battery-horse
grep -q '"role":"supervisor"' "$T/login" && ok || bad "supervisor login: $(cat "$T/login")"
LAST=$(curl -s -b "$C" "$U/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
req "a counter's services" 200 '"counter":2,"services":\["CAPMOI"\]' -- -X POST -b "$C" -H "$X" -d '{"services":["CAPMOI"]}' "$U/counters/2/services"
req "an unknown service" 422 '"error":"unknown_service"' -- -X POST -b "$C" -H "$X" -d '{"services":["NOPE"]}' "$U/counters/2/services"
req "services not a list" 400 bad_request -- -X POST -b "$C" -H "$X" -d '{"services":"CAPMOI"}' "$U/counters/2/services"
req "the change is an event" 200 '"kind":"counter".*"counter":2' -- -b "$C" "$U/events?since=$LAST&wait=2"
issue CAPMOI
req "counter 2 now calls CAPMOI, not CAPDOI" 200 '"number":"A004"' -- -X POST -b "$C" -H "$X" "$U/counters/2/next"
req "the queue shows it" 200 '"counter":2,[^}]*"services":\["CAPMOI"\]' -- -b "$C" "$U/queue"
req "switch a service off for today" 200 '"service":"CAPDOI","enabled":false' -- -X POST -b "$C" -H "$X" -d '{"enabled":false}' "$U/services/CAPDOI/enabled"
req "a kiosk is refused it" 409 '"error":"disabled"' -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI"}' "$U/tickets"
req "the queue says so" 200 '"service":"CAPDOI",[^}]*"enabled":false' -- -H "$KIOSK" "$U/queue"
req "the board says so" 200 '"service":"CAPDOI",[^}]*"enabled":false' -- "$U/board"
req "an event names the service" 200 '"kind":"service".*"service":"CAPDOI"' -- -b "$C" "$U/events?since=$LAST&wait=2"
req "switch it on again" 200 '"enabled":true' -- -X POST -b "$C" -H "$X" -d '{"enabled":true}' "$U/services/CAPDOI/enabled"
req "the kiosk may issue it again" 201 '"number":"B002"' -- -X POST -H "$KIOSK" -d '{"service":"CAPDOI"}' "$U/tickets"
req "enabled must be a boolean" 400 bad_request -- -X POST -b "$C" -H "$X" -d '{"enabled":"no"}' "$U/services/CAPDOI/enabled"
req "an unknown service" 404 unknown_service -- -X POST -b "$C" -H "$X" -d '{"enabled":false}' "$U/services/NOPE/enabled"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM audit WHERE who = 'minh' AND action LIKE 'service o%'")" = 2 ] && ok || bad "service switches are not audited"

# the kiosks' printers, as the supervisor sees them
LAST=$(curl -s -b "$C" "$U/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
req "a kiosk reports paper out" 200 '^\{\}$' -- -X POST -H "$KIOSK" -d '{"printer":"paper_out","detail":"A006 not printed","pending":2}' "$U/devices/status"
req "the supervisor sees it" 200 '"name":"lobby-1","online":true,"seen":"[^"]+","printer":"paper_out","detail":"A006 not printed","pending":2' -- -b "$C" "$U/devices"
req "as an event, at once" 200 '"kind":"device".*"device":"lobby-1"' -- -b "$C" "$U/events?since=$LAST&wait=2"
LAST=$(curl -s -b "$C" "$U/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
curl -s -o /dev/null -X POST -H "$KIOSK" -d '{"printer":"paper_out","pending":2}' "$U/devices/status"
req "the same state again is no new event" 200 '"events":\[\]' -- -b "$C" "$U/events?since=$LAST&wait=0"
req "no scanner named: none" 200 '"pending":2,"scanner":"none"' -- -b "$C" "$U/devices"
curl -s -o /dev/null -X POST -H "$KIOSK" -d '{"printer":"paper_out","pending":2,"scanner":"unplugged"}' "$U/devices/status"
req "its scanner unplugged: a change" 200 '"kind":"device".*"device":"lobby-1"' -- -b "$C" "$U/events?since=$LAST&wait=2"
req "the supervisor sees the scanner" 200 '"printer":"paper_out",[^}]*"scanner":"unplugged"' -- -b "$C" "$U/devices"
req "an unknown scanner state" 400 bad_request -- -X POST -H "$KIOSK" -d '{"printer":"ok","scanner":"lost"}' "$U/devices/status"
req "a printer unplugged" 200 '^\{\}$' -- -X POST -H "$KIOSK" -d '{"printer":"unplugged","scanner":"ok"}' "$U/devices/status"
req "shows as such" 200 '"printer":"unplugged",[^}]*"scanner":"ok"' -- -b "$C" "$U/devices"
req "an unknown printer state" 400 bad_request -- -X POST -H "$KIOSK" -d '{"printer":"on fire"}' "$U/devices/status"
req "a detail too long" 400 bad_request -- -X POST -H "$KIOSK" -d "{\"printer\":\"ok\",\"detail\":\"$(printf 'x%.0s' $(seq 80))\"}" "$U/devices/status"
req "a kiosk may not read the devices" 403 forbidden -- -H "$KIOSK" "$U/devices"
req "nobody may report without a token" 401 unauthorized -- -X POST -d '{"printer":"ok"}' "$U/devices/status"

# the lobby board: public, read-only, numbers and counters only
req "board" 200 '"station":\{"id":"TEST","name_vi":"Trạm thử".*"calls":\[\{"number":"A004","service":"CAPMOI","counter":2,"counter_name_vi":"Quầy trả kết quả","counter_name_en":"","called_at":"[^"]+","recalls":0\}' -- "$U/board"
req "board events without a token" 200 '"last":[0-9]+,"events":\[\]' -- "$U/board/events"
issue CAPMOI
since=$(curl -s "$U/board/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
req "board events wait for a call" 200 '"kind":"called","at":"[^"]+","number":"A005"' -- "$U/board/events?since=$since&wait=8" &
W=$!; wait_held 1; curl -s -o /dev/null -X POST -b "$C" -H "$X" "$U/counters/2/next"; wait $W
req "the staff events still need a token" 401 unauthorized -- "$U/events"
req "the board cannot act" 405 method_not_allowed -- -X POST "$U/board"

# the voice of a call, for the board page
code=$(curl -s -o "$T/call.wav" -w '%{http_code} %{content_type}' "$B/voice?number=A012&counter=3")
[ "$code" = "200 audio/wav" ] && ok || bad "voice: $code"
[ "$(head -c 4 "$T/call.wav")" = RIFF ] && [ "$(stat -c %s "$T/call.wav")" -gt 20000 ] && ok || bad "voice: not a WAV of a call"
req "voice, a bad number" 400 bad_request -- "$B/voice?number=A01;2&counter=3"
req "voice, no counter" 400 bad_request -- "$B/voice?number=A012"
req "voice, counter 100" 400 bad_request -- "$B/voice?number=A012&counter=100"

# the pages' files
curl -s -D "$T/h" -o "$T/page" "$B/staff"
grep -qi '^content-type: text/html; charset=utf-8' "$T/h" && grep -q '<title>staff' "$T/page" && ok || bad "/staff: $(head -3 "$T/h")"
grep -qi "^content-security-policy: default-src 'self'; frame-ancestors 'none'" "$T/h" && grep -qi '^x-frame-options: DENY' "$T/h" && ok || bad "/staff: no CSP or framing rule"
req "/board" 200 '<title>board' -- "$B/board"
code=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$B/static/app.js")
[ "$code" = "200 text/javascript; charset=utf-8" ] && ok || bad "/static/app.js: $code"
req "no way out of the folder" 404 not_found -- --path-as-is "$B/static/../kiosk.secret"
req "no hidden files" 404 not_found -- "$B/static/.htaccess"
req "no unknown types" 404 not_found -- "$B/static/kiosk.secret"
req "no such file" 404 not_found -- "$B/static/nope.js"

# idle sessions end; logging out ends one at once
req "lan's session is alive" 200 '"name":"lan"' -- -b "$LAN_C" "$U/session"
echo 601 > "$T/clock-offset" # staff_idle = 600
req "an idle session has ended" 401 unauthorized -- -b "$LAN_C" "$U/session"
echo 0 > "$T/clock-offset"
login lan correct-horse-battery
req "log out" 200 '^\{\}$' -- -X POST -b "$C" -H "$X" "$U/logout"
req "logged out" 401 unauthorized -- -b "$C" "$U/session"

# two staff pressing next at once, many times: no ticket twice, none skipped
login lan correct-horse-battery
for i in $(seq 12); do issue CAPMOI; done
: > "$T/called"
pids=
for i in $(seq 12); do
	curl -s -X POST -b "$C" -H "$X" "$U/counters/$((i % 2 + 1))/next" >> "$T/called" & pids="$pids $!"
done
wait $pids
n=$(grep -o '"number":"[A-Z][0-9]*"' "$T/called" | sort | uniq | wc -l)
d=$(grep -o '"number":"[A-Z][0-9]*"' "$T/called" | sort | uniq -d | wc -l)
[ "$n" = 12 ] && [ "$d" = 0 ] && ok || bad "12 nexts at once called $n different tickets, $d twice"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM tickets t WHERE state = 'waiting' AND EXISTS
	(SELECT 1 FROM tickets u WHERE u.service = t.service AND u.queued_at > t.queued_at
	 AND u.called_at IS NOT NULL)")" = 0 ] && ok || bad "a ticket was skipped"

# a lobby board waiting on its long-poll does not hold the server's stop
since=$(curl -s "$U/board/events" | sed -n 's/.*"last":\([0-9]*\).*/\1/p')
curl -s -m 70 "$U/board/events?since=$since&wait=60" > /dev/null &
wait_held 1 || bad "the board's long-poll did not arrive"
t0=$(date +%s)
kill -TERM "$SP"; wait "$SP" && ok || bad "SIGTERM: exit $?"
# a held stop would last the poll's 60 s; a loaded machine takes seconds at most
[ $(($(date +%s) - t0)) -lt 30 ] && ok || bad "a waiting long-poll held the stop for $(($(date +%s) - t0)) s"
SP=
finish staff_api
