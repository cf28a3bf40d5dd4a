#!/usr/bin/env bash
# Cold start of the order-processor Lambda zip: N fresh JVMs, each with only the unpacked
# zip (plus a tiny driver) on the class path, timed from launch to the first answered V2
# event. The same is measured for a plain-Java handler running the same code without
# Spring. Prints a table and writes JSON to bench/results/.
#
#   bench/order-processor-cold-start.sh [runs]        (default 10)
#   SKIP_BUILD=1       reuse order-processor/target/order-processor-lambda.zip
#   JVM_OPTS="..."     JVM flags for every run (default: C1 only, as commonly set on Lambda)
#   JAVA_HOME=...      the JDK to run with (default: the java on PATH)
set -euo pipefail

runs="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac_bin="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
jvm_opts="${JVM_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1}"
zip="$root/order-processor/target/order-processor-lambda.zip"
event="$root/order-processor/src/test/resources/events/v2-post-order.json"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
	(cd "$root" && ./mvnw -q -pl order-processor package -DskipTests)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/function" "$work/driver"
(cd "$work/function" && unzip -q "$zip")
function_cp="$work/function:$work/function/lib/*"
"$javac_bin" -nowarn -d "$work/driver" -cp "$function_cp" "$root"/bench/order-processor-cold-start/*.java

# One cold start; prints "<ms to init done> <ms to first answer> <status>".
measure() {
	local handler="$1" started line init answered status
	started="$(date +%s%N)"
	# shellcheck disable=SC2086
	line="$("$java_bin" $jvm_opts -cp "$work/driver:$function_cp" ColdStartDriver "$handler" "$event" 2>/dev/null \
		| grep '^initDoneEpochNanos=')"
	init="$(sed -E 's/.*initDoneEpochNanos=([0-9]+).*/\1/' <<<"$line")"
	answered="$(sed -E 's/.*answeredEpochNanos=([0-9]+).*/\1/' <<<"$line")"
	status="$(sed -E 's/.*status=([0-9a-z]+).*/\1/' <<<"$line")"
	echo "$(( (init - started) / 1000000 )) $(( (answered - started) / 1000000 )) $status"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
spring_handler="org.springframework.cloud.function.adapter.aws.FunctionInvoker"
plain_handler="PlainLatticeHandler"
: >"$work/spring.txt"
: >"$work/plain.txt"
# Alternate the two so that load from anything else on the machine hits both alike.
for ((i = 1; i <= runs; i++)); do
	read -r s_init s_first s_status < <(measure "$spring_handler")
	read -r p_init p_first p_status < <(measure "$plain_handler")
	[[ "$s_status" == "200" && "$p_status" == "200" ]] || { echo "run $i: unexpected status spring=$s_status plain=$p_status" >&2; exit 1; }
	echo "$s_init $s_first" >>"$work/spring.txt"
	echo "$p_init $p_first" >>"$work/plain.txt"
	printf 'run %2d  spring: init %5d ms, first answer %5d ms   plain: init %5d ms, first answer %5d ms\n' \
		"$i" "$s_init" "$s_first" "$p_init" "$p_first"
done

s_init_med="$(cut -d' ' -f1 "$work/spring.txt" | median)"
s_first_med="$(cut -d' ' -f2 "$work/spring.txt" | median)"
p_init_med="$(cut -d' ' -f1 "$work/plain.txt" | median)"
p_first_med="$(cut -d' ' -f2 "$work/plain.txt" | median)"
ratio="$(awk -v s="$s_first_med" -v p="$p_first_med" 'BEGIN { printf "%.2f", s / p }')"
zip_bytes="$(stat -c %s "$zip")"
java_version="$("$java_bin" -version 2>&1 | head -1 | tr -d '"')"

echo
printf '%-46s %14s %22s\n' "handler (median of $runs fresh JVMs)" "init done (ms)" "first answer (ms)"
printf '%-46s %14s %22s\n' "FunctionInvoker (Spring Cloud Function)" "$s_init_med" "$s_first_med"
printf '%-46s %14s %22s\n' "PlainLatticeHandler (no Spring)" "$p_init_med" "$p_first_med"
printf '%-46s %14s %22s\n' "ratio Spring / plain" "" "$ratio"
echo "zip: $zip_bytes bytes; java: $java_version; JVM_OPTS: $jvm_opts"
echo "load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"

mkdir -p "$root/bench/results"
result="$root/bench/results/order-processor-cold-start-$(date -u +%Y%m%dT%H%M%SZ).json"
to_json_array() { paste -sd, - | sed 's/^/[/; s/$/]/'; }
cat >"$result" <<JSON
{
  "benchmark": "order-processor-cold-start",
  "measuredAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "runs": $runs,
  "event": "order-processor/src/test/resources/events/v2-post-order.json",
  "java": "$java_version",
  "jvmOpts": "$jvm_opts",
  "cpus": $(nproc),
  "loadAverageAtStart": "$load_start",
  "loadAverageAtEnd": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "zipBytes": $zip_bytes,
  "metric": "milliseconds from launching a fresh JVM to the handler being constructed (init) and to the first answered event (firstAnswer)",
  "springCloudFunction": {
    "handler": "$spring_handler",
    "initMs": $(cut -d' ' -f1 "$work/spring.txt" | to_json_array),
    "firstAnswerMs": $(cut -d' ' -f2 "$work/spring.txt" | to_json_array),
    "medianInitMs": $s_init_med,
    "medianFirstAnswerMs": $s_first_med
  },
  "plainJava": {
    "handler": "$plain_handler",
    "initMs": $(cut -d' ' -f1 "$work/plain.txt" | to_json_array),
    "firstAnswerMs": $(cut -d' ' -f2 "$work/plain.txt" | to_json_array),
    "medianInitMs": $p_init_med,
    "medianFirstAnswerMs": $p_first_med
  },
  "ratioFirstAnswer": $ratio
}
JSON
echo "results: ${result#"$root"/}"
