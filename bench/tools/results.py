#!/usr/bin/env python3
"""Writes bench/RESULTS.md from bench/results/*.json: one row per figure, beside its
baseline from the same run, its target and when it was measured; and the root README's
short table (the figures with a target) between its markers. Every bench script runs this
after writing its JSON, so both always show the latest run of each bench.

    python3 bench/tools/results.py        (from the repository root)
"""
import datetime
import json
import os
import subprocess
import sys

RESULTS = "bench/results"
PAGE = "bench/RESULTS.md"
README = "README.md"


def load(name):
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def measured_on(name, data):
    """The run's own timestamp where the JSON has one, else the day the file was committed."""
    for key in ("when", "measuredAt"):
        if isinstance(data, dict) and data.get(key):
            return data[key][:10]
    path = os.path.join(RESULTS, name)
    try:
        changed = subprocess.run(["git", "status", "--porcelain", "--", path], capture_output=True, text=True,
                                 check=True).stdout.strip()
        if changed:
            # Written by a run since the last commit: that run's day.
            return datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.timezone.utc).date().isoformat()
        return subprocess.run(["git", "log", "-1", "--format=%cs", "--", path], capture_output=True, text=True,
                              check=True).stdout.strip() or "-"
    except (OSError, subprocess.CalledProcessError):
        return "-"


def latest(name):
    """A bench's latest JSON and the day it was measured; (None, None) when it has not run."""
    data = load(name)
    return (data, measured_on(name, data)) if data else (None, None)


def verdict(ok):
    return "met" if ok else "missed"


def rounds(count):
    return f" (median of {count} rounds)" if count > 1 else ""


def mib(size):
    return f"{size / 1048576:.1f} MiB"


def signing(rows):
    data, day = latest("signing.json")
    if not data:
        return
    for profile, label in (("shared", "both paths in every JVM"), ("separate", "each path in JVMs of its own")):
        run = data[profile]
        c, b = run["candidate"], run["baseline"]
        target = "≤ 5 µs, ≤ 4 KB, ≤ 1.15×" if profile == "shared" else ""
        judged = ""
        if profile == "shared":
            judged = (f"ratio {verdict(run['ratio'] <= 1.15)}; µs {verdict(c['time'] <= 5)}; "
                      f"KB {verdict(c['alloc'] <= 4096)}")
        rows.append((f"sign one request through lattice-spring-boot-starter (JMH), {label}",
                     f"{c['time']:.2f} µs, {c['alloc']:,.0f} B",
                     f"the SDK's AwsV4HttpSigner alone: {b['time']:.2f} µs, {b['alloc']:,.0f} B",
                     f"{run['ratio']:.2f}×", target, judged, day, "bench/signing.sh"))


def verifying(rows):
    data, day = latest("verifying.json")
    if not data:
        return
    c, b = data["candidate"], data["baseline"]
    rows.append(("verify one signed request in lattice-local (JMH): SigV4Verifier.verify, our canonical request",
                 f"{c['time']:.2f} µs, {c['alloc']:,.0f} B",
                 f"the SDK's AwsV4HttpSigner recomputing the same signature: {b['time']:.2f} µs, {b['alloc']:,.0f} B",
                 f"{data['ratio']:.2f}×", "", "", day, "bench/verifying.sh"))


def median_ratio(data, path, baseline):
    """The median over the saturation rounds of one path's throughput to another's."""
    ratios = sorted(r[path]["throughput"] / r[baseline]["throughput"] for r in data["saturationRounds"])
    middle = len(ratios) // 2
    return ratios[middle] if len(ratios) % 2 else (ratios[middle - 1] + ratios[middle]) / 2


def lattice_hop(rows, name, label):
    data, day = latest(name)
    if not data:
        return
    targets = data["targets"]
    first = data["saturationRounds"][0]
    transport = f" on {data['latticeLocalTransport']}" if data.get("latticeLocalTransport") else ""
    rows.append((f"Lattice hop, HTTP/1.1 saturation (wrk, c=16){label}",
                 f"{first['lattice-local']['throughput']:,.0f} req/s through lattice-local{transport} (round 1)",
                 f"nginx as a reverse proxy {first['nginx']['throughput']:,.0f} req/s; direct "
                 f"{first['direct']['throughput']:,.0f}; bare TCP relay {first['bare TCP relay']['throughput']:,.0f}"
                 + (f"; Netty's HTTP codecs alone {first['Netty HTTP proxy']['throughput']:,.0f}"
                    if "Netty HTTP proxy" in first else ""),
                 f"{data['latticeLocalToNginxMedian']:.2f}× nginx" + rounds(len(data["saturationRounds"])),
                 "≥ 0.8× nginx", verdict(targets["latticeLocalToNginxMet"]), day, "bench/lattice-hop.sh"))
    cpu = data.get("cpuMicrosPerRequestMedian", {})
    if "Netty HTTP proxy" in cpu:
        # Where lattice-local's time goes: its engine alone against the whole data plane.
        rows.append((f"Lattice hop, each proxy's CPU per request at saturation{label}",
                     f"lattice-local {cpu['lattice-local']:.1f} µs"
                     + (f"; with auth type NONE (no SigV4, no policy) {cpu['lattice-local, auth NONE']:.1f} µs, "
                        f"{median_ratio(data, 'lattice-local, auth NONE', 'nginx'):.2f}× nginx's throughput"
                        if "lattice-local, auth NONE" in cpu else ""),
                     f"Netty's HTTP codecs alone {cpu['Netty HTTP proxy']:.1f} µs "
                     f"({data['nettyProxyToNginxMedian']:.2f}× nginx's throughput); nginx {cpu['nginx']:.1f} µs",
                     f"{cpu['lattice-local'] / cpu['Netty HTTP proxy']:.2f}× the engine alone"
                     + rounds(len(data["saturationRounds"])), "", "", day, "bench/lattice-hop.sh"))
    if data.get("http2"):
        h2 = data["http2"]
        rows.append((f"Lattice hop, HTTP/2 over cleartext (h2load, c=16){label}",
                     f"{h2['lattice-local']['throughput']:,.0f} req/s", f"nginx {h2['nginx']['throughput']:,.0f} req/s",
                     f"{h2['latticeLocalToNginx']:.2f}×", "", "", day, "bench/lattice-hop.sh"))
    fixed = data["fixedRate"]
    rows.append((f"Lattice hop at {fixed['rate']} req/s{label}",
                 f"p99 added over direct {fixed['p99AddedMillisMedian']:+.2f} ms" + rounds(len(fixed.get("rounds", []))),
                 f"nginx {fixed['nginxP99AddedMillisMedian']:+.2f} ms the same way", "", "≤ 1 ms added",
                 verdict(targets["p99AddedMet"]), day, "bench/lattice-hop.sh"))
    idle = data["idleConnections"]
    options = data.get("latticeLocalJavaOptions") or "java -jar given no options"
    if data.get("latticeLocalTransport"):
        options += f", {data['latticeLocalTransport']}"
    rows.append((f"lattice-local's resident memory, {idle['connections']:,} idle connections held while serving "
                 f"500 req/s ({options})", f"{idle['rssPeakMb']} MB", "", "", "≤ 512 MB",
                 verdict(idle["rssPeakMb"] <= targets["rssMbAtMost"]), day, "bench/lattice-hop.sh"))


def order_flow(rows):
    data, day = latest("order-flow.json")
    if not data:
        return
    sat = data["phases"]["saturation"]
    rows.append(("order flow, saturation: POST /api/orders through both Lattice hops",
                 f"{sat['lattice']['throughput']:,.0f} orders/s",
                 f"web server with in-process stubs {sat['baseline']['throughput']:,.0f} orders/s",
                 f"{sat['throughputRatio']:.2f}×", "≥ 500 orders/s",
                 verdict(sat["lattice"]["failed"] == 0 and sat["lattice"]["throughput"] >= 500), day,
                 "bench/order-flow.sh"))
    fixed = data["phases"]["fixed"]
    rate = data["rate"]
    rows.append((f"order flow at {rate} orders/s",
                 f"p50 {fixed['lattice']['p50']} ms, p99 {fixed['lattice']['p99']} ms",
                 f"stubs: p50 {fixed['baseline']['p50']} ms, p99 {fixed['baseline']['p99']} ms",
                 f"p99 {fixed['p99Ratio']:.2f}×", "p99 ≤ 50 ms",
                 verdict(fixed["lattice"]["failed"] == 0 and fixed["lattice"]["p99"] <= 50), day,
                 "bench/order-flow.sh"))


    tracing = data.get("tracing")
    if tracing:
        on, off = tracing["on"], tracing["off"]
        after = tracing.get("offAfter")
        untraced = (f"the same shop untraced, before and after: {off['throughput']:,.0f} and "
                    f"{after['throughput']:,.0f} orders/s" if after
                    else f"the same shop untraced {off['throughput']:,.0f} orders/s")
        rows.append(("order flow, saturation with tracing on: every request sampled, spans sent to a sink",
                     f"{on['throughput']:,.0f} orders/s ({tracing['spans']:,} spans)", untraced,
                     f"{tracing['throughputRatio']:.2f}×", "≥ 0.9× untraced",
                     verdict(on["failed"] == 0 and tracing["spans"] > 0 and tracing["throughputRatio"] >= 0.9), day,
                     "bench/order-flow.sh"))


def cold_start(rows):
    data, day = latest("order-processor-cold-start.json")
    if not data:
        return
    r = data["rows"]
    spring = r["spring"]["medianFirstAnswerMs"]
    rows.append((f"Lambda cold start to first answer (median of {data['runs']})", f"{spring:,} ms",
                 f"plain-Java handler {r['plain']['medianFirstAnswerMs']:,} ms; fixed answer, the floor "
                 f"{r['minimal']['medianFirstAnswerMs']:,} ms",
                 f"{data['ratioFirstAnswer']:.2f}× ({data['ratioFirstAnswerToMinimal']:.1f}× the floor)",
                 "≤ 1.0 s, ≤ 10×", verdict(spring <= 1000 and data["ratioFirstAnswer"] <= 10), day,
                 "bench/order-processor-cold-start.sh"))
    if "spring+tracing" in r:
        traced = r["spring+tracing"]["medianFirstAnswerMs"]
        ratio = data["ratioTracingToWithout"]
        rows.append(("Lambda cold start with tracing on (a span per invocation, sent in batches beside the invocations)",
                     f"{traced:,} ms", f"the same function without tracing {spring:,} ms", f"{ratio:.2f}×",
                     "≤ 1.1× without", verdict(ratio <= 1.1), day, "bench/order-processor-cold-start.sh"))


def readiness(rows):
    data, day = latest("readiness.json")
    if not data:
        return
    by_name = {result["name"]: result for result in data["results"]}
    for service in ("web-server", "erp-service"):
        for suffix, how in (("+cds+aot", "as shipped: CDS + Spring AOT"), ("+cds", "CDS only"),
                            ("", "plain java -jar")):
            result = by_name.get(service + suffix)
            if not result:
                continue
            base = by_name[result["ratioTo"]]
            shipped = suffix == "+cds+aot"
            rows.append((f"{service} ready (median of {data['runs']}), {how}", f"{result['median']:,.0f} ms",
                         f"empty Boot app, {how}: {base['median']:,.0f} ms", f"{result['ratio']:.2f}×",
                         "≤ 1.2×" if shipped else "", verdict(result["ratio"] <= 1.2) if shipped else "", day,
                         "bench/readiness.sh"))


def sizes(rows):
    data, day = latest("sizes.json")
    if not data:
        return
    rows.append(("Lambda zip", mib(data["lambdaZip"]), f"target {mib(data['lambdaZipTarget'])}",
                 f"{data['lambdaZipRatio']:.2f}×", "≤ 20 MiB", verdict(data["lambdaZip"] <= data["lambdaZipTarget"]),
                 day, "bench/sizes.sh"))
    rows.append(("web-server jar / erp-service jar", f"{mib(data['webServerJar'])} / {mib(data['erpServiceJar'])}",
                 "", "", "", "", day, "bench/sizes.sh"))
    layers = ", ".join(layer["size"] for layer in data["erpImageLayers"])
    rows.append(("ERP image layers", layers, "", "", "", "", day, "bench/sizes.sh"))


def main():
    rows = []
    signing(rows)
    verifying(rows)
    lattice_hop(rows, "lattice-hop.json", "")
    lattice_hop(rows, "lattice-hop-epoll.json", ", lattice-local on epoll (--transport epoll)")
    order_flow(rows)
    cold_start(rows)
    readiness(rows)
    sizes(rows)
    lines = [
        "# Benchmark results",
        "",
        "Generated by `bench/tools/results.py` from `bench/results/*.json`, which the bench",
        "scripts write and then regenerate this page from; do not edit it by hand. Each figure sits",
        "beside its baseline from the same run; `bench/README.md` says how each is taken. The",
        "machine: 2 vCPUs, 24 GiB, Linux, Temurin 25, everything on loopback.",
        "",
        "| figure | measured | baseline, same run | ratio | target | | measured on | reproduce |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines.extend(table_rows(rows))
    with open(PAGE, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {PAGE}: {len(rows)} figures", file=sys.stderr)
    write_readme_table([row for row in rows if row[4]])


def table_rows(rows):
    """Each figure as a Markdown table row, its command as code."""
    return ["| " + " | ".join(cell.replace("|", "\\|") if cell else "" for cell in row[:7]) + f" | `{row[7]}` |"
            for row in rows]


def write_readme_table(rows):
    """The README's short table: the figures that have a target, between its markers."""
    start, end = "<!-- bench/tools/results.py: start -->", "<!-- bench/tools/results.py: end -->"
    with open(README) as f:
        text = f.read()
    if start not in text or end not in text:
        return
    table = ["| figure | measured | baseline, same run | ratio | target | | measured on | reproduce |",
             "|---|---|---|---|---|---|---|---|"]
    table.extend(table_rows(rows))
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    with open(README, "w") as f:
        f.write(before + start + "\n" + "\n".join(table) + "\n" + end + after)


if __name__ == "__main__":
    main()
