#!/usr/bin/env bash
# JVM start -> readiness UP for web-server and erp-service, beside an empty Spring Boot web
# app measured the same way, started three ways:
#   plain      java -jar
#   +cds       with a CDS archive from Spring Boot's training run
#   +cds+aot   with that archive and the bean definitions Spring AOT generated at build
#              time (-Dspring.aot.enabled=true): how both services ship (the ERP image makes
#              its archive at build time, the EC2 unit on first stop)
# Every row is compared with the empty app started the same way; the shipped rows are also
# compared with the empty app given CDS alone (--compare below).
# The services run in the aws profile they are deployed with. Their peer URLs are https,
# like the Lattice URLs they get in AWS (so the TLS setup counts), and point at a closed
# loopback port: nothing calls a peer before readiness.
# Prints a table and writes bench/results/readiness.json.
#
#   bench/readiness.sh [runs]      (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh >/dev/null

runs="${1:-10}"
./mvnw -q -B -ntp -Pbench -pl web-server,erp-service,bench/empty-app -am package -DskipTests >/dev/null 2>&1 \
  || { echo "build failed; run the same ./mvnw command without -q to see why" >&2; exit 1; }
nowhere=https://127.0.0.1:9
web=",-Dspring.profiles.active=aws,-Dlattice.peers.erp.url=$nowhere,-Dlattice.peers.order-processor.url=$nowhere"
erp=",-Dspring.profiles.active=aws,-Dlattice.peers.web-server.url=$nowhere"
empty_jar=bench/empty-app/target/empty-app.jar
web_jar=web-server/target/web-server.jar
erp_jar=erp-service/target/erp-service.jar
java bench/tools/Readiness.java "$runs" bench/results/readiness.json \
  "empty-app=$empty_jar" "web-server=$web_jar$web" "erp-service=$erp_jar$erp" \
  "empty-app+cds=$empty_jar@cds" "web-server+cds=$web_jar@cds$web" "erp-service+cds=$erp_jar@cds$erp" \
  "empty-app+cds+aot=$empty_jar@cds@aot" "web-server+cds+aot=$web_jar@cds@aot$web" \
  "erp-service+cds+aot=$erp_jar@cds@aot$erp" \
  --compare=web-server+cds+aot:empty-app+cds --compare=erp-service+cds+aot:empty-app+cds

# bench/RESULTS.md, the page of current figures, from every bench's latest JSON.
python3 bench/tools/results.py
