#!/usr/bin/env bash
# One command for the whole benchmark suite: builds benchmarks/target/benchmarks.jar, runs every
# JMH benchmark with the GC profiler (bytes/op), writes the JSON results and the machine they ran
# on, and renders the chart and the Markdown tables from the JSON.
#
# usage: benchmarks/run.sh [quick|standard|full] [extra JMH arguments...]
#   quick     1 fork, 1 x 1 s warm-up, 1 x 1 s measurement: proves everything runs (minutes);
#             its chart goes to benchmarks/results/, never to docs/
#   standard  1 fork, 3 x 2 s warm-up, 5 x 2 s measurement (about 27 minutes)
#   full      the annotations' settings: 2 forks, 5 x 2 s warm-up, 5 x 2 s measurement (about 70 minutes)
# e.g. benchmarks/run.sh quick 'JdbcOverheadBenchmark.pointSelect' -p tool=raw,p6spy
#
# Writes benchmarks/results/<date>[-quick].{json,md,machine.txt} and, unless quick,
# docs/benchmarks-overhead.png. Run it on a quiet machine: other load shows up as overhead.
set -euo pipefail
cd "$(dirname "$0")/.."

preset="${1:-standard}"
(( $# )) && shift
case "$preset" in
    quick) jmh_opts=(-f 1 -wi 1 -i 1 -w 1s -r 1s) ;;
    standard) jmh_opts=(-f 1 -wi 3 -i 5 -w 2s -r 2s) ;;
    full) jmh_opts=() ;;
    *)
        echo "run.sh: unknown preset '$preset' (expected quick, standard or full)" >&2
        exit 2
        ;;
esac

command -v mvn >/dev/null || { echo "run.sh: mvn is missing (apt-get install -y maven)" >&2; exit 1; }
mvn -B -q -pl benchmarks -am -DskipTests package

mkdir -p benchmarks/results
stem="benchmarks/results/$(date -u +%Y-%m-%d)"
chart=docs/benchmarks-overhead.png
if [[ "$preset" == quick ]]; then
    stem="$stem-quick"
    chart="$stem.png"
fi

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "preset: $preset ${jmh_opts[*]} $*"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(nproc) cores"
    echo "memory: $(free -h | awk '/^Mem:/ { print $2 }')"
    echo "kernel: $(uname -sr)"
    echo "jvm: $(java -version 2>&1 | tr '\n' ' ')"
    echo "load before run: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$stem.machine.txt"

java -jar benchmarks/target/benchmarks.jar "${jmh_opts[@]}" -prof gc -rf json -rff "$stem.json" "$@" \
    | tee "$stem.log"

mkdir -p "$(dirname "$chart")"
java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar \
    dev.jdbcmetrics.benchmarks.report.Report "$stem.json" "$chart" "$stem.md"
