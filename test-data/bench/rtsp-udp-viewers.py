"""N RTSP viewers of one URL over UDP, each on its own TCP connection: DESCRIBE, SETUP of the (single)
track with client_port BASE+2i, PLAY; prints "PLAYING N" once all play, holds them for HOLD seconds,
then TEARDOWN. The media itself goes to whatever listens on those ports (udp-sink), so this script
costs the relay nothing per packet.

usage: rtsp-udp-viewers.py URL N BASEPORT HOLD_SECONDS"""
import re
import socket
import sys
import time
from urllib.parse import urlparse


def request(conn, method, uri, cseq, extra=""):
    conn.sendall(f"{method} {uri} RTSP/1.0\r\nCSeq: {cseq}\r\nUser-Agent: rtsp-udp-viewers\r\n{extra}\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            raise SystemExit(f"{method}: connection closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    head = head.decode("latin-1")
    length = re.search(r"(?im)^Content-Length:\s*(\d+)", head)
    while length and len(body) < int(length.group(1)):
        body += conn.recv(int(length.group(1)) - len(body))
    if not head.startswith("RTSP/1.0 200"):
        raise SystemExit(f"{method} answered {head.splitlines()[0]}")
    return head, body.decode("latin-1")


def main():
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    url, n, base, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    where = urlparse(url)
    sessions = []
    for i in range(n):
        conn = socket.create_connection((where.hostname, where.port or 554))
        head, sdp = request(conn, "DESCRIBE", url, 1, "Accept: application/sdp\r\n")
        content_base = re.search(r"(?im)^Content-Base:\s*(\S+)", head)
        content_base = content_base.group(1) if content_base else url
        media = sdp.split("\nm=")[1:]
        if len(media) != 1:
            raise SystemExit(f"expected one track, the SDP has {len(media)}")
        control = re.search(r"a=control:(\S+)", media[0]).group(1)
        track = control if control.startswith("rtsp:") else content_base.rstrip("/") + "/" + control
        port = base + 2 * i
        head, _ = request(conn, "SETUP", track, 2, f"Transport: RTP/AVP;unicast;client_port={port}-{port + 1}\r\n")
        session = re.search(r"(?im)^Session:\s*([^;\r\n]+)", head).group(1)
        request(conn, "PLAY", content_base, 3, f"Session: {session}\r\nRange: npt=0-\r\n")
        sessions.append((conn, session, content_base))
    print(f"PLAYING {n}", flush=True)
    time.sleep(hold)
    for conn, session, content_base in sessions:
        try:
            request(conn, "TEARDOWN", content_base, 4, f"Session: {session}\r\n")
        except (OSError, SystemExit):
            pass
        conn.close()


if __name__ == "__main__":
    main()
