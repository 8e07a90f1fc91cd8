// udp-sink.c - N IPv4 UDP receivers on 127.0.0.1 BASE, BASE+2, ... drained with recvmmsg from one
// epoll loop; prints "READY" once bound, then "<monotonic seconds> <datagrams so far>" every second,
// for SECONDS. The same receivers for every sender under comparison (relay-floor.sh), so the kernel's
// receive-side work charged to a sender on loopback is the same for all of them.
//   gcc -O2 -o udp-sink udp-sink.c && ./udp-sink N SECONDS BASE
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: udp-sink N SECONDS BASEPORT\n");
    return 2;
  }
  int n = atoi(argv[1]), seconds = atoi(argv[2]), base = atoi(argv[3]);
  if (n < 1 || n > 5000 || seconds < 1 || base < 1024 || base + 2 * n > 65535) {
    fprintf(stderr, "udp-sink: N 1-5000, SECONDS >= 1, ports BASE..BASE+2N within 1024-65535\n");
    return 2;
  }
  int ep = epoll_create1(0);
  for (int i = 0; i < n; i++) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0), big = 1 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(base + 2 * i)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a)) {
      perror("udp-sink: bind");
      return 1;
    }
    struct epoll_event e = {.events = EPOLLIN, .data.fd = s};
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &e);
  }
  static char bufs[64][2048];
  struct mmsghdr m[64];
  struct iovec v[64];
  for (int i = 0; i < 64; i++) {
    v[i].iov_base = bufs[i];
    v[i].iov_len = sizeof bufs[i];
    m[i].msg_hdr = (struct msghdr){.msg_iov = &v[i], .msg_iovlen = 1};
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  long got = 0;
  double end = now() + seconds, next = now() + 1;
  printf("READY\n");
  while (now() < end) {
    struct epoll_event ev[256];
    int k = epoll_wait(ep, ev, 256, 100);
    for (int i = 0; i < k; i++) {
      int r;
      while ((r = recvmmsg(ev[i].data.fd, m, 64, MSG_DONTWAIT, NULL)) > 0) got += r;
    }
    double t = now();
    if (t >= next) {
      printf("%.3f %ld\n", t, got);
      next += 1;
    }
  }
  return 0;
}
