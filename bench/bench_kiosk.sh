#!/usr/bin/env bash
# The kiosk under Xvfb, software renderer, 1080x1920 portrait:
#   exec -> first frame of home; RSS and PSS after start and after TICKETS
#   tickets (20 taps, the rest keypad picks);
#   CPU used over 10 idle seconds; tap (or key) -> slip bytes handed to the
#   printer transport, p50/p99; a booking QR typed by a wedge scanner
#   (xdotool, 4 ms a key) -> its slip's bytes, p50/p99.
# The anchor, in the same run and measured the same way: bench/bare_sdl.c
# (built here with cc), a window of the same size through the same software
# renderer showing one line of Vietnamese in fonts/DejaVuSans.ttf - its
# exec -> first frame (started in turn with the kiosk) and its PSS.
# Needs xvfb, xdotool and libsdl2-ttf-dev (installed if missing).  Run from
# the source folder after a build:  bench/bench_kiosk.sh [TICKETS=100]
# KIOSK_BENCH=1 makes the kiosk print "bench: STEP NS" as each step of its
# start ends (main, config, sdl-init, window, translations, ui, drawn,
# first-frame, backend): the profile printed under "start profile".
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
K=$ROOT/build/kiosk
TICKETS=${1:-100}
[ "$TICKETS" -ge 20 ] || { echo "TICKETS: at least 20" >&2; exit 2; }
for p in xvfb xdotool x11-utils libsdl2-ttf-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null
done
T=$(mktemp -d)
KP= BP=
cleanup() { kill $KP $BP "$XP" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
sed -e 's/^hours = .*//' -e "s#^font = fonts/#font = $ROOT/fonts/#" \
    -e "s#^font_bold = fonts/#font_bold = $ROOT/fonts/#" \
    -e "s#^translations = assets#translations = $ROOT/assets#" "$ROOT/kiosk.conf" |
	awk '/^\[service\./ { print; print "hours = 00:00-24:00"; print "days = mon-sun"; next }
	     /^days = / { next } { print }' > "$T/kiosk.conf"
"$ROOT/build/kioskctl" booking keygen --out "$T/bk" > /dev/null
sed -i "s#^\# key.K1 = .*#key.K1 = $(cat "$T/bk.pub")#" "$T/kiosk.conf"

cc -O2 -o "$T/bare_sdl" "$ROOT/bench/bare_sdl.c" $(pkg-config --cflags --libs sdl2 SDL2_ttf)

Xvfb :91 -screen 0 1080x1920x24 -nolisten tcp >/dev/null 2>&1 & XP=$!
for _ in $(seq 50); do xdpyinfo -display :91 >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=:91 KIOSK_BENCH=1
start() { # start the kiosk; sets KP, adds ms from exec to its first frame to $firsts
	: > "$T/log"
	local t0=$(date +%s%N)
	"$K" --config "$T/kiosk.conf" --db "$T/q.db" --printer "sim:$T/slips" >/dev/null 2> "$T/log" &
	KP=$!
	for _ in $(seq 200); do grep -q 'bench: backend' "$T/log" && break; sleep 0.02; done
	firsts="$firsts $(( ($(awk '/bench: first-frame/ { print $3; exit }' "$T/log") - t0) / 1000000 ))"
	awk -v t0="$t0" '/^bench: [a-z-]+ [0-9]+$/ { print $2, int(($3 - t0) / 1000000) }' "$T/log" >> "$T/steps"
}
bare() { # the anchor: sets BP, adds its ms from exec to its first frame to $bares
	: > "$T/blog"
	local t0=$(date +%s%N)
	"$T/bare_sdl" "$ROOT/fonts/DejaVuSans.ttf" 1080 1920 >/dev/null 2> "$T/blog" &
	BP=$!
	for _ in $(seq 200); do grep -q 'bench: first-frame' "$T/blog" && break; sleep 0.02; done
	bares="$bares $(( ($(awk '/bench: first-frame/ { print $3; exit }' "$T/blog") - t0) / 1000000 ))"
}
median() { echo "$@" | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# RSS, PSS, and PSS without the window's picture shared with the X server
# (MIT-SHM, 8 MB at 1080x1920: counted half or whole as Xvfb holds it or not)
mem() { awk '/^[0-9a-f]+-[0-9a-f]+ / { shm = $6 ~ /^\/SYSV/ } /^Rss:/ { r += $2 }
	/^Pss:/ { p += $2; if (!shm) q += $2 }
	END { printf "RSS %.1f MB, PSS %.1f MB (%.1f MB without the X shared image)", r/1024, p/1024, q/1024 }' "/proc/$1/smaps"; }
firsts="" bares=""
start; kill -TERM "$KP"; wait "$KP" || true # creates the database; not counted
firsts=""; : > "$T/steps"
for run in 1 2 3 4 5 6 7; do # in turn, so both see the same load
	bare
	if [ $run -lt 7 ]; then kill -TERM "$BP"; wait "$BP" || true; fi
	start
	if [ $run -lt 7 ]; then kill -TERM "$KP"; wait "$KP" || true; fi
done
read -r _ _ bx by bw bh < <(grep 'bench: service-0' "$T/log")
sleep 1
cpu() { awk '{ print $14 + $15 }' "/proc/$KP/stat"; }
echo "exec -> first frame, 7 starts (ms):$firsts; median $(median $firsts) ms"
echo "bare SDL exec -> first frame, 7 starts (ms):$bares; median $(median $bares) ms"
echo "first frame / bare SDL: $(awk -v k="$(median $firsts)" -v b="$(median $bares)" 'BEGIN { printf "%.2f", k / b }')"
# each step's median over the starts, in the order they come
echo "start profile (ms after exec, medians):$(awk '!($1 in n) { order[++k] = $1 } { v[$1, ++n[$1]] = $2 }
	END { for (i = 1; i <= k; i++) { s = order[i]; m = n[s]; for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++)
		if (v[s, b] < v[s, a]) { t = v[s, a]; v[s, a] = v[s, b]; v[s, b] = t }
		printf " %s %d", s, v[s, int((m + 1) / 2)] } }' "$T/steps")"
echo "bare SDL after start: $(mem "$BP")"
kill -TERM "$BP"; wait "$BP" || true; BP=
echo "after start: $(mem "$KP")"
if perf stat -e task-clock true >/dev/null 2>&1; then
	echo "idle CPU over 10 s: $(perf stat -x, -e task-clock -p "$KP" sleep 10 2>&1 | awk -F, '{ printf "%.1f ms", $1 }')"
else
	c0=$(cpu); sleep 10; c1=$(cpu)
	echo "idle CPU over 10 s: $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) )) ms (clock ticks)"
fi
# 20 taps on the first service (a second apart: the double-tap guard), the rest keypad picks
for i in $(seq 20); do
	xdotool mousemove $((bx + bw / 2)) $((by + bh / 2)) click 1; sleep 0.3
	xdotool key Escape; sleep 0.9
done
for i in $(seq $((TICKETS - 20))); do xdotool key 1; sleep 0.15; xdotool key Escape; sleep 0.05; done
sleep 2
echo "after $TICKETS tickets: $(mem "$KP"); slips printed: $(ls "$T/slips" | grep -c escpos)"
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
