package dev.rundbrief.store;

import dev.rundbrief.mail.Consent;
import dev.rundbrief.mail.EmailAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second (third, ...) process opening the same store: waits until the go file exists, so that
 * every process opens at the same moment, then opens the store (migrating it if needed) and
 * subscribes one address. The store is a SQLite file, or a JDBC URL whose user and password come
 * from the environment ({@code STORE_USER}, {@code STORE_PASSWORD}). Exit 0 when that worked.
 */
public final class OpenStoreMain {
  private OpenStoreMain() {}

  /** Arguments: the database file or JDBC URL, the go file, the address to subscribe. */
  public static void main(String[] args) throws Exception {
    StoreLocation location =
        args[0].startsWith("jdbc:")
            ? StoreLocation.jdbc(
                args[0], System.getenv("STORE_USER"), System.getenv("STORE_PASSWORD"))
            : StoreLocation.sqlite(Path.of(args[0]));
    Path go = Path.of(args[1]);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    try (SubscriberStore store = SubscriberStore.open(location, Clock.systemUTC());
        ArticleStore articles = ArticleStore.open(location)) {
      store.subscribe(
          EmailAddress.parse(args[2]), "", Consent.of(Clock.systemUTC().instant(), "test", "v1"));
      articles.saveSourceState(
          "https://example.org/" + args[2], "\"e\"", "", Clock.systemUTC().instant());
    }
  }
}
