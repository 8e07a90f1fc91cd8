#!/usr/bin/env python3
"""capture-seeds.py - remakes the real-traffic part of the fuzz seed corpus.

Stdlib only.  A TCP relay on 127.0.0.1 between RTSP clients and an origin that writes each connection's bytes
(client->origin and origin->client), then cuts them into seeds for the fuzz tests:

  proxy/RtspPipelineFuzzTest: what clients sent on one connection (requests, interleaved RTCP), and the start of
    what the origin answered (responses, interleaved RTP)
  proxy/RtspHeaderFuzzTest: Transport, Session, Range, RTP-Info, WWW-Authenticate header values seen both ways
  proxy/SdpFuzzTest: the DESCRIBE bodies
  seamer/RtpPacketFuzzTest: a few interleaved RTP packets (even channels) and RTCP packets (odd channels)

Usage (origin from test-data/harness/origin.py on ORIGIN_PORT):
  capture-seeds.py --origin-port 9554 --port 9560 --out DIR &   # relay; Ctrl-C or --seconds ends it
  ffprobe -rtsp_transport tcp rtsp://127.0.0.1:9560/vod ...      # clients through the relay
The seeds land in DIR/<module>/<FuzzTest class>Inputs/<method>/<client>-<n>; copy them into test-data/fuzz.
"""
import argparse
import os
import re
import socket
import threading
import time


def relay(client, origin_port, log):
    upstream = socket.create_connection(("127.0.0.1", origin_port))
    def pump(src, dst, key):
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            log[key] += data
            try:
                dst.sendall(data)
            except OSError:
                return
    threads = [threading.Thread(target=pump, args=(client, upstream, "c2s")),
               threading.Thread(target=pump, args=(upstream, client, "s2c"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client.close()
    upstream.close()


def split_stream(data):
    """Yields ('msg', head, body) and ('frame', channel, payload) in order."""
    i = 0
    while i < len(data):
        if data[i:i + 1] == b"$":
            if i + 4 > len(data):
                return
            ch, n = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
            yield ("frame", ch, data[i + 4:i + 4 + n])
            i += 4 + n
        elif data[i:i + 1] in (b"\r", b"\n"):
            i += 1
        else:
            end = data.find(b"\r\n\r\n", i)
            if end < 0:
                return
            head = data[i:end + 4]
            m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            n = int(m.group(1)) if m else 0
            yield ("msg", head, data[end + 4:end + 4 + n])
            i = end + 4 + n


def write(out, rel, name, data):
    d = os.path.join(out, rel)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def cut(out, logs, max_packets):
    headers = {"transport": rb"transport", "session": rb"session", "range": rb"range", "rtpInfo": rb"rtp-info",
               "authenticate": rb"www-authenticate|authorization"}
    for n, (label, log) in enumerate(logs):
        name = f"{label}-{n}"
        client_messages = b""
        rtp = rtcp = 0
        for direction in ("c2s", "s2c"):
            for kind, a, b in split_stream(log[direction]):
                if kind == "msg":
                    if direction == "c2s":
                        client_messages += a + b
                    else:
                        if b.startswith(b"v=0"):
                            write(out, "proxy/SdpFuzzTestInputs/parse", f"{name}-sdp", b)
                            write(out, "proxy/SdpFuzzTestInputs/describe", f"{name}-sdp", b)
                    for line in a.split(b"\r\n"):
                        for method, rx in headers.items():
                            m = re.match(rb"(?i)(" + rx + rb"):\s*(.*)$", line)
                            if m:
                                value = m.group(2)
                                seed = f"{name}-{direction}-{abs(hash(value)) % 10**8}"
                                write(out, f"proxy/RtspHeaderFuzzTestInputs/{method}", seed, value)
                elif a % 2 == 0 and rtp < max_packets:
                    write(out, "seamer/RtpPacketFuzzTestInputs/rtp", f"{name}-{direction}-rtp{rtp}", b)
                    rtp += 1
                elif a % 2 == 1 and rtcp < max_packets:
                    write(out, "seamer/RtpPacketFuzzTestInputs/rtcp", f"{name}-{direction}-rtcp{rtcp}", b)
                    rtcp += 1
        # The pipeline seed: the client's requests (and its interleaved RTCP) as one connection, bounded.
        frames = b"".join(b"$" + bytes([a]) + len(b).to_bytes(2, "big") + b
                          for kind, a, b in split_stream(log["c2s"]) if kind == "frame")[:600]
        write(out, "proxy/RtspPipelineFuzzTestInputs/decode", name, client_messages + frames)
        # The origin's side (the proxy's origin client reads it with the same chain): answers and the first frames.
        write(out, "proxy/RtspPipelineFuzzTestInputs/decode", name + "-origin", log["s2c"][:3000])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--origin-port", type=int, required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--label", default="client", help="seed name prefix (the client used)")
    ap.add_argument("--max-packets", type=int, default=4, help="RTP and RTCP seeds per connection")
    args = ap.parse_args()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.port))
    server.listen()
    server.settimeout(0.5)
    logs, threads = [], []
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        try:
            client, _ = server.accept()
        except socket.timeout:
            continue
        log = {"c2s": b"", "s2c": b""}
        logs.append((args.label, log))
        t = threading.Thread(target=relay, args=(client, args.origin_port, log), daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(timeout=5)
    cut(args.out, logs, args.max_packets)


if __name__ == "__main__":
    main()
