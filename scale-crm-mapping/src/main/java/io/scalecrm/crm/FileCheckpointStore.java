package io.scalecrm.crm;

import io.scalecrm.crm.spi.ChangeCursor;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/** Cursors in a properties file, rewritten through a temporary file and an atomic move. */
final class FileCheckpointStore implements CheckpointStore {
  private final Path file;

  FileCheckpointStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public synchronized Optional<ChangeCursor> load(String stream) {
    String value = read().getProperty(stream);
    return value == null ? Optional.empty() : Optional.of(ChangeCursor.parse(value));
  }

  @Override
  public synchronized void save(String stream, ChangeCursor cursor) {
    Properties props = read();
    String old = props.getProperty(stream);
    if (old != null && ChangeCursor.parse(old).compareTo(cursor) >= 0) {
      return;
    }
    props.setProperty(stream, cursor.asString());
    try {
      Path dir = file.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        props.store(w, "Scale CRM Sync checkpoints");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint file " + file, e);
    }
  }

  private Properties read() {
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read checkpoint file " + file, e);
      }
    }
    return props;
  }
}
