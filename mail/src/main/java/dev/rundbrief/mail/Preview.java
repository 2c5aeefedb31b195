package dev.rundbrief.mail;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.FileAccessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what one recipient would receive to files, so an editor can look before sending.
 *
 * <p>Three files are written into the directory, which is created when missing: {@code
 * issue-N.html} (the HTML part, open it in a browser), {@code issue-N.txt} (the text part) and
 * {@code issue-N.eml} (the whole message, open it in a mail client). Existing files of the same
 * name are replaced.
 */
public final class Preview {
  private Preview() {}

  /**
   * Writes the three files and returns their paths in the order html, txt, eml.
   *
   * @throws FileAccessException if a file cannot be written; the message names it
   */
  public static List<Path> write(MessageComposer composer, Recipient recipient, Path directory) {
    requireNonNull(composer, "composer");
    requireNonNull(recipient, "recipient");
    requireNonNull(directory, "directory");
    RenderedDigest rendered = composer.rendered();
    RenderedMail mail = rendered.forRecipient(recipient);
    ComposedMessage message = composer.compose(recipient);
    String base = "issue-" + rendered.digest().number();
    Path html = directory.resolve(base + ".html");
    Path text = directory.resolve(base + ".txt");
    Path eml = directory.resolve(base + ".eml");
    try {
      Files.createDirectories(directory);
      Files.writeString(html, mail.html(), StandardCharsets.UTF_8);
      Files.writeString(text, mail.text(), StandardCharsets.UTF_8);
      Files.write(eml, message.bytes());
    } catch (IOException e) {
      throw FileAccessException.writing(directory, e);
    }
    return List.of(html, text, eml);
  }
}
