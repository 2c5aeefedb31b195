package dev.rundbrief.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The library modules work on the module path, as an embedder that uses modules runs them: their
 * {@code module-info} requires what they use, and their packages split with no other module.
 */
class LibraryModulesTest {
  private static final Set<String> LIBRARIES =
      Set.of(
          "dev.rundbrief.core", "dev.rundbrief.feed", "dev.rundbrief.mail", "dev.rundbrief.store");

  @Test
  void eachLibraryIsANamedModuleThatExportsItsPackages() {
    ModuleFinder finder = ModuleFinder.of(moduleCandidates());
    for (String name : LIBRARIES) {
      ModuleDescriptor descriptor = finder.find(name).orElseThrow().descriptor();
      assertThat(descriptor.isAutomatic()).as(name).isFalse();
      assertThat(descriptor.exports()).as(name).isNotEmpty();
    }
  }

  @Test
  void theLibrariesResolveAndLoadInOneLayer() throws Exception {
    ModuleFinder finder = ModuleFinder.of(moduleCandidates());
    Configuration configuration =
        ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), LIBRARIES);
    ModuleLayer layer =
        ModuleLayer.boot()
            .defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());

    Class<?> builder =
        layer.findLoader("dev.rundbrief.core").loadClass("dev.rundbrief.core.DigestBuilder");
    assertThat(builder.getModule().getName()).isEqualTo("dev.rundbrief.core");
    assertThat(builder.getModule().getLayer()).isSameAs(layer);
    // Loading a class that links its libraries: the reader uses Rome and JDOM from their modules.
    Class<?> reader =
        layer.findLoader("dev.rundbrief.feed").loadClass("dev.rundbrief.feed.FeedReader");
    assertThat(reader.getDeclaredConstructors()).isNotEmpty();
  }

  /**
   * Every class-path entry that reads as a module on its own (a jar whose automatic name is valid,
   * or a folder with a {@code module-info.class}); the test classes' folders are left out.
   */
  private static Path[] moduleCandidates() {
    List<Path> found = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      boolean folder = Files.isDirectory(path);
      if (folder && !Files.exists(path.resolve("module-info.class"))) {
        continue;
      }
      if (!folder && (!entry.endsWith(".jar") || entry.endsWith("-tests.jar"))) {
        continue;
      }
      try {
        Set<ModuleReference> modules = ModuleFinder.of(path).findAll();
        if (!modules.isEmpty()) {
          found.add(path);
        }
      } catch (FindException notAModule) {
        // A jar without a valid module name: nothing on the module path would take it either.
      }
    }
    return found.toArray(Path[]::new);
  }
}
