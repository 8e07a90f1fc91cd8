#!/usr/bin/env bash
# make-captures.sh - record the golden captures for the seamer: three real VOD sessions of the
# harness origin's /vod-video mount (H.264 only), one classic pcap each (tshark -F pcap on lo).
#
# Usage: test-data/captures/make-captures.sh [OUTDIR]   (default: the directory of this script)
# Needs: ffmpeg, tshark, /usr/bin/python3 with gi (see test-data/harness/origin.py).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS=$HERE/../harness
OUT=${1:-$HERE}
MEDIA=/tmp/seam_media/test.mp4
[ -f "$MEDIA" ] || "$HARNESS/make-media.sh" "$MEDIA" 10 >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RTSP_PORT=$(free_port)
RTP_LO=$(( 42000 + RANDOM % 2000 * 2 )); RTP_HI=$(( RTP_LO + 99 ))

/usr/bin/python3 "$HARNESS/origin.py" --port "$RTSP_PORT" --rtp-ports "$RTP_LO-$RTP_HI" --file "$MEDIA" \
  > /tmp/seam_origin.log 2>&1 &
ORIGIN=$!
trap 'kill $ORIGIN 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q READY /tmp/seam_origin.log && break; sleep 0.1; done

# session NAME START SECS: one RTSP/UDP session of /vod-video, captured from the origin's RTP ports
session() {
  local name=$1 start=$2 secs=$3
  tshark -q -i lo -F pcap -f "udp src portrange $RTP_LO-$RTP_HI" -w "$OUT/$name.pcap" 2>/dev/null &
  local cap=$!
  sleep 1.5 # tshark needs a moment before it captures
  local range=(); [ "$start" = 0 ] || range=(--start "$start")
  "$HARNESS/rtsp_capture.py" "rtsp://127.0.0.1:$RTSP_PORT/vod-video" "${range[@]}" --secs "$secs" --out /dev/null --quiet
  sleep 0.5
  kill -INT $cap; wait $cap || true
}
session vod-video-a 0 5
session vod-video-b 0 5
session vod-video-c 2 4
ls -l "$OUT"/*.pcap
