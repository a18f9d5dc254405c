#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian packages Hài Lòng needs to build, test and run its demo. Installs the missing ones
# (as root, or through sudo) and does nothing when all are present.
set -euo pipefail

PACKAGES=(
	build-essential pkg-config
	libmosquitto-dev mosquitto mosquitto-clients libssl-dev openssl
	libsqlite3-dev sqlite3
	libcjson-dev
	libsodium-dev libmicrohttpd-dev
	libcurl4-openssl-dev python3-aiosmtpd # hailong-notify: mail (SMTP) and webhooks through libcurl; the tests' local mail server
	libcmocka-dev
	libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev zlib1g-dev
	espeak-ng # the spoken prompts: make writes build/voice/*.wav with it
	fonts-inter fonts-dejavu-core
	xvfb chromium curl
	python3-selenium chromium-driver python3-yaml poppler-utils # tests/web/: the browser test, openapi.yaml, printed pages
	valgrind
	clang libclang-rt-14-dev # make fuzz: clang 14 and its libFuzzer runtime (a Recommends, not a Depends)
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
