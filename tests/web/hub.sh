#!/usr/bin/env bash
# tests/web/hub.sh - the province's dashboard (kiosk-hub's www-hub/) in
# Debian's Chromium, driven by playwright-core (tests/web's packages; no
# browser downloaded): a throwaway PostgreSQL (tests/pg.sh) with the known
# province of tests/hub_dashboard_data.sql, an account, kiosk-hub serving,
# then hub.test.mjs.  Screenshot: $SCREENSHOT_DIR/hub-dashboard.png.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
H=${KIOSK_HUB:?KIOSK_HUB names the kiosk-hub binary}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "web_hub: $CHROMIUM is missing" >&2; exit 1; }
T=$(mktemp -d)
HP=
cleanup() { [ -n "$HP" ] && kill "$HP" 2> /dev/null && wait "$HP" 2> /dev/null; rm -rf "$T"; }
. "$ROOT/tests/pg.sh"
pg_start || { echo "web_hub: no PostgreSQL" >&2; exit 1; }

cat > "$T/hub.conf" <<CONF
[hub]
listen = 127.0.0.1:0
database = $HUB_DB
pool = 4
www = $ROOT/www-hub
CONF
echo 'tinh-password-1' | "$H" --config "$T/hub.conf" user add tinh > /dev/null ||
	{ echo "web_hub: user add failed" >&2; exit 1; }
psql -X -q -h "$PGDIR" -U hub -d hub -f "$ROOT/tests/hub_dashboard_data.sql" > /dev/null ||
	{ echo "web_hub: the test's data" >&2; exit 1; }
"$H" --config "$T/hub.conf" serve > "$T/out" 2> "$T/err" & HP=$!
for _ in $(seq 300); do grep -q listening "$T/out" && break; sleep 0.1; done # failure path only
grep -q listening "$T/out" || { echo "web_hub: the hub did not start: $(cat "$T/err")" >&2; exit 1; }

cd "$HERE" || exit 1
exec 9> "$HERE/.npm-install.lock"
flock 9
if [ ! -d node_modules/playwright-core ]; then
	npm ci --no-audit --no-fund --loglevel=error > "$T/npm.log" 2>&1 ||
		{ echo "web_hub: npm ci failed:" >&2; cat "$T/npm.log" >&2; exit 1; }
fi
flock -u 9
exec 9>&-

export HUB_BASE=http://127.0.0.1:$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/out")
export HUB_PSQL="host=$PGDIR user=hub dbname=hub" CHROMIUM SCREENSHOT_DIR=${SCREENSHOT_DIR:-/tmp}
node --test --test-concurrency=1 --test-reporter=spec hub.test.mjs
status=$?
[ $status -ne 0 ] && { echo "--- hub log ---" >&2; tail -n 40 "$T/err" >&2; }
exit $status
