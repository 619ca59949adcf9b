package io.qstep.runner.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
  @TempDir Path dir;

  @Test
  void commit_movesEveryStagedOutput_andReplacesAStaleDirectory() throws Exception {
    Path a = dir.resolve("out/a");
    Path d = dir.resolve("out/d");
    Files.createDirectories(d.resolve("old"));
    try (Staging s = new Staging()) {
      Files.writeString(s.file(a), "A");
      Path td = s.directory(d);
      Files.writeString(td.resolve("x.npy"), "X");
      assertThat(a).doesNotExist();
      s.commit();
    }
    assertThat(Files.readString(a)).isEqualTo("A");
    assertThat(d.resolve("x.npy")).exists();
    assertThat(d.resolve("old")).doesNotExist();
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void closeWithoutCommit_removesTheTemporaries() throws Exception {
    try (Staging s = new Staging()) {
      Files.writeString(s.file(dir.resolve("a")), "A");
      Files.writeString(s.directory(dir.resolve("d")).resolve("x"), "X");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void commitFailingHalfway_removesWhatItHadMoved() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    try (Staging s = new Staging()) {
      Files.writeString(s.file(a), "A");
      Files.delete(s.file(b)); // the second move will fail
      assertThatThrownBy(s::commit).isInstanceOf(IOException.class);
    }
    assertThat(a).doesNotExist();
    assertThat(b).doesNotExist();
    assertThat(tempFiles()).isEmpty();
  }

  private java.util.List<Path> tempFiles() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
