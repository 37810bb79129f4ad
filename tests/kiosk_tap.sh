#!/usr/bin/env bash
# kiosk_tap (tests/kiosk_tap.c), the browser tests' citizen: against a real
# station server it taps a service, and says the ticket's number, the URL its
# slip's QR code opens (<[public] url>/t/<22-character token>) and the slip;
# the server has the ticket by then; each tap a token of its own; without a
# page address it fails, saying why.
set -u
SRC=${KIOSK_SRC:?KIOSK_SRC names the source tree}
TAP=${KIOSK_TAP:?KIOSK_TAP names the kiosk_tap binary}
. "$SRC/tests/lib.sh"

services() {
	printf '[service.CAPMOI]\nprefix = A\nname_vi = Cấp mới\nhours = 00:00-24:00\ndays = mon-sun\n'
	printf '[service.CAPDOI]\nprefix = B\nname_vi = Cấp đổi\nhours = 00:00-24:00\ndays = mon-sun\n'
	printf '[counter.1]\nservices = CAPMOI, CAPDOI\n'
}
{
	printf '[station]\nid = TAP\nname_vi = Công an phường Thử\n[queue]\nsync = normal\n'
	printf '[server]\nlisten = 127.0.0.1:0\nkiosk.lobby-1 = kiosk-token-tap-aaaaaaaaaaaa\n'
	printf 'staff.tool = staff-token-tap-bbbbbbbbbbbb\n'
	services
} > "$T/server.conf"
serve "$T/server.conf" "$T/q.db" || { bad "the server did not start: $(cat "$T/err")"; finish kiosk_tap; exit 1; }

# kiosk PUBLIC_URL > file: the kiosk's configuration
kiosk() {
	printf '[station]\nid = TAP\nname_vi = Công an phường Thử\n[queue]\nsync = normal\n'
	printf '[sync]\nserver = http://127.0.0.1:%s\nname = lobby-1\n' "$PORT"
	# an issue answered late on a loaded machine is still an online one
	printf 'token = kiosk-token-tap-aaaaaaaaaaaa\nissue_timeout = 10000\n[public]\nurl = %s\n' "$1"
	services
}
kiosk "http://127.0.0.1:$PORT" > "$T/kiosk.conf"
mkdir -p "$T/slips"

# field JSON KEY: a string field of the one-line answer
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

out=$("$TAP" "$T/kiosk.conf" "$T/slips" 1 2> "$T/tap.err") && ok || bad "kiosk_tap failed: $(tail -5 "$T/tap.err")"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok || bad "more than one line on stdout: $out"
number=$(field "$out" number) url=$(field "$out" url) slip=$(field "$out" slip)
[[ $number =~ ^B[0-9]{3}$ ]] && ok || bad "number '$number' is not one of CAPDOI's"
[[ $url =~ ^http://127\.0\.0\.1:$PORT/t/[A-Za-z0-9_-]{22}$ ]] && ok || bad "url '$url'"
[[ $slip == /* && -s $slip ]] && ok || bad "slip '$slip' is not a file's absolute path"
req "the server has $number" 200 "\"number\": ?\"$number\"" -- \
	-H 'Authorization: Bearer staff-token-tap-bbbbbbbbbbbb' "$U/tickets"

out2=$("$TAP" "$T/kiosk.conf" "$T/slips" 2> "$T/tap.err") && ok || bad "a second tap failed: $(tail -5 "$T/tap.err")"
url2=$(field "$out2" url)
[[ $(field "$out2" number) =~ ^A[0-9]{3}$ ]] && ok || bad "service 0 is CAPMOI: $out2"
[ -n "$url2" ] && [ "$url2" != "$url" ] && ok || bad "the second ticket's page is the first's: $url2"

kiosk "" > "$T/nopage.conf"
"$TAP" "$T/nopage.conf" "$T/slips" > "$T/out3" 2> "$T/tap.err" && bad "no page address, yet exit 0" || ok
[ ! -s "$T/out3" ] && grep -q "no QR code" "$T/tap.err" && ok || bad "no reason given: $(cat "$T/out3" "$T/tap.err")"
"$TAP" "$T/kiosk.conf" > /dev/null 2> "$T/tap.err" && bad "no SLIP_DIR, yet exit 0" || ok
grep -q usage "$T/tap.err" && ok || bad "no usage line: $(cat "$T/tap.err")"

finish kiosk_tap
