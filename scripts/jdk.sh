# Sourced by ./mvnw, ./hypha and .ci/run: selects a JDK >= 21 and exports JAVA_HOME.
# Order: $JAVA_HOME if new enough, the newest JDK under the usual install roots, then `java` on PATH.

hypha_java_major() { # $1 = path to a java binary; prints its feature version or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

hypha_select_jdk() {
  local min=21 best="" best_major=0 candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(hypha_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(hypha_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(hypha_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then best="$candidate"; fi
  fi
  if [ -z "$best" ]; then
    echo "hypha: no JDK >= $min found (JAVA_HOME, /usr/lib/jvm, /opt/java, PATH); install one, e.g. Temurin 25 (apt: temurin-25-jdk) or OpenJDK 21 (apt: openjdk-21-jdk), or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
