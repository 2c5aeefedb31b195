package dev.rundbrief.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rundbrief.core.FileAccessException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed or OPML file that is missing or cannot be read is reported as the project's own exception
 * naming the file, not as an {@link java.io.UncheckedIOException}.
 */
class InputFilesTest {
  @TempDir Path temp;

  @Test
  void aMissingFeedFileIsNamed() {
    Path missing = temp.resolve("ki.xml");

    assertThatThrownBy(() -> FeedReader.create().read(missing))
        .isInstanceOf(FileAccessException.class)
        .hasMessage("'" + missing + "': no such file or folder")
        .satisfies(e -> assertThat(((FileAccessException) e).file()).isEqualTo(missing));
  }

  @Test
  void aFeedFileThatCannotBeReadIsNamed() throws Exception {
    Path folder = Files.createDirectories(temp.resolve("ordner.xml"));

    assertThatThrownBy(() -> FeedReader.create().read(folder))
        .isInstanceOf(FileAccessException.class)
        .hasMessageStartingWith("'" + folder + "': cannot be read");
  }

  @Test
  void aMissingOrUnreadableOpmlFileIsNamed() throws Exception {
    Path missing = temp.resolve("abos.opml");
    Path folder = Files.createDirectories(temp.resolve("ordner.opml"));

    assertThatThrownBy(() -> Opml.read(missing))
        .isInstanceOf(FileAccessException.class)
        .hasMessage("'" + missing + "': no such file or folder");
    assertThatThrownBy(() -> Opml.read(folder))
        .isInstanceOf(FileAccessException.class)
        .hasMessageStartingWith("'" + folder + "': cannot be read");
  }
}
