package dev.rundbrief.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One issue of the newsletter: numbered, titled, covering a period, with its articles grouped into
 * sections.
 *
 * <p>A digest always has at least one article; a period with nothing new gives no digest at all
 * (see {@link DigestBuilder}).
 *
 * @param number the issue number, starting at 1
 * @param title the title, such as "KI-Woche 48/2026"
 * @param period the window the issue covers
 * @param intro an editor's introduction in plain text; empty when there is none
 * @param language the language of the issue, which chooses date formats and fixed strings
 * @param sections the sections in reading order, never empty
 * @param created when the issue was built
 */
public record Digest(
    int number,
    String title,
    DigestPeriod period,
    String intro,
    Locale language,
    List<Section> sections,
    Instant created) {

  /** Validates the parts and copies the sections. */
  public Digest {
    if (number < 1) {
      throw new IllegalArgumentException("issue number must be at least 1, was " + number);
    }
    requireNonNull(title, "title");
    title = title.strip();
    if (title.isEmpty()) {
      throw new IllegalArgumentException("digest title is blank");
    }
    requireNonNull(period, "period");
    intro = intro == null ? "" : intro.strip();
    requireNonNull(language, "language");
    sections = List.copyOf(requireNonNull(sections, "sections"));
    if (sections.isEmpty()) {
      throw new IllegalArgumentException("digest " + number + " has no sections");
    }
    requireNonNull(created, "created");
  }

  /** Every article of every section, in reading order. */
  public List<Article> articles() {
    List<Article> all = new ArrayList<>();
    for (Section section : sections) {
      all.addAll(section.articles());
    }
    return List.copyOf(all);
  }

  /** A copy with another introduction. */
  public Digest withIntro(String newIntro) {
    return new Digest(number, title, period, newIntro, language, sections, created);
  }
}
