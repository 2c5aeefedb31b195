package dev.rundbrief.cli;

/**
 * Whether this JVM runs the command as its main program (not a test or an embedding program), so
 * that a command may decide how the process ends, as {@code serve} does on SIGTERM.
 */
final class ProcessOwner {
  private static volatile boolean owned;

  private ProcessOwner() {}

  /** Called once by the entry point: the command owns this process. */
  static void claim() {
    owned = true;
  }

  static boolean owned() {
    return owned;
  }
}
