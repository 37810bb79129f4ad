#!/usr/bin/env bash
# Fuzz what a scanner can send (tests/fuzz_scan.c: the booking token parser
# and verifier, the wedge's key assembly, HID POS descriptors and reports) with clang's libFuzzer, ASan and
# UBSan, for SECONDS (default 30), starting from the corpus in
# tests/fuzz/scan/.  New inputs go to build-fuzz/corpus (copy the ones worth
# keeping into tests/fuzz/scan/); a crash fails with its input in build-fuzz/.
#   tools/fuzz.sh [SECONDS]    (needs clang and a built build/libkcore.a)
set -eu -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-30}
CC=$(command -v clang || command -v clang-16 || command -v clang-15 || command -v clang-14 || true)
[ -n "$CC" ] || { echo "fuzz: no clang here; skipped"; exit 0; }
OUT=$ROOT/build-fuzz
mkdir -p "$OUT/corpus"
cp -n "$ROOT"/tests/fuzz/scan/* "$OUT/corpus/" 2> /dev/null || true
# the code under test instrumented; the rest of the core as built
"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$ROOT/core" -I"$ROOT/drivers" -o "$OUT/fuzz-scan" "$ROOT/tests/fuzz_scan.c" \
	"$ROOT/core/booking.c" "$ROOT/core/scan_wedge.c" "$ROOT/drivers/hidpos.c" "$ROOT/build/libkcore.a" \
	$(pkg-config --libs sqlite3 inih libsodium libqrencode libpng)
cd "$OUT"
./fuzz-scan -max_total_time="$SECS" -max_len=512 -print_final_stats=1 corpus 2>&1 |
	tail -12
