package dev.rundbrief.mail;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The localized fixed strings of the mail templates, from {@code messages_<lang>.properties}
 * (UTF-8) beside this class. A language without a file, and a key missing from a file, fall back to
 * English.
 */
final class Messages {
  private static final String BUNDLE = "dev.rundbrief.mail.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Locale locale;
  private final ResourceBundle bundle;
  private final ResourceBundle english;

  private Messages(Locale locale, ResourceBundle bundle, ResourceBundle english) {
    this.locale = locale;
    this.bundle = bundle;
    this.english = english;
  }

  static Messages forLocale(Locale locale) {
    ResourceBundle english = ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, NO_FALLBACK);
    ResourceBundle bundle;
    try {
      bundle = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK);
    } catch (MissingResourceException e) {
      bundle = english;
    }
    return new Messages(locale, bundle, english);
  }

  Locale locale() {
    return locale;
  }

  String get(String key) {
    if (bundle.containsKey(key)) {
      return bundle.getString(key);
    }
    return english.getString(key);
  }

  /** The string with {@code {name}} placeholders replaced; no MessageFormat quoting rules. */
  String format(String key, Map<String, String> values) {
    String s = get(key);
    for (Map.Entry<String, String> e : values.entrySet()) {
      s = s.replace("{" + e.getKey() + "}", e.getValue());
    }
    return s;
  }

  DateTimeFormatter dateFormat() {
    return DateTimeFormatter.ofPattern(get("date.pattern"), locale);
  }
}
