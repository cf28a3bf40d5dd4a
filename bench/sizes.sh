#!/usr/bin/env bash
# What users upload: the Lambda zip (against its 20 MiB target and Lambda's 50 MB cap),
# the web server jar, the ERP jar and, where Docker answers, the ERP image's layers.
# Prints a table and writes bench/results/sizes.json.
#
#   bench/sizes.sh            (builds first)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/select-jdk.sh >/dev/null

./mvnw -q -B -ntp -pl web-server,erp-service,order-processor -am package -DskipTests -Dexec.skip >/dev/null 2>&1 \
  || { echo "build failed; run the same ./mvnw command without -q to see why" >&2; exit 1; }

zip=order-processor/target/order-processor-lambda.zip
web=web-server/target/web-server.jar
erp=erp-service/target/erp-service.jar
bytes() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

printf '%-34s %12s %9s %s\n' "artifact" "bytes" "MiB" "target"
printf '%-34s %12s %9s %s\n' "order-processor-lambda.zip" "$(bytes $zip)" "$(mib "$(bytes $zip)")" \
  "<= 20 MiB: $( [ "$(bytes $zip)" -le 20971520 ] && echo met || echo MISSED) ($(awk -v b="$(bytes $zip)" 'BEGIN { printf "%.2f", b / 20971520 }')x of target)"
printf '%-34s %12s %9s\n' "web-server.jar" "$(bytes $web)" "$(mib "$(bytes $web)")"
printf '%-34s %12s %9s\n' "erp-service.jar" "$(bytes $erp)" "$(mib "$(bytes $erp)")"

layers_json="[]"
if docker info >/dev/null 2>&1; then
  base="${BASE_IMAGE:-latticeshop/jre21-base:trixie}"
  # Built locally; asked for an image it does not have, Docker would go to a registry.
  docker image inspect "$base" >/dev/null 2>&1 \
    || { echo "the ERP image's base $base is missing: run scripts/build-base-image.sh" >&2; exit 1; }
  docker build -q --build-arg "BASE_IMAGE=$base" -t latticeshop/erp-service erp-service >/dev/null \
    || { echo "docker build of the ERP image failed" >&2; exit 1; }
  echo
  echo "ERP image layers (base: $base), newest first:"
  docker history --format '{{.Size}}\t{{.CreatedBy}}' latticeshop/erp-service | grep -v '^0B' \
    | sed -E 's/\/bin\/sh -c #\(nop\) //' | cut -c1-100
  total=$(docker image inspect latticeshop/erp-service --format '{{.Size}}')
  printf '%-34s %12s %9s\n' "ERP image, total" "$total" "$(mib "$total")"
  layers_json=$(docker history --format '{{json .}}' latticeshop/erp-service | python3 -c '
import json, sys
print(json.dumps([{"size": l["Size"], "createdBy": l["CreatedBy"][:120]} for l in map(json.loads, sys.stdin) if l["Size"] != "0B"]))')
fi

python3 - "$zip" "$web" "$erp" "$layers_json" <<'PY'
import json, os, sys
zip_, web, erp, layers = sys.argv[1:5]
json.dump({"benchmark": "sizes", "unit": "bytes",
           "lambdaZip": os.path.getsize(zip_), "lambdaZipTarget": 20 * 1024 * 1024,
           "lambdaZipRatio": os.path.getsize(zip_) / (20 * 1024 * 1024),
           "webServerJar": os.path.getsize(web), "erpServiceJar": os.path.getsize(erp),
           "erpImageLayers": json.loads(layers)}, open("bench/results/sizes.json", "w"), indent=2)
PY

# bench/RESULTS.md, the page of current figures, from every bench's latest JSON.
python3 bench/tools/results.py
