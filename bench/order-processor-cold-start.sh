#!/usr/bin/env bash
# Cold start of the order-processor Lambda zip through a local Lambda Runtime API: N fresh
# JVMs, each running the real runtime interface client (AWSLambda) on the unpacked zip with
# the flags and environment lattice-local gives a LAMBDA target; one V2 Lattice event is
# handed to it and timed from launch to the function's first /invocation/next (Init) and
# to its response (first answer). A plain-Java handler running the same code without
# Spring is measured the same way, interleaved, and so is a minimal handler that answers a
# fixed response (the floor: the JVM and the runtime client alone). The +cds rows add an
# AppCDS archive made by one training run of each handler (a local lever: see
# order-processor/README.md for what applies on Lambda). The +tracing row is the Spring
# handler with TRACING_ZIPKIN_ENDPOINT set: each invocation a span, sent to a loopback
# Zipkin-protocol endpoint in a batch beside the invocations. Prints a table and writes JSON to
# bench/results/.
#
#   bench/order-processor-cold-start.sh [runs]        (default 10)
#   SKIP_BUILD=1       reuse order-processor/target/order-processor-lambda.zip
#   JVM_OPTS="..."     JVM flags for every run (default: lattice-local's, Lambda's C1-only)
#   CDS=0              skip the +cds rows
set -euo pipefail

runs="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/select-jdk.sh >/dev/null
java_bin="$JAVA_HOME/bin/java"
javac_bin="$JAVA_HOME/bin/javac"
jvm_opts="${JVM_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx1024m}"
zip="$root/order-processor/target/order-processor-lambda.zip"
event="$root/order-processor/src/test/resources/events/v2-post-order.json"
runtime_jars="$root/lattice-local/target/lambda-runtime"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
	./mvnw -q -B -ntp -pl order-processor -am install -DskipTests >/dev/null
fi
if [[ ! -d "$runtime_jars" ]]; then
	./mvnw -q -B -ntp -pl lattice-local -am package -DskipTests >/dev/null
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/function" "$work/plain" "$work/host" "$work/runtime"
(cd "$work/function" && unzip -q "$zip")
# A snapshot, so that a rebuild of lattice-local during the run cannot pull it away.
cp "$runtime_jars"/*.jar "$work/runtime/"
function_cp="$work/function:$work/function/lib/*"
"$javac_bin" -nowarn -d "$work/plain" -cp "$function_cp" bench/order-processor-cold-start/PlainLatticeHandler.java
mkdir -p "$work/minimal"
"$javac_bin" -nowarn -d "$work/minimal" -cp "$function_cp" bench/order-processor-cold-start/MinimalHandler.java
"$javac_bin" -nowarn -d "$work/host" bench/order-processor-cold-start/RuntimeApiColdStart.java

spring_handler="org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest"
plain_handler="PlainLatticeHandler::handleRequest"
minimal_handler="MinimalHandler::handleRequest"
# The function's class path as Lambda builds it: task root, its lib/, then the runtime.
spring_cp="$function_cp:$work/runtime/*"
plain_cp="$work/plain:$function_cp:$work/runtime/*"
# Only what Lambda itself provides: the handler interfaces and the runtime client.
minimal_cp="$work/minimal:$(ls "$work"/function/lib/aws-lambda-java-core-*.jar):$work/runtime/*"

# One cold start; prints "<init ms> <first answer ms> <status>".
measure() {
	local cp="$1" handler="$2" line
	shift 2
	# shellcheck disable=SC2086
	line="$("$java_bin" -cp "$work/host" RuntimeApiColdStart "$event" "$cp" "$handler" $jvm_opts "$@")"
	sed -E 's/initMs=([0-9-]+) firstAnswerMs=([0-9]+) status=(.*)/\1 \2 \3/' <<<"$line"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# A span endpoint for the +tracing row: answers every POST with 202, on loopback.
trace_port_file="$work/trace-port"
python3 - "$trace_port_file" <<'PY' &
import http.server, sys
class Spans(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(202)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Spans)
open(sys.argv[1], "w").write(str(server.server_address[1]))
server.serve_forever()
PY
trace_server=$!
trap 'kill "$trace_server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do [[ -s "$trace_port_file" ]] && break; sleep 0.1; done
trace_endpoint="http://127.0.0.1:$(cat "$trace_port_file")/api/v2/spans"

rows=(spring spring+tracing plain minimal)
# AppCDS refuses a non-empty directory on the class path ("Error: non-empty directory"), and
# Lambda's task root is one; the +cds rows therefore run the zip's root packed as a jar.
cds_root="$work/task-root.jar"
"$JAVA_HOME/bin/jar" --create --file "$cds_root" --manifest "$work/function/META-INF/MANIFEST.MF" \
	-C "$work/function" . >/dev/null
"$JAVA_HOME/bin/jar" --create --file "$work/plain.jar" -C "$work/plain" .
spring_cds_cp="$cds_root:$work/function/lib/*:$work/runtime/*"
plain_cds_cp="$work/plain.jar:$cds_root:$work/function/lib/*:$work/runtime/*"
if [[ "${CDS:-1}" != "0" ]]; then
	# Training runs: one answered event each, the archive is written when the JVM exits.
	measure "$spring_cds_cp" "$spring_handler" "-XX:ArchiveClassesAtExit=$work/spring.jsa" >/dev/null
	measure "$plain_cds_cp" "$plain_handler" "-XX:ArchiveClassesAtExit=$work/plain.jsa" >/dev/null
	[[ -f "$work/spring.jsa" && -f "$work/plain.jsa" ]] || { echo "a CDS training run wrote no archive" >&2; exit 1; }
	rows+=(spring+cds plain+cds)
fi
run_row() {
	case "$1" in
	spring) measure "$spring_cp" "$spring_handler" ;;
	spring+tracing) TRACING_ZIPKIN_ENDPOINT="$trace_endpoint" measure "$spring_cp" "$spring_handler" ;;
	plain) measure "$plain_cp" "$plain_handler" ;;
	minimal) measure "$minimal_cp" "$minimal_handler" ;;
	spring+cds) measure "$spring_cds_cp" "$spring_handler" "-XX:SharedArchiveFile=$work/spring.jsa" ;;
	plain+cds) measure "$plain_cds_cp" "$plain_handler" "-XX:SharedArchiveFile=$work/plain.jsa" ;;
	esac
}

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for row in "${rows[@]}"; do : >"$work/$row.txt"; done
# Interleaved, so that load from anything else on the machine hits every row alike.
for ((i = 1; i <= runs; i++)); do
	printf 'run %2d' "$i"
	for row in "${rows[@]}"; do
		read -r init first status < <(run_row "$row")
		[[ "$status" == "200" ]] || { echo; echo "run $i $row: unexpected status $status" >&2; exit 1; }
		echo "$init $first" >>"$work/$row.txt"
		printf '  %s %d/%d ms' "$row" "$init" "$first"
	done
	echo
done

name_of() {
	case "$1" in
	spring) echo "FunctionInvoker (Spring Cloud Function)" ;;
	spring+tracing) echo "FunctionInvoker, each invocation a span sent" ;;
	plain) echo "PlainLatticeHandler (no Spring)" ;;
	minimal) echo "MinimalHandler (fixed answer, the floor)" ;;
	spring+cds) echo "FunctionInvoker + AppCDS (local)" ;;
	plain+cds) echo "PlainLatticeHandler + AppCDS (local)" ;;
	esac
}
declare -A init_med first_med
for row in "${rows[@]}"; do
	init_med[$row]="$(cut -d' ' -f1 "$work/$row.txt" | median)"
	first_med[$row]="$(cut -d' ' -f2 "$work/$row.txt" | median)"
done
ratio() { awk -v s="$1" -v p="$2" 'BEGIN { printf "%.2f", s / p }'; }
zip_bytes="$(stat -c %s "$zip")"
java_version="$("$java_bin" -version 2>&1 | head -1 | tr -d '"')"

echo
printf '%-42s %10s %18s %16s\n' "handler (median of $runs fresh JVMs)" "init (ms)" "first answer (ms)" "x plain (same)"
for row in "${rows[@]}"; do
	base="plain"; [[ "$row" == *+cds ]] && base="plain+cds"
	printf '%-42s %10s %18s %16s\n' "$(name_of "$row")" "${init_med[$row]}" "${first_med[$row]}" "$(ratio "${first_med[$row]}" "${first_med[$base]}")"
done
s="${first_med[spring]}"
r="$(ratio "$s" "${first_med[plain]}")"
echo "targets (as shipped): first answer <= 1000 ms, <= 10x plain -> $([[ $s -le 1000 ]] && echo met || echo MISSED), $(awk -v r="$r" 'BEGIN { print (r <= 10) ? "met" : "MISSED" }') ($s ms, ${r}x)"
to_floor="$(ratio "$s" "${first_med[minimal]}")"
echo "beside the floor (MinimalHandler, ${first_med[minimal]} ms): ${to_floor}x; the plain handler's own code and Jackson: $((first_med[plain] - first_med[minimal])) ms"
echo "with tracing on (a span per invocation, sent in batches beside the invocations): $(ratio "${first_med[spring+tracing]}" "${first_med[spring]}")x without (target <= 1.1x)"
echo "zip: $zip_bytes bytes; java: $java_version; JVM_OPTS: $jvm_opts"
echo "load average at start: $load_start, at end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"

mkdir -p bench/results
result="bench/results/order-processor-cold-start.json"
to_json_array() { paste -sd, - | sed 's/^/[/; s/$/]/'; }
{
	echo "{"
	echo "  \"benchmark\": \"order-processor-cold-start\","
	echo "  \"measuredAt\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
	echo "  \"path\": \"fresh JVM running the runtime interface client against a local Runtime API\","
	echo "  \"runs\": $runs, \"java\": \"$java_version\", \"jvmOpts\": \"$jvm_opts\", \"cpus\": $(nproc),"
	echo "  \"loadAverageAtStart\": \"$load_start\", \"loadAverageAtEnd\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
	echo "  \"zipBytes\": $zip_bytes,"
	echo "  \"metric\": \"ms from launching the function's JVM to its first /invocation/next (initMs) and to its answer to the queued event (firstAnswerMs)\","
	echo "  \"rows\": {"
	sep=""
	for row in "${rows[@]}"; do
		printf '%s    "%s": {"name": "%s", "initMs": %s, "firstAnswerMs": %s, "medianInitMs": %s, "medianFirstAnswerMs": %s}' \
			"$sep" "$row" "$(name_of "$row")" "$(cut -d' ' -f1 "$work/$row.txt" | to_json_array)" \
			"$(cut -d' ' -f2 "$work/$row.txt" | to_json_array)" "${init_med[$row]}" "${first_med[$row]}"
		sep=$',\n'
	done
	echo
	echo "  },"
	echo "  \"ratioFirstAnswer\": $r,"
	echo "  \"ratioTracingToWithout\": $(ratio "${first_med[spring+tracing]}" "${first_med[spring]}"),"
	echo "  \"ratioFirstAnswerToMinimal\": $to_floor"
	echo "}"
} >"$result"
echo "results: $result"

# bench/RESULTS.md, the page of current figures, from every bench's latest JSON.
python3 bench/tools/results.py
