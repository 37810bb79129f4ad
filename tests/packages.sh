#!/usr/bin/env bash
# The Debian packages on this machine, as a technician meets them.
# Builds kiosk-common, kiosk and station-server from the build tree with
# CPack into a temporary folder, then:
#   - their contents (binaries, units, udev rules, conffiles) and Depends
#     (kiosk-common at the same version; the server carries no SDL);
#   - lintian: no E: line;
#   - "the previous release" (the same packages relabelled one version
#     lower) installed with apt-get: the user kiosk, /var/lib/kiosk 0750, the
#     dossier secret 0600, the configuration root:kiosk 0640, the units
#     enabled (kiosk-board not), `kioskctl check` passing on the shipped
#     configuration, every unit clean under `systemd-analyze verify`, the
#     server's `systemd-analyze security` exposure at most 3.0;
#   - the conffile edited (tokens, a free port, a service open all day), the
#     installed station-server run as kiosk (health answers) and a ticket
#     issued through it by the installed kioskctl as kiosk; the installed
#     kiosk draws its home screen (offscreen) as kiosk;
#   - an old-schema database put in place (tests/fixtures/queue-schema-*.db,
#     else the one just made), the current packages installed over: the
#     conffile keeps its edits, the server migrates the database forward
#     (PRAGMA user_version), its tickets are still there, a new one issues;
#     the backup units' commands, run as kiosk, make their copies;
#   - a database from a newer schema refused by the installed server with a
#     clear message and left byte for byte as it was;
#   - kiosk-hub, on its own: its contents, Depends (libpq5, nothing of a
#     station's), lintian; installed: the user kiosk-hub, its signing and
#     dossier keys and hub.conf root:kiosk-hub 0640, `kiosk-hub check` as
#     kiosk-hub, the unit enabled, verified, exposure at most 3.0; a
#     reinstall keeps the signing key; purge leaves nothing of it;
#   - remove keeps the state and the configuration; purge leaves nothing of
#     the packages (their files, /etc/kiosk, /var/lib/kiosk, the user and
#     group kiosk, the units' enablement) - it keeps only the system groups
#     input and render where the kiosk package made them.
# Root only (it installs packages): exit 77 (skipped) otherwise.  Whatever
# happens, the packages are purged at the end.
#
#   tests/packages.sh BUILD_DIR
set -u
BIN=${1:?usage: packages.sh BUILD_DIR}
SRC=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "packages: SKIPPED - needs root (it installs and purges the .debs)"
	exit 77
fi

T=$(mktemp -d)
chmod 755 "$T" # the user kiosk reads nothing here, but may need to pass
PKGS="kiosk station-server kiosk-common"
CONF=/etc/kiosk/kiosk.conf
DB=/var/lib/kiosk/queue.db
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }
installed() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $PKGS kiosk-hub 2>/dev/null |
		awk '$1 != "un" { print $2 }'; }
purge() {
	local left
	left=$(installed)
	[ -z "$left" ] || apt purge -y $left > "$T/purge.log" 2>&1
}
SP=
stop_server() {
	[ -n "$SP" ] || return 0
	kill -TERM "$SP" 2>/dev/null
	wait "$SP" 2>/dev/null
	SP=
}
cleanup() {
	stop_server
	purge || echo "packages: could not purge: $(cat "$T/purge.log")" >&2
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP # ctest's timeout: still purge

# as_kiosk CMD...: the user has no shell and no home; setpriv execs (no
# process in between), so $! of a background one is the program itself
as_kiosk() { setpriv --reuid=kiosk --regid=kiosk --init-groups -- "$@"; }

# start the installed server as kiosk; sets SP, PORT, U
start_server() {
	: > "$T/out"; : > "$T/err"
	# not through as_kiosk: a function in the background is a subshell
	setpriv --reuid=kiosk --regid=kiosk --init-groups -- \
		/usr/bin/station-server --config "$CONF" > "$T/out" 2> "$T/err" &
	SP=$!
	PORT=
	for _ in $(seq 2400); do # until it says where it listens, or ends
		grep -q listening "$T/out" && break
		kill -0 "$SP" 2>/dev/null || break
		sleep 0.05
	done
	PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/out")
	U=http://127.0.0.1:$PORT/api/v1
	[ -n "$PORT" ] && sed -i "s#^server = http://127\.0\.0\.1:.*#server = http://127.0.0.1:$PORT#" "$CONF"
	[ -n "$PORT" ]
}

# issue_ticket NAME: kioskctl as kiosk issues TRATHE through the server
issue_ticket() {
	local out
	out=$(as_kiosk /usr/bin/kioskctl --config "$CONF" issue TRATHE 2>&1)
	if printf '%s' "$out" | grep -Eq '^I[0-9]{3}$'; then ok; else bad "$1: kioskctl issue said '$out'"; fi
	LAST=$out
}

purge # what an earlier run may have left

# --- build ------------------------------------------------------------------
if ! cpack -G DEB --config "$BIN/CPackConfig.cmake" -B "$T/pkg" > "$T/cpack.log" 2>&1; then
	bad "cpack failed: $(tail -20 "$T/cpack.log")"
	echo "packages: $pass passed, $fail failed"
	exit 1
fi
VER=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BIN/CPackConfig.cmake")
REL=$(sed -n 's/^set(CPACK_DEBIAN_PACKAGE_RELEASE "\(.*\)")$/\1/p' "$BIN/CPackConfig.cmake")
V=$VER-$REL
ARCH=$(dpkg --print-architecture)
COMMON=$T/pkg/kiosk-common_${V}_all.deb
KIOSK=$T/pkg/kiosk_${V}_$ARCH.deb
SERVER=$T/pkg/station-server_${V}_$ARCH.deb
for p in "$COMMON" "$KIOSK" "$SERVER"; do
	[ -f "$p" ] && ok || { bad "no $(basename "$p") (made: $(ls "$T/pkg"))"; exit 1; }
done
echo "packages: $(basename "$COMMON") $(basename "$KIOSK") $(basename "$SERVER")"

# --- contents ---------------------------------------------------------------
has() { # has DEB PATH...
	local deb=$1; shift
	dpkg-deb -c "$deb" | awk '{ print $6 }' > "$T/list"
	for f in "$@"; do
		grep -qx "\./$f" "$T/list" && ok || bad "$(basename "$deb") lacks /$f"
	done
}
has "$COMMON" etc/kiosk/kiosk.conf usr/share/kiosk/voice/chime.wav \
	usr/share/doc/kiosk-common/copyright usr/share/doc/kiosk-common/changelog.Debian.gz
has "$KIOSK" usr/bin/kiosk usr/bin/kioskctl usr/share/kiosk/i18n/vi.ini usr/share/kiosk/i18n/en.ini \
	lib/systemd/system/kiosk.service lib/systemd/system/kiosk-board.service \
	lib/systemd/system/kiosk-backup.service lib/systemd/system/kiosk-backup.timer \
	lib/modules-load.d/kiosk.conf usr/share/doc/kiosk/copyright
# the udev rules the source has (dist/udev/, the devices' work)
[ -f "$SRC/dist/udev/60-kiosk.rules" ] && has "$KIOSK" lib/udev/rules.d/60-kiosk.rules
has "$SERVER" usr/bin/station-server usr/share/kiosk/www/staff.html \
	lib/systemd/system/station-server.service lib/systemd/system/station-server-backup.service \
	lib/systemd/system/station-server-backup.timer usr/share/doc/station-server/copyright
dpkg-deb -c "$SERVER" | grep -q 'bin/kiosk' && bad "station-server carries the kiosk" || ok
dpkg-deb -c "$KIOSK" | grep -q 'bin/station-server' && bad "kiosk carries the server" || ok
[ "$(dpkg-deb -I "$COMMON" conffiles)" = /etc/kiosk/kiosk.conf ] && ok ||
	bad "kiosk-common's conffiles: '$(dpkg-deb -I "$COMMON" conffiles 2>&1)'"
for p in "$KIOSK" "$SERVER"; do
	dpkg-deb -f "$p" Depends | grep -q "kiosk-common (= $V)" && ok ||
		bad "$(basename "$p") does not depend on kiosk-common (= $V): $(dpkg-deb -f "$p" Depends)"
done
dpkg-deb -f "$KIOSK" Depends | grep -q libsdl2-ttf && ok || bad "kiosk's Depends lack SDL2_ttf (shlibdeps)"
dpkg-deb -f "$SERVER" Depends | grep -q -i sdl && bad "the server depends on SDL" || ok
dpkg-deb -f "$SERVER" Depends | grep -q libmicrohttpd && ok || bad "station-server's Depends lack libmicrohttpd"
dpkg-deb -f "$SERVER" Depends | grep -q libjs-chart.js && ok || bad "station-server's Depends lack libjs-chart.js (the reports' charts)"

# --- lintian ----------------------------------------------------------------
lintian "$COMMON" "$KIOSK" "$SERVER" > "$T/lintian" 2>&1
grep '^E:' "$T/lintian" && bad "lintian found errors" || ok
grep -c '^W:' "$T/lintian" | sed 's/^/packages: lintian warnings: /'

# --- "the previous release": the same packages one version lower ----------
OLDV=$VER~prev-$REL
dpkg --compare-versions "$OLDV" lt "$V" && ok || bad "$OLDV is not older than $V"
mkdir -p "$T/old"
for p in "$COMMON" "$KIOSK" "$SERVER"; do
	rm -rf "$T/x"
	dpkg-deb -R "$p" "$T/x"
	sed -i "s/^Version: $V\$/Version: $OLDV/; s/kiosk-common (= $V)/kiosk-common (= $OLDV)/" "$T/x/DEBIAN/control"
	dpkg-deb --root-owner-group -b "$T/x" "$T/old/$(basename "$p" | sed "s/_${V}_/_${OLDV}_/")" > /dev/null
done
apt install -y "$T"/old/*.deb > "$T/install.log" 2>&1 && ok ||
	{ bad "installing $OLDV failed: $(tail -20 "$T/install.log")"; exit 1; }
[ "$(dpkg-query -W -f='${Version}' kiosk)" = "$OLDV" ] && ok || bad "kiosk $OLDV not installed"

# the user, the state, the configuration
getent passwd kiosk > "$T/pw" && ok || bad "no user kiosk"
IFS=: read -r _ _ _ _ _ home shell < "$T/pw"
[ "$home" = /nonexistent ] && [ ! -e /nonexistent ] && ok || bad "kiosk's home is '$home'"
case $shell in */nologin|*/false) ok ;; *) bad "kiosk's shell is '$shell'" ;; esac
for g in kiosk video input render; do
	id -nG kiosk | tr ' ' '\n' | grep -qx "$g" && ok || bad "kiosk is not in group $g: $(id kiosk)"
done
[ "$(stat -c '%U:%G %a' /var/lib/kiosk)" = "kiosk:kiosk 750" ] && ok ||
	bad "/var/lib/kiosk is $(stat -c '%U:%G %a' /var/lib/kiosk)"
[ "$(stat -c '%U:%G %a %s' /var/lib/kiosk/dossiers.key)" = "kiosk:kiosk 600 32" ] && ok ||
	bad "the dossier secret is $(stat -c '%U:%G %a %s' /var/lib/kiosk/dossiers.key)"
KEY=$(md5sum < /var/lib/kiosk/dossiers.key)
[ "$(stat -c '%U:%G %a' "$CONF")" = "root:kiosk 640" ] && ok || bad "$CONF is $(stat -c '%U:%G %a' "$CONF")"
grep -q '^translations = /usr/share/kiosk/i18n$' "$CONF" && grep -q '^www = /usr/share/kiosk/www$' "$CONF" &&
	grep -q '^clips = /usr/share/kiosk/voice$' "$CONF" && ok || bad "$CONF does not name the installed paths"
as_kiosk /usr/bin/kioskctl --config "$CONF" check > "$T/check" 2>&1 && ok ||
	bad "kioskctl check on the installed configuration: $(cat "$T/check")"
for u in multi-user.target.wants/station-server.service multi-user.target.wants/kiosk.service \
	 timers.target.wants/station-server-backup.timer timers.target.wants/kiosk-backup.timer; do
	[ -L "/etc/systemd/system/$u" ] && ok || bad "$u is not enabled"
done
[ -e /etc/systemd/system/multi-user.target.wants/kiosk-board.service ] &&
	bad "kiosk-board.service is enabled on install" || ok

# every unit under systemd-analyze verify, the binaries in place
for u in kiosk.service kiosk-board.service kiosk-backup.service kiosk-backup.timer \
	 station-server.service station-server-backup.service station-server-backup.timer; do
	[ -f "/lib/systemd/system/$u" ] || { bad "$u is not installed"; continue; }
	systemd-analyze verify "/lib/systemd/system/$u" > "$T/verify" 2>&1
	if grep -Eiq 'unknown (key|section|lvalue)|invalid|failed to parse|not executable|bad unit|error' "$T/verify"; then
		bad "systemd-analyze verify $u: $(cat "$T/verify")"
	else
		ok
	fi
done
EXPO=$(systemd-analyze security --offline=true /lib/systemd/system/station-server.service 2>&1 |
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "packages: station-server.service exposure $EXPO"
awk -v e="${EXPO:-99}" 'BEGIN { exit !(e <= 3.0) }' && ok || bad "the server's exposure is '$EXPO', above 3.0"

# --- the edited conffile, the installed server and kioskctl as kiosk ------
TOKEN=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
sed -i -e "s#^listen = .*#listen = 127.0.0.1:0#" \
	-e "s#^server =\$#server = http://127.0.0.1:1#" \
	-e "s#^name =\$#name = lobby-1#" \
	-e "s#^token =\$#token = $TOKEN#" \
	-e "s#^band =\$#band = 601-999#" \
	-e "s#^issue_timeout = .*#issue_timeout = 10000#" \
	-e "s#^\# kiosk.lobby-1 = .*#kiosk.lobby-1 = $TOKEN#" \
	-e "s#^\# band.lobby-1 = .*#band.lobby-1 = 601-999#" \
	-e "s#^\[service.TRATHE\]\$#[service.TRATHE]\nhours = 00:00-24:00\ndays = mon-sun#" "$CONF"
# TRATHE open around the clock, every day (its own hours.<day> and days lines
# go; a holiday of the shipped calendar must not close it either)
awk '/^\[/ { trathe = ($0 == "[service.TRATHE]"); seen = 0 }
     trathe && /^(hours|days)/ && seen++ >= 2 { next }
     /^closed = / { next }
     { print }' "$CONF" > "$T/conf.new" && cat "$T/conf.new" > "$CONF"
grep -q "^kiosk.lobby-1 = $TOKEN" "$CONF" && grep -q '^hours = 00:00-24:00' "$CONF" &&
	grep -q '^issue_timeout = 10000' "$CONF" && ok ||
	bad "the test's edit of $CONF did not take"
as_kiosk /usr/bin/kioskctl --config "$CONF" check > "$T/check" 2>&1 && ok ||
	bad "kioskctl check on the edited configuration: $(cat "$T/check")"

start_server && ok || { bad "the installed server did not start: $(cat "$T/err")"; exit 1; }
curl -s -m 10 "$U/health" | grep -q '"status":"ok"' && ok || bad "health did not answer"
issue_ticket "the previous release"
FIRST=$LAST
# the installed kiosk draws its home screen as kiosk with the installed fonts,
# translations and configuration (no screen here: offscreen)
SHOT=/var/lib/kiosk/home.bmp
as_kiosk env SDL_VIDEODRIVER=offscreen /usr/bin/kiosk --config "$CONF" --printer none \
	--screenshot "$SHOT" > "$T/kiosk.log" 2>&1 && [ -s "$SHOT" ] && [ "$(head -c 2 "$SHOT")" = BM ] && ok ||
	bad "the installed kiosk did not draw its home screen: $(tail -5 "$T/kiosk.log")"
rm -f "$SHOT"
stop_server
[ "$(sqlite3 "$DB" "SELECT count(*) FROM tickets WHERE number = '$FIRST'")" = 1 ] && ok ||
	bad "ticket $FIRST is not in $DB"

# an old-schema database in place of the one just made
FIXTURE=$(ls "$SRC"/tests/fixtures/queue-schema-*.db 2>/dev/null | head -1)
if [ -n "$FIXTURE" ]; then
	# the kiosk's outbox goes with the server's database it recorded
	rm -f "$DB" "$DB-wal" "$DB-shm" /var/lib/kiosk/outbox.db*
	install -o kiosk -g kiosk -m 0600 "$FIXTURE" "$DB"
	echo "packages: upgrading over $(basename "$FIXTURE")"
else
	echo "packages: no tests/fixtures/queue-schema-*.db; upgrading over the database just made"
fi
OLDSCHEMA=$(sqlite3 "$DB" 'PRAGMA user_version')
sqlite3 "$DB" 'SELECT id, number FROM tickets ORDER BY id' > "$T/tickets.before"
[ -s "$T/tickets.before" ] && ok || bad "the database to upgrade has no tickets"

# --- the upgrade ------------------------------------------------------------
cp "$CONF" "$T/conf.edited"
apt install -y "$COMMON" "$KIOSK" "$SERVER" > "$T/upgrade.log" 2>&1 && ok ||
	{ bad "upgrading to $V failed: $(tail -20 "$T/upgrade.log")"; exit 1; }
[ "$(dpkg-query -W -f='${Version}' kiosk station-server kiosk-common)" = "$V$V$V" ] && ok ||
	bad "not all at $V: $(dpkg-query -W kiosk station-server kiosk-common)"
cmp -s "$CONF" "$T/conf.edited" && ok || bad "the upgrade changed the edited $CONF"
ls /etc/kiosk/*.dpkg-* 2>/dev/null && bad "the upgrade left dpkg copies in /etc/kiosk" || ok
[ "$(stat -c '%U:%G %a' "$CONF")" = "root:kiosk 640" ] && ok || bad "after the upgrade $CONF is $(stat -c '%U:%G %a' "$CONF")"
[ "$(md5sum < /var/lib/kiosk/dossiers.key)" = "$KEY" ] && ok || bad "the upgrade changed the dossier secret"

start_server && ok || { bad "the upgraded server did not start: $(cat "$T/err")"; exit 1; }
curl -s -m 10 "$U/health" | grep -q '"status":"ok"' && ok || bad "health did not answer after the upgrade"
NEWSCHEMA=$(sqlite3 "$DB" 'PRAGMA user_version')
echo "packages: schema $OLDSCHEMA -> $NEWSCHEMA"
[ "$NEWSCHEMA" -ge "$OLDSCHEMA" ] && ok || bad "schema went from $OLDSCHEMA to $NEWSCHEMA"
if [ -n "$FIXTURE" ]; then
	[ "$NEWSCHEMA" -gt "$OLDSCHEMA" ] && ok || bad "the fixture's schema $OLDSCHEMA was not migrated ($NEWSCHEMA)"
fi
sqlite3 "$DB" 'SELECT id, number FROM tickets ORDER BY id' > "$T/tickets.after"
comm -23 "$T/tickets.before" "$T/tickets.after" > "$T/lost"
[ ! -s "$T/lost" ] && ok || bad "tickets lost in the upgrade: $(cat "$T/lost")"
issue_ticket "after the upgrade"
stop_server
[ "$(sqlite3 "$DB" "SELECT count(*) FROM tickets WHERE number = '$LAST'")" -ge 1 ] && ok ||
	bad "ticket $LAST is not in $DB"

# the daily backups, as their units run them (ExecStart= as kiosk)
for u in station-server-backup kiosk-backup; do
	cmd=$(sed -n 's/^ExecStart=//p' "/lib/systemd/system/$u.service")
	# shellcheck disable=SC2086 # the unit's command line, split as systemd does
	as_kiosk $cmd > "$T/backup" 2>&1 && ok || bad "$u: '$cmd' failed: $(cat "$T/backup")"
done
for where in queue:/var/lib/kiosk/backup outbox:/var/lib/kiosk/backup/kiosk; do
	kind=${where%%:*} dir=${where#*:}
	f=$(ls "$dir"/$kind-*.db 2>/dev/null | head -1)
	[ -n "$f" ] && [ "$(stat -c %U "$f")" = kiosk ] && ok || bad "no $kind backup by kiosk in $dir: $(ls -lR /var/lib/kiosk/backup 2>&1)"
done

# --- a newer schema's database is refused, untouched -----------------------
as_kiosk sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = $((NEWSCHEMA + 7))" > /dev/null
SUM=$(cat "$DB" "$DB-wal" 2>/dev/null | md5sum)
if start_server; then
	bad "the server started on a database from a newer schema"
	stop_server
else
	wait "$SP" 2>/dev/null; rc=$?; SP=
	[ "$rc" != 0 ] && ok || bad "the server ended with 0 on a newer schema"
	grep -q 'newer' "$T/err" && ok || bad "no clear message for a newer schema: $(cat "$T/err")"
fi
[ "$(cat "$DB" "$DB-wal" 2>/dev/null | md5sum)" = "$SUM" ] && ok || bad "the newer database was changed"
[ "$(sqlite3 "$DB" 'PRAGMA user_version')" = $((NEWSCHEMA + 7)) ] && ok || bad "the newer schema's version changed"

# --- the province hub's package, on its own -------------------------------
# (a province's server, not a station's: it needs none of the others)
HUB=$T/pkg/kiosk-hub_${V}_$ARCH.deb
has "$HUB" usr/bin/kiosk-hub etc/kiosk-hub/hub.conf lib/systemd/system/kiosk-hub.service \
	usr/share/man/man8/kiosk-hub.8.gz usr/share/doc/kiosk-hub/hub.md usr/share/doc/kiosk-hub/copyright
[ "$(dpkg-deb -I "$HUB" conffiles)" = /etc/kiosk-hub/hub.conf ] && ok || bad "kiosk-hub's conffiles"
dpkg-deb -f "$HUB" Depends | grep -q libpq5 && ok || bad "kiosk-hub's Depends lack libpq5"
dpkg-deb -f "$HUB" Depends | grep -Eq 'kiosk-common|sdl|libsqlite' && bad "kiosk-hub depends on a station's part: $(dpkg-deb -f "$HUB" Depends)" || ok
lintian "$HUB" > "$T/lintian-hub" 2>&1
grep '^E:' "$T/lintian-hub" && bad "lintian found errors in kiosk-hub" || ok
apt install -y "$HUB" > "$T/hub-install.log" 2>&1 && ok || bad "installing kiosk-hub failed: $(tail "$T/hub-install.log")"
getent passwd kiosk-hub > /dev/null && ok || bad "no user kiosk-hub"
[ "$(stat -c '%U:%G %a' /etc/kiosk-hub/signing.key /etc/kiosk-hub/dossier.key /etc/kiosk-hub/hub.conf | sort -u)" = "root:kiosk-hub 640" ] &&
	ok || bad "the hub's keys and configuration: $(stat -c '%n %U:%G %a' /etc/kiosk-hub/*)"
[ "$(stat -c %s /etc/kiosk-hub/dossier.key)" = 32 ] && ok || bad "the dossier key is not 32 bytes"
grep -Eqx '[A-Za-z0-9+/]{43}=' /etc/kiosk-hub/signing.pub && ok || bad "signing.pub is '$(cat /etc/kiosk-hub/signing.pub)'"
setpriv --reuid=kiosk-hub --regid=kiosk-hub --init-groups -- /usr/bin/kiosk-hub --config /etc/kiosk-hub/hub.conf check \
	> "$T/hub-check" 2>&1 && ok || bad "kiosk-hub check as kiosk-hub on the installed configuration: $(cat "$T/hub-check")"
[ -L /etc/systemd/system/multi-user.target.wants/kiosk-hub.service ] && ok || bad "kiosk-hub.service is not enabled"
systemd-analyze verify /lib/systemd/system/kiosk-hub.service > "$T/verify" 2>&1
grep -Eiq 'unknown (key|section|lvalue)|invalid|failed to parse|not executable|bad unit|error' "$T/verify" &&
	bad "systemd-analyze verify kiosk-hub.service: $(cat "$T/verify")" || ok
EXPO=$(systemd-analyze security --offline=true /lib/systemd/system/kiosk-hub.service 2>&1 |
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "packages: kiosk-hub.service exposure $EXPO"
awk -v e="${EXPO:-99}" 'BEGIN { exit !(e <= 3.0) }' && ok || bad "the hub's exposure is '$EXPO', above 3.0"
PUB=$(cat /etc/kiosk-hub/signing.pub)
apt install -y --reinstall "$HUB" > "$T/hub-install.log" 2>&1 && [ "$(cat /etc/kiosk-hub/signing.pub)" = "$PUB" ] && ok ||
	bad "reinstalling kiosk-hub changed its signing key"
dpkg -L kiosk-hub | sort -u > "$T/hub-files"
apt purge -y kiosk-hub > "$T/hub-purge.log" 2>&1 && ok || bad "purging kiosk-hub failed: $(tail "$T/hub-purge.log")"
[ ! -e /etc/kiosk-hub ] && ok || bad "purge left /etc/kiosk-hub: $(ls -A /etc/kiosk-hub)"
getent passwd kiosk-hub > /dev/null && bad "purge left the user kiosk-hub" || ok
while read -r f; do
	[ -d "$f" ] || [ ! -e "$f" ] || bad "purging kiosk-hub left $f"
done < "$T/hub-files"

# --- remove keeps, purge clears -------------------------------------------
for p in $PKGS; do dpkg -L "$p"; done 2>/dev/null | sort -u > "$T/files"
apt remove -y $PKGS > "$T/remove.log" 2>&1 && ok || bad "remove failed: $(tail "$T/remove.log")"
[ -f "$DB" ] && [ -f "$CONF" ] && [ -f /var/lib/kiosk/dossiers.key ] && getent passwd kiosk > /dev/null && ok ||
	bad "remove did not keep the state, the configuration or the user"
[ ! -e /usr/bin/station-server ] && [ ! -e /usr/bin/kiosk ] && ok || bad "remove left the programs"
apt purge -y $PKGS > "$T/purge.log" 2>&1 && ok || bad "purge failed: $(tail "$T/purge.log")"
[ -z "$(installed)" ] && ok || bad "still known to dpkg after purge: $(installed)"
[ ! -e /var/lib/kiosk ] && ok || bad "purge left /var/lib/kiosk: $(ls -A /var/lib/kiosk)"
[ ! -e /etc/kiosk ] && ok || bad "purge left /etc/kiosk: $(ls -A /etc/kiosk)"
[ ! -e /var/cache/kiosk ] && ok || bad "purge left /var/cache/kiosk"
getent passwd kiosk > /dev/null && bad "purge left the user kiosk" || ok
getent group kiosk > /dev/null && bad "purge left the group kiosk" || ok
while read -r f; do
	[ -d "$f" ] && continue # shared folders (/usr/bin, /lib/systemd/system ...)
	[ -e "$f" ] && bad "purge left $f"
done < "$T/files"
ok
find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked \
	\( -name '*kiosk*' -o -name 'station-server*' \) 2>/dev/null > "$T/units"
[ ! -s "$T/units" ] && ok || bad "purge left the units' state: $(cat "$T/units")"

echo "packages: $pass passed, $fail failed"
[ "$fail" = 0 ]
