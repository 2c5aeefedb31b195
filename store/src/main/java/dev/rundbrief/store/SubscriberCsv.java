package dev.rundbrief.store;

import static java.util.Objects.requireNonNull;

import dev.rundbrief.core.InvalidTextException;
import dev.rundbrief.core.RundbriefException;
import dev.rundbrief.core.SingleLine;
import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import dev.rundbrief.mail.Subscriber;
import dev.rundbrief.mail.SubscriberState;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The subscriber list as CSV: importing a file with its merge rules, and exporting the list so that
 * an import reads it back.
 *
 * <p>It works through the {@link SubscriberStore}'s own operations, inside one transaction of the
 * store: an import either lands as a whole (apart from the lines it rejects and reports) or not at
 * all, whatever fails or kills the process in between.
 */
public final class SubscriberCsv {
  private static final List<String> CSV_HEADER =
      List.of(
          "email",
          "name",
          "state",
          "subscribed_at",
          "source",
          "consent_version",
          "confirmed_at",
          "ip",
          "unsubscribed_at",
          "confirmed_ip");

  private SubscriberCsv() {}

  /**
   * Imports subscribers from CSV (RFC 4180, UTF-8 text, a header line naming the columns).
   *
   * <p>Columns: {@code email} (required), and optionally {@code name}, {@code state}, {@code
   * subscribed_at}, {@code source}, {@code consent_version}, {@code confirmed_at}, {@code ip}
   * (instants in ISO-8601, such as {@code 2025-03-01T08:00:00Z}); unknown columns are ignored, so
   * the output of {@link #exportCsv} reads back. Without a state, a line with {@code confirmed_at}
   * is active and one without is pending. Missing consent fields default to the import time, {@code
   * import:<sourceName>} and {@code unknown}.
   *
   * <p>Lines that cannot be imported are skipped and listed in the report with their number and
   * reason; everything else is imported in one transaction, so an I/O or database error leaves the
   * list exactly as it was. Duplicates (also within the file) are merged. An import never
   * re-subscribes someone who unsubscribed or bounced.
   *
   * @throws RundbriefException if the header has no {@code email} column, or reading or writing
   *     fails (nothing is imported then)
   */
  public static CsvImportReport importCsv(SubscriberStore store, Reader in, String sourceName) {
    requireNonNull(store, "store");
    requireNonNull(in, "in");
    requireNonNull(sourceName, "sourceName");
    String what = "import '" + sourceName + "'";
    try {
      synchronized (store) {
        return importInTransaction(store, in, sourceName, what);
      }
    } catch (UncheckedIOException e) {
      throw new RundbriefException(
          "'" + sourceName + "' could not be read, nothing was imported: " + e.getMessage(), e);
    }
  }

  private static Csv.Row readRow(Csv.RowReader reader) throws Csv.SyntaxError {
    try {
      return reader.next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CsvImportReport importInTransaction(
      SubscriberStore store, Reader in, String sourceName, String what) {
    return store.inTransaction(
        what,
        () -> {
          Csv.RowReader reader = new Csv.RowReader(in);
          List<CsvImportReport.RejectedLine> rejected = new ArrayList<>();
          Map<String, Integer> columns = new HashMap<>();
          Csv.Row header = null;
          while (header == null) {
            try {
              header = readRow(reader);
            } catch (Csv.SyntaxError e) {
              throw new RundbriefException(
                  "'" + sourceName + "' line " + e.line() + ": header: " + e.getMessage());
            }
            if (header == null) {
              return new CsvImportReport(0, 0, 0, List.of());
            }
          }
          for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
              name = name.substring(1);
            }
            columns.putIfAbsent(name, i);
          }
          if (!columns.containsKey("email")) {
            throw new RundbriefException(
                "'"
                    + sourceName
                    + "' line 1: the header has no 'email' column: "
                    + SingleLine.shown(String.join(",", header.fields())));
          }
          int added = 0;
          int merged = 0;
          int kept = 0;
          while (true) {
            Csv.Row row;
            try {
              row = readRow(reader);
            } catch (Csv.SyntaxError e) {
              rejected.add(new CsvImportReport.RejectedLine(e.line(), e.getMessage()));
              continue;
            }
            if (row == null) {
              break;
            }
            if (row.fields().size() == 1 && row.fields().get(0).isBlank()) {
              continue;
            }
            if (row.fields().size() != header.fields().size()) {
              rejected.add(
                  new CsvImportReport.RejectedLine(
                      row.line(),
                      "has "
                          + row.fields().size()
                          + " fields, the header has "
                          + header.fields().size()));
              continue;
            }
            ImportLine line;
            try {
              line = ImportLine.parse(row, columns, sourceName, store.clock().instant());
            } catch (IllegalArgumentException | DateTimeParseException | InvalidTextException e) {
              rejected.add(new CsvImportReport.RejectedLine(row.line(), e.getMessage()));
              continue;
            }
            switch (mergeImported(store, line)) {
              case ADDED -> added++;
              case MERGED -> merged++;
              case KEPT_UNSUBSCRIBED -> kept++;
            }
          }
          return new CsvImportReport(added, merged, kept, rejected);
        });
  }

  private enum ImportOutcome {
    ADDED,
    MERGED,
    KEPT_UNSUBSCRIBED
  }

  private record ImportLine(
      EmailAddress address, String name, SubscriberState state, Consent consent) {
    static ImportLine parse(
        Csv.Row row, Map<String, Integer> columns, String sourceName, Instant now) {
      EmailAddress address = EmailAddress.parse(field(row, columns, "email"));
      String name = SingleLine.check(field(row, columns, "name").strip(), "column 'name'", 200);
      Instant confirmed = instant(field(row, columns, "confirmed_at"), "confirmed_at");
      String stateText = field(row, columns, "state");
      SubscriberState state =
          stateText.isBlank()
              ? (confirmed == null ? SubscriberState.PENDING : SubscriberState.ACTIVE)
              : SubscriberState.parse(stateText);
      Instant subscribed = instant(field(row, columns, "subscribed_at"), "subscribed_at");
      String source = field(row, columns, "source");
      String version = field(row, columns, "consent_version");
      Consent consent =
          new Consent(
              subscribed == null ? now : subscribed,
              source.isBlank() ? "import:" + sourceName : source,
              version.isBlank() ? "unknown" : version,
              field(row, columns, "ip"),
              confirmed == null && state == SubscriberState.ACTIVE ? now : confirmed);
      return new ImportLine(address, name, state, consent);
    }

    private static String field(Csv.Row row, Map<String, Integer> columns, String name) {
      Integer i = columns.get(name);
      return i == null ? "" : Csv.restore(row.fields().get(i));
    }

    private static Instant instant(String text, String column) {
      String s = text.strip();
      if (s.isEmpty()) {
        return null;
      }
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            column
                + " '"
                + SingleLine.shown(s)
                + "' is not an ISO-8601 instant like 2025-03-01T08:00:00Z",
            e);
      }
    }
  }

  private static ImportOutcome mergeImported(SubscriberStore store, ImportLine line)
      throws SQLException {
    Optional<Subscriber> existing = store.findByKey(line.address().key());
    long now = store.clock().millis();
    if (existing.isEmpty()) {
      store.insert(
          line.address(),
          line.name(),
          line.state(),
          line.consent(),
          line.state() == SubscriberState.ACTIVE || line.state() == SubscriberState.PENDING
              ? null
              : line.consent().subscribedAt(),
          now);
      return ImportOutcome.ADDED;
    }
    Subscriber s = existing.get();
    if (s.name().isEmpty() && !line.name().isEmpty()) {
      store.updateName(s.id(), line.name(), now);
    }
    boolean left =
        s.state() == SubscriberState.UNSUBSCRIBED || s.state() == SubscriberState.BOUNCED;
    if (left
        && (line.state() == SubscriberState.ACTIVE || line.state() == SubscriberState.PENDING)) {
      return ImportOutcome.KEPT_UNSUBSCRIBED;
    }
    if (line.state() == SubscriberState.UNSUBSCRIBED && s.state() != SubscriberState.UNSUBSCRIBED) {
      store.setState(s.id(), SubscriberState.UNSUBSCRIBED);
    } else if (line.state() == SubscriberState.ACTIVE && s.state() == SubscriberState.PENDING) {
      store.activate(s.id(), line.consent().confirmedAt(), now);
    }
    return ImportOutcome.MERGED;
  }

  /**
   * Writes every subscriber as CSV (RFC 4180, CRLF, a header line), in id order; {@link #importCsv}
   * reads it back. Tokens are secrets and are not exported.
   *
   * @throws RundbriefException if reading the database or writing fails
   */
  public static void exportCsv(SubscriberStore store, Writer out) {
    requireNonNull(store, "store");
    requireNonNull(out, "out");
    Csv.writeRow(out, CSV_HEADER);
    try {
      synchronized (store) {
        store.forEach(
            s ->
                Csv.writeDefusedRow(
                    out,
                    List.of(
                        s.address().value(),
                        s.name(),
                        s.state().label(),
                        s.consent().subscribedAt().toString(),
                        s.consent().source(),
                        s.consent().consentTextVersion(),
                        s.consent().confirmation().map(Instant::toString).orElse(""),
                        s.consent().ip(),
                        s.unsubscription().map(Instant::toString).orElse(""),
                        s.consent().confirmedIp())));
      }
      out.flush();
    } catch (SQLException e) {
      throw store.failure("export subscribers", e);
    } catch (IOException | UncheckedIOException e) {
      throw new RundbriefException("subscriber export could not be written: " + e.getMessage(), e);
    }
  }
}
