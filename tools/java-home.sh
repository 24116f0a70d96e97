# shellcheck shell=bash
# Sourced by scripts: exports JAVA_HOME pointing at a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*).
# lb_find_jdk [TOOL]: TOOL is what the caller runs from $JAVA_HOME/bin: javac (the default, a JDK) or java.
# LB_JVM_DIR replaces /usr/lib/jvm as the directory searched after JAVA_HOME.
# The distribution ships this file as bin/java-home.sh; bin/lb uses it to find a Java runtime.
lb_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
lb_find_jdk() {
  local tool=${1:-javac} dir=${LB_JVM_DIR:-/usr/lib/jvm} candidate major rejected=""
  for candidate in "${JAVA_HOME:-}" "$dir"/*; do
    { [ -n "$candidate" ] && [ -d "$candidate" ]; } || continue
    if [ ! -x "$candidate/bin/$tool" ] || [ ! -x "$candidate/bin/java" ]; then
      rejected+="  $candidate: no bin/$tool"$'\n'
      continue
    fi
    major=$(lb_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
    rejected+="  $candidate: Java ${major:-of unknown version}, too old"$'\n'
  done
  {
    echo "ebpf-lb needs Java 21 or newer (bin/$tool). None found in JAVA_HOME${JAVA_HOME:+ ($JAVA_HOME)} or $dir/*."
    [ -z "$rejected" ] || printf 'Looked at:\n%s' "$rejected"
    echo "Install one, e.g. a Temurin 21 or 25 (or 'apt-get install openjdk-21-jdk-headless' where your release has it),"
    echo "or set JAVA_HOME to one, then retry."
  } >&2
  return 1
}
