#!/usr/bin/env bash
# kioskctl lookup: a technician asks the station server what the
# kiosk's "Tra cứu hồ sơ" would show, with the shipped sample list imported.
# Found (text and --json, the code as a citizen types it), not found, a
# malformed code (refused without asking: it says so even with the server
# gone), no list yet, rate limited, the server gone, no [sync] server; the
# exit code of each; the code itself is never echoed.
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)
KT=kiosk-token-aaaaaaaaaaaa

# what the server and the kiosk share: the station, two services
station() {
	printf '[station]\nid = TEST\nname_vi = Trạm thử\n'
	printf '[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\n'
	printf '[service.TRATHE]\nprefix = D\nname_vi = Nhận thẻ căn cước\n'
}
{
	station
	# a third service the kiosk does not have, and the shipped statuses
	printf '[service.DCHINH]\nprefix = O\nname_vi = Điều chỉnh\n'
	printf '[queue]\nsync = normal\n[server]\nlisten = 127.0.0.1:0\nkiosk.lobby-1 = %s\n' "$KT"
	printf '[dossiers]\nsecret = %s\nrate = 8\n' "$T/dossiers.key"
	sed -n '/^\[dossier\./,$p' "$SRC/kiosk.conf"
} > "$T/server.conf"
serve "$T/server.conf" "$T/q.db" || { bad "the server did not start: $(cat "$T/err")"; finish lookup_cli; exit 1; }
kiosk_conf() { # FILE [SERVER]
	station > "$1"
	printf '[sync]\nserver = %s\nname = lobby-1\ntoken = %s\noutbox = %s\ntimeout = 10\n' \
		"${2:-}" "$KT" "$T/outbox.db" >> "$1"
}
kiosk_conf "$T/kiosk.conf" "http://127.0.0.1:$PORT"
kiosk_conf "$T/alone.conf"
C=(--config "$T/kiosk.conf")

expect() { # NAME WANT_EXIT WANT_LINE_REGEX -- command...  (its output stays in $T/last)
	local name=$1 want=$2 re=$3; shift 4
	"$@" > "$T/last" 2>&1; local rc=$?
	[ "$rc" = "$want" ] || { bad "$name: exit $rc, wanted $want ($(cat "$T/last"))"; return; }
	grep -Eq -- "$re" "$T/last" && ok || bad "$name: no line ~ /$re/ in: $(cat "$T/last")"
	grep -qi 'MAU-\?2611-\?00' "$T/last" && bad "$name: the code was echoed: $(cat "$T/last")"
}
has() { grep -Eq -- "$1" "$T/last" && ok || bad "no line ~ /$1/ in: $(cat "$T/last")"; }

# look-ups so far count against [dossiers] rate = 8 a minute
expect "no list imported yet" 4 'no dossier list' -- "$KC" "${C[@]}" lookup MAU-2611-0001        # 1
"$S" --config "$T/server.conf" --db "$T/q.db" dossiers import "$SRC/assets/dossiers-sample.csv" \
	> /dev/null 2> "$T/import.err" && ok || bad "import: $(cat "$T/import.err")"
expect "found" 0 '^READY: Thẻ căn cước đã có' -- "$KC" "${C[@]}" lookup MAU-2611-0001             # 2
has '^service: TRATHE \(Nhận thẻ căn cước\)$'
has '^do: Lấy số thứ tự dịch vụ "Nhận thẻ căn cước, nhận kết quả"'
has '^date: 2026-11-20$'
expect "found, as typed" 0 '^READY: ' -- "$KC" "${C[@]}" lookup ' mau 2611 0002 '                # 3
expect "found, --json" 0 '"found":true.*"status":"MISMATCH".*"service":"DCHINH"' \
	-- "$KC" "${C[@]}" --json lookup MAU-2611-0006                                           # 4
expect "not found" 1 '^not found$' -- "$KC" "${C[@]}" lookup MAU-2611-9999                       # 5
expect "not found, --json" 1 '"found":false' -- "$KC" "${C[@]}" --json lookup MAU-2611-9998     # 6
expect "malformed: too short" 2 '4-32 letters and digits' -- "$KC" "${C[@]}" lookup AB1
expect "malformed: an ID card's QR" 2 '4-32 letters and digits' -- "$KC" "${C[@]}" lookup \
	'079123456789|123456789|Nguyen Van A|01011990|Nam|Di An|01012021'
expect "usage" 2 'usage: lookup CODE' -- "$KC" "${C[@]}" lookup
expect "no [sync] server" 2 'server is not set' -- "$KC" --config "$T/alone.conf" lookup MAU-2611-0001
expect "found, the 7th" 0 '^POSTED: ' -- "$KC" "${C[@]}" lookup MAU-2611-0011                   # 7
has '^note: Mã bưu gửi xem trên VNeID$'
expect "a service this kiosk lacks" 0 '^MISMATCH: ' -- "$KC" "${C[@]}" lookup MAU-2611-0007      # 8
has '^service: DCHINH \(not a service of this kiosk\)$'
expect "rate limited" 4 'rate limited: try again in [0-9]+ s' -- "$KC" "${C[@]}" lookup MAU-2611-0001
expect "rate limited, --json" 4 '"error":"BUSY".*"retry_after":[1-9]' -- "$KC" "${C[@]}" --json lookup MAU-2611-0001

kill "$SP"; wait "$SP" 2> /dev/null; SP=
expect "the server gone" 3 'did not answer' -- "$KC" "${C[@]}" lookup MAU-2611-0001
expect "malformed with the server gone: never sent" 2 '4-32' -- "$KC" "${C[@]}" lookup 'MAU/2611'

finish lookup_cli
