package dev.rundbrief.core.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The public-signature rule finds a library's type wherever a signature names it. (Public, so that
 * its nested fixtures are part of an API.)
 */
public class PublicApiTest {
  @Test
  void aReturnedLibraryTypeIsFound() {
    assertViolation(ReturnsDocument.class, "org.jsoup.nodes.Document");
  }

  @Test
  void aLibraryTypeAsTypeArgumentOfAParameterIsFound() {
    assertViolation(TakesElements.class, "org.jsoup.nodes.Element");
  }

  @Test
  void aPublicFieldOfALibraryTypeIsFound() {
    assertViolation(HasDocumentField.class, "org.jsoup.nodes.Document");
  }

  @Test
  void aThrownLibraryExceptionIsFound() {
    assertViolation(ThrowsSqlException.class, "java.sql.SQLException");
  }

  @Test
  void libraryTypesInsideAreAllowed() {
    assertThatCode(
            () ->
                PublicApi.checkSignatures(
                    new ClassFileImporter().importClasses(UsesDocumentInside.class)))
        .doesNotThrowAnyException();
  }

  private static void assertViolation(Class<?> leaky, String type) {
    assertThatThrownBy(
            () -> PublicApi.checkSignatures(new ClassFileImporter().importClasses(leaky)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(leaky.getSimpleName())
        .hasMessageContaining(type);
  }

  public static final class ReturnsDocument {
    public Document page() {
      return new Document("");
    }
  }

  public static final class TakesElements {
    public int count(Optional<List<Element>> elements) {
      return elements.map(List::size).orElse(0);
    }
  }

  public static final class HasDocumentField {
    public final Document page = new Document("");
  }

  public static final class ThrowsSqlException {
    public void open() throws java.sql.SQLException {}
  }

  public static final class UsesDocumentInside {
    private final Document page = new Document("");

    public String title() {
      return page.title();
    }

    Document packagePrivate() {
      return page;
    }
  }
}
