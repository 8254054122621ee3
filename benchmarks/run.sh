#!/usr/bin/env bash
# Runs the stub-driver benchmarks the way docs/benchmarks.md reports them, and prints the tables.
#
#   benchmarks/run.sh [short|full] [jdk17|jdk25|both]
#
#   short  3 rounds of -wi 1 -w 2s -i 2 -r 2s -f 1: 8-9 minutes per JDK for mcp and hikari on
#          2 cores (measured; the default)
#   full   5 rounds of -wi 3 -w 3s -i 3 -r 3s -f 1: about 35 minutes per JDK for mcp and hikari,
#          about 2 hours per JDK for all seven pools
#
# A round runs every pool once, each in its own JVM fork, one after the other; the next round does
# it again. Interleaving the pools fork by fork means a machine that slows down or speeds up during
# the run (shared 2-core hosts do) moves every pool alike, and the spread across rounds shows how
# far a single fork can be trusted. The tables give the median of the rounds, with the lowest and
# highest in brackets.
#
# Environment:
#   POOLS    comma-separated pools, or "all" (default: mcp,hikari)
#   ROUNDS   override the number of rounds
#   METRICS_COST=1  also compare mcp with mcp-nometrics (statistics on vs off): 1.5 more minutes
#            in short mode; on by default in full mode
#   JAVA17   the JDK 17 java (default: java on the PATH)
#   JAVA25   the JDK 25 java (default: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   OUT      where result files go (default: benchmarks/target/results/<mode>-<jdk>-<time>)
#   BUILD=0  skip the Maven build of benchmarks/target/benchmarks.jar
#
# Each fork writes a CSV (<benchmark>.r<round>.<pool>.csv) and appends to the benchmark's console
# log; Report prints the Markdown tables at the end. The PostgreSQL load (PgbenchLoad) is separate:
# see docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
jdks=${2:-both}
pools=${POOLS:-mcp,hikari}
[[ $pools == all ]] && pools=mcp,hikari,dbcp2,tomcat,c3p0,vibur,agroal
java17=${JAVA17:-java}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jar=benchmarks/target/benchmarks.jar

case $mode in
  short) timing=(-wi 1 -w 2s -i 2 -r 2s -f 1); rounds=${ROUNDS:-3} ;;
  full)  timing=(-wi 3 -w 3s -i 3 -r 3s -f 1); rounds=${ROUNDS:-5} ;;
  *) echo "mode must be short or full, not '$mode'" >&2; exit 2 ;;
esac
metrics_cost=${METRICS_COST:-$([[ $mode == full ]] && echo 1 || echo 0)}
case $jdks in
  jdk17) javas=("$java17") ;;
  jdk25) javas=("$java25") ;;
  both)  javas=("$java17" "$java25") ;;
  *) echo "JDK must be jdk17, jdk25 or both, not '$jdks'" >&2; exit 2 ;;
esac

if [[ ${BUILD:-1} != 0 ]]; then
  mvn -B -q -pl benchmarks -am package -Dmaven.test.skip=true
fi

for java in "${javas[@]}"; do
  feature=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  out=${OUT:-benchmarks/target/results/$mode-jdk$feature-$(date +%Y%m%d-%H%M%S)}
  mkdir -p "$out"
  # Run from a copy, so that rebuilding the module meanwhile cannot disturb the forks.
  cp "$jar" "$out/benchmarks.jar"
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "mode: $mode ($rounds rounds of ${timing[*]}), pools: $pools, statistics on vs off: $metrics_cost"
    "$java" -version 2>&1
    echo "cores: $(nproc)"
    lscpu | grep -E 'Model name|^CPU\(s\)|Hypervisor' || true
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet HEAD -- pool 2>/dev/null || echo ' + uncommitted pool changes'), pool sources sha1: $(find pool/src/main -name '*.java' | sort | xargs cat | sha1sum | cut -c1-12)"
    echo "load before: $(cat /proc/loadavg)"
  } > "$out/conditions.txt"
  cat "$out/conditions.txt"

  # name, then JMH arguments: every pool in its own fork, round after round
  bench() {
    local name=$1; shift
    echo "== JDK $feature: $name"
    local round pool
    for round in $(seq "$rounds"); do
      for pool in ${pools//,/ }; do
        "$java" -jar "$out/benchmarks.jar" "$@" -p pool="$pool" "${timing[@]}" \
            -jvmArgsAppend "-Xms1g -Xmx1g" -rf csv -rff "$out/$name.r$round.$pool.csv" \
            >> "$out/$name.log" 2>&1 \
          || echo "   round $round, $pool failed; see $out/$name.log" >&2
      done
    done
    "$java" -cp "$out/benchmarks.jar" mcp.db.pool.bench.Report "$out/$name".r*.csv || true
  }

  bench connection-t1 'ConnectionCycleBenchmark' -t 1 -prof gc
  bench connection-t8 'ConnectionCycleBenchmark' -t 8
  bench connection-t32 'ConnectionCycleBenchmark' -t 32
  bench statement-t1 'StatementCycleBenchmark' -t 1 -prof gc
  bench statement-t8 'StatementCycleBenchmark' -t 8
  bench contended 'ContendedBenchmark'
  if (( feature >= 21 )); then
    bench virtual-threads 'VirtualThreadBenchmark'
    grep -E 'virtual-thread pinning|^  [0-9]+ at ' "$out/virtual-threads.log" \
      | sed 's/^Iteration *[0-9]*: //' | tee "$out/pinning.txt" || true
  fi

  # What recording statistics costs: our pool against itself with -Dmcp.db.pool.metrics=false.
  if [[ $metrics_cost == 1 ]]; then
    pools_before=$pools
    pools=mcp,mcp-nometrics
    bench metrics-cost-t1 'ConnectionCycleBenchmark' -t 1
    bench metrics-cost-t8 'ConnectionCycleBenchmark' -t 8
    pools=$pools_before
  fi

  echo "load after: $(cat /proc/loadavg)" >> "$out/conditions.txt"
  echo "== tables for JDK $feature ($out)"
  "$java" -cp "$out/benchmarks.jar" mcp.db.pool.bench.Report $(ls "$out"/*.csv | grep -v metrics-cost) \
    | tee "$out/tables.md"
  if [[ $metrics_cost == 1 ]]; then
    echo "== statistics on vs off, JDK $feature"
    "$java" -cp "$out/benchmarks.jar" mcp.db.pool.bench.Report "$out"/metrics-cost-*.csv | tee -a "$out/tables.md"
  fi
done
