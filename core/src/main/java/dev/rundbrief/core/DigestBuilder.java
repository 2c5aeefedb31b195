package dev.rundbrief.core;

import static java.util.Comparator.comparing;
import static java.util.Comparator.naturalOrder;
import static java.util.Comparator.nullsLast;
import static java.util.Comparator.reverseOrder;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.text.Collator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.WeekFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses, orders and groups the articles of the next issue, or decides that there is no issue this
 * period.
 *
 * <p>A builder is an immutable configuration: every method returns a new builder and leaves the
 * receiver unchanged, so one configured builder can be kept and shared between threads.
 *
 * <pre>{@code
 * DigestOutcome outcome =
 *     DigestBuilder.weekly(ZoneId.of("Europe/Berlin"), Locale.GERMANY)
 *         .excludeTags(List.of("Werbung"))
 *         .sectionsByTag(List.of("Forschung", "Politik"))
 *         .maxPerSection(5)
 *         .maxTotal(25)
 *         .build(articles, 48, clock);
 * outcome.digest().ifPresent(mailer::send);
 * outcome.omissions().forEach(log::info);
 * }</pre>
 *
 * <p>{@link #build} applies its rules in this order, and every article it was given ends up either
 * in the digest or in exactly one {@link Omission}:
 *
 * <ol>
 *   <li><b>Window</b>: articles whose {@linkplain Article#date() date} lies outside the period are
 *       left out, unless {@link #filterByPeriod(boolean)} says the date only orders them. Undated
 *       articles are kept unless {@link #includeUndated(boolean)} says otherwise.
 *   <li><b>Tags</b> (case-insensitive): an article with an excluded tag is left out; when include
 *       tags are set, an article needs at least one of them. Exclusion wins.
 *   <li><b>Duplicates</b>: articles with the same id, the same {@linkplain CanonicalUrls#normalize
 *       canonical URL}, or a near-identical title (same folded title, or the same numbers and
 *       content-word sets with a Jaccard similarity of at least 0.85, see docs/digests.md) count as
 *       one story. The kept one is the earliest published; among equally early ones the more
 *       complete (more of link, authors, summary, content, image, language, source, tags filled),
 *       then the later revision ({@link Article#updated()}), then the longer content, then the one
 *       given first. The kept article is never merged with its duplicates.
 *   <li><b>Sections</b>: one untitled section (the default), or by tag, or by source. Inside a
 *       section, newest first; undated articles last.
 *   <li><b>Limits</b>: first per section, then in total in reading order.
 * </ol>
 *
 * <p>When no article is left, the outcome has no digest: a period with nothing new is "no issue",
 * never an empty issue.
 */
public final class DigestBuilder {
  private static final String DEFAULT_NAME = "Rundbrief";

  private final Settings settings;

  private DigestBuilder(Settings settings) {
    this.settings = settings;
  }

  /**
   * A builder for daily issues in the zone, covering by default the last complete day before the
   * clock's instant.
   *
   * @param locale the language of the issue, of its default title and section names
   */
  public static DigestBuilder daily(ZoneId zone, Locale locale) {
    return calendar(Cadence.DAILY, zone, locale);
  }

  /**
   * A builder for weekly issues in the zone, covering by default the last complete week before the
   * clock's instant. Weeks start on the locale's first day of the week (Monday for {@code de_DE}).
   *
   * @param locale the language of the issue and the week definition; give a country ({@code
   *     Locale.GERMANY}, not {@code Locale.GERMAN}) for a well-defined first day of the week
   */
  public static DigestBuilder weekly(ZoneId zone, Locale locale) {
    return calendar(Cadence.WEEKLY, zone, locale);
  }

  /**
   * A builder for monthly issues in the zone, covering by default the last complete month before
   * the clock's instant.
   *
   * @param locale the language of the issue, of its default title and section names
   */
  public static DigestBuilder monthly(ZoneId zone, Locale locale) {
    return calendar(Cadence.MONTHLY, zone, locale);
  }

  /**
   * A builder for issues of the cadence, covering by default the last complete period before the
   * clock's instant.
   */
  public static DigestBuilder of(Cadence cadence, ZoneId zone, Locale locale) {
    return calendar(cadence, zone, locale);
  }

  /** A builder for an issue that covers exactly the given period. */
  public static DigestBuilder custom(DigestPeriod period, Locale locale) {
    requireNonNull(period, "period");
    return new DigestBuilder(new Settings(new FixedWindow(period), locale));
  }

  /**
   * A builder for an issue with everything since the previous issue: from {@code previousEnd}
   * (inclusive) up to the clock's instant at {@link #build} time (exclusive).
   *
   * @param previousEnd the end of the previous issue's period
   */
  public static DigestBuilder sinceLastIssue(Instant previousEnd, ZoneId zone, Locale locale) {
    requireNonNull(previousEnd, "previousEnd");
    requireNonNull(zone, "zone");
    return new DigestBuilder(new Settings(new SinceWindow(previousEnd, zone), locale));
  }

  private static DigestBuilder calendar(Cadence cadence, ZoneId zone, Locale locale) {
    requireNonNull(cadence, "cadence");
    requireNonNull(zone, "zone");
    return new DigestBuilder(
        new Settings(new CalendarWindow(cadence, zone, false, null, null), locale));
  }

  /**
   * Covers the period that contains the instant instead of the last complete one.
   *
   * @throws IllegalStateException for a custom or "since the last issue" builder
   */
  public DigestBuilder containing(Instant instant) {
    requireNonNull(instant, "instant");
    return with(s -> s.window = calendarWindow("containing").at(true, instant));
  }

  /**
   * Covers the last complete period that ended at or before the instant, instead of the one before
   * the clock's instant.
   *
   * @throws IllegalStateException for a custom or "since the last issue" builder
   */
  public DigestBuilder lastCompleteBefore(Instant instant) {
    requireNonNull(instant, "instant");
    return with(s -> s.window = calendarWindow("lastCompleteBefore").at(false, instant));
  }

  /**
   * Covers exactly this period instead of the one the builder would choose. A daily, weekly or
   * monthly builder keeps naming the issue after its cadence ("KW 48/2026" for a period that starts
   * in week 48), so the rest of a week after an issue built early is still that week's issue; any
   * other builder names it by number.
   */
  public DigestBuilder covering(DigestPeriod period) {
    requireNonNull(period, "period");
    return with(
        s ->
            s.window =
                s.window instanceof CalendarWindow calendar
                    ? calendar.fixed(period)
                    : new FixedWindow(period));
  }

  /**
   * Whether an article's date decides if it is in the issue (the default: an article dated outside
   * the period is left out as {@link Omission.Reason#OUTSIDE_WINDOW}), or only orders it. With
   * {@code false} every article given is a candidate whatever its date says (late, back-dated or
   * future-dated ones included) and the period only names the issue: the choice of an application
   * that passes exactly the articles not yet carried by an earlier issue, so that none is ever left
   * behind.
   */
  public DigestBuilder filterByPeriod(boolean filter) {
    return with(s -> s.filterByPeriod = filter);
  }

  /**
   * Keeps only articles that carry at least one of these tags (compared case-insensitively);
   * replaces earlier include tags. An empty collection includes every article.
   */
  public DigestBuilder includeTags(Collection<String> tags) {
    Set<String> keys = tagKeys(tags, "includeTags");
    return with(s -> s.include = keys);
  }

  /**
   * Leaves out articles that carry any of these tags (compared case-insensitively), even when they
   * also carry an included tag; replaces earlier exclude tags.
   */
  public DigestBuilder excludeTags(Collection<String> tags) {
    Set<String> keys = tagKeys(tags, "excludeTags");
    return with(s -> s.exclude = keys);
  }

  /** Whether articles without any date are kept (the default) or left out. */
  public DigestBuilder includeUndated(boolean include) {
    return with(s -> s.includeUndated = include);
  }

  /** Puts all articles in one section with an empty title; this is the default. */
  public DigestBuilder singleSection() {
    return with(
        s -> {
          s.grouping = Grouping.SINGLE;
          s.order = List.of();
        });
  }

  /**
   * Groups articles by tag: an article goes into the section of its first tag (in the article's tag
   * order) that appears in {@code order}, else of its first tag, else into a last section ("Weitere
   * Meldungen" / "More news"). Sections named in {@code order} come first, in that order and with
   * that spelling; the others follow alphabetically by the locale's collator, spelled as in the
   * first article given.
   */
  public DigestBuilder sectionsByTag(List<String> order) {
    List<String> copy = sectionOrder(order);
    return with(
        s -> {
          s.grouping = Grouping.TAG;
          s.order = copy;
        });
  }

  /**
   * Groups articles by {@linkplain Article#source() source}, compared case-insensitively; articles
   * without a source go into a last section ("Weitere Meldungen" / "More news"). Sections named in
   * {@code order} come first, in that order and with that spelling; the others follow
   * alphabetically by the locale's collator, spelled as in the first article given.
   */
  public DigestBuilder sectionsBySource(List<String> order) {
    List<String> copy = sectionOrder(order);
    return with(
        s -> {
          s.grouping = Grouping.SOURCE;
          s.order = copy;
        });
  }

  /**
   * Keeps at most {@code max} articles per section, the newest; the rest are reported as {@link
   * Omission.Reason#OVER_SECTION_LIMIT}.
   */
  public DigestBuilder maxPerSection(int max) {
    requirePositive(max, "maxPerSection");
    return with(s -> s.maxPerSection = max);
  }

  /**
   * Keeps at most {@code max} articles in the issue, the first ones in reading order (sections in
   * their order, newest first inside each); the rest are reported as {@link
   * Omission.Reason#OVER_TOTAL_LIMIT}. A section that loses all its articles disappears.
   */
  public DigestBuilder maxTotal(int max) {
    requirePositive(max, "maxTotal");
    return with(s -> s.maxTotal = max);
  }

  /**
   * Sets the issue's title, replacing the default such as "Rundbrief KW 48/2026".
   *
   * @throws IllegalArgumentException if the title is blank
   * @throws InvalidTextException if the title breaks the {@link SingleLine} rule (a line break or
   *     other control character)
   */
  public DigestBuilder title(String title) {
    String clean = SingleLine.check(requireText(title, "title"), "digest title");
    return with(s -> s.title = clean);
  }

  /**
   * Sets the newsletter's name that default titles begin with ("KI-Woche KW 48/2026"); the default
   * is "Rundbrief".
   *
   * @throws IllegalArgumentException if the name is blank
   * @throws InvalidTextException if the name breaks the {@link SingleLine} rule
   */
  public DigestBuilder name(String name) {
    String clean = SingleLine.check(requireText(name, "name"), "newsletter name");
    return with(s -> s.name = clean);
  }

  /** Sets the editor's introduction; empty by default. */
  public DigestBuilder intro(String intro) {
    String clean = intro == null ? "" : intro.strip();
    return with(s -> s.intro = clean);
  }

  /**
   * The period that {@link #build} covers when the clock shows its current instant.
   *
   * @throws IllegalArgumentException for a "since the last issue" builder whose previous end is not
   *     before the clock's instant
   */
  public DigestPeriod period(Clock clock) {
    requireNonNull(clock, "clock");
    return settings.window.resolve(clock.instant(), settings.locale);
  }

  /**
   * Builds the next issue from the articles, or reports that there is none this period.
   *
   * @param articles the candidates, in any order; each is either in the digest or in exactly one
   *     omission of the outcome
   * @param issueNumber the number of the issue, at least 1
   * @param clock gives the digest's creation instant and the "now" of relative periods
   * @throws IllegalArgumentException if the issue number is below 1, or for a "since the last
   *     issue" builder whose previous end is not before the clock's instant
   */
  public DigestOutcome build(Collection<Article> articles, int issueNumber, Clock clock) {
    requireNonNull(articles, "articles");
    requireNonNull(clock, "clock");
    if (issueNumber < 1) {
      throw new IllegalArgumentException("issue number must be at least 1, was " + issueNumber);
    }
    Instant now = clock.instant();
    DigestPeriod period = settings.window.resolve(now, settings.locale);
    List<Candidate> candidates = new ArrayList<>(articles.size());
    int index = 0;
    for (Article article : articles) {
      candidates.add(new Candidate(requireNonNull(article, "articles[" + index + "]"), index));
      index++;
    }
    Run run = new Run(settings, period);
    List<Candidate> kept = run.dedupe(run.filterTags(run.filterWindow(candidates)));
    List<Section> sections = run.limit(run.group(kept));
    List<Omission> omissions = run.omissions();
    if (sections.isEmpty()) {
      return DigestOutcome.noIssue(period, omissions);
    }
    String title = settings.title != null ? settings.title : defaultTitle(period, issueNumber);
    Digest digest =
        new Digest(issueNumber, title, period, settings.intro, settings.locale, sections, now);
    return DigestOutcome.issue(digest, omissions);
  }

  @Override
  public String toString() {
    return "DigestBuilder[" + settings.window + ", " + settings.locale + "]";
  }

  private String defaultTitle(DigestPeriod period, int number) {
    Locale locale = settings.locale;
    boolean german = locale.getLanguage().equals("de");
    LocalDate first = period.zonedStart().toLocalDate();
    String name = settings.name;
    Cadence cadence =
        settings.window instanceof CalendarWindow calendar ? calendar.cadence() : null;
    if (cadence == Cadence.WEEKLY) {
      WeekFields weeks = WeekFields.of(locale);
      int week = first.get(weeks.weekOfWeekBasedYear());
      int year = first.get(weeks.weekBasedYear());
      return german ? name + " KW " + week + "/" + year : name + " week " + week + ", " + year;
    }
    if (cadence == Cadence.DAILY) {
      return name
          + " "
          + DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(first);
    }
    if (cadence == Cadence.MONTHLY) {
      return name + " " + DateTimeFormatter.ofPattern("LLLL uuuu", locale).format(first);
    }
    return german ? name + " Nr. " + number : name + " no. " + number;
  }

  private CalendarWindow calendarWindow(String method) {
    if (settings.window instanceof CalendarWindow calendar) {
      return calendar;
    }
    throw new IllegalStateException(
        method + " needs a daily, weekly or monthly builder, not " + settings.window);
  }

  private DigestBuilder with(java.util.function.Consumer<Settings> change) {
    Settings copy = settings.copy();
    change.accept(copy);
    return new DigestBuilder(copy);
  }

  private static Set<String> tagKeys(Collection<String> tags, String name) {
    requireNonNull(tags, name);
    Set<String> keys = new LinkedHashSet<>();
    for (String tag : tags) {
      requireNonNull(tag, name + " element");
      if (!tag.isBlank()) {
        keys.add(key(tag));
      }
    }
    return Set.copyOf(keys);
  }

  private static List<String> sectionOrder(List<String> order) {
    requireNonNull(order, "order");
    List<String> copy = new ArrayList<>();
    for (String title : order) {
      copy.add(requireText(title, "section title"));
    }
    return List.copyOf(copy);
  }

  private static String key(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  private static String requireText(String value, String name) {
    requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value.strip();
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }

  /** Where the issue's articles come from in time. */
  private sealed interface Window permits CalendarWindow, FixedWindow, SinceWindow {
    DigestPeriod resolve(Instant now, Locale locale);
  }

  /** A day, week or month: containing {@code at}, or the last complete one before it. */
  private record CalendarWindow(
      Cadence cadence, ZoneId zone, boolean containing, Instant at, DigestPeriod fixed)
      implements Window {
    CalendarWindow at(boolean newContaining, Instant newAt) {
      return new CalendarWindow(cadence, zone, newContaining, newAt, null);
    }

    CalendarWindow fixed(DigestPeriod period) {
      return new CalendarWindow(cadence, zone, containing, at, period);
    }

    @Override
    public DigestPeriod resolve(Instant now, Locale locale) {
      if (fixed != null) {
        return fixed;
      }
      Instant anchor = at == null ? now : at;
      return containing
          ? cadence.containing(anchor, zone, locale)
          : cadence.lastCompleteBefore(anchor, zone, locale);
    }
  }

  private record FixedWindow(DigestPeriod period) implements Window {
    @Override
    public DigestPeriod resolve(Instant now, Locale locale) {
      return period;
    }
  }

  private record SinceWindow(Instant previousEnd, ZoneId zone) implements Window {
    @Override
    public DigestPeriod resolve(Instant now, Locale locale) {
      if (!previousEnd.isBefore(now)) {
        throw new IllegalArgumentException(
            "the previous issue ended at "
                + previousEnd
                + ", which is not before now ("
                + now
                + "); check the stored end or the clock");
      }
      return new DigestPeriod(previousEnd, now, zone);
    }
  }

  private enum Grouping {
    SINGLE,
    TAG,
    SOURCE
  }

  /**
   * The configuration. Mutated only on a fresh copy before it is handed to a new builder; the final
   * field in {@link DigestBuilder} publishes it safely.
   */
  private static final class Settings {
    Window window;
    final Locale locale;
    Set<String> include = Set.of();
    Set<String> exclude = Set.of();
    boolean includeUndated = true;
    boolean filterByPeriod = true;
    Grouping grouping = Grouping.SINGLE;
    List<String> order = List.of();
    int maxPerSection = Integer.MAX_VALUE;
    int maxTotal = Integer.MAX_VALUE;
    String title;
    String name = DEFAULT_NAME;
    String intro = "";

    Settings(Window window, Locale locale) {
      this.window = window;
      this.locale = requireNonNull(locale, "locale");
    }

    Settings copy() {
      Settings c = new Settings(window, locale);
      c.include = include;
      c.exclude = exclude;
      c.includeUndated = includeUndated;
      c.filterByPeriod = filterByPeriod;
      c.grouping = grouping;
      c.order = order;
      c.maxPerSection = maxPerSection;
      c.maxTotal = maxTotal;
      c.title = title;
      c.name = name;
      c.intro = intro;
      return c;
    }
  }

  /** An input article and its position in the input, which breaks every tie. */
  private record Candidate(Article article, int index) {
    Instant date() {
      return article.date().orElse(null);
    }
  }

  /** One call of {@link #build}: applies the rules and collects the omissions. */
  private static final class Run {
    /** Earliest first, then most complete, then latest revision, then longest, then first given. */
    private static final Comparator<Candidate> PREFERENCE =
        comparing(Candidate::date, nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(c -> completeness(c.article()), reverseOrder())
            .thenComparing(
                c -> c.article().updated().orElse(null),
                nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(c -> c.article().contentHtml().length(), reverseOrder())
            .thenComparingInt(Candidate::index);

    private static final int UNLISTED = Integer.MAX_VALUE - 1;
    private static final int CATCH_ALL = Integer.MAX_VALUE;

    private final Settings settings;
    private final DigestPeriod period;
    private final Collator collator;
    private final List<Map.Entry<Integer, Omission>> omitted = new ArrayList<>();

    Run(Settings settings, DigestPeriod period) {
      this.settings = settings;
      this.period = period;
      this.collator = Collator.getInstance(settings.locale);
    }

    List<Omission> omissions() {
      omitted.sort(
          Comparator.<Map.Entry<Integer, Omission>, Omission.Reason>comparing(
                  e -> e.getValue().reason())
              .thenComparing(Map.Entry::getKey));
      return omitted.stream().map(Map.Entry::getValue).toList();
    }

    private void omit(Candidate candidate, Omission omission) {
      omitted.add(Map.entry(candidate.index(), omission));
    }

    List<Candidate> filterWindow(List<Candidate> candidates) {
      List<Candidate> kept = new ArrayList<>();
      for (Candidate c : candidates) {
        Instant date = c.date();
        if (date == null && !settings.includeUndated) {
          omit(c, Omission.of(c.article(), Omission.Reason.UNDATED, ""));
        } else if (date != null && settings.filterByPeriod && !period.contains(date)) {
          String detail = "dated " + date + ", period " + period.start() + " to " + period.end();
          omit(c, Omission.of(c.article(), Omission.Reason.OUTSIDE_WINDOW, detail));
        } else {
          kept.add(c);
        }
      }
      return kept;
    }

    List<Candidate> filterTags(List<Candidate> candidates) {
      List<Candidate> kept = new ArrayList<>();
      for (Candidate c : candidates) {
        String excluded = null;
        boolean included = settings.include.isEmpty();
        for (String tag : c.article().tags()) {
          String key = key(tag);
          if (excluded == null && settings.exclude.contains(key)) {
            excluded = tag;
          }
          included |= settings.include.contains(key);
        }
        if (excluded != null) {
          omit(c, Omission.of(c.article(), Omission.Reason.EXCLUDED_TAG, excluded));
        } else if (!included) {
          omit(c, Omission.of(c.article(), Omission.Reason.NOT_INCLUDED_TAG, ""));
        } else {
          kept.add(c);
        }
      }
      return kept;
    }

    /** Keeps the preferred article of each story; returns the kept ones in input order. */
    List<Candidate> dedupe(List<Candidate> candidates) {
      List<Candidate> byPreference = new ArrayList<>(candidates);
      byPreference.sort(PREFERENCE);
      Map<ArticleId, Article> ids = new HashMap<>();
      Map<URI, Article> urls = new HashMap<>();
      Map<String, Article> foldedTitles = new HashMap<>();
      Map<String, List<Integer>> titlesByWord = new HashMap<>();
      List<NearDuplicateTitles.Key> keptTitles = new ArrayList<>();
      List<Article> keptArticles = new ArrayList<>();
      List<Candidate> kept = new ArrayList<>();
      for (Candidate c : byPreference) {
        Article article = c.article();
        Article first = ids.get(article.id());
        if (first != null) {
          omit(c, Omission.duplicate(article, Omission.Reason.DUPLICATE_ID, first));
          continue;
        }
        URI url = article.link().map(DigestBuilder.Run::canonical).orElse(null);
        first = url == null ? null : urls.get(url);
        if (first != null) {
          omit(c, Omission.duplicate(article, Omission.Reason.DUPLICATE_URL, first));
          continue;
        }
        NearDuplicateTitles.Key title = NearDuplicateTitles.key(article.title());
        first = foldedTitles.get(title.folded());
        if (first == null) {
          first = similarTitle(title, titlesByWord, keptTitles, keptArticles);
        }
        if (first != null) {
          omit(c, Omission.duplicate(article, Omission.Reason.DUPLICATE_TITLE, first));
          continue;
        }
        ids.put(article.id(), article);
        if (url != null) {
          urls.put(url, article);
        }
        foldedTitles.put(title.folded(), article);
        int position = keptTitles.size();
        keptTitles.add(title);
        keptArticles.add(article);
        for (String indexKey : title.indexKeys()) {
          titlesByWord.computeIfAbsent(indexKey, k -> new ArrayList<>()).add(position);
        }
        kept.add(c);
      }
      kept.sort(comparing(Candidate::index));
      return kept;
    }

    /** The earliest kept article whose title is near-identical, or null. */
    private static Article similarTitle(
        NearDuplicateTitles.Key title,
        Map<String, List<Integer>> titlesByWord,
        List<NearDuplicateTitles.Key> keptTitles,
        List<Article> keptArticles) {
      // Only titles sharing an index key can reach the threshold; see Key.indexKeys.
      int best = Integer.MAX_VALUE;
      Set<Integer> compared = new HashSet<>();
      for (String indexKey : title.indexKeys()) {
        for (int position : titlesByWord.getOrDefault(indexKey, List.of())) {
          if (position < best
              && compared.add(position)
              && NearDuplicateTitles.similar(title, keptTitles.get(position))) {
            best = position;
          }
        }
      }
      return best == Integer.MAX_VALUE ? null : keptArticles.get(best);
    }

    private static URI canonical(URI link) {
      try {
        return CanonicalUrls.normalize(link);
      } catch (IllegalArgumentException e) {
        // An odd link must not stop the issue; it only cannot take part in the URL check.
        return link;
      }
    }

    private static int completeness(Article a) {
      int score = 0;
      score += a.link().isPresent() ? 1 : 0;
      score += a.authors().isEmpty() ? 0 : 1;
      score += a.summary().isEmpty() ? 0 : 1;
      score += a.contentHtml().isEmpty() ? 0 : 1;
      score += a.leadImage().isPresent() ? 1 : 0;
      score += a.language().isPresent() ? 1 : 0;
      score += a.source().isEmpty() ? 0 : 1;
      score += a.tags().isEmpty() ? 0 : 1;
      return score;
    }

    /** Groups the articles into sections in display order, each sorted newest first. */
    List<SectionDraft> group(List<Candidate> candidates) {
      // Configured sections rank by position, then unlisted ones, then the catch-all section.
      Map<String, Integer> configured = new HashMap<>();
      for (int i = 0; i < settings.order.size(); i++) {
        configured.putIfAbsent(key(settings.order.get(i)), i);
      }
      String otherTitle =
          settings.locale.getLanguage().equals("de") ? "Weitere Meldungen" : "More news";
      Map<String, SectionDraft> drafts = new LinkedHashMap<>();
      for (Candidate c : candidates) {
        String tagOrSource = sectionTitle(c.article(), configured);
        boolean catchAll = tagOrSource == null;
        String title = catchAll ? otherTitle : tagOrSource;
        Integer configuredRank = configured.get(key(title));
        String shown = configuredRank == null ? title : settings.order.get(configuredRank);
        int rank = configuredRank != null ? configuredRank : catchAll ? CATCH_ALL : UNLISTED;
        // An unlisted catch-all section must not merge with a tag that happens to share its name.
        String draftKey = (configuredRank == null && catchAll ? "\0" : "") + key(title);
        drafts.computeIfAbsent(draftKey, k -> new SectionDraft(shown, rank)).candidates().add(c);
      }
      Comparator<Candidate> newestFirst =
          comparing(Candidate::date, nullsLast(Comparator.<Instant>reverseOrder()))
              .thenComparing(c -> c.article().title(), collator::compare)
              .thenComparing(c -> c.article().id(), naturalOrder());
      List<SectionDraft> sections = new ArrayList<>(drafts.values());
      sections.forEach(s -> s.candidates().sort(newestFirst));
      sections.sort(
          comparing(SectionDraft::rank).thenComparing(SectionDraft::title, collator::compare));
      return sections;
    }

    /** The section an article belongs to, or null for the catch-all section. */
    private String sectionTitle(Article article, Map<String, Integer> configured) {
      return switch (settings.grouping) {
        case SINGLE -> "";
        case SOURCE -> article.source().isEmpty() ? null : article.source();
        case TAG -> tagSection(article, configured);
      };
    }

    private static String tagSection(Article article, Map<String, Integer> configured) {
      for (String tag : article.tags()) {
        if (configured.containsKey(key(tag))) {
          return tag;
        }
      }
      return article.tags().isEmpty() ? null : article.tags().get(0);
    }

    /** Applies the per-section and total limits and builds the final sections. */
    List<Section> limit(List<SectionDraft> drafts) {
      List<Section> sections = new ArrayList<>();
      int total = 0;
      for (SectionDraft draft : drafts) {
        List<Article> shown = new ArrayList<>();
        String detail = draft.title().isEmpty() ? "" : "section " + draft.title();
        for (Candidate c : draft.candidates()) {
          if (shown.size() >= settings.maxPerSection) {
            omit(c, Omission.of(c.article(), Omission.Reason.OVER_SECTION_LIMIT, detail));
          } else if (total >= settings.maxTotal) {
            omit(c, Omission.of(c.article(), Omission.Reason.OVER_TOTAL_LIMIT, detail));
          } else {
            shown.add(c.article());
            total++;
          }
        }
        if (!shown.isEmpty()) {
          sections.add(new Section(draft.title(), shown));
        }
      }
      return sections;
    }
  }

  /** A section while it is being filled. */
  private record SectionDraft(String title, int rank, List<Candidate> candidates) {
    SectionDraft(String title, int rank) {
      this(title, rank, new ArrayList<>());
    }
  }
}
