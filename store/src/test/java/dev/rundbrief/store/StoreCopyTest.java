package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The value rules and the checksum of {@link StoreCopy}, without a database. */
class StoreCopyTest {
  private static final StoreCopy.Column FLAG =
      new StoreCopy.Column("aktiv", StoreCopy.Kind.BOOLEAN, 0);
  private static final StoreCopy.Column NUMBER =
      new StoreCopy.Column("n", StoreCopy.Kind.INTEGER, 0);
  private static final StoreCopy.Column NAME = new StoreCopy.Column("name", StoreCopy.Kind.TEXT, 5);

  private static StoreCopy.Checksum sum(Object[]... rows) {
    StoreCopy.Checksum c = new StoreCopy.Checksum();
    for (Object[] row : rows) {
      c.add(row);
    }
    return c;
  }

  @Test
  void theChecksumIgnoresRowOrderButNotValuesKindsOrNulls() {
    Object[] a = {1L, "Jäger", null};
    Object[] b = {2L, "Weiß", true};
    assertThat(sum(a, b)).isEqualTo(sum(b, a));
    assertThat(sum(a, b).hex()).isEqualTo(sum(b, a).hex()).hasSize(16);
    assertThat(sum(a, b)).isNotEqualTo(sum(a, new Object[] {2L, "Weiss", true}));
    assertThat(sum(a, b)).isNotEqualTo(sum(a, new Object[] {2L, "Weiß", false}));
    assertThat(sum(a, b)).isNotEqualTo(sum(a, new Object[] {2L, "Weiß", null}));
    assertThat(sum(new Object[] {1L})).isNotEqualTo(sum(new Object[] {"1"}));
    // Text boundaries count: ("ab", "c") is not ("a", "bc").
    assertThat(sum(new Object[] {"ab", "c"})).isNotEqualTo(sum(new Object[] {"a", "bc"}));
    assertThat(sum(a)).isNotEqualTo(sum(a, a));
  }

  @Test
  void sqliteValuesBecomeTheTargetColumnsKindOrAreRefused() throws SQLException {
    assertThat(StoreCopy.fromSource(7, "t", NUMBER, 1)).isEqualTo(7L);
    assertThat(StoreCopy.fromSource(1_700_000_000_000L, "t", NUMBER, 1))
        .isEqualTo(1_700_000_000_000L);
    assertThat(StoreCopy.fromSource(1, "t", FLAG, 1)).isEqualTo(true);
    assertThat(StoreCopy.fromSource(0, "t", FLAG, 1)).isEqualTo(false);
    assertThat(StoreCopy.fromSource(null, "t", FLAG, 1)).isNull();
    assertThat(StoreCopy.fromSource("Öl 🚀", "t", NAME, 1)).isEqualTo("Öl 🚀");
    assertThatThrownBy(() -> StoreCopy.fromSource(2, "t", FLAG, 3))
        .hasMessage("t.aktiv (row 3) holds 2, which is not a flag (0 or 1)");
    assertThatThrownBy(() -> StoreCopy.fromSource(1.5, "t", NUMBER, 4))
        .hasMessage("t.n (row 4) holds '1.5', which is not an integer");
    assertThatThrownBy(() -> StoreCopy.fromSource(12, "t", NAME, 5))
        .hasMessage("t.name (row 5) holds Integer, not text");
    // Five characters (code points) fit, whatever their UTF-16 length; six do not.
    assertThat(StoreCopy.fromSource("🚀🚀🚀🚀🚀", "t", NAME, 6)).isNotNull();
    assertThatThrownBy(() -> StoreCopy.fromSource("Straße", "t", NAME, 7))
        .hasMessage("t.name (row 7) is 6 characters long; the column holds at most 5");
  }
}
