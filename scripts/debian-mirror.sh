#!/usr/bin/env bash
# Prints the Debian archive URL this machine's apt already uses, so that nothing in the
# repository names a mirror: deb822 sources (*.sources) first, then one-line sources.list.
set -euo pipefail

for f in /etc/apt/sources.list.d/*.sources; do
  [ -e "$f" ] || continue
  # The first URIs line of a stanza whose suites are not the security archive.
  awk '
    /^[[:space:]]*$/ { if (uri != "" && suites !~ /security/) { print uri; exit } uri=""; suites="" ; next }
    /^URIs:/ { uri=$2 }
    /^Suites:/ { suites=$0 }
    END { if (uri != "" && suites !~ /security/) print uri }
  ' "$f" | head -n 1 | grep . && exit 0
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -e "$f" ] || continue
  awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f" \
    | head -n 1 | grep . && exit 0
done
echo "no Debian archive found in /etc/apt sources" >&2
exit 1
