#!/usr/bin/env bash
# Start-up of the first request: a program (FirstRequest) that starts a local server, makes one request with
# one client and exits, with and without the agent (default options), runs alternating; prints the median
# process CPU (user + system) and wall time of each, and what the agent adds, as a markdown table.
#   benchmarks/startup.sh [--quick] [--no-build]   10 runs of each (3 with --quick), every client, two JDKs
# Environment: JAVA_HOMES="jdk1 jdk2" (default: the java on the PATH and the newest JDK beside it),
# AGENT=path/to/bodycheck-agent.jar (default: the one just built), CLIENTS="okhttp jdk" (default: all).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10 build=1
for a in "$@"; do
  case $a in --quick) runs=3 ;; --no-build) build=0 ;; *) echo "unknown argument $a" >&2; exit 2 ;; esac
done
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ $build = 1 ]; then mvn -B -q -DskipTests package -pl agent,benchmarks -am; fi
agent=${AGENT:-$PWD/agent/target/bodycheck-agent.jar}
jar=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
if [ -z "${JAVA_HOMES:-}" ]; then
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  newest=$(for d in "$(dirname "$java_home")"/*/; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${d}release" 2>/dev/null || true)
    if [ -n "$v" ] && [ -x "${d}bin/java" ]; then echo "$v ${d%/}"; fi
  done | sort -n | tail -1 | cut -d' ' -f2)
  JAVA_HOMES="$java_home"; [ -n "$newest" ] && [ "$(readlink -f "$newest")" != "$(readlink -f "$java_home")" ] && JAVA_HOMES="$JAVA_HOMES $newest"
fi
clients=${CLIENTS:-"jdk urlconnection apache4 apache5 okhttp reference okhttp*3"}
median() { sort -n | awk '{a[NR]=$1} END {printf "%d", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

echo "### Start-up of the first request (median of $runs runs, ms; load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| JDK | client | CPU, no agent | CPU, agent | CPU added | wall, no agent | wall, agent | wall added |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for home in $JAVA_HOMES; do
  version=$("$home/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)
  for spec in $clients; do
    client=${spec%\**}; count=1; [ "$spec" != "$client" ] && count=${spec#*\*}
    : > "$tmp/none"; : > "$tmp/agent"
    for _ in $(seq "$runs"); do
      for mode in none agent; do
        args=(); [ $mode = agent ] && args=("-javaagent:$agent")
        /usr/bin/time -f "%U %S %e" -o "$tmp/t" "$home/bin/java" "${args[@]}" -cp "$jar:$agent" \
          dev.bodycheck.bench.FirstRequest "$client" "$count" > /dev/null 2> "$tmp/err" \
          || { echo "failed: $client $mode" >&2; cat "$tmp/err" >&2; exit 1; }
        awk '{printf "%d %d\n", ($1 + $2) * 1000, $3 * 1000}' "$tmp/t" >> "$tmp/$mode"
      done
    done
    cn=$(cut -d' ' -f1 "$tmp/none" | median); ca=$(cut -d' ' -f1 "$tmp/agent" | median)
    wn=$(cut -d' ' -f2 "$tmp/none" | median); wa=$(cut -d' ' -f2 "$tmp/agent" | median)
    label=$client; [ "$count" != 1 ] && label="$client, $count requests"
    echo "| $version | $label | $cn | $ca | $((ca - cn)) | $wn | $wa | $((wa - wn)) |"
  done
done
