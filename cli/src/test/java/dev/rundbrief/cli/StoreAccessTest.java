package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreAccessTest {
  private static final Path WS = Path.of("/srv/rundbrief");

  private static final String MINIMAL =
      """
      publication:
        title: "KI-Rundbrief"
        site_url: https://ki.example.org/
        public_url: https://ki.example.org/
        legal_notice:
          name: "Beispiel Medien GmbH"
          address: "Hauptstraße 1, 10115 Berlin"
          email: impressum@example.org
      mail:
        from: newsletter@example.org
      """;

  private static Config.Store store(String section) {
    return Config.parse("rundbrief.yaml", MINIMAL + "store:\n" + section, WS).store();
  }

  @Test
  void withoutAJdbcUrlTheStoreIsTheWorkspacesSqliteFile() {
    StoreAccess access = StoreAccess.of(store("  sqlite: daten/liste.db\n"), name -> null);

    assertThat(access.location().isSqlite()).isTrue();
    assertThat(access.description()).isEqualTo(WS.resolve("daten/liste.db").toString());
  }

  @Test
  void aPostgresUrlTakesTheUserAndThePasswordFromTheNamedVariable() {
    Config.Store s =
        store(
            "  jdbc_url: jdbc:postgresql://db.internal:5432/rundbrief\n"
                + "  user: redaktion\n"
                + "  password_env: KI_DB_KENNWORT\n");
    StoreAccess access = StoreAccess.of(s, Map.of("KI_DB_KENNWORT", "s3cr3t-Wort")::get);

    assertThat(access.location().isSqlite()).isFalse();
    assertThat(access.description()).isEqualTo("jdbc:postgresql://db.internal:5432/rundbrief");
    assertThat(s.toString()).doesNotContain("s3cr3t-Wort");
  }

  @Test
  void aNamedPasswordVariableThatIsNotSetIsAConfigurationError() {
    Config.Store s =
        store(
            "  jdbc_url: jdbc:postgresql://db.internal/rundbrief\n"
                + "  user: redaktion\n"
                + "  password_env: KI_DB_KENNWORT\n");

    assertThatThrownBy(() -> StoreAccess.of(s, name -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KI_DB_KENNWORT is not set");
  }

  @Test
  void withoutPasswordEnvTheDefaultVariableIsOptional() {
    Config.Store s = store("  jdbc_url: jdbc:postgresql://db.internal/rundbrief\n");

    assertThat(StoreAccess.of(s, name -> null).location().isSqlite()).isFalse();
  }

  @Test
  void otherJdbcUrlsAreRefusedWithTheKeyAndLine() {
    assertThatThrownBy(() -> store("  jdbc_url: jdbc:mysql://db.internal/rundbrief\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rundbrief.yaml line 12:")
        .hasMessageContaining("'store.jdbc_url' must be a PostgreSQL URL")
        .hasMessageContaining("jdbc:mysql://db.internal/rundbrief");
  }

  @Test
  void aPasswordWrittenIntoARefusedUrlIsNotRepeated() {
    assertThatThrownBy(
            () -> store("  jdbc_url: \"jdbc:mariadb://db/rundbrief?user=x&password=geheim\"\n"))
        .hasMessageContaining("password=***")
        .hasMessageNotContaining("geheim");
  }

  @Test
  void sqliteAndJdbcUrlTogetherAreAmbiguous() {
    assertThatThrownBy(
            () -> store("  sqlite: liste.db\n  jdbc_url: jdbc:postgresql://db/rundbrief\n"))
        .hasMessageContaining("either store.sqlite or store.jdbc_url");
  }

  @Test
  void aUserWithoutJdbcUrlIsAMistake() {
    assertThatThrownBy(() -> store("  user: redaktion\n"))
        .hasMessageContaining("'store.user'")
        .hasMessageContaining("only applies to store.jdbc_url");
  }
}
