# shellcheck shell=bash
# Sourced by tools/demo and tools/bench-e2e: finds the assembled distribution and builds it when it is missing or
# older than the sources. Needs ROOT (the checkout) and JAVA_HOME (tools/java-home.sh) set by the caller.
#
# lb_distribution: prints the ready distribution's directory (building first when needed); returns 2 on failure.

say() { printf '==> %s\n' "$*"; }

# The newest assembled distribution's tarball (written last by the build), empty when there is none.
built_tarball() {
  local tarball newest=""
  for tarball in "$ROOT"/distribution/target/ebpf-lb-*.tar.gz; do
    [ -f "$tarball" ] && { [ -z "$newest" ] || [ "$tarball" -nt "$newest" ]; } && newest=$tarball
  done
  [ -n "$newest" ] && [ -x "${newest%.tar.gz}/bin/lb" ] && echo "$newest"
}

# The first source file changed after the build that made $1, if any.
changed_since() {
  find "$ROOT/pom.xml" "$ROOT/.mvn" "$ROOT/tools/java-home.sh" "$ROOT/docs/OPERATING.md" \
    "$ROOT"/lb-*/pom.xml "$ROOT"/lb-*/src "$ROOT"/plugins/*/pom.xml "$ROOT"/plugins/*/src \
    "$ROOT/distribution/pom.xml" "$ROOT/distribution/src/dist" \
    -newer "$1" -type f -print -quit 2>/dev/null
}

# Packages the distribution, printing a line per module as Maven starts it; on failure, Maven's errors.
build() {
  say "Building the distribution with $JAVA_HOME (./mvnw -B -DskipTests package; the first build downloads Maven" \
    "and the dependencies)"
  local log rc
  log=$(mktemp --tmpdir ebpf-lb-build.XXXXXX.log)
  (cd "$ROOT" && ./mvnw -B -DskipTests package 2>&1) | tee "$log" \
    | grep --line-buffered -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]$' \
    | sed -u -E 's/^\[INFO\] Building (.*[^ ]) +(\[[0-9]+\/[0-9]+\])$/    \2 \1/'
  rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    grep -E '^\[ERROR\]' "$log" | head -n 40 >&2
    echo "The build failed (exit $rc); its whole log is $log" >&2
    return 1
  fi
  rm -f "$log"
}

lb_distribution() {
  local tarball changed
  tarball=$(built_tarball)
  if [ -z "$tarball" ]; then
    say "No distribution built yet" >&2
    build >&2 || return 2
  elif changed=$(changed_since "$tarball") && [ -n "$changed" ]; then
    say "The sources changed since the last build (${changed#"$ROOT"/}, for one)" >&2
    build >&2 || return 2
  fi
  tarball=$(built_tarball)
  [ -n "$tarball" ] || { echo "The build made no distribution under $ROOT/distribution/target." >&2; return 2; }
  echo "${tarball%.tar.gz}"
}
