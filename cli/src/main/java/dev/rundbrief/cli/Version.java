package dev.rundbrief.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version from the build, shown by {@code --version} and sent in the User-Agent. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"rundbrief " + version()};
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "dev";
    }
    return p.getProperty("version", "dev");
  }
}
