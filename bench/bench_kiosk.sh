#!/usr/bin/env bash
# The kiosk under Xvfb, software renderer, 1080x1920 portrait:
#   exec -> first frame of home; RSS and PSS after start and after 100 tickets;
#   CPU used over 10 idle seconds; tap (or key) -> slip bytes handed to the
#   printer transport, p50/p99; a booking QR typed by a wedge scanner
#   (xdotool, 4 ms a key) -> its slip's bytes, p50/p99.
# Needs xvfb and xdotool (installed if missing).  Run from the source folder
# after a build:  bench/bench_kiosk.sh
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
K=$ROOT/build/kiosk
for p in xvfb xdotool; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null
done
T=$(mktemp -d)
cleanup() { kill "$KP" "$XP" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
sed -e 's/^hours = .*//' -e "s#^font = fonts/#font = $ROOT/fonts/#" \
    -e "s#^font_bold = fonts/#font_bold = $ROOT/fonts/#" \
    -e "s#^translations = assets#translations = $ROOT/assets#" "$ROOT/kiosk.conf" |
	awk '/^\[service\./ { print; print "hours = 00:00-24:00"; print "days = mon-sun"; next }
	     /^days = / { next } { print }' > "$T/kiosk.conf"
"$ROOT/build/kioskctl" booking keygen --out "$T/bk" > /dev/null
sed -i "s#^\# key.K1 = .*#key.K1 = $(cat "$T/bk.pub")#" "$T/kiosk.conf"

Xvfb :91 -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 & XP=$!
for _ in $(seq 50); do xdpyinfo -display :91 >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=:91 KIOSK_BENCH=1
start() { # start the kiosk; sets KP, adds ms from exec to its first frame to $firsts
	: > "$T/log"
	local t0=$(date +%s%N)
	"$K" --config "$T/kiosk.conf" --db "$T/q.db" --printer "sim:$T/slips" >/dev/null 2> "$T/log" &
	KP=$!
	for _ in $(seq 200); do grep -q 'bench: first-frame' "$T/log" && break; sleep 0.02; done
	firsts="$firsts $(( ($(awk '/bench: first-frame/ { print $3; exit }' "$T/log") - t0) / 1000000 ))"
}
firsts=""
for run in 1 2 3 4 5; do # the first run also creates the database
	start
	[ $run -lt 5 ] && { kill -TERM "$KP"; wait "$KP" || true; }
done
read -r _ _ bx by bw bh < <(grep 'bench: service-0' "$T/log")
sleep 1
mem() { awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { printf "RSS %.1f MB, PSS %.1f MB", r/1024, p/1024 }' "/proc/$KP/smaps_rollup"; }
cpu() { awk '{ print $14 + $15 }' "/proc/$KP/stat"; }
echo "exec -> first frame, 5 starts (ms):$firsts; median $(echo $firsts | tr ' ' '\n' | sort -n | sed -n 3p) ms"
echo "after start: $(mem)"
if perf stat -e task-clock true >/dev/null 2>&1; then
	echo "idle CPU over 10 s: $(perf stat -x, -e task-clock -p "$KP" sleep 10 2>&1 | awk -F, '{ printf "%.1f ms", $1 }')"
else
	c0=$(cpu); sleep 10; c1=$(cpu)
	echo "idle CPU over 10 s: $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) )) ms (clock ticks)"
fi
# 20 taps on the first service (a second apart: the double-tap guard), 80 keypad picks
for i in $(seq 20); do
	xdotool mousemove $((bx + bw / 2)) $((by + bh / 2)) click 1; sleep 0.3
	xdotool key Escape; sleep 0.9
done
for i in $(seq 80); do xdotool key 1; sleep 0.15; xdotool key Escape; sleep 0.05; done
sleep 2
echo "after 100 tickets: $(mem); slips printed: $(ls "$T/slips" | grep -c escpos)"
pct() { sort -n | awk -v what="$1" '{ v[NR] = $1 } END { printf "%s (%d): p50 %.1f ms, p99 %.1f ms\n", what, NR, v[int(NR/2)+1]/1000, v[int(NR*0.99)+(NR*0.99>int(NR*0.99))]/1000 }'; }
grep 'bench: tap-to-bytes' "$T/log" | awk '{ print $3 }' | pct "tap -> slip bytes"
taps=$(grep -c 'bench: tap-to-bytes' "$T/log")
# 20 booking QR codes, as a wedge scanner types them
SLOT=$(date -u -d "+7 hours" +%Y%m%d%H00)
for i in $(seq 20); do
	tok=$("$ROOT/build/kioskctl" booking mint --key "$T/bk.key" --kid K1 --station DIAN-PC06 \
		--booking "BENCH-$i" --service CAPDOI --slot "$SLOT" --minutes 60)
	xdotool type --delay 4 "$tok"; xdotool key Return; sleep 0.6
	xdotool key Escape; sleep 0.4
done
sleep 1
grep 'bench: tap-to-bytes' "$T/log" | tail -n +$((taps + 1)) | awk '{ print $3 }' |
	pct "scan (Enter) -> slip bytes"
echo "booked slips: $(grep -c 'source booking\|(booking)' "$T/log") of 20"
kill -TERM "$KP"; wait "$KP" && echo "SIGTERM: clean exit" || echo "SIGTERM: exit $?"
