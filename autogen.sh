#!/bin/sh
# SPDX-License-Identifier: MIT
# Bootstrap the autotools build from a git checkout.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf -fi
# automake ships the TAP driver but does not install it on its own.
for d in /usr/share/automake-*; do
	[ -f "$d/tap-driver.sh" ] && cp -f "$d/tap-driver.sh" build-aux/ && break
done
[ -f build-aux/tap-driver.sh ] || { echo "autogen.sh: tap-driver.sh not found" >&2; exit 1; }
