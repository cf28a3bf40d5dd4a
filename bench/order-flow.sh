#!/usr/bin/env bash
# POST /api/orders end to end: the shopper's call to the web server, which calls ERP and
# the order processor (Lambda, through the local Runtime API) through lattice-local and
# stores the order. A fixed-rate phase and a saturation phase, beside the same web server
# with in-process stubs for its peers (no Lattice, same persistence) as the baseline. Then
# the shop once more with tracing on, every request sampled, every workload sending its spans
# to a sink that counts and drops them (bench/tools/SpanSink.java), beside the untraced run:
# what tracing costs the workloads, not what a trace server costs to run. Then the untraced
# shop again: the traced run is judged against the mean of the untraced runs around it.
# Per-hop timings come from lattice-local's access log; CPU per order by process from /proc
# during the saturation phase. Loopback only; each phase is
# bounded in time (and count).
#
#   bench/order-flow.sh [rate] [concurrency] [seconds] [warm-up seconds]   (defaults 300 32 20 60)
#
# The warm-up runs at saturation for at least the given seconds and then until the JIT
# compilers of every process on the machine are nearly idle (under 2% of a core over 10 s;
# at most five times the given seconds): half a dozen JVMs share two cores, and JIT
# compilation still running after a fixed warm-up inflates the fixed-rate p99. Each warm-up
# round is printed. About 15 to 25 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh >/dev/null

rate="${1:-300}"
concurrency="${2:-32}"
seconds="${3:-20}"
warmup="${4:-60}"
work="$(mktemp -d)"
shop_pid=""
web_pid=""
sink_pid=""
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null || true
  [ -n "$shop_pid" ] && kill "$shop_pid" 2>/dev/null && wait "$shop_pid" 2>/dev/null || true
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

./mvnw -q -B -ntp package -DskipTests >/dev/null 2>&1 \
  || { echo "build failed; run ./mvnw package -DskipTests to see why" >&2; exit 1; }
for port in 8080 8081 9080 9081 9082 9411 18090; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (a running shop?); stop it first" >&2
    exit 1
  fi
done

await() { # file text seconds
  for _ in $(seq 1 $(( $3 * 5 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "timed out waiting for '$2' in $1:" >&2; tail -n 30 "$1" >&2; exit 1
}

# shop LABEL NAME [VAR=value ...]: the shop as `local/shop.yaml` runs it, with that
# environment, its orders in a scratch database and its access log in $work/NAME-access.log,
# loaded by OrderFlow until it writes $work/NAME.json; then stopped.
shop() {
  local label="$1" name="$2"
  shift 2
  env "$@" SPRING_DATASOURCE_URL="jdbc:h2:file:$work/$name/orders;WRITE_DELAY=0" \
    java -jar lattice-local/target/lattice-local.jar --config local/shop.yaml \
      --access-log "$work/$name-access.log" >"$work/$name.log" 2>&1 &
  shop_pid=$!
  await "$work/$name.log" "lattice-local is up" 180
  java bench/tools/OrderFlow.java "$label" http://127.0.0.1:8080 "$rate" "$concurrency" "$seconds" "$work/$name.json" "$warmup"
  kill "$shop_pid"; wait "$shop_pid" 2>/dev/null || true; shop_pid=""
}

# The shop untraced; its access log gives the per-hop times.
shop through-lattice lattice

# The same shop traced: every request sampled, spans to the sink.
java bench/tools/SpanSink.java 9411 "$work/spans.json" >"$work/sink.log" 2>&1 &
sink_pid=$!
await "$work/sink.log" "span sink listening" 60
shop through-lattice-traced traced \
  TRACING_ZIPKIN_ENDPOINT=http://127.0.0.1:9411/api/v2/spans TRACING_SAMPLING_PROBABILITY=1.0
sleep 2   # the last batches of spans
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true; sink_pid=""

# The untraced shop once more, so that the traced run sits between two untraced ones: the
# machine's speed drifts by more than tracing costs over the minutes the runs take.
shop through-lattice-again again

# Baseline: the same web server and database, peers stubbed in process.
mkdir -p "$work/standalone"
(cd "$work/standalone" && exec java -jar "$OLDPWD/web-server/target/web-server.jar" --server.port=18090 \
  --spring.datasource.url="jdbc:h2:file:$work/standalone/orders;WRITE_DELAY=0") >"$work/standalone.log" 2>&1 &
web_pid=$!
await "$work/standalone.log" "Started WebServerApplication" 120
java bench/tools/OrderFlow.java standalone-stubs http://127.0.0.1:18090 "$rate" "$concurrency" "$seconds" "$work/standalone.json" "$warmup"
kill "$web_pid"; wait "$web_pid" 2>/dev/null || true; web_pid=""

python3 - "$work" "$rate" <<'PY'
import json, statistics, sys
work, rate = sys.argv[1], int(sys.argv[2])
lattice = json.load(open(f"{work}/lattice.json"))
base = json.load(open(f"{work}/standalone.json"))
def phase(run, prefix):
    return next(p for p in run["phases"] if p["phase"].startswith(prefix))
print()
print(f"{'POST /api/orders':28} {'orders/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}   ratio to baseline")
rows = {}
for name, prefix in (("fixed", "fixed"), ("saturation", "saturation")):
    l, b = phase(lattice, prefix), phase(base, prefix)
    rows[name] = {"lattice": l, "baseline": b, "throughputRatio": l["throughput"] / b["throughput"],
                  "p99Ratio": l["p99"] / b["p99"]}
    for label, p in (("standalone stubs (baseline)", b), ("through lattice-local", l)):
        print(f"{label + ' ' + p['phase']:28.28} {p['throughput']:9.1f} {p['p50']:8.2f} {p['p99']:8.2f} {p['failed']:7d}")
    print(f"{'':28} throughput x{rows[name]['throughputRatio']:.2f}, p99 x{rows[name]['p99Ratio']:.2f}")
hops = {}
for line in open(f"{work}/lattice-access.log"):
    entry = json.loads(line)
    service = entry["serviceArn"]
    hops.setdefault((entry["hostHeader"], entry["requestMethod"]), []).append(entry)
print()
print("where the time goes (lattice-local access log, ms, median / p99):")
hop_rows = []
for (host, method), entries in sorted(hops.items()):
    total = sorted(e["duration"] for e in entries)
    target = sorted(e.get("responseFromTargetDuration", 0) + e.get("requestToTargetDuration", 0) for e in entries)
    p99 = lambda v: v[min(len(v) - 1, int(0.99 * len(v)))]
    hop_rows.append({"endpoint": host, "method": method, "requests": len(entries),
                     "durationMedian": statistics.median(total), "durationP99": p99(total),
                     "targetMedian": statistics.median(target)})
    print(f"  {method} via {host:18} {len(entries):7d} requests   hop total {statistics.median(total):6.1f} / {p99(total):6.1f}"
          f"   at the target {statistics.median(target):6.1f}")
print()
print("CPU per order at saturation (ms, user + system, by process; 2 cores = 2000 ms per second):")
cpu = {"through lattice-local": lattice.get("cpuMillisPerOrder", {}), "standalone stubs": base.get("cpuMillisPerOrder", {})}
for label, roles in cpu.items():
    parts = ", ".join(f"{role} {ms:.2f}" for role, ms in sorted(roles.items(), key=lambda item: -item[1]))
    print(f"  {label:22} total {sum(roles.values()):5.2f}: {parts}")
traced_run = json.load(open(f"{work}/traced.json"))
again = json.load(open(f"{work}/again.json"))
spans = json.load(open(f"{work}/spans.json"))
off, on, off_after = phase(lattice, "saturation"), phase(traced_run, "saturation"), phase(again, "saturation")
off_fixed, on_fixed = phase(lattice, "fixed"), phase(traced_run, "fixed")
# Traced against the mean of the untraced runs before and after it.
untraced = (off["throughput"] + off_after["throughput"]) / 2
tracing = {"off": off, "offAfter": off_after, "on": on, "throughputRatio": on["throughput"] / untraced,
           "untracedDrift": off_after["throughput"] / off["throughput"],
           "fixedOff": off_fixed, "fixedOn": on_fixed, "spans": spans["spans"],
           "spansPerOrder": spans["spans"] / max(1, on["created"] + on_fixed["created"])}
print()
print(f"tracing at 100 %: saturation {on['throughput']:.1f} orders/s against {off['throughput']:.1f} untraced before "
      f"and {off_after['throughput']:.1f} after (x{tracing['throughputRatio']:.2f} their mean); p99 at {rate}/s "
      f"{on_fixed['p99']:.2f} ms against {off_fixed['p99']:.2f} ms; {spans['spans']:,} spans received")
print("CPU per order at saturation, untraced after (ms): " + ", ".join(
    f"{role} {ms:.2f}" for role, ms in sorted(again.get("cpuMillisPerOrder", {}).items(), key=lambda item: -item[1])))
print("CPU per order at saturation, traced (ms): " + ", ".join(
    f"{role} {ms:.2f}" for role, ms in sorted(traced_run.get("cpuMillisPerOrder", {}).items(), key=lambda item: -item[1])))
tracing["cpuMillisPerOrder"] = traced_run.get("cpuMillisPerOrder", {})
tracing["cpuMillisPerOrderAfter"] = again.get("cpuMillisPerOrder", {})
sat = rows["saturation"]["lattice"]["throughput"]
fixed_p99 = rows["fixed"]["lattice"]["p99"]
print()
failed = rows["saturation"]["lattice"]["failed"] + rows["fixed"]["lattice"]["failed"]
if failed:
    print(f"targets: NOT JUDGED: {failed} orders failed through lattice-local (see the table); fix them and run again")
else:
    print(f"targets: >= 500 orders/s at saturation: {'met' if sat >= 500 else 'MISSED'} ({sat:.0f}); "
          f"p99 <= 50 ms at {rate}/s: {'met' if fixed_p99 <= 50 else 'MISSED'} ({fixed_p99:.1f} ms); "
          + (f"traced >= 0.9x untraced: {'met' if tracing['throughputRatio'] >= 0.9 else 'MISSED'} "
             f"(x{tracing['throughputRatio']:.2f})" if spans["spans"] > 0
             else "traced: NOT JUDGED, no spans reached the sink"))
json.dump({"benchmark": "order-flow", "rate": rate, "phases": rows, "hops": hop_rows, "cpuMillisPerOrder": cpu,
           "tracing": tracing},
          open("bench/results/order-flow.json", "w"), indent=2)
PY

# bench/RESULTS.md, the page of current figures, from every bench's latest JSON.
python3 bench/tools/results.py
