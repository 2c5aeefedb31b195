package dev.rundbrief.cli.serve;

import java.util.Locale;

/**
 * The HTML pages of sign-up, confirmation and unsubscribe, in German or English. Every page works
 * without JavaScript and without cookies; forms post to relative URLs, so the pages work under any
 * path prefix of a reverse proxy. Every value from a request is escaped.
 */
final class Pages {
  /** The version of the consent text shown on the sign-up form; stored with every sign-up. */
  static final String CONSENT_VERSION_DE = "web-form-de-1";

  static final String CONSENT_VERSION_EN = "web-form-en-1";

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;"
          + "line-height:1.5;color:#222;background:#fff}"
          + "label{font-weight:600}input[type=email],input[type=text]{width:100%;padding:.5rem;"
          + "font-size:1rem;box-sizing:border-box}"
          + "button{font-size:1rem;padding:.5rem 1.25rem;cursor:pointer}"
          + ".error{color:#a00;font-weight:600}.small{font-size:.85rem;color:#555}"
          + ".hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}"
          + "@media (prefers-color-scheme: dark){body{color:#eee;background:#111}"
          + ".small{color:#aaa}.error{color:#f77}}";

  private final boolean german;
  private final String title;

  Pages(Locale language, String title) {
    this.german = language.getLanguage().equals("de");
    this.title = title;
  }

  String consentVersion() {
    return german ? CONSENT_VERSION_DE : CONSENT_VERSION_EN;
  }

  String consentText() {
    return german
        ? "Ich möchte den Newsletter „"
            + title
            + "“ per E-Mail erhalten. Meine Adresse wird nur dafür gespeichert und nicht"
            + " weitergegeben. Ich kann mich jederzeit mit einem Klick wieder abmelden."
        : "I want to receive the newsletter \""
            + title
            + "\" by e-mail. My address is stored only for this purpose and is not passed on."
            + " I can unsubscribe at any time with one click.";
  }

  /** The sign-up form, with an error and the values entered when it is shown again. */
  String signupForm(String error, String email, String name) {
    StringBuilder b = new StringBuilder(2048);
    b.append("<h1>")
        .append(t("Newsletter abonnieren", "Subscribe to the newsletter"))
        .append("</h1>\n<p>")
        .append(esc(title))
        .append("</p>\n");
    if (!error.isEmpty()) {
      b.append("<p class=\"error\" role=\"alert\">").append(esc(error)).append("</p>\n");
    }
    b.append("<form method=\"post\" action=\"subscribe\">\n")
        .append("<p><label for=\"email\">")
        .append(t("E-Mail-Adresse", "E-mail address"))
        .append("</label><br>\n<input id=\"email\" name=\"email\" type=\"email\" required")
        .append(" maxlength=\"254\" autocomplete=\"email\" value=\"")
        .append(esc(email))
        .append("\"></p>\n<p><label for=\"name\">")
        .append(t("Name (freiwillig)", "Name (optional)"))
        .append("</label><br>\n<input id=\"name\" name=\"name\" type=\"text\" maxlength=\"100\"")
        .append(" autocomplete=\"name\" value=\"")
        .append(esc(name))
        .append("\"></p>\n<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">")
        .append(t("Dieses Feld bitte leer lassen", "Leave this field empty"))
        .append("</label><input id=\"website\" name=\"website\" type=\"text\" tabindex=\"-1\"")
        .append(" autocomplete=\"off\"></div>\n")
        .append("<p><input id=\"consent\" name=\"consent\" type=\"checkbox\" value=\"yes\"")
        .append(" required> <label for=\"consent\">")
        .append(esc(consentText()))
        .append("</label></p>\n<p class=\"small\">")
        .append(
            t(
                "Sie erhalten zuerst eine E-Mail mit einem Bestätigungslink. Erst nach der"
                    + " Bestätigung sind Sie angemeldet. Einwilligungstext Version ",
                "You will first receive an e-mail with a confirmation link. You are subscribed"
                    + " only once you confirm. Consent text version "))
        .append(consentVersion())
        .append(".</p>\n<p><button type=\"submit\">")
        .append(t("Anmelden", "Subscribe"))
        .append("</button></p>\n</form>\n<p><a href=\"archive/\">")
        .append(t("Frühere Ausgaben lesen", "Read past issues"))
        .append("</a></p>\n");
    return page(t("Newsletter abonnieren", "Subscribe"), b.toString());
  }

  String signupAccepted() {
    return message(
        t("Fast geschafft", "Almost done"),
        t(
            "Wenn die Adresse gültig ist, erhalten Sie in wenigen Minuten eine E-Mail mit einem"
                + " Bestätigungslink. Erst wenn Sie ihn öffnen und bestätigen, sind Sie angemeldet.",
            "If the address is valid, you will receive an e-mail with a confirmation link in a few"
                + " minutes. You are subscribed only once you open it and confirm."));
  }

  String tooManyRequests() {
    return message(
        t("Zu viele Anfragen", "Too many requests"),
        t(
            "Von Ihrer Verbindung kamen gerade sehr viele Anmeldungen. Bitte versuchen Sie es"
                + " später noch einmal.",
            "Too many sign-ups came from your connection just now. Please try again later."));
  }

  String crossSite() {
    return message(
        t("Anfrage abgelehnt", "Request refused"),
        t(
            "Dieses Formular kann nur auf unserer eigenen Seite abgeschickt werden. Bitte öffnen"
                + " Sie die Anmeldeseite direkt.",
            "This form can only be sent from our own site. Please open the sign-up page"
                + " directly."));
  }

  String busy() {
    return message(
        t("Gerade nicht möglich", "Not possible right now"),
        t(
            "Der Dienst ist gerade ausgelastet. Bitte versuchen Sie es in ein paar Minuten noch"
                + " einmal.",
            "The service is busy. Please try again in a few minutes."));
  }

  String confirmForm(String token) {
    String body =
        "<h1>"
            + t("Anmeldung bestätigen", "Confirm your subscription")
            + "</h1>\n<p>"
            + esc(
                t(
                    "Bitte bestätigen Sie, dass Sie den Newsletter „"
                        + title
                        + "“ erhalten möchten.",
                    "Please confirm that you want to receive the newsletter \"" + title + "\"."))
            + "</p>\n<form method=\"post\" action=\"confirm\">\n<input type=\"hidden\" name=\"t\""
            + " value=\""
            + esc(token)
            + "\">\n<p><button type=\"submit\">"
            + t("Ja, anmelden", "Yes, subscribe me")
            + "</button></p>\n</form>\n";
    return page(t("Anmeldung bestätigen", "Confirm"), body);
  }

  String confirmed() {
    return message(
        t("Anmeldung bestätigt", "Subscription confirmed"),
        t(
            "Danke! Sie erhalten ab der nächsten Ausgabe „" + title + "“ per E-Mail.",
            "Thank you! You will receive \"" + title + "\" by e-mail from the next issue on."));
  }

  String confirmationExpired() {
    return message(
        t("Link abgelaufen", "Link expired"),
        t(
            "Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich noch einmal an.",
            "This confirmation link has expired. Please sign up again."),
        true);
  }

  String invalidLink() {
    return message(
        t("Link ungültig", "Invalid link"),
        t(
            "Dieser Link ist ungültig oder nicht mehr gültig. Es wurde nichts geändert. Bitte"
                + " prüfen Sie, ob Sie den Link vollständig kopiert haben.",
            "This link is invalid or no longer valid. Nothing was changed. Please check that"
                + " you copied the whole link."),
        true);
  }

  String unsubscribeForm(String token) {
    String body =
        "<h1>"
            + t("Newsletter abbestellen", "Unsubscribe")
            + "</h1>\n<p>"
            + esc(
                t(
                    "Möchten Sie den Newsletter „" + title + "“ abbestellen?",
                    "Do you want to unsubscribe from \"" + title + "\"?"))
            + "</p>\n<form method=\"post\" action=\"unsubscribe?t="
            + esc(token)
            + "\">\n<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\n"
            + "<p><button type=\"submit\">"
            + t("Abbestellen", "Unsubscribe")
            + "</button></p>\n</form>\n";
    return page(t("Newsletter abbestellen", "Unsubscribe"), body);
  }

  String unsubscribed() {
    return message(
        t("Abgemeldet", "Unsubscribed"),
        t(
            "Sie sind abgemeldet und erhalten keine Ausgaben mehr. Sie können sich jederzeit"
                + " wieder anmelden.",
            "You are unsubscribed and will receive no more issues. You can subscribe again at"
                + " any time."),
        true);
  }

  String badUnsubscribeRequest() {
    return message(
        t("Nicht abgemeldet", "Not unsubscribed"),
        t(
            "Die Anfrage war unvollständig; es wurde nichts geändert. Bitte nutzen Sie den"
                + " Knopf auf der Abmeldeseite.",
            "The request was incomplete; nothing was changed. Please use the button on the"
                + " unsubscribe page."),
        false);
  }

  String error(int status) {
    String heading =
        switch (status) {
          case 400 -> t("Ungültige Anfrage", "Bad request");
          case 404 -> t("Nicht gefunden", "Not found");
          case 405 -> t("Methode nicht erlaubt", "Method not allowed");
          case 413 -> t("Anfrage zu groß", "Request too large");
          case 414 -> t("Adresse zu lang", "URI too long");
          case 415 -> t("Format nicht unterstützt", "Unsupported format");
          case 503 -> t("Vorübergehend nicht verfügbar", "Temporarily unavailable");
          default -> t("Fehler", "Error");
        };
    return message(
        heading,
        status >= 500
            ? t(
                "Ein Fehler ist aufgetreten. Bitte versuchen Sie es später noch einmal.",
                "Something went wrong. Please try again later.")
            : t("Diese Anfrage kann nicht beantwortet werden.", "This request cannot be answered."),
        false);
  }

  private String message(String heading, String text) {
    return message(heading, text, false);
  }

  private String message(String heading, String text, boolean signupLink) {
    String body = "<h1>" + esc(heading) + "</h1>\n<p>" + esc(text) + "</p>\n";
    if (signupLink) {
      body +=
          "<p><a href=\"subscribe\">"
              + t("Zur Anmeldung", "Sign up")
              + "</a> · <a href=\"archive/\">"
              + t("Frühere Ausgaben", "Past issues")
              + "</a></p>\n";
    }
    return page(heading, body);
  }

  private String page(String heading, String body) {
    return "<!DOCTYPE html>\n<html lang=\""
        + (german ? "de" : "en")
        + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"color-scheme\" content=\"light dark\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>"
        + esc(heading)
        + " – "
        + esc(title)
        + "</title>\n<style>"
        + STYLE
        + "</style>\n</head>\n<body>\n<main>\n"
        + body
        + "</main>\n</body>\n</html>\n";
  }

  private String t(String de, String en) {
    return german ? de : en;
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
