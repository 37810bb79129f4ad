# tests/lib.sh - what the shell tests share; source it after `set -u`.
# Gives $S (station-server), $KC (kioskctl), a temp folder $T removed at exit
# (with the server $SP if one runs), ok/bad counters, req, and finish.
S=${STATION_SERVER:?STATION_SERVER names the station-server binary}
KC=${KIOSKCTL:?KIOSKCTL names the kioskctl binary}
T=$(mktemp -d)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
cleanup() { [ -n "${SP:-}" ] && kill "$SP" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

# req NAME WANT_STATUS BODY_REGEX|EMPTY -- curl args...
req() {
	local name=$1 want=$2 re=$3; shift 4
	local out code
	out=$(curl -s -m 10 -w '\n%{http_code}' "$@"); code=${out##*$'\n'}; out=${out%$'\n'*}
	[ "$code" = "$want" ] || { bad "$name: status $code, wanted $want ($out)"; return; }
	if [ "$re" = EMPTY ]; then [ -z "$out" ] && ok || bad "$name: body '$out', wanted none"; return; fi
	printf '%s' "$out" | grep -Eq -- "$re" && ok || bad "$name: body '$out' !~ /$re/"
}

# serve CONF DB [OPTION...]: start station-server on them in the background; sets SP,
# PORT and U (the API's base URL); returns non-zero if it did not start.
serve() {
	"$S" --config "$1" --db "$2" "${@:3}" > "$T/out" 2> "$T/err" & SP=$!
	for _ in $(seq 300); do grep -q listening "$T/out" && break; sleep 0.1; done # 30 s: failure path only
	PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
	U=http://127.0.0.1:$PORT/api/v1
	[ -n "$PORT" ]
}

# wait_held N: until N connections to the server are open (a long-poll that
# has arrived and waits), by the kernel's table: a wait on the event, not a
# sleep.  30 s: failure path only.
wait_held() {
	local p; p=$(printf ':%04X' "$PORT")
	for _ in $(seq 600); do
		[ "$(awk -v p="$p" '$4 == "01" && substr($2, length($2) - 4) == p' /proc/net/tcp | wc -l)" -ge "$1" ] &&
			return 0
		sleep 0.05
	done
	return 1
}

# finish NAME: the summary line, and the exit status
finish() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}
