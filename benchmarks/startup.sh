#!/usr/bin/env bash
# Start-up of the first request: a program (FirstRequest) that starts a local server, makes one request with
# one client and exits, without the agent and with it (default options): a first run, which weaves what the agent
# jar does not ship woven, and a later run, which reads back the woven classes an earlier run stored; runs
# alternating. Prints the median process CPU (user + system) and wall time of each, and what the agent adds, as a
# markdown table.
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
if [ $build = 1 ]; then mvn -B -q -DskipTests package -pl agent,benchmarks -am >&2; fi
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
echo "First run: an empty user.home each run (the agent weaves what its jar does not ship woven). Later runs: it reads"
echo "back the classes an earlier run wove (one user.home, primed by one run first). Added: over the run without the agent."
echo
echo "| JDK | client | CPU, no agent | CPU, first run (added) | CPU, later runs (added) | wall, no agent | wall, first run (added) | wall, later runs (added) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for home in $JAVA_HOMES; do
  version=$("$home/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)
  for spec in $clients; do
    client=${spec%\**}; count=1; [ "$spec" != "$client" ] && count=${spec#*\*}
    : > "$tmp/none"; : > "$tmp/first"; : > "$tmp/later"
    rm -rf "$tmp/home"; mkdir -p "$tmp/home"
    "$home/bin/java" -Duser.home="$tmp/home" "-javaagent:$agent" -cp "$jar:$agent" \
      dev.bodycheck.bench.FirstRequest "$client" "$count" > /dev/null 2>&1
    for i in $(seq "$runs"); do
      for mode in none first later; do
        case $mode in
          none) args=() ;;
          first) rm -rf "$tmp/fresh"; mkdir -p "$tmp/fresh"; args=(-Duser.home="$tmp/fresh" "-javaagent:$agent") ;;
          later) args=(-Duser.home="$tmp/home" "-javaagent:$agent") ;;
        esac
        /usr/bin/time -f "%U %S %e" -o "$tmp/t" "$home/bin/java" "${args[@]}" -cp "$jar:$agent" \
          dev.bodycheck.bench.FirstRequest "$client" "$count" > /dev/null 2> "$tmp/err" \
          || { echo "failed: $client $mode" >&2; cat "$tmp/err" >&2; exit 1; }
        awk '{printf "%d %d\n", ($1 + $2) * 1000, $3 * 1000}' "$tmp/t" >> "$tmp/$mode"
      done
    done
    cn=$(cut -d' ' -f1 "$tmp/none" | median); cf=$(cut -d' ' -f1 "$tmp/first" | median); cl=$(cut -d' ' -f1 "$tmp/later" | median)
    wn=$(cut -d' ' -f2 "$tmp/none" | median); wf=$(cut -d' ' -f2 "$tmp/first" | median); wl=$(cut -d' ' -f2 "$tmp/later" | median)
    label=$client; [ "$count" != 1 ] && label="$client, $count requests"
    echo "| $version | $label | $cn | $cf (+$((cf - cn))) | $cl (+$((cl - cn))) | $wn | $wf (+$((wf - wn))) | $wl (+$((wl - wn))) |"
  done
done
