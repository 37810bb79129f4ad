#!/usr/bin/env bash
# station-server report (server/report_cmd.c): a small known day made with
# kioskctl --now (three tickets of two services, one served after a
# 10-minute wait, one a no-show, one served at counter 2), its report
# written as JSON, CSV and XLSX, and the same figures read back out of all
# three (the CSV as Excel-VN reads it: ';', decimal comma, BOM; the XLSX by
# openpyxl), the known ones as they must be; the file written whole (no
# FILE.tmp left); bad arguments exit 2 with a message and write nothing.
# Then the same from GET /api/v1/reports?format=csv|xlsx, as downloads.
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Công an phường Thử
[queue]
sync = normal
noshow = drop
database = $T/live.db
[server]
listen = 127.0.0.1:0
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
hours = 00:00-24:00
days = mon-sun
[service.CAPDOI]
prefix = B
name_vi = Cấp đổi
hours = 00:00-24:00
days = mon-sun
[counter.1]
services = CAPMOI, CAPDOI
[counter.2]
services = CAPMOI, CAPDOI
CONF
C=(--config "$T/kiosk.conf")
DAY=2026-03-02 # a Monday

# at TIME kioskctl-command...: a step of the day, which must succeed
at() {
	local t=$1; shift
	"$KC" "${C[@]}" --now "${DAY}T$t" "$@" > "$T/kc.out" 2>&1 ||
		bad "kioskctl $* at $t: $(cat "$T/kc.out")"
}
at 08:00 issue CAPMOI              # A001: waits 10 min, served 8 min
at 08:05 issue CAPMOI              # A002: called at 08:25, a no-show
at 08:30 issue CAPDOI              # B001: waits 15 min at counter 2, served 20 min
at 08:10 call-next 1
at 08:12 start 1
at 08:20 finish 1
at 08:25 call-next 1
at 08:40 noshow 1
at 08:45 call-next 2
at 08:46 start 2
at 09:06 finish 2

report() { "$S" "${C[@]}" report "$@" > "$T/rep.out" 2> "$T/rep.err"; }
for f in json csv xlsx; do
	report --from $DAY --to $DAY --format $f --out "$T/r.$f" && ok ||
		bad "report --format $f: exit $?: $(cat "$T/rep.err")"
	grep -q "report $DAY..$DAY by day: 3 ticket(s) -> $T/r.$f" "$T/rep.out" && ok ||
		bad "report --format $f said: $(cat "$T/rep.out")"
	[ ! -e "$T/r.$f.tmp" ] && ok || bad "$f: r.$f.tmp left behind"
done
head -c 3 "$T/r.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || bad "the CSV has no BOM"
/usr/bin/python3 "$SRC/tests/report_xlsx_read.py" "$T/r.xlsx" > "$T/x.json" ||
	bad "openpyxl could not read the XLSX"

# The same figures in the three files, and the known ones right.
/usr/bin/python3 - "$T/r.json" "$T/r.csv" "$T/x.json" > "$T/cmp.out" 2>&1 <<'PY' && ok ||
import csv, json, sys

rep = json.load(open(sys.argv[1]))
xl = json.load(open(sys.argv[3]))
faults = []

def need(what, got, want):
    if got != want:
        faults.append(f"{what}: {got!r}, wanted {want!r}")

# the CSV as Excel-VN reads it: blocks after a blank line, a title, a header
lines = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline=""), delimiter=";"))
blocks, cur = [], None
for row in lines[2:]:
    if row == [] or row == [""]:
        cur = None
        continue
    if cur is None:
        cur = {"title": row[0], "rows": []}
        blocks.append(cur)
    elif "head" not in cur:
        cur["head"] = row
    else:
        cur["rows"].append(row)
names = ["total", "period", "service", "hour", "counter", "staff", "source", "weekday"]
need("CSV blocks", len(blocks), 9)
sheets = xl["sheets"]
need("XLSX sheets", len(sheets), 9)

def minutes(s):  # "12,5" -> 12.5; "" -> None
    return None if s == "" else float(s.replace(",", "."))

# (JSON path in a row, CSV/XLSX header starting so, kind)
FIGS = [(("issued",), "Số phiếu cấp (Issued)", "n"), (("served",), "Đã phục vụ (Served)", "n"),
        (("noshow",), "Vắng mặt (No-show)", "n"),
        (("wait", "n"), "Số phiếu tính thời gian chờ (Waits counted)", "n"),
        (("wait", "mean"), "Chờ trung bình (Mean wait)", "t"),
        (("wait", "median"), "Chờ trung vị (Median wait)", "t"),
        (("wait", "max"), "Chờ lâu nhất (Longest wait)", "t"),
        (("service_level", "within"), "Gọi trong thời gian mục tiêu (Called within target)", "n"),
        (("service_level", "share"), "Tỷ lệ đạt mục tiêu (Service level)", "s"),
        (("visits", "called"), "Lượt gọi (Visits)", "n"),
        (("service_time", "median"), "Phục vụ trung vị (Median service)", "t"),
        (("per_day",), "Số phiếu mỗi ngày (Issued per day)", "r")]

def col(head, start):
    for i, h in enumerate(head):
        if h.startswith(start):
            return i
    faults.append(f"no column {start}")
    return None

for b, name in enumerate(names):
    rows = [rep["total"]] if name == "total" else rep["by"][name]
    block = blocks[b] if b < len(blocks) else {"rows": [], "head": []}
    sheet = xl["book"][sheets[b]]["rows"]
    need(f"{name}: CSV rows", len(block["rows"]), len(rows))
    if name != "total":  # the total's sheet says the range and the unit under it
        need(f"{name}: XLSX rows", len(sheet) - 1, len(rows))
    xhead = [c["v"] if c else "" for c in sheet[0]]
    for i, r in enumerate(rows):
        crow = block["rows"][i] if i < len(block["rows"]) else []
        xrow = sheet[i + 1] if i + 1 < len(sheet) else []
        if name != "total":
            need(f"{name} {i}: CSV key", crow[0].lstrip("'") if crow else None, r["key"])
            need(f"{name} {i}: XLSX key", (xrow[0] or {}).get("v", "") if xrow else None, r["key"])
        for path, head, kind in FIGS:
            want = r
            for p in path:
                want = want[p]
            c, x = col(block["head"], head), col(xhead, head)
            if c is None or x is None:
                continue
            got_c = crow[c] if c < len(crow) else "?"
            cell = xrow[x] if x < len(xrow) else None
            got_x = cell["v"] if cell else None
            what = f"{name} {r['key']!r} {head}"
            if kind == "n":
                need(what + " CSV", got_c, str(want))
                need(what + " XLSX", got_x, want)
            elif kind == "t":
                need(what + " CSV", minutes(got_c), None if want is None else round(want / 60, 1))
                need(what + " XLSX", None if got_x is None else round(got_x * 86400), want)
            elif kind == "s":
                need(what + " CSV", minutes(got_c), None if want is None else round(want * 100, 1))
                need(what + " XLSX", None if got_x is None else round(got_x, 6),
                     None if want is None else round(want, 6))
            else:
                need(what + " CSV", minutes(got_c), round(want, 1))
                need(what + " XLSX", round(got_x, 6), round(want, 6))

# the day as it was made
t = rep["total"]
need("issued", t["issued"], 3)
need("served", t["served"], 2)
need("no-show", t["noshow"], 1)
need("median wait", t["wait"]["median"], 15 * 60)
need("longest wait", t["wait"]["max"], 20 * 60)
svc = {r["key"]: r for r in rep["by"]["service"]}
need("CAPMOI issued", svc.get("CAPMOI", {}).get("issued"), 2)
need("CAPDOI served", svc.get("CAPDOI", {}).get("served"), 1)
need("CAPDOI service time", svc.get("CAPDOI", {}).get("service_time", {}).get("median"), 20 * 60)
need("heat days", rep["heat"]["days"], ["2026-03-02"])
hb = blocks[8] if len(blocks) > 8 else {"rows": [[]], "head": []}
need("CSV heat map day", hb["rows"][0][:2], ["2026-03-02", "Thứ Hai"])
hours = rep["heat"]["hours"]
for k, h in enumerate(hours):
    want = rep["heat"]["median_wait"][0][k]
    got = minutes(hb["rows"][0][2 + k])
    need(f"CSV heat {h}h", got, None if want is None else round(want / 60, 1))
    cell = xl["book"][sheets[8]]["rows"][1][2 + k]
    need(f"XLSX heat {h}h", None if cell is None else round(cell["v"] * 86400),
         want)
print("\n".join(faults))
sys.exit(1 if faults else 0)
PY
	bad "the three files differ: $(cat "$T/cmp.out")"

# Bad arguments: exit 2, a message, nothing written.
# refused WHY-REGEX ARGS...
refused() {
	local re=$1; shift
	rm -f "$T/bad.out"
	"$S" "${C[@]}" report "$@" > /dev/null 2> "$T/rep.err"; local rc=$?
	[ $rc = 2 ] && ok || bad "report $*: exit $rc, wanted 2"
	grep -Eq -- "$re" "$T/rep.err" && ok || bad "report $*: said '$(cat "$T/rep.err")', wanted /$re/"
	[ ! -e "$T/bad.out" ] && ok || bad "report $*: wrote a file"
}
O=(--out "$T/bad.out")
refused 'before' --from 2026-03-02 --to 2026-03-01 --format csv "${O[@]}"
refused '3 years' --from 2023-03-01 --to 2026-03-02 --format csv "${O[@]}"
refused 'YYYY-MM-DD' --from 2026-02-30 --to 2026-03-02 --format csv "${O[@]}"
refused 'YYYY-MM-DD' --from yesterday --to 2026-03-02 --format csv "${O[@]}"
refused 'YYYY-MM-DD' --from 2026-3-2 --to 2026-03-02 --format csv "${O[@]}"
refused 'json, csv or xlsx' --from 2026-03-02 --to 2026-03-02 --format pdf "${O[@]}"
refused '--format' --from 2026-03-02 --to 2026-03-02 "${O[@]}"
refused '--out' --from 2026-03-02 --to 2026-03-02 --format csv
refused 'day, week or month' --from 2026-03-02 --to 2026-03-02 --group year --format csv "${O[@]}"
refused '--from and --to' --to 2026-03-02 --format csv "${O[@]}"
refused 'unknown argument' --from 2026-03-02 --to 2026-03-02 --format csv --colour "${O[@]}"
# 1096 days is the most a report covers: accepted
report --from 2023-03-08 --to 2026-03-07 --group month --format csv --out "$T/long.csv" && ok ||
	bad "a report of 1096 days: exit $?: $(cat "$T/rep.err")"

# A file that cannot be written: exit 1, nothing left behind.
for f in csv xlsx json; do
	report --from $DAY --to $DAY --format $f --out "$T/nodir/r.$f"; rc=$?
	[ $rc = 1 ] && ok || bad "--out in no folder ($f): exit $rc, wanted 1"
	grep -q "nodir/r.$f: not written" "$T/rep.err" && ok || bad "$f: said $(cat "$T/rep.err")"
done
# no database there: exit 1, and no empty database made
"$S" --config "$T/kiosk.conf" --db "$T/none.db" report --from $DAY --to $DAY --format csv \
	--out "$T/x.csv" 2> "$T/rep.err"; rc=$?
[ $rc = 1 ] && ok || bad "a missing database: exit $rc, wanted 1"
[ ! -e "$T/none.db" ] && ok || bad "a missing database was made"

# The same report from GET /api/v1/reports?format=csv|xlsx: a download of
# the same CSV byte for byte and an XLSX with the same cells; its temporary
# file gone; a supervisor's only; an unknown format a 400.
echo 'staple-battery-horse' | "$S" "${C[@]}" user add minh --supervisor > /dev/null 2>&1
echo 'correct-horse-battery' | "$S" "${C[@]}" user add lan > /dev/null 2>&1
SUP="Authorization: Bearer $("$S" "${C[@]}" user token minh 2> /dev/null)"
STAFF="Authorization: Bearer $("$S" "${C[@]}" user token lan 2> /dev/null)"
mkdir "$T/tmp"
export TMPDIR=$T/tmp # the server's temporary files
serve "$T/kiosk.conf" "$T/live.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }
unset TMPDIR
R="$U/reports?from=$DAY&to=$DAY"
for f in csv xlsx; do
	curl -s -D "$T/h.$f" -o "$T/api.$f" -H "$SUP" "$R&format=$f"
	grep -qi "^HTTP/1.1 200" "$T/h.$f" && ok || bad "format=$f: $(head -1 "$T/h.$f")"
	grep -qi "^content-disposition: attachment; filename=\"bao-cao-$DAY-$DAY.$f\"" "$T/h.$f" && ok ||
		bad "format=$f: no download name: $(cat "$T/h.$f")"
done
grep -qi '^content-type: text/csv; charset=utf-8' "$T/h.csv" && ok || bad "csv: $(cat "$T/h.csv")"
grep -qi '^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
	"$T/h.xlsx" && ok || bad "xlsx: $(cat "$T/h.xlsx")"
cmp -s "$T/api.csv" "$T/r.csv" && ok || bad "the API's CSV is not the command's"
/usr/bin/python3 "$SRC/tests/report_xlsx_read.py" "$T/api.xlsx" > "$T/api-x.json" &&
	cmp -s "$T/api-x.json" "$T/x.json" && ok || bad "the API's XLSX cells are not the command's"
[ -z "$(ls -A "$T/tmp")" ] && ok || bad "left in the temporary folder: $(ls -A "$T/tmp")"
req "an unknown format" 400 '"error":"bad_format"' -- -H "$SUP" "$R&format=pdf"
req "a staff member may not download it" 403 '"error":"supervisor_only"' -- -H "$STAFF" "$R&format=csv"
req "json is still json" 200 '"from":"'"$DAY"'"' -- -H "$SUP" "$R&format=json"

finish report_cli
