#!/usr/bin/env bash
# The slip stays legible when it is small (issue 20): the shipped
# kiosk.conf's slips, with a QR code, drawn by `kioskctl slip`, shrunk to
# 35 % by averaging (png-scale: about what a phone's photo of a slip at
# arm's length or a weak eye gets) and read by tesseract in Vietnamese
# (Debian's tesseract-ocr, tesseract-ocr-vie): the ticket's number and the
# service's name, diacritics and all, must be in what it reads.  A number or
# a name drawn too small or too thin fails here.  80 mm paper, a short name,
# one that wraps, and a priority slip (the ƯU TIÊN box beside the heading).
set -u
SRC=${KIOSK_SRC:?KIOSK_SRC names the source tree}
SCALE=${PNG_SCALE:?PNG_SCALE names the png-scale program}
. "$SRC/tests/lib.sh"
command -v tesseract > /dev/null || { echo "slip_ocr: tesseract is not installed (tools/packages-test.txt)" >&2; exit 1; }
tesseract --list-langs 2>/dev/null | grep -qx vie || { echo "slip_ocr: tesseract-ocr-vie is not installed" >&2; exit 1; }

# the shipped conf, its relative paths made absolute, a QR code on the slip
sed -e "s|^font = |font = $SRC/|" -e "s|^font_bold = |font_bold = $SRC/|" \
	-e "s|^translations = |translations = $SRC/|" -e "s|^clips = |clips = $SRC/|" \
	-e "s|^qr_url =\$|qr_url = https://192.168.100.200:8443/t/{number}|" \
	"$SRC/kiosk.conf" > "$T/k.conf"

# found WANT KIND: is WANT in $T/text?  OCR at this size misreads a mark now
# and then (thẻ as thể): a name counts as read with at most one character in
# 12 wrong (edits, the approximate match of WANT in the text, Unicode NFC); a
# number exactly, but a digit read as the letter O (DejaVu's bold 0 and O
# differ by a hair) counts as that digit.  Text too small gives garbage and
# fails either way.
found() {
	python3 - "$1" "$2" "$T/text" <<'PY'
import sys, unicodedata
want, kind, path = sys.argv[1], sys.argv[2], sys.argv[3]
nfc = lambda s: unicodedata.normalize("NFC", s)
text = nfc(open(path, encoding="utf-8").read())
want = nfc(want)
if kind == "number":
    words = [w.strip(".,:;") for w in text.split()]
    words = [w[:1] + w[1:].replace("O", "0") for w in words]
    sys.exit(0 if want in words else 1)
# the fewest edits turning want into some part of text (Sellers' algorithm)
prev = [0] * (len(text) + 1)
for i, c in enumerate(want, 1):
    cur = [i] + [0] * len(text)
    for j, t in enumerate(text, 1):
        cur[j] = min(prev[j - 1] + (c != t), prev[j] + 1, cur[j - 1] + 1)
    prev = cur
sys.exit(0 if min(prev) <= len(want) // 12 else 1)
PY
}

# read NUMBER SERVICE_CODE SERVICE_NAME [--priority]: the slip at 35 % holds both
read_slip() {
	local number=$1 code=$2 name=$3; shift 3
	"$KC" --config "$T/k.conf" --now 2026-12-03T09:41 slip --number "$number" --service "$code" --ahead 12 --wait 85 \
		"$@" --format png --out "$T/slip.png" > /dev/null 2> "$T/err" ||
		{ bad "$number: kioskctl slip: $(cat "$T/err")"; return; }
	"$SCALE" "$T/slip.png" "$T/small.png" 35 || { bad "$number: png-scale"; return; }
	# its lines as one (a name that wraps is read as two lines), as read by
	# the page layouts of a whole page (3), one block (6) and sparse text
	# (11): a big number among small lines is taken for a picture by one of
	# them now and then, never by all
	for psm in 3 6 11; do
		tesseract "$T/small.png" - -l vie --psm $psm 2> /dev/null
	done | tr -s ' \n' '  ' > "$T/text"
	found "$number" number && ok ||
		bad "$number: the number is not read at 35 %: $(cat "$T/text")"
	found "$name" name && ok ||
		bad "$number: '$name' is not read at 35 %: $(cat "$T/text")"
}

read_slip H012 CAPDOI "Cấp đổi thẻ căn cước"
read_slip E047 CAPLAI "Cấp lại thẻ căn cước (mất thẻ, thẻ hư hỏng)" --priority
read_slip I305 TRATHE "Nhận thẻ căn cước, nhận kết quả"
read_slip A128 CAPMOI "Cấp thẻ căn cước lần đầu" --priority
finish slip_ocr
