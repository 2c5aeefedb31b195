/**
 * Digest e-mails: {@link dev.rundbrief.mail.DigestRenderer} renders a digest once with Mustache
 * templates (HTML and plain text, localized); {@link dev.rundbrief.mail.MessageComposer} turns it
 * into one finished, optionally DKIM-signed message per {@link dev.rundbrief.mail.Recipient}. The
 * subscriber values ({@link dev.rundbrief.mail.Subscriber}, {@link dev.rundbrief.mail.Consent},
 * {@link dev.rundbrief.mail.EmailAddress}) are shared with the store module, which keeps the list.
 * Sending is in {@code dev.rundbrief.mail.delivery}, bounces in {@code dev.rundbrief.mail.bounce}.
 *
 * <p>Jakarta Mail and Mustache are used inside this package; neither appears in its public API.
 * There is no JDBC in this module.
 */
package dev.rundbrief.mail;
