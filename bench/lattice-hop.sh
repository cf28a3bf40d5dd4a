#!/usr/bin/env bash
# What the local Lattice hop costs, beside nginx doing the same hop. Every party runs as a
# process of its own on loopback: a target (nginx answering a fixed JSON body), nginx as a
# plain reverse proxy to it (keep-alive upstream, one worker per core), lattice-local as
# users run it (java -jar: SigV4 verification, network and service policy, access log),
# lattice-local again on a service of auth type NONE (no SigV4, no policy), a bare TCP
# relay, the floor under any proxy, and a proxy made of Netty's HTTP codecs alone
# (lattice-local's engine without anything of Lattice's). Phases:
#   - fixed rate (500 req/s): p99 added over direct, for lattice-local and nginx;
#   - saturation in rounds (wrk, 16 connections): every path back to back each round,
#     with each proxy's CPU per request; the target is read off the median ratio of
#     lattice-local to nginx;
#   - HTTP/2 over cleartext (h2load) to lattice-local and to nginx;
#   - 2,000 idle connections held open while signed requests go on: lattice-local's RSS.
# Needs nginx, wrk and h2load (Debian: nginx, wrk, nghttp2-client); installs what is
# missing. Prints a summary, writes bench/results/lattice-hop.json. About 11 minutes.
#
#   bench/lattice-hop.sh
#   bench/lattice-hop.sh --rounds 5 --seconds 20
#   bench/lattice-hop.sh --rate 1000 --connections 32 --idle 4000
#   bench/lattice-hop.sh --java-options "-Xmx256m"         lattice-local with JVM options
#   bench/lattice-hop.sh --transport epoll --out bench/results/lattice-hop-epoll.json
#   bench/lattice-hop.sh --out /tmp/hop.json                results elsewhere
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/select-jdk.sh ]; then . scripts/select-jdk.sh >/dev/null; fi

missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

./mvnw -q -B -ntp -Pbench -pl lattice-local,bench/lattice-hop -am package -DskipTests
cp="bench/lattice-hop/target/classes:$(cat bench/lattice-hop/target/classpath.txt)"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$cp" io.latticeshop.bench.hop.LatticeHopBench \
  --out bench/results/lattice-hop.json "$@"

# bench/RESULTS.md, the page of current figures, from every bench's latest JSON.
python3 bench/tools/results.py
