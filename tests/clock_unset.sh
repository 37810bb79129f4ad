#!/usr/bin/env bash
# A real station-server started on a board whose clock reads 1970 (no RTC,
# no NTP yet), faked by libfaketime (Debian's faketime; skipped, 77, where it
# is missing): the journal says the clock is before this build and that it
# will not issue; POST /tickets answers 503 clock_unset and nothing is
# stored, also at 2025-06-01 (after 2024, still before this build); the clock set (the faked time follows a file) - numbers at once,
# without a restart, and the journal says it issues again.
set -u
. "$(dirname "$0")/lib.sh"
LIB=/usr/lib/$(gcc -print-multiarch 2> /dev/null)/faketime/libfaketimeMT.so.1
if [ ! -e "$LIB" ]; then
	echo "clock_unset: skipped: libfaketime is not installed (apt-get install faketime)"
	exit 77
fi
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
[counter.1]
services = CAPMOI
CONF
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
echo "@1970-01-01 01:02:03" > "$T/time"
# the sanitizers' runtime does not mind coming after libfaketime here
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
LD_PRELOAD=$LIB FAKETIME_TIMESTAMP_FILE=$T/time FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 \
	serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

grep -Eq 'error: the system clock reads 1970-01-01T08:02:0[0-9]\+07:00, before this build \([0-9]{4}-[0-9]{2}-[0-9]{2}\): not issuing until it is set \(NTP: systemd-timesyncd\)' "$T/err" &&
	ok || bad "no journal line for the unset clock: $(cat "$T/err")"
req "health answers (with the clock it has)" 200 '"time":"1970-01-01T08:' -- "$U/health"
req "no number at 1970" 503 '"error":"clock_unset"' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:1"}' "$U/tickets"
[ "$(sqlite3 "$T/q.db" 'SELECT count(*) FROM tickets')" = 0 ] && ok || bad "a ticket was stored"

# a clock that looks plausible but is before this build is not believed either
echo "@2025-06-01 02:00:00" > "$T/time"
req "no number before this build" 503 '"error":"clock_unset"' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:3"}' "$U/tickets"
[ "$(sqlite3 "$T/q.db" 'SELECT count(*) FROM tickets')" = 0 ] && ok || bad "a ticket was stored"

echo "+0" > "$T/time" # timesyncd did its work: the real time from now on
req "the clock is right: a number, no restart" 201 '"number":"A001"' -- -X POST -H "$KIOSK" -d '{"service":"CAPMOI","client_ref":"lobby-1:2"}' "$U/tickets"
# the ticket makes the upkeep thread look again within a second: it says so
for _ in $(seq 1200); do grep -q 'the system clock is set' "$T/err" && break; sleep 0.05; done
grep -Eq 'info: the system clock is set \(20[0-9-]+T[0-9:]+\+07:00\): issuing again' "$T/err" && ok ||
	bad "no 'issuing again' line: $(cat "$T/err")"
finish clock_unset
