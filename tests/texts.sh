#!/usr/bin/env bash
# The words of the shipped texts (issue 14, tests/texts_check.pl): no "trạm",
# no "bạn", "Xin mời" only in the call, prefixes whose names do not rhyme,
# no Vietnamese string literal in C outside tests/texts-allow.txt,
# the same keys in both languages.  The source tree must pass; then a copy of
# it with one planted fault of each kind must fail, naming that fault - so a
# checker that stopped seeing them fails here too.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
CHECK=$SRC/tests/texts_check.pl
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

perl "$CHECK" "$SRC" > "$T/out" && ok || bad "the shipped texts: $(cat "$T/out")"

# a copy: the files the checker reads
plant_tree() {
	rm -rf "$T/src" && mkdir -p "$T/src/assets" "$T/src/tests" "$T/src/www"
	cp "$SRC/kiosk.conf" "$T/src/" && cp -r "$SRC/assets/i18n" "$T/src/assets/"
	cp "$SRC"/www/*.json "$SRC"/www/*.js "$SRC"/www/*.html "$T/src/www/"
	cp "$SRC/tests/texts-allow.txt" "$T/src/tests/"
	mkdir -p "$T/src/assets/voice" && cp "$SRC/assets/voice/lexicon.txt" "$T/src/assets/voice/"
	for d in core firmware server cli slip drivers sync; do cp -r "$SRC/$d" "$T/src/"; done
}
# expect NAME REGEX: the planted copy fails with a line matching REGEX
expect() {
	if perl "$CHECK" "$T/src" > "$T/out"; then
		bad "$1: the checker passed"
	else
		grep -Eq -- "$2" "$T/out" && ok || bad "$1: no line ~ /$2/ in: $(cat "$T/out")"
	fi
}

plant_tree
printf 'name_vi = Trạm thử\n' >> "$T/src/kiosk.conf"
expect "trạm in kiosk.conf" '^kiosk.conf:[0-9]+: "trạm"'

plant_tree
sed -i 's/^heading = .*/heading = Số thứ tự của Bạn/' "$T/src/assets/i18n/vi.ini"
expect "bạn in vi.ini" '^assets/i18n/vi.ini:[0-9]+: "bạn"'

plant_tree
sed -i 's/"sup.server": "[^"]*"/"sup.server": "Máy chủ trạm"/' "$T/src/www/i18n-vi.json"
expect "trạm in the web page's texts" '^www/i18n-vi.json:[0-9]+: "trạm"'

plant_tree
sed -i 's/^CAP_REACHED = .*/CAP_REACHED = Hôm nay đã hết số. Xin mời quay lại ngày mai./' "$T/src/assets/i18n/vi.ini"
expect "Xin mời in an instruction" '^assets/i18n/vi.ini:[0-9]+: "Xin mời" outside the call'

plant_tree
printf '/* a comment may say trạm and bạn */\nstatic const char *x = "Quầy %%d";\n' >> "$T/src/server/api.c"
expect "Vietnamese typed into C" '^server/api.c:[0-9]+: Vietnamese typed into C.*"Quầy %d"'
grep -q 'comment' "$T/out" && bad "a comment was taken for a text: $(cat "$T/out")" || ok
[ "$(wc -l < "$T/out")" = 2 ] && ok || bad "one fault planted, more found: $(cat "$T/out")"

plant_tree
printf 'static const char *y = "Danh sách của bạn";\n' >> "$T/src/core/kclock.c"
expect "bạn in a C literal" '^core/kclock.c:[0-9]+: "bạn"'

plant_tree
printf 'server/api.c | Quầy | planted\n' >> "$T/src/tests/texts-allow.txt"
expect "a stale allow-list line" 'texts-allow.txt:[0-9]+: server/api.c has no such'

plant_tree # K ("ca") for CAPLAI rhymes with CAPMOI's A ("a")
sed -i '/^\[service.CAPLAI\]/,/^prefix/s/^prefix = .*/prefix = K/' "$T/src/kiosk.conf"
expect "rhyming prefixes" '^kiosk.conf: prefixes whose names rhyme when called: K \(ca, CAPLAI\), A \(a, CAPMOI\)'

plant_tree
sed -i '/^FOUND_do = /d' "$T/src/assets/i18n/en.ini"
expect "a key missing in en.ini" '^assets/i18n: en lacks lookup.FOUND_do'

plant_tree
sed -i '/"board.days"/d; s/"board.unlock_hint": \(.*\),$/"board.unlock_hint": \1/' "$T/src/www/i18n-en.json"
expect "a key missing in i18n-en.json" '^www/i18n-\*.json: en lacks board.days'

echo "texts: $pass passed, $fail failed"
[ "$fail" = 0 ]
