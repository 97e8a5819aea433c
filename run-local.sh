#!/usr/bin/env bash
# The local stack in one command: builds what is missing or out of date, then starts Redis, an SMTP
# catcher, provisioner-service with three sample-app nodes (each with its monitor-agent),
# monkey-service (armed) and gateway-service, waits until all is healthy, and prints where
# everything is. Ctrl-C stops every process it started. Everything it writes goes to .local-stack/.
#
#   ./run-local.sh                 # the usual ports: gateway 8080, monkey 8081, provisioner 8082
#   ./run-local.sh --free-ports    # any free ports (printed)
#   ./run-local.sh --help          # every option
#
# Needs a JDK 17 or newer (JAVA_HOME, or java on PATH); Maven comes through ./mvnw.
set -euo pipefail
cd "$(dirname "$0")"

java_cmd=java
if [ -n "${JAVA_HOME:-}" ]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
if ! command -v "$java_cmd" >/dev/null 2>&1; then
  echo "run-local.sh: no java found; install a JDK 17 or newer, or set JAVA_HOME" >&2
  exit 2
fi
java_major=$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  echo "run-local.sh: Java ${java_major:-?} found ($java_cmd); the stack needs 17 or newer" >&2
  exit 2
fi

work=.local-stack
for arg in "$@"; do
  case "$arg" in
    --work-dir=*) work="${arg#--work-dir=}" ;;
  esac
done

# A module's jar is out of date when a source file of its own is newer than it (Maven leaves a jar
# whose content did not change as it was, so dependencies are compared with their own jars).
jar_of() {
  ls "$1"/target/"$1"-*.jar 2>/dev/null | grep -v -e '-exec\.jar$' -e '-sources\.jar$' | head -n 1 || true
}
needs_build=no
newest_jar=
for module in shared-model test-support sample-app monitor-agent provisioner-service monkey-service gateway-service \
    loadgen local-stack; do
  jar=$(jar_of "$module")
  if [ -z "$jar" ] || [ -n "$(find "$module/src/main" "$module/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    needs_build=yes
    break
  fi
  if [ -z "$newest_jar" ] || [ "$jar" -nt "$newest_jar" ]; then
    newest_jar=$jar
  fi
done
if [ "$needs_build" = no ] && [ pom.xml -nt "$newest_jar" ]; then
  needs_build=yes
fi
if [ "$needs_build" = yes ]; then
  # Formatting is CI's business (./mvnw verify checks it); running the stack only needs the jars.
  echo "Building the jars (./mvnw -DskipTests package; the first time takes a few minutes) ..."
  mkdir -p "$work"
  if ! ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true package < /dev/null 2>&1 \
      | tee "$work/build.log" | grep --line-buffered '^\[INFO\] Building .*\[' | sed -u 's/^\[INFO\] Building /  building /'; then
    tail -n 40 "$work/build.log" >&2
    echo "run-local.sh: the build failed; the whole output is in $work/build.log" >&2
    exit 1
  fi
fi

mkdir -p "$work/tmp"
# The launcher's own JVM: small, no hsperfdata file in /tmp, temporary files in the work folder.
exec "$java_cmd" -XX:+UseSerialGC -Xmx192m -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
  -Djava.io.tmpdir="$work/tmp" -Dmonkeyfleet.repository="$PWD" \
  -jar "$(jar_of local-stack)" "$@"
