package dev.rundbrief.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How an enumerated setting is spelled in {@code rundbrief.yaml} and on the command line: the
 * constant's name in lower case, with {@code -} for {@code _} ({@code SINCE_LAST} is {@code
 * since-last}).
 */
final class Choices {
  private Choices() {}

  /** The spelling of a constant. */
  static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant spelled {@code value}, if there is one. */
  static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> spelling(e).equals(value))
        .findFirst();
  }

  /** The allowed spellings for a message: {@code "daily, weekly, monthly or since-last"}. */
  static <E extends Enum<E>> String alternatives(Class<E> type) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(Choices::spelling).toList();
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1);
  }
}
