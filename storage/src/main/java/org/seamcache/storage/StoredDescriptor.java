package org.seamcache.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Contents of {@code content.properties}: the descriptor, when the content was created, its queue's roll cycle. Immutable. */
record StoredDescriptor(String id, ContentDescriptor content, long createdAtMillis, String rollCycle) {

  void writeTo(Path file) {
    Properties p = new Properties();
    p.setProperty("id", id);
    p.setProperty("originUrl", content.originUrl());
    p.setProperty("sdp", content.sdp());
    p.setProperty("createdAtMillis", Long.toString(createdAtMillis));
    p.setProperty("rollCycle", rollCycle);
    p.setProperty("tracks", Integer.toString(content.tracks().size()));
    for (TrackInfo t : content.tracks()) {
      String k = "track." + t.index() + ".";
      p.setProperty(k + "control", t.control());
      p.setProperty(k + "mediaType", t.mediaType());
      p.setProperty(k + "payloadType", Integer.toString(t.payloadType()));
      p.setProperty(k + "encodingName", t.encodingName());
      p.setProperty(k + "clockRateHz", Integer.toString(t.clockRateHz()));
    }
    PropertiesFile.write(file, p);
  }

  static StoredDescriptor readFrom(Path file) {
    Properties p = PropertiesFile.readIfExists(file);
    if (p == null) {
      throw new StorageException(file + " is missing");
    }
    try {
      List<TrackInfo> tracks = new ArrayList<>();
      int count = Integer.parseInt(p.getProperty("tracks"));
      for (int i = 0; i < count; i++) {
        String k = "track." + i + ".";
        tracks.add(new TrackInfo(
            i,
            p.getProperty(k + "control"),
            p.getProperty(k + "mediaType"),
            Integer.parseInt(p.getProperty(k + "payloadType")),
            p.getProperty(k + "encodingName"),
            Integer.parseInt(p.getProperty(k + "clockRateHz"))));
      }
      return new StoredDescriptor(
          p.getProperty("id"),
          new ContentDescriptor(p.getProperty("originUrl"), p.getProperty("sdp"), tracks),
          Long.parseLong(p.getProperty("createdAtMillis")),
          p.getProperty("rollCycle", ""));
    } catch (RuntimeException e) {
      throw new StorageException(file + " is malformed: " + e, e);
    }
  }
}
