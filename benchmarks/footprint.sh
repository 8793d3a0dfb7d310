#!/usr/bin/env bash
# The sidecar's footprint beside postgres_exporter and sql_exporter, against the local
# PostgreSQL (127.0.0.1:5432, user jdbcmetrics, password jdbcmetrics, database jdbcmetrics):
#   - time from process start to the first 200 on /metrics,
#   - scrape latency (curl time_total over SCRAPES requests: median, p90, max) and size,
#   - resident memory (VmRSS, and the peak VmHWM) from /proc/<pid>/status after the scrapes.
# sql_exporter and jdbc-metrics run the same collector query; postgres_exporter runs its
# default collectors (it has no "one query only" mode), which the table says. The sidecar
# starts through its launcher (sidecar/bin/jdbc-metrics-sidecar), with the launcher's JVM
# flags; "jdbc-metrics-cds" adds the launcher's class-data archive (JDBC_METRICS_SIDECAR_CDS);
# "jdbc-metrics-jvm-defaults" runs the same jar with plain "java -jar" for comparison.
#
# usage: benchmarks/footprint.sh [jdbc-metrics] [jdbc-metrics-cds] [jdbc-metrics-jvm-defaults]
#        [postgres_exporter] [sql_exporter] (no argument: all five).
#        Writes benchmarks/results/<date>-footprint.md.
# Environment: JDBC_METRICS_SIDECAR_JAR (default sidecar/target/jdbc-metrics-sidecar.jar),
#              SCRAPES (default 30), WARMUP (untimed scrapes before them, default 5; e.g.
#              WARMUP=300 SCRAPES=1000 for the steady state of a long-running exporter),
#              FOOTPRINT_SUFFIX (appended to the result file's name, e.g. -steady),
#              PGHOST/PGPORT (default 127.0.0.1/5432),
#              PGDATABASE/PGUSER/PGPASSWORD (default jdbcmetrics/jdbcmetrics/jdbcmetrics).
set -euo pipefail
cd "$(dirname "$0")/.."

SCRAPES="${SCRAPES:-30}"
WARMUP="${WARMUP:-5}"
PGHOST_ADDR="${PGHOST:-127.0.0.1}"
PGPORT_NUM="${PGPORT:-5432}"
PG_DB="${PGDATABASE:-jdbcmetrics}"
PG_USER="${PGUSER:-jdbcmetrics}"
export FOOTPRINT_DB_PASSWORD="${PGPASSWORD:-jdbcmetrics}"
JAR="${JDBC_METRICS_SIDECAR_JAR:-sidecar/target/jdbc-metrics-sidecar.jar}"
QUERY="SELECT datname::text AS datname, numbackends::float AS numbackends FROM pg_stat_database WHERE datname IS NOT NULL"
WORK="$(mktemp -d)"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

die() {
    echo "footprint.sh: $*" >&2
    exit 1
}

require_tools() {
    command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
    command -v pg_isready >/dev/null || die "pg_isready is missing: apt-get install -y postgresql-client"
    pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT_NUM" \
        || die "PostgreSQL does not answer on $PGHOST_ADDR:$PGPORT_NUM (start it with scripts/setup-test-env.sh)"
}

# Installs the Debian package that provides $2 when it is missing.
ensure_package() {
    local package="$1" binary="$2"
    if ! command -v "$binary" >/dev/null; then
        echo "Installing $package ..." >&2
        apt-get install -y "$package" >/dev/null 2>&1 \
            || { apt-get update >/dev/null 2>&1 && apt-get install -y "$package" >/dev/null 2>&1; } \
            || die "could not install $package (apt-get install -y $package)"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ms() {
    date +%s%3N
}

# Waits for the first 200 on $1; prints milliseconds since $2. Gives up after 120 s.
first_200_ms() {
    local url="$1" started="$2" pid="$3"
    local deadline=$(( started + 120000 ))
    while true; do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)" == "200" ]]; then
            echo $(( $(now_ms) - started ))
            return
        fi
        kill -0 "$pid" 2>/dev/null || die "process $pid exited before $url answered (log: $WORK/$pid.log)"
        (( $(now_ms) < deadline )) || die "no 200 from $url within 120 s"
        sleep 0.02
    done
}

# Prints "median p90 max bytes" over $SCRAPES scrapes of $1 (times in ms), after $WARMUP untimed ones.
scrape_stats() {
    local url="$1"
    for _ in $(seq "$WARMUP"); do curl -s -o /dev/null "$url"; done
    local times=() bytes=0
    for _ in $(seq "$SCRAPES"); do
        read -r t b < <(curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "$url")
        times+=("$t")
        bytes="$b"
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$SCRAPES" -v bytes="$bytes" '
        { v[NR] = $1 * 1000 }
        END { printf "%.2f %.2f %.2f %d\n", v[int((n + 1) / 2)], v[int(n * 0.9 + 0.5)], v[n], bytes }'
}

rss_kb() {
    awk -v key="$2" '$1 == key":" { print $2 }' "/proc/$1/status"
}

# Starts "$@" (with NAME and PORT set by the caller), measures it, prints one Markdown row.
measure() {
    local name="$1" port="$2" note="$3"
    shift 3
    local started
    started=$(now_ms)
    "$@" >"$WORK/$name.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    ln -sf "$WORK/$name.log" "$WORK/$pid.log"
    local url="http://127.0.0.1:$port/metrics"
    local ttfm
    ttfm=$(first_200_ms "$url" "$started" "$pid")
    local stats
    stats=$(scrape_stats "$url")
    read -r median p90 max bytes <<<"$stats"
    local rss hwm
    rss=$(rss_kb "$pid" VmRSS)
    hwm=$(rss_kb "$pid" VmHWM)
    printf '| %s | %d | %s | %s | %s | %d | %.1f | %.1f | %s |\n' \
        "$name" "$ttfm" "$median" "$p90" "$max" "$bytes" "$(echo "$rss / 1024" | bc -l)" \
        "$(echo "$hwm / 1024" | bc -l)" "$note"
    kill "$pid" && wait "$pid" 2>/dev/null || true
}

run_postgres_exporter() {
    ensure_package prometheus-postgres-exporter prometheus-postgres-exporter
    local port
    port=$(free_port)
    DATA_SOURCE_NAME="postgresql://$PG_USER:$FOOTPRINT_DB_PASSWORD@$PGHOST_ADDR:$PGPORT_NUM/$PG_DB?sslmode=disable" \
        measure postgres_exporter "$port" "default collectors" \
        prometheus-postgres-exporter --web.listen-address="127.0.0.1:$port"
}

run_sql_exporter() {
    ensure_package prometheus-sql-exporter prometheus-sql-exporter
    local port
    port=$(free_port)
    cat >"$WORK/sql_exporter.yml" <<EOF
jobs:
  - name: footprint
    interval: 30s
    connections:
      - 'postgres://$PG_USER:$FOOTPRINT_DB_PASSWORD@$PGHOST_ADDR:$PGPORT_NUM/$PG_DB?sslmode=disable'
    queries:
      - name: database_backends
        help: Backends per database
        labels: [datname]
        values: [numbackends]
        query: $QUERY
EOF
    measure sql_exporter "$port" "one collector query" \
        prometheus-sql-exporter -config.file "$WORK/sql_exporter.yml" -web.listen-address "127.0.0.1:$port"
}

# Writes the sidecar's configuration: one target, one collector cached for 30 s (as sql_exporter's job).
sidecar_config() {
    cat >"$WORK/exporter.yml" <<EOF
targets:
  - name: footprint
    url: jdbc:postgresql://$PGHOST_ADDR:$PGPORT_NUM/$PG_DB
    user: $PG_USER
    password_env: FOOTPRINT_DB_PASSWORD
    pool: { max_size: 2 }
    collectors: [database_backends]
collectors:
  - name: database_backends
    min_interval: 30s
    metrics:
      - name: database_backends
        type: gauge
        help: Backends per database
        query: $QUERY
        labels: [datname]
        value: numbackends
EOF
}

require_jar() {
    [[ -f "$JAR" ]] || die "$JAR not found: build the sidecar with 'mvn -B -q -pl sidecar -am package -DskipTests' or set JDBC_METRICS_SIDECAR_JAR"
}

run_jdbc_metrics() {
    require_jar
    sidecar_config
    local port
    port=$(free_port)
    JDBC_METRICS_SIDECAR_JAR="$JAR" measure jdbc-metrics "$port" "one cached collector query, launcher's JVM flags" \
        sidecar/bin/jdbc-metrics-sidecar --config "$WORK/exporter.yml" --port "$port"
}

# The launcher with a class-data archive (JDBC_METRICS_SIDECAR_CDS): one unmeasured run writes
# the archive when it stops, the measured run maps it.
run_jdbc_metrics_cds() {
    require_jar
    sidecar_config
    local port archive="$WORK/jdbc-metrics-sidecar.jsa"
    port=$(free_port)
    JDBC_METRICS_SIDECAR_JAR="$JAR" JDBC_METRICS_SIDECAR_CDS="$archive" \
        sidecar/bin/jdbc-metrics-sidecar --config "$WORK/exporter.yml" --port "$port" >"$WORK/cds-training.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    first_200_ms "http://127.0.0.1:$port/metrics" "$(now_ms)" "$pid" >/dev/null
    for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://127.0.0.1:$port/metrics"; done
    kill "$pid" && wait "$pid" 2>/dev/null || true
    [[ -f "$archive" ]] || die "the training run wrote no class-data archive (log: $WORK/cds-training.log)"
    port=$(free_port)
    JDBC_METRICS_SIDECAR_JAR="$JAR" JDBC_METRICS_SIDECAR_CDS="$archive" \
        measure jdbc-metrics-cds "$port" "as jdbc-metrics, with a class-data archive" \
        sidecar/bin/jdbc-metrics-sidecar --config "$WORK/exporter.yml" --port "$port"
}

run_jdbc_metrics_jvm_defaults() {
    require_jar
    sidecar_config
    local port
    port=$(free_port)
    measure jdbc-metrics-jvm-defaults "$port" "one cached collector query, plain java -jar" \
        java -jar "$JAR" --config "$WORK/exporter.yml" --port "$port"
}

main() {
    local targets=("$@")
    (( ${#targets[@]} )) || targets=(jdbc-metrics jdbc-metrics-cds jdbc-metrics-jvm-defaults postgres_exporter sql_exporter)
    for target in "${targets[@]}"; do
        case "$target" in
            jdbc-metrics | jdbc-metrics-cds | jdbc-metrics-jvm-defaults | postgres_exporter | sql_exporter) ;;
            *) die "unknown exporter '$target' (expected jdbc-metrics, jdbc-metrics-cds, jdbc-metrics-jvm-defaults, postgres_exporter or sql_exporter)" ;;
        esac
    done
    command -v bc >/dev/null || die "bc is missing: apt-get install -y bc"
    require_tools
    mkdir -p benchmarks/results
    local out
    out="benchmarks/results/$(date -u +%Y-%m-%d)-footprint${FOOTPRINT_SUFFIX:-}.md"
    {
        echo "Footprint on $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d" " -f1-3 /proc/loadavg); $WARMUP untimed then $SCRAPES timed scrapes each, RSS read after them."
        echo
        echo "| exporter | first 200 on /metrics (ms) | scrape median (ms) | p90 (ms) | max (ms) | bytes | RSS (MiB) | peak RSS (MiB) | collects |"
        echo "|---|--:|--:|--:|--:|--:|--:|--:|---|"
        for target in "${targets[@]}"; do
            case "$target" in
                jdbc-metrics) run_jdbc_metrics ;;
                jdbc-metrics-cds) run_jdbc_metrics_cds ;;
                jdbc-metrics-jvm-defaults) run_jdbc_metrics_jvm_defaults ;;
                postgres_exporter) run_postgres_exporter ;;
                sql_exporter) run_sql_exporter ;;
            esac
        done
    } | tee "$out"
    echo "Wrote $out" >&2
}

main "$@"
