#!/usr/bin/env bash
# Metrics scrape benchmark: how long one scrape of the metrics endpoint takes with 1,000 targets, against a scrape of
# an instance without services in the same run. On demand only; see docs/PERFORMANCE.md "Metrics scrape".
#
#   plugins/metrics/bench.sh                 # 1,000 targets, 200 scrapes
#   plugins/metrics/bench.sh 5000 100        # 5,000 targets, 100 scrapes
#
# Needs a JDK 21+ (found by tools/java-home.sh); no root. Builds only lb-api, lb-testkit and this plugin.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
MODULE="$ROOT/plugins/metrics"
cd "$ROOT"
# shellcheck source=/dev/null
. tools/java-home.sh
lb_find_jdk
./mvnw -B -q -Pbench -pl plugins/metrics -am process-test-classes
classpath="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
# -Dsun.net.httpserver.nodelay=true as in lb run, where the admin API sets it (AdminServer)
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -Dsun.net.httpserver.nodelay=true -cp "$classpath" org.ebpflb.plugin.metrics.ScrapeBench "$@"
