#!/usr/bin/env bash
# Gateway benchmark: Monkey Fleet's gateway against nginx and HAProxy as reverse proxies in front
# of the same sample-app backends, in one run, on this machine. Prints:
#   1. throughput and p99 latency: direct to one backend (baseline), via nginx, via HAProxy, via the
#      gateway; the gateway/nginx throughput ratio and each proxy's p99 added to the direct p99;
#   2. Redis commands per proxied request through the gateway (INFO commandstats delta / requests);
#   3. p99 with one degraded node (2 request threads, so it queues): least-loaded vs round robin vs
#      lowest-cpu, and least-loaded's p99 as a share of round robin's.
# Not a test: it asserts nothing, it measures. Run it alone (no test suite at the same time).
#
#   gateway-service/bench/run.sh            # defaults: 15 s per measurement, 32 connections
#   DURATION=30 CONNECTIONS=64 gateway-service/bench/run.sh
#   PARTS=strategies SKIP_BUILD=1 gateway-service/bench/run.sh   # only part 3, jars already built
#   GATEWAY_OPTS="--some.property=value" ...                     # extra gateway arguments
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
WRK_THREADS="${WRK_THREADS:-2}"
PARTS="${PARTS:-proxies,strategies}"
GATEWAY_OPTS="${GATEWAY_OPTS:-}"
DEGRADED_CONNECTIONS="${DEGRADED_CONNECTIONS:-12}"
# A JVM gateway needs about a minute of traffic before the JIT has compiled its hot path; nginx and
# HAProxy need none. Measuring before that would compare a cold JVM with warm C.
GATEWAY_WARMUP="${GATEWAY_WARMUP:-60}"
WORK="$(mktemp -d /tmp/monkeyfleet-bench-XXXXXX)"
PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null || true
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1; }
if ! need nginx || ! need haproxy || ! need wrk; then
  log "installing nginx, haproxy and wrk (Debian packages)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light haproxy wrk >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx haproxy wrk >/dev/null
fi
need redis-server || { log "redis-server is needed on PATH"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

log "building the gateway and the sample app"
[ -n "${SKIP_BUILD:-}" ] || (cd "$ROOT" && ./mvnw -q -o -pl gateway-service -am package -DskipTests -Dspring-javaformat.skip=true)
(cd "$ROOT" && ./mvnw -q -o -pl gateway-service -am test-compile dependency:build-classpath -Dspring-javaformat.skip=true \
       -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
GATEWAY_JAR="$(ls "$ROOT"/gateway-service/target/gateway-service-*.jar | grep -v plain | head -1)"
SAMPLE_JAR="$(ls "$ROOT"/sample-app/target/sample-app-*.jar | head -1)"
BENCH_CP="$ROOT/gateway-service/target/test-classes:$ROOT/gateway-service/target/classes:$(cat "$WORK/cp.txt")"

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
  --logfile "$WORK/redis.log" &
PIDS+=($!)

start_backend() { # name, extra args...
  local name="$1"; shift
  java -Xmx128m -Dsun.net.httpserver.nodelay=true -jar "$SAMPLE_JAR" --node-id="$name" --port=0 \
    --port-file="$WORK/$name.port" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! >"$WORK/$name.pid"
}
for b in b1 b2 b3; do start_backend "$b" --threads=64; done
# The degraded node: one request thread, so that it queues under load (a node whose thread pool
# is exhausted, or that is half hung, looks just like this, and its CPU stays low).
start_backend d --threads=1
for b in b1 b2 b3 d; do
  for _ in $(seq 100); do [ -s "$WORK/$b.port" ] && break; sleep 0.1; done
done
port() { cat "$WORK/$1.port"; }
pid() { cat "$WORK/$1.pid"; }

log "fleet: registering nodes and routes through the store, then sampling backend CPU as an agent"
java -cp "$BENCH_CP" io.monkeyfleet.gateway.bench.BenchFleet --redis=127.0.0.1:"$REDIS_PORT" --ttl=120 \
  --clk-tck="$(getconf CLK_TCK)" \
  --pool=t:b1,b2,b3 --pool=ll:b1,b2,d --pool=rr:b1,b2,d --pool=lc:b1,b2,d \
  --backend=b1:"$(port b1)":"$(pid b1)" --backend=b2:"$(port b2)":"$(pid b2)" \
  --backend=b3:"$(port b3)":"$(pid b3)" --backend=d:"$(port d)":"$(pid d)" >"$WORK/fleet.log" 2>&1 &
FLEET_PID=$!
PIDS+=($FLEET_PID)
for _ in $(seq 300); do grep -q "bench fleet ready" "$WORK/fleet.log" 2>/dev/null && break; sleep 0.1; done

GATEWAY_PORT="$(free_port)"
java -Xms256m -Xmx512m ${GATEWAY_JVM_OPTS:-} -jar "$GATEWAY_JAR" --server.port="$GATEWAY_PORT" \
  --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
  --spring.profiles.active=local --monkeyfleet.gateway.snapshot.file="$WORK/gateway-snapshot.json" \
  --monkeyfleet.gateway.snapshot.heartbeat-max-age=120s \
  --monkeyfleet.gateway.balancing.strategies.rr=round-robin \
  --monkeyfleet.gateway.balancing.strategies.lc=lowest-cpu \
  --logging.level.root=WARN \
  --spring.cloud.gateway.server.webflux.routes[0].id=plain \
  --spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:"$(port b1)" \
  --spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/plain/** \
  --spring.cloud.gateway.server.webflux.routes[0].filters[0]=StripPrefix=1 \
  $GATEWAY_OPTS >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=($GATEWAY_PID)
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$GATEWAY_PORT/t/" >/dev/null 2>&1 && break; sleep 0.1
done

NGINX_PORT="$(free_port)"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backends {
    server 127.0.0.1:$(port b1);
    server 127.0.0.1:$(port b2);
    server 127.0.0.1:$(port b3);
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)

HAPROXY_PORT="$(free_port)"
cat >"$WORK/haproxy.cfg" <<HAPROXY
global
  nbthread 2
  maxconn 4096
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend in
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend backends
backend backends
  balance roundrobin
  server b1 127.0.0.1:$(port b1)
  server b2 127.0.0.1:$(port b2)
  server b3 127.0.0.1:$(port b3)
HAPROXY
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
sleep 1

# wrk prints latencies as 850.00us, 12.34ms or 1.02s; all in ms here.
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /m$/) { sub(/m$/, "", v); print v * 60000 } else { sub(/s$/, "", v); print v * 1000 } }'; }

# run_wrk URL SECONDS CONNECTIONS -> "requests_per_second p99_ms total_requests errors"
run_wrk() {
  local out
  out="$(wrk -t"$WRK_THREADS" -c"$3" -d"$2"s --latency "$1")"
  local rps p99 total errors
  rps="$(echo "$out" | awk '/Requests\/sec/ { print $2 }')"
  p99="$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")"
  total="$(echo "$out" | awk '/requests in/ { print $1 }')"
  errors="$(echo "$out" | awk '/Non-2xx or 3xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }')"
  echo "$rps $p99 $total $errors"
}

commands() { # total commands Redis has executed, INFO itself left out
  redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" { n += $3 } END { print n + 0 }'
}

cpu_seconds() { # user + system CPU seconds a process has used so far
  awk -v tck="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " "); print (f[12] + f[13]) / tck }' "/proc/$1/stat"
}

D_RPS=0 D_P99=0 N_RPS=1 N_P99=0 H_RPS=1 H_P99=0 G_RPS=0 G_P99=0 G_TOTAL=1 BEFORE=0 AFTER=0 G_CPU=0
D_ERR=- N_ERR=- H_ERR=- G_ERR=- P_RPS=1 P_P99=0 P_ERR=-
declare -A S_P99 S_RPS S_ERR
if [[ "$PARTS" == *proxies* ]]; then
log "warming up: ${DURATION}s through nginx and HAProxy, ${GATEWAY_WARMUP}s through the gateway (JIT)"
run_wrk "http://127.0.0.1:$NGINX_PORT/" "$DURATION" "$CONNECTIONS" >/dev/null
run_wrk "http://127.0.0.1:$HAPROXY_PORT/" "$DURATION" "$CONNECTIONS" >/dev/null
run_wrk "http://127.0.0.1:$GATEWAY_PORT/t/" "$GATEWAY_WARMUP" "$CONNECTIONS" >/dev/null

log "measuring: direct, nginx, HAProxy, gateway (${DURATION}s each, $CONNECTIONS connections)"
# Through a proxy each backend sees a third of the connections: so does the direct baseline.
read -r D_RPS D_P99 _ D_ERR <<<"$(run_wrk "http://127.0.0.1:$(port b1)/" "$DURATION" "$((CONNECTIONS / 3))")"
read -r N_RPS N_P99 _ N_ERR <<<"$(run_wrk "http://127.0.0.1:$NGINX_PORT/" "$DURATION" "$CONNECTIONS")"
read -r H_RPS H_P99 _ H_ERR <<<"$(run_wrk "http://127.0.0.1:$HAPROXY_PORT/" "$DURATION" "$CONNECTIONS")"
# The fleet's agent is paused so that only the gateway's own Redis commands are counted; its
# samples live 120 s, longer than this measurement.
kill -STOP "$FLEET_PID"
BEFORE="$(commands)"
CPU_BEFORE="$(cpu_seconds "$GATEWAY_PID")"
read -r G_RPS G_P99 G_TOTAL G_ERR <<<"$(run_wrk "http://127.0.0.1:$GATEWAY_PORT/t/" "$DURATION" "$CONNECTIONS")"
G_CPU="$(awk -v a="$CPU_BEFORE" -v b="$(cpu_seconds "$GATEWAY_PID")" -v s="$DURATION" 'BEGIN { printf "%.2f", (b - a) / s }')"
AFTER="$(commands)"
kill -CONT "$FLEET_PID"
# The same gateway JVM on a plain Spring Cloud Gateway route from its configuration to one backend
# (no fleet load balancer, no node accounting): what a request costs the framework's way (WebFlux
# exchange, filter chain), next to the direct path the fleet's routes take.
# This path's code has not run yet (the fleet routes take the direct path): its own JIT warm-up.
run_wrk "http://127.0.0.1:$GATEWAY_PORT/plain/" "$((GATEWAY_WARMUP / 2))" "$CONNECTIONS" >/dev/null
read -r P_RPS P_P99 _ P_ERR <<<"$(run_wrk "http://127.0.0.1:$GATEWAY_PORT/plain/" "$DURATION" "$CONNECTIONS")"
fi

S_P99=([ll]=0 [rr]=1 [lc]=0); S_RPS=([ll]=0 [rr]=0 [lc]=0); S_ERR=([ll]=- [rr]=- [lc]=-)
if [[ "$PARTS" == *strategies* ]]; then
log "degraded node: ${DURATION}s of GET /work?ms=10 per strategy, $DEGRADED_CONNECTIONS connections, pools b1,b2,d"
for pool in ll rr lc; do
  run_wrk "http://127.0.0.1:$GATEWAY_PORT/$pool/work?ms=10" 5 "$DEGRADED_CONNECTIONS" >/dev/null
  read -r rps p99 _ err <<<"$(run_wrk "http://127.0.0.1:$GATEWAY_PORT/$pool/work?ms=10" "$DURATION" "$DEGRADED_CONNECTIONS")"
  S_P99[$pool]="$p99"; S_RPS[$pool]="$rps"; S_ERR[$pool]="$err"
done
fi

awk -v d_rps="$D_RPS" -v d_p99="$D_P99" -v n_rps="$N_RPS" -v n_p99="$N_P99" -v h_rps="$H_RPS" -v h_p99="$H_P99" \
    -v g_rps="$G_RPS" -v g_p99="$G_P99" -v g_total="$G_TOTAL" -v before="$BEFORE" -v after="$AFTER" \
    -v errs="$D_ERR/$N_ERR/$H_ERR/$G_ERR" \
    -v ll="${S_P99[ll]}" -v rr="${S_P99[rr]}" -v lc="${S_P99[lc]}" \
    -v ll_rps="${S_RPS[ll]}" -v rr_rps="${S_RPS[rr]}" -v lc_rps="${S_RPS[lc]}" \
    -v s_errs="${S_ERR[ll]}/${S_ERR[rr]}/${S_ERR[lc]}" -v secs="$DURATION" -v conns="$CONNECTIONS" \
    -v g_cpu="$G_CPU" -v d_conns="$DEGRADED_CONNECTIONS" -v p_rps="$P_RPS" -v p_p99="$P_P99" 'BEGIN {
  printf "\n== Proxy overhead: GET / on 3 sample-app backends, wrk %ss, %s connections ==\n", secs, conns
  printf "%-22s %12s %10s %16s\n", "", "requests/s", "p99 ms", "p99 added ms"
  printf "%-22s %12.0f %10.2f %16s\n", "direct (1 of 3, c/3)", d_rps, d_p99, "-"
  printf "%-22s %12.0f %10.2f %16.2f\n", "nginx", n_rps, n_p99, n_p99 - d_p99
  printf "%-22s %12.0f %10.2f %16.2f\n", "HAProxy", h_rps, h_p99, h_p99 - d_p99
  printf "%-22s %12.0f %10.2f %16.2f\n", "gateway (least-loaded)", g_rps, g_p99, g_p99 - d_p99
  printf "%-22s %12.0f %10.2f %16.2f\n", "gateway, framework", p_rps, p_p99, p_p99 - d_p99
  printf "gateway / nginx throughput: %.2f (target >= 0.5); gateway / HAProxy: %.2f; gateway used %s cores\n", g_rps / n_rps, g_rps / h_rps, g_cpu
  printf "errors (direct/nginx/HAProxy/gateway): %s\n", errs
  printf "(gateway: fleet route, direct path; framework: the same JVM, a configured Spring Cloud Gateway route to one backend, through the WebFlux filter chain, no fleet load balancer)\n"
  printf "\n== Redis commands per proxied request (INFO commandstats delta / requests) ==\n"
  printf "%d commands for %d requests: %.6f per request (target <= 0.001)\n", after - before, g_total, (after - before) / g_total
  printf "\n== One degraded node (1 request thread) among 3: GET /work?ms=10, %s connections, %ss ==\n", d_conns, secs
  printf "%-14s %10s %12s\n", "strategy", "p99 ms", "requests/s"
  printf "%-14s %10.1f %12.0f\n", "least-loaded", ll, ll_rps
  printf "%-14s %10.1f %12.0f\n", "round-robin", rr, rr_rps
  printf "%-14s %10.1f %12.0f\n", "lowest-cpu", lc, lc_rps
  printf "least-loaded p99 / round-robin p99: %.2f (target <= 0.33); errors (ll/rr/lc): %s\n", ll / rr, s_errs
}'
