package dev.rundbrief.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs a reference and its subjects interleaved in one JVM: every round runs each case once, the
 * order rotating from round to round, so that a change in the machine's load hits all of them
 * alike. Prints each round's times, the ratios to the reference, the allocation per run of the
 * benchmark thread, and the load average before and after. The honest comparison on a shared
 * machine, where separate JMH runs of each side see different loads.
 */
final class Interleaved {
  /** One thing to time. */
  record Case(String name, Callable<Object> run) {}

  private Interleaved() {}

  static void run(PrintStream out, String title, int warmups, int rounds, List<Case> cases)
      throws Exception {
    out.printf(Locale.ROOT, "%s: %d warm-up and %d measured rounds%n", title, warmups, rounds);
    out.println("load average before: " + loadAverage());
    Object sink = null;
    for (int w = 0; w < warmups; w++) {
      for (Case c : cases) {
        sink = c.run().call();
      }
    }
    int n = cases.size();
    double[][] millis = new double[n][rounds];
    long[][] allocated = new long[n][rounds];
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        int i = (k + r) % n;
        System.gc();
        long bytes = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        sink = cases.get(i).run().call();
        millis[i][r] = (System.nanoTime() - start) / 1e6;
        allocated[i][r] = threads.getThreadAllocatedBytes(thread) - bytes;
      }
      StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
      for (int i = 0; i < n; i++) {
        line.append(String.format(Locale.ROOT, "  %s %.0f ms", cases.get(i).name(), millis[i][r]));
      }
      out.println(line);
    }
    out.println("load average after: " + loadAverage());
    out.printf(
        Locale.ROOT,
        "%-28s %12s %12s %12s %14s%n",
        "case",
        "median ms",
        "min ms",
        "ratio (med)",
        "MB per run");
    double referenceMedian = median(millis[0]);
    for (int i = 0; i < n; i++) {
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratios[r] = millis[i][r] / millis[0][r];
      }
      out.printf(
          Locale.ROOT,
          "%-28s %12.0f %12.0f %12.2f %14.1f%n",
          cases.get(i).name(),
          median(millis[i]),
          Arrays.stream(millis[i]).min().orElse(0),
          i == 0 ? 1.0 : median(ratios),
          median(toDouble(allocated[i])) / 1e6);
    }
    out.printf(Locale.ROOT, "(reference median %.0f ms; sink %s)%n", referenceMedian, sink != null);
  }

  private static double[] toDouble(long[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  static String loadAverage() {
    try {
      String[] parts =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return String.join(" ", new ArrayList<>(List.of(parts)).subList(0, 3));
    } catch (IOException | RuntimeException e) {
      return "unknown ("
          + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
          + ")";
    }
  }
}
