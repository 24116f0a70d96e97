#!/usr/bin/env bash
# Per-packet benchmark of the data-plane programs (BPF_PROG_TEST_RUN). Needs root. Arguments go to the benchmark:
#   lb-bpf/bench.sh [--runs 1000000] [--trials 5]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source tools/java-home.sh
lb_find_jdk
./mvnw -B -q -pl lb-bpf -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="lb-bpf/target/test-classes:lb-bpf/target/classes:$(cat lb-bpf/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.ebpflb.bpf.bench.PacketBenchmark "$@"
