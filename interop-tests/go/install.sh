#!/usr/bin/env bash
# Builds the Go programs of the interop tests from the Go module proxy into a cache kept between runs: the pinned
# Kubo, and our small go-libp2p peer (go/peer, its versions pinned in go.mod and go.sum). Tells the tests where
# they are (target/kubo.path, target/go-peer.path) or why there are none (target/kubo.skip). Run by the
# interop-tests build before its tests; with --background (run by the root build at its start) it starts the same
# builds at the lowest CPU priority and returns at once, so the downloads and compiles overlap the other modules'
# tests.
#
# Kubo v0.43.1 replaces go-libp2p with a fork that the module proxy does not serve; the fork only raised
# quic-go to v0.62.0 and webtransport-go to v0.13.0, which go-libp2p v0.50.0 requires, so Kubo is built against
# that release instead (Kubo's own TODO: "drop once a go-libp2p release requires quic-go >= v0.62.0").
set -euo pipefail
KUBO_VERSION=v0.43.1
GO_LIBP2P_VERSION=v0.50.0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${HYPHA_INTEROP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hypha-interop}"
dest="$cache/kubo-$KUBO_VERSION-go-libp2p-$GO_LIBP2P_VERSION"
target="$here/../target"
mkdir -p "$cache"

peer_hash="$(cat "$here/peer/go.mod" "$here/peer/go.sum" "$here/peer/main.go" | sha256sum | cut -c1-16)"
peer_bin="$cache/go-peer-$peer_hash/go-peer"

if [ "${1:-}" = "--background" ]; then
  if { [ -x "$dest/ipfs" ] && [ -x "$peer_bin" ]; } || ! command -v go >/dev/null 2>&1; then
    exit 0
  fi
  setsid nohup nice -n 19 "$0" --build-only </dev/null >"$cache/kubo-build.log" 2>&1 &
  exit 0
fi

build() {
  exec 9>"$cache/kubo.lock"
  flock 9 # one build at a time; a second caller waits for the first and finds the binaries
  if [ ! -x "$peer_bin" ]; then
    echo "hypha: building the go-libp2p interop peer..." >&2
    mkdir -p "$(dirname "$peer_bin")"
    (cd "$here/peer" && go build -trimpath -o "$peer_bin.tmp" . && mv "$peer_bin.tmp" "$peer_bin")
  fi
  if [ -x "$dest/ipfs" ]; then
    return 0
  fi
  echo "hypha: building Kubo $KUBO_VERSION (go-libp2p $GO_LIBP2P_VERSION) from the Go module proxy..." >&2
  local work src
  work="$(mktemp -d)"
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' RETURN
  src="$(cd "$work" && go mod download -json "github.com/ipfs/kubo@$KUBO_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  cp -r "$src" "$work/kubo"
  chmod -R u+w "$work/kubo"
  (
    cd "$work/kubo"
    go mod edit -dropreplace github.com/libp2p/go-libp2p -require "github.com/libp2p/go-libp2p@$GO_LIBP2P_VERSION"
    GOFLAGS=-mod=mod go build -trimpath -o "$work/ipfs" ./cmd/ipfs
  )
  mkdir -p "$dest"
  mv "$work/ipfs" "$dest/ipfs"
}

if [ "${1:-}" = "--build-only" ]; then
  build
  exit 0
fi

mkdir -p "$target"
rm -f "$target/kubo.path" "$target/kubo.skip" "$target/go-peer.path"
if ! command -v go >/dev/null 2>&1; then
  msg="the Kubo and go-libp2p interop tests need Go >= 1.26 on PATH to build Kubo $KUBO_VERSION and the go peer (https://go.dev/dl)"
  echo "hypha: skipping: $msg" >&2
  echo "$msg" > "$target/kubo.skip"
  exit 0
fi
build
echo "$dest/ipfs" > "$target/kubo.path"
echo "$peer_bin" > "$target/go-peer.path"
