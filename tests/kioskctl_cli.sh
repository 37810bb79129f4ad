#!/usr/bin/env bash
# kioskctl as a technician and a script use it: results on one line (or JSON),
# exit codes, refusals in words, bad configuration refused with file and line,
# and two kioskctl processes issuing at once.
set -u
K=${KIOSKCTL:?KIOSKCTL names the kioskctl binary}
SRC=${KIOSK_SRC:?KIOSK_SRC names the source tree}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# expect NAME WANT_RC WANT_STDOUT_REGEX -- command...
expect() {
	local name=$1 rc=$2 re=$3; shift 4
	local out got
	out=$("$@" 2>"$T/err"); got=$?
	if [ "$got" != "$rc" ]; then bad "$name: exit $got, wanted $rc ($(cat "$T/err"))"; return; fi
	if ! printf '%s\n' "$out" | grep -Eq -- "$re"; then bad "$name: output '$out' !~ /$re/"; return; fi
	ok
}
# expect_err NAME WANT_RC STDERR_REGEX -- command...
expect_err() {
	local name=$1 rc=$2 re=$3; shift 4
	local got
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" != "$rc" ]; then bad "$name: exit $got, wanted $rc"; return; fi
	if ! grep -Eq -- "$re" "$T/err"; then bad "$name: stderr '$(cat "$T/err")' !~ /$re/"; return; fi
	ok
}

C="$T/kiosk.conf"
cat > "$C" <<CONF
[station]
id = TEST
name_vi = Công an phường Thử
[queue]
sync = normal
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
hours = 00:00-24:00
days = mon-sun
[service.CAPDOI]
prefix = B
name_vi = Cấp đổi
hours = 07:30-11:30
days = mon-fri
[counter.1]
services = CAPMOI, CAPDOI
CONF
Q=(--config "$C" --db "$T/q.db")
DAY="--now 2026-11-27T09:00"  # a Friday

expect "check shipped kiosk.conf" 0 'OK: station DIAN-PC06, 11 services, 3 counters' -- "$K" --config "$SRC/kiosk.conf" check
expect "check --json" 0 '"ok":true' -- "$K" --config "$SRC/kiosk.conf" --json check
expect "keys documents the table" 0 'max_wait' -- "$K" keys

printf '[station]\nid = X\nname_vi = X\n[queue]\npolicy = fastest\n[service.A]\nname_vi = A\n' > "$T/bad.conf"
expect_err "bad config: value" 2 'bad.conf:5: \[queue\] policy' -- "$K" --config "$T/bad.conf" check
expect_err "bad config: missing prefix" 2 '\[service.A\] has no prefix' -- "$K" --config "$T/bad.conf" check
expect_err "bad config stops issue too" 2 'nothing was done' -- "$K" --config "$T/bad.conf" --db "$T/x.db" issue A
[ ! -e "$T/x.db" ] && ok || bad "a bad configuration created a database"
expect_err "missing config" 2 'cannot be read' -- "$K" --config "$T/none.conf" check
# [kiosk] rotate: quarter turns only, refused with the line and what is allowed
{ cat "$C"; printf '[kiosk]\nrotate = 45\n'; } > "$T/turn.conf"
expect_err "rotate = 45 refused" 2 "turn.conf:$(($(wc -l < "$C") + 2)): \\[kiosk\\] rotate = '45' must be one of: 0\\|90\\|180\\|270" -- "$K" --config "$T/turn.conf" check
sed -i 's/^rotate = 45$/rotate = 270/' "$T/turn.conf"
expect "rotate = 270 accepted" 0 'OK: station TEST' -- "$K" --config "$T/turn.conf" check

expect "issue" 0 '^A001$' -- "$K" "${Q[@]}" $DAY issue CAPMOI
expect "issue --priority --json" 0 '"number":"A002".*"priority":true.*"ahead":0' -- "$K" "${Q[@]}" $DAY --json issue CAPMOI --priority
expect "issue other service" 0 '^B001$' -- "$K" "${Q[@]}" $DAY issue CAPDOI
expect "people ahead" 0 '"ahead":2' -- "$K" "${Q[@]}" $DAY --json issue CAPMOI
expect_err "closed service" 4 'CAPDOI is closed now; it opens 2026-11-30 07:30' -- "$K" "${Q[@]}" --now 2026-11-27T12:00 issue CAPDOI
expect "closed service --json" 4 '"error":"CLOSED"' -- "$K" "${Q[@]}" --now 2026-11-27T12:00 --json issue CAPDOI
expect_err "unknown service" 2 'no service NOPE' -- "$K" "${Q[@]}" $DAY issue NOPE
expect_err "bad --now" 2 'not a time' -- "$K" "${Q[@]}" --now 2026-02-30T10:00 issue CAPMOI
expect_err "bad --source" 2 'walkin or staff' -- "$K" "${Q[@]}" $DAY issue CAPMOI --source booking

expect "call-next takes priority" 0 '^A002$' -- "$K" "${Q[@]}" $DAY call-next 1
expect "recall" 0 '^A002$' -- "$K" "${Q[@]}" $DAY recall 1
expect "start" 0 '^A002$' -- "$K" "${Q[@]}" $DAY start 1
expect "status" 0 'CAPMOI=2 CAPDOI=1 \| serving: 1=A002' -- "$K" "${Q[@]}" $DAY status
expect "status --json" 0 '"counters":\[\{"id":1,"open":true,"number":"A002","state":"serving"' -- "$K" "${Q[@]}" $DAY --json status
expect "transfer" 0 '^A002$' -- "$K" "${Q[@]}" $DAY transfer 1 CAPDOI
expect_err "finish with nobody" 4 'no citizen it can finish' -- "$K" "${Q[@]}" $DAY finish 1
expect_err "unknown counter" 2 'no \[counter.7\]' -- "$K" "${Q[@]}" $DAY call-next 7
# the transferred A002 keeps its priority and its 09:00 place
for n in A002 A001 B001 A003; do
	expect "call-next $n" 0 "^$n\$" -- "$K" "${Q[@]}" $DAY call-next 1
done
expect_err "nobody waiting" 3 'nobody is waiting' -- "$K" "${Q[@]}" $DAY call-next 1
expect "close" 0 'counter 1 closed' -- "$K" "${Q[@]}" $DAY close 1
expect "next day starts at 001" 0 '^A001$' -- "$K" "${Q[@]}" --now 2026-11-28T08:00 issue CAPMOI
expect_err "unknown command" 2 "unknown command 'bogus'" -- "$K" "${Q[@]}" bogus
expect_err "unknown option" 2 'unknown option --fast' -- "$K" "${Q[@]}" --fast status
expect "--help" 0 'Exit codes' -- "$K" --help

# slips and printers
expect "slip png" 0 '576x[0-9]+ dots, [0-9]+\.[0-9] mm' -- "$K" --config "$SRC/kiosk.conf" slip --number A012 --service CAPDOI --ahead 7 --format png --out "$T/slip.png"
[ -s "$T/slip.png" ] && ok || bad "slip.png was not written"
expect "slip escpos --json" 0 '"escpos_bytes":[0-9]+' -- "$K" --config "$SRC/kiosk.conf" --json slip --number A012 --service CAPDOI --format escpos --out "$T/slip.bin"
cmp -s <(head -c 2 "$T/slip.bin") <(printf '\033@') && ok || bad "slip.bin does not start with ESC @"
expect_err "slip without --format" 2 'give --format' -- "$K" --config "$SRC/kiosk.conf" slip --number A012 --service CAPDOI --out "$T/x"
expect_err "slip of an unknown service" 2 'no service NOPE' -- "$K" --config "$SRC/kiosk.conf" slip --number A012 --service NOPE --format png --out "$T/x"
expect "print to sim" 0 '^printed: online, paper OK' -- "$K" --config "$SRC/kiosk.conf" print --printer "sim:$T/slips" --number A012 --service CAPDOI
[ -s "$T/slips/slip-0001.png" ] && ok || bad "the simulated printer kept no slip"
echo paper-out > "$T/slips/status"
expect_err "print with paper out" 5 'not printed: paper out' -- "$K" --config "$SRC/kiosk.conf" print --printer "sim:$T/slips" --number A013 --service CAPDOI
expect_err "printer-status paper out" 5 'paper out' -- "$K" printer-status --printer "sim:$T/slips"
echo near-end > "$T/slips/status"
expect "printer-status near end" 0 'paper near end' -- "$K" printer-status --printer "sim:$T/slips"
expect_err "printer-status unplugged" 5 'not there' -- "$K" printer-status --printer "tcp:127.0.0.1:1"
expect_err "printer uri that does not parse" 2 "cannot be used" -- "$K" printer-status --printer "usb:zz"
expect_err "print to none" 5 'printing is disabled' -- "$K" --config "$SRC/kiosk.conf" print --printer none --number A012 --service CAPDOI

# two kioskctl processes issuing at once: 2 x 100 distinct numbers
for p in 1 2; do
	( for i in $(seq 100); do "$K" "${Q[@]}" --now 2026-11-30T08:00 issue CAPMOI; done > "$T/p$p" ) &
done
wait
total=$(cat "$T/p1" "$T/p2" | wc -l)
distinct=$(cat "$T/p1" "$T/p2" | sort -u | wc -l)
[ "$total" = 200 ] && [ "$distinct" = 200 ] && ok || bad "parallel issue: $total lines, $distinct distinct"

echo "kioskctl_cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
