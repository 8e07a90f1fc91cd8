package org.seamcache.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessUsageTest {
  @Test
  void statFieldsCountFromTheLastParenthesisOfTheName() {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 12000 0 3 0 250 75 0 0 20 0 30 0 123 456 789";
    ProcessUsage.Cpu cpu = ProcessUsage.parseStat(stat, 100);
    assertThat(cpu.userSeconds()).isEqualTo(2.5);
    assertThat(cpu.systemSeconds()).isEqualTo(0.75);
    assertThat(cpu.totalSeconds()).isEqualTo(3.25);
    assertThat(cpu.minus(new ProcessUsage.Cpu(0.5, 0.25)).totalSeconds()).isEqualTo(2.5);
  }

  @Test
  void statusGivesRssAndItsPeakInKib() {
    String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t40\n";
    assertThat(ProcessUsage.parseStatus(status)).isEqualTo(new ProcessUsage.Memory(102400, 204800));
  }

  @Test
  void readsThisProcess() {
    ProcessUsage usage = ProcessUsage.onThisMachine();
    long pid = ProcessHandle.current().pid();
    assertThat(usage.cpu(pid).totalSeconds()).as("a JVM that ran tests used CPU").isPositive();
    ProcessUsage.Memory m = usage.memory(pid);
    assertThat(m.rssKib()).isPositive();
    assertThat(m.peakRssKib()).isGreaterThanOrEqualTo(m.rssKib());
  }
}
