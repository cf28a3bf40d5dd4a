#!/usr/bin/env bash
# Verifying one signed request in lattice-local: SigV4Verifier.verify (the Authorization
# header read, scope, date and payload checked, the signature recomputed by our canonical
# request with its kept signing key) beside the AWS SDK signer's recomputation of the same
# signature alone, which is what the verifier falls back to before a refusal. Time and
# allocation per request (JMH, -prof gc), three forks, both paths in every fork.
#
#   bench/verifying.sh            full run (about 2 minutes)
#   QUICK=1 bench/verifying.sh    one fork, shorter iterations, wider error bars
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh >/dev/null

./mvnw -q -B -ntp -Pbench -pl bench/jmh -am install -DskipTests >/dev/null 2>&1 \
  || { echo "build failed; run the same ./mvnw command without -q to see why" >&2; exit 1; }
out="bench/results/verifying-jmh.json"
if [ -n "${QUICK:-}" ]; then iterations=(-wi 2 -w 1 -i 3 -r 1 -f 1); else iterations=(-wi 3 -w 1 -i 5 -r 1 -f 3); fi
java -jar bench/jmh/target/benchmarks.jar VerifyingBenchmark "${iterations[@]}" -prof gc -rf json -rff "$out" >/dev/null

python3 - "$out" <<'PY'
import datetime, json, sys
runs = {b["benchmark"].rsplit(".", 1)[1]: b for b in json.load(open(sys.argv[1]))}
def figures(name):
    b = runs[name]
    return {"time": b["primaryMetric"]["score"], "error": b["primaryMetric"]["scoreError"],
            "alloc": b["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]}
ours, sdk = figures("verify"), figures("sdkSignerRecomputes")
result = {"benchmark": "verifying", "when": datetime.datetime.now(datetime.timezone.utc).isoformat(),
          "unit": {"time": "us/op", "alloc": "B/op"}, "candidate": ours, "baseline": sdk,
          "ratio": ours["time"] / sdk["time"]}
print(f"{'verifying one signed request':44} {'us/op':>7} {'+-':>5} {'B/op':>7}")
print(f"{'SigV4Verifier.verify, our canonical request':44} {ours['time']:7.2f} {ours['error']:5.2f} {ours['alloc']:7.0f}")
print(f"{'the SDK signer recomputing (baseline)':44} {sdk['time']:7.2f} {sdk['error']:5.2f} {sdk['alloc']:7.0f}")
print(f"ratio {result['ratio']:.2f}x")
json.dump(result, open("bench/results/verifying.json", "w"), indent=2)
PY

# bench/RESULTS.md, the page of current figures, from every bench's latest JSON.
python3 bench/tools/results.py
