#!/usr/bin/env bash
# A large dossier import is off the issuing path: while a list of
# 300,000 rows is being stored, a ticket is issued and answered before the
# import ends (the server's journal has the ticket's answer before the
# import's last line), and the import still lands whole; a second import
# replaces it the same way.  Event-driven: it waits for the import's own
# progress line, never on a clock.  The figure of the longest wait for a
# ticket during a 500,000-row import is bench/bench_dossiers.sh's.
set -u
. "$(dirname "$0")/lib.sh"
ROWS=300000

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
[server]
listen = 127.0.0.1:0
staff.desk = staff-token-bbbbbbbbbbbb
[dossiers]
secret = $T/dossiers.key
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
sed -n '/^\[dossier\./,$p' "$(dirname "$0")/../kiosk.conf" >> "$T/kiosk.conf"
STAFF='Authorization: Bearer staff-token-bbbbbbbbbbbb'
awk -v n="$ROWS" 'BEGIN {
	print "ma_ho_so,ho_ten,trang_thai,ghi_chu"
	for (i = 1; i <= n; i++)
		printf "BZ-%07d,Người Thử %d,%s,Quầy %d\n", i, i, i % 2 ? "READY" : "PROCESSING", i % 5 + 1
}' > "$T/list.csv" 2> /dev/null || { bad "no list made"; exit 1; }
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

# import_while_issuing N: import the list by HTTP; when the server says it
# is storing rows, issue a ticket; the ticket's answer must come first
import_while_issuing() {
	local n=$1 lines
	lines=$(wc -l < "$T/err")
	curl -s -m 600 -o "$T/imp$n" -w '%{http_code}' -H "$STAFF" -H 'Content-Type: text/csv' \
		--data-binary "@$T/list.csv" "$U/dossiers/import" > "$T/imp$n.code" & IMP=$!
	for _ in $(seq 2400); do # 240 s: a failure's bound only
		tail -n +"$((lines + 1))" "$T/err" | grep -q 'dossiers: stored [0-9]* of' && break
		kill -0 $IMP 2> /dev/null || break
		sleep 0.1
	done
	tail -n +"$((lines + 1))" "$T/err" | grep -q 'dossiers: stored [0-9]* of' && ok ||
		bad "import $n: no progress reported ($(tail -3 "$T/err"))"
	req "import $n: a ticket while the list is stored" 201 '"number":"A' -- -X POST -H "$STAFF" -d '{"service":"CAPMOI"}' "$U/tickets"
	wait $IMP
	[ "$(cat "$T/imp$n.code")" = 200 ] && grep -q "\"imported\":$ROWS" "$T/imp$n" && ok ||
		bad "import $n: $(cat "$T/imp$n.code") $(head -c 300 "$T/imp$n")"
	# the journal's order: the ticket answered, then the import ended
	tail -n +"$((lines + 1))" "$T/err" | grep -E 'POST /api/v1/tickets|dossiers: imported' > "$T/order$n"
	[ "$(head -1 "$T/order$n" | grep -c 'POST /api/v1/tickets -> 201')" = 1 ] &&
		[ "$(sed -n 2p "$T/order$n" | grep -c 'dossiers: imported')" = 1 ] && ok ||
		bad "import $n: the ticket waited for the import: $(cat "$T/order$n")"
}
import_while_issuing 1
req "the list answers" 200 '"status":"READY"' -- -H "$STAFF" "$U/dossiers/lookup?code=BZ-0000001"
import_while_issuing 2
req "the list answers after the second import" 200 '"status":"PROCESSING"' -- -H "$STAFF" "$U/dossiers/lookup?code=BZ-0299998"
n=$(sqlite3 "$T/q.db" "SELECT count(*) FROM dossiers")
[ "$n" = "$ROWS" ] && ok || bad "$n dossiers stored, wanted $ROWS"
left=$(sqlite3 "$T/q.db" "SELECT group_concat(name) FROM sqlite_master WHERE name GLOB 'dossiers_*'")
[ -z "$left" ] && ok || bad "staging tables left: $left"
finish dossiers_import_busy
