package dev.rundbrief.feed;

import dev.rundbrief.core.testing.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The module's public API, as {@code module-info.java} exports it: no type of a library used inside
 * in a public signature, and no package cycle.
 */
class ModuleApiTest {
  @Test
  void publicSignaturesNameOnlyTheProjectsAndTheJdksTypes() {
    PublicApi.checkSignatures("dev.rundbrief.feed");
  }

  @Test
  void packagesHaveNoCycle() {
    PublicApi.checkNoPackageCycles("dev.rundbrief.feed");
  }
}
