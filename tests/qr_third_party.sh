#!/usr/bin/env bash
# The slip's QR code and personal data (field review §4): the shipped
# kiosk.conf prints no QR code, and `kioskctl check` warns - without
# refusing - when [printer] qr_url would send a ticket's details to a host
# other than the station's own ([sync] server, [public] url), e.g.
# zalo.me/...?so={number}.
set -u
SRC=${KIOSK_SRC:?KIOSK_SRC names the source tree}
. "$SRC/tests/lib.sh"

# check NAME QR_URL SYNC_SERVER WANT [HOST]: WANT = warn or quiet; check passes
# either way; $PUBLIC (default empty) is [public] url
check() {
	local name=$1 url=$2 server=$3 want=$4
	cat > "$T/k.conf" <<CONF
[station]
id = TEST
name_vi = Công an phường Thử
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
[printer]
qr_url = $url
[sync]
server = $server
name = lobby-1
token = test-token-0123456789abcdef
[public]
url = ${PUBLIC:-}
[voice]
clips = $SRC/assets/voice
CONF
	"$KC" --config "$T/k.conf" --json check > "$T/out" 2> "$T/err"
	local rc=$?
	[ $rc = 0 ] || { bad "$name: check exit $rc ($(cat "$T/err"))"; return; }
	if [ "$want" = warn ]; then
		grep -q "warning: \[printer\] qr_url sends each ticket to $5" "$T/err" &&
			grep -q "\"qr_third_party\":\"$5\"" "$T/out" && ok ||
			bad "$name: no warning naming $5: $(cat "$T/err" "$T/out")"
	else
		! grep -q "qr_url" "$T/err" && grep -q '"qr_third_party":null' "$T/out" && ok ||
			bad "$name: warned: $(cat "$T/err" "$T/out")"
	fi
}

check "zalo with the number" 'https://zalo.me/dian-pc06?so={number}' '' warn zalo.me
check "another host than the server" 'https://Tickets.Example.vn:8443/t/{id}' 'https://10.0.0.2:8080' warn tickets.example.vn
check "the station server's own page" 'https://10.0.0.2/t/{id}' 'https://10.0.0.2:8080' quiet
check "a page without the ticket" 'https://zalo.me/dian-pc06' '' quiet
check "no QR code" '' '' quiet
# the ticket page's token: the station's own [public] url is no third party
PUBLIC=https://192.168.100.200:8443 check "the station's page for phones" \
	'https://192.168.100.200:8443/t/{token}' 'https://10.0.0.2:8080' quiet
PUBLIC=https://192.168.100.200:8443 check "the default page from [public] url" \
	'' 'https://10.0.0.2:8080' quiet
PUBLIC=https://192.168.100.200:8443 check "a token to another host" \
	'https://track.example.vn/t/{token}' 'https://10.0.0.2:8080' warn track.example.vn

# the shipped file prints no QR code, so it sends nothing anywhere
grep -qx 'qr_url =' "$SRC/kiosk.conf" && ok || bad "the shipped kiosk.conf has a qr_url: $(grep '^qr_url' "$SRC/kiosk.conf")"
"$KC" --config "$SRC/kiosk.conf" check > /dev/null 2> "$T/err"
! grep -q qr_url "$T/err" && ok || bad "the shipped kiosk.conf warns: $(cat "$T/err")"

finish qr_third_party
