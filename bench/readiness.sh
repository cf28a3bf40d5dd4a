#!/usr/bin/env bash
# JVM start -> readiness UP for web-server and erp-service, beside an empty Spring Boot web
# app measured the same way: plain (java -jar) and with a CDS archive from Spring Boot's
# training run, the way both services ship (the ERP image makes its archive at build time,
# the EC2 unit on first stop). Each +cds row is compared with empty-app+cds, each plain row
# with empty-app, so no service is compared with a differently started baseline.
# Prints a table and writes bench/results/readiness.json.
#
#   bench/readiness.sh [runs]      (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh >/dev/null

runs="${1:-10}"
./mvnw -q -B -ntp -pl web-server,erp-service,bench/empty-app -am package -DskipTests >/dev/null 2>&1 \
  || { echo "build failed; run the same ./mvnw command without -q to see why" >&2; exit 1; }
java bench/tools/Readiness.java "$runs" bench/results/readiness.json \
  empty-app=bench/empty-app/target/empty-app.jar \
  web-server=web-server/target/web-server.jar \
  erp-service=erp-service/target/erp-service.jar \
  empty-app+cds=bench/empty-app/target/empty-app.jar@cds \
  web-server+cds=web-server/target/web-server.jar@cds \
  erp-service+cds=erp-service/target/erp-service.jar@cds
