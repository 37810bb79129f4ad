#!/usr/bin/env bash
# station-server report (server/report_cmd.c): a small known day made with
# kioskctl --now (three tickets of two services, one served after a
# 10-minute wait, one a no-show, one served at counter 2), its report
# written as JSON, CSV and XLSX, and the same figures read back out of all
# three (the CSV as Excel-VN reads it: ';', decimal comma, BOM; the XLSX by
# openpyxl), the known ones as they must be, two ratings among them; the file written whole (no
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

# Two citizens rate: A001 "Rất hài lòng" at the counter, B001 "Không hài
# lòng", why "Chờ lâu", by phone.  Written by hand (the rating's engine and
# its chain are test_rating's; a report reads the rows as they are).
sqlite3 "$T/live.db" "INSERT INTO ratings (day, ticket, number, service, counter, staff, level,
	scale, reason, wait, at, channel, prev, hash) SELECT day, id, number, service, counter, '',
	CASE number WHEN 'A001' THEN 1 ELSE 3 END, 3, CASE number WHEN 'A001' THEN 0 ELSE 1 END,
	CASE number WHEN 'A001' THEN 600 ELSE 900 END, finished_at,
	CASE number WHEN 'A001' THEN 'counter' ELSE 'phone' END, zeroblob(32), zeroblob(32)
	FROM tickets WHERE number IN ('A001', 'B001') ORDER BY id" && ok || bad "the ratings"

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
need("CSV blocks", len(blocks), 10)
sheets = xl["sheets"]
need("XLSX sheets", len(sheets), 10)

def minutes(s):  # "12,5" -> 12.5; "" -> None
    return None if s == "" else float(s.replace(",", "."))

def at(*path):  # a figure of a JSON row by its path
    def get(r):
        for p in path:
            r = r[p]
        return r
    return get

# (a JSON row's figure, CSV/XLSX header starting so, kind)
FIGS = [(at("issued"), "Số phiếu cấp (Issued)", "n"), (at("served"), "Đã phục vụ (Served)", "n"),
        (at("noshow"), "Vắng mặt (No-show)", "n"),
        (at("wait", "n"), "Số phiếu tính thời gian chờ (Waits counted)", "n"),
        (at("wait", "mean"), "Chờ trung bình (Mean wait)", "t"),
        (at("wait", "median"), "Chờ trung vị (Median wait)", "t"),
        (at("wait", "max"), "Chờ lâu nhất (Longest wait)", "t"),
        (at("service_level", "within"), "Gọi trong thời gian mục tiêu (Called within target)", "n"),
        (at("service_level", "share"), "Tỷ lệ đạt mục tiêu (Service level)", "s"),
        (at("visits", "called"), "Lượt gọi (Visits)", "n"),
        (at("service_time", "median"), "Phục vụ trung vị (Median service)", "t"),
        (at("per_day"), "Số phiếu mỗi ngày (Issued per day)", "r")]

def same(what, kind, want, got_c, got_x):
    # a figure in the CSV (text) and the XLSX (a number) as the JSON has it;
    # kind: n count, t seconds, s share, r a rate
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

def col(head, start):
    for i, h in enumerate(head):
        if h.startswith(start):
            return i
    faults.append(f"no column {start}")
    return None

def compare(name, rows, block, sheet, figs, keycol, keyed):
    # the JSON's rows in a CSV block and an XLSX sheet: each row's key (at
    # column keycol, for the rows keyed(i)) and figures
    xhead = [c["v"] if c else "" for c in sheet[0]]
    for i, r in enumerate(rows):
        crow = block["rows"][i] if i < len(block["rows"]) else []
        xrow = sheet[i + 1] if i + 1 < len(sheet) else []
        if keyed(i):
            need(f"{name} {i}: CSV key", crow[keycol].lstrip("'") if len(crow) > keycol else None,
                 r["key"])
            need(f"{name} {i}: XLSX key", (xrow[keycol] or {}).get("v", "")
                 if len(xrow) > keycol else None, r["key"])
        for get, head, kind in figs:
            c, x = col(block["head"], head), col(xhead, head)
            if c is None or x is None:
                continue
            cell = xrow[x] if x < len(xrow) else None
            same(f"{name} {r['key']!r} {head}", kind, get(r), crow[c] if c < len(crow) else "?",
                 cell["v"] if cell else None)

for b, name in enumerate(names):
    rows = [rep["total"]] if name == "total" else rep["by"][name]
    block = blocks[b] if b < len(blocks) else {"rows": [], "head": []}
    sheet = xl["book"][sheets[b]]["rows"]
    need(f"{name}: CSV rows", len(block["rows"]), len(rows))
    if name != "total":  # the total's sheet says the range and the unit under it
        need(f"{name}: XLSX rows", len(sheet) - 1, len(rows))
    compare(name, rows, block, sheet, FIGS, 0, lambda i: name != "total")

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

# the ratings: the total, then each breakdown's rows, in the CSV's block and
# the XLSX's sheet as in the JSON
rt = rep["ratings"]
rrows = [rt["total"]] + [r for by in ("period", "service", "counter", "staff", "channel")
                         for r in rt["by"][by]]
rb = blocks[9] if len(blocks) > 9 else {"rows": [], "head": []}
rs = xl["book"][sheets[9]]["rows"] if len(sheets) > 9 else [[]]
need("ratings: CSV rows", len(rb["rows"]), len(rrows))
need("ratings: XLSX rows", len(rs) - 1, len(rrows))
RFIGS = [(at("rated"), "Số đánh giá (Ratings)", "n"),
         (at("served"), "Số phiếu đã phục vụ (Served)", "n"),
         (at("response_rate"), "Tỷ lệ đánh giá (Response rate)", "s"),
         (at("satisfaction"), "Tỷ lệ hài lòng (Satisfaction)", "s"),
         (at("wait", "median"), "Chờ trung vị của người đánh giá", "t")]
for lv in rt["levels"]:
    i = lv["level"] - 1
    RFIGS += [(at("levels", i, "n"), f"Mức {i + 1}: {lv['vi']} (Level {i + 1}: {lv['en']})", "n"),
              (at("levels", i, "share"), f"Tỷ lệ mức {i + 1} (", "s"),
              (at("levels", i, "median_wait"), f"Chờ trung vị mức {i + 1} (", "t")]
for re_ in rt["reasons"]:
    i = re_["reason"] - 1
    RFIGS.append((at("reasons", i, "n"), f"Lý do: {re_['vi']} (Reason: {re_['en']})", "n"))
for i, band in enumerate(["0–10 phút", "10–20 phút", "20–40 phút", "từ 40 phút"]):
    RFIGS.append((at("wait_bands", i, "share"), f"Chờ {band}: tỷ lệ hài lòng", "s"))
compare("ratings", rrows, rb, rs, RFIGS, 1, lambda i: i > 0)
tr = rt["total"]
need("rated", tr["rated"], 2)
need("served beside the ratings", tr["served"], 2)
need("satisfaction", tr["satisfaction"], 0.5)
need("Chờ lâu", tr["reasons"][0]["n"], 1)
need("channels", [(r["key"], r["rated"]) for r in rt["by"]["channel"]], [("counter", 1), ("phone", 1)])
need("the channels' CSV names", [row[2] for row in rb["rows"][-2:]], ["Tại quầy", "Qua điện thoại"])
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
