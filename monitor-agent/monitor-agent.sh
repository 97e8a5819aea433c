#!/usr/bin/env bash
# Starts the monitor-agent beside an app node, with JVM flags sized for a small footprint: it runs
# on every production node, so every megabyte and every thread counts. Configuration comes as
# Spring Boot properties (arguments like --monkeyfleet.agent.node-id=a, or MONKEYFLEET_AGENT_*
# environment variables); see monitor-agent/README.md.
#
#   monitor-agent.sh --monkeyfleet.agent.node-id=a --monkeyfleet.agent.pool=web \
#                    --monkeyfleet.agent.address=10.0.0.5:8080 \
#                    --monkeyfleet.agent.health.url=http://127.0.0.1:8080/health
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${MONITOR_AGENT_JAR:-$(ls "$here"/target/monitor-agent-*.jar 2>/dev/null | grep -v '\.original$' | head -n 1 || true)}
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "monitor-agent.sh: no agent jar; build it with ./mvnw -pl monitor-agent -am package -DskipTests, or set MONITOR_AGENT_JAR" >&2
  exit 2
fi
# Why each flag:
#   SerialGC              one GC, no GC worker threads; a heap this small collects in microseconds
#   Xms/Xmx               the agent keeps a few samples and Spring's context: 48 MB is ample
#   MaxMetaspaceSize      bounds class metadata (Spring Boot loads ~10k classes)
#   TieredStopAtLevel=1   C1 only: the agent's code is not hot enough to repay C2's memory and CPU
#   CICompilerCount=1     one compiler thread
#   ReservedCodeCacheSize bounds compiled code
#   Xss                   small thread stacks; the agent has few, shallow threads
#   MaxDirectMemorySize   Netty's off-heap buffers; the agent moves a few KB a second
#   -UsePerfData          no hsperfdata file mapped into memory
#   io.netty.allocator    unpooled buffers: no per-thread arenas kept for a trickle of traffic
#   reactor.netty         one event-loop thread for the metrics/health endpoint
default_opts="-XX:+UseSerialGC -Xms16m -Xmx48m -XX:MaxMetaspaceSize=96m -XX:TieredStopAtLevel=1 \
-XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=24m -Xss256k -XX:MaxDirectMemorySize=16m -XX:-UsePerfData \
-XX:+ExitOnOutOfMemoryError -Dio.netty.allocator.type=unpooled -Dreactor.netty.ioWorkerCount=1"
# shellcheck disable=SC2086
exec java ${AGENT_JAVA_OPTS:-$default_opts} -jar "$jar" "$@"
