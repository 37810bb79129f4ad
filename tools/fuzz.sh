#!/usr/bin/env bash
# Fuzz every parser of outside bytes with clang's libFuzzer, ASan and UBSan
# (one target per tests/fuzz_<name>.c, corpus tests/fuzz/<name>/):
#   scan    what a scanner sends (booking tokens, the wedge, HID POS)
#   csv     the CSV reader and the dossier import on top of it
#   api     every request body through the server's handlers, in process
#   http    request lines and headers sent to a real server on 127.0.0.1
#   sync    the server's answers as the kiosk's and the board's client reads them
#   escpos  a printer's status bytes (and a job read back)
#   wav     a voice clip
#   kconf   kiosk.conf
#
#   tools/fuzz.sh [SECONDS] [TARGET...]   (default: 30 s each, every target)
#
# Builds with CMake and clang in build-fuzz/cmake (-DKIOSK_FUZZ=ON: every
# library instrumented), runs each target for SECONDS starting from its
# corpus, keeps new inputs in build-fuzz/corpus-<name> (copy the ones worth
# keeping into tests/fuzz/<name>/, minimized with -merge=1), and fails on a
# crash, a leak or a timeout with the input saved as
# build-fuzz/<name>-crash-* (replay it: build-fuzz/cmake/tests/fuzz-<name> FILE).
# Prints libFuzzer's final figures (execs, exec/s, cov, ft) per target.
# FUZZ_JOBS (default 2) sets the build's parallelism.
set -eu -o pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-30}
[ $# -gt 0 ] && shift
ALL="scan csv api http sync escpos wav kconf"
TARGETS=${*:-$ALL}
CC=$(command -v clang || command -v clang-16 || command -v clang-15 || command -v clang-14 || true)
[ -n "$CC" ] || { echo "fuzz: no clang here; skipped"; exit 0; }
OUT=$ROOT/build-fuzz
mkdir -p "$OUT"
for t in $TARGETS; do
	case " $ALL " in *" $t "*) ;; *) echo "fuzz: no target $t (one of: $ALL)"; exit 2 ;; esac
done

FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined"
FLAGS="$FLAGS -fno-sanitize-recover=undefined"
cmake -S "$ROOT" -B "$OUT/cmake" -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=Debug \
	-DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
	-DKIOSK_FUZZ=ON > "$OUT/cmake.log" 2>&1 || { cat "$OUT/cmake.log"; exit 1; }
# shellcheck disable=SC2046
cmake --build "$OUT/cmake" -j "${FUZZ_JOBS:-2}" $(printf -- '--target fuzz-%s ' $TARGETS) \
	> "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }

# the largest input each reads (a dossier file, an answer, a request) and
# how long one input may take (http waits up to 2 s for an answer)
max_len() { case $1 in csv|api) echo 16384 ;; http|sync|kconf|wav) echo 8192 ;; *) echo 512 ;; esac; }
status=0
for t in $TARGETS; do
	mkdir -p "$OUT/corpus-$t"
	cd "$OUT"
	rm -f "$OUT/$t.log"
	# new inputs go to the first folder; the tree's corpus is only read
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$OUT/cmake/tests/fuzz-$t" -max_total_time="$SECS" -max_len="$(max_len "$t")" \
		-timeout=20 -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$OUT/$t-" \
		"$OUT/corpus-$t" "$ROOT/tests/fuzz/$t" > "$OUT/$t.log" 2>&1 || {
		status=1
		echo "fuzz $t: FAILED; the input is $(ls -t "$OUT/$t"-* 2> /dev/null | head -1)"
		grep -E 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$OUT/$t.log" | head -20
	}
	stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
		"$OUT/$t.log" | sed 's/stat:://; s/number_of_executed_units/execs/;
		s/average_exec_per_sec/exec\/s/; s/peak_rss_mb/rss_mb/' | tr '\n' ' ' | tr -s ' ')
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$OUT/$t.log" | tail -1)
	echo "fuzz $t: ${SECS}s, $stats$cov, corpus $(ls "$OUT/corpus-$t" | wc -l) new"
done
exit $status
