#!/usr/bin/env bash
# The province's dashboard of kiosk-hub on a throwaway PostgreSQL
# (tests/pg.sh): accounts (user add/revoke, Argon2id, wrong password 401,
# the lock after 5 in a row), the session cookie and its CSRF token, logout
# and the idle timeout; GET /api/v1/stations on known lobbies (order,
# printer, last heard); GET /api/v1/reports on a known dataset
# (hub_dashboard_data.sql) with every figure worked out by hand, and its
# CSV and XLSX (read back by openpyxl); the dashboard's page.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.sh"
H=${KIOSK_HUB:?KIOSK_HUB names the kiosk-hub binary}
SRC=$(cd "$(dirname "$0")/.." && pwd)

pg_start || { echo "hub_dashboard: no PostgreSQL"; exit 1; }
cat > "$T/hub.conf" <<CONF
[hub]
listen = 127.0.0.1:0
database = $HUB_DB
pool = 4
www = $SRC/www-hub
session_idle = 1800
CONF

# accounts
echo 'mat-khau-tinh' | "$H" --config "$T/hub.conf" user add an --admin > /dev/null && ok ||
	bad "user add"
echo 'mat-khau-binh' | "$H" --config "$T/hub.conf" user add binh > /dev/null && ok || bad "user add binh"
echo 'short' | "$H" --config "$T/hub.conf" user add chi 2> /dev/null && bad "a short password taken" || ok
pg_psql "SELECT hash FROM accounts WHERE name = 'an'" | grep -q '^\$argon2id\$' && ok ||
	bad "the password is not an Argon2id hash"
psql -X -q -h "$PGDIR" -U hub -d hub -f "$SRC/tests/hub_dashboard_data.sql" > /dev/null ||
	bad "the test's data"

"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2> "$T/hub.err" & HP=$!
SP=$HP
for _ in $(seq 300); do grep -q listening "$T/hub.out" && break; sleep 0.1; done # failure path only
B=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/hub.out")
HU=$B/api/v1
J='Content-Type: application/json'

login() { # login NAME PASSWORD JAR: the answer's body; the cookie in JAR
	curl -s -m 10 -c "$3" -H "$J" -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$HU/login"
}
req "page" 200 'Trạm' -- "$B/"
req "a static file" 200 'function' -- "$B/static/hub.js"
req "no such file" 404 'not_found' -- "$B/static/..%2Fhub.conf"
req "no way out of the folder" 404 'not_found' -- --path-as-is "$B/static/../README.md"
req "no hidden files" 404 'not_found' -- "$B/static/.hidden"
req "stations without a login" 401 'unauthorized' -- "$HU/stations"
req "reports without a login" 401 'unauthorized' -- "$HU/reports?from=2026-11-30&to=2026-12-01"
req "wrong password" 401 'login_failed' -- -H "$J" -d '{"name":"an","password":"wrong-one"}' "$HU/login"
req "nobody's name" 401 'login_failed' -- -H "$J" -d '{"name":"zed","password":"wrong-one"}' "$HU/login"
req "a form's login" 415 'unsupported' -- -d '{"name":"an","password":"mat-khau-tinh"}' "$HU/login"
out=$(login an mat-khau-tinh "$T/jar")
csrf=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
[ ${#csrf} = 43 ] && ok || bad "login: $out"
grep -q 'session' "$T/jar" && ok || bad "no session cookie"
pg_psql "SELECT count(*) FROM sessions WHERE digest = '$(awk '$6 == "session" {print $7}' "$T/jar")'" |
	grep -qx 0 && ok || bad "the cookie is kept in clear"
req "session" 200 '"role": *"admin"' -- -b "$T/jar" "$HU/session"
req "logout without CSRF" 403 'csrf' -- -b "$T/jar" -X POST "$HU/logout"
req "logout with a wrong CSRF" 403 'csrf' -- -b "$T/jar" -H "X-CSRF-Token: x$csrf" -X POST "$HU/logout"
req "still logged in" 200 '"name": *"an"' -- -b "$T/jar" "$HU/session"

# the lobbies now: B-2 overflows (longest 40 min >= 20) and comes first,
# silent 15 min (stale); A-1's worst printer is its kiosk's paper_out;
# C-3 never heard comes last
curl -s -b "$T/jar" "$HU/stations" > "$T/st.json"
python3 - "$T/st.json" <<'PY' && ok || bad "stations: $(cat "$T/st.json")"
import json, sys
s = json.load(open(sys.argv[1]))["stations"]
assert [x["id"] for x in s] == ["B-2", "A-1", "C-3"], s
b, a, c = s
# heard 900 s before the data was loaded: 15 min (more on a slow machine)
assert b["overflowing"] and b["stale"] and 15 <= b["silent_minutes"] <= 20 and b["waiting"] == 25, b
assert b["longest_wait"] == 2400 and b["printer"] == "paper_low" and b["config_version"] == 3, b
assert not a["overflowing"] and not a["stale"] and a["waiting"] == 3, a
assert a["printer"] == "paper_out" and a["devices"] == 2 and a["dossiers_version"] == 2, a
assert c["heard"] is False and c["stale"], c
PY

# reports over 2026-11-30..2026-12-01 (day 20786, 11-29, left out):
# A-1: tickets 4 + 2 = 6, served 4, no-shows 1; waits 60 300 600 1500 2400:
#   median (3rd of 5) 600, p90 (5th) 2400, within 20 min 3 of 6 tickets;
#   ratings levels 1 2 5 of 5: 3 rated, 2 satisfied.
# B-2: 3 tickets, 3 served; waits 120 1200 1260: median 1200, p90 1260,
#   within 2 (1200 counts) of 3; 1 rating, level 3 of 3: not satisfied.
# Province: 9 tickets, 7 served, 1 no-show; 8 waits: median (4th) 600,
#   p90 (8th) 2400; within 5 of 9; 4 rated, 2 satisfied.
# C-3: nothing.  The visit row's times are not waits.
curl -s -b "$T/jar" "$HU/reports?from=2026-11-30&to=2026-12-01" > "$T/r.json"
python3 - "$T/r.json" <<'PY' && ok || bad "reports: $(cat "$T/r.json")"
import json, sys
r = json.load(open(sys.argv[1]))
s = {x["station"]: x for x in r["stations"]}
assert list(s) == ["A-1", "B-2", "C-3"], list(s)
def fig(x):
    return (x["tickets"], x["served"], x["noshow"], x["wait"]["n"], x["wait"]["median"],
            x["wait"]["p90"], x["service_level"]["within"], x["service_level"]["of"],
            x["ratings"]["rated"], x["ratings"]["satisfied"])
assert fig(s["A-1"]) == (6, 4, 1, 5, 600, 2400, 3, 6, 3, 2), fig(s["A-1"])
assert fig(s["B-2"]) == (3, 3, 0, 3, 1200, 1260, 2, 3, 1, 0), fig(s["B-2"])
assert fig(r["province"]) == (9, 7, 1, 8, 600, 2400, 5, 9, 4, 2), fig(r["province"])
assert abs(r["province"]["service_level"]["share"] - 5 / 9) < 1e-9
assert r["province"]["ratings"]["satisfaction"] == 0.5
assert fig(s["C-3"]) == (0, 0, 0, 0, None, None, 0, 0, 0, 0), fig(s["C-3"])
assert s["C-3"]["service_level"]["share"] is None and r["target_wait"] == 20
PY
# a target of 25 min takes 1500 s in too: A-1 4, B-2 3; one station alone
req "target 25" 200 '"within": *7, *"of": *9' -- -b "$T/jar" \
	"$HU/reports?from=2026-11-30&to=2026-12-01&target=25"
curl -s -b "$T/jar" "$HU/reports?from=2026-11-30&to=2026-12-01&station=B-2" > "$T/b.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert [x["station"] for x in r["stations"]]==["B-2"] and r["province"]["tickets"]==3, r' "$T/b.json" && ok ||
	bad "one station: $(cat "$T/b.json")"
req "no such station" 404 'not_found' -- -b "$T/jar" "$HU/reports?from=2026-11-30&to=2026-12-01&station=Z-9"
req "a bad date" 400 'bad_range' -- -b "$T/jar" "$HU/reports?from=2026-02-30&to=2026-12-01"
req "to before from" 400 'bad_range' -- -b "$T/jar" "$HU/reports?from=2026-12-02&to=2026-12-01"
req "over 3 years" 400 'bad_range' -- -b "$T/jar" "$HU/reports?from=2020-01-01&to=2026-12-01"
req "a bad format" 400 'bad_request' -- -b "$T/jar" "$HU/reports?from=2026-11-30&to=2026-12-01&format=pdf"

# CSV: BOM, ';', decimal comma, minutes and percents
curl -s -b "$T/jar" -D "$T/csv.h" -o "$T/r.csv" "$HU/reports?from=2026-11-30&to=2026-12-01&format=csv"
grep -qi 'content-disposition: attachment; filename="bao-cao-tinh-2026-11-30-2026-12-01.csv"' "$T/csv.h" &&
	ok || bad "csv headers: $(cat "$T/csv.h")"
python3 - "$T/r.csv" <<'PY' && ok || bad "csv: $(cat "$T/r.csv")"
import sys
t = open(sys.argv[1], "rb").read()
assert t.startswith(b"\xef\xbb\xbf"), t[:8]
lines = t[3:].decode().split("\r\n")
assert lines[0].startswith("Trạm (Station);Tên (Name);Phiếu (Tickets);Đã phục vụ (Served)"), lines[0]
assert lines[1] == "A-1;Công an phường An Bình;6;4;1;10,0;40,0;50,0;3;66,7", lines[1]
assert lines[2] == "B-2;Công an phường Bình Thắng;3;3;0;20,0;21,0;66,7;1;0,0", lines[2]
assert lines[3] == "C-3;Công an xã Tân Đông Hiệp;0;0;0;;;;0;", lines[3]
assert lines[4] == "*;Toàn tỉnh;9;7;1;10,0;40,0;55,6;4;50,0", lines[4]
assert lines[5] == "" and len(lines) == 6, lines
PY

# XLSX read back
curl -s -b "$T/jar" -o "$T/r.xlsx" "$HU/reports?from=2026-11-30&to=2026-12-01&format=xlsx"
/usr/bin/python3 "$SRC/tests/report_xlsx_read.py" "$T/r.xlsx" > "$T/x.json" 2> "$T/x.err" || bad "xlsx unreadable: $(cat "$T/x.err")"
python3 - "$T/x.json" <<'PY' && ok || bad "xlsx: $(head -c 2000 "$T/x.json")"
import json, sys
b = json.load(open(sys.argv[1]))
rows = b["book"][b["sheets"][0]]["rows"]
v = lambda r: [c["v"] if c else None for c in r]
assert v(rows[0])[:3] == ["Trạm (Station)", "Tên (Name)", "Phiếu (Tickets)"], v(rows[0])
a = v(rows[1])
assert a[:5] == ["A-1", "Công an phường An Bình", 6, 4, 1], a
assert abs(a[5] - 600 / 86400) < 1e-9 and abs(a[6] - 2400 / 86400) < 1e-9 and a[7] == 0.5, a
assert rows[1][5]["f"] == "[h]:mm:ss" and rows[1][7]["f"] == "0.0%", rows[1]
p = v(rows[4])
assert p[0] == "*" and p[1] == "Toàn tỉnh" and p[2] == 9 and p[9] == 0.5, p
assert v(rows[3])[5] is None, rows[3]
PY

# a station's day replaced whole (as ingest does: its head deleted, the cells
# going with it, then the new ones): the sums the reports read follow
psql -X -q -h "$PGDIR" -U hub -d hub > /dev/null <<'SQL' || bad "replacing B-2's day"
BEGIN;
DELETE FROM day_heads WHERE station = 'B-2' AND day = 20787;
INSERT INTO day_heads (station, day, tickets, made_at) VALUES ('B-2', 20787, 2, 0);
INSERT INTO day_cells (station, day, kind, service, hour, source, counter, n, served, times)
  VALUES ('B-2', 20787, 'ticket', 'CAPMOI', 9, 'walkin', 1, 2, 2, '{90,30}'),
         ('B-2', 20787, 'visit', 'CAPMOI', 9, 'walkin', 1, 2, 2, '{999,999}');
COMMIT;
SQL
req "B-2's day replaced" 200 '"tickets":2,"served":2,"noshow":0,"wait":\{"n":2,"median":30,"p90":90\}' -- \
	-b "$T/jar" "$HU/reports?from=2026-11-30&to=2026-12-01&station=B-2"
pg_psql "DELETE FROM day_heads WHERE station = 'B-2'" > /dev/null
[ "$(pg_psql "SELECT count(*) FROM day_sums WHERE station = 'B-2'")" = 0 ] && ok ||
	bad "day_sums kept a deleted day"

# logout ends the session; idle sessions end; a revoked account is out
req "logout" 200 '{}' -- -b "$T/jar" -H "X-CSRF-Token: $csrf" -X POST "$HU/logout"
req "after logout" 401 'unauthorized' -- -b "$T/jar" "$HU/stations"
login binh mat-khau-binh "$T/jar2" > /dev/null
req "binh logged in" 200 '"role": *"viewer"' -- -b "$T/jar2" "$HU/session"
pg_psql "UPDATE sessions SET used = used - 1801 WHERE name = 'binh'" > /dev/null
req "idle past session_idle" 401 'unauthorized' -- -b "$T/jar2" "$HU/stations"
login binh mat-khau-binh "$T/jar3" > /dev/null
pg_psql "UPDATE sessions SET used = used - 1700 WHERE name = 'binh'" > /dev/null
req "idle under session_idle" 200 'stations' -- -b "$T/jar3" "$HU/stations"
"$H" --config "$T/hub.conf" user revoke binh > /dev/null && ok || bad "user revoke"
req "revoked" 401 'unauthorized' -- -b "$T/jar3" "$HU/stations"
"$H" --config "$T/hub.conf" user revoke binh 2> /dev/null && bad "revoked twice" || ok

# five wrong passwords in a row lock the account, even for the right one
# (each answered 200 ms x its number in the row after it came: the 5th >= 1 s)
for i in 1 2 3 4; do
	req "wrong password $i" 401 'login_failed' -- -H "$J" -d '{"name":"an","password":"nope-nope"}' "$HU/login"
done
read -r code secs < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$J" \
	-d '{"name":"an","password":"nope-nope"}' "$HU/login")
[ "$code" = 401 ] && awk -v s="$secs" 'BEGIN { exit !(s >= 1.0) }' && ok ||
	bad "the 5th wrong password: $code after $secs s, wanted 401 after >= 1 s"
req "locked" 429 'locked' -- -H "$J" -d '{"name":"an","password":"mat-khau-tinh"}' "$HU/login"
grep -q 'mat-khau' "$T/hub.err" && bad "a password in the log" || ok
kill "$HP" && wait "$HP" && ok || bad "the hub did not stop cleanly"
SP=
finish hub_dashboard
