#!/usr/bin/env bash
# The dossier look-up and personal data (field review §4), against a real
# station-server: a list whose note holds an ID number or a phone is refused
# whole, naming the lines (the digits not repeated) while a date passes; a
# kiosk's look-ups end for the day at [dossiers] rate_day, answered 429
# daily_limit with when the next day starts (a Retry-After header and
# "resets"), while another kiosk goes on; kioskctl lookup says so (exit 4).
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)
KT=kiosk-token-aaaaaaaaaaaa

station() {
	printf '[station]\nid = TEST\nname_vi = Công an phường Thử\n'
	printf '[service.TRATHE]\nprefix = D\nname_vi = Nhận thẻ căn cước\n'
	printf '[dossier.READY]\ntext_vi = Thẻ đã có.\nservice = TRATHE\n'
}
{
	station
	printf '[queue]\nsync = normal\nday_starts = 00:00\n'
	printf '[server]\nlisten = 127.0.0.1:0\nkiosk.lobby-1 = %s1\nkiosk.lobby-2 = %s2\n' "$KT" "$KT"
	printf '[dossiers]\nsecret = %s\nrate = 600\nrate_day = 3\n' "$T/dossiers.key"
} > "$T/server.conf"

# 1. notes: the lines with an ID number or a phone are named, the date is not
printf '%s\n' 'ma_ho_so,ho_ten,trang_thai,ghi_chu' \
	'HS-0001,Nguyễn Văn Mẫu,READY,Nhận từ ngày 02/12/2026' \
	'HS-0002,Trần Thị Thử,READY,CCCD 001099012345' \
	'HS-0003,Lê Văn Ví Dụ,READY,Gọi 0912 345 678 khi có thẻ' \
	'HS-0004,Phạm Thị Giả Định,READY,Sau 3 ngày' > "$T/notes.csv"
"$S" --config "$T/server.conf" --db "$T/q.db" dossiers import "$T/notes.csv" > "$T/cli" 2> "$T/cli.err"
rc=$?
[ $rc = 2 ] && ok || bad "a list with an ID number in a note: exit $rc ($(cat "$T/cli.err"))"
grep -q "notes.csv:3: column 4: the note has 12 digits that look like an ID or phone number" "$T/cli.err" && ok ||
	bad "the 12-digit note's line is not named: $(cat "$T/cli.err")"
grep -q "notes.csv:4: column 4: the note has 10 digits that look like an ID or phone number" "$T/cli.err" && ok ||
	bad "the phone's line is not named: $(cat "$T/cli.err")"
! grep -q "notes.csv:[25]:" "$T/cli.err" && ok || bad "a date or a short number refused: $(cat "$T/cli.err")"
! grep -Eq "001099012345|0912|345 678" "$T/cli.err" && ok || bad "the digits were repeated: $(cat "$T/cli.err")"
sed -i -e '/HS-0002/d' -e '/HS-0003/d' "$T/notes.csv"
"$S" --config "$T/server.conf" --db "$T/q.db" dossiers import "$T/notes.csv" > "$T/cli" 2> "$T/cli.err" &&
	grep -qx 'imported 2 dossiers: READY 2' "$T/cli" && ok || bad "the rest not imported: $(cat "$T/cli" "$T/cli.err")"

# 2. the daily cap
serve "$T/server.conf" "$T/q.db" || { bad "the server did not start: $(cat "$T/err")"; finish dossiers_privacy; exit 1; }
K1="Authorization: Bearer ${KT}1" K2="Authorization: Bearer ${KT}2"
req "look-up 1 of 3" 200 '"status":"READY"' -- -H "$K1" "$U/dossiers/lookup?code=HS0001"
req "look-up 2 of 3 (not found counts)" 404 not_found -- -H "$K1" "$U/dossiers/lookup?code=HS9999"
req "look-up 3 of 3 (malformed counts)" 400 bad_request -- -H "$K1" "$U/dossiers/lookup?code=x"
# the next day starts at local midnight (day_starts = 00:00, UTC+07:00)
next_day() { local now; now=$(date +%s); date -u -d "@$(( ($(( (now + 25200) / 86400 )) + 1) * 86400 ))" +%Y-%m-%dT%H:%M:%S+07:00; }
before=$(next_day)
curl -s -D "$T/headers" -o "$T/body" -w '%{http_code}' -H "$K1" "$U/dossiers/lookup?code=HS0001" > "$T/status"
after=$(next_day)
[ "$(cat "$T/status")" = 429 ] && ok || bad "the 4th look-up of the day: status $(cat "$T/status") ($(cat "$T/body"))"
grep -Eq '^\{"error":"daily_limit","message":"[^"]+","retry_after":[1-9][0-9]*,"resets":"[^"]+"\}$' "$T/body" && ok ||
	bad "the daily 429's body: $(cat "$T/body")"
resets=$(sed -n 's/.*"resets":"\([^"]*\)".*/\1/p' "$T/body")
[ "$resets" = "$before" ] || [ "$resets" = "$after" ] && ok || bad "resets $resets, wanted $before"
retry=$(sed -n 's/.*"retry_after":\([0-9]*\).*/\1/p' "$T/body")
header=$(tr -d '\r' < "$T/headers" | sed -n 's/^Retry-After: //Ip')
[ -n "$retry" ] && [ "$header" = "$retry" ] && [ "$retry" -le 86400 ] && ok ||
	bad "Retry-After '$header', retry_after '$retry'"
req "still refused" 429 daily_limit -- -H "$K1" "$U/dossiers/lookup?code=HS0001"
req "another kiosk has its own day" 200 '"status":"READY"' -- -H "$K2" "$U/dossiers/lookup?code=HS0001"

# 3. what kioskctl (and the kiosk's screen, lookup.CAP) makes of it
{
	station
	printf '[sync]\nserver = http://127.0.0.1:%s\nname = lobby-1\ntoken = %s1\noutbox = %s\n' \
		"$PORT" "$KT" "$T/outbox.db"
} > "$T/kiosk.conf"
"$KC" --config "$T/kiosk.conf" lookup HS0001 > "$T/out1" 2>&1
rc=$?
[ $rc = 4 ] && grep -q "this kiosk's look-ups for today are made (\[dossiers\] rate_day): none until the next day starts, in [0-9]* h [0-9]* min" "$T/out1" && ok ||
	bad "kioskctl lookup at the day's cap: exit $rc, $(cat "$T/out1")"
"$KC" --config "$T/kiosk.conf" --json lookup HS0001 > "$T/out1" 2>&1
grep -q '"error":"CAP_REACHED".*"retry_after":[1-9]' "$T/out1" && ok || bad "kioskctl --json lookup: $(cat "$T/out1")"
for lang in vi en; do
	grep -q '^CAP = .' "$SRC/assets/i18n/$lang.ini" && grep -q '^CAP_do = .' "$SRC/assets/i18n/$lang.ini" && ok ||
		bad "$lang.ini has no lookup.CAP texts"
done

finish dossiers_privacy
