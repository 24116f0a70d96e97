#!/usr/bin/env bash
# Health probing at scale: the health-tcp plugin probing 10,000 TCP targets every second inside network namespaces;
# prints CPU, heap, probe-interval precision and failover timings. On demand only; see docs/PERFORMANCE.md.
#
#   plugins/health-tcp/bench.sh                          # 10,000 targets, 10 s warm-up, 60 s window
#   plugins/health-tcp/bench.sh --runs 2                 # two prober JVMs one after the other, same listeners
#   plugins/health-tcp/bench.sh --warmup 2s --measure 10s   # smoke run
#   plugins/health-tcp/bench.sh --health-check 'type = tcp, interval = 1s, timeout = 500ms, jitter = 0'
#   plugins/health-tcp/bench.sh --help
#
# Needs root (network namespaces), iproute2, and a JDK 21+ (found by tools/java-home.sh). Builds only what it needs
# (lb-api, lb-testkit, lb-lab, health-common, health-tcp) with the bench profile; runs nothing else.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
MODULE="$ROOT/plugins/health-tcp"

if [ "$(id -u)" -ne 0 ]; then
  echo "bench.sh: needs root to create network namespaces" >&2
  exit 1
fi

cd "$ROOT"
# shellcheck source=/dev/null
. tools/java-home.sh
lb_find_jdk
./mvnw -B -q -Pbench -pl plugins/health-tcp -am process-test-classes

classpath="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
# the report also goes to a file, for docs/PERFORMANCE.md
log="$MODULE/target/health-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
status=0
"$JAVA_HOME/bin/java" -cp "$classpath" org.ebpflb.plugin.healthtcp.bench.HealthProbeBench "$@" | tee "$log" || status=$?
echo "report: $log"
exit "$status"
