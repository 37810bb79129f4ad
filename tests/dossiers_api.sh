#!/usr/bin/env bash
# Dossier lists on the station server, as a real process spoken to
# with curl: the shipped sample imported by the command line and by HTTP;
# a file with bad rows refused whole with their line numbers while the old
# list still answers; a re-import replaces the list; no imported code or
# name anywhere in the database, its WAL, the log or the audit; each status
# looked up with its texts and service; not found, malformed, no list yet;
# the per-kiosk rate limit; who may do what; CSV's corners (BOM, CRLF,
# quotes, a ';' spreadsheet, Vietnamese headers, extra columns); a new secret.
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)
SAMPLE=$SRC/assets/dossiers-sample.csv

KT=kiosk-token-aaaaaaaaaaaa
cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
kiosk.lobby-1 = ${KT}1
kiosk.lobby-2 = ${KT}2
kiosk.lobby-3 = ${KT}3
kiosk.lobby-4 = ${KT}4
staff.counter-1 = staff-token-bbbbbbbbbbbb
booking.zalo = booking-token-cccccccccccc
[dossiers]
secret = $T/dossiers.key
rate = 10
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
[service.TRATHE]
prefix = D
name_vi = Nhận thẻ
[service.DCHINH]
prefix = O
name_vi = Điều chỉnh
CONF
# the shipped statuses, as they stand in kiosk.conf
sed -n '/^\[dossier\./,$p' "$SRC/kiosk.conf" >> "$T/kiosk.conf"

K1="Authorization: Bearer ${KT}1" K2="Authorization: Bearer ${KT}2"
K3="Authorization: Bearer ${KT}3" K4="Authorization: Bearer ${KT}4"
STAFF='Authorization: Bearer staff-token-bbbbbbbbbbbb'
BOOKING='Authorization: Bearer booking-token-cccccccccccc'
look() { curl -s -G -H "$1" --data-urlencode "code=$2" "$U/dossiers/lookup"; }
import() { curl -s -w '\n%{http_code}' -H "$STAFF" -H 'Content-Type: text/csv' --data-binary "@$1" "$U/dossiers/import"; }

serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
req "no list imported yet" 503 '"error":"no_list"' -- -G -H "$K2" --data-urlencode code=MAU-2611-0001 "$U/dossiers/lookup"

# the sample by the command line, while the server runs
"$S" --config "$T/kiosk.conf" --db "$T/q.db" dossiers import "$SAMPLE" > "$T/cli" 2> "$T/cli.err"
[ $? = 0 ] && grep -qx 'imported 20 dossiers: PROCESSING 4, READY 4, MISMATCH 4, UNDELIVERED 3, POSTED 3, REFUSED 2' "$T/cli" && ok || bad "cli import: $(cat "$T/cli" "$T/cli.err")"
[ "$(stat -c '%a %s' "$T/dossiers.key" 2>/dev/null)" = "600 32" ] && ok || bad "the secret is not a 0600 file of 32 bytes"
[ "$(sqlite3 "$T/q.db" "SELECT action || ' ' || detail FROM audit WHERE action = 'dossiers import'")" = "dossiers import imported 20 dossiers: PROCESSING 4, READY 4, MISMATCH 4, UNDELIVERED 3, POSTED 3, REFUSED 2" ] && ok || bad "the import is not audited"

# each status, with its texts from kiosk.conf and the row's note and date
req "READY" 200 '^\{"found":true,"status":"READY","text_vi":"Thẻ căn cước đã có, vui lòng đến nhận tại quầy.","text_en":"Your card is ready for collection.","action_vi":"Lấy số thứ tự dịch vụ \\"Nhận thẻ căn cước, nhận kết quả\\"[^"]*","action_en":"Take a number for \\"Collect your card or result\\"; bring the appointment slip and your old card.","note":"Nhận tại quầy 3, mang giấy hẹn","date":"2026-11-21","service":"TRATHE","updated":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\+07:00","date_vi":"Ngày hẹn trả kết quả","date_en":"Results due on"\}$' -- -G -H "$K1" --data-urlencode code=MAU-2611-0002 "$U/dossiers/lookup"
req "PROCESSING: no note, no date, no service" 200 '"status":"PROCESSING",.*"note":"","date":null,"service":null' -- -H "$K1" "$U/dossiers/lookup?code=MAU-2611-0004"
req "MISMATCH: sent to DCHINH" 200 '"status":"MISMATCH","text_vi":"Hồ sơ bị tạm dừng do thông tin chưa khớp với Cơ sở dữ liệu quốc gia về dân cư.".*"note":"Ngày sinh khác với Cơ sở dữ liệu quốc gia về dân cư","date":null,"service":"DCHINH"' -- -H "$K1" "$U/dossiers/lookup?code=MAU-2611-0006"
req "UNDELIVERED" 200 '"status":"UNDELIVERED",.*"note":"Sai số điện thoại","date":"2026-11-18","service":"TRATHE"' -- -H "$K1" "$U/dossiers/lookup?code=MAU-2611-0009"
req "POSTED" 200 '"status":"POSTED","text_vi":"Thẻ đã được gửi qua bưu điện[^"]*",.*"service":null' -- -H "$K1" "$U/dossiers/lookup?code=MAU-2611-0011"
req "REFUSED: the note says why" 200 '"status":"REFUSED",.*"note":"Thiếu giấy tờ chứng minh thay đổi thông tin \\"nơi thường trú\\"","date":null,"service":null' -- -H "$K1" "$U/dossiers/lookup?code=MAU-2611-0014"
req "typed loosely: lower case, spaces" 200 '"status":"READY"' -- -G -H "$K1" --data-urlencode 'code= mau 2611 0001 ' "$U/dossiers/lookup"
req "staff may look up too" 200 '"status":"READY"' -- -H "$STAFF" "$U/dossiers/lookup?code=MAU26110001"
look "$K1" MAU-2611-0003 | grep -q '"name\|ho_ten\|Lê Văn' && bad "a look-up answered with a name" || ok

# not found, malformed
req "not in the list" 404 '"error":"not_found","message":"[^"]+","updated":"[^"]+"' -- -H "$K2" "$U/dossiers/lookup?code=MAU-2611-9999"
req "too short" 400 '"error":"bad_request"' -- -H "$K2" "$U/dossiers/lookup?code=AB1"
req "not letters and digits" 400 '"error":"bad_request"' -- -G -H "$K2" --data-urlencode 'code=MAU/2611/0001' "$U/dossiers/lookup"
req "too long" 400 '"error":"bad_request"' -- -H "$K2" "$U/dossiers/lookup?code=$(printf 'A%.0s' $(seq 33))"
req "no code" 400 '"error":"bad_request"' -- -H "$K2" "$U/dossiers/lookup"

# who may do what
req "look-up without a token" 401 unauthorized -- "$U/dossiers/lookup?code=MAU26110001"
req "look-up with a booking token" 403 forbidden -- -H "$BOOKING" "$U/dossiers/lookup?code=MAU26110001"
req "a kiosk may not import" 403 forbidden -- -H "$K4" --data-binary "@$SAMPLE" "$U/dossiers/import"
req "a booking backend may not import" 403 forbidden -- -H "$BOOKING" --data-binary "@$SAMPLE" "$U/dossiers/import"
req "import without a token" 401 unauthorized -- --data-binary "@$SAMPLE" "$U/dossiers/import"
req "import is a POST" 405 method_not_allowed -- -H "$STAFF" "$U/dossiers/import"
req "staff import the sample by HTTP" 200 '^\{"imported":20,"statuses":\{"PROCESSING":4,"READY":4,"MISMATCH":4,"UNDELIVERED":3,"POSTED":3,"REFUSED":2\}\}$' -- -H "$STAFF" -H 'Content-Type: text/csv' --data-binary "@$SAMPLE" "$U/dossiers/import"
[ "$(sqlite3 "$T/q.db" "SELECT who FROM audit WHERE action = 'dossiers import' ORDER BY id DESC LIMIT 1")" = counter-1 ] && ok || bad "the HTTP import is not audited under the staff tool's name"

# a file with bad rows is refused whole, each fault by its line
{
	printf 'ma_ho_so,trang_thai,ghi_chu,ngay\n'
	printf 'NEW-0001,READY,,2026-12-01\n'                       # 2
	printf 'NEW-0002,READY\n'                                   # 3 two columns
	printf 'NEW-0003,READY,,2026-12-01\n'                       # 4
	printf 'NEW 00#4,READY,,\n'                                 # 5 code
	printf 'NEW-0005,Nguyenvanan,,\n'                           # 6 status: not echoed
	printf 'NEW-0006,READY,,2026-02-30\n'                       # 7 date
	printf 'NEW-0007,READY,%s,\n' "$(printf 'x%.0s' $(seq 201))" # 8 note
	printf 'new0003,PROCESSING,,\n'                             # 9 the same as 4
	printf ',READY,,\n'                                         # 10 no code
} > "$T/bad.csv"
import "$T/bad.csv" > "$T/bad.out"
[ "$(tail -1 "$T/bad.out")" = 422 ] && ok || bad "a bad file: $(cat "$T/bad.out")"
# where (line, column) and why, never the cell's text
for want in '"line":3,"message":"2 columns, but the header has 4"}' \
	    '"line":5,"message":"column 1: the receipt code is not 4-32 letters and digits' \
	    '"line":6,"message":"column 2: unknown status: a status is the code of one of kiosk.conf' \
	    '"line":7,"message":"column 4: the date is not a day written YYYY-MM-DD' \
	    '"line":8,"message":"column 3: the note is 201 bytes, at most 200","column":3}' \
	    '"line":9,"message":"the same receipt code as line 4"}' \
	    '"line":10,"message":"column 1: no receipt code","column":1}'; do
	grep -qF "$want" "$T/bad.out" && ok || bad "the refusal does not say: $want ($(head -1 "$T/bad.out"))"
done
grep -q '"error":"bad_file"' "$T/bad.out" && ! grep -q 'NEW' "$T/bad.out" && ok || bad "the refusal is not bad_file, or names a code"
! grep -iq 'nguyen' "$T/bad.out" && ok || bad "the refusal echoes a cell: $(head -1 "$T/bad.out")"
req "the old list still answers" 200 '"status":"READY"' -- -H "$K2" "$U/dossiers/lookup?code=MAU-2611-0002"
req "nothing of the bad file was kept" 404 not_found -- -H "$K2" "$U/dossiers/lookup?code=NEW-0001"
# the same by the command line: exit 2, the lines on stderr
"$S" --config "$T/kiosk.conf" --db "$T/q.db" dossiers import "$T/bad.csv" > "$T/cli" 2> "$T/cli.err"
[ $? = 2 ] && grep -q "bad.csv:3: 2 columns" "$T/cli.err" && grep -q "bad.csv:9: the same receipt code as line 4" "$T/cli.err" && grep -q "bad.csv:6: column 2: unknown status" "$T/cli.err" && grep -q "the list is as it was" "$T/cli.err" && [ ! -s "$T/cli" ] && ok || bad "cli, a bad file: $(cat "$T/cli" "$T/cli.err")"
! grep -iq 'nguyen' "$T/cli.err" && ok || bad "the command line echoes a cell: $(cat "$T/cli.err")"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM dossiers")" = 20 ] && ok || bad "a refused file changed the list"
printf 'ho_ten,trang_thai\nA,READY\n' > "$T/nocode.csv"
import "$T/nocode.csv" | grep -q '"line":1,"message":"the header has no column for the receipt code' && ok || bad "a file without a code column"
printf 'ma_ho_so,trang_thai\n' > "$T/empty.csv"
import "$T/empty.csv" | grep -q 'no dossiers below the header' && ok || bad "a file with only a header"
printf 'ma_ho_so,trang_thai\nABCD1,"READY\nABCD2,READY\n' > "$T/open.csv"
import "$T/open.csv" | grep -q '"line":2,"message":"a quoted field is not closed' && ok || bad "an unclosed quote"
printf 'ma_ho_so,trang_thai\nABCD1,READY\nABCD2,RE"ADY\n' > "$T/stray.csv"
import "$T/stray.csv" | grep -q '"line":3,"message":"a .\\". inside a field' && ok || bad "a stray quote"
printf 'ma_ho_so,trang_thai,ghi_chu\nABCD1,READY,Tr\xe1\xba\n' > "$T/latin.csv"
import "$T/latin.csv" | grep -q '"line":2,"message":"not UTF-8 text' && ok || bad "a file that is not UTF-8"
printf '\xff\xfem\x00a\x00' > "$T/utf16.csv"
import "$T/utf16.csv" | grep -q 'UTF-16' && ok || bad "a UTF-16 file"
{ printf 'ma_ho_so,trang_thai\n'; for i in $(seq 12); do printf 'ABCD%d,NOPE\n' "$i"; done; } > "$T/many.csv"
import "$T/many.csv" | grep -q '"line":11,.*\],"more":2' && ok || bad "twelve faults: ten listed, two counted"

# a re-import replaces the list: CSV's corners in one file, by HTTP
{
	printf '\xef\xbb\xbf'                                         # a BOM
	printf 'Số giấy hẹn,Họ tên,Trạng thái,Ghi chú,Ngày,so_cccd\r\n' # Vietnamese headers, CRLF
	printf 'NEW-0001,"Nguyễn, Văn Thử",READY,"Quầy 3, buổi sáng",2026-12-01,000000000001\r\n'
	printf 'NEW-0002,"Trần Thị ""Mẫu""",MISMATCH,"Sai ""ngày sinh""",,000000000002\r\n'
	printf 'NEW-0003,"Lê Văn\r\nXuống Dòng",posted,,2026-12-02,\r\n' # a line break in an ignored field
	printf ',,,,,\r\n'                                            # an empty row
	printf 'NEW-0004,Phạm Thị Dài,PROCESSING,  ,,\r\n'           # a blank note
	printf '\r\n'
} > "$T/corners.csv"
import "$T/corners.csv" > "$T/corners.out"
grep -q '^{"imported":4,"statuses":{"PROCESSING":1,"READY":1,"MISMATCH":1,"POSTED":1}}$' "$T/corners.out" && ok || bad "corners: $(cat "$T/corners.out")"
req "quoted commas" 200 '"status":"READY",.*"note":"Quầy 3, buổi sáng","date":"2026-12-01"' -- -H "$K3" "$U/dossiers/lookup?code=NEW0001"
req "quoted quotes" 200 '"note":"Sai \\"ngày sinh\\""' -- -H "$K3" "$U/dossiers/lookup?code=NEW0002"
req "after a line break inside quotes; status in lower case" 200 '"status":"POSTED"' -- -H "$K3" "$U/dossiers/lookup?code=NEW0003"
req "a blank note is empty" 200 '"status":"PROCESSING",.*"note":"","date":null' -- -H "$K3" "$U/dossiers/lookup?code=NEW0004"
req "the old list is gone" 404 not_found -- -H "$K3" "$U/dossiers/lookup?code=MAU-2611-0002"
printf 'ma_ho_so,trang_thai\r\nABCD1,READY\r\n"AB\r\nCD2",READY\r\nABCD3,NOPE\r\n' > "$T/lines.csv"
import "$T/lines.csv" | grep -q '"line":5,"message":"column 2: unknown status' && ok || bad "line numbers after a line break inside quotes"
printf 'ma_ho_so;trang_thai;ghi_chu\nSEMI-0001;READY;"a; b"\n' > "$T/semi.csv"
import "$T/semi.csv" | grep -q '"imported":1' && ok || bad "a spreadsheet that writes ';'"
req "a ';' file's note" 200 '"note":"a; b"' -- -H "$K3" "$U/dossiers/lookup?code=SEMI0001"

# a list larger than [server] max_body (16384) goes in, from staff only;
# other routes keep the cap
awk 'BEGIN { print "code,status,note"; for (i = 1; i <= 3000; i++) printf "BIG%06d,PROCESSING,ghi chu %d\n", i, i }' > "$T/big.csv"
import "$T/big.csv" | grep -q '"imported":3000' && ok || bad "a 3000-row list ($(stat -c %s "$T/big.csv") bytes)"
head -c 20000 /dev/zero | tr '\0' x > "$T/big.body"
req "other routes keep [server] max_body" 413 too_large -- -X POST -H "$STAFF" --data-binary "@$T/big.body" "$U/counters/1/next"
req "a stranger's large list is not held" 413 too_large -- --data-binary "@$T/big.csv" "$U/dossiers/import"
req "nor a kiosk's" 413 too_large -- -H "$K4" --data-binary "@$T/big.csv" "$U/dossiers/import"
req "the big list answers" 200 '"note":"ghi chu 2999"' -- -H "$K3" "$U/dossiers/lookup?code=BIG002999"

# no code or name in clear: not in the database, its WAL, the log or the audit
"$S" --config "$T/kiosk.conf" --db "$T/q.db" dossiers import "$SAMPLE" > /dev/null 2>&1
import "$T/corners.csv" > /dev/null
# every code as written and normalised, and every name, of both files imported
awk -F, 'NR > 1 { print $1; gsub("-", "", $1); print $1; print $2 }' "$SAMPLE" > "$T/secrets"
printf '%s\n' NEW-0001 NEW0001 NEW0002 NEW0003 NEW0004 'Nguyễn, Văn Thử' 'Xuống Dòng' 'Phạm Thị Dài' 000000000001 >> "$T/secrets"
found=$(cat "$T/q.db" "$T/q.db-wal" "$T/err" 2>/dev/null | grep -aoFf "$T/secrets" | sort -u)
leaks=$(printf '%s' "$found" | grep -c .)
[ -n "$found" ] && echo "  stored in clear: $found" >&2
[ "$leaks" = 0 ] && ok || bad "$leaks imported codes or names are in the database, its WAL or the log"
sqlite3 "$T/q.db" "SELECT detail FROM audit" | grep -q 'MAU\|NEW' && bad "a code is in the audit" || ok
[ "$(sqlite3 "$T/q.db" "SELECT length(hash) || ' ' || typeof(hash) FROM dossiers LIMIT 1")" = "32 blob" ] && ok || bad "the rows are not keyed by a 32-byte hash"

# a new secret: the list made with it still answers on a server that read the old one
rm "$T/dossiers.key"
"$S" --config "$T/kiosk.conf" --db "$T/q.db" dossiers import "$SAMPLE" > /dev/null 2>&1
[ -s "$T/dossiers.key" ] && ok || bad "no new secret was made"
req "after a new secret" 200 '"status":"REFUSED"' -- -H "$K3" "$U/dossiers/lookup?code=MAU-2611-0013"
# a server that starts with a secret that did not make the list says so
kill "$SP"; wait "$SP" 2>/dev/null
head -c 32 /dev/urandom > "$T/dossiers.key"
serve "$T/kiosk.conf" "$T/q.db" && ok || bad "the server did not start again: $(cat "$T/err")"
req "a secret that did not make the list" 503 '"error":"no_list"' -- -H "$K3" "$U/dossiers/lookup?code=MAU-2611-0013"
grep -q 'imported with another secret' "$T/err" && ok || bad "the server did not say the secret changed"
"$S" --config "$T/kiosk.conf" --db "$T/q.db" dossiers import "$SAMPLE" > /dev/null 2>&1
req "imported again with it" 200 '"status":"REFUSED"' -- -H "$K3" "$U/dossiers/lookup?code=MAU-2611-0013"

# the rate limit: [dossiers] rate look-ups a minute per kiosk, whatever they ask
for i in $(seq 10); do look "$K4" "MAU-2611-00$((i % 9 + 10))" > /dev/null; done
req "the 11th look-up in a minute" 429 '^\{"error":"rate_limited","message":"[^"]+","retry_after":([1-9]|[1-5][0-9]|60)\}$' -- -H "$K4" "$U/dossiers/lookup?code=MAU-2611-0001"
req "malformed codes count too" 429 rate_limited -- -H "$K4" "$U/dossiers/lookup?code=x"
req "another kiosk is not slowed" 200 '"status":"READY"' -- -H "$K1" "$U/dossiers/lookup?code=MAU-2611-0001"
req "staff are counted apart" 200 '"status":"READY"' -- -H "$STAFF" "$U/dossiers/lookup?code=MAU-2611-0001"

grep -q 'MAU-2611\|MAU2611' "$T/err" && bad "a code is in the server's log" || ok
finish dossiers_api
