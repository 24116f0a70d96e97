# Sourced by scripts: exports JAVA_HOME pointing at a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*).
lb_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
lb_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(lb_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "ebpf-lb needs a JDK 21 or newer (with javac). None found in JAVA_HOME${JAVA_HOME:+ ($JAVA_HOME)} or /usr/lib/jvm/*." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21/25, then retry." >&2
  return 1
}
