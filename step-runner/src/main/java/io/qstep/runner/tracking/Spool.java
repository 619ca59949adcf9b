package io.qstep.runner.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run records waiting for the tracking server: one file per run ({@code <run key>.json}), written
 * to a temporary name, fsynced, renamed, and the directory fsynced, so a crash leaves either the
 * whole record or nothing. Records the server refused for good move to {@code rejected/} with a
 * {@code .reason} file. One replay at a time across processes (a lock file). Thread-safe.
 */
public final class Spool {
  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
  private static final String EXT = ".json";
  private final Path dir;
  private final Path rejected;

  /**
   * @throws IOException when the directory cannot be created or written
   */
  public Spool(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    this.rejected = this.dir.resolve("rejected");
    Files.createDirectories(rejected);
    if (!Files.isWritable(this.dir)) {
      throw new IOException("spool directory " + this.dir + " is not writable");
    }
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code r} durably. */
  public void put(RunRecord r) throws IOException {
    writeDurably(dir, r.runKey() + EXT, RunRecordCodec.encode(r));
  }

  /** The run keys waiting, oldest file first. */
  public List<String> pending() throws IOException {
    return list(dir);
  }

  /** The run keys refused for good. */
  public List<String> rejectedKeys() throws IOException {
    return list(rejected);
  }

  public boolean isEmpty() throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + EXT)) {
      return !s.iterator().hasNext();
    }
  }

  /** The record spooled under {@code runKey}; empty when gone (replayed meanwhile). */
  public Optional<RunRecord> read(String runKey) throws IOException {
    Path p = dir.resolve(runKey + EXT);
    try {
      return Optional.of(RunRecordCodec.decode(Files.readAllBytes(p)));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Removes a record once the server has it. */
  public void remove(String runKey) throws IOException {
    Files.deleteIfExists(dir.resolve(runKey + EXT));
  }

  /** Moves a spooled record (or writes {@code r}) to {@code rejected/} with the reason. */
  public void reject(RunRecord r, String reason) throws IOException {
    writeDurably(
        rejected, r.runKey() + ".reason", (reason + "\n").getBytes(StandardCharsets.UTF_8));
    Path src = dir.resolve(r.runKey() + EXT);
    if (Files.exists(src)) {
      Files.move(src, rejected.resolve(r.runKey() + EXT), StandardCopyOption.ATOMIC_MOVE);
    } else {
      writeDurably(rejected, r.runKey() + EXT, RunRecordCodec.encode(r));
    }
  }

  /** Moves rejected records back to the queue (after the cause is fixed). */
  public int requeueRejected() throws IOException {
    int n = 0;
    for (String key : rejectedKeys()) {
      Files.move(
          rejected.resolve(key + EXT), dir.resolve(key + EXT), StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(rejected.resolve(key + ".reason"));
      n++;
    }
    return n;
  }

  /** Outcome of one replay pass. */
  public record ReplayReport(int sent, int rejected, int remaining, String lastError) {}

  /**
   * Sends every pending record to {@code sink}, stopping at the first retryable failure (the server
   * is still unwell). Records refused for good move to {@code rejected/}. Does nothing, with {@code
   * remaining = -1}, when another replay (this process or another) holds the lock.
   */
  public ReplayReport replay(RunSink sink) throws IOException {
    try (FileChannel ch =
            FileChannel.open(
                dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(ch)) {
      if (lock == null) {
        return new ReplayReport(0, 0, -1, "another replay is running");
      }
      int sent = 0;
      int refused = 0;
      List<String> keys = pending();
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        Optional<RunRecord> r;
        try {
          r = read(key);
        } catch (IllegalArgumentException e) {
          LOG.warn(
              "tracking: spooled file {} is not a run record; moved aside: {}",
              key,
              e.getMessage());
          Files.move(
              dir.resolve(key + EXT),
              rejected.resolve(key + EXT),
              StandardCopyOption.REPLACE_EXISTING);
          refused++;
          continue;
        }
        if (r.isEmpty()) {
          continue;
        }
        try {
          sink.write(r.get());
          remove(key);
          sent++;
        } catch (TrackingException e) {
          if (e.retryable()) {
            return new ReplayReport(sent, refused, keys.size() - i, e.getMessage());
          }
          reject(r.get(), e.getMessage());
          refused++;
        }
      }
      return new ReplayReport(sent, refused, 0, null);
    }
  }

  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static List<String> list(Path d) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "*" + EXT)) {
      s.forEach(files::add);
    }
    files.sort(
        (a, b) -> {
          try {
            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
          } catch (IOException e) {
            return a.compareTo(b);
          }
        });
    List<String> keys = new ArrayList<>();
    for (Path p : files) {
      String n = p.getFileName().toString();
      keys.add(n.substring(0, n.length() - EXT.length()));
    }
    return keys;
  }

  private static void writeDurably(Path d, String name, byte[] bytes) throws IOException {
    Path tmp = d.resolve(name + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(
        tmp, d.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dirCh = FileChannel.open(d, StandardOpenOption.READ)) {
      dirCh.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the file itself is on disk.
    }
  }
}
