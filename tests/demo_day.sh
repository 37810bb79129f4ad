#!/usr/bin/env bash
# station-server demo (docs/reports.md, "Demo day"): a day played through the
# engine on a simulated clock.  The same seed gives the same tickets, visits,
# refusals, devices and ratings, byte for byte, in two fresh databases; another seed
# another day; the counts add up (issued = N - refused, issued = served +
# no-shows + waiting + unfinished, the refusals table holds every refusal);
# no ticket is called before it was issued; the day has what the reports
# need (bookings, priority, staff tickets, transfers, recalls, no-shows
# requeued, refusals closed and cap, a printer fault, staff at the counters,
# ratings at the counters and by phone, with reasons, the chain intact);
# bad arguments and a second demo on the same database are refused (exit 2).
set -u
. "$(dirname "$0")/lib.sh"

DATE=2026-03-11 # a Wednesday
cat > "$T/kiosk.conf" <<'CONF'
[station]
id = TEST
name_vi = Công an phường Thử
[queue]
sync = normal
noshow = requeue
[service.CAPDOI]
prefix = H
name_vi = Cấp đổi
avg_minutes = 10
slot_minutes = 30
slot_capacity = 4
[service.CAPMOI]
prefix = A
name_vi = Cấp mới
avg_minutes = 12
[service.TRATHE]
prefix = I
name_vi = Trả thẻ
avg_minutes = 3
[service.XACNHAN]
prefix = U
name_vi = Xác nhận
avg_minutes = 6
cap = 8
[service.KHAC]
prefix = K
name_vi = Tắt
enabled = no
[counter.1]
services = CAPDOI, CAPMOI
[counter.2]
services = CAPDOI, CAPMOI, XACNHAN
[counter.3]
services = TRATHE, XACNHAN, CAPDOI
CONF

# demo DB ARGS...: the demo's line on $T/out, stderr on $T/err, its exit status
demo() { "$S" --config "$T/kiosk.conf" --db "$1" demo "${@:2}" > "$T/out" 2> "$T/err"; }
dump() { # everything the day wrote, in a fixed order
	sqlite3 "$1" "SELECT * FROM tickets ORDER BY id; SELECT * FROM visits ORDER BY id;
		SELECT * FROM refusals ORDER BY day, service, hour, reason;
		SELECT * FROM counters ORDER BY id; SELECT * FROM devices ORDER BY name;
		SELECT at, source, kind, detail FROM events ORDER BY id;
		SELECT id, day, ticket, number, service, counter, staff, level, scale, reason, wait, at,
			channel, hex(prev), hex(hash) FROM ratings ORDER BY id"
}
q() { sqlite3 "$T/a.db" "$1"; }

N=160
demo "$T/a.db" --date $DATE --tickets $N --seed 7 && ok || bad "demo: $(cat "$T/err")"
line=$(cat "$T/out")
demo "$T/b.db" --date $DATE --tickets $N --seed 7 && ok || bad "demo again: $(cat "$T/err")"
[ "$(cat "$T/out")" = "$line" ] && ok || bad "the same seed printed '$(cat "$T/out")', then '$line'"
dump "$T/a.db" > "$T/a.txt"
dump "$T/b.db" > "$T/b.txt"
[ -s "$T/a.txt" ] && cmp -s "$T/a.txt" "$T/b.txt" && ok ||
	bad "the same seed wrote other tables: $(diff "$T/a.txt" "$T/b.txt" | head -5)"
demo "$T/c.db" --date $DATE --tickets $N --seed 8 && ok || bad "seed 8: $(cat "$T/err")"
dump "$T/c.db" > "$T/c.txt"
cmp -s "$T/a.txt" "$T/c.txt" && bad "seeds 7 and 8 wrote the same day" || ok

# demo day 2026-03-11: I tickets issued, S served, X no-shows, W waiting at close,
# U unfinished; R refused (F refusals); A rated (C at a counter, P by phone)
re='^demo day 2026-03-11: ([0-9]+) tickets issued, ([0-9]+) served, ([0-9]+) no-shows, ([0-9]+) waiting at close, ([0-9]+) unfinished; ([0-9]+) refused \(([0-9]+) refusals\); ([0-9]+) rated \(([0-9]+) at a counter, ([0-9]+) by phone\)$'
if [[ $line =~ $re ]]; then
	ok
	read -r issued served noshow waiting unfinished refused refusals rated at_counter by_phone \
		<<< "${BASH_REMATCH[*]:1}"
else
	bad "the line: '$line'"
	exit 1
fi
[ $((issued + refused)) = $N ] && ok || bad "issued $issued + refused $refused != $N"
[ $((served + noshow + waiting + unfinished)) = "$issued" ] && ok ||
	bad "served + no-shows + waiting + unfinished != issued: $line"
[ "$(q 'SELECT count(*) FROM tickets')" = "$issued" ] && ok || bad "tickets in the db != $issued"
[ "$(q "SELECT sum(state = 'done') || ' ' || sum(state = 'noshow') || ' ' ||
	sum(state = 'waiting') || ' ' || sum(state IN ('called', 'serving')) FROM tickets")" = \
  "$served $noshow $waiting $unfinished" ] && ok || bad "the states in the db are not the line's"
[ "$(q 'SELECT sum(n) FROM refusals')" = "$refusals" ] && [ "$refusals" -ge "$refused" ] && ok ||
	bad "refusals table $(q 'SELECT sum(n) FROM refusals') != $refusals"
[ "$(q 'SELECT count(DISTINCT day) FROM tickets')" = 1 ] && ok || bad "tickets on other days"

# the report of the demo day (station-server report, read from its tickets)
# counts what the tables hold (test_report checks the aggregates give the same)
report_totals() {
	"$S" --config "$T/kiosk.conf" --db "$T/a.db" report --from $DATE --to $DATE --format json \
		--out "$T/r.json" > /dev/null 2> "$T/err" || { bad "report: $(cat "$T/err")"; return; }
	jq -r '[.total.issued, .total.served, .total.noshow, .total.waiting_at_close,
		.total.unfinished, .total.refused.closed + .total.refused.cap + .total.refused.disabled,
		.total.visits.called, .total.wait.n, .total.transferred, .total.priority,
		.total.bookings.checked_in, .closed_days] | @tsv' "$T/r.json"
}
table_totals() {
	q "SELECT count(*), sum(state = 'done'), sum(state = 'noshow'), sum(state = 'waiting'),
		sum(state IN ('called', 'serving')), (SELECT sum(n) FROM refusals),
		(SELECT count(*) FROM visits),
		sum(EXISTS (SELECT 1 FROM visits v WHERE v.ticket = tickets.id)),
		sum(transfers > 0), sum(priority), sum(source = 'booking'), 0 FROM tickets" | tr '|' '\t'
}
got=$(report_totals) want=$(table_totals)
[ -n "$got" ] && [ "$got" = "$want" ] && ok || bad "the report's totals '$got', the tables' '$want'"

# every ticket's first call after its issue; visits end after they begin
[ "$(q 'SELECT count(*) FROM tickets t JOIN visits v ON v.id =
	(SELECT min(id) FROM visits WHERE ticket = t.id) WHERE v.called_at < t.issued_at')" = 0 ] &&
	ok || bad "a ticket called before it was issued"
[ "$(q 'SELECT count(*) FROM visits WHERE ended_at < called_at OR started_at < called_at
	OR ended_at < started_at')" = 0 ] && ok || bad "a visit ends before it begins"
[ "$(q "SELECT count(*) FROM tickets t WHERE state IN ('done', 'noshow')
	AND NOT EXISTS (SELECT 1 FROM visits WHERE ticket = t.id)")" = 0 ] && ok ||
	bad "a ticket served or gone without a visit"
[ "$(q "SELECT count(*) FROM visits v JOIN tickets t ON t.id = v.ticket
	WHERE v.ended_at IS NULL AND t.state NOT IN ('called', 'serving')")" = 0 ] && ok ||
	bad "an open visit of a ticket not at a counter"

# what a day has
has() { # has WHAT SQL: the query's count is above 0
	local n; n=$(q "$2")
	[ "${n:-0}" -gt 0 ] && ok || bad "no $1 in the day"
}
has "waiting at close" "SELECT count(*) FROM tickets WHERE state = 'waiting'"
has "booking" "SELECT count(*) FROM tickets WHERE source = 'booking' AND booking_id LIKE 'DEMO-____'
	AND booked_end - booked_slot = 1800 AND priority = 1"
has "early booking" "SELECT count(*) FROM tickets WHERE source = 'booking' AND issued_at < booked_slot"
has "late booking" "SELECT count(*) FROM tickets WHERE source = 'booking' AND issued_at > booked_end"
has "priority walk-in" "SELECT count(*) FROM tickets WHERE source = 'walkin' AND priority = 1"
has "staff ticket" "SELECT count(*) FROM tickets WHERE source = 'staff'"
has "transfer" "SELECT count(*) FROM visits WHERE outcome = 'transferred'"
has "recall" "SELECT count(*) FROM tickets WHERE recalls > 0"
has "requeued no-show served" "SELECT count(*) FROM tickets WHERE noshows = 1 AND state = 'done'"
has "no-show" "SELECT count(*) FROM tickets WHERE state = 'noshow'"
has "visit without start" "SELECT count(*) FROM visits WHERE outcome = 'done' AND started_at IS NULL"
has "refusal before opening" "SELECT count(*) FROM refusals WHERE reason = 'closed' AND hour = 7"
has "refusal after closing" "SELECT count(*) FROM refusals WHERE reason = 'closed' AND hour = 17"
has "cap refusal" "SELECT count(*) FROM refusals WHERE reason = 'cap' AND service = 'XACNHAN'"
has "printer fault" "SELECT count(*) FROM events WHERE source = 'printer_fault' AND kind = 'paper_out'"
[ "$(q "SELECT printer FROM devices")" = ok ] && ok || bad "the printer is not ok at the end"
[ "$(q "SELECT group_concat(DISTINCT staff) FROM (SELECT staff FROM visits ORDER BY staff)")" = \
  "binh,hoa,lan,minh" ] && ok || bad "staff at the counters: $(q 'SELECT DISTINCT staff FROM visits')"
[ "$(q "SELECT count(*) FROM tickets WHERE service = 'KHAC'")" = 0 ] && ok || bad "a disabled service"
has "morning peak" "SELECT (SELECT count(*) FROM tickets WHERE (issued_at + 25200) % 86400 < 43200) >
	(SELECT count(*) FROM tickets WHERE (issued_at + 25200) % 86400 >= 43200)"

# the citizens' ratings (docs/rating.md): a share of the served, at the
# counter within [rating] seconds of the finish or later by phone, more of
# the worst level after a longer wait, some reasons; the chain intact
[ "$(q "SELECT count(*) || ' ' || sum(channel = 'counter') || ' ' || sum(channel = 'phone')
	FROM ratings")" = "$rated $at_counter $by_phone" ] && ok ||
	bad "the ratings table is not the line's: $(q "SELECT channel, count(*) FROM ratings GROUP BY 1")"
[ "$at_counter" -gt $((served / 5)) ] && [ "$by_phone" -gt 0 ] && [ "$rated" -lt "$served" ] && ok ||
	bad "rated $at_counter at a counter and $by_phone by phone of $served served"
has "rating with a reason" "SELECT count(*) FROM ratings WHERE reason > 0"
has "rating of each level" "SELECT count(DISTINCT level) = 3 FROM ratings"
[ "$(q "SELECT count(*) FROM ratings r JOIN tickets t ON t.id = r.ticket WHERE t.state <> 'done'
	OR r.number <> t.number OR r.day <> t.day OR r.scale <> 3 OR (r.reason > 0 AND r.level < 3)")" = 0 ] &&
	ok || bad "a rating of a ticket not served, or a reason before ask_reason"
[ "$(q "SELECT count(*) FROM ratings r JOIN visits v ON v.ticket = r.ticket AND v.outcome = 'done'
	WHERE r.at < v.ended_at OR r.counter <> v.counter OR (r.channel = 'counter' AND r.at > v.ended_at + 30)")" = 0 ] &&
	ok || bad "a rating before its finish, or at a counter after the window"
[ "$(q "SELECT (SELECT avg(wait) FROM ratings WHERE level = 3) > (SELECT avg(wait) FROM ratings WHERE level = 1)")" = 1 ] &&
	ok || bad "the unsatisfied waited no longer than the very satisfied"
jq -e --argjson n "$rated" '.ratings.total.rated == $n and .ratings.total.served == .total.served
	and ([.ratings.by.channel[].rated] | add) == $n' "$T/r.json" > /dev/null && ok ||
	bad "the report's ratings: $(jq -c '.ratings.total | {rated, served}' "$T/r.json")"
"$S" --config "$T/kiosk.conf" --db "$T/a.db" ratings verify > "$T/verify" 2>&1 && ok ||
	bad "ratings verify: $(cat "$T/verify")"

# never into a day that has tickets: the same date again, or one before the last
before=$(q 'SELECT count(*) FROM tickets')
demo "$T/a.db" --date $DATE --tickets 10 --seed 9
[ $? = 2 ] && grep -q "has $issued ticket(s) on or after $DATE" "$T/err" && ok ||
	bad "a second demo on the same date: $(cat "$T/out" "$T/err")"
demo "$T/a.db" --date 2026-03-10 --tickets 10
[ $? = 2 ] && ok || bad "a demo before a day with tickets was not refused"
[ "$(q 'SELECT count(*) FROM tickets')" = "$before" ] && ok || bad "the refused demo wrote tickets"
demo "$T/a.db" --date 2026-03-12 --tickets 20 && ok || bad "the next day: $(cat "$T/err")"
[ "$(q "SELECT count(*) FROM tickets WHERE day = (SELECT min(day) FROM tickets) AND state = 'waiting'")" = 0 ] &&
	ok || bad "the day before was not closed by the next one"

# bad arguments: exit 2 and what is wrong
refuse() { # refuse WORDS ARGS...: exit 2 and WORDS on stderr
	local want=$1; shift
	demo "$T/d.db" "$@"
	local rc=$?
	[ $rc = 2 ] && grep -q -- "$want" "$T/err" && ok || bad "demo $*: exit $rc, $(head -1 "$T/err")"
}
refuse "not a date" --date 2026-02-30 --tickets 5
refuse "not a date" --date 11/03/2026 --tickets 5
refuse "before 2024-01-02" --date 2023-12-29 --tickets 5
refuse "after today" --date 2999-01-01 --tickets 5
refuse "no service opens" --date 2026-03-15 --tickets 5 # a Sunday
refuse "1 to 20000" --date $DATE --tickets 0
refuse "1 to 20000" --date $DATE --tickets 20001
refuse "1 to 20000" --date $DATE --tickets 12x
refuse "S is a number" --date $DATE --tickets 5 --seed -1
refuse "are needed" --tickets 5
refuse "are needed" --date $DATE
refuse "needs a value" --date $DATE --tickets
refuse "not an option" --date $DATE --tickets 5 --fast yes
[ ! -e "$T/d.db" ] || [ "$(sqlite3 "$T/d.db" 'SELECT count(*) FROM tickets')" = 0 ] && ok ||
	bad "a refused demo wrote tickets"
"$S" --config "$T/kiosk.conf" demo --help | grep -q "issued = served + no-shows" && ok ||
	bad "demo --help does not say what the counts are"

# the shipped kiosk.conf, as the README's pictures are made
"$S" --config "$KIOSK_SRC/kiosk.conf" --db "$T/shipped.db" demo --date $DATE --tickets 150 \
	--seed 1 > "$T/out" 2> "$T/err" && grep -q "^demo day $DATE: " "$T/out" && ok ||
	bad "the shipped kiosk.conf: $(cat "$T/err")"

finish demo_day
