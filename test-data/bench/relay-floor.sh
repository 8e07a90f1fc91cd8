#!/usr/bin/env bash
# relay-floor.sh - CPU per delivered packet of seamcache, a baseline relay (live555ProxyServer) and
# the physical floor (a C program that only sends the stream's packets with sendmmsg) to the SAME
# native receivers (udp-sink.c), in one run, A/B/C interleaved. It tells how far below a baseline
# any relay on this machine can go: on loopback the receivers' kernel work is charged to the sender,
# and no relay can send for less than the floor.
#
# Usage: FLOOR=/path/floor TRACE=/path/live-trace.txt LIVE555=/path/live555ProxyServer \
#          test-data/bench/relay-floor.sh [VIEWERS] [WINDOW_SECONDS] [REPETITIONS]   (200 15 2)
#   FLOOR: a program run as `FLOOR send sendmmsg N SECONDS TRACE BASEPORT` that sends the trace to N
#          UDP ports BASEPORT, BASEPORT+2, ... and prints JSON with "user_s", "sys_s", "sent";
#   LIVE555: a relay run as `LIVE555 -p PORT rtsp://ORIGIN/live`, serving rtsp://127.0.0.1:PORT/proxyStream;
#   JAR: cli/target/seamcache.jar (after ./mvnw -q -pl cli -am package -DskipTests), run with the
#        launcher's jvm.options (Java 17 lines); KEEP: keep the work directory.
# Run from anywhere; needs gcc, python3 with python3-gi (the test origin) and the packages .ci/run
# installs. Everything binds to 127.0.0.1; every process started here is stopped by PID at the end.
# Steady CPU of each sender = utime+stime from /proc over WINDOW seconds, starting 8 s after its
# viewers play; packets = what the receivers got in the same window (the floor: what it sent).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${FLOOR:?FLOOR=path of the floor program}" "${TRACE:?TRACE=path of its packet trace}" "${LIVE555:?LIVE555=path of live555ProxyServer}"
N=${1:-200}; WIN=${2:-15}; REPS=${3:-2}
JAR=${JAR:-cli/target/seamcache.jar}
WORK=$(mktemp -d /tmp/seamcache-floor.XXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
# Receiver ports below Linux's ephemeral range (32768-60999), so that no socket bound to port 0 here
# (the relays' own UDP ports, RTSP connections) can take one of them.
KEEPER_PORT=${KEEPER_PORT:-19000}; RELAY_BASE=${RELAY_BASE:-20000}; FLOOR_BASE=${FLOOR_BASE:-26000}
ready() { # a sink's output file: wait for READY, or stop the run
  for _ in $(seq 50); do grep -q READY "$1" && return 0; sleep 0.1; done
  echo "udp-sink did not start (see above); ports in use?" >&2; exit 1
}
gcc -O2 -o "$WORK/udp-sink" test-data/bench/udp-sink.c
test-data/harness/make-media.sh "$WORK/media.mp4" 5 >/dev/null
JVM_OPTS=$(grep -v -E '^\s*(#|$)|^[0-9]+-?[0-9]*:' packaging/src/dist/conf/jvm.options | tr '\n' ' ')
OPORT=$(free_port)
/usr/bin/python3 test-data/harness/origin.py --port "$OPORT" --rtp-ports 53000-53999 --file "$WORK/media.mp4" --shared live \
  --session-timeout 60 >"$WORK/origin.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q READY "$WORK/origin.log" && break; sleep 0.1; done
SPORT=$(free_port)
# shellcheck disable=SC2086
java $JVM_OPTS -jar "$JAR" serve --bind 127.0.0.1 --rtsp-port "$SPORT" --admin-port 0 --data-dir "$WORK/data" --allow-origin 127.0.0.0/8 \
  --max-sessions 5000 --max-sessions-per-client 5000 --max-connections-per-client 5000 >"$WORK/seamcache.log" 2>&1 &
SPID=$!; pids+=($SPID)
LPORT=$(free_port)
"$LIVE555" -p "$LPORT" "rtsp://127.0.0.1:$OPORT/live" >"$WORK/live555.log" 2>&1 &
LPID=$!; pids+=($LPID)
sleep 4
# live555 pauses the origin when its last viewer leaves and may not resume it: one viewer stays all along
"$WORK/udp-sink" 1 100000 $KEEPER_PORT >"$WORK/keeper-sink.txt" & pids+=($!)
ready "$WORK/keeper-sink.txt"
python3 test-data/bench/rtsp-udp-viewers.py "rtsp://127.0.0.1:$LPORT/proxyStream" 1 $KEEPER_PORT 100000 >/dev/null & pids+=($!)
sleep 2
received() { tail -1 "$1" | awk '{print $2}'; }
relay() { # NAME PID URL -> "NAME cpu_s packets"
  "$WORK/udp-sink" "$N" $((WIN + 25)) "$RELAY_BASE" >"$WORK/sink.txt" & local sink=$!
  ready "$WORK/sink.txt"
  python3 test-data/bench/rtsp-udp-viewers.py "$3" "$N" "$RELAY_BASE" $((WIN + 12)) >"$WORK/viewers.txt" & local viewers=$!
  for _ in $(seq 300); do grep -q PLAYING "$WORK/viewers.txt" && break; sleep 0.1; done
  grep -q PLAYING "$WORK/viewers.txt" || { echo "$1: viewers did not start" >&2; exit 1; }
  sleep 8
  local t0 c0 t1 c1; t0=$(ticks "$2"); c0=$(received "$WORK/sink.txt")
  sleep "$WIN"
  t1=$(ticks "$2"); c1=$(received "$WORK/sink.txt")
  wait "$viewers" || true; kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true
  echo "$1 $(python3 -c "print(($t1 - $t0) / $HZ)") $((c1 - c0))"
}
floor() {
  "$WORK/udp-sink" "$N" $((WIN + 5)) "$FLOOR_BASE" >"$WORK/floor-sink.txt" & local sink=$!
  ready "$WORK/floor-sink.txt"
  "$FLOOR" send sendmmsg "$N" "$WIN" "$TRACE" "$FLOOR_BASE" \
    | python3 -c 'import json, sys; j = json.load(sys.stdin); print("floor", j["user_s"] + j["sys_s"], j["sent"])'
  wait "$sink" || true
}
relay warm-up "$SPID" "rtsp://127.0.0.1:$SPORT/127.0.0.1:$OPORT/live" >/dev/null
for _ in $(seq "$REPS"); do
  floor
  relay live555 "$LPID" "rtsp://127.0.0.1:$LPORT/proxyStream"
  relay seamcache "$SPID" "rtsp://127.0.0.1:$SPORT/127.0.0.1:$OPORT/live"
done | tee "$WORK/rows.txt" | awk '{printf "%-10s cpu %6.2f s  packets %8d  CPU-s per M packets %6.2f\n", $1, $2, $3, $2 / $3 * 1e6}'
python3 - "$WORK/rows.txt" "$N" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, cpu, packets = line.split()
    rows.setdefault(name, []).append(float(cpu) / int(packets) * 1e6)
med = {k: statistics.median(v) for k, v in rows.items()}
print(f"{sys.argv[2]} UDP viewers, medians (CPU-s per M packets): " + ", ".join(f"{k} {v:.2f}" for k, v in med.items()))
print(f"ratios: seamcache/live555 {med['seamcache'] / med['live555']:.2f}x, floor/live555 {med['floor'] / med['live555']:.2f}x, "
      f"seamcache/floor {med['seamcache'] / med['floor']:.2f}x")
PY
