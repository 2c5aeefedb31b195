/**
 * Digest e-mails and their delivery. {@link dev.rundbrief.mail.DigestRenderer} renders a digest
 * once with Mustache templates (HTML and plain text, localized); {@link
 * dev.rundbrief.mail.MessageComposer} turns it into one finished, optionally DKIM-signed message
 * per {@link dev.rundbrief.mail.Recipient}; {@link dev.rundbrief.mail.DeliveryEngine} sends the
 * messages over a pool of SMTP connections or into an outbox folder, recording every recipient in
 * the {@link dev.rundbrief.mail.DeliveryJournal} so that an interrupted send resumes without
 * duplicates; {@link dev.rundbrief.mail.SubscriberStore} keeps the list with double opt-in states
 * and consent records.
 *
 * <p>Jakarta Mail and Mustache are used inside this package; neither appears in its public API.
 */
package dev.rundbrief.mail;
