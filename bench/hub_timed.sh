# bench/hub_timed.sh - what the hub's benches share; source it.
#   hub_login U                 log in as bench/bench-password (cookie in $T/jar)
#   timed WHAT PATH             GET $U$PATH RUNS times: best and worst time, bytes
hub_login() {
	curl -s -c "$T/jar" -H 'Content-Type: application/json' \
		-d '{"name":"bench","password":"bench-password"}' "$1/login" > /dev/null
}

timed() {
	local t code all=
	for _ in $(seq "$RUNS"); do
		read -r code t < <(curl -s -m 600 -b "$T/jar" -o "$T/body" -w '%{http_code} %{time_total}\n' "$U$2")
		[ "$code" = 200 ] || { echo "$1: status $code: $(head -c 300 "$T/body")" >&2; return 1; }
		all="$all $t"
	done
	echo "$all" | tr ' ' '\n' | sort -g | awk -v what="$1" -v bytes="$(stat -c %s "$T/body")" \
		'NF { v[n++] = $1 } END { printf "%-46s best %6.3f s  worst %6.3f s  (%d bytes)\n", what, v[0], v[n-1], bytes }'
}
