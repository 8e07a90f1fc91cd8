#!/usr/bin/env bash
# fromdisk-memory.sh - heap and RSS per viewer served from disk, measured out of process: a
# `seamcache serve` child with one cached title (prefetched, then the origin stopped, so every
# viewer is served from the recording) and N viewers from `seamcache bench` in another process.
#
# Usage: test-data/bench/fromdisk-memory.sh [VIEWERS...]    (default: 50 200; run from the repository
#        root after ./mvnw -q -pl cli -am package -DskipTests; needs the Debian packages .ci/run installs)
# env: SECONDS_PER_RUN (20: how long the viewers play; the title is 10 s longer), TRANSPORT (tcp),
#      SERVE_OPTS (JVM flags of the serve child; default a fixed, pre-touched 256 MiB heap, so that RSS
#      moves with memory outside the heap only: direct buffers, thread stacks, mapped queue pages),
#      JAR (cli/target/seamcache.jar),
#      KEEP (set: keep the work directory with the logs and the bench's JSON)
# Per viewer count it prints, after a full GC of the serve child (jcmd GC.run) with 0 viewers and
# again with N viewers playing: heap used (jcmd GC.heap_info), RSS (VmRSS), their growth per viewer,
# and what the viewers got (packets, worst loss). Everything binds to 127.0.0.1; every process
# started here is stopped by PID at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
VIEWERS=("$@"); [ $# -eq 0 ] && VIEWERS=(50 200)
SECS=${SECONDS_PER_RUN:-20}; TRANSPORT=${TRANSPORT:-tcp}
JAR=${JAR:-cli/target/seamcache.jar}
WORK=$(mktemp -d /tmp/seamcache-fromdisk.XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
status() { curl -s "127.0.0.1:$APORT/status"; }
# heap used after a full GC, in bytes (G1/Serial/Parallel all print "used NNNK" on their first line)
heap_after_gc() {
  jcmd "$SPID" GC.run >/dev/null
  jcmd "$SPID" GC.heap_info | python3 -c 'import re,sys; print(int(re.search(r"used (\d+)K", sys.stdin.read()).group(1)) * 1024)'
}
rss() { awk '/VmRSS/{print $2 * 1024}' "/proc/$SPID/status"; }

TITLE=$(( SECS + 10 ))
test-data/harness/make-media.sh "$WORK/media.mp4" "$TITLE" >/dev/null
OPORT=$(free_port)
/usr/bin/python3 test-data/harness/origin.py --port "$OPORT" --rtp-ports 54000-54999 --file "$WORK/media.mp4" >"$WORK/origin.log" 2>&1 &
OPID=$!; pids+=($OPID)
PPORT=$(free_port); APORT=$(free_port)
# shellcheck disable=SC2086
java ${SERVE_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch} -jar "$JAR" serve --bind 127.0.0.1 --rtsp-port "$PPORT" --admin-port "$APORT" --data-dir "$WORK/data" \
  --allow-origin 127.0.0.0/8 --max-sessions 5000 --max-sessions-per-client 5000 --max-connections-per-client 5000 >"$WORK/proxy.log" 2>&1 &
SPID=$!; pids+=($SPID)
for _ in $(seq 300); do grep -q READY "$WORK/origin.log" && curl -sf "127.0.0.1:$APORT/ready" >/dev/null && break; sleep 0.1; done
URL="rtsp://127.0.0.1:$OPORT/vod"
java -jar "$JAR" prefetch "$URL" --admin "127.0.0.1:$APORT"
for _ in $(seq $(( TITLE * 4 + 120 ))); do
  status | python3 -c 'import json,sys; t=json.load(sys.stdin)["cache"]["titles"]; sys.exit(0 if any(x["state"]=="complete" for x in t) else 1)' \
    && break
  sleep 0.5
done
status | python3 -c 'import json,sys; t=json.load(sys.stdin)["cache"]["titles"]; assert any(x["state"]=="complete" for x in t), t'
kill "$OPID"; wait "$OPID" 2>/dev/null || true   # from here on only the disk can serve
echo "title: ${TITLE} s /vod (video + audio) cached complete; origin stopped; serve pid $SPID, java $(java -version 2>&1 | head -1)," \
  "heap: $(jcmd "$SPID" GC.heap_info | awk 'NR==2{print $1, $2}') (max $(curl -s "127.0.0.1:$APORT/status" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["jvm"]["heapMaxBytes"] >> 20)') MiB)"
VIA="rtsp://127.0.0.1:$PPORT/127.0.0.1:$OPORT/vod"
java -jar "$JAR" bench "$VIA" --viewers 1 --seconds 3 --transport "$TRANSPORT" >/dev/null 2>&1 || true  # warm the title and code paths

for n in "${VIEWERS[@]}"; do
  sleep 2
  heap0=$(heap_after_gc); rss0=$(rss)
  java -jar "$JAR" bench "$VIA" --viewers "$n" --seconds "$SECS" --transport "$TRANSPORT" --json >"$WORK/bench-$n.json" 2>/dev/null &
  BPID=$!; pids+=($BPID)
  playing=0
  for _ in $(seq 300); do
    playing=$(status | python3 -c 'import json,sys; print(json.load(sys.stdin)["viewers"])')
    [ "$playing" -ge "$n" ] && break
    sleep 0.1
  done
  [ "$playing" -ge "$n" ] || echo "  only $playing of $n viewers were playing when measured"
  sleep $(( SECS / 2 ))   # all playing for a while: buffers and sessions at their working size
  heapN=$(heap_after_gc); rssN=$(rss)
  wait "$BPID" || true
  python3 - "$n" "$heap0" "$heapN" "$rss0" "$rssN" "$WORK/bench-$n.json" <<'PY'
import json, sys
n, heap0, heapN, rss0, rssN = (int(x) for x in sys.argv[1:6])
r = json.load(open(sys.argv[6]))
res = r["results"]
loss = max((v["lost"] / v["expected"] * 100 if v["expected"] else 0) for v in res)
M = 2 ** 20
notes = sorted({v["failure"] for v in res if v.get("failure")})
if notes:
    print("  viewers' notes:", "; ".join(notes[:3]))
print(f"viewers={n:>4d} failed={r['failed']} packets={r['totalPackets']:>8d} worst_loss={loss:.3f}% | "
      f"heap after GC {heap0 / M:6.1f} -> {heapN / M:6.1f} MiB ({(heapN - heap0) / n / 1024:6.1f} KiB/viewer) | "
      f"RSS {rss0 / M:6.1f} -> {rssN / M:6.1f} MiB ({(rssN - rss0) / n / 1024:6.1f} KiB/viewer)")
PY
done
