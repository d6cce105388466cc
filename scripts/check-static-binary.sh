#!/usr/bin/env bash
# Checks that a kspmbeat binary built with `swift build -c release --static-swift-stdlib` needs no
# Swift runtime library (libswiftCore, Foundation, Dispatch, …) at run time: what the container
# image relies on (its base image has no Swift). Prints what it does need from the system.
set -euo pipefail
binary="${1:?usage: check-static-binary.sh path/to/kspmbeat}"
[ -x "$binary" ] || { echo "$binary: not an executable" >&2; exit 1; }
libraries="$(ldd "$binary")" || { echo "ldd failed on $binary" >&2; exit 1; }
echo "$binary needs:"
echo "$libraries"
if echo "$libraries" | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|libicu|not found'; then
  echo "$binary links a Swift runtime library (or a library is missing): build it with --static-swift-stdlib" >&2
  exit 1
fi
"$binary" --version >/dev/null || { echo "$binary does not run" >&2; exit 1; }
echo "ok: no Swift runtime library needed"
