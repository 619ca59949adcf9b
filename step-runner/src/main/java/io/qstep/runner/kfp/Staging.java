package io.qstep.runner.kfp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Files and directories written next to their targets under temporary names, moved into place
 * together by {@link #commit()} or removed by {@link #close()}: nothing appears at a target path
 * until every output was written. Not thread-safe.
 */
final class Staging implements AutoCloseable {
  private record Entry(Path temp, Path target) {}

  private final List<Entry> entries = new ArrayList<>();
  private boolean committed;

  /** A new temporary file in {@code target}'s directory (created when missing). */
  Path file(Path target) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    entries.add(new Entry(tmp, target));
    return tmp;
  }

  /** A new temporary directory next to {@code target}. */
  Path directory(Path target) throws IOException {
    Path dir = parentOf(target);
    Files.createDirectories(dir);
    Path tmp = Files.createTempDirectory(dir, "." + target.getFileName() + ".");
    entries.add(new Entry(tmp, target));
    return tmp;
  }

  /**
   * Moves every staged file and directory to its target, in the order staged. When a move fails,
   * the targets already moved are removed again (best effort) and the failure is rethrown.
   */
  void commit() throws IOException {
    List<Path> moved = new ArrayList<>();
    try {
      for (Entry e : entries) {
        if (Files.isDirectory(e.target())) {
          deleteTree(e.target()); // a fresh output location per run; a leftover is stale
        }
        try {
          Files.move(
              e.temp(),
              e.target(),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException x) {
          Files.move(e.temp(), e.target(), StandardCopyOption.REPLACE_EXISTING);
        }
        moved.add(e.target());
      }
    } catch (IOException | RuntimeException x) {
      for (Path p : moved) {
        try {
          deleteTree(p);
        } catch (IOException | RuntimeException ignored) {
          // best effort; the executor output is moved last, so it never appears
        }
      }
      throw x;
    }
    committed = true;
  }

  /** Removes whatever was staged and not committed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    for (Entry e : entries) {
      try {
        if (Files.exists(e.temp())) {
          deleteTree(e.temp());
        }
      } catch (IOException | UncheckedIOException ignored) {
        // best effort: a temporary name never passes for an output
      }
    }
  }

  private static Path parentOf(Path target) {
    Path p = target.toAbsolutePath().getParent();
    return p == null ? target.toAbsolutePath() : p;
  }

  static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
