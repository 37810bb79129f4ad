#!/usr/bin/env bash
# The hub publishes configuration fragments to 3 real station-servers
# (docs/hub.md): a signed one applied by all 3 (seen through each station's
# own API and its reported version, the server restarted in place); the
# station's own sections refused at publish; a fragment tampered in
# PostgreSQL refused by all 3 with a clear line naming its version; a
# signed one that fails the station's check refused, the previous version
# kept; rollback; a current.conf holding a station's own section refused
# by the loader.  Waits on events (a line, an answer) bounded by a limit
# only the failure path reaches.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
H=${KIOSK_HUB:?KIOSK_HUB names the kiosk-hub binary}

pg_start || { echo "hub_publish: no PostgreSQL"; exit 1; }
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null; done; pg_stop; cleanup' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# until CMD succeeds; 60 s: the failure path only
until_ok() { for _ in $(seq 600); do "$@" && return 0; sleep 0.1; done; return 1; }

HPORT=$(free_port)
cat > "$T/hub.conf" <<CONF
[hub]
listen = 127.0.0.1:$HPORT
database = $HUB_DB
pool = 2
signing_key = $T/signing.key
dossier_key = $T/dossier.key
CONF
head -c 32 /dev/urandom > "$T/dossier.key"
KEY=$("$H" keygen "$T/signing.key") && ok || bad "keygen"
hub_up() {
	"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2> "$T/hub.err" & HP=$!
	PIDS+=("$HP")
	until_ok grep -q listening "$T/hub.out" || bad "the hub did not start: $(cat "$T/hub.err")"
}

# the province's catalogue as a fragment (also each station's own to begin with)
fragment() { # NAME_OF_CAPMOI [HOURS]
	cat <<FRAG
; the province's catalogue
[service.CAPMOI]
prefix = A
name_vi = $1
hours = ${2:-00:00-24:00}
days = mon-sun
[service.CAPDOI]
prefix = B
name_vi = Cấp đổi
hours = 00:00-24:00
days = mon-sun
[calendar]
closed = 2026-09-02
[dossier.READY]
text_vi = Đã có kết quả
[dossier.PROCESSING]
text_vi = Đang xử lý
FRAG
}

# three stations, each its own kiosk.conf, database and [hub] dir
for n in 1 2 3; do
	tok=$("$H" --config "$T/hub.conf" station add "ST-$n" 2> "$T/add.err") ||
		bad "station add: $(cat "$T/add.err")"
	port=$(free_port)
	"$H" --config "$T/hub.conf" dossiers key "ST-$n" "$T/secret$n" || bad "dossiers key"
	cat > "$T/k$n.conf" <<CONF
[station]
id = ST-$n
name_vi = Trạm $n
[server]
listen = 127.0.0.1:$port
kiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa
[hub]
url = http://127.0.0.1:$HPORT
token = $tok
key = $KEY
interval = 1
dir = $T/hub$n
$(fragment "Cấp mới")
[counter.1]
services = CAPMOI, CAPDOI
[printer]
uri = none
[dossiers]
secret = $T/secret$n
CONF
	"$S" --config "$T/k$n.conf" --db "$T/q$n.db" > "$T/out$n" 2> "$T/err$n" &
	PIDS+=($!)
	eval "SP$n=$! U$n=http://127.0.0.1:$port/api/v1"
done
up() { grep -q listening "$T/out$1" || ! eval "kill -0 \$SP$1" 2> /dev/null; } # or dead
for n in 1 2 3; do
	until_ok up $n && grep -q listening "$T/out$n" || bad "station $n did not start: $(cat "$T/err$n")"
done
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
queue_has() { eval "curl -s -m 5 -H \"\$KIOSK\" \"\$U$1/queue\"" | grep -q -- "$2"; }
version_is() { "$S" --config "$T/k$1.conf" hub config 2> /dev/null | grep -q "^configuration version $2 "; }
log_has() { grep -q -- "$2" "$T/err$1"; }


# the station's own sections are refused at publish, nothing stored
{ fragment "X"; printf '[counter.1]\nservices = CAPMOI\n'; } > "$T/own.conf"
"$H" --config "$T/hub.conf" publish "$T/own.conf" 2> "$T/own.err" && bad "[counter.1] published" || ok
grep -q "\[counter.1\] is a station's own section" "$T/own.err" && ok || bad "own: $(cat "$T/own.err")"
printf '[printer]\nuri = file:/tmp/x\n' > "$T/own2.conf"
"$H" --config "$T/hub.conf" publish "$T/own2.conf" 2> "$T/own2.err" && bad "[printer] published" || ok
grep -q "\[printer\] is a station's own section" "$T/own2.err" && ok || bad "own2: $(cat "$T/own2.err")"
[ "$(pg_psql 'SELECT count(*) FROM configs')" = 0 ] && ok || bad "a refused fragment was stored"

# 1: published, applied by all 3 (restarted in place: the same pid)
fragment "Cấp mới (tỉnh)" > "$T/v1.conf"
hub_up
"$H" --config "$T/hub.conf" publish "$T/v1.conf" | grep -q "version 1 published" && ok || bad "publish v1"
for n in 1 2 3; do
	until_ok queue_has $n "Cấp mới (tỉnh)" && ok || bad "station $n does not show the new name"
	version_is $n 1 && ok || bad "station $n does not report version 1"
	eval "kill -0 \$SP$n" && ok || bad "station $n is not the same process"
done
grep -q "Cấp mới (tỉnh)" "$T/hub1/current.conf" && ok || bad "current.conf"
# and the hub learns it from each station's forwarding (status.config_version)
hub_sees() { [ "$(pg_psql "SELECT $2 FROM station_status WHERE station = 'ST-$1'")" = "$3" ]; }
for n in 1 2 3; do
	until_ok hub_sees $n config_version 1 && ok || bad "the hub does not see station $n run version 1"
done
"$H" --config "$T/hub.conf" published | grep -q "^1	" && ok || bad "published lists version 1"

# 2: tampered in PostgreSQL (published while the hub is down, then changed)
kill "$HP"; wait "$HP"
fragment "Cấp mới v2" > "$T/v2.conf"
"$H" --config "$T/hub.conf" publish "$T/v2.conf" > /dev/null && ok || bad "publish v2"
pg_psql "UPDATE configs SET fragment = replace(fragment, 'v2', 'v9') WHERE version = 2" > /dev/null
hub_up
for n in 1 2 3; do
	until_ok log_has $n "configuration version 2 from the hub is not signed by \[hub\] key: not applied; running version 1" &&
		ok || bad "station $n: no clear refusal of the tampered fragment: $(tail -3 "$T/err$n")"
	version_is $n 1 && queue_has $n "Cấp mới (tỉnh)" && ok || bad "station $n left version 1"
done

# nonsense hours: the hub can tell alone, refused at publish, nothing stored
fragment "Cấp mới v3" "27:00-99:00" > "$T/hours.conf"
"$H" --config "$T/hub.conf" publish "$T/hours.conf" > /dev/null 2> "$T/hours.err" &&
	bad "nonsense hours published" || ok
grep -q "hours.conf:5: .*hours" "$T/hours.err" && ok || bad "hours: $(cat "$T/hours.err")"
[ "$(pg_psql 'SELECT max(version) FROM configs')" = 2 ] && ok || bad "a refused fragment was stored"
# 3: signed, but only a station can tell it is bad: it drops CAPDOI, which
# each station's counter 1 serves; refused by all 3, version 1 kept
fragment "Cấp mới v3" | sed '/^\[service.CAPDOI\]/,/^days/d' > "$T/v3.conf"
grep -q CAPDOI "$T/v3.conf" && bad "the test's v3 still has CAPDOI"
"$H" --config "$T/hub.conf" publish "$T/v3.conf" > /dev/null && ok || bad "publish v3"
for n in 1 2 3; do
	until_ok log_has $n "configuration version 3 from the hub does not pass the check" && ok ||
		bad "station $n: no refusal of the bad fragment: $(tail -3 "$T/err$n")"
	version_is $n 1 && queue_has $n "Cấp mới (tỉnh)" && ok || bad "station $n left version 1 (v3)"
done

# 4: a good one again; previous.conf is 1
{ fragment "Cấp mới v4"; printf '[service.GIAHAN]\nprefix = C\nname_vi = Gia hạn\nhours = 00:00-24:00\ndays = mon-sun\n'; } > "$T/v4.conf"
"$H" --config "$T/hub.conf" publish "$T/v4.conf" > /dev/null && ok || bad "publish v4"
for n in 1 2 3; do
	until_ok queue_has $n "Cấp mới v4" && ok || bad "station $n did not apply v4"
	version_is $n 4 && ok || bad "station $n does not report version 4"
done
"$S" --config "$T/k1.conf" hub config | grep -q "^previous 1$" && ok || bad "previous is not 1"
# kiosks and kioskctl load the same way: the hub's new service, the station's counter
"$KC" --config "$T/k3.conf" check 2> /dev/null | grep -q "station ST-3, 3 services, 1 counters" && ok ||
	bad "kioskctl check does not see the hub's settings: $("$KC" --config "$T/k3.conf" check 2>&1)"
queue_has 3 '"service":"GIAHAN"' && ok || bad "station 3 does not offer the new service"
[ "$(stat -c %a "$T/hub3/current.conf")" = 644 ] && ok || bad "current.conf is not readable by kiosks"

# rollback on station 1 (stopped): version 1 again, 4 held back; 5 applies
kill "$SP1"; wait "$SP1"
"$S" --config "$T/k1.conf" hub rollback > "$T/rb.out" 2>&1 && ok || bad "rollback: $(cat "$T/rb.out")"
version_is 1 1 && ok || bad "rollback did not put version 1 back"
"$S" --config "$T/k1.conf" --db "$T/q1.db" > "$T/out1" 2> "$T/err1" & SP1=$!; PIDS+=("$SP1")
until_ok up 1 && grep -q listening "$T/out1" || bad "station 1 did not start again: $(cat "$T/err1")"
queue_has 1 "Cấp mới (tỉnh)" && ok || bad "station 1 does not run version 1 after rollback"
fragment "Cấp mới v5" > "$T/v5.conf"
"$H" --config "$T/hub.conf" publish "$T/v5.conf" > /dev/null && ok || bad "publish v5"
until_ok queue_has 1 "Cấp mới v5" && ok || bad "station 1 did not apply v5 after its rollback"
grep -c "configuration version 4 from the hub applied" "$T/err1" | grep -qx 0 && ok ||
	bad "the held version 4 was applied again"

# dossier shares: rows for 2 stations; each gets its own, as keyed hashes
printf 'ma_ho_so,trang_thai,station\nHS-0001-A,READY,ST-1\nHS-0002-B,PROCESSING,ST-1\nHS-0003-C,READY,ST-2\n' > "$T/d.csv"
"$H" --config "$T/hub.conf" dossiers import "$T/d.csv" > "$T/d.out" 2>&1 && ok || bad "import: $(cat "$T/d.out")"
printf 'ma_ho_so,trang_thai,station\nHS-0009-Z,LOST,ST-1\n' > "$T/dbad.csv"
"$H" --config "$T/hub.conf" dossiers import "$T/dbad.csv" > "$T/dbad.out" 2>&1 && bad "a bad status imported" || ok
printf 'ma_ho_so,trang_thai,station\nHS-0009-Z,READY,ST-1\nHS-0008-Y,READY,NOWHERE\n' > "$T/dbad2.csv"
"$H" --config "$T/hub.conf" dossiers import "$T/dbad2.csv" > "$T/dbad2.out" 2>&1 && bad "an unknown station imported" || ok
grep -q 'line 3: the station "NOWHERE" is not one of the hub' "$T/dbad2.out" && ok || bad "unknown station: $(cat "$T/dbad2.out")"
[ "$(pg_psql 'SELECT count(*) FROM dossier_sets')" = 1 ] && ok || bad "a refused file made a set"
dversion_is() { "$S" --config "$T/k$1.conf" hub config 2> /dev/null | grep -q "^dossiers version $2$"; }
for n in 1 2; do until_ok dversion_is $n 1 && ok || bad "station $n does not hold dossiers version 1"; done
for n in 1 2; do
	until_ok hub_sees $n dossiers_version 1 && ok || bad "the hub does not see station $n hold dossiers 1"
done
lookup() { eval "curl -s -m 5 -o /dev/null -w '%{http_code}' -H \"\$KIOSK\" \"\$U$1/dossiers/lookup?code=$2\""; }
[ "$(lookup 1 hs-0001-a)" = 200 ] && ok || bad "station 1: its own code not found"
[ "$(lookup 1 HS0002B)" = 200 ] && ok || bad "station 1: its second code not found"
[ "$(lookup 1 HS-0003-C)" = 404 ] && ok || bad "station 1 finds station 2's code"
[ "$(lookup 2 HS-0003-C)" = 200 ] && ok || bad "station 2: its own code not found"
[ "$(lookup 2 HS-0001-A)" = 404 ] && ok || bad "station 2 finds station 1's code"
[ "$(sqlite3 "$T/q1.db" 'SELECT count(*) FROM dossiers')" = 2 ] && ok || bad "station 1's row count"
[ "$(sqlite3 "$T/q2.db" 'SELECT count(*) FROM dossiers')" = 1 ] && ok || bad "station 2's row count"
[ "$(pg_psql 'SELECT count(*) FROM dossier_rows')" = 3 ] && ok || bad "the hub's rows"
pg_as pg_dump -h "$PGDIR" -U hub hub > "$T/dump.sql" 2> /dev/null || pg_dump -h "$PGDIR" -U hub hub > "$T/dump.sql"
grep -Eq 'HS-?0001-?A|HS-?0003-?C' "$T/dump.sql" && bad "a code in clear in PostgreSQL" || ok
grep -q 'dossier_rows' "$T/dump.sql" && ok || bad "pg_dump gave nothing to look at"
tok1=$(sed -n 's/^token = //p' "$T/k1.conf")
curl -s -H "Authorization: Bearer $tok1" "http://127.0.0.1:$HPORT/api/v1/dossiers" > "$T/wire"
grep -q '"h"' "$T/wire" && ok || bad "the share: $(head -c 200 "$T/wire")"
grep -Eq 'HS-?0001-?A' "$T/wire" && bad "a code in clear on the wire" || ok
req "the share when current" 304 EMPTY -- -H "Authorization: Bearer $tok1" "http://127.0.0.1:$HPORT/api/v1/dossiers?have=1"

# the loader refuses a station's own section in current.conf (written by hand)
kill "$SP2"; wait "$SP2"
printf '; version 6\n[counter.1]\nservices = CAPMOI\n' > "$T/hub2/current.conf"
"$S" --config "$T/k2.conf" --db "$T/q2.db" > "$T/out2" 2> "$T/err2" && bad "started with [counter.1] from the hub" || ok
grep -q "\[counter.1\] is a station's own section" "$T/err2" && ok || bad "loader: $(cat "$T/err2")"

# rolled back twice on station 3: 4 (its previous), then kiosk.conf alone
kill "$SP3"; wait "$SP3"
"$S" --config "$T/k3.conf" hub rollback > /dev/null 2>&1 && version_is 3 4 && ok || bad "rollback to 4"
"$S" --config "$T/k3.conf" hub rollback > "$T/rb3.out" 2>&1 && version_is 3 0 && ok ||
	bad "rollback to kiosk.conf alone: $(cat "$T/rb3.out")"
"$KC" --config "$T/k3.conf" check 2> /dev/null | grep -q "station ST-3, 2 services" && ok ||
	bad "kiosk.conf alone after the last rollback"
"$S" --config "$T/k3.conf" hub rollback > /dev/null 2>&1 && bad "a rollback from nothing" || ok
"$S" --config "$T/k3.conf" hub config | grep -q "^held back up to 5$" && ok || bad "held back: not 5"
finish hub_publish
