#!/usr/bin/env bash
# Makes `ipfs_cid` (Debian package ipfs-cid: prints the CIDv0 Kubo's default `ipfs add` gives a file) available
# for the UnixFS interop tests. Run by the interop-tests build; never fails it: without ipfs_cid the tests that
# need it are skipped with a message.
set -uo pipefail
if command -v ipfs_cid >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "hypha: installing ipfs-cid (apt-get install -y ipfs-cid) for the UnixFS interop tests..." >&2
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q ipfs-cid >/dev/null 2>&1 \
     || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 \
          && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ipfs-cid >/dev/null 2>&1; }; then
    command -v ipfs_cid >/dev/null 2>&1 && exit 0
  fi
  echo "hypha: could not install ipfs-cid with apt-get; the ipfs_cid half of UnixfsCidInteropTest will be skipped" >&2
  exit 0
fi
echo "hypha: ipfs_cid is not on PATH and cannot be installed here (needs root and apt-get: apt-get install ipfs-cid);" \
  "the ipfs_cid half of UnixfsCidInteropTest will be skipped" >&2
exit 0
