package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConfigTest {
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

  @Test
  void readsAMinimalFileWithDefaults() {
    Config c = Config.parse("rundbrief.yaml", MINIMAL, WS);

    assertThat(c.publication().title()).isEqualTo("KI-Rundbrief");
    assertThat(c.publication().language()).isEqualTo(Locale.GERMAN);
    assertThat(c.publication().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(c.digest().period()).isEqualTo(Config.Period.WEEKLY);
    assertThat(c.digest().sections()).isEqualTo(Config.Sections.BY_TAG);
    assertThat(c.digest().maxTotal()).isEqualTo(25);
    assertThat(c.mail().smtp()).isEmpty();
    assertThat(c.mail().listId()).isEqualTo("rundbrief.ki.example.org");
    assertThat(c.store().sqlite()).isEqualTo(WS.resolve("rundbrief.db"));
  }

  @Test
  void readsFetchAndSourceSettingsAndRefusesABadNetwork() {
    Config none = Config.parse("rundbrief.yaml", MINIMAL, WS);
    assertThat(none.fetch().allowNetworks()).isEmpty();
    String text =
        MINIMAL
            + "sources:\n  - name: a\n    url: https://a.example/feed.xml\n    full_text: true\n"
            + "  - name: b\n    url: https://b.example/feed.xml\n"
            + "fetch:\n  allow_networks: [\"127.0.0.0/8\", \"10.1.0.0/16\"]\n";
    Config c = Config.parse("rundbrief.yaml", text, WS);
    assertThat(c.fetch().allowNetworks()).containsExactly("127.0.0.0/8", "10.1.0.0/16");
    assertThat(c.sources()).extracting(Config.Source::fullText).containsExactly(true, false);

    String bad = MINIMAL + "fetch:\n  allow_networks: [\"intranet\"]\n";
    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", bad, WS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fetch.allow_networks")
        .hasMessageContaining("intranet");
    String badFlag =
        MINIMAL + "sources:\n  - name: a\n    url: https://a.example/\n    full_text: ja\n";
    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", badFlag, WS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("full_text");
  }

  @Test
  void namesTheKeyAndLineOfAnInvalidValue() {
    String text = MINIMAL + "digest:\n  period: fortnightly\n";

    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", text, WS))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "rundbrief.yaml line 12: setting 'digest.period' must be daily, weekly, monthly or"
                + " since-last, is 'fortnightly'");
  }

  @Test
  void parsesEveryEnumeratedSettingOnceIntoItsConstant() {
    String text =
        MINIMAL
            + "  smtp:\n    host: smtp.example.org\n    tls: implicit\n"
            + "digest:\n  period: since-last\n  sections: by-source\n";

    Config c = Config.parse("rundbrief.yaml", text, WS);

    assertThat(c.digest().period()).isEqualTo(Config.Period.SINCE_LAST);
    assertThat(c.digest().period().cadence()).isEmpty();
    assertThat(c.digest().sections()).isEqualTo(Config.Sections.BY_SOURCE);
    assertThat(c.mail().smtp().get().tls()).isEqualTo(Config.Tls.IMPLICIT);
    assertThat(c.mail().smtp().get().tls().security())
        .isEqualTo(dev.rundbrief.mail.delivery.SmtpSettings.Security.IMPLICIT_TLS);
    assertThat(c.mail().smtp().get().port()).isEqualTo(465);
    String optional = MINIMAL + "  smtp:\n    host: smtp.example.org\n    tls: starttls-optional\n";
    Config.Smtp smtp = Config.parse("rundbrief.yaml", optional, WS).mail().smtp().get();
    assertThat(smtp.tls()).isEqualTo(Config.Tls.STARTTLS_OPTIONAL);
    assertThat(smtp.port()).isEqualTo(587);
  }

  @Test
  void namesTheLineAndTheAllowedValuesOfEveryEnumeratedSetting() {
    assertThatThrownBy(
            () -> Config.parse("rundbrief.yaml", MINIMAL + "digest:\n  sections: by-author\n", WS))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "rundbrief.yaml line 12: setting 'digest.sections' must be by-tag, by-source or"
                + " single, is 'by-author'");
    assertThatThrownBy(
            () ->
                Config.parse(
                    "rundbrief.yaml",
                    MINIMAL + "  smtp:\n    host: smtp.example.org\n    tls: ssl\n",
                    WS))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "rundbrief.yaml line 13: setting 'mail.smtp.tls' must be starttls,"
                + " starttls-optional, implicit or none, is 'ssl'");
    // The spelling is exact: the constant's Java name is not a value of the file.
    assertThatThrownBy(
            () -> Config.parse("rundbrief.yaml", MINIMAL + "digest:\n  period: SINCE_LAST\n", WS))
        .hasMessageContaining("'digest.period' must be daily, weekly, monthly or since-last");
  }

  @Test
  void rejectsAMisspelledSettingWithItsLine() {
    String text =
        MINIMAL.replace("  title: \"KI-Rundbrief\"", "  titel: \"KI-Rundbrief\"\n  title: x");

    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", text, WS))
        .hasMessage("rundbrief.yaml line 2: unknown setting 'publication.titel'");
  }

  @Test
  void reportsAMissingRequiredSetting() {
    String text = MINIMAL.replace("    address: \"Hauptstraße 1, 10115 Berlin\"\n", "");

    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", text, WS))
        .hasMessageStartingWith(
            "rundbrief.yaml: setting 'publication.legal_notice.address' is required");
  }

  @Test
  void rejectsANonNumericPortWithItsLine() {
    String text = MINIMAL + "  smtp:\n    host: smtp.example.org\n    port: abc\n";

    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", text, WS))
        .hasMessage(
            "rundbrief.yaml line 13: setting 'mail.smtp.port' expected a whole number, got 'abc'");
  }

  @Test
  void reportsBrokenYamlWithItsLine() {
    String text = MINIMAL + "digest: [unclosed\n";

    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", text, WS))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("rundbrief.yaml line ");
  }

  @Test
  void rejectsARelativeSiteUrl() {
    String text = MINIMAL.replace("site_url: https://ki.example.org/", "site_url: ki.example.org");

    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", text, WS))
        .hasMessage(
            "rundbrief.yaml line 3: setting 'publication.site_url' must be an absolute http(s)"
                + " URL, is 'ki.example.org'");
  }

  @Test
  void theInitTemplateIsAValidConfiguration() {
    Path dir =
        Path.of(System.getProperty("java.io.tmpdir"), "rundbrief-config-" + System.nanoTime());
    Workspace ws =
        Workspace.create(
            dir,
            java.util.Map.of(
                "title", "Ä & \"Ö\"",
                "description", "d",
                "site_url", "https://a.example.org/",
                "public_url", "https://a.example.org/",
                "language", "en",
                "legal_name", "n",
                "legal_address", "a",
                "legal_email", "x@example.org",
                "from", "x@example.org"));

    Config c = ws.config();

    assertThat(c.publication().title()).isEqualTo("Ä & \"Ö\"");
    assertThat(c.publication().language()).isEqualTo(Locale.ENGLISH);
    assertThat(ws.secret()).hasSize(32);
  }

  @Test
  void readsServeSettingsWithDefaults() {
    Config.Serve defaults = Config.parse("rundbrief.yaml", MINIMAL, WS).serve();
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.bind()).isEqualTo("127.0.0.1");
    assertThat(defaults.websubHub()).isEmpty();
    assertThat(defaults.behindProxy()).isFalse();

    String text =
        MINIMAL
            + "serve:\n  port: 9090\n  bind: \"::1\"\n"
            + "  websub_hub: https://hub.example.org/\n  behind_proxy: true\n";
    Config.Serve serve = Config.parse("rundbrief.yaml", text, WS).serve();
    assertThat(serve.port()).isEqualTo(9090);
    assertThat(serve.bind()).isEqualTo("::1");
    assertThat(serve.websubHub()).hasValue(java.net.URI.create("https://hub.example.org/"));
    assertThat(serve.behindProxy()).isTrue();
  }

  @Test
  void rejectsInvalidServeSettings() {
    assertThatThrownBy(
            () -> Config.parse("rundbrief.yaml", MINIMAL + "serve:\n  port: 70000\n", WS))
        .hasMessageContaining("'serve.port' must be between 1 and 65535, is 70000");
    assertThatThrownBy(
            () ->
                Config.parse(
                    "rundbrief.yaml", MINIMAL + "serve:\n  websub_hub: ftp://hub.example/\n", WS))
        .hasMessageContaining("'serve.websub_hub' must be an absolute http(s) URL");
    assertThatThrownBy(
            () -> Config.parse("rundbrief.yaml", MINIMAL + "serve:\n  bind: \"0.0.0.0; rm\"\n", WS))
        .hasMessageContaining("'serve.bind' must be an IP address");
    assertThatThrownBy(
            () -> Config.parse("rundbrief.yaml", MINIMAL + "serve:\n  behind_proxy: yes\n", WS))
        .hasMessageContaining("'serve.behind_proxy' must be true or false");
  }

  @Test
  void limitsEachClientsConnectionsWellBelowTheGlobalLimit() {
    Config.ServeLimits defaults = Config.parse("rundbrief.yaml", MINIMAL, WS).serve().limits();
    assertThat(defaults.maxConnections()).isEqualTo(2000);
    assertThat(defaults.maxConnectionsPerClient()).isEqualTo(50);
    String set = MINIMAL + "serve:\n  limits:\n    max_connections_per_client: 8\n";
    assertThat(Config.parse("rundbrief.yaml", set, WS).serve().limits().maxConnectionsPerClient())
        .isEqualTo(8);
    String small = MINIMAL + "serve:\n  limits:\n    max_connections: 20\n";
    assertThat(Config.parse("rundbrief.yaml", small, WS).serve().limits().maxConnectionsPerClient())
        .isEqualTo(20);
    String above =
        MINIMAL
            + "serve:\n  limits:\n    max_connections: 100\n    max_connections_per_client: 101\n";
    assertThatThrownBy(() -> Config.parse("rundbrief.yaml", above, WS))
        .hasMessageContaining(
            "'serve.limits.max_connections_per_client' must be between 1 and 100, is 101");
  }
}
