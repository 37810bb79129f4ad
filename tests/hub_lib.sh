# tests/hub_lib.sh - a kiosk-hub for the forwarding tests: source after
# lib.sh and pg.sh, once pg_start has run.
#   hub_conf       writes $T/hub.conf on $HUB_DB (listen 127.0.0.1:${HPORT:-0}) and migrates
#   hub_up         starts `kiosk-hub serve` on it; sets HP (its pid), HPORT and HU (the
#                  API's base URL); non-zero if it did not start
H=${KIOSK_HUB:?KIOSK_HUB names the kiosk-hub binary}
HP=

hub_conf() {
	printf '[hub]\nlisten = 127.0.0.1:%s\ndatabase = %s\npool = 4\n' "${HPORT:-0}" "$HUB_DB" \
		> "$T/hub.conf"
	"$H" --config "$T/hub.conf" migrate > /dev/null 2>&1
}

hub_up() {
	: > "$T/hub.out"
	"$H" --config "$T/hub.conf" serve > "$T/hub.out" 2>> "$T/hub.err" & HP=$!
	for _ in $(seq 300); do grep -q listening "$T/hub.out" && break; sleep 0.1; done # failure path only
	HPORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/hub.out")
	HU=http://127.0.0.1:$HPORT/api/v1
	[ -n "$HPORT" ]
}
