/**
 * Bounces and complaints: what a message that came back to the bounce address means.
 *
 * <p>{@link dev.rundbrief.mail.bounce.BounceClassifier} decides (hard, soft, complaint, auto-reply,
 * unknown, with a reason); {@link dev.rundbrief.mail.bounce.VerpAddresses} makes and verifies the
 * signed per-recipient envelope senders; {@link dev.rundbrief.mail.bounce.BounceFiles} and {@link
 * dev.rundbrief.mail.bounce.BounceMailbox} read messages from files and from an IMAP or POP3
 * mailbox. Acting on decisions and recording them is the store module's {@code BounceLog}. Jakarta
 * Mail types never appear in a public signature.
 */
package dev.rundbrief.mail.bounce;
