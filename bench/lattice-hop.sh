#!/usr/bin/env bash
# What the local Lattice hop costs: signed GETs to a loopback target directly and through
# lattice-local (SigV4 check, network + service policy, forwarding, access log), at a fixed
# rate and at saturation with the same concurrency; at saturation also through a bare TCP
# relay, the floor under any proxy on this machine (a second socket hop, nothing else).
# Saturation runs in rounds (3 by default), each one direct, lattice-local and relay back
# to back; the target is read off the median of the rounds' ratios, which on a shared
# machine spread by +-0.1 within one run. Each phase warms up first (10 s; 3 s after the
# first round). Prints a table, writes bench/results/lattice-hop.json. About 4 minutes
# with the defaults.
#
#   bench/lattice-hop.sh                                   500 req/s, concurrency 16, 15 s phases
#   bench/lattice-hop.sh --rounds 5                        more rounds, a steadier median
#   bench/lattice-hop.sh --seconds 5 --warmup 3            quicker, noisier
#   bench/lattice-hop.sh --rate 1000 --concurrency 32
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f scripts/select-jdk.sh ]; then . scripts/select-jdk.sh >/dev/null; fi

./mvnw -q -B -ntp -pl lattice-local test-compile
cp_file=lattice-local/target/bench.classpath
./mvnw -q -B -ntp -pl lattice-local dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx512m -cp "lattice-local/target/test-classes:lattice-local/target/classes:$(cat "$cp_file")" \
  io.latticeshop.local.LatticeHopBench --out bench/results/lattice-hop.json "$@"
