#!/usr/bin/env bash
# The booking commands of kioskctl as a technician and a booking backend use
# them: keygen (the secret file 0600), mint, verify, checkin (used once);
# and a token made by another implementation of the contract (OpenSSL's
# Ed25519 and coreutils' base32) is accepted, its tampered twin refused.
set -u
. "$(dirname "$0")/lib.sh"
K=$KC
expect() { # NAME WANT_EXIT WANT_OUTPUT_REGEX -- command...
	local name=$1 want=$2 re=$3; shift 4
	local out; out=$("$@" 2>&1); local rc=$?
	[ "$rc" = "$want" ] || { bad "$name: exit $rc, wanted $want ($out)"; return; }
	printf '%s' "$out" | grep -Eq -- "$re" && ok || bad "$name: '$out' !~ /$re/"
}

expect "keygen" 0 'key\.<KID> = ' -- "$K" booking keygen --out "$T/bk"
[ "$(stat -c %a "$T/bk.key")" = 600 ] && ok || bad "the secret key is mode $(stat -c %a "$T/bk.key")"
expect "keygen never overwrites" 1 'cannot create' -- "$K" booking keygen --out "$T/bk"
# a station whose second key comes from OpenSSL
openssl genpkey -algorithm ed25519 -out "$T/other.pem" 2> /dev/null
OTHER=$(openssl pkey -in "$T/other.pem" -pubout -outform DER | tail -c 32 | base64)
cat > "$T/kiosk.conf" <<CONF
[station]
id = DIAN-PC06
name_vi = Công an phường Dĩ An
[queue]
sync = normal
database = $T/q.db
[booking]
key.K1 = $(cat "$T/bk.pub")
key.OSSL = $OTHER
[service.CAPDOI]
prefix = B
name_vi = Cấp đổi
hours = 07:30-11:30
days = mon-sun
[counter.1]
services = CAPDOI
CONF
C=(--config "$T/kiosk.conf")
TOK=$("$K" booking mint --key "$T/bk.key" --kid K1 --station DIAN-PC06 --booking BK2611280042 \
	--service CAPDOI --slot 202611280930 --minutes 30)
[[ "$TOK" == CCB1:K1:DIAN-PC06:BK2611280042:CAPDOI:202611280930:30:* ]] && ok || bad "mint: $TOK"
expect "mint: a bad field" 2 'syntax' -- "$K" booking mint --key "$T/bk.key" --kid k_1 --station S \
	--booking B --service S --slot 202611280930 --minutes 30
expect "verify" 0 '^OK BK2611280042 CAPDOI$' -- "$K" "${C[@]}" booking verify --now 202611280910 "$TOK"
expect "verify: too early" 1 '^REJECT TOO_EARLY$' -- "$K" "${C[@]}" booking verify --now 202611280859 "$TOK"
expect "verify: expired" 1 '^REJECT EXPIRED$' -- "$K" "${C[@]}" booking verify --now 202611281016 "$TOK"
expect "verify: an ID-card QR" 1 '^REJECT MALFORMED$' -- "$K" "${C[@]}" booking verify --now 202611280910 \
	'079123456789|123456789|Nguyen Van A|01011990|Nam|Di An|01012021'
expect "checkin" 0 '^OK B001$' -- "$K" "${C[@]}" checkin --now 202611280910 "$TOK"
expect "checkin again" 1 '^REJECT ALREADY_USED B001$' -- "$K" "${C[@]}" checkin --now 202611280912 "$TOK"
expect "checkin as a scanner types it" 1 '^REJECT ALREADY_USED B001$' -- "$K" "${C[@]}" checkin \
	--now 202611280912 "$(printf '%s\r\n' "$TOK" | tr A-Z a-z)"
! sqlite3 "$T/q.db" .dump | grep -q 'Nguyen' && ok || bad "a refused code reached the database"

# another implementation: OpenSSL signs, coreutils encodes
MSG="CCB1:OSSL:DIAN-PC06:ZALO-0001:CAPDOI:202611281000:45"
printf %s "$MSG" > "$T/msg"
SIG=$(openssl pkeyutl -sign -inkey "$T/other.pem" -rawin -in "$T/msg" | base32 -w0 | tr -d =)
expect "a token signed by OpenSSL" 0 '^OK ZALO-0001 CAPDOI$' -- "$K" "${C[@]}" booking verify --now 202611280945 "$MSG:$SIG"
TAMPERED=$(printf '%s' "$MSG" | sed 's/ZALO-0001/ZALO-0002/')
expect "its tampered twin" 1 '^REJECT BAD_SIGNATURE$' -- "$K" "${C[@]}" booking verify --now 202611280945 "$TAMPERED:$SIG"
expect "its key id changed" 1 '^REJECT UNKNOWN_KEY$' -- "$K" "${C[@]}" booking verify --now 202611280945 "${MSG/OSSL/OSSL2}:$SIG"
expect "checkin of the OpenSSL token" 0 '^OK B002$' -- "$K" "${C[@]}" checkin --now 202611280945 "$MSG:$SIG"

finish booking_cli
