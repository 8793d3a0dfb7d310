#!/usr/bin/env bash
# A fleet the way large users run one, on this machine: N sidecars with --demo (each its own
# JVM, its own H2 database and synthetic workload, its own loopback port), scraped by one
# Prometheus in agent mode that adds external_labels and remote-writes to a second Prometheus,
# the receiver, which evaluates deploy/prometheus's recording, fleet and alert rules.
# Prints the figures docs/scale.md keeps. Everything runs on 127.0.0.1 in a temporary
# directory, is bounded in time and is removed on exit (also on Ctrl-C).
#
#   scripts/fleet.sh                      # 30 instances, 180 s of steady state
#   FLEET_INSTANCES=3 FLEET_SECONDS=60 scripts/fleet.sh
#
# Settings (environment): FLEET_INSTANCES (30), FLEET_SECONDS (180), FLEET_SCRAPE_INTERVAL
# (5s), FLEET_HEAP (-Xmx64m), FLEET_JAR (sidecar/target/jdbc-metrics-sidecar.jar; build it with
# mvn -B -pl sidecar -am package -DskipTests). Needs java, prometheus, promtool and curl
# (sudo scripts/setup-test-env.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
INSTANCES=${FLEET_INSTANCES:-30}
SECONDS_STEADY=${FLEET_SECONDS:-180}
INTERVAL=${FLEET_SCRAPE_INTERVAL:-5s}
HEAP=${FLEET_HEAP:--Xmx64m}
JAR=${FLEET_JAR:-$ROOT/sidecar/target/jdbc-metrics-sidecar.jar}
CLUSTER=fleet-$(date +%s)
START_TIMEOUT=120

say() { echo "fleet: $*" >&2; }
die() { echo "fleet: ERROR: $*" >&2; exit 1; }

for tool in java prometheus promtool curl; do
    command -v "$tool" >/dev/null || die "$tool not found (sudo scripts/setup-test-env.sh)"
done
[ -f "$JAR" ] || die "$JAR missing: mvn -B -pl sidecar -am package -DskipTests"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jdbc-metrics-fleet.XXXXXX")
PIDS=()
cleanup() {
    # Only the processes this script started, by pid.
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    # The kernel's choice of a free port; Prometheus cannot report one it picked itself.
    java -XX:TieredStopAtLevel=1 -Xshare:auto "$ROOT/scripts/FreePort.java"
}

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND every 0.5 s, bounded.
wait_for() {
    local seconds=$1 what=$2; shift 2
    local tries=$((seconds * 2))
    until "$@"; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || die "timed out after ${seconds}s waiting for $what"
        sleep 0.5
    done
}

ready() { curl -fs -o /dev/null "http://127.0.0.1:$1/-/ready"; }

start_prometheus() { # NAME PORT ARGS...
    local name=$1 port=$2; shift 2
    prometheus --web.listen-address="127.0.0.1:$port" --log.level=warn "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=("$!")
    disown "$!" # stopped by cleanup, by pid; no job notices
    echo "$!" >"$WORK/$name.pid"
    wait_for 60 "$name on port $port" ready "$port"
}

# --- the receiver -------------------------------------------------------------------------
RECEIVER_PORT=$(free_port)
cat >"$WORK/receiver.yml" <<EOF
global:
  scrape_interval: $INTERVAL
  evaluation_interval: $INTERVAL
rule_files:
  - $ROOT/deploy/prometheus/recording-rules.yml
  - $ROOT/deploy/prometheus/fleet-rules.yml
  - $ROOT/deploy/prometheus/alerts.yml
scrape_configs:
  - job_name: prometheus-receiver
    static_configs: [{ targets: ["127.0.0.1:$RECEIVER_PORT"] }]
EOF
promtool check config "$WORK/receiver.yml" >/dev/null
start_prometheus receiver "$RECEIVER_PORT" --config.file="$WORK/receiver.yml" \
    --storage.tsdb.path="$WORK/receiver-data" --web.enable-remote-write-receiver
say "receiver on 127.0.0.1:$RECEIVER_PORT"

# --- the instances ------------------------------------------------------------------------
say "starting $INSTANCES sidecars (--demo, $HEAP), five at a time"
: >"$WORK/targets.txt"
for i in $(seq 1 "$INSTANCES"); do
    # Small JVMs: C1 only, serial GC, small stacks; the demo's H2 and workload fit in 64 MB.
    java "$HEAP" -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=96m \
        -jar "$JAR" --demo --host 127.0.0.1 --port 0 >"$WORK/instance-$i.log" 2>&1 &
    PIDS+=("$!")
    disown "$!"
    echo "$!" >>"$WORK/instance.pids"
    if [ $((i % 5)) -eq 0 ] || [ "$i" -eq "$INSTANCES" ]; then
        for j in $(seq $((i - (i - 1) % 5)) "$i"); do
            wait_for "$START_TIMEOUT" "instance $j to serve" grep -q "serving http://" "$WORK/instance-$j.log"
            sed -n 's|.*serving http://\([0-9.]*:[0-9]*\)/metrics.*|\1|p' "$WORK/instance-$j.log" \
                | head -n 1 >>"$WORK/targets.txt"
        done
    fi
done
TARGETS=$(sed 's/.*/"&"/' "$WORK/targets.txt" | paste -sd, -)

# --- the agent ----------------------------------------------------------------------------
AGENT_PORT=$(free_port)
cat >"$WORK/agent.yml" <<EOF
global:
  scrape_interval: $INTERVAL
  external_labels: { cluster: $CLUSTER, replica: agent-0 }
scrape_configs:
  - job_name: jdbc-metrics-demo
    static_configs: [{ targets: [$TARGETS] }]
  - job_name: prometheus-agent
    static_configs: [{ targets: ["127.0.0.1:$AGENT_PORT"] }]
remote_write:
  - url: http://127.0.0.1:$RECEIVER_PORT/api/v1/write
EOF
promtool check config --agent "$WORK/agent.yml" >/dev/null
start_prometheus agent "$AGENT_PORT" --enable-feature=agent --config.file="$WORK/agent.yml" \
    --storage.agent.path="$WORK/agent-data"
say "agent on 127.0.0.1:$AGENT_PORT scraping $INSTANCES instances every $INTERVAL, cluster=$CLUSTER"

q() { promtool query instant "http://127.0.0.1:$RECEIVER_PORT" "$1" 2>/dev/null; }
value() { q "$1" | sed -n 's/.*=> \([^ ]*\) @.*/\1/p' | head -n 1; }
all_up() { [ "$(value "count(up{job=\"jdbc-metrics-demo\",cluster=\"$CLUSTER\"} == 1)")" = "$INSTANCES" ]; }
wait_for 120 "all $INSTANCES instances up on the receiver" all_up
say "all up; steady state for ${SECONDS_STEADY}s"
sleep "$SECONDS_STEADY"

# --- figures ------------------------------------------------------------------------------
own_metric() { # PORT NAME: the sum of the samples of NAME on the server's own /metrics
    curl -fsS "http://127.0.0.1:$1/metrics" \
        | awk -v n="$2" '{ split($1, p, "{") } p[1] == n { s += $NF; seen = 1 } END { if (seen) printf "%.0f\n", s }'
}
sel="job=\"jdbc-metrics-demo\",cluster=\"$CLUSTER\""
window="[${SECONDS_STEADY}s]"
rss_kb=0
while read -r pid; do
    rss_kb=$((rss_kb + $(ps -o rss= -p "$pid" 2>/dev/null || echo 0)))
done <"$WORK/instance.pids"
rw_bytes=$(own_metric "$AGENT_PORT" prometheus_remote_storage_bytes_total)
rw_samples=$(own_metric "$AGENT_PORT" prometheus_remote_storage_samples_total)
appended=$(own_metric "$RECEIVER_PORT" prometheus_tsdb_head_samples_appended_total)
wal_bytes=$(du -sb "$WORK/receiver-data/wal" | cut -f1)

cat <<EOF
fleet: $INSTANCES instances, ${SECONDS_STEADY}s steady, scrape every $INTERVAL, cluster $CLUSTER
instances up on the receiver:            $(value "count(up{$sel} == 1)")
samples per scrape (min / avg / max):    $(value "min(scrape_samples_scraped{$sel})") / $(value "avg(scrape_samples_scraped{$sel})") / $(value "max(scrape_samples_scraped{$sel})")
series on the receiver from the fleet:   $(value "count({$sel})")
scrape duration avg / max (s):           $(value "avg(avg_over_time(scrape_duration_seconds{$sel}$window))") / $(value "max(max_over_time(scrape_duration_seconds{$sel}$window))")
samples/s ingested by the receiver:      $(value "rate(prometheus_tsdb_head_samples_appended_total{job=\"prometheus-receiver\"}[1m])")
remote write: bytes / samples sent:      $rw_bytes / $rw_samples
receiver head series:                    $(own_metric "$RECEIVER_PORT" prometheus_tsdb_head_series)
receiver samples appended / WAL bytes:   $appended / $wal_bytes
receiver RSS / Go heap in use (bytes):   $(own_metric "$RECEIVER_PORT" process_resident_memory_bytes) / $(own_metric "$RECEIVER_PORT" go_memstats_heap_inuse_bytes)
agent RSS (bytes):                       $(own_metric "$AGENT_PORT" process_resident_memory_bytes)
instances' RSS, all together (KiB):      $rss_kb
fleet error ratio by datasource:         $(q "cluster_datasource:db_queries_error_ratio:rate5m{cluster=\"$CLUSTER\"}" | sed 's/ @.*//' | paste -sd' ' -)
fleet p99 latency by datasource (s):     $(q "cluster_datasource:db_query_duration_seconds:p99_5m{cluster=\"$CLUSTER\"}" | sed 's/ @.*//' | paste -sd' ' -)
fleet pool saturation (sum) / worst:     $(value "cluster_datasource:db_pool_saturation:ratio{cluster=\"$CLUSTER\"}") / $(value "cluster_datasource:db_pool_saturation_ratio:max{cluster=\"$CLUSTER\"}")
instances counted by the fleet rules:    $(value "cluster_datasource:instances:count{cluster=\"$CLUSTER\"}")
rules with an evaluation error:          $(curl -fsS "http://127.0.0.1:$RECEIVER_PORT/api/v1/rules" | grep -o '"health":"[a-z]*"' | grep -vc '"ok"' || true)
alerts on the receiver (name state n):   $(q "count by (alertname, alertstate) (ALERTS{cluster=\"$CLUSTER\"})" | sed 's/ @.*//' | paste -sd' ' -)
EOF
