#!/usr/bin/env bash
# Install every tool `stackcraft check` and the test suite need, on a fresh Debian machine.
#  - the project's own environment: .venv with stackcraft and its `dev` and `check` extras
#    (the Python validators, the Go toolchain, uv);
#  - checkov and actionlint with `stackcraft tools install`, into stackcraft's tool cache
#    (~/.cache/stackcraft/tools, or $STACKCRAFT_CACHE_DIR/tools), where `stackcraft check`
#    finds them without any PATH change; .tools links to that folder;
#  - system packages with apt-get (needs root, or sudo): nginx, make, git, kubectl, through
#    scripts/apt-install.sh, which waits for an apt lock another process holds (bounded).
# Safe to run again: each step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,check]'

.venv/bin/stackcraft tools install
tools_dir="$(.venv/bin/python -c 'from generator.toolset.cache import tools_dir; print(tools_dir())')"
if [ "$(readlink .tools 2>/dev/null)" != "$tools_dir" ]; then
  if [ -d .tools ] && [ ! -L .tools ]; then
    rm -rf .tools  # the layout before the tool cache: everything in it is installed again above
  fi
  ln -sfn "$tools_dir" .tools
fi

missing_apt=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing_apt+=(nginx)
command -v git >/dev/null || missing_apt+=(git)
command -v make >/dev/null || missing_apt+=(make)
# kustomize comes with kubectl (`kubectl kustomize`); Debian's kubernetes-client has it too.
command -v kubectl >/dev/null || missing_apt+=(kubernetes-client)
# PostgreSQL for the services that own a database: their tests and the live run start
# throwaway clusters (initdb and pg_ctl live in /usr/lib/postgresql/<version>/bin).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing_apt+=(postgresql)
# pgTAP and pg_prove for Supabase stacks: their row level security tests run on that PostgreSQL
# (the pgTAP package matches the installed major, e.g. postgresql-15-pgtap on Debian 12).
command -v pg_prove >/dev/null || missing_apt+=(libtap-parser-sourcehandler-pgtap-perl)
pg_major="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)"
pg_major="${pg_major:-15}"
[ -f "/usr/share/postgresql/$pg_major/extension/pgtap.control" ] || missing_apt+=("postgresql-$pg_major-pgtap")
# The Go PostgreSQL driver as Debian-packaged source: Go units build offline against it.
[ -f /usr/share/gocode/src/github.com/lib/pq/go.mod ] || missing_apt+=(golang-github-lib-pq-dev)
# LuaJIT runs the Kong gateway's Lua snippets in the project's tests (tests/test_kong_lua.py).
command -v luajit >/dev/null || missing_apt+=(luajit)
if [ ${#missing_apt[@]} -gt 0 ]; then
  scripts/apt-install.sh "${missing_apt[@]}"
fi
echo "tools ready: .venv/bin/stackcraft, and checkov and actionlint in $tools_dir"
