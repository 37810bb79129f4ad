# Shared by tools/run and tools/test: install what is missing, then build.
# Sourced, not run.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { if [ -t 1 ]; then printf '\033[1m==> %s\033[0m\n' "$*"; else printf '==> %s\n' "$*"; fi; }

# install_packages [LIST]: the Debian packages named in LIST (default
# tools/packages.txt) that are not installed yet
install_packages() {
	local list=${1:-$ROOT/tools/packages.txt} missing=()
	for p in $(grep -v '^#' "$list"); do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -q >/dev/null &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
			"${missing[@]}" >/dev/null ||
		{ echo "apt-get failed: install ${missing[*]} by hand" >&2; return 1; }
}

# build DIR [cmake options...]
build() {
	local dir=$1; shift
	cmake -S "$ROOT" -B "$ROOT/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null &&
		cmake --build "$ROOT/$dir" -j "$(nproc)" -- --no-print-directory >/dev/null ||
		{ echo "build in $dir failed; rerun: cmake --build $dir" >&2; return 1; }
}
