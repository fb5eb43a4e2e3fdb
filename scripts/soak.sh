#!/usr/bin/env bash
# Runs the synthetic demo for a fixed time and samples the resident memory (RSS) of its JVM, which
# runs the Flink MiniCluster with the job. It also samples the RSS of the JVM's child processes
# (Kafka broker, model server, PostgreSQL). A leak shows as a rising line.
#
#   scripts/soak.sh [--minutes N] [--interval SECONDS] [--warmup-minutes N] [--histogram-minutes N]
#                   [--out DIR] [-- DEMO OPTIONS]
#   scripts/soak.sh --minutes 30 -- --changes-per-second 200 -Dreembed.enabled=true
#
# Writes DIR/rss.csv (seconds since start, JVM RSS in MiB, RSS of the JVM's descendants in MiB,
# used Java heap and used old generation in MiB from jstat, committed Java heap in MiB, and the JVM's
# committed memory by Native Memory Tracking in MiB) and DIR/demo.log (the demo's output). The last
# column is 0 unless RELSTREAM_JAVA_OPTS enables tracking (-XX:NativeMemoryTracking=summary). RSS less
# that figure is memory the JVM does not track, such as RocksDB's and the allocator's.
# Prints first, last and maximum after the warm-up and the least-squares slope in MiB per hour.
# With --histogram-minutes N it also writes DIR/histogram-SECONDS.txt every N minutes from the end of
# the warm-up: the 40 largest classes of the live heap (`jmap -histo:live`, which runs a full
# collection first). Two such files show which objects a growing heap keeps.
# RELSTREAM_LAUNCHER replaces bin/relstream, for example with a command that runs already built jars.
# bin/relstream preloads jemalloc where installed. RELSTREAM_JEMALLOC=false runs with glibc's allocator.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
minutes=30
interval=5
warmup_minutes=5
histogram_minutes=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --warmup-minutes) warmup_minutes="$2"; shift 2 ;;
    --histogram-minutes) histogram_minutes="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "error: unknown option $1; see the usage at the top of $0" >&2; exit 2 ;;
  esac
done
out="${out:-$(mktemp -d -t relstream-soak.XXXXXX)}"
mkdir -p "$out"
launcher="${RELSTREAM_LAUNCHER:-$root/bin/relstream}"

rss_mib() {
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# Prints the used heap, the used old generation and the committed heap in MiB. The old generation
# after collections approximates the live set, so it separates a leak from a heap that the collector
# merely grew. The committed heap is the part of RSS that the collector sized.
heap_mib() {
  jstat -gc "$1" 2>/dev/null |
    awk 'NR == 2 { printf "%.1f,%.1f,%.1f", ($3 + $4 + $6 + $8) / 1024, $8 / 1024, ($1 + $2 + $5 + $7) / 1024 }' |
    grep . || echo "0,0,0"
}

# Prints the JVM's committed memory in MiB by Native Memory Tracking, or 0 when tracking is off.
tracked_mib() {
  jcmd "$1" VM.native_memory summary 2>/dev/null |
    awk '/^Total:/ { for (i = 1; i <= NF; i++) if ($i ~ /^committed=/) { sub("committed=", "", $i); sub("KB", "", $i);
      printf "%.1f", $i / 1024; found = 1 } } END { if (!found) printf "0" }'
}

descendants() {
  local children
  children="$(cat /proc/"$1"/task/*/children 2>/dev/null || true)"
  for child in $children; do
    echo "$child"
    descendants "$child"
  done
}

# The demo's --max-seconds counts from the job's start, so the build and the servers' start come on top.
$launcher demo --server-port 0 --max-seconds $((minutes * 60)) "$@" > "$out/demo.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' INT TERM
echo "soak: demo pid $pid, samples every ${interval} s into $out/rss.csv" >&2
echo "seconds,jvm_rss_mib,children_rss_mib,heap_used_mib,old_used_mib,heap_committed_mib,tracked_mib" > "$out/rss.csv"
start=$(date +%s)
next_histogram=$((warmup_minutes * 60))
while kill -0 "$pid" 2>/dev/null; do
  elapsed=$(( $(date +%s) - start ))
  if [ "$histogram_minutes" -gt 0 ] && [ "$elapsed" -ge "$next_histogram" ]; then
    jmap -histo:live "$pid" 2>/dev/null | head -43 > "$out/histogram-$elapsed.txt" || true
    next_histogram=$((next_histogram + histogram_minutes * 60))
  fi
  children=0
  for child in $(descendants "$pid"); do
    children=$(awk -v sum="$children" -v add="$(rss_mib "$child")" 'BEGIN { printf "%.1f", sum + add }')
  done
  echo "$(( $(date +%s) - start )),$(rss_mib "$pid"),$children,$(heap_mib "$pid"),$(tracked_mib "$pid")" >> "$out/rss.csv"
  sleep "$interval"
done
wait "$pid" || echo "soak: the demo exited with status $?; see $out/demo.log" >&2

awk -F, -v warmup=$((warmup_minutes * 60)) '
  NR > 1 && $1 >= warmup && $2 > 0 {
    n++; x = $1 / 3600; y = $2
    if (n == 1) { first = y; firstChildren = $3; firstOld = $5; firstCommitted = $6; firstTracked = $7 }
    last = y; lastChildren = $3; lastOld = $5; lastCommitted = $6; lastTracked = $7
    if (y > max) max = y
    if ($5 > maxOld) maxOld = $5
    sx += x; sy += y; sxx += x * x; sxy += x * y
  }
  END {
    if (n < 2) { print "soak: fewer than 2 samples after the warm-up"; exit 1 }
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    format = "soak: samples=%d after %d s; jvm_rss_mib first=%.0f last=%.0f max=%.0f slope=%.1f MiB/h;" \
        " children_rss_mib first=%.0f last=%.0f; old_used_mib first=%.0f last=%.0f max=%.0f;" \
        " heap_committed_mib first=%.0f last=%.0f; tracked_mib first=%.0f last=%.0f\n"
    printf format, n, warmup, first, last, max, slope, firstChildren, lastChildren, firstOld, lastOld, maxOld,
        firstCommitted, lastCommitted, firstTracked, lastTracked
  }' "$out/rss.csv"
grep '^summary:' "$out/demo.log" || true
