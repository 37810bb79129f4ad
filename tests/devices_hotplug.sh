#!/usr/bin/env bash
# devices_hotplug.sh - the kiosk's printer and scanner pulled out and put
# back while it runs, as the supervisor sees it: a real station-server and
# the real kiosk (headless, SDL's dummy driver) syncing with it, its printer
# the simulated one (sim:DIR, whose status file says "unplugged"), its
# scanner read in evdev mode from a FIFO standing in for the input device
# (removed and its last writer gone = unplugged; made again = plugged back).
# GET /api/v1/devices shows each state within a report or two (the kiosk
# refreshes every 5 s and reports a change at once), the same kiosk process
# throughout (no restart), and the unplug logged once, not at each retry.
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)
KIOSK=${KIOSK:?KIOSK names the kiosk binary}

services="[service.CAPMOI]
prefix = A
name_vi = Cấp mới
hours = 00:00-24:00
days = mon-sun
[counter.1]
services = CAPMOI"
cat > "$T/server.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
$services
CONF
serve "$T/server.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
echo 'staple-battery-horse' | "$S" --config "$T/server.conf" --db "$T/q.db" user add minh --supervisor > /dev/null 2>&1
curl -s -D "$T/h" -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"name":"minh","password":"staple-battery-horse"}' "$U/login"
C=$(sed -n 's/^[Ss]et-[Cc]ookie: \(session=[^;]*\);.*/\1/p' "$T/h")
[ -n "$C" ] && ok || bad "no staff session"

mkfifo "$T/scanner"
exec 3<> "$T/scanner"   # a FIFO opened read-write: there while we hold it
cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[kiosk]
font = $SRC/fonts/DejaVuSans.ttf
font_bold = $SRC/fonts/DejaVuSans-Bold.ttf
translations = $SRC/assets/i18n
[printer]
uri = sim:$T/sim
[scanner]
mode = evdev
device = $T/scanner
[sync]
server = $U
name = lobby-1
token = kiosk-token-aaaaaaaaaaaa
outbox = $T/outbox.db
$services
CONF
# the kiosk's [sync] server is the server's root, not its API
sed -i "s|^server = .*|server = http://127.0.0.1:$PORT|" "$T/kiosk.conf"
"$KIOSK" --config "$T/kiosk.conf" > "$T/kiosk.log" 2>&1 3>&- & KP=$!  # not our FIFO writer
trap 'kill $KP 2> /dev/null; wait $KP 2> /dev/null; cleanup' EXIT

# shows NAME REGEX: wait (60 s at most: the failure path) until GET /devices matches REGEX;
# says how long it took (from the change to the supervisor's view)
shows() {
	local out t0; t0=$(date +%s%N)
	for _ in $(seq 600); do
		out=$(curl -s -m 5 -b "$C" "$U/devices")
		printf '%s' "$out" | grep -Eq -- "$2" &&
			{ ok; echo "$1: seen after $((($(date +%s%N) - t0) / 1000000)) ms"; return 0; }
		kill -0 $KP 2> /dev/null || break
		sleep 0.1
	done
	bad "$1: GET /devices is $out, wanted /$2/"
	return 1
}
DEV='"name":"lobby-1","online":true'

shows "both there at start" "$DEV,[^}]*\"printer\":\"ok\",[^}]*\"scanner\":\"ok\""

# the scanner pulled out: the node goes, and with it its last writer
rm "$T/scanner"
exec 3>&-
shows "the scanner unplugged" "$DEV,[^}]*\"printer\":\"ok\",[^}]*\"scanner\":\"unplugged\""
# put back: the kiosk finds it again by itself
mkfifo "$T/scanner"
exec 3<> "$T/scanner"
shows "the scanner back" "$DEV,[^}]*\"printer\":\"ok\",[^}]*\"scanner\":\"ok\""

# the printer pulled out, then back
echo unplugged > "$T/sim/status"
shows "the printer unplugged" "$DEV,[^}]*\"printer\":\"unplugged\",[^}]*\"scanner\":\"ok\""
echo ok > "$T/sim/status"
shows "the printer back" "$DEV,[^}]*\"printer\":\"ok\",[^}]*\"scanner\":\"ok\""

kill -0 $KP 2> /dev/null && ok || bad "the kiosk is gone: $(tail -5 "$T/kiosk.log")"
n=$(grep -c "scanner: $T/scanner unplugged" "$T/kiosk.log")
[ "$n" = 1 ] && ok || bad "the unplug was logged $n times, wanted once"
n=$(grep -c "scanner: $T/scanner open" "$T/kiosk.log")
[ "$n" = 2 ] && ok || bad "the scanner was opened $n times, wanted 2 (at start, once back)"

finish devices_hotplug
