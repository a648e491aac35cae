package io.scalecrm.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scalecrm.crm.spi.ChangeCursor;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Checkpoints in one JSON file. Every update takes an exclusive lock on {@code <file>.lock} (other
 * processes wait), reads the file, applies the change, writes a temporary file, forces it to disk,
 * renames it over the file and forces the directory, so that a crash at any moment leaves the old
 * or the new file, whole.
 */
final class FileCheckpointStore implements CheckpointStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 2;

  private final Path file;
  private final Path lockFile;

  FileCheckpointStore(Path file) {
    this.file = file.toAbsolutePath();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  @Override
  public synchronized Checkpoint load(String stream) {
    return read().getOrDefault(stream, Checkpoint.EMPTY);
  }

  @Override
  public synchronized Checkpoint update(String stream, UnaryOperator<Checkpoint> change) {
    try {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (FileChannel lockChannel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockChannel.lock();
        try {
          Map<String, Checkpoint> all = read();
          Checkpoint updated = change.apply(all.getOrDefault(stream, Checkpoint.EMPTY));
          all.put(stream, updated);
          write(all, dir);
          return updated;
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the checkpoint file " + file, e);
    }
  }

  private void write(Map<String, Checkpoint> all, Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode streams = root.putObject("streams");
    for (Map.Entry<String, Checkpoint> e : new TreeMap<>(all).entrySet()) {
      ObjectNode s = streams.putObject(e.getKey());
      if (e.getValue().cursor() != null) {
        s.put("cursor", e.getValue().cursor().asString());
      }
      ArrayNode pending = s.putArray("pending");
      for (PendingRecord p : e.getValue().pending().values()) {
        ObjectNode o = pending.addObject();
        o.put("crmId", p.crmId());
        o.put("cursor", p.cursor().asString());
        o.put("kind", p.kind().name());
        o.put("reason", p.reason());
      }
    }
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    forceDirectory(dir);
  }

  /** Makes the rename durable. Not every platform can open a directory (Windows cannot). */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort where directories cannot be synced
    }
  }

  private Map<String, Checkpoint> read() {
    Map<String, Checkpoint> all = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return all;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the checkpoint file " + file, e);
    }
    try {
      if (text.stripLeading().startsWith("{")) {
        JsonNode streams = JSON.readTree(text).path("streams");
        for (Map.Entry<String, JsonNode> s : streams.properties()) {
          JsonNode cursor = s.getValue().get("cursor");
          Map<String, PendingRecord> pending = new LinkedHashMap<>();
          for (JsonNode p : s.getValue().path("pending")) {
            PendingRecord record =
                new PendingRecord(
                    p.path("crmId").asText(),
                    ChangeCursor.parse(p.path("cursor").asText()),
                    FailureKind.valueOf(p.path("kind").asText()),
                    p.path("reason").asText());
            pending.put(record.crmId(), record);
          }
          all.put(
              s.getKey(),
              new Checkpoint(
                  cursor == null || cursor.isNull() ? null : ChangeCursor.parse(cursor.asText()),
                  pending));
        }
      } else {
        // the properties format of version 1: stream=cursor
        Properties props = new Properties();
        props.load(new StringReader(text));
        for (String stream : props.stringPropertyNames()) {
          all.put(stream, new Checkpoint(ChangeCursor.parse(props.getProperty(stream)), Map.of()));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "The checkpoint file "
              + file
              + " is damaged ("
              + e.getClass().getSimpleName()
              + "); move it away to read everything again",
          e);
    }
    return all;
  }

  @Override
  public String toString() {
    return "CheckpointStore.file(" + file + ")";
  }
}
