#!/usr/bin/env bash
# apt-get install PACKAGE... as root (through sudo when not root), waiting for the apt locks.
# When another process holds one (an unattended upgrade, another install), wait for it up to
# APT_LOCK_TIMEOUT seconds (default 300): `apt-get install` through DPkg::Lock::Timeout, and
# `apt-get update`, which ignores that option for the package lists' lock, by trying again
# every 5 seconds.
set -euo pipefail
APT_LOCK_TIMEOUT="${APT_LOCK_TIMEOUT:-300}"
[ $# -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "apt-install: $* need root: run as root or install sudo" >&2; exit 1; }
  sudo=(sudo)
fi
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT" -qq)

echo "apt-install: apt-get install $* (waits up to ${APT_LOCK_TIMEOUT}s for the apt locks)"
deadline=$((SECONDS + APT_LOCK_TIMEOUT))
until out="$("${apt[@]}" update 2>&1)"; do
  if [[ "$out" != *"Could not get lock"* ]] || [ "$SECONDS" -ge "$deadline" ]; then
    echo "$out" >&2
    exit 1
  fi
  echo "apt-install: another process holds the apt lock; waiting"
  sleep 5
done
"${apt[@]}" install -y --no-install-recommends "$@" >/dev/null
