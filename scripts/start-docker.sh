#!/usr/bin/env bash
# Starts a Docker daemon when none answers, and waits until it does.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi
command -v dockerd >/dev/null || { echo "dockerd is not installed (apt-get install docker.io)" >&2; exit 1; }
log="${TMPDIR:-/tmp}/dockerd.log"
echo "starting dockerd (log: $log)"
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "dockerd did not come up within 60 s:" >&2
tail -n 30 "$log" >&2
exit 1
