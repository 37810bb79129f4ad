#!/usr/bin/env bash
# A full disk under a real station-server: its queue database on a small
# tmpfs (mount needs root; skipped with 77 otherwise).  Filled under
# [queue] disk_warn_mb: one journal warning and the devices view says so
# (the server's disk, and a kiosk's as it reports it); under
# disk_reserve_mb: POST /tickets answers 507 disk_full.  Filled to the last
# byte while the server still believes it has room: every issue either
# commits (201) or fails cleanly (507), the database passes integrity_check
# and holds every ticket answered 201.  The filler removed: numbers again,
# no restart.  Waits on journal lines and answers, never on sleeps alone.
set -u
. "$(dirname "$0")/lib.sh"
D=$T/disk
mkdir "$D"
if ! mount -t tmpfs -o size=8m tmpfs "$D" 2>/dev/null; then
	echo "disk_full: skipped: cannot mount a tmpfs here (needs root)"
	exit 77
fi
trap '[ -n "${SP:-}" ] && kill "$SP" 2>/dev/null && wait "$SP" 2>/dev/null; umount "$D"; cleanup' EXIT

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = full
disk_warn_mb = 4
disk_reserve_mb = 2
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
DB=$D/q.db
echo 'staple-battery-horse' | "$S" --config "$T/kiosk.conf" --db "$DB" user add minh --supervisor > /dev/null 2>&1
TOKEN=$("$S" --config "$T/kiosk.conf" --db "$DB" user token minh 2> /dev/null)
STAFF="Authorization: Bearer $TOKEN"
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
serve "$T/kiosk.conf" "$DB" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

# wait_line REGEX [N]: until the journal has N lines matching (60 s at most:
# the bound is only the failure path, generous for a loaded CI machine)
wait_line() {
	local n=${2:-1}
	for _ in $(seq 1200); do
		[ "$(grep -cE -- "$1" "$T/err")" -ge "$n" ] && return 0
		sleep 0.05
	done
	return 1
}
echo 0 > "$T/n"
issue() { # one walk-in (a new client_ref each); its status; a 201's number goes to $T/acked
	local out code n
	n=$(($(cat "$T/n") + 1)); echo "$n" > "$T/n"
	out=$(curl -s -m 10 -w '\n%{http_code}' -X POST -H "$KIOSK" \
		-d "{\"service\":\"CAPMOI\",\"client_ref\":\"lobby-1:$n\"}" "$U/tickets")
	code=${out##*$'\n'}
	[ "$code" = 201 ] && printf '%s\n' "$out" | sed -n 's/.*"number":"\([A-Z0-9]*\)".*/\1/p' >> "$T/acked"
	[ "$code" = 507 ] && { printf '%s' "$out" | grep -q '"error":"disk_full"' || code="507 without disk_full: $out"; }
	echo "$code"
}
avail_mb() { df --output=avail -B1M "$D" | tail -1 | tr -d ' '; }
fill_to() { # leave about $1 MB free
	local free; free=$(avail_mb)
	[ "$free" -gt "$1" ] && dd if=/dev/zero of="$D/filler.$free" bs=1M count=$((free - $1)) status=none
}

wait_line 'maintenance: .*q\.db: [0-9]+ row\(s\) past 90 days purged, WAL .* ms' && ok ||
	bad "no maintenance line at start: $(cat "$T/err")"
for _ in 1 2 3; do [ "$(issue)" = 201 ] && ok || bad "issue with room"; done
req "the server's disk on the devices view" 200 '"server":\{"disk":\{"free_mb":[0-9]+,"state":"ok"\}\}' -- -H "$STAFF" "$U/devices"

fill_to 3
issue > /dev/null # a ticket makes the server measure again within a second
wait_line 'warning: disk: [0-9]+ MB free for .*q\.db, under disk_warn_mb = 4' && ok ||
	bad "no warning under disk_warn_mb: $(cat "$T/err")"
req "the devices view warns" 200 '"server":\{"disk":\{"free_mb":[23],"state":"low"\}\}' -- -H "$STAFF" "$U/devices"
[ "$(issue)" = 201 ] && ok || bad "under the warning, numbers are still issued"
[ "$(grep -c 'under disk_warn_mb' "$T/err")" = 1 ] && ok || bad "the warning is said once"
req "a kiosk reports its disk" 200 '^\{\}$' -- -X POST -H "$KIOSK" -d '{"printer":"ok","disk":{"free_mb":150,"state":"low"}}' "$U/devices/status"
req "the kiosk's disk on the view" 200 '"name":"lobby-1".*"disk":\{"free_mb":150,"state":"low"\}' -- -H "$STAFF" "$U/devices"

fill_to 1
issue > /dev/null
wait_line 'error: disk: [0-9]+ MB free for .*q\.db, under disk_reserve_mb = 2: not issuing' && ok ||
	bad "no error under disk_reserve_mb: $(cat "$T/err")"
c=$(issue); [ "$c" = 507 ] && ok || bad "under the reserve: $c, wanted 507 disk_full"
req "the devices view says full" 200 '"server":\{"disk":\{"free_mb":[01],"state":"full"\}\}' -- -H "$STAFF" "$U/devices"

# room again: numbers without a restart
rm -f "$D"/filler.*
again=$(grep -c 'issuing again' "$T/err")
issue > /dev/null # refused (last measure) but measured again within a second
wait_line 'issuing again' $((again + 1)) && ok || bad "no 'issuing again' line: $(cat "$T/err")"
c=$(issue); [ "$c" = 201 ] && ok || bad "after freeing: $c, wanted 201"

# filled to the last byte behind the server's back: sqlite finds no room
dd if=/dev/zero of="$D/filler.all" bs=64k status=none 2> /dev/null
[ "$(avail_mb)" = 0 ] && ok || bad "the disk is not full: $(avail_mb) MB"
codes=""
for _ in $(seq 10); do codes="$codes $(issue)"; done
for c in $codes; do case $c in 201|507) ok ;; *) bad "an issue on a full disk answered $c" ;; esac; done
case "$codes" in *507*) ok ;; *) bad "no refusal on a full disk: $codes" ;; esac
kill -0 "$SP" && ok || bad "the server died on a full disk"
wait_line 'under disk_reserve_mb' 2 && ok || bad "the full disk was not measured: $(cat "$T/err")"
rm -f "$D"/filler.*
again=$(grep -c 'issuing again' "$T/err")
issue > /dev/null
wait_line 'issuing again' $((again + 1)) && ok || bad "no 'issuing again' line: $(cat "$T/err")"
c=$(issue); [ "$c" = 201 ] && ok || bad "no number after the disk was freed: $c"
req "health" 200 '"status":"ok"' -- "$U/health"

chk=$(sqlite3 "$DB" 'PRAGMA integrity_check')
[ "$chk" = ok ] && ok || bad "integrity_check: $chk"
sqlite3 "$DB" "SELECT number FROM tickets" | sort > "$T/stored"
sort "$T/acked" > "$T/acked.sorted"
missing=$(comm -23 "$T/acked.sorted" "$T/stored")
[ -z "$missing" ] && ok || bad "answered 201 but not in the database: $missing"
[ "$(wc -l < "$T/acked")" -ge 6 ] && ok || bad "too few tickets issued: $(cat "$T/acked")"
echo "disk_full: issues on the full disk: $codes"
grep -E 'disk|maintenance' "$T/err" | sed 's/^/  journal: /'
finish disk_full
