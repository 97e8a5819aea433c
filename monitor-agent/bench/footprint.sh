#!/usr/bin/env bash
# Footprint benchmark: the monitor-agent next to Debian's prometheus-node-exporter, both scraped
# at 1 Hz, for a fixed time on this machine. Prints resident memory and CPU seconds of each and
# their ratio (agent / node_exporter).
#
#   monitor-agent/bench/footprint.sh [measure-seconds=120] [warmup-seconds=20]
#
# Needs: a built agent jar (it builds one if missing), redis-server and prometheus-node-exporter
# (it installs them with apt-get if missing and it may). Everything listens on 127.0.0.1 only.
set -euo pipefail
measure=${1:-120}
warmup=${2:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d /tmp/monkeyfleet-footprint.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need redis-server || ! need prometheus-node-exporter; then
  echo "installing redis-server and prometheus-node-exporter..." >&2
  apt-get install -y -qq redis-server prometheus-node-exporter >/dev/null
fi
if ! ls "$here"/target/monitor-agent-*.jar >/dev/null 2>&1; then
  (cd "$root" && ./mvnw -q -pl monitor-agent -am package -DskipTests)
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
exporter_port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$exporter_port" >"$work/exporter.log" 2>&1 &
exporter_pid=$!
pids+=($exporter_pid)
agent_port=$(free_port)
"$here/monitor-agent.sh" --server.port="$agent_port" --spring.data.redis.port="$redis_port" \
  --monkeyfleet.agent.node-id=bench-1 --monkeyfleet.agent.pool=bench --monkeyfleet.agent.address=127.0.0.1:9 \
  >"$work/agent.log" 2>&1 &
agent_pid=$!
pids+=($agent_pid)

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$agent_port/actuator/health" >/dev/null 2>&1 && \
  curl -fs "http://127.0.0.1:$exporter_port/metrics" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$agent_port/actuator/health" >/dev/null || { echo "agent did not start:"; tail -20 "$work/agent.log"; exit 1; }

scrape() { # one scrape of each per second, like Prometheus at a 1 s interval
  local until=$(( $(date +%s) + $1 ))
  while [ "$(date +%s)" -lt "$until" ]; do
    curl -fs "http://127.0.0.1:$exporter_port/metrics" >/dev/null || true
    curl -fs "http://127.0.0.1:$agent_port/actuator/prometheus" >/dev/null || true
    sleep 1
  done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

echo "warming up for ${warmup}s (scraping both at 1 Hz)..." >&2
scrape "$warmup"
agent_cpu0=$(cpu_ticks "$agent_pid"); exporter_cpu0=$(cpu_ticks "$exporter_pid")
echo "measuring for ${measure}s..." >&2
scrape "$measure"
agent_cpu1=$(cpu_ticks "$agent_pid"); exporter_cpu1=$(cpu_ticks "$exporter_pid")
agent_rss=$(rss_kib "$agent_pid"); exporter_rss=$(rss_kib "$exporter_pid")
hz=$(getconf CLK_TCK)
samples=$(redis-cli -p "$redis_port" exists mf:node:bench-1:sample)

awk -v m="$measure" -v hz="$hz" -v ar="$agent_rss" -v er="$exporter_rss" \
    -v ac="$((agent_cpu1 - agent_cpu0))" -v ec="$((exporter_cpu1 - exporter_cpu0))" -v s="$samples" 'BEGIN {
  printf "footprint over %d s, both scraped at 1 Hz (agent writing a sample every 500 ms: %s)\n", m, (s == 1 ? "yes" : "NO");
  printf "%-24s %10s %14s\n", "process", "RSS (MiB)", "CPU (s)";
  printf "%-24s %10.1f %14.2f\n", "monitor-agent", ar / 1024, ac / hz;
  printf "%-24s %10.1f %14.2f\n", "node_exporter", er / 1024, ec / hz;
  printf "%-24s %10.2f %14.2f\n", "ratio agent/exporter", ar / er, (ec > 0 ? ac / ec : 0);
  printf "targets: RSS ratio <= 1.5, CPU ratio <= 1.0\n";
}'
