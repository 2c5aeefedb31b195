package dev.rundbrief.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command's structure: the entry point and the root command sit on top and nothing reaches back
 * into them; no two classes of the command depend on each other in a circle.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rundbrief.cli");
  }

  @Test
  void noClassDependsOnTheEntryPoint() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(Main.class.getName())
        .check(classes);
  }

  @Test
  void onlyTheEntryPointKnowsTheRootCommand() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Main.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(RundbriefCommand.class.getName())
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(RundbriefCommand.class.getName())
        .check(classes);
  }

  @Test
  void thePackagesOfTheCommandHaveNoCycle() {
    slices().matching("dev.rundbrief.(cli..)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theClassesOfTheCommandHaveNoCycle() {
    slices().assignedFrom(TOP_LEVEL_CLASSES).should().beFreeOfCycles().check(classes);
  }

  @Test
  void commandsShareThePipelineInsteadOfCallingEachOther() {
    slices().assignedFrom(COMMANDS).should().notDependOnEachOther().check(classes);
  }

  /** Each top-level class with its nested classes is one slice. */
  private static final SliceAssignment TOP_LEVEL_CLASSES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          if (!c.getPackageName().startsWith("dev.rundbrief.cli")) {
            return SliceIdentifier.ignore();
          }
          return SliceIdentifier.of(topLevelName(c));
        }

        @Override
        public String getDescription() {
          return "top-level classes of dev.rundbrief.cli";
        }
      };

  /** Each subcommand with its nested subcommands is one slice; the rest is ignored. */
  private static final SliceAssignment COMMANDS =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String name = topLevelName(c);
          return c.getPackageName().equals("dev.rundbrief.cli")
                  && name.endsWith("Command")
                  && !name.endsWith(".RundbriefCommand")
              ? SliceIdentifier.of(name)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "the subcommands of rundbrief";
        }
      };

  private static String topLevelName(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}
