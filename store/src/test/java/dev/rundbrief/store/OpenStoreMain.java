package dev.rundbrief.store;

import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second (third, ...) process opening the same SQLite file: waits until the go file exists, so
 * that every process opens at the same moment, then opens the store (migrating it if needed) and
 * subscribes one address. Exit 0 when that worked.
 */
public final class OpenStoreMain {
  private OpenStoreMain() {}

  /** Arguments: the database file, the go file, the address to subscribe. */
  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Path go = Path.of(args[1]);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    try (SubscriberStore store = SubscriberStore.open(db, Clock.systemUTC());
        ArticleStore articles = ArticleStore.open(StoreLocation.sqlite(db))) {
      store.subscribe(
          EmailAddress.parse(args[2]), "", Consent.of(Clock.systemUTC().instant(), "test", "v1"));
      articles.saveSourceState(
          "https://example.org/" + args[2], "\"e\"", "", Clock.systemUTC().instant());
    }
  }
}
