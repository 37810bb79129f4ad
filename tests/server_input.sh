#!/usr/bin/env bash
# What kiosks and staff send the station server, as a real process spoken to
# with curl: one kiosk token cannot drain a service's numbers by
# leases ([server] lease_unused, 409 lease_limit; [server] lease_rate, 429);
# an empty typed booking code is refused (400 MALFORMED), never read as a
# scanned one; a pushed number another ticket holds is a final 409
# number_taken, not a 503; ticket numbers and counters from outside only in
# their one canonical form (A012, counter 1), each other spelling a 400/404
# (and kioskctl voice's exit 2); a device report's pending count in 64 bits.
#
# VALGRIND=1: the server runs under valgrind's memcheck, and any error it
# reports (an uninitialised read, a bad access, a definite leak) fails the
# test; tests/CMakeLists.txt runs it so in the normal build.
set -u
. "$(dirname "$0")/lib.sh"

if [ -n "${VALGRIND:-}" ]; then
	command -v valgrind > /dev/null || { echo "valgrind is not installed: skipped (tools/packages-test.txt has it)"; exit 77; }
	REAL=$S
	S=$T/station-server-valgrind
	printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --errors-for-leak-kinds=definite --leak-check=full --track-origins=yes --log-file=%s/vg.%%p.log %s "$@"\n' "$T" "$REAL" > "$S"
	chmod +x "$S"
fi

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
lease_unused = 12
lease_rate = 8
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
kiosk.lobby-2 = kiosk-token-cccccccccccc
kiosk.lobby-3 = kiosk-token-dddddddddddd
band.lobby-1 = 901-949
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
[counter.1]
services = CAPMOI, CAPDOI
CONF
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

K1='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
K2='Authorization: Bearer kiosk-token-cccccccccccc'
K3='Authorization: Bearer kiosk-token-dddddddddddd'
STAFF='Authorization: Bearer staff-token-bbbbbbbbbbbb'
NOW=$(date -u -d "+7 hours" +%Y-%m-%dT%H:%M:%S+07:00) # Vietnam time
lease() { curl -s -w '\n%{http_code}' -X POST -H "$1" -d "{\"service\":\"$2\",\"count\":$3}" "$U/leases"; }
push() { # push KIOSK-HEADER NUMBER REF
	curl -s -w '\n%{http_code}' -X POST -H "$1" -d "{\"service\":\"CAPMOI\",\"number\":\"$2\",\"issued_at\":\"$NOW\",\"client_ref\":\"$3\"}" "$U/tickets"
}

# 1. leases: at most lease_unused numbers held unused per service, then 409
req "a walk-in first" 201 '"number":"A001"' -- -X POST -H "$K2" -d '{"service":"CAPMOI"}' "$U/tickets"
req "a lease of 100 is cut to lease_unused" 201 '"first_number":"A002","last_number":"A013"' -- -X POST -H "$K1" -d '{"service":"CAPMOI","count":100}' "$U/leases"
req "no more while they are unused" 409 '"error":"lease_limit".*"max_unused":12' -- -X POST -H "$K1" -d '{"service":"CAPMOI","count":1}' "$U/leases"
req "walk-ins still get numbers" 201 '"number":"A014"' -- -X POST -H "$K2" -d '{"service":"CAPMOI"}' "$U/tickets"
req "another service is its own" 201 '"first_number":"B001","last_number":"B003"' -- -X POST -H "$K1" -d '{"service":"CAPDOI","count":3}' "$U/leases"
req "another kiosk has its own room" 201 '"holder":"lobby-2".*"first_number":"A015","last_number":"A016"' -- -X POST -H "$K2" -d '{"service":"CAPMOI","count":2}' "$U/leases"
# two leased numbers pushed as issued: room for two more, not three
for n in 2 3; do
	out=$(push "$K1" "A00$n" "lobby-1:used-$n"); [ "${out##*$'\n'}" = 201 ] && ok || bad "push A00$n: $out"
done
req "pushed numbers make room" 201 '"first_number":"A017","last_number":"A018"' -- -X POST -H "$K1" -d '{"service":"CAPMOI","count":5}' "$U/leases"
req "and then none again" 409 lease_limit -- -X POST -H "$K1" -d '{"service":"CAPMOI","count":1}' "$U/leases"
# leases per minute per token: lobby-1 has taken 5 of its 8 now
codes=""
for i in $(seq 6); do codes="$codes $(lease "$K1" CAPDOI 1 | tail -n 1)"; done
[ "$codes" = " 201 201 201 429 429 429" ] && ok || bad "leases past lease_rate: $codes"
req "the 429 says when to come back" 429 '"error":"rate_limited".*"retry_after":[1-9]' -- -X POST -H "$K1" -d '{"service":"CAPDOI","count":1}' "$U/leases"
req "another token is not slowed" 201 '"holder":"lobby-3"' -- -X POST -H "$K3" -d '{"service":"CAPDOI","count":1}' "$U/leases"
req "walk-ins after all that" 201 '"number":"A019"' -- -X POST -H "$K2" -d '{"service":"CAPMOI"}' "$U/tickets"

# 2. an empty typed booking code: 400 MALFORMED (it used to be read as a scanned token)
req "checkin, empty typed code" 400 '"error":"bad_request".*"reason":"MALFORMED"' -- -X POST -H "$K1" -d '{"booking":""}' "$U/checkins"
req "checkin, empty typed code with a ref" 400 MALFORMED -- -X POST -H "$K1" -d '{"booking":"","client_ref":"lobby-1:e1"}' "$U/checkins"
req "checkin, unknown typed code" 422 '"reason":"NOT_FOUND"' -- -X POST -H "$K1" -d '{"booking":"ZALO-404"}' "$U/checkins"
req "checkin, a code that is no code" 422 '"reason":"NOT_FOUND"' -- -X POST -H "$K1" -d '{"booking":"a b"}' "$U/checkins"
req "checkin, a number as the code" 400 'payload' -- -X POST -H "$K1" -d '{"booking":5}' "$U/checkins"
req "checkin, an empty payload" 422 '"reason":"MALFORMED"' -- -X POST -H "$K1" -d '{"payload":""}' "$U/checkins"

# 3. a pushed number another ticket holds: 409 number_taken, for good
out=$(push "$K1" A004 lobby-1:first); [ "${out##*$'\n'}" = 201 ] && ok || bad "push A004: $out"
req "the same number under another ref" 409 '"error":"number_taken"' -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"A004\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:second\"}" "$U/tickets"
req "and again: the same answer" 409 number_taken -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"A004\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:second\"}" "$U/tickets"
req "the first is still its own" 200 '"number":"A004".*"client_ref":"lobby-1:first"' -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"A004\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:first\"}" "$U/tickets"
# a band number the kiosk issued twice (its outbox restored from an old copy)
out=$(push "$K1" A905 lobby-1:band-a); [ "${out##*$'\n'}" = 201 ] && ok || bad "push A905: $out"
req "a band number held by another ticket" 409 number_taken -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"A905\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:band-b\"}" "$U/tickets"
[ "$(curl -s -H "$STAFF" "$U/tickets" | grep -o '"number":"A905"' | wc -l)" = 1 ] && ok || bad "A905 twice in the day's tickets"

# 7. numbers and counters from outside: one canonical form
for n in 01 A1 A0005 a006 'A 006' 'A+006' ' A006' 'A006 ' A-06 A6.0 AA006 A00x 'A%206'; do
	req "pushed number '$n'" 400 'as the slip prints it' -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"$n\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:odd\"}" "$U/tickets"
done
req "pushed number of another service" 400 'as the slip prints it' -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"B004\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:odd\"}" "$U/tickets"
req "pushed in its canonical form" 201 '"number":"A006"' -- -X POST -H "$K1" -d "{\"service\":\"CAPMOI\",\"number\":\"A006\",\"issued_at\":\"$NOW\",\"client_ref\":\"lobby-1:canon\"}" "$U/tickets"
for n in 01 A19 A0019 a019 'A 019' 'B+005' 'B 004' '%201'; do
	req "call '$n'" 400 'as the slip prints it' -- -X POST -H "$STAFF" -d "{\"number\":\"$n\"}" "$U/counters/1/call"
done
req "call A019" 200 '"number":"A019".*"state":"called"' -- -X POST -H "$STAFF" -d '{"number":"A019"}' "$U/counters/1/call"
for c in 01 %201 +1 1%20 1.0 0x1 %2B1; do
	req "counter '$c'" 404 unknown_counter -- -X POST -H "$STAFF" "$U/counters/$c/recall"
done
req "counter 1" 200 '"number":"A019"' -- -X POST -H "$STAFF" "$U/counters/1/recall"
for n in A12 A0012 a012 'A 012' 'A+012' ' A012' 012; do
	"$KC" --config "$T/kiosk.conf" voice "$n" 3 > /dev/null 2> "$T/kc.err"
	[ $? = 2 ] && grep -q 'as the slip prints it' "$T/kc.err" && ok || bad "kioskctl voice '$n': $(cat "$T/kc.err")"
done
for c in 03 +3 ' 3' 3x; do
	"$KC" --config "$T/kiosk.conf" voice A012 "$c" > /dev/null 2> "$T/kc.err"
	[ $? = 2 ] && grep -q 'is not 1 to 99' "$T/kc.err" && ok || bad "kioskctl voice A012 '$c': $(cat "$T/kc.err")"
done

# 4. a kiosk's outbox count in its device report: 64 bits, never negative
req "pending past 32 bits" 200 '^\{\}$' -- -X POST -H "$K1" -d '{"printer":"ok","pending":4294967297}' "$U/devices/status"
req "kept as sent, not wrapped to 1" 200 '"name":"lobby-1",[^}]*"pending":4294967297[,}]' -- -H "$STAFF" "$U/devices"
req "a negative pending" 400 bad_request -- -X POST -H "$K1" -d '{"printer":"ok","pending":-1}' "$U/devices/status"
req "pending as a fraction" 400 bad_request -- -X POST -H "$K1" -d '{"printer":"ok","pending":1.5}' "$U/devices/status"
req "pending beyond 64 bits" 400 bad_json -- -X POST -H "$K1" -d '{"printer":"ok","pending":18446744073709551617}' "$U/devices/status"

kill -TERM "$SP"; wait "$SP"; rc=$?; SP=
[ "$rc" = 0 ] && ok || bad "the server ended with $rc"
if [ -n "${VALGRIND:-}" ]; then
	# -q: a log says something only when memcheck found something
	if cat "$T"/vg.*.log 2>/dev/null | grep -q .; then
		bad "valgrind: $(cat "$T"/vg.*.log | head -60)"
	else
		ok
	fi
fi
finish server_input
