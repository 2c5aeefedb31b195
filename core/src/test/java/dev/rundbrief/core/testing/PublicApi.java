package dev.rundbrief.core.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules every library module's architecture test checks: its public signatures speak only the
 * project's and the JDK's types, and its packages have no cycle.
 *
 * <p>A type of a library the module uses inside (Rome, Jakarta Mail, Mustache, jsoup, JDBC, Jdbi,
 * Flyway, Jetty, Jackson, SnakeYAML, commonmark) in a public signature would make that library part
 * of the module's contract: an embedder would have to depend on it, and the module could never
 * replace it. The JDK's own types are allowed, except JDBC's ({@code java.sql}).
 */
public final class PublicApi {
  /** The packages whose types must not appear in a public signature. */
  public static final List<String> FOREIGN_PACKAGES =
      List.of(
          "com.rometools",
          "org.jdom2",
          "jakarta.mail",
          "jakarta.activation",
          "org.eclipse.angus",
          "com.github.mustachejava",
          "org.jsoup",
          "java.sql",
          "javax.sql",
          "org.jdbi",
          "org.flywaydb",
          "org.eclipse.jetty",
          "com.fasterxml.jackson",
          "org.snakeyaml",
          "org.commonmark",
          "org.apache.commons.csv",
          "org.sqlite",
          "org.postgresql");

  private PublicApi() {}

  /** The module's main classes (no tests) below {@code rootPackage}. */
  public static JavaClasses importMainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(rootPackage);
  }

  /**
   * Checks that no public method, constructor or field of a public class below {@code rootPackage}
   * names a type of {@link #FOREIGN_PACKAGES} (in a parameter, a return type, a type argument, a
   * throws clause or a field's type).
   */
  public static void checkSignatures(String rootPackage) {
    checkSignatures(importMainClasses(rootPackage));
  }

  /** {@link #checkSignatures(String)} on the given classes. */
  public static void checkSignatures(JavaClasses classes) {
    codeUnits()
        .that(arePartOfTheApi())
        .should(nameNoForeignType())
        .allowEmptyShould(true)
        .check(classes);
    fields()
        .that(arePartOfTheApi())
        .should(haveNoForeignType())
        .allowEmptyShould(true)
        .check(classes);
  }

  /** Checks that no two packages below {@code rootPackage} (it included) depend on each other. */
  public static void checkNoPackageCycles(String rootPackage) {
    slices()
        .matching(rootPackage.substring(0, rootPackage.lastIndexOf('.')) + ".(**)")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .check(importMainClasses(rootPackage));
  }

  /** Whether a qualified class name lies in one of {@link #FOREIGN_PACKAGES}. */
  public static boolean isForeign(String className) {
    return FOREIGN_PACKAGES.stream().anyMatch(p -> className.startsWith(p + "."));
  }

  private static <M extends JavaMember> DescribedPredicate<M> arePartOfTheApi() {
    return DescribedPredicate.describe(
        "are public or protected members of public classes",
        m ->
            isVisible(m.getModifiers())
                && isExported(m.getOwner())
                && !m.getOwner().isAnonymousClass()
                && !m.getOwner().isLocalClass());
  }

  private static boolean isVisible(Set<JavaModifier> modifiers) {
    return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
  }

  private static boolean isExported(JavaClass c) {
    return isVisible(c.getModifiers())
        && c.getEnclosingClass().map(PublicApi::isExported).orElse(true);
  }

  private static ArchCondition<JavaCodeUnit> nameNoForeignType() {
    return new ArchCondition<>("name no type of a library used inside") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        List<JavaType> types = new ArrayList<>();
        types.addAll(unit.getParameterTypes());
        types.add(unit.getReturnType());
        unit.getThrowsClause().getTypes().forEach(types::add);
        report(unit.getFullName(), types, events, unit);
      }
    };
  }

  private static ArchCondition<JavaField> haveNoForeignType() {
    return new ArchCondition<>("have no type of a library used inside") {
      @Override
      public void check(JavaField field, ConditionEvents events) {
        report(field.getFullName(), List.of(field.getType()), events, field);
      }
    };
  }

  private static void report(
      String where, List<? extends JavaType> types, ConditionEvents events, Object item) {
    Set<String> foreign = new TreeSet<>();
    for (JavaType type : types) {
      for (JavaClass raw : type.getAllInvolvedRawTypes()) {
        if (isForeign(raw.getName())) {
          foreign.add(raw.getName());
        }
      }
    }
    if (!foreign.isEmpty()) {
      events.add(SimpleConditionEvent.violated(item, where + " names " + foreign));
    }
  }
}
