#!/usr/bin/env bash
# Many POST /api/v1/tickets at once (server/writer.c: one writer thread,
# group commit): each request gets a distinct number, none lost, none
# doubled; a client_ref asked several times at once is one ticket (one 201,
# the others 200 with the same number); a cap is kept exactly; a push refused
# (number_taken) in the middle of a burst fails alone.  Then the server is
# killed -9 as soon as half of a burst is answered: every answered ticket is
# in the database under its client_ref and number, and asked again after the
# restart it is the same ticket (200).  Every wait is on an event: a curl
# ending (wait -n), never a sleep.
set -u
. "$(dirname "$0")/lib.sh"

{
	printf '[station]\nid = TEST\nname_vi = Trạm thử\n[queue]\nsync = full\n'
	printf '[server]\nlisten = 127.0.0.1:0\nkiosk.lobby-1 = kiosk-token-aaaaaaaaaaaa\n'
	printf 'band.lobby-1 = 901-949\n'
	for s in CAPMOI:A CAPDOI:B CAP:C; do # CAP: 10 a day
		printf '[service.%s]\nprefix = %s\nname_vi = Dịch vụ %s\nhours = 00:00-24:00\n' \
			"${s%:*}" "${s#*:}" "${s#*:}"
		printf 'days = mon-sun\ncap = %s\n' "$([ "${s%:*}" = CAP ] && echo 10 || echo 0)"
	done
	printf '[counter.1]\nservices = CAPMOI, CAPDOI, CAP\n'
} > "$T/kiosk.conf"
KIOSK='Authorization: Bearer kiosk-token-aaaaaaaaaaaa'
N=64

serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start: $(cat "$T/err")"; exit 1; }

# post NAME BODY: one POST in the background, its answer (body, then the
# status on the last line) in $T/a/NAME
mkdir -p "$T/a"
pids=()
post() {
	curl -s -m 60 -w '\n%{http_code}' -X POST -H "$KIOSK" -d "$2" "$U/tickets" > "$T/a/$1" 2>/dev/null &
	pids+=($!)
}
# answered: until every post so far has its answer (not the server: a plain
# `wait` would wait for it too)
answered() { wait "${pids[@]}"; pids=(); }
status() { tail -n 1 "$T/a/$1"; }
number() { head -n 1 "$T/a/$1" | sed -n 's/.*"number":"\([A-Z0-9]*\)".*/\1/p'; }

# 1. a burst: N walk-ins over two services, a ref asked 8 times, 20 for a
# service capped at 10, and the same offline number pushed under two refs
for i in $(seq "$N"); do
	svc=CAPMOI; [ $((i % 2)) = 0 ] && svc=CAPDOI
	post "w$i" "{\"service\":\"$svc\",\"client_ref\":\"lobby-1:w$i\"}"
done
for i in $(seq 8); do post "same$i" '{"service":"CAPMOI","client_ref":"lobby-1:same"}'; done
for i in $(seq 20); do post "cap$i" "{\"service\":\"CAP\",\"client_ref\":\"lobby-1:cap$i\"}"; done
at=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m-%dT%H:%M:%S+07:00)
for r in p1 p2; do
	post "$r" "{\"service\":\"CAPMOI\",\"number\":\"A905\",\"issued_at\":\"$at\",\"client_ref\":\"lobby-1:$r\"}"
done
answered

got=0 nums=""
for i in $(seq "$N"); do
	s=$(status "w$i"); n=$(number "w$i")
	if [ "$s" = 201 ] && [ -n "$n" ]; then got=$((got + 1)); nums="$nums $n"; else bad "walk-in $i: $s $(head -n 1 "$T/a/w$i")"; fi
done
[ "$got" = "$N" ] && ok || bad "$got of $N walk-ins issued"
[ "$(printf '%s\n' $nums | sort | uniq -d | wc -l)" = 0 ] && ok || bad "a number given twice:$(printf '%s\n' $nums | sort | uniq -d)"
# none lost: the numbers run A001.. and B001.. without a gap (the same ref's one included)
a=$(printf '%s\n' $nums | grep -c '^A'); b=$(printf '%s\n' $nums | grep -c '^B')
[ "$a" = $((N / 2)) ] && [ "$b" = $((N / 2)) ] && ok || bad "A: $a, B: $b of $((N / 2)) each"
[ "$(printf '%s\n' $nums | grep '^B' | sort | tail -n 1)" = "$(printf 'B%03d' $((N / 2)))" ] && ok ||
	bad "the B numbers do not run B001-B$(printf '%03d' $((N / 2))) without a gap"

created=0 same=""
for i in $(seq 8); do
	case $(status "same$i") in 201) created=$((created + 1)) ;; 200) ;; *) bad "ref asked 8 times, answer $i: $(cat "$T/a/same$i")" ;; esac
	same="$same $(number "same$i")"
done
[ "$created" = 1 ] && ok || bad "one ref asked 8 times at once: $created answers 201, wanted 1"
[ "$(printf '%s\n' $same | sort -u | wc -l)" = 1 ] && ok || bad "one ref asked 8 times at once got numbers:$same"
a_max=$(printf '%s\n' $nums $same | grep '^A' | sort | tail -n 1)
[ "$a_max" = "$(printf 'A%03d' $((N / 2 + 1)))" ] && ok || bad "the A numbers end at $a_max, wanted A$(printf '%03d' $((N / 2 + 1)))"

c201=0 c409=0
for i in $(seq 20); do
	case $(status "cap$i") in
	201) c201=$((c201 + 1)) ;;
	409) grep -q '"error":"cap_reached"' "$T/a/cap$i" && c409=$((c409 + 1)) ;;
	esac
done
[ "$c201" = 10 ] && [ "$c409" = 10 ] && ok || bad "20 at once for a cap of 10: $c201 issued, $c409 cap_reached"

p201=0 ptaken=0
for r in p1 p2; do
	case $(status "$r") in
	201) p201=$((p201 + 1)) ;;
	409) grep -q '"error":"number_taken"' "$T/a/$r" && ptaken=$((ptaken + 1)) ;;
	esac
done
[ "$p201" = 1 ] && [ "$ptaken" = 1 ] && ok || bad "A905 pushed twice at once: $p201 taken, $ptaken number_taken ($(cat "$T/a/p1" "$T/a/p2" | tr '\n' ' '))"

# replays later: the same tickets, 200
for i in 1 2 3; do post "again$i" "{\"service\":\"CAPMOI\",\"client_ref\":\"lobby-1:w$i\"}"; done
answered
for i in 1 2 3; do
	[ "$(status "again$i")" = 200 ] && [ "$(number "again$i")" = "$(number "w$i")" ] && ok ||
		bad "walk-in $i asked again: $(cat "$T/a/again$i")"
done
total=$(sqlite3 "$T/q.db" 'SELECT count(*) FROM tickets')
[ "$total" = $((N + 1 + 10 + 1)) ] && ok || bad "$total tickets in the database, wanted $((N + 12))"

# 2. kill -9 once half of a burst is answered: nothing answered is lost
M=96
rm -f "$T"/a/k*
for i in $(seq "$M"); do
	svc=CAPMOI; [ $((i % 2)) = 0 ] && svc=CAPDOI
	curl -s -m 60 -w '\n%{http_code}' -X POST -H "$KIOSK" \
		-d "{\"service\":\"$svc\",\"client_ref\":\"lobby-1:k$i\"}" "$U/tickets" > "$T/a/k$i" 2>/dev/null &
	pids+=($!)
done
for _ in $(seq $((M / 2))); do wait -n "${pids[@]}" 2>/dev/null; done
kill -9 "$SP"
wait "$SP" 2>/dev/null
SP=
answered
answered=0
for i in $(seq "$M"); do
	[ "$(status "k$i")" = 201 ] || continue
	n=$(number "k$i")
	answered=$((answered + 1))
	in_db=$(sqlite3 "$T/q.db" "SELECT number FROM tickets WHERE client_ref = 'lobby-1:k$i'")
	[ -n "$n" ] && [ "$in_db" = "$n" ] && ok || bad "k$i was answered $n but the database has '$in_db'"
done
[ "$answered" -ge $((M / 2)) ] && ok || bad "only $answered answers before the kill"
[ "$(sqlite3 "$T/q.db" 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity_check after kill -9"
[ "$(sqlite3 "$T/q.db" 'SELECT count(*) - count(DISTINCT day || issue_service || seq) FROM tickets')" = 0 ] &&
	ok || bad "a number twice after kill -9"

# after the restart every answered ref is the same ticket, the rest issued once
serve "$T/kiosk.conf" "$T/q.db" && ok || { bad "the server did not start again: $(cat "$T/err")"; exit 1; }
for i in $(seq "$M"); do
	svc=CAPMOI; [ $((i % 2)) = 0 ] && svc=CAPDOI
	post "r$i" "{\"service\":\"$svc\",\"client_ref\":\"lobby-1:k$i\"}"
done
answered
for i in $(seq "$M"); do
	if [ "$(status "k$i")" = 201 ]; then
		[ "$(status "r$i")" = 200 ] && [ "$(number "r$i")" = "$(number "k$i")" ] && ok ||
			bad "k$i answered $(number "k$i") before the kill, after it: $(cat "$T/a/r$i" | tr '\n' ' ')"
	else
		case $(status "r$i") in 200|201) ok ;; *) bad "k$i after the restart: $(cat "$T/a/r$i")" ;; esac
	fi
done
refs=$(sqlite3 "$T/q.db" "SELECT count(DISTINCT client_ref) FROM tickets WHERE client_ref LIKE 'lobby-1:k%'")
[ "$refs" = "$M" ] && ok || bad "$refs refs of $M in the database"
[ "$(sqlite3 "$T/q.db" "SELECT count(*) FROM tickets WHERE client_ref LIKE 'lobby-1:k%'")" = "$M" ] && ok ||
	bad "a ref of the crashed burst made two tickets"
finish tickets_burst
