#!/usr/bin/env bash
# station-server backup / restore and kioskctl backup / restore as a
# technician and the daily timer use them (docs/backup.md): a backup while
# the server serves, verified, 0600; dated backups in a folder made 0750;
# usage errors (exit 2); a restore refused while the server runs (exit 1),
# then refused for a newer schema, a file that is not sqlite, a damaged one
# and a kiosk's outbox (exit 2) - each time the file and the live database
# byte for byte as they were (sha256); the server refusing to start on a
# newer database and leaving it as it was; a good backup restored with the
# database as it was kept beside it; the old-schema fixture restored and
# brought forward by the server's next start, its tickets kept; kioskctl on
# a kiosk that syncs (the outbox) and on one that works alone (the queue).
set -u
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/.." && pwd)
FIXTURE=$SRC/tests/fixtures/queue-schema-8.db

cat > "$T/kiosk.conf" <<CONF
[station]
id = TEST
name_vi = Trạm thử
[queue]
sync = normal
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
CONF
C=(--config "$T/kiosk.conf")

expect() { # NAME WANT_EXIT WANT_OUTPUT_REGEX -- command...  (output in $T/last)
	local name=$1 want=$2 re=$3; shift 4
	"$@" > "$T/last" 2>&1; local rc=$?
	[ "$rc" = "$want" ] || { bad "$name: exit $rc, wanted $want ($(cat "$T/last"))"; return; }
	grep -Eq -- "$re" "$T/last" && ok || bad "$name: '$(cat "$T/last")' !~ /$re/"
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
same() { # NAME FILE SHA
	[ "$(sha "$2")" = "$3" ] && ok || bad "$1: $2 was changed"
}

for s in CAPMOI CAPDOI CAPMOI; do "$KC" "${C[@]}" issue "$s" > /dev/null || bad "issue $s"; done
serve "$T/kiosk.conf" "$T/live.db" || { bad "the server did not start: $(cat "$T/err")"; finish backup_cli; exit 1; }
V=$(sqlite3 "$T/live.db" 'PRAGMA user_version')

# a backup while the server serves
expect "backup" 0 "^backup of $T/live.db in $T/b1.db: 3 tickets, [0-9]+ bytes, schema $V, verified$" -- \
	"$S" "${C[@]}" backup "$T/b1.db"
[ "$(stat -c %a "$T/b1.db")" = 600 ] && ok || bad "the backup is mode $(stat -c %a "$T/b1.db")"
[ "$(sqlite3 "$T/b1.db" 'PRAGMA journal_mode; PRAGMA integrity_check' | tr '\n' ' ')" = "delete ok " ] \
	&& ok || bad "the backup is not a standalone, sound file"
[ ! -e "$T/b1.db-wal" ] && ok || bad "a -wal beside the backup"
# as the timer runs it: UMask=0077
expect "dated backup" 0 "in $T/daily/queue-[0-9]{8}-[0-9]{6}\.db: 3 tickets, .*verified; 0 older backup\(s\) removed, up to 7 kept$" -- \
	sh -c 'umask 077 && exec "$@"' sh "$S" "${C[@]}" backup --into "$T/daily" --keep 7
[ "$(stat -c %a "$T/daily")" = 750 ] && ok || bad "the backup folder is mode $(stat -c %a "$T/daily")"
expect "backup: no file" 2 'usage: station-server .*backup FILE' -- "$S" "${C[@]}" backup
expect "backup: --keep missing" 2 '--keep N' -- "$S" "${C[@]}" backup --into "$T/daily"
expect "backup: --keep 0" 2 '--keep N' -- "$S" "${C[@]}" backup --into "$T/daily" --keep 0
expect "backup: a folder that is not there" 1 "backup failed: cannot write in $T/none" -- \
	"$S" "${C[@]}" backup "$T/none/b.db"
expect "backup: no database" 1 "there is no database at $T/nothing.db" -- \
	"$S" "${C[@]}" --db "$T/nothing.db" backup "$T/b9.db"
[ ! -e "$T/nothing.db" ] && ok || bad "a backup created the database it did not find"

# restore while the server runs: refused, nothing changed
expect "restore while serving" 1 "$T/live.db is open in a running program: stop it first.*systemctl stop station-server" -- \
	"$S" "${C[@]}" restore "$T/b1.db"
[ ! -e "$T/live.db.before-restore" ] && ok || bad "a refused restore saved the database"
kill "$SP"; wait "$SP" 2> /dev/null; SP=

LIVE=$(sha "$T/live.db")
expect "backup over the database itself" 2 "$T/./live.db is the database itself" -- \
	"$S" "${C[@]}" backup "$T/./live.db"
# a newer schema, not sqlite, damaged, a kiosk's outbox: refused, nothing changed
cp "$T/b1.db" "$T/newer.db"; sqlite3 "$T/newer.db" "PRAGMA user_version = $((V + 1))"
NEWER=$(sha "$T/newer.db")
expect "restore: newer schema" 2 "restore refused: $T/newer.db was written by a newer version of the program \(schema $((V + 1)); this one knows up to $V\)" -- \
	"$S" "${C[@]}" restore "$T/newer.db"
same "restore: newer schema" "$T/newer.db" "$NEWER"
echo "queue numbers for Monday" > "$T/notes.txt"
expect "restore: not sqlite" 2 "$T/notes.txt is not an SQLite database" -- "$S" "${C[@]}" restore "$T/notes.txt"
cp "$T/b1.db" "$T/torn.db"
PAGE=$(sqlite3 "$T/torn.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'tickets_queue'")
head -c 2048 /dev/zero | tr '\0' 'Z' | dd of="$T/torn.db" bs=1 seek=$(( (PAGE - 1) * 4096 )) conv=notrunc 2> /dev/null
TORN=$(sha "$T/torn.db")
expect "restore: damaged" 2 "$T/torn.db is damaged \(integrity_check: " -- "$S" "${C[@]}" restore "$T/torn.db"
same "restore: damaged" "$T/torn.db" "$TORN"
sqlite3 "$T/outbox.db" "CREATE TABLE issued (client_ref TEXT PRIMARY KEY); PRAGMA user_version = 3"
expect "restore: an outbox" 2 "$T/outbox.db is a kiosk outbox, not a station queue database" -- \
	"$S" "${C[@]}" restore "$T/outbox.db"
expect "restore: no file" 2 'usage: station-server' -- "$S" "${C[@]}" restore
expect "restore: the database itself" 2 "$T/./live.db is the database itself" -- \
	"$S" "${C[@]}" restore "$T/./live.db"
same "refused restores" "$T/live.db" "$LIVE"
[ ! -e "$T/live.db.before-restore" ] && ok || bad "a refused restore saved the database"

# the server does not start on a newer database, and leaves it as it was
expect "start on a newer database" 1 "$T/newer.db was written by a newer version of the program.*left untouched" -- \
	"$S" "${C[@]}" --db "$T/newer.db" --listen 127.0.0.1:0
same "start on a newer database" "$T/newer.db" "$NEWER"

# a good backup restores; the database as it was is kept beside it
"$KC" "${C[@]}" issue CAPDOI > /dev/null
expect "restore" 0 "^restored $T/b1.db into $T/live.db: 3 tickets, schema $V, verified; the database as it was is in $T/live.db.before-restore$" -- \
	"$S" "${C[@]}" restore "$T/b1.db"
[ "$(sqlite3 "$T/live.db" 'SELECT COUNT(*) FROM tickets')" = 3 ] && ok || bad "restored: not 3 tickets"
[ "$(sqlite3 "$T/live.db.before-restore" 'SELECT COUNT(*) FROM tickets')" = 4 ] && ok || bad "before-restore: not 4 tickets"
[ ! -e "$T/live.db-journal" ] && ok || bad "a journal left beside the restored database"

# the old release's database: restored, then brought forward by the next start
WANT=$(sqlite3 "$FIXTURE" "SELECT group_concat(number || service || state, ',') FROM tickets")
expect "restore the old-schema fixture" 0 "restored $FIXTURE into $T/live.db: 6 tickets, schema 8 \(brought forward at the next start\)" -- \
	"$S" "${C[@]}" restore "$FIXTURE"
serve "$T/kiosk.conf" "$T/live.db" && ok || bad "the server did not start on the old database: $(cat "$T/err")"
[ "$(sqlite3 "$T/live.db" 'PRAGMA user_version')" = "$V" ] && ok || bad "the old database was not migrated"
[ "$(sqlite3 "$T/live.db" "SELECT group_concat(number || service || state, ',') FROM tickets")" = "$WANT" ] \
	&& ok || bad "the old database's tickets changed"
kill "$SP"; wait "$SP" 2> /dev/null; SP=

# kioskctl: a kiosk that works alone backs its queue up
expect "kioskctl backup (queue)" 0 "^backup of $T/live.db in $T/k1.db: 6 tickets, .*verified$" -- \
	"$KC" "${C[@]}" backup "$T/k1.db"
expect "kioskctl backup --json" 0 '"ok":true,"kind":"queue".*"tickets":6.*"verified":true' -- \
	"$KC" "${C[@]}" --json backup --into "$T/kdaily" --keep 3
# a kiosk that syncs backs its outbox up, and takes no queue backup for it
sed 's/^\[server\]$/[sync]\nserver = http:\/\/127.0.0.1:1\nname = lobby-1\ntoken = kiosk-token-aaaaaaaaaaaa\noutbox = OUTBOX\n[server]/' \
	"$T/kiosk.conf" | sed "s|OUTBOX|$T/kiosk-outbox.db|" > "$T/synced.conf"
# a new kiosk that has not issued yet: the timer's command succeeds with nothing to do,
# into a folder two levels down that it makes
expect "kioskctl dated backup, no outbox yet" 0 "^nothing to back up yet: $T/kiosk-outbox.db does not exist" -- \
	"$KC" --config "$T/synced.conf" backup --into "$T/new/kiosk" --keep 3
[ ! -e "$T/new" ] && ok || bad "a backup with nothing to copy made $T/new"
expect "kioskctl backup FILE, no outbox yet" 1 "kiosk-outbox.db" -- \
	"$KC" --config "$T/synced.conf" backup "$T/none.db"
"$KC" --config "$T/synced.conf" sync-status > /dev/null 2>&1
expect "kioskctl backup (outbox)" 0 "^backup of $T/kiosk-outbox.db in $T/o1.db: 0 tickets, .*verified$" -- \
	"$KC" --config "$T/synced.conf" backup "$T/o1.db"
expect "kioskctl dated outbox backup" 0 "in $T/odaily/kiosk/outbox-[0-9]{8}-[0-9]{6}\.db" -- \
	"$KC" --config "$T/synced.conf" backup --into "$T/odaily/kiosk" --keep 3
[ "$(stat -c %a "$T/odaily")/$(stat -c %a "$T/odaily/kiosk")" = 750/750 ] && ok ||
	bad "the backup folders are not 0750: $(stat -c '%a %n' "$T/odaily" "$T/odaily/kiosk")"
OUT=$(sha "$T/kiosk-outbox.db")
expect "kioskctl restore: a queue into the outbox" 2 "$T/k1.db is a station queue database, not a kiosk outbox" -- \
	"$KC" --config "$T/synced.conf" restore "$T/k1.db"
same "kioskctl refused restore" "$T/kiosk-outbox.db" "$OUT"
expect "kioskctl restore (outbox)" 0 "^restored $T/o1.db into $T/kiosk-outbox.db: 0 tickets, schema 4, verified" -- \
	"$KC" --config "$T/synced.conf" restore "$T/o1.db"
expect "kioskctl backup: usage" 2 'backup takes FILE, or --into DIR --keep N' -- \
	"$KC" "${C[@]}" backup --into "$T/x"
"$KC" --help | grep -q 'backup --into DIR --keep N' && ok || bad "kioskctl --help does not tell of backup"

finish backup_cli
