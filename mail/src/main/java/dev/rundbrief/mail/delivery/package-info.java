/**
 * Sending an issue: {@link dev.rundbrief.mail.delivery.DeliveryEngine} sends composed messages over
 * a pool of reused SMTP connections ({@link dev.rundbrief.mail.delivery.SmtpSettings}) or into an
 * outbox folder, with a rate limit and retries with backoff ({@link
 * dev.rundbrief.mail.delivery.RetryPolicy}), recording every outcome through the small {@link
 * dev.rundbrief.mail.delivery.Journal} interface so that an interrupted send resumes without
 * duplicates. The store module's {@code DeliveryJournal} implements it on the workspace's database.
 *
 * <p>Jakarta Mail and Angus Mail are used inside this package; neither appears in its public API.
 */
package dev.rundbrief.mail.delivery;
