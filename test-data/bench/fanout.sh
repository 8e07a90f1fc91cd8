#!/usr/bin/env bash
# fanout.sh - one live upstream (~2 Mbit/s, shared) fanned out to N viewers, through seamcache and,
# as the baseline in the same run, straight from the origin (gst-rtsp-server's own C fan-out).
#
# Usage: test-data/bench/fanout.sh [VIEWERS...]     (default: 50 200; run from the repository root
#        after ./mvnw -q -DskipTests package; needs the Debian packages .ci/run installs)
# env: SECONDS_PER_RUN (20), TRANSPORT (udp), KBPS (2000), RECORD (none|all, default none)
# Prints, per server and viewer count: CPU seconds of the serving process per million packets
# delivered (user and system), its peak RSS, and (for the proxy) heap in use; loss and jitter come
# from the viewers. A 1-viewer run of each comes first: the origin's CPU includes its live encoder,
# so "marginal" (N viewers minus 1 viewer, per million extra packets) is the fair fan-out figure.
# Everything binds to 127.0.0.1 and every process started here is stopped by PID at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
VIEWERS=("${@:-50 200}"); [ $# -eq 0 ] && VIEWERS=(50 200)
SECS=${SECONDS_PER_RUN:-20}; TRANSPORT=${TRANSPORT:-udp}; KBPS=${KBPS:-2000}; RECORD=${RECORD:-none}
WORK=$(mktemp -d /tmp/seamcache-fanout.XXXX)
JAR=${JAR:-cli/target/seamcache.jar}  # another build to compare: JAR=/path/to/seamcache.jar
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
user_ticks() { awk '{print $14}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

[ -f "$WORK/media.mp4" ] || test-data/harness/make-media.sh "$WORK/media.mp4" 5 >/dev/null
OPORT=$(free_port)
/usr/bin/python3 test-data/harness/origin.py --port "$OPORT" --rtp-ports 53000-53999 --file "$WORK/media.mp4" \
  --shared live --live-kbps "$KBPS" --session-timeout 60 >"$WORK/origin.log" 2>&1 &
OPID=$!; pids+=($OPID)
PPORT=$(free_port); APORT=$(free_port)
java -jar "$JAR" serve --bind 127.0.0.1 --rtsp-port "$PPORT" --admin-port "$APORT" --data-dir "$WORK/data" \
  --allow-origin 127.0.0.0/8 --record "$RECORD" --max-sessions 5000 --max-sessions-per-client 5000 >"$WORK/proxy.log" 2>&1 &
PPID_=$!; pids+=($PPID_)
for _ in $(seq 100); do grep -q READY "$WORK/origin.log" && grep -q READY "$WORK/proxy.log" && break; sleep 0.1; done

run() { # NAME PID URL N
  local name=$1 pid=$2 url=$3 n=$4
  local out0; out0=$(curl -s "127.0.0.1:$APORT/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["packetsOut"])')
  local u0 s0; u0=$(user_ticks "$pid"); s0=$(sys_ticks "$pid")
  java -jar "$JAR" bench "$url" --viewers "$n" --seconds "$SECS" --transport "$TRANSPORT" --json >"$WORK/$name-$n.json" 2>/dev/null || true
  local u1 s1; u1=$(user_ticks "$pid"); s1=$(sys_ticks "$pid")
  local out1; out1=$(curl -s "127.0.0.1:$APORT/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["packetsOut"])')
  local heap; heap=$(curl -s "127.0.0.1:$APORT/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["jvm"]["heapUsedBytes"])')
  python3 - "$name" "$n" "$WORK/$name-$n.json" "$(( u1 - u0 )) $(( s1 - s0 ))" "$hz" "$(( out1 - out0 ))" "$(awk '/VmHWM/{print $2}' /proc/$pid/status)" "$heap" "$WORK/$name-base" <<'PY'
import json, os, sys
name, n, path, ticks, hz, proxied, hwm_kb, heap, base = sys.argv[1:10]
r = json.load(open(path))
user, system = (int(t) / int(hz) for t in ticks.split())
cpu = user + system
received = r["totalPackets"]
delivered = int(proxied) if name == "seamcache" else received
res = r["results"]
loss = max((v["lost"] / v["expected"] * 100 if v["expected"] else 0) for v in res)
jit = max(v["jitterMillis"] for v in res)
pps = sum(v["packetsPerSecond"] for v in res) / len(res)
marginal = ""
if n == "1":
    open(base, "w").write(f"{cpu} {delivered}")
elif os.path.exists(base):
    c1, d1 = open(base).read().split()
    extra = delivered - int(d1)
    marginal = f"marginal_cpu_s_per_Mpkt={(cpu - float(c1)) / max(extra, 1) * 1e6:6.2f} "
print(f"{name:10s} viewers={n:>4s} failed={r['failed']} delivered={delivered:>8d} cpu={cpu:6.2f}s "
      f"cpu_s_per_Mpkt={cpu / max(delivered, 1) * 1e6:7.2f} (user {user:.2f}s, sys {system:.2f}s) peak_rss={int(hwm_kb)/1024:6.1f}MiB "
      + (f"heap_used={int(heap)/2**20:6.1f}MiB " if name == "seamcache" else "")
      + marginal + f"per_viewer={pps:6.1f}pkt/s worst_loss={loss:.3f}% worst_jitter={jit:.2f}ms")
PY
}
for n in 1 "${VIEWERS[@]}"; do
  run origin "$OPID" "rtsp://127.0.0.1:$OPORT/live" "$n"
  run seamcache "$PPID_" "rtsp://127.0.0.1:$PPORT/127.0.0.1:$OPORT/live" "$n"
done
