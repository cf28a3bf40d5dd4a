#!/usr/bin/env bash
# Signing one Lattice request: our RestClient interceptor vs the SDK's AwsV4HttpSigner
# called directly on the same request, time and allocation per request (JMH, -prof gc).
#
#   bench/signing.sh            full run (about 1 minute)
#   QUICK=1 bench/signing.sh    shorter iterations, wider error bars
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh >/dev/null

./mvnw -q -B -ntp -pl bench/jmh -am install -DskipTests >/dev/null 2>&1 \
  || { echo "build failed; run the same ./mvnw command without -q to see why" >&2; exit 1; }
out="bench/results/signing-jmh.json"
if [ -n "${QUICK:-}" ]; then iterations=(-wi 2 -w 1 -i 3 -r 1); else iterations=(-wi 3 -w 2 -i 5 -r 2); fi
java -jar bench/jmh/target/benchmarks.jar SigningBenchmark "${iterations[@]}" -f 1 -prof gc -rf json -rff "$out" >/dev/null

python3 - "$out" <<'PY'
import json, sys
runs = {b["benchmark"].rsplit(".", 1)[1]: b for b in json.load(open(sys.argv[1]))}
def figures(name):
    b = runs[name]
    return b["primaryMetric"]["score"], b["primaryMetric"]["scoreError"], b["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]
ours, ours_err, ours_alloc = figures("latticeInterceptor")
sdk, sdk_err, sdk_alloc = figures("sdkSignerDirect")
built, built_err, built_alloc = figures("sdkSignerBuildingTheRequest")
rows = [
    ("SDK signer, request built once (baseline)", sdk, sdk_err, sdk_alloc, 1.0),
    ("SDK signer, building the request", built, built_err, built_alloc, built / sdk),
    ("lattice-client interceptor", ours, ours_err, ours_alloc, ours / sdk),
]
print(f"{'signing one request':42} {'us/op':>8} {'+-':>6} {'B/op':>8} {'ratio':>6}")
for name, t, e, a, r in rows:
    print(f"{name:42} {t:8.2f} {e:6.2f} {a:8.0f} {r:6.2f}")
print(f"interceptor vs the SDK building the same request: {ours / built:.2f}x")
print(f"targets: <= 5 us, <= 4096 B, ratio <= 1.15 (against the request-built-once baseline)  ->  "
      f"time {'met' if ours <= 5 else 'MISSED'}, allocation {'met' if ours_alloc <= 4096 else 'MISSED'}, "
      f"ratio {'met' if ours / sdk <= 1.15 else 'MISSED'}")
json.dump({"benchmark": "signing", "unit": {"time": "us/op", "alloc": "B/op"},
           "baseline": {"name": "sdkSignerDirect", "time": sdk, "error": sdk_err, "alloc": sdk_alloc},
           "baselineBuildingRequest": {"name": "sdkSignerBuildingTheRequest", "time": built, "error": built_err,
                                       "alloc": built_alloc},
           "candidate": {"name": "latticeInterceptor", "time": ours, "error": ours_err, "alloc": ours_alloc},
           "ratio": ours / sdk, "ratioToBuildingRequest": ours / built}, open("bench/results/signing.json", "w"), indent=2)
PY
