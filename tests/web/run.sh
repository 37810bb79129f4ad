#!/usr/bin/env bash
# tests/web/run.sh STATION_SERVER - the staff console (/staff) and the lobby
# board (/board) in Debian's Chromium, driven by Playwright (playwright-core
# from npm; no browser is downloaded: /usr/bin/chromium).
#
# Makes a temp folder with a configuration, staff and supervisor accounts,
# starts a real station-server on 127.0.0.1 (a free port), installs the npm
# packages from package-lock.json if they are missing, runs the tests with
# Node's own runner, and always stops the server.  A second configuration
# (own database, own port, staff_idle = 60) is left for the tests to start
# and restart themselves: the board's recovery and the idle logout.
# Screenshots go to $SCREENSHOT_DIR (default /tmp): staff.png, board-web.png.
# The rating tablet's test (rate.test.mjs) runs a server of its own on this
# configuration (rater.1, rater.2), with a clock it moves; rate.png.
# The ticket page's test (ticket.test.mjs, ctest web_ticket: WEB_TESTS=
# ticket.test.mjs) runs one with a public listener as well; ticket.png.
set -u
S=${1:-${STATION_SERVER:-}}
[ -x "$S" ] || { echo "usage: $0 STATION_SERVER_BINARY" >&2; exit 2; }
S=$(cd "$(dirname "$S")" && pwd)/$(basename "$S")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "web_console: $CHROMIUM is missing (apt-get install chromium)" >&2; exit 1; }
command -v node > /dev/null && command -v npm > /dev/null ||
	{ echo "web_console: node and npm are needed" >&2; exit 1; }

T=$(mktemp -d)
SP=
cleanup() {
	[ -n "$SP" ] && kill "$SP" 2> /dev/null && wait "$SP" 2> /dev/null
	[ -f "$T/server2.pid" ] && kill "$(cat "$T/server2.pid")" 2> /dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# service CODE PREFIX NAME_VI NAME_EN: open all day, every day
service() {
	printf '[service.%s]\nprefix = %s\nname_vi = %s\nname_en = %s\nhours = 00:00-24:00\ndays = mon-sun\n' "$@"
}

# conf PORT IDLE [CHARTJS] > file: the tests' station (counters and services
# as console.test.mjs's header says); Chart.js from CHARTJS if given
conf() {
	cat <<CONF
[station]
id = WEBTEST
name_vi = Công an phường Thử Nghiệm
name_en = Test Ward Police
[queue]
sync = normal
[server]
listen = 127.0.0.1:$1
staff_idle = $2
www = $ROOT/www
${3:+chartjs = $3}
kiosk.lobby-1 = kiosk-token-web-aaaaaaaaaaaa
staff.counter-tool = staff-token-web-bbbbbbbbbbbb
rater.1 = rater-token-web-cccccccccccc
rater.2 = rater-token-web-2ccccccccccc
[voice]
clips = $ROOT/assets/voice
# said once, no chime: the board's tests check order and turns, not length
repeat = 1
chime = no
gap_ms = 0
CONF
	service CAPMOI A 'Cấp thẻ căn cước lần đầu' 'First citizen ID card'
	service CAPDOI B 'Cấp đổi thẻ căn cước' 'Card renewal or change'
	service TRATHE C 'Nhận thẻ căn cước / trả kết quả' 'Collect your card / results'
	service TICHHOP D 'Tích hợp, cập nhật thông tin' 'Add or update information'
	service VNEID2 V 'Kích hoạt định danh điện tử VNeID mức 2' 'Activate VNeID level 2'
	service XACNHAN X 'Xác nhận số CMND cũ' 'Confirm an old ID number'
	local n=0
	for s in 'CAPMOI, CAPDOI' TICHHOP TRATHE TRATHE XACNHAN XACNHAN VNEID2; do
		n=$((n + 1))
		printf '[counter.%d]\nservices = %s\n' "$n" "$s"
	done
	printf 'name_vi = Quầy tổ trưởng\nname_en = Supervisor'"'"'s desk\n'
}

PORT=$(free_port)
PORT2=$(free_port)
conf "$PORT" 1800 > "$T/kiosk.conf"
conf "$PORT2" 60 "$T/no-such-chart.js" > "$T/kiosk2.conf" # the reports without charts

user() { # CONF DB NAME PASSWORD [--supervisor]
	echo "$4" | "$S" --config "$1" --db "$2" user add "$3" ${5:-} > "$T/user.out" 2>&1 ||
		{ echo "web_console: user add $3 failed: $(cat "$T/user.out")" >&2; exit 1; }
}

"$S" --config "$T/kiosk.conf" --db "$T/q.db" > "$T/out" 2> "$T/err" & SP=$!
for _ in $(seq 50); do grep -q listening "$T/out" && break; sleep 0.1; done
grep -q listening "$T/out" ||
	{ echo "web_console: the server did not start: $(cat "$T/err")" >&2; exit 1; }
user "$T/kiosk.conf" "$T/q.db" lan 'lan-password-1'
user "$T/kiosk.conf" "$T/q.db" minh 'minh-password-2'
user "$T/kiosk.conf" "$T/q.db" locked 'locked-password-3'
user "$T/kiosk.conf" "$T/q.db" revoked 'revoked-password-4'
user "$T/kiosk.conf" "$T/q.db" hoa 'hoa-password-5' --supervisor
# the second server's database is made by its first start
"$S" --config "$T/kiosk2.conf" --db "$T/q2.db" > "$T/out2" 2> "$T/err2" & P2=$!
for _ in $(seq 50); do grep -q listening "$T/out2" && break; sleep 0.1; done
kill "$P2"; wait "$P2" 2> /dev/null
user "$T/kiosk2.conf" "$T/q2.db" idle 'idle-password-6'

cd "$HERE" || exit 1
# one install at a time: web_console and web_ticket may start together
exec 9> "$HERE/.npm-install.lock"
flock 9
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/acorn ]; then
	npm ci --no-audit --no-fund --loglevel=error > "$T/npm.log" 2>&1 ||
		{ echo "web_console: npm ci failed:" >&2; cat "$T/npm.log" >&2; exit 1; }
fi
flock -u 9
exec 9>&-

export BASE=http://127.0.0.1:$PORT BASE2=http://127.0.0.1:$PORT2
export STATION_SERVER=$S CONF=$T/kiosk.conf DB=$T/q.db CONF2=$T/kiosk2.conf DB2=$T/q2.db
export SERVER2_PIDFILE=$T/server2.pid SERVER2_LOG=$T/err2
export KIOSK_TOKEN=kiosk-token-web-aaaaaaaaaaaa STAFF_TOKEN=staff-token-web-bbbbbbbbbbbb
export RATER_TOKEN=rater-token-web-cccccccccccc
export CHROMIUM SCREENSHOT_DIR=${SCREENSHOT_DIR:-/tmp}
export RATER2_TOKEN=rater-token-web-2ccccccccccc
# WEB_TESTS: the test files to run (names in tests/web, space separated);
# by default all but those with a ctest entry of their own (web_ticket:
# ticket.test.mjs), so web_console runs what it always ran.
if [ -n "${WEB_TESTS:-}" ]; then
	read -r -a files <<< "$WEB_TESTS"
else
	files=()
	for f in *.test.mjs; do
		case $f in ticket.test.mjs) ;; *) files+=("$f") ;; esac
	done
fi
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
status=$?
if [ $status -ne 0 ]; then
	echo "--- server log ---" >&2
	tail -n 40 "$T/err" >&2
fi
exit $status
