#!/usr/bin/env bash
# install-deps.sh - installs the Debian packages Tuki needs, and only those
# that are missing. Safe to run again: it does nothing when all are there.
#
#   scripts/install-deps.sh          packages to build and run Tuki
#   scripts/install-deps.sh --test   also what the test suite needs
#                                    (Chromium for browser tests, Node.js,
#                                    and the npm packages in tests/)
#
# Runs apt-get as root (directly, or through sudo when you are not root).
set -euo pipefail

build_pkgs=(gcc meson ninja-build pkg-config gettext libmagic-dev
	libvoikko-dev voikko-fi libstemmer-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libcurl4-openssl-dev libical-dev tzdata
	libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev)
# The sanitizer build uses clang, so both compilers see every change.
test_pkgs=(chromium nodejs npm clang libclang-rt-14-dev)

want=("${build_pkgs[@]}")
[ "${1:-}" = "--test" ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
	# Node.js may come from elsewhere than Debian (e.g. a preinstalled
	# node 20); then the Debian packages are not needed.
	if [ "$p" = nodejs ] || [ "$p" = npm ]; then
		command -v "${p/nodejs/node}" >/dev/null 2>&1 && continue
	fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing missing Debian packages: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
	echo "install-deps: all Debian packages present"
fi

if [ "${1:-}" = "--test" ]; then
	cd "$(dirname "$0")/../tests"
	# playwright-core drives Debian's /usr/bin/chromium; it never
	# downloads a browser of its own.
	if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
		echo "install-deps: installing npm packages for the tests (npm ci)"
		npm ci --no-audit --no-fund --loglevel=error
	fi
fi
