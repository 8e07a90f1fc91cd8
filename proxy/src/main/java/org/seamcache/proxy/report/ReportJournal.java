package org.seamcache.proxy.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports on disk before they are sent, so none is lost across a restart or a kill -9: a line
 * {@code R<TAB>id<TAB>endpoint<TAB>json} is written and forced to disk when a report is made, and
 * {@code D<TAB>id} once the endpoint took it. Opening reads back what was made and not delivered (a
 * torn last line, from a crash in the middle of a write, is ignored: its report was never
 * acknowledged to anyone) and rewrites the file with just those. Thread-safe.
 */
final class ReportJournal implements AutoCloseable {

  /** A report waiting for its endpoint. */
  record Pending(String id, String endpoint, String json) {}

  private final Path file;
  private FileChannel channel;

  private ReportJournal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens (or creates) the journal at {@code file}; returns it with the reports still to deliver. */
  static ReportJournal open(Path file, List<Pending> pendingOut) {
    Map<String, Pending> pending = new LinkedHashMap<>();
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file)) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : (end < 0 ? "" : text.substring(0, end)).split("\n")) {
          String[] f = line.split("\t", 4);
          if (f.length == 4 && f[0].equals("R")) {
            pending.put(f[1], new Pending(f[1], f[2], f[3]));
          } else if (f.length == 2 && f[0].equals("D")) {
            pending.remove(f[1]);
          }
        }
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      StringBuilder kept = new StringBuilder();
      pending.values().forEach(p -> kept.append(line(p)));
      Files.writeString(tmp, kept, StandardCharsets.UTF_8);
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      pendingOut.addAll(pending.values());
      return new ReportJournal(file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the report journal " + file, e);
    }
  }

  /** Keeps {@code p} on disk (forced) before anyone is told about it. */
  synchronized void made(Pending p) {
    write(line(p), true);
  }

  /** The endpoint took report {@code id}: it is not sent again. */
  synchronized void delivered(String id) {
    write("D\t" + id + "\n", false); // a delivery lost in a crash only means the report is sent again, under the same id
  }

  private void write(String line, boolean force) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.encode(line);
      while (b.hasRemaining()) {
        channel.write(b);
      }
      if (force) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report journal " + file, e);
    }
  }

  private static String line(Pending p) {
    return "R\t" + p.id() + "\t" + p.endpoint() + "\t" + p.json().replace('\n', ' ') + "\n";
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing pending is lost: it was forced when made
    }
  }

  static List<Pending> none() {
    return new ArrayList<>();
  }
}
