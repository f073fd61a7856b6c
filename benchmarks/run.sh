#!/usr/bin/env bash
# Builds the project and runs every benchmark: JMH (request overhead per client, transport comparison,
# tracker unit costs, allocation), start-up, memory per body and registry scale. Prints markdown.
#   benchmarks/run.sh            the full run (about 15 minutes on 2 cores)
#   benchmarks/run.sh --quick    a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
mvn -B -q -DskipTests package -pl agent,benchmarks -am
agent=$PWD/agent/target/bodycheck-agent.jar
cp="benchmarks/target/benchmarks.jar:$agent"

echo "# bodycheck benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1)"

# Start-up: a hello world with and without the agent, on the default JDK and the newest JDK beside it.
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
second=$(for d in "$(dirname "$java_home")"/*/; do
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${d}release" 2>/dev/null || true)
  if [ -n "$v" ] && [ -x "${d}bin/java" ]; then echo "$v ${d%/}"; fi
done | sort -n | tail -1 | cut -d' ' -f2)
median() { sort -n | awk '{a[NR]=$1} END {printf "%d\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
runs=10; [ "$quick" = "--quick" ] && runs=3
echo; echo "### Start-up of a hello world (median of $runs, ms)"; echo
echo "| JDK | no agent | agent | added |"; echo "| --- | ---: | ---: | ---: |"
for home in "$java_home" $second; do
  for mode in none agent; do
    times=()
    for _ in $(seq "$runs"); do
      args=(); [ "$mode" = agent ] && args=("-javaagent:$agent=log=none")
      t0=$(date +%s%N); "$home/bin/java" "${args[@]}" -cp benchmarks/target/benchmarks.jar dev.bodycheck.bench.Hello >/dev/null 2>&1; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000000 )))
    done
    eval "m_$mode=$(printf '%s\n' "${times[@]}" | median)"
  done
  echo "| $("$home/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2) | $m_none | $m_agent | $(( m_agent - m_none )) |"
done

echo; echo "### Memory per open body"; echo
for stacks in none all; do java -Xmx2g -javaagent:"$agent"=log=none,stacks=$stacks -cp "$cp" dev.bodycheck.bench.MemoryPerBody; done

echo; echo "### Registry scale: 1,000,000 bodies, 8 threads, tracker only (stacks=none)"; echo
java -javaagent:"$agent"=log=none,stacks=none -cp "$cp" dev.bodycheck.bench.RegistryScale

java -cp "$cp" dev.bodycheck.bench.Main "$agent" $quick
