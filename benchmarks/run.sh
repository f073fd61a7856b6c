#!/usr/bin/env bash
# The agent's overhead per request, as process CPU time, with an A/A control (CpuBench), and the memory per
# open body. Prints markdown tables ready to paste into docs/benchmarks.md.
#   benchmarks/run.sh [--quick] [--no-build] [client ...]   the full run (in one JVM about 40 s a row, 36 rows; then fresh JVMs)
#   benchmarks/run.sh --jmh [--quick]                        the older JMH throughput and tracker unit benchmarks (Main)
#   benchmarks/run.sh --fresh [--quick] [client ...]         only the fresh-JVM comparison with the OpenTelemetry
#       Java agent (fetched through Maven, the version of integration-tests/pom.xml); -Dthreads=8 in JAVA_OPTS for 8
#       load threads; the full run ends with it. About 3 min per client with -Drounds=2 -DturnGroups=100 (1 thread)
# Start-up of the first request is benchmarks/startup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1 jmh=0 fresh=0 args=()
for a in "$@"; do
  case $a in --no-build) build=0 ;; --jmh) jmh=1 ;; --fresh) fresh=1 ;; *) args+=("$a") ;; esac
done
if [ $build = 1 ]; then mvn -B -q -DskipTests package -pl agent,benchmarks -am >&2; fi
agent=$PWD/agent/target/bodycheck-agent.jar
jar=benchmarks/target/benchmarks.jar
echo "# bodycheck benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if [ $jmh = 1 ]; then
  exec java -cp "$jar:$agent" dev.bodycheck.bench.Main "$agent" "${args[@]}"
fi
start=$(date +%s)
otel_version=$(sed -n 's:.*<otel.version>\(.*\)</otel.version>.*:\1:p' integration-tests/pom.xml)
otel=benchmarks/target/otel/opentelemetry-javaagent-$otel_version.jar
if [ ! -f "$otel" ]; then
  mvn -B -q dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$otel_version" \
    -DoutputDirectory=benchmarks/target/otel >&2
fi
# the server's JVM (this one) on CPU 0, each measured JVM on CPU 1 (CpuBench pins it): a thread that moves
# between CPUs, or wakes its peer on another, costs several times the CPU of the request itself
pin=(); if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin=(taskset -c 0); fi
if [ $fresh = 1 ]; then
  "${pin[@]}" java ${JAVA_OPTS:-} -DotelAgent="$otel" -cp "$jar" dev.bodycheck.bench.CpuBench "$agent" "${args[@]}"
  echo; echo "(run took $(( $(date +%s) - start )) s; load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
  exit 0
fi
"${pin[@]}" java -cp "$jar" dev.bodycheck.bench.CpuBench "$agent" "${args[@]}"
echo; echo "### Memory per open body"; echo
for stacks in none auto all; do java -Xmx2g -javaagent:"$agent"=log=none,stacks=$stacks -cp "$jar:$agent" dev.bodycheck.bench.MemoryPerBody "stacks=$stacks"; done
java -Xmx2g -javaagent:"$agent"=log=none,stacks=none -cp "$jar:$agent" dev.bodycheck.bench.MemoryPerBody "stacks=none" held
echo; "${pin[@]}" java ${JAVA_OPTS:-} -DotelAgent="$otel" -cp "$jar" dev.bodycheck.bench.CpuBench "$agent" "${args[@]}"
echo; echo "(run took $(( $(date +%s) - start )) s; load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
