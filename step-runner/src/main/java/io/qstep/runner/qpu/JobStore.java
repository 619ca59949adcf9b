package io.qstep.runner.qpu;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.qstep.error.ErrorReason;
import io.qstep.error.QStepException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * QPU job state on local disk: one JSON file per idempotency key, written to a temporary file,
 * fsynced, renamed atomically over the old one, and the directory fsynced, so that a crash leaves
 * either the old or the new record, never a torn one. Several runners must not share a directory.
 * Thread-safe within one process.
 */
public final class JobStore {
  private static final Logger LOG = Logger.getLogger(JobStore.class.getName());
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{16,128}");
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final Path dir;

  /** A store over {@code dir}, created when missing. */
  public JobStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the QPU job directory " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The record of {@code key}, if any. */
  public synchronized Optional<JobRecord> get(String key) {
    Path f = file(key);
    try {
      return Optional.of(parse(Files.readString(f, StandardCharsets.UTF_8), f));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw storeFailure("read", f, e);
    }
  }

  /** Writes {@code r} durably, replacing the record of its key. */
  public synchronized void put(JobRecord r) {
    Path f = file(r.key());
    Path tmp = dir.resolve(r.key() + ".json.tmp");
    byte[] bytes = GSON.toJson(r).getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDir();
    } catch (IOException e) {
      throw storeFailure("write", f, e);
    }
  }

  /**
   * Writes a provenance file next to a record ({@code <key>.<suffix>}: the transpiled circuit, the
   * calibration snapshot), atomically.
   *
   * @return its path
   */
  public synchronized Path putArtifact(String key, String suffix, String text) {
    if (!suffix.matches("[a-z0-9_.]{1,32}") || suffix.equals("json")) {
      throw new IllegalArgumentException("bad artifact suffix " + suffix);
    }
    Path f = file(key).resolveSibling(key + "." + suffix);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return f;
    } catch (IOException e) {
      throw storeFailure("write", f, e);
    }
  }

  /** Every record (unreadable files are skipped and logged). */
  public synchronized List<JobRecord> all() {
    List<JobRecord> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : ds) {
        String n = f.getFileName().toString();
        if (!KEY.matcher(n.substring(0, n.length() - ".json".length())).matches()) {
          continue;
        }
        try {
          out.add(parse(Files.readString(f, StandardCharsets.UTF_8), f));
        } catch (IOException | QStepException e) {
          LOG.log(
              Level.WARNING, "skipping unreadable QPU job record {0}: {1}", new Object[] {f, e});
        }
      }
    } catch (IOException e) {
      throw storeFailure("list", dir, e);
    }
    return out;
  }

  private void syncDir() {
    // a rename is durable once its directory is; not every platform lets a directory be opened
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.FINE, "directory fsync not supported here", e);
    }
  }

  private Path file(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("an idempotency key is lowercase hex");
    }
    return dir.resolve(key + ".json");
  }

  private static JobRecord parse(String json, Path f) {
    try {
      JobRecord r = GSON.fromJson(json, JobRecord.class);
      if (r == null) {
        throw new JsonParseException("empty");
      }
      return r;
    } catch (RuntimeException e) {
      throw new QStepException(
          ErrorReason.INTERNAL, null, "corrupt QPU job record " + f + ": " + e.getMessage(), e);
    }
  }

  private static QStepException storeFailure(String op, Path f, IOException e) {
    return new QStepException(
        ErrorReason.INTERNAL, null, "cannot " + op + " QPU job state " + f + ": " + e, e);
  }
}
